"""The callbacks under real distribution, each engine in processes of its own.

- `tf.distribute.MirroredStrategy` over two logical CPUs (TensorFlow backend
  only);
- Keras's `keras.distribution.DataParallel` over two JAX host devices
  (`XLA_FLAGS=--xla_force_host_platform_device_count=2`);
- two JAX processes on 127.0.0.1 (`jax.distributed.initialize`, gloo CPU
  collectives, `DataParallel` over both processes' devices).

`tests/distributed_training.py` trains the same fixed runs under every
engine and single-device; each distributed run is checked against
independent expectations (Smith's formula, the cosine schedule, the weights
that a unit gradient gives) and against the single-device run of its
backend. All runs start together, in parallel, when the first test needs
them; every process has a deadline and is killed when a test ends early.

(`tf.distribute.MultiWorkerMirroredStrategy` cannot run a plain `fit` on
Keras 3.15: `_maybe_symbolic_build` calls `strategy.reduce` on the nested
first batch, which the collective strategy refuses with "Attempt to convert
a value (PerReplica:{...}) with an unsupported type". See
keras-team/keras#20585. The multi-process tests use JAX.)
"""

import importlib.util
import json
import math
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import keras
import numpy as np
import pytest

from cyclescope.tb_plugin import metadata
from tests import distributed_training as script
from tests.tensorboard_reader import LogReader
from tests.test_cyclic_lr import smith_lr

SCRIPT = Path(script.__file__)
RUN = "."  # LogReader's name for the log folder itself
DEADLINE_S = 240  # for all the runs together, on a busy 2-core machine

tf_only = pytest.mark.skipif(
    keras.backend.backend() != "tensorflow",
    reason="tf.distribute strategies exist only on the TensorFlow backend",
)

# Each distributed engine, with the single-device engine it is compared with.
SINGLE_OF = {
    "tf-mirrored": "tf-single",
    "jax-data-parallel": "jax-single",
    "jax-multiprocess": "jax-single",
}
GROUP_OF = {"tf-single": "tf", "tf-mirrored": "tf", "jax-single": "jax", "jax-data-parallel": "jax",
            "jax-multiprocess": "multiprocess"}


# Running the script --------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Run:
    """One process of the script, started now, in an empty folder of its own
    (its cwd): its callbacks write under `out`, its result goes to `result`."""

    def __init__(self, folder, engine, env=None, args=()):
        folder.mkdir(parents=True)
        self.name = folder.name
        self.cwd = folder / "cwd"
        self.cwd.mkdir()
        self.out = folder / "out"
        self.result_path = folder / "result.json"
        self.log_path = folder / "output.txt"
        environ = {k: v for k, v in os.environ.items() if k != "XLA_FLAGS"}
        environ.update(TF_CPP_MIN_LOG_LEVEL="2", JAX_PLATFORMS="cpu")
        environ.update(env or {})
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(SCRIPT), engine, str(self.out), str(self.result_path), *args],
                cwd=self.cwd, env=environ, stdout=log, stderr=subprocess.STDOUT,
            )
        self.result = None

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def output_tail(self):
        return self.log_path.read_text(errors="replace")[-3000:]

    def load(self):
        """The result, or a test failure that says why there is none."""
        if self.result is None:
            if not self.result_path.exists():
                pytest.fail(f"{self.name} wrote no result (rc={self.process.returncode}):\n"
                            f"{self.output_tail()}")
            self.result = json.loads(self.result_path.read_text())
            if "error" in self.result:
                pytest.fail(f"{self.name} failed: {self.result['traceback']}")
            assert self.process.returncode == 0, self.output_tail()
        return self.result


def wait_for(runs, deadline, linked):
    """Waits for `runs`, killing those still running at `deadline`; if they
    are `linked` (the processes of one job), also as soon as one fails: the
    others would wait for it until they time out."""
    try:
        while any(run.process.poll() is None for run in runs):
            if time.monotonic() > deadline:
                pytest.fail("timed out: " + ", ".join(r.name for r in runs if r.process.poll() is None)
                            + "\n" + "\n".join(r.output_tail() for r in runs))
            if linked and any(run.process.returncode not in (None, 0) for run in runs):
                break
            time.sleep(0.05)
    finally:
        for run in runs:
            run.kill()
    return [run.load() for run in runs]


