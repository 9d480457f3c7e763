"""Runs killed with SIGKILL and resumed, fits that raise, and many fits in one
process: a real TensorBoard, under both loaders, shows every step once."""

import concurrent.futures
import json
import math
import signal
import subprocess
import sys
import urllib.parse

import keras
import numpy as np
import pytest

from cyclescope.callbacks import CyclicLR, DeadReluDetector
from cyclescope.tb_plugin import metadata
from tests import resumable_training as script
from tests.tensorboard_reader import LogReader
from tests.tensorboard_process import PREFIX, TENSORBOARD, TensorBoard
from tests.test_cyclic_lr import WeightTrace, applied_lrs, smith_lr, unit_gradient_model

pytestmark = pytest.mark.backends

TOTAL_STEPS = script.STEPS_PER_EPOCH * script.EPOCHS
KILL_AT = 13  # mid-epoch 2; the last backup was after step 12
RESUMED_STEPS = TOTAL_STEPS + 12 - 2 * script.STEPS_PER_EPOCH  # epoch 2 runs again from step 12


def run_script(*args):
    return subprocess.run(
        [sys.executable, "-m", "tests.resumable_training", *map(str, args)],
        capture_output=True, text=True, timeout=300,
    )


def killed_and_resumed(root, schedule, order):
    run, backup = root / f"{schedule}-{order}", root.parent / f"backup-{schedule}-{order}"
    first = run_script(run, backup, schedule, order, "--kill-at", KILL_AT)
    assert first.returncode == -signal.SIGKILL, first.stderr
    second = run_script(run, backup, schedule, order)
    assert second.returncode == 0, second.stderr


def small_relu_model():
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(6, activation="relu"), keras.layers.Dense(1)]
    )
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    return model


