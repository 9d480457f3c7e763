"""The team folder of `team_folder.py`: many long runs, written by the real
callbacks, generated once and cached.

Each run is what one `model.fit` of `steps` steps writes with

    callbacks=[CyclicLR(0.001, 0.006, step_size=2000, log_dir=run),
               DeadReluDetector(probe, log_dir=run, check_every=...),
               keras.callbacks.TensorBoard(run, write_graph=False)]

on a Sequential model of `layers` Dense(32, relu) layers: the LR of every
step (Scalars tab and our LR blocks), epoch, cycle and schedule records,
`checks` dead-ReLU checks (per-layer scalars, firing-rate histograms and
records), and Keras's own `train/` run with `epoch_loss` and
`epoch_learning_rate` (Keras's default `update_freq="epoch"`).

The shortcut. 200k real train steps for each of 50 runs would take hours
on two cores, and nothing in the logs depends on the gradients: CyclicLR
writes the schedule's value at the optimizer's step count, the detector
counts dead units of the model's current weights, Keras's TensorBoard
writes the epoch logs it is given. So no train step runs. The real
callback objects get the hooks of a real `fit`, in `fit`'s order, through
a `keras.callbacks.CallbackList` with `fit`'s params (`epochs`, `steps`):
`on_train_begin`, then per epoch `on_epoch_begin`, `on_train_batch_begin`
and `on_train_batch_end` for every batch, `on_epoch_end`, then
`on_train_end`; the compiled model's `optimizer.iterations` is assigned the
epoch's last step before `on_epoch_end`, where a fit would have stepped it
one batch at a time (the callbacks read it only at epoch boundaries: they
count batches in between). What differs from a real fit, in plain sight:
the epoch `loss` is a decaying noisy curve (the files hold the same events,
with other numbers); the batch hooks get no logs (with
`update_freq="epoch"` Keras's TensorBoard writes no batch summary and
CyclicLR keeps batch logs only in its `history`; passing them cost 45 s a
run in `tf.summary.scalar` calls that write nothing); and, so that the
dead-ReLU heatmap moves as in a real run, units die at random times by a
large negative bias assigned before the checks (the detector's counts are
real counts on those weights). `write_graph=False`: Keras writes its graph
from a traced train function, and none is traced here.

Cost here: 14.7 MB and about 12 CPU-seconds per run of 200k steps; 50 runs
took 24 minutes with 2 processes on a shared 2-core machine.

The folder lives under `~/.cache/cyclescope-bench/team_folder-<hash>/`
(the hash covers the parameters and `FORMAT`): `logs/` holds the runs,
each moved in from `tmp/` once complete, so an interrupted generation
resumes; `writer.json` records a digest of the code that wrote them, and
`stale()` says when the callbacks or the writer changed since. `view(n)` is
a log dir of the first `n` runs, hard links to the same files.
"""

import contextlib
import hashlib
import io
import json
import multiprocessing
import os
import shutil
import time

# Bump when the generated content changes, so that old caches are not reused.
FORMAT = 1
CACHE_ROOT = os.path.join(os.path.expanduser("~"), ".cache", "cyclescope-bench")
REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What decides the bytes of a run, besides the parameters and `write_run`
# (whose changes bump FORMAT): a change here makes the cached runs stale
# (reported, not regenerated unasked: a regeneration takes many minutes).
WRITER_SOURCES = (
    "callbacks/cyclic_lr.py", "callbacks/cyclical_learning_rate.py",
    "callbacks/dead_relu_detector.py", "callbacks/relu_probe.py",
    "callbacks/summary_logging.py", "tb_plugin/summary_writer.py", "tb_plugin/metadata.py",
)

BASE_LR, MAX_LR, STEP_SIZE = 0.001, 0.006, 2000
UNITS, FEATURES, PROBE_SAMPLES = 32, 8, 256
STEPS_PER_EPOCH = 500