def start_group(group, folder):
    if group == "tf":
        return [Run(folder / "tf-single", "tf-single"), Run(folder / "tf-mirrored", "tf-mirrored")]
    if group == "jax":
        two_devices = {"XLA_FLAGS": "--xla_force_host_platform_device_count=2"}
        return [Run(folder / "jax-single", "jax-single"),
                Run(folder / "jax-data-parallel", "jax-data-parallel", env=two_devices)]
    port = str(free_port())
    return [
        Run(folder / f"jax-multiprocess-{i}", "jax-multiprocess",
            args=["--cases", "plain,cyclic,snapshot,dead_relu", "--process-id", str(i),
                  "--num-processes", "2", "--port", port])
        for i in range(2)
    ]


def groups_needed(session):
    """The groups of runs that the selected tests of this module use."""
    module = sys.modules[__name__]
    groups = set()
    for item in session.items:
        if getattr(item, "module", None) is not module:
            continue
        engine = getattr(getattr(item, "callspec", None), "params", {}).get("engine")
        if engine is not None:
            # The distributed run, and the single-device run it is compared with.
            groups |= {GROUP_OF[engine], GROUP_OF[SINGLE_OF[engine]]}
        if "multiprocess" in item.fixturenames:
            groups.add("multiprocess")
    if keras.backend.backend() != "tensorflow":
        groups.discard("tf")
    return groups


@pytest.fixture(scope="module")
def started(request, tmp_path_factory):
    """Every group of runs the selected tests need, all started at once."""
    groups = groups_needed(request.session)
    if groups & {"jax", "multiprocess"} and importlib.util.find_spec("jax") is None:
        pytest.fail("jax is not importable: it is a test dependency (pip install 'jax[cpu]')")
    folder = tmp_path_factory.mktemp("distributed")
    runs = {}
    deadline = time.monotonic() + DEADLINE_S
    try:
        for group in sorted(groups, key=["multiprocess", "tf", "jax"].index):
            runs[group] = start_group(group, folder)
        yield runs, deadline
    finally:
        for group_runs in runs.values():
            for run in group_runs:
                run.kill()


def finished(started, group):
    runs, deadline = started
    if group not in runs:
        pytest.fail(f"the {group!r} runs were not started (deselected?)")
    wait_for(runs[group], deadline, linked=group == "multiprocess")
    return {run.name: run for run in runs[group]}


@pytest.fixture(
    scope="module",
    params=[pytest.param("tf-mirrored", marks=tf_only), "jax-data-parallel", "jax-multiprocess"],
)
def engine(request):
    return request.param


@pytest.fixture(scope="module")
def runs(engine, started):
    """(the distributed run, the single-device run of the same backend);
    for two processes, the first one, the chief."""
    single = finished(started, GROUP_OF[SINGLE_OF[engine]])[SINGLE_OF[engine]]
    if engine == "jax-multiprocess":
        return finished(started, "multiprocess")["jax-multiprocess-0"], single
    return finished(started, GROUP_OF[engine])[engine], single


@pytest.fixture(scope="module")
def multiprocess(started):
    group = finished(started, "multiprocess")
    return group["jax-multiprocess-0"], group["jax-multiprocess-1"]


# Independent expectations --------------------------------------------------


def steps_per_epoch(config):
    return config["samples"] // config["batch_size"]


def cyclic_lr(k):
    """CyclicLR's value at step k, by Smith's formula (triangular2)."""
    c = script.CYCLIC
    assert c["mode"] == "triangular2"
    return smith_lr(k, c["base_lr"], c["max_lr"], c["step_size"], lambda cycle, k: 0.5 ** (cycle - 1))


def cyclic_steps():
    return steps_per_epoch(script.CYCLIC) * script.CYCLIC["epochs"]


