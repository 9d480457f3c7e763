"""Snapshot ensembles: the cosine schedule, the snapshot files, the best-model
checkpoint and what they write for TensorBoard, checked on real training."""

import math
import os
import types
import warnings

import keras
import numpy as np
import pytest

from cyclescope.callbacks.atomic_save import save_weights_atomically
from cyclescope.callbacks.best_weights_checkpoint import BestWeightsCheckpoint
from cyclescope.callbacks.cosine_annealing import SnapshotCosineAnnealing
from cyclescope.callbacks.snapshot_callback_builder import SnapshotCallbackBuilder
from cyclescope.callbacks.snapshot_model_checkpoint import SnapshotModelCheckpoint
from cyclescope.tb_plugin import metadata
from tests.tensorboard_reader import LogReader
from tests.test_cyclic_lr import WeightTrace, applied_lrs, unit_gradient_model

pytestmark = pytest.mark.backends

STEPS_PER_EPOCH = 2
RUN = "."  # LogReader's name for the log folder itself
BEST = "Model-Best.weights.h5"


def expected_lr(epoch, nb_epochs, nb_snapshots, init_lr=0.1):
    """The snapshot schedule, computed by Keras's own SGDR schedule."""
    schedule = keras.optimizers.schedules.CosineDecayRestarts(
        init_lr,
        first_decay_steps=nb_epochs // nb_snapshots,
        t_mul=1.0,
        m_mul=1.0,
        alpha=0.0,
    )
    return float(keras.ops.convert_to_numpy(schedule(epoch)))


