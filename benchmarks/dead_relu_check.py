"""Cost of one DeadReluDetector check, side by side with what it replaces.

Model: an MLP of six 256-unit ReLU Dense layers; probe: random rows;
batch size 256 everywhere. Two measurements:

1. Time. One check (`detector.check()`, after a warm-up) over
   `model.predict` on the same 20k rows; median of 5 interleaved repeats.
   Target: <= 1.2.
2. Peak memory growth of one check, at 20k and at 80k probe rows; target for
   the ratio 80k / 20k: <= 1.10. Each size runs in a fresh subprocess that
   builds the model and the data, then resets the kernel's peak-RSS mark
   (`echo 5 > /proc/self/clear_refs`, Linux), reads VmRSS, runs a check and
   reads VmHWM: growth = VmHWM - VmRSS. RSS sees TensorFlow's native
   allocations, which tracemalloc would miss, and the reset keeps earlier
   peaks (model building, data) out. The first check is the one that sets
   the peak: it builds and traces the probe and allocates the buffers that
   later checks reuse, so later checks grow RSS by almost nothing (a few
   hundred KiB of allocator noise, shown as the max over 3 checks) and
   their 80k / 20k ratio would measure noise. The target applies to the
   first check; anything that grew with the probe set would show in both.

For contrast, both are also measured for keras-contrib's approach: one
`predict` of a model whose outputs are all the ReLU activations, counted in
NumPy afterwards (its memory grows with the probe set).

Run: `KERAS_BACKEND=tensorflow python benchmarks/dead_relu_check.py`
"""

import os
import re
import statistics
import subprocess
import sys
import time

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np

from cyclescope.callbacks.dead_relu_detector import DeadReluDetector

FEATURES = 256
UNITS = 256
LAYERS = 6
BATCH_SIZE = 256
REPEATS = 5


def build_model():
    keras.utils.set_random_seed(0)
    inputs = keras.Input((FEATURES,))
    x = inputs
    for _ in range(LAYERS):
        x = keras.layers.Dense(UNITS, activation="relu")(x)
    return keras.Model(inputs, keras.layers.Dense(1)(x))


def probe_rows(rows):
    return np.random.default_rng(0).standard_normal((rows, FEATURES), dtype=np.float32)


def ours(model, x):
    detector = DeadReluDetector(x, batch_size=BATCH_SIZE, threshold=1.0)
    detector.set_model(model)
    return detector.check


def keras_contrib_style(model, x):
    relu_outputs = [layer.output for layer in model.layers[1 : LAYERS + 1]]
    activations = keras.Model(model.inputs, relu_outputs)

    def check():
        outputs = activations.predict(x, batch_size=BATCH_SIZE, verbose=0)
        return [int(((out > 0).sum(axis=0) == 0).sum()) for out in outputs]

    return check


METHODS = {"ours": ours, "keras-contrib style": keras_contrib_style}


def time_checks():
    model = build_model()
    x = probe_rows(20_000)
    runs = {name: make(model, x) for name, make in METHODS.items()}
    runs["model.predict"] = lambda: model.predict(x, batch_size=BATCH_SIZE, verbose=0)
    times = {name: [] for name in runs}
    for run in runs.values():
        run()  # warm-up: tracing
    for _ in range(REPEATS):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    predict = statistics.median(times.pop("model.predict"))
    print(f"1. time of one check / model.predict, 20k rows (predict: {predict * 1e3:.0f} ms)")
    for name, samples in times.items():
        print(f"   {name:<20} {statistics.median(samples) / predict:5.2f}")
    print("   (target for ours: <= 1.20)")


def _proc_status_kib(key):
    with open("/proc/self/status") as status:
        return int(re.search(rf"^{key}:\s+(\d+) kB", status.read(), re.MULTILINE).group(1))


def measure_memory_growth(method, rows):
    """Child process: prints the peak RSS growth (KiB) of the first check
    and the largest one of the 3 checks after it."""
    check = METHODS[method](build_model(), probe_rows(int(rows)))
    growth = []
    for _ in range(4):
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")  # resets VmHWM to the current RSS
        before = _proc_status_kib("VmRSS")
        check()
        growth.append(_proc_status_kib("VmHWM") - before)
    print(growth[0], max(growth[1:]))


def memory_growth():
    print("2. peak memory growth of one check, MiB (fresh process per size)")
    header = f"{'first check: 20k':>16} {'80k':>7} {'ratio':>6}   later checks: 20k    80k"
    print(f"   {'':<20} {header}")
    for method in METHODS:
        first, later = {}, {}
        for rows in (20_000, 80_000):
            output = subprocess.run(
                [sys.executable, __file__, "--memory", method, str(rows)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            first[rows], later[rows] = (int(kib) / 1024 for kib in output.split()[-2:])
        print(
            f"   {method:<20} {first[20_000]:16.1f} {first[80_000]:7.1f}"
            f" {first[80_000] / first[20_000]:6.2f}   {later[20_000]:17.1f} {later[80_000]:6.1f}"
        )
    print("   (target for ours: first-check ratio <= 1.10)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory"]:
        measure_memory_growth(*sys.argv[2:4])
    else:
        time_checks()
        memory_growth()