def cosine_lr(epoch, nb_epochs, nb_snapshots, init_lr):
    """Huang et al.'s per-epoch schedule, written out."""
    cycle = nb_epochs // nb_snapshots
    return init_lr / 2 * (math.cos(math.pi * (epoch % cycle) / cycle) + 1)


def applied_lrs(weights):
    """The LR of each step: w moves by -lr times a unit gradient."""
    return -np.diff(weights)


def read_weight(path):
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, use_bias=False)])
    model.load_weights(path)
    return float(model.get_weights()[0].reshape(-1)[0])


def event_files(folder):
    return [name for name in os.listdir(folder) if ".tfevents." in name]


def assert_one_event_file(folder):
    """One writer, one file: two writers would each write every step."""
    assert len(event_files(folder)) == 1, sorted(os.listdir(folder))


def assert_written_once(files_trace, written_at, always_rewritten=()):
    """`files_trace`: per epoch, {file: inode} after the callbacks ran.
    Each file of `written_at` ({file: epoch}) appears at its epoch and keeps
    its inode (a rewrite would give a new one); the `always_rewritten` files
    get a new inode every epoch."""
    previous = {}
    for entry in files_trace:
        epoch, files = entry["epoch"], entry["files"]
        expected = {name for name, at in written_at.items() if at <= epoch} | set(always_rewritten)
        assert set(files) == expected, (epoch, files)
        for name in written_at:
            if name in previous:
                assert files[name] == previous[name], f"{name} rewritten at epoch {epoch}"
        for name in always_rewritten:
            assert files[name] != previous.get(name), f"{name} not written at epoch {epoch}"
        previous = files
    assert [entry["epoch"] for entry in files_trace] == list(range(len(files_trace)))


# Every distributed engine, against expectations and single-device -----------


def test_the_runs_are_really_distributed(runs, engine):
    distributed, single = runs[0].load(), runs[1].load()
    if engine == "tf-mirrored":
        assert (distributed["replicas"], distributed["logical_cpus"], single["replicas"]) == (2, 2, 1)
    else:
        assert (distributed["devices"], single["devices"]) == (2, 1)
        assert distributed["distribution"] == "DataParallel"
    if engine == "jax-multiprocess":
        assert (distributed["process_count"], distributed["local_devices"]) == (2, 1)
    assert distributed["cyclic"]["replicated_on"] == 2
    assert single["cyclic"]["replicated_on"] == 1


def test_cyclic_lr_applies_the_schedule_at_every_step(runs):
    distributed, single = runs[0].load()["cyclic"], runs[1].load()["cyclic"]
    steps = cyclic_steps()
    # The mean-reduced gradient of the global batch is 1: each step moves w by lr.
    np.testing.assert_allclose(applied_lrs(distributed["weights"]), [cyclic_lr(k) for k in range(steps)],
                               rtol=1e-5)
    np.testing.assert_allclose(applied_lrs(distributed["weights"]), applied_lrs(single["weights"]),
                               rtol=1e-6)
    # keras-contrib's history: the LR set after each step, i.e. the next step's.
    np.testing.assert_allclose(distributed["history_lr"], [cyclic_lr(k) for k in range(1, steps + 1)],
                               rtol=1e-7)
    assert distributed["history_iterations"] == list(range(1, steps + 1))


def test_cyclic_lr_summaries_hold_every_step_once(runs):
    log_dir = runs[0].out / "cyclic_logs"
    assert_one_event_file(log_dir)
    reader = LogReader(log_dir)
    lr = reader.scalars(RUN, metadata.LR_TAG)
    expected = [cyclic_lr(k) for k in range(cyclic_steps())]
    assert [step for step, _ in lr] == list(range(len(expected)))
    np.testing.assert_allclose([value for _, value in lr], expected, rtol=1e-6)
    c, spe = script.CYCLIC, steps_per_epoch(script.CYCLIC)
    [(step, schedule)] = reader.records(RUN, metadata.SCHEDULE_TAG)
    assert (step, schedule["mode"], schedule["steps_per_epoch"]) == (0, c["mode"], spe)
    cycle_steps = range(0, len(expected), int(2 * c["step_size"]))
    assert reader.records(RUN, metadata.CYCLE_TAG) == [(s, {"cycle": i + 1}) for i, s in enumerate(cycle_steps)]
    assert reader.records(RUN, metadata.EPOCH_TAG) == [(e * spe, {"epoch": e}) for e in range(c["epochs"])]


