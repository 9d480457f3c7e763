"""Fit time with `CyclicLR(log_dir=...)` over the same fit at a constant LR.

A small MLP (one 64-unit Dense layer, 20k rows, batch 32, 3 epochs) is
trained from scratch for each variant, interleaved and repeated; the ratios
of the medians are printed. For contrast, a keras-contrib style callback
that sets the LR and appends history from Python every batch.

    python benchmarks/cyclic_lr_overhead.py [--repeats 9]

Fits of a few seconds vary by several percent from run to run on a shared
machine; the spread of the paired ratios is printed beside the median, and
the process's CPU time (all threads) beside the wall time: it moves less
when other work shares the machine.
"""

import argparse
import os
import statistics
import tempfile
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from cyclescope.callbacks import CyclicalLearningRate, CyclicLR  # noqa: E402


class PythonPerBatchCLR(keras.callbacks.Callback):
    """keras-contrib's approach: set the LR from Python after every batch."""

    def __init__(self):
        super().__init__()
        self.schedule = CyclicalLearningRate(0.001, 0.006, 2000)
        self.history = {}
        self.k = 0

    def on_train_batch_end(self, batch, logs=None):
        self.k += 1
        self.model.optimizer.learning_rate = float(self.schedule.values(self.k))
        self.history.setdefault("lr", []).append(float(self.model.optimizer.learning_rate))
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)


def timed_fit(x, y, callbacks):
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((x.shape[1],)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)]
    )
    model.compile(optimizer=keras.optimizers.SGD(0.003), loss="mse")
    start, cpu_start = time.perf_counter(), time.process_time()
    model.fit(x, y, batch_size=32, epochs=3, verbose=0, callbacks=callbacks)
    return time.perf_counter() - start, time.process_time() - cpu_start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(20000, 32)).astype("float32")
    y = rng.normal(size=(20000, 1)).astype("float32")
    variants = {
        "constant LR": lambda: [],
        "CyclicLR(log_dir)": lambda: [CyclicLR(log_dir=tempfile.mkdtemp())],
        "per-batch Python": lambda: [PythonPerBatchCLR()],
    }
    timed_fit(x, y, [])  # warm-up: first graph build, allocator
    times = {name: [] for name in variants}
    cpu_times = {name: [] for name in variants}
    for _ in range(args.repeats):
        for name, make in variants.items():
            wall, cpu = timed_fit(x, y, make())
            times[name].append(wall)
            cpu_times[name].append(cpu)
    print(f"fit: 64-unit MLP, 20k rows, batch 32, 3 epochs; median of {args.repeats}")
    for label, measured in (("wall", times), ("CPU", cpu_times)):
        base = statistics.median(measured["constant LR"])
        for name, values in measured.items():
            median = statistics.median(values)
            paired = [v / b for v, b in zip(values, measured["constant LR"])]
            print(f"  {label:4s} {name:20s} {median:6.2f} s   ratio {median / base:.3f}"
                  f"   (paired ratios {min(paired):.2f}-{max(paired):.2f})")
    ratio = statistics.median(times["CyclicLR(log_dir)"]) / statistics.median(times["constant LR"])
    cpu_ratio = statistics.median(cpu_times["CyclicLR(log_dir)"]) / statistics.median(cpu_times["constant LR"])
    print(f"CyclicLR(log_dir) / constant LR = {ratio:.3f} wall, {cpu_ratio:.3f} CPU (target <= 1.05)")


if __name__ == "__main__":
    main()