class TeamFolder:
    """The cached folder for one set of parameters.

    Args:
        runs: number of runs.
        steps: optimizer steps per run.
        checks: dead-ReLU checks per run.
        layers: ReLU layers of the model.
    """

    def __init__(self, runs, steps, checks, layers):
        self.runs, self.steps, self.checks, self.layers = runs, steps, checks, layers
        # An epoch of 500 steps, or fewer when there would be fewer epochs
        # than checks.
        self.steps_per_epoch = min(STEPS_PER_EPOCH, steps // checks)
        if self.steps_per_epoch < 1:
            raise ValueError(f"`steps` must be at least `checks`. Received: steps={steps}, checks={checks}")
        self.epochs = steps // self.steps_per_epoch
        self.check_every = self.epochs // checks
        params = {"format": FORMAT, "steps": steps, "checks": checks, "layers": layers}
        digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:12]
        # The run count is not hashed: a bigger folder extends a smaller one.
        self.root = os.path.join(CACHE_ROOT, f"team_folder-{digest}")
        self.logs = os.path.join(self.root, "logs")

    def writer_digest(self):
        """A digest of the sources in `WRITER_SOURCES`."""
        digest = hashlib.sha256()
        for path in WRITER_SOURCES:
            with open(os.path.join(REPOSITORY, path), "rb") as source:
                digest.update(path.encode() + b"\0" + source.read())
        return digest.hexdigest()[:12]

    def stale(self):
        """None when the cached runs were written by the current sources,
        else why not."""
        try:
            with open(os.path.join(self.root, "writer.json")) as file:
                written = json.load(file)
        except (OSError, ValueError):
            return "no record of the code that wrote them"
        if written.get("digest") != self.writer_digest():
            changed = ", ".join(p for p in WRITER_SOURCES if written.get("sources", {}).get(p)
                                != _file_digest(p)) or "unknown"
            return f"written on {written.get('at')} by other code (changed since: {changed})"
        return None

    def clear(self):
        """Forgets every cached run of these parameters."""
        shutil.rmtree(self.root, ignore_errors=True)

    def run_name(self, index):
        return f"run-{index:04d}"

    def missing(self):
        return [i for i in range(self.runs) if not os.path.isdir(os.path.join(self.logs, self.run_name(i)))]

    def ensure(self, processes=None):
        """Generates the runs not in the cache yet; returns the seconds it took
        (0 when all were there)."""
        todo = self.missing()
        if not todo:
            return 0.0
        if len(todo) < self.runs and self.stale():
            raise RuntimeError(
                f"The cached runs in {self.logs} are stale ({self.stale()}): adding runs "
                "written by other code would mix two formats. Regenerate them all "
                "(`--regenerate`).")
        os.makedirs(self.logs, exist_ok=True)
        shutil.rmtree(os.path.join(self.root, "tmp"), ignore_errors=True)
        with open(os.path.join(self.root, "writer.json"), "w") as file:
            json.dump({"digest": self.writer_digest(), "at": time.strftime("%Y-%m-%d %H:%M"),
                       "sources": {p: _file_digest(p) for p in WRITER_SOURCES}}, file)
        processes = processes or min(len(todo), os.cpu_count() or 1)
        print(f"generating {len(todo)} runs of {self.steps} steps into {self.logs} "
              f"with {processes} processes...", flush=True)
        start = time.perf_counter()
        chunks = [todo[i::processes] for i in range(processes)]
        # Fresh interpreters: each imports Keras once for its share of runs.
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            for done in pool.imap_unordered(_generate_runs, [(self._spec(), c) for c in chunks]):
                print(f"  {done} runs written ({time.perf_counter() - start:.0f} s)", flush=True)
        return time.perf_counter() - start

    def _spec(self):
        return {
            "root": self.root, "logs": self.logs, "steps": self.steps, "layers": self.layers,
            "steps_per_epoch": self.steps_per_epoch, "epochs": self.epochs,
            "check_every": self.check_every,
        }

    def run_bytes(self, index=0):
        """Bytes of event files of one run (ours and Keras's `train/`)."""
        top = os.path.join(self.logs, self.run_name(index))
        return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(top) for f in files)

    def view(self, count):
        """A log dir holding the first `count` runs (hard links)."""
        if len(os.listdir(self.logs)) == count:
            return self.logs
        path = os.path.join(self.root, "views", f"runs-{count}")
        if os.path.isdir(path):
            return path
        partial = path + ".partial"
        shutil.rmtree(partial, ignore_errors=True)
        for index in range(count):
            source = os.path.join(self.logs, self.run_name(index))
            for folder, _, files in os.walk(source):
                target = os.path.join(partial, os.path.relpath(folder, self.logs))
                os.makedirs(target, exist_ok=True)
                for name in files:
                    os.link(os.path.join(folder, name), os.path.join(target, name))
        os.replace(partial, path)
        return path