def make_model():
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3, activation="softmax")]
    )
    model.compile(
        keras.optimizers.SGD(0.01),
        "sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def make_data(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(4 * STEPS_PER_EPOCH, 4)).astype("float32")
    y = rng.integers(0, 3, size=4 * STEPS_PER_EPOCH)
    return x, y


def fit(model, epochs, callbacks, validation=True, **kwargs):
    x, y = make_data()
    return model.fit(
        x,
        y,
        batch_size=4,
        epochs=epochs,
        validation_data=make_data(seed=1) if validation else None,
        callbacks=callbacks,
        verbose=0,
        **kwargs,
    )


class Probe(keras.callbacks.Callback):
    """Records, per epoch, the LRs applied and which weights files hold the
    weights at the end of that epoch (i.e. were written at that epoch: the
    weights change every epoch). Must come after the callbacks under test."""

    def __init__(self, folder):
        super().__init__()
        self.folder = folder
        self.twin = make_model()
        self.lrs = {}
        self.weights = {}
        self.written = {}

    def on_train_batch_begin(self, batch, logs=None):
        lr = float(self.model.optimizer.learning_rate)
        self.lrs.setdefault(self._epoch, set()).add(lr)

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        weights = self.model.get_weights()
        self.weights[epoch] = weights
        self.written[epoch] = {
            name
            for name in weights_files(self.folder)
            if same_weights(load(self.twin, os.path.join(self.folder, name)), weights)
        }


def weights_files(folder):
    if not os.path.isdir(folder):
        return set()
    return {name for name in os.listdir(folder) if name.endswith(".weights.h5")}


def load(model, path):
    with warnings.catch_warnings():
        # The twin's optimizer is unbuilt: Keras warns that it skips its variables.
        warnings.simplefilter("ignore")
        model.load_weights(path)
    return model.get_weights()


def same_weights(a, b):
    return len(a) == len(b) and all(np.array_equal(u, v) for u, v in zip(a, b))


def snapshot_epochs(nb_epochs, nb_snapshots):
    """{epoch: file name} of the contract: end of each cycle, at most M."""
    cycle = nb_epochs // nb_snapshots
    return {i * cycle - 1: f"Model-{i}.weights.h5" for i in range(1, nb_snapshots + 1)}


def snapshots_written(probe):
    """{epoch: snapshot files written then}, for the epochs that wrote some."""
    written = {e: names - {BEST} for e, names in probe.written.items()}
    return {e: names for e, names in written.items() if names}


def assert_lr_of_every_step(reader, nb_epochs, nb_snapshots):
    """The LR series has one point per step of all epochs, on the schedule."""
    lr = reader.scalars(RUN, metadata.LR_TAG)
    nb_steps = nb_epochs * STEPS_PER_EPOCH
    assert [step for step, _ in lr] == list(range(nb_steps))
    epochs = [step // STEPS_PER_EPOCH for step in range(nb_steps)]
    assert [value for _, value in lr] == pytest.approx(
        [expected_lr(e, nb_epochs, nb_snapshots) for e in epochs], rel=1e-6
    )


def first_improvements(values):
    """Epochs at which `values` beats every earlier value."""
    return {e for e, v in enumerate(values) if all(v > u for u in values[:e])}


# The schedule


@pytest.mark.parametrize(
    "nb_epochs, nb_snapshots, init_lr",
    [(10, 5, 0.1), (200, 5, 0.1), (10, 3, 0.2), (7, 7, 0.05), (9, 1, 1.0)],
)
def test_schedule_equals_keras_cosine_decay_restarts(nb_epochs, nb_snapshots, init_lr):
    schedule = SnapshotCosineAnnealing(nb_epochs, nb_snapshots, init_lr)
    for epoch in range(nb_epochs + 3):
        # Keras computes in float32: near 0, only an absolute bound holds.
        assert schedule.lr_at(epoch) == pytest.approx(
            expected_lr(epoch, nb_epochs, nb_snapshots, init_lr), abs=1e-6 * init_lr
        )


def test_schedule_contract_values():
    assert [SnapshotCosineAnnealing(10, 5).lr_at(t) for t in range(10)] == (
        pytest.approx([0.1, 0.05] * 5, abs=1e-15)
    )
    schedule = SnapshotCosineAnnealing(200, 5)
    assert schedule.lr_at(10) == pytest.approx(0.0853553390593, abs=1e-12)
    assert schedule.lr_at(39) == pytest.approx(0.000154133313, abs=1e-12)
    assert schedule.lr_at(40) == pytest.approx(0.1, abs=1e-15)


# A full builder run, shared by the tests below


@pytest.fixture(scope="module")
def builder_run(tmp_path_factory):
    """SnapshotCallbackBuilder(10, 5) with a relative prefix, from an empty CWD."""
    keras.utils.set_random_seed(0)
    cwd = tmp_path_factory.mktemp("cwd")
    log_dir = str(tmp_path_factory.mktemp("logs"))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        model = make_model()
        callbacks = SnapshotCallbackBuilder(10, 5).get_callbacks(
            model_prefix="runs/a/Model", log_dir=log_dir
        )
        probe = Probe("runs/a")
        history = fit(model, 10, callbacks + [probe])
    return types.SimpleNamespace(
        cwd=cwd,
        folder=cwd / "runs" / "a",
        callbacks=callbacks,
        history=history.history,
        probe=probe,
        reader=LogReader(log_dir),
    )


def test_builder_returns_flat_list_in_keras_contrib_order(builder_run):
    best, schedule, snapshots = builder_run.callbacks
    assert isinstance(best, BestWeightsCheckpoint)
    assert best.filepath == "runs/a/Model-Best.weights.h5"
    assert best.monitor == "val_accuracy"
    assert isinstance(schedule, SnapshotCosineAnnealing)
    assert isinstance(snapshots, SnapshotModelCheckpoint)


def test_lr_applied_in_each_epoch_follows_the_schedule(builder_run):
    expected = [expected_lr(t, 10, 5) for t in range(10)]
    applied = builder_run.probe.lrs
    assert sorted(applied) == list(range(10))
    for epoch, lr in enumerate(expected):
        assert len(applied[epoch]) == 1
        assert applied[epoch].pop() == pytest.approx(lr, rel=1e-6)
    assert builder_run.history["learning_rate"] == pytest.approx(expected, rel=1e-6)
    assert builder_run.history["lr"] == builder_run.history["learning_rate"]


def test_snapshots_hold_the_weights_at_the_end_of_each_cycle(builder_run):
    assert os.listdir(builder_run.cwd) == ["runs"]
    assert os.listdir(builder_run.cwd / "runs") == ["a"]
    files = snapshot_epochs(10, 5)
    assert weights_files(builder_run.folder) == set(files.values()) | {BEST}
    assert snapshots_written(builder_run.probe) == {e: {n} for e, n in files.items()}
    for epoch, name in files.items():
        saved = load(make_model(), builder_run.folder / name)
        assert same_weights(saved, builder_run.probe.weights[epoch])


def test_best_checkpoint_is_written_only_when_val_accuracy_improves(builder_run):
    improved = first_improvements(builder_run.history["val_accuracy"])
    assert 0 < len(improved) < 10  # the data must make this test discriminate
    written = builder_run.probe.written
    assert {e for e in written if BEST in written[e]} == improved
    saved = load(make_model(), builder_run.folder / BEST)
    assert same_weights(saved, builder_run.probe.weights[max(improved)])


def test_summaries_describe_schedule_cycles_and_lr_per_step(builder_run):
    reader = builder_run.reader
    assert reader.records(RUN, metadata.SCHEDULE_TAG) == [
        (
            0,
            {
                "type": "cosine_restarts",
                "init_lr": 0.1,
                "nb_epochs": 10,
                "nb_snapshots": 5,
                "epoch_length": 2,
                "steps_per_epoch": STEPS_PER_EPOCH,
                "offset": 0,
            },
        )
    ]
    assert reader.records(RUN, metadata.EPOCH_TAG) == [
        (e * STEPS_PER_EPOCH, {"epoch": e}) for e in range(10)
    ]
    assert reader.records(RUN, metadata.CYCLE_TAG) == [
        (e * STEPS_PER_EPOCH, {"cycle": e // 2 + 1, "epoch": e})
        for e in (0, 2, 4, 6, 8)
    ]
    assert_lr_of_every_step(reader, 10, 5)


def test_summaries_record_each_snapshot(builder_run):
    history = builder_run.history
    records = builder_run.reader.records(RUN, metadata.SNAPSHOT_TAG)
    assert len(records) == 5
    for (step, record), (epoch, name) in zip(records, snapshot_epochs(10, 5).items()):
        last_step = (epoch + 1) * STEPS_PER_EPOCH - 1
        assert step == last_step
        assert {k: v for k, v in record.items() if k != "metrics"} == {
            "index": int(name.split("-")[1].split(".")[0]),
            "epoch": epoch,
            "step": last_step,
            "file": name,
            "lr": pytest.approx(expected_lr(epoch, 10, 5), rel=1e-6),
        }
        for key in ("loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"):
            expected = history[key][epoch]
            assert record["metrics"][key] == pytest.approx(expected, rel=1e-6)


# Edge cases of the snapshot count


@pytest.mark.parametrize("nb_epochs, nb_snapshots", [(5, 5), (10, 3), (6, 4)])
def test_snapshot_files_for_uneven_and_one_epoch_cycles(
    nb_epochs, nb_snapshots, tmp_path, monkeypatch
):
    # An absolute prefix from an empty CWD: nothing may appear in the CWD.
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    folder = tmp_path / "out" / "deep"
    checkpoint = SnapshotModelCheckpoint(
        nb_epochs, nb_snapshots, fn_prefix=str(folder / "Model")
    )
    probe = Probe(str(folder))
    fit(make_model(), nb_epochs, [checkpoint, probe], validation=False)

    files = snapshot_epochs(nb_epochs, nb_snapshots)
    assert weights_files(folder) == set(files.values())
    assert len(files) == nb_snapshots
    assert snapshots_written(probe) == {e: {name} for e, name in files.items()}
    assert os.listdir(cwd) == []


# Resuming


def test_initial_epoch_with_fresh_callbacks_continues_schedule_and_indices(tmp_path):
    log_dir = str(tmp_path / "logs")
    prefix = str(tmp_path / "w" / "Model")
    model = make_model()
    first = SnapshotCallbackBuilder(10, 5).get_callbacks(prefix, log_dir=log_dir)
    fit(model, 3, first)
    assert weights_files(tmp_path / "w") == {"Model-1.weights.h5", BEST}

    probe = Probe(str(tmp_path / "w"))
    second = SnapshotCallbackBuilder(10, 5).get_callbacks(prefix, log_dir=log_dir)
    history = fit(model, 10, second + [probe], initial_epoch=3)

    assert history.history["lr"] == pytest.approx(
        [expected_lr(t, 10, 5) for t in range(3, 10)], rel=1e-6
    )
    assert snapshots_written(probe) == {
        e: {name} for e, name in snapshot_epochs(10, 5).items() if e >= 3
    }
    reader = LogReader(log_dir)
    schedules = reader.records(RUN, metadata.SCHEDULE_TAG)
    assert [(step, r["offset"]) for step, r in schedules] == [(0, 0), (6, 0)]
    cycles = reader.records(RUN, metadata.CYCLE_TAG)
    assert [step for step, _ in cycles] == [0, 4, 8, 12, 16]
    saved = reader.records(RUN, metadata.SNAPSHOT_TAG)
    assert [r["index"] for _, r in saved] == [1, 2, 3, 4, 5]
    assert_lr_of_every_step(reader, 10, 5)


class Interrupt(keras.callbacks.Callback):
    def __init__(self, epoch):
        super().__init__()
        self.epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self._epoch == self.epoch:
            raise RuntimeError("killed")

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch


def test_backup_and_restore_resumes_schedule_snapshots_and_summaries(tmp_path):
    log_dir = str(tmp_path / "logs")
    prefix = str(tmp_path / "w" / "Model")
    backup_dir = str(tmp_path / "backup")
    first = SnapshotCallbackBuilder(10, 5).get_callbacks(prefix, log_dir=log_dir)
    backup = keras.callbacks.BackupAndRestore(backup_dir)
    with pytest.raises(RuntimeError, match="killed"):
        fit(make_model(), 10, first + [backup, Interrupt(epoch=5)])

    # A new model and new callbacks, as in a restarted process. The backup
    # comes last, so it restores the step after our on_train_begin.
    probe = Probe(str(tmp_path / "w"))
    second = SnapshotCallbackBuilder(10, 5).get_callbacks(prefix, log_dir=log_dir)
    backup = keras.callbacks.BackupAndRestore(backup_dir)
    history = fit(make_model(), 10, second + [probe, backup])

    assert sorted(probe.lrs) == [5, 6, 7, 8, 9]
    assert history.history["lr"] == pytest.approx(
        [expected_lr(t, 10, 5) for t in range(5, 10)], rel=1e-6
    )
    assert snapshots_written(probe) == {
        5: {"Model-3.weights.h5"},
        7: {"Model-4.weights.h5"},
        9: {"Model-5.weights.h5"},
    }
    reader = LogReader(log_dir)
    # Epoch 5 was started twice; the restart mark drops the orphaned record.
    assert reader.records(RUN, metadata.EPOCH_TAG) == [
        (e * STEPS_PER_EPOCH, {"epoch": e}) for e in range(10)
    ]
    saved = reader.records(RUN, metadata.SNAPSHOT_TAG)
    assert [r["index"] for _, r in saved] == [1, 2, 3, 4, 5]
    assert_lr_of_every_step(reader, 10, 5)


# The best-model checkpoint


def test_best_checkpoint_without_the_monitored_metric_warns_once_and_saves_nothing(
    tmp_path,
):
    callbacks = SnapshotCallbackBuilder(3, 1).get_callbacks(str(tmp_path / "Model"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit(make_model(), 3, callbacks, validation=False)
    ours = [w for w in caught if "val_accuracy" in str(w.message)]
    assert len(ours) == 1
    assert "not in the epoch logs" in str(ours[0].message)
    assert weights_files(tmp_path) == {"Model-1.weights.h5"}


@pytest.mark.parametrize(
    "monitor, mode, values, saved_at",
    [
        ("val_loss", "auto", [3.0, 2.0, 2.5, 1.0, 1.0], {0, 1, 3}),
        ("val_acc", "auto", [0.2, 0.5, 0.4, 0.5, 0.9], {0, 1, 4}),
        ("val_accuracy", "min", [0.2, 0.5, 0.1, 0.5, 0.0], {0, 2, 4}),
        ("loss", "max", [float("nan"), 1.0, float("nan"), 2.0, 1.5], {1, 3}),
    ],
)
def test_best_checkpoint_mode(monitor, mode, values, saved_at, tmp_path):
    path = tmp_path / "Best.weights.h5"
    checkpoint = BestWeightsCheckpoint(str(path), monitor=monitor, mode=mode)
    checkpoint.set_model(make_model())
    saved = set()
    for epoch, value in enumerate(values):
        if path.exists():
            path.unlink()
        checkpoint.on_epoch_end(epoch, {monitor: value})
        if path.exists():
            saved.add(epoch)
    assert saved == saved_at


# Atomic saving


def test_failed_save_leaves_previous_file_untouched_and_no_temporary(
    tmp_path, monkeypatch
):
    model = make_model()
    path = tmp_path / "new" / "folder" / "Model-1.weights.h5"
    save_weights_atomically(model, str(path))  # creates the folders
    before = path.read_bytes()
    assert os.listdir(path.parent) == ["Model-1.weights.h5"]

    def broken_save(filepath, overwrite=True):
        with open(filepath, "wb") as f:
            f.write(before[: len(before) // 2])
        raise OSError("disk full")

    monkeypatch.setattr(model, "save_weights", broken_save)
    with pytest.raises(OSError, match="disk full"):
        save_weights_atomically(model, str(path))
    assert path.read_bytes() == before
    assert os.listdir(path.parent) == ["Model-1.weights.h5"]

    other = path.parent / "Model-2.weights.h5"
    with pytest.raises(OSError, match="disk full"):
        save_weights_atomically(model, other)
    assert os.listdir(path.parent) == ["Model-1.weights.h5"]


def test_atomic_save_requires_the_keras_3_suffix(tmp_path):
    with pytest.raises(ValueError, match=r"\.weights\.h5"):
        save_weights_atomically(make_model(), str(tmp_path / "Model-1.h5"))


# Argument checks


@pytest.mark.parametrize(
    "make, argument",
    [
        (lambda: SnapshotCallbackBuilder(3, 5), "nb_epochs"),
        (lambda: SnapshotModelCheckpoint(3, 5), "nb_epochs"),
        (lambda: SnapshotCosineAnnealing(3, 5), "nb_epochs"),
        (lambda: SnapshotCallbackBuilder(10, 0), "nb_snapshots"),
        (lambda: SnapshotCallbackBuilder(10, -2), "nb_snapshots"),
        (lambda: SnapshotCallbackBuilder(10.0, 5), "nb_epochs"),
        (lambda: SnapshotCallbackBuilder("10", 5), "nb_epochs"),
        (lambda: SnapshotCallbackBuilder(True, 1), "nb_epochs"),
        (lambda: SnapshotCallbackBuilder(10, None), "nb_snapshots"),
        (lambda: SnapshotCallbackBuilder(10, 5, init_lr=0), "init_lr"),
        (lambda: SnapshotCallbackBuilder(10, 5, init_lr=-0.1), "init_lr"),
        (lambda: SnapshotCallbackBuilder(10, 5, init_lr=math.nan), "init_lr"),
        (lambda: SnapshotCallbackBuilder(10, 5, init_lr=math.inf), "init_lr"),
        (lambda: SnapshotCallbackBuilder(10, 5, init_lr="0.1"), "init_lr"),
        (lambda: SnapshotCosineAnnealing(10, 5, init_lr=None), "init_lr"),
        (lambda: SnapshotCallbackBuilder(10, 5).get_callbacks(""), "model_prefix"),
        (lambda: SnapshotCallbackBuilder(10, 5).get_callbacks("runs/"), "model_prefix"),
        (lambda: SnapshotCallbackBuilder(10, 5).get_callbacks(None), "model_prefix"),
        (lambda: SnapshotModelCheckpoint(10, 5, fn_prefix=""), "fn_prefix"),
        (lambda: SnapshotModelCheckpoint(10, 5, fn_prefix=3), "fn_prefix"),
        (lambda: SnapshotModelCheckpoint(10, 5, log_dir=""), "log_dir"),
        (lambda: SnapshotCosineAnnealing(10, 5, log_dir=1), "log_dir"),
        (lambda: SnapshotCallbackBuilder(10, 5).get_callbacks(monitor=""), "monitor"),
        (lambda: BestWeightsCheckpoint("Model-Best.h5"), "filepath"),
        (lambda: BestWeightsCheckpoint("B.weights.h5", mode="up"), "mode"),
        (lambda: SnapshotCallbackBuilder(10, 5, anneal_every="batch"), "anneal_every"),
        (lambda: SnapshotCallbackBuilder(10, 5, anneal_every=None), "anneal_every"),
        (lambda: SnapshotCosineAnnealing(10, 5, anneal_every="Step"), "anneal_every"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(make, argument):
    with pytest.raises(ValueError, match=f"`{argument}`"):
        make()


def test_numpy_integers_and_path_objects_are_accepted(tmp_path):
    builder = SnapshotCallbackBuilder(np.int64(10), np.int32(5), np.float32(0.5))
    best, schedule, snapshots = builder.get_callbacks(
        tmp_path / "Model", log_dir=tmp_path
    )
    assert schedule.lr_at(0) == 0.5
    assert snapshots.snapshot_path(2) == str(tmp_path / "Model-2.weights.h5")
    assert best.filepath == str(tmp_path / BEST)


def test_bad_anneal_every_message_is_in_the_house_style():
    with pytest.raises(ValueError) as raised:
        SnapshotCosineAnnealing(10, 5, anneal_every="batch")
    assert str(raised.value) == (
        "`anneal_every` must be 'epoch' or 'step'. Received: anneal_every='batch'"
    )


# Per-step annealing (Huang et al. 2017)

STEPS = 5  # steps per epoch of the per-step runs


def paper_lr(t, nb_epochs, nb_snapshots, init_lr=0.1):
    """The paper's schedule at global step t, written out independently."""
    cycle = (nb_epochs // nb_snapshots) * STEPS
    return init_lr / 2 * (math.cos(math.pi * (t % cycle) / cycle) + 1)


def fit_unit(model, epochs, callbacks, **kwargs):
    x = np.ones((STEPS, 1), "float32")
    return model.fit(
        x, x, batch_size=1, epochs=epochs, shuffle=False, verbose=0,
        callbacks=callbacks, **kwargs,
    )


def per_step_callbacks(nb_epochs, nb_snapshots, tmp_path):
    builder = SnapshotCallbackBuilder(nb_epochs, nb_snapshots, anneal_every="step")
    return builder.get_callbacks(
        str(tmp_path / "w" / "Model"), log_dir=str(tmp_path / "logs"), monitor="loss"
    )


@pytest.mark.parametrize(
    "nb_epochs, nb_snapshots", [(4, 2), (5, 2)], ids=["even", "uneven"]
)
def test_per_step_annealing_applies_the_papers_lr_at_every_step(
    nb_epochs, nb_snapshots, tmp_path
):
    model, trace = unit_gradient_model(), WeightTrace()
    callbacks = per_step_callbacks(nb_epochs, nb_snapshots, tmp_path)
    history = fit_unit(model, nb_epochs, callbacks + [trace])

    nb_steps = nb_epochs * STEPS
    expected = [paper_lr(t, nb_epochs, nb_snapshots) for t in range(nb_steps)]
    applied = applied_lrs(trace)
    assert len(applied) == nb_steps
    np.testing.assert_allclose(applied, expected, rtol=1e-5, atol=1e-7)
    assert len(set(np.round(applied[:STEPS], 6))) == STEPS  # anneals within an epoch

    cycle = (nb_epochs // nb_snapshots) * STEPS
    last_lr = 0.1 / 2 * (math.cos(math.pi * (cycle - 1) / cycle) + 1)
    for i in range(1, nb_snapshots + 1):
        assert applied[i * cycle - 1] == pytest.approx(last_lr, rel=1e-4)
        assert applied[(i - 1) * cycle] == pytest.approx(0.1, rel=1e-5)
    if nb_epochs % nb_snapshots:
        # The remainder epoch starts a further cycle and anneals along it.
        rest = applied[nb_snapshots * cycle :]
        assert rest[0] == pytest.approx(0.1, rel=1e-5)
        assert np.all(np.diff(rest) < 0)

    # Snapshots at the end of each full cycle only, holding those weights.
    folder = tmp_path / "w"
    names = {f"Model-{i}.weights.h5" for i in range(1, nb_snapshots + 1)}
    assert weights_files(folder) - {BEST} == names
    for i in range(1, nb_snapshots + 1):
        saved = load(unit_gradient_model(), folder / f"Model-{i}.weights.h5")
        assert float(saved[0][0, 0]) == trace.weights[i * cycle]
    reader = LogReader(str(tmp_path / "logs"))
    saved = reader.records(RUN, metadata.SNAPSHOT_TAG)
    ends = [i * cycle - 1 for i in range(1, nb_snapshots + 1)]
    assert [step for step, _ in saved] == ends
    lrs = [r["lr"] for _, r in saved]
    assert lrs == pytest.approx([last_lr] * nb_snapshots, rel=1e-6)

    # The LR summaries hold every step's value.
    lr = reader.scalars(RUN, metadata.LR_TAG)
    assert [step for step, _ in lr] == list(range(nb_steps))
    assert [value for _, value in lr] == pytest.approx(expected, rel=1e-6)
    (_, schedule), = reader.records(RUN, metadata.SCHEDULE_TAG)
    assert schedule["anneal_every"] == "step"
    assert schedule["steps_per_epoch"] == STEPS

    # Epoch logs: the LR of each epoch's last step.
    last_of_epoch = [expected[(e + 1) * STEPS - 1] for e in range(nb_epochs)]
    assert history.history["learning_rate"] == pytest.approx(last_of_epoch, rel=1e-6)
    assert history.history["lr"] == history.history["learning_rate"]

    # The optimizer is given back, holding the LR of the last step.
    assert "_get_current_learning_rate" not in vars(model.optimizer)
    assert float(model.optimizer.learning_rate) == pytest.approx(expected[-1], rel=1e-6)
    after = WeightTrace()
    fit_unit(model, 1, [after])
    np.testing.assert_allclose(applied_lrs(after), [expected[-1]] * STEPS, rtol=1e-4)


def test_per_step_annealing_resumes_from_initial_epoch(tmp_path):
    model = unit_gradient_model()
    fit_unit(model, 2, [SnapshotCosineAnnealing(6, 2, anneal_every="step")])
    trace = WeightTrace()
    schedule = SnapshotCosineAnnealing(6, 2, anneal_every="step")
    fit_unit(model, 6, [schedule, trace], initial_epoch=2)
    expected = [paper_lr(t, 6, 2) for t in range(2 * STEPS, 6 * STEPS)]
    np.testing.assert_allclose(applied_lrs(trace), expected, rtol=1e-5, atol=1e-7)
    assert schedule.lr_at_step(2 * STEPS) == pytest.approx(expected[0], rel=1e-12)


def test_per_step_annealing_gives_the_optimizer_back_after_a_failed_fit():
    model = unit_gradient_model()
    with pytest.raises(RuntimeError, match="killed"):
        schedule = SnapshotCosineAnnealing(4, 2, anneal_every="step")
        fit_unit(model, 4, [schedule, Interrupt(1)])
    # The next fit gets the optimizer as it was, with the LR its variable
    # holds: that of the last step of the last finished epoch.
    trace = WeightTrace()
    fit_unit(model, 1, [trace])
    lr = paper_lr(STEPS - 1, 4, 2)
    np.testing.assert_allclose(applied_lrs(trace), [lr] * STEPS, rtol=1e-4)
    assert "_get_current_learning_rate" not in vars(model.optimizer)
    assert float(model.optimizer.learning_rate) == pytest.approx(lr, rel=1e-6)


def test_per_step_annealing_needs_the_steps_per_epoch():
    def batches():
        for _ in range(3):
            yield np.ones((1, 1), "float32"), np.ones((1, 1), "float32")

    model = unit_gradient_model()
    schedule = SnapshotCosineAnnealing(4, 2, anneal_every="step")
    with pytest.raises(ValueError, match="steps_per_epoch"):
        model.fit(batches(), epochs=4, shuffle=False, verbose=0, callbacks=[schedule])
    assert "_get_current_learning_rate" not in vars(model.optimizer)
