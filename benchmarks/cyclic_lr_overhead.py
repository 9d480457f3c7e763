"""Fit time with `CyclicLR(log_dir=...)` over the same fit at a constant LR,
and with `CyclicLR(cycle_momentum=True)` over the same fit with SGD's
constant momentum.

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


def timed_fit(x, y, callbacks, momentum=0.0):
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((x.shape[1],)), keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1)]
    )
    model.compile(optimizer=keras.optimizers.SGD(0.003, momentum=momentum), loss="mse")
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
    # name: (SGD momentum, callbacks, the variant it is measured against)
    variants = {
        "constant LR": (0.0, lambda: [], "constant LR"),
        "CyclicLR(log_dir)": (0.0, lambda: [CyclicLR(log_dir=tempfile.mkdtemp())], "constant LR"),
        "per-batch Python": (0.0, lambda: [PythonPerBatchCLR()], "constant LR"),
        "momentum 0.9": (0.9, lambda: [], "momentum 0.9"),
        "CyclicLR(cycle_momentum)": (0.9, lambda: [CyclicLR(cycle_momentum=True)], "momentum 0.9"),
    }
    timed_fit(x, y, [])  # warm-up: first graph build, allocator
    timed_fit(x, y, [], momentum=0.9)
    times = {name: [] for name in variants}
    cpu_times = {name: [] for name in variants}
    for _ in range(args.repeats):
        for name, (momentum, make, _) in variants.items():
            wall, cpu = timed_fit(x, y, make(), momentum)
            times[name].append(wall)
            cpu_times[name].append(cpu)
    print(f"fit: 64-unit MLP, 20k rows, batch 32, 3 epochs; median of {args.repeats}")
    for label, measured in (("wall", times), ("CPU", cpu_times)):
        for name, values in measured.items():
            against = variants[name][2]
            base = statistics.median(measured[against])
            median = statistics.median(values)
            paired = [v / b for v, b in zip(values, measured[against])]
            print(f"  {label:4s} {name:24s} {median:6.2f} s   / {against:12s} {median / base:.3f}"
                  f"   (paired ratios {min(paired):.2f}-{max(paired):.2f})")
    for name in ("CyclicLR(log_dir)", "CyclicLR(cycle_momentum)"):
        against = variants[name][2]
        ratio = statistics.median(times[name]) / statistics.median(times[against])
        cpu_ratio = statistics.median(cpu_times[name]) / statistics.median(cpu_times[against])
        print(f"{name} / {against} = {ratio:.3f} wall, {cpu_ratio:.3f} CPU (target <= 1.05)")


if __name__ == "__main__":
    main()