def _file_digest(path):
    with open(os.path.join(REPOSITORY, path), "rb") as source:
        return hashlib.sha256(source.read()).hexdigest()[:12]


def _generate_runs(args):
    spec, indices = args
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    for index in indices:
        name = f"run-{index:04d}"
        tmp = os.path.join(spec["root"], "tmp", name)
        shutil.rmtree(tmp, ignore_errors=True)
        keras.backend.clear_session()
        # The detector prints every layer over its threshold at every check.
        with contextlib.redirect_stdout(io.StringIO()):
            write_run(tmp, index, spec)
        os.replace(tmp, os.path.join(spec["logs"], name))
    return len(indices)


def write_run(run_dir, seed, spec):
    """Writes one run into `run_dir`: the hooks of a `fit` of `spec["epochs"]`
    epochs of `spec["steps_per_epoch"]` steps (see the module docstring)."""
    import keras
    import numpy as np

    from cyclescope.callbacks import CyclicLR, DeadReluDetector

    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    layers = spec["layers"]
    model = keras.Sequential(
        [keras.Input((FEATURES,))]
        + [keras.layers.Dense(UNITS, activation="relu", name=f"relu_{i:02d}") for i in range(layers)]
        + [keras.layers.Dense(1, name="out")]
    )
    model.compile(optimizer=keras.optimizers.SGD(BASE_LR), loss="mse")
    probe = rng.random((PROBE_SAMPLES, FEATURES), dtype=np.float32)
    epochs, steps_per_epoch = spec["epochs"], spec["steps_per_epoch"]
    callbacks = keras.callbacks.CallbackList(
        [
            CyclicLR(BASE_LR, MAX_LR, STEP_SIZE, log_dir=run_dir),
            DeadReluDetector(probe, log_dir=run_dir, check_every=spec["check_every"]),
            keras.callbacks.TensorBoard(run_dir, write_graph=False),
        ],
        model=model,
        epochs=epochs,
        steps=steps_per_epoch,
        verbose=0,
    )
    # When each unit dies, as a share of the run (beyond 1: it lives).
    death = rng.uniform(0.0, 3.0, size=(layers, UNITS))
    relus = model.layers[:layers]
    initial_biases = [keras.ops.convert_to_numpy(layer.bias) for layer in relus]
    iterations = model.optimizer.iterations
    # `fit` compiles its train function before `on_train_begin`.
    model.make_train_function()
    callbacks.on_train_begin()
    for epoch in range(epochs):
        progress = epoch / epochs
        loss = 0.05 + 2.0 * np.exp(-4 * progress) * (1 + 0.1 * rng.standard_normal())
        callbacks.on_epoch_begin(epoch)
        for batch in range(steps_per_epoch):
            callbacks.on_train_batch_begin(batch)
            callbacks.on_train_batch_end(batch)
        iterations.assign((epoch + 1) * steps_per_epoch)
        if (epoch + 1) % spec["check_every"] == 0:
            for layer, bias, dies in zip(relus, initial_biases, death):
                layer.bias.assign(np.where(dies <= progress, -1e3, bias).astype(np.float32))
        callbacks.on_epoch_end(epoch, {"loss": float(loss)})
    callbacks.on_train_end({"loss": float(loss)})