@pytest.fixture(scope="module")
def logdir(tmp_path_factory):
    root = tmp_path_factory.mktemp("interrupted") / "logs"
    jobs = [(root, s, o) for s in ("clr", "snapshots") for o in ("backup_first", "backup_last")]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        for result in pool.map(lambda job: killed_and_resumed(*job), jobs):
            assert result is None

    crashed = run_script(root / "raised", root.parent / "backup-raised", "clr", "backup_last",
                         "--raise-at", 7)
    assert crashed.returncode == 1 and "stopped at step 7" in crashed.stderr

    x = np.random.default_rng(1).normal(size=(10, 4)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    # Twelve one-epoch fits of one model into one log_dir.
    model = small_relu_model()
    callbacks = [CyclicLR(0.01, 0.05, 3, log_dir=root / "twelve_fits"),
                 DeadReluDetector(x, log_dir=root / "twelve_fits")]
    for _ in range(12):
        model.fit(x, y, batch_size=2, epochs=1, shuffle=False, verbose=0, callbacks=callbacks)
    # Fourteen one-step fits, each with a new callback: fourteen event files.
    model = small_relu_model()
    for _ in range(14):
        model.fit(x[:2], y[:2], batch_size=2, verbose=0,
                  callbacks=[CyclicLR(0.01, 0.05, 3, log_dir=root / "one_step_fits")])
    # Two models, fitted in turn, each into its own log_dir.
    models = {name: small_relu_model() for name in ("model_a", "model_b")}
    detectors = {name: DeadReluDetector(x, log_dir=root / name) for name in models}
    for _ in range(3):
        for name, model in models.items():
            model.fit(x, y, batch_size=2, epochs=1, shuffle=False, verbose=0,
                      callbacks=[CyclicLR(0.01, 0.05, 3, log_dir=root / name), detectors[name]])
    return root


@pytest.fixture(scope="module", params=["false", "true"], ids=["python", "rust"])
def board(logdir, request):
    server = TensorBoard(TENSORBOARD, logdir, "--load_fast=" + request.param)
    server.plugins_listing()
    yield server
    server.stop()


def get(board, route, **params):
    return board.get_json(route + "?" + urllib.parse.urlencode(params))


def scalar_series(board, run, tag):
    points = get(board, "data/plugin/scalars/scalars", run=run, tag=tag)
    return [step for _, step, _ in points], [value for _, _, value in points]


def lr_route(board, run):
    return get(board, PREFIX + "lr", run=run, max_points=20000)


def check_steps(board, run):
    return [check["step"] for check in get(board, PREFIX + "dead_relu", run=run)["checks"]]


def first_relu_layer(board, run):
    return get(board, PREFIX + "dead_relu", run=run)["layers"][0]["path"]


def histogram_steps(board, run):
    tag = metadata.FIRING_RATE_TAG.format(layer=first_relu_layer(board, run))
    return [step for _, step, _ in get(board, "data/plugin/histograms/histograms", run=run, tag=tag)]


def resumed_epoch(step):
    """The epoch of each step of a resumed run: epoch 2 ran from step 10 until
    the kill and again from the backup at step 12."""
    epoch_starts = [0, 5, 10, 17]
    return max(e for e, start in enumerate(epoch_starts) if step >= start)


def cosine_lr(epoch):
    cycle_length = script.EPOCHS // script.SNAPSHOTS["nb_snapshots"]
    init_lr = script.SNAPSHOTS["init_lr"]
    return init_lr / 2 * (math.cos(math.pi * (epoch % cycle_length) / cycle_length) + 1)


@pytest.mark.parametrize("order", ["backup_first", "backup_last"])
@pytest.mark.parametrize("schedule", ["clr", "snapshots"])
def test_killed_and_resumed_run_holds_every_step_once(board, schedule, order):
    run = f"{schedule}-{order}"
    steps = list(range(RESUMED_STEPS))
    if schedule == "clr":
        expected = [smith_lr(k, **{"base": 0.01, "top": 0.05, "step_size": 3}) for k in steps]
    else:
        expected = [cosine_lr(resumed_epoch(k)) for k in steps]
    for series_steps, values in (scalar_series(board, run, metadata.LR_TAG),
                                 (lambda p: (p["step"], p["value"]))(lr_route(board, run)["points"])):
        assert series_steps == steps
        np.testing.assert_allclose(values, expected, rtol=1e-6)

    # A check at the end of each epoch: 0 and 1 before the kill, 2 and 3 after.
    epoch_ends = [4, 9, 16, 21]
    assert check_steps(board, run) == epoch_ends
    assert histogram_steps(board, run) == epoch_ends
    dead_count_tag = metadata.DEAD_COUNT_TAG.format(layer=first_relu_layer(board, run))
    assert scalar_series(board, run, dead_count_tag)[0] == epoch_ends
    body = lr_route(board, run)
    if schedule == "clr":
        assert [c["start"] for c in body["cycles"]] == [0, 6, 12, 18]
    else:
        assert [(s["index"], s["step"], s["epoch"]) for s in body["snapshots"]] == [(1, 9, 1), (2, 21, 3)]


def test_steps_of_a_script_that_died_of_an_exception_are_logged(board):
    steps, values = scalar_series(board, "raised", metadata.LR_TAG)
    assert steps == list(range(7))
    np.testing.assert_allclose(values, [smith_lr(k, 0.01, 0.05, 3) for k in range(7)], rtol=1e-6)


@pytest.mark.parametrize(
    "run,fits,steps_per_fit,checks",
    [("twelve_fits", 12, 5, True), ("one_step_fits", 14, 1, False),
     ("model_a", 3, 5, True), ("model_b", 3, 5, True)],
)
def test_every_fit_of_a_process_keeps_every_step_and_check(board, run, fits, steps_per_fit, checks):
    total = fits * steps_per_fit
    for steps, values in (scalar_series(board, run, metadata.LR_TAG),
                          (lambda p: (p["step"], p["value"]))(lr_route(board, run)["points"])):
        assert steps == list(range(total))
        np.testing.assert_allclose(values, [smith_lr(k, 0.01, 0.05, 3) for k in range(total)], rtol=1e-6)
    if checks:
        fit_ends = [steps_per_fit * (i + 1) - 1 for i in range(fits)]
        assert check_steps(board, run) == fit_ends
        assert histogram_steps(board, run) == fit_ends


# A fit that raises ---------------------------------------------------------


class RaiseAtStep(keras.callbacks.Callback):
    """Raises at the `step`-th batch of this process; counts batches."""

    def __init__(self, step):
        super().__init__()
        self.step, self.seen = step, 0

    def on_train_batch_end(self, batch, logs=None):
        self.seen += 1
        if self.seen == self.step:
            raise RuntimeError("a callback failed")


def failing_batches(x, fail_at):
    """A generator of (x, y) batches that raises at batch `fail_at`."""
    for i in range(len(x)):
        if i == fail_at:
            raise RuntimeError("the data failed")
        yield x[i : i + 1], x[i : i + 1]


@pytest.mark.parametrize("where", ["callback", "data"])
def test_a_fit_that_raised_leaves_the_optimizer_as_if_it_never_saw_the_callback(tmp_path, where):
    model, x = unit_gradient_model(), np.ones((10, 1))
    clr, counter = CyclicLR(0.01, 0.05, 3, log_dir=tmp_path), RaiseAtStep(None)
    # TensorFlow wraps an error raised by the data in its own error type.
    with pytest.raises(Exception, match="failed"):
        if where == "callback":
            model.fit(x, x, batch_size=1, epochs=2, verbose=0, callbacks=[clr, counter, RaiseAtStep(7)])
        else:
            model.fit(failing_batches(x, 7), epochs=1, steps_per_epoch=10, verbose=0,
                      callbacks=[clr, counter])
    # The steps that ran, as the optimizer counted them (on JAX, once the
    # loop's state is copied back).
    getattr(model, "jax_state_sync", lambda: None)()
    ran = int(keras.ops.convert_to_numpy(model.optimizer.iterations))
    assert ran >= counter.seen > 0

    model.optimizer.learning_rate = 0.02
    trace = WeightTrace()
    model.fit(x, x, batch_size=1, epochs=1, verbose=0, callbacks=[trace])
    np.testing.assert_allclose(applied_lrs(trace), [0.02] * 10, rtol=1e-6)
    before = float(model.weights[0].numpy()[0, 0])
    model.train_on_batch(x[:1], x[:1])
    assert before - float(model.weights[0].numpy()[0, 0]) == pytest.approx(0.02)
    assert float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)) == pytest.approx(0.02)

    lr = LogReader(tmp_path).scalars(".", metadata.LR_TAG)
    assert [step for step, _ in lr] == list(range(ran))  # every step that ran
    np.testing.assert_allclose([v for _, v in lr], [smith_lr(k, 0.01, 0.05, 3) for k in range(ran)], rtol=1e-6)