def test_snapshot_builder_writes_each_snapshot_once(runs):
    distributed, single = runs[0].load()["snapshot"]["builder"], runs[1].load()["snapshot"]["builder"]
    s, spe = script.SNAPSHOT, steps_per_epoch(script.SNAPSHOT)
    cycle = s["nb_epochs"] // s["nb_snapshots"]
    lrs = [cosine_lr(e, s["nb_epochs"], s["nb_snapshots"], s["init_lr"]) for e in range(s["nb_epochs"])]
    step_lrs = [lrs[k // spe] for k in range(s["nb_epochs"] * spe)]
    np.testing.assert_allclose(applied_lrs(distributed["weights"]), step_lrs, rtol=1e-5)
    np.testing.assert_allclose(distributed["weights"], single["weights"], rtol=1e-6)

    snapshots = {f"Model-{i}.weights.h5": i * cycle - 1 for i in range(1, s["nb_snapshots"] + 1)}
    # The best checkpoint monitors the loss, which falls every epoch.
    assert_written_once(distributed["files"], snapshots, always_rewritten=["Model-Best.weights.h5"])
    folder = runs[0].out / "snapshots"
    assert sorted(os.listdir(folder)) == sorted([*snapshots, "Model-Best.weights.h5"])
    for name, epoch in snapshots.items():
        assert read_weight(folder / name) == pytest.approx(-sum(step_lrs[: (epoch + 1) * spe]), rel=1e-5)

    log_dir = runs[0].out / "snapshot_logs"
    assert_one_event_file(log_dir)
    reader = LogReader(log_dir)
    lr = reader.scalars(RUN, metadata.LR_TAG)
    assert [step for step, _ in lr] == list(range(len(step_lrs)))
    np.testing.assert_allclose([value for _, value in lr], step_lrs, rtol=1e-6)
    records = reader.records(RUN, metadata.SNAPSHOT_TAG)
    assert [(step, r["index"], r["epoch"], r["step"], r["file"]) for step, r in records] == [
        ((epoch + 1) * spe - 1, i, epoch, (epoch + 1) * spe - 1, name)
        for i, (name, epoch) in enumerate(snapshots.items(), start=1)
    ]
    assert [r["lr"] for _, r in records] == pytest.approx([lrs[e] for e in snapshots.values()], rel=1e-6)
    single_records = LogReader(runs[1].out / "snapshot_logs").records(RUN, metadata.SNAPSHOT_TAG)
    assert [sorted(r["metrics"]) for _, r in records] == [sorted(r["metrics"]) for _, r in single_records]
    for (_, r), (_, expected) in zip(records, single_records):
        assert r["metrics"] == pytest.approx(expected["metrics"], rel=1e-5)


def test_snapshot_model_checkpoint_writes_each_snapshot_once(runs):
    distributed, single = runs[0].load()["snapshot"]["checkpoint"], runs[1].load()["snapshot"]["checkpoint"]
    c, spe = script.CHECKPOINT, steps_per_epoch(script.CHECKPOINT)
    lr = c["learning_rate"]  # the optimizer's own, constant
    np.testing.assert_allclose(applied_lrs(distributed["weights"]), [lr] * (c["nb_epochs"] * spe), rtol=1e-6)
    np.testing.assert_allclose(distributed["weights"], single["weights"], rtol=1e-6)
    cycle = c["nb_epochs"] // c["nb_snapshots"]
    snapshots = {f"Snap-{i}.weights.h5": i * cycle - 1 for i in range(1, c["nb_snapshots"] + 1)}
    assert max(snapshots.values()) < c["nb_epochs"] - 1  # the last epoch saves nothing
    assert_written_once(distributed["files"], snapshots)
    folder = runs[0].out / "checkpoints"
    assert sorted(os.listdir(folder)) == sorted(snapshots)
    for name, epoch in snapshots.items():
        assert read_weight(folder / name) == pytest.approx(-lr * (epoch + 1) * spe, rel=1e-6)
    log_dir = runs[0].out / "checkpoint_logs"
    assert_one_event_file(log_dir)
    records = LogReader(log_dir).records(RUN, metadata.SNAPSHOT_TAG)
    assert [(step, r["index"], r["file"], r["lr"]) for step, r in records] == [
        ((epoch + 1) * spe - 1, i, name, lr) for i, (name, epoch) in enumerate(snapshots.items(), start=1)
    ]


def test_dead_relu_detector_reports_like_single_device(runs):
    distributed, single = runs[0].load()["dead_relu"], runs[1].load()["dead_relu"]
    d = script.DEAD_RELU
    assert (d["units"], d["dead"]) == (11, 2)
    expected_line = "Layer dense (#0) has 2 dead neurons (18.18%)!"
    assert distributed["printed"] == [expected_line] * d["epochs"]
    spe = steps_per_epoch(d)
    steps = [(e + 1) * spe - 1 for e in range(d["epochs"])]

    def report(epoch):
        # The same two units are dead from the first check on: they died in
        # the first epoch (counted from step 0) and none since.
        return [{"name": "dense", "index": 0, "path": "dense", "units": 11, "dead": 2,
                 "fraction": 2 / 11, "died": 2 if epoch == 0 else 0, "revived": 0,
                 "since_step": epoch * spe, "step": steps[epoch]}]

    assert distributed["last_report"] == report(d["epochs"] - 1)
    assert distributed["firing_rates"] == [[0.0] * 2 + [1.0] * 9]
    assert (distributed["printed"], distributed["last_report"], distributed["firing_rates"]) == (
        single["printed"], single["last_report"], single["firing_rates"])

    log_dir = runs[0].out / "dead_relu_logs"
    assert_one_event_file(log_dir)
    reader = LogReader(log_dir)
    assert reader.records(RUN, metadata.DEAD_RELU_TAG) == [
        (step, {"epoch": e, "probe_samples": d["probe_samples"], "threshold": 0.1, "layers": report(e)})
        for e, step in enumerate(steps)
    ]
    assert reader.scalars(RUN, metadata.DEAD_COUNT_TAG.format(layer="dense")) == [(s, 2.0) for s in steps]


# Two processes ---------------------------------------------------------------


def test_two_jax_processes_train_one_model(multiprocess):
    """A plain fit (no cyclescope callback): process i feeds x = i + 1, so w
    moves by lr * mean(1, 2) per step in both only if the processes'
    gradients are averaged."""
    p = script.PLAIN
    steps = p["samples"] // p["batch_size"]
    for process_id, run in enumerate(multiprocess):
        result = run.load()
        assert (result["process_index"], result["process_count"]) == (process_id, 2)
        assert result["plain"]["replicated_on"] == 2
        np.testing.assert_allclose(result["plain"]["weights"],
                                   [-p["learning_rate"] * 1.5 * k for k in range(steps + 1)], rtol=1e-6)


def test_only_the_chief_process_writes(multiprocess):
    """With the callbacks in both processes, the chief (process 0) writes
    every summary and snapshot file; the other process writes nothing,
    neither in its own folders nor in its working directory."""
    chief, worker = multiprocess
    chief.load(), worker.load()
    assert sorted(os.listdir(chief.out)) == [
        "checkpoint_logs", "checkpoints", "cyclic_logs", "dead_relu_logs", "snapshot_logs", "snapshots"]
    assert os.listdir(chief.cwd) == []
    assert not worker.out.exists(), script.list_files(worker.out)
    assert os.listdir(worker.cwd) == []