def test_the_same_callback_works_again_after_a_fit_that_raised():
    model, x = unit_gradient_model(), np.ones((10, 1))
    clr = CyclicLR(0.01, 0.05, 3)
    with pytest.raises(RuntimeError):
        model.fit(x, x, batch_size=1, epochs=2, verbose=0, callbacks=[clr, RaiseAtStep(7)])
    trace = WeightTrace()
    model.fit(x, x, batch_size=1, epochs=1, verbose=0, shuffle=False, callbacks=[clr, trace])
    np.testing.assert_allclose(applied_lrs(trace), [smith_lr(k, 0.01, 0.05, 3) for k in range(7, 17)], rtol=1e-5)
    json.dumps(clr.history["lr"])  # plain floats
    assert clr.history["iterations"] == list(range(1, 18))


def test_event_files_of_one_process_sort_in_the_order_they_were_written(tmp_path):
    """Twelve writers opened in turn within a second: TensorBoard reads their
    files in name order, so the counter in the name must sort numerically."""
    from cyclescope.tb_plugin import summary_writer

    summary_writer._EventFile._counter = 5  # the counter crosses 9 -> 10 here
    for step in range(12):
        writer = summary_writer.SummaryWriter.acquire(tmp_path)
        writer.scalars(metadata.LR_TAG, [step], [0.01])
        writer.release()
    names = sorted(path.name for path in tmp_path.iterdir())
    assert [int(name.split(".")[-2]) for name in names] == list(range(6, 18))
    assert [step for step, _ in LogReader(tmp_path).scalars(".", metadata.LR_TAG)] == list(range(12))


@pytest.mark.parametrize("save", ["save_weights", "save"])
def test_every_step_is_logged_before_a_checkpoint_is_written(tmp_path, save):
    """A checkpoint is never ahead of the logs: a run resumed from it cannot
    miss steps."""

    class CheckpointAtStep(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.seen, self.logged = 0, None

        def on_train_batch_end(self, batch, logs=None):
            self.seen += 1
            if self.seen == 6:
                suffix = ".weights.h5" if save == "save_weights" else ".keras"
                getattr(self.model, save)(str(tmp_path / ("checkpoint" + suffix)))
                reader = LogReader(tmp_path / "logs")
                self.logged = [step for step, _ in reader.scalars(".", metadata.LR_TAG)]

    model, x = unit_gradient_model(), np.ones((10, 1))
    checkpoint = CheckpointAtStep()
    model.fit(x, x, batch_size=1, epochs=1, verbose=0,
              callbacks=[CyclicLR(0.01, 0.05, 3, log_dir=tmp_path / "logs"), checkpoint])
    assert checkpoint.logged == list(range(6))


def test_a_callback_reused_on_another_model_gives_the_first_one_back():
    first, second, x = unit_gradient_model(), unit_gradient_model(), np.ones((10, 1))
    clr = CyclicLR(0.01, 0.05, 3)
    with pytest.raises(RuntimeError):
        first.fit(x, x, batch_size=1, epochs=2, verbose=0, callbacks=[clr, RaiseAtStep(7)])
    trace = WeightTrace()
    second.fit(x, x, batch_size=1, epochs=1, verbose=0, shuffle=False, callbacks=[clr, trace])
    # The second model cycles from its own step 0 ...
    np.testing.assert_allclose(applied_lrs(trace), [smith_lr(k, 0.01, 0.05, 3) for k in range(10)], rtol=1e-5)
    # ... and the first one, given back, applies the LR its variable holds.
    first.optimizer.learning_rate = 0.02
    trace = WeightTrace()
    first.fit(x, x, batch_size=1, epochs=1, verbose=0, callbacks=[trace])
    np.testing.assert_allclose(applied_lrs(trace), [0.02] * 10, rtol=1e-6)
