import ast
import functools
import math
import os
import pathlib
import subprocess
import sys
import warnings

import keras
import numpy as np
import pytest

from cyclescope.callbacks import CyclicalLearningRate, CyclicLR
from cyclescope.tb_plugin import metadata
from tests.fixtures import make_torch_schedules as torch_schedules
from tests.tensorboard_reader import LogReader

pytestmark = pytest.mark.backends


def smith_lr(k, base=0.001, top=0.006, step_size=2000, scale=lambda c, k: 1.0, mode="cycle"):
    """Smith's formula, written out independently in float64."""
    cycle = math.floor(1 + k / (2 * step_size))
    x = abs(k / step_size - 2 * cycle + 1)
    return base + (top - base) * max(0.0, 1 - x) * scale(cycle, k)


CONTRACT_TABLE = [
    # k, triangular, triangular2, exp_range(gamma=0.99994)
    (0, 0.001, 0.001, 0.001),
    (1000, 0.0035, 0.0035, 0.003354407096),
    (2000, 0.006, 0.006, 0.005434586218),
    (5000, 0.0035, 0.00225, 0.002852028883),
    (6000, 0.006, 0.0035, 0.004488343955),
    (9000, 0.0035, 0.001625, 0.002456847029),
]


@pytest.mark.parametrize("column,mode", [(1, "triangular"), (2, "triangular2"), (3, "exp_range")])
def test_schedule_matches_contract_table(column, mode):
    schedule = CyclicalLearningRate(mode=mode, gamma=0.99994 if mode == "exp_range" else 1.0)
    steps = [row[0] for row in CONTRACT_TABLE]
    expected = [row[column] for row in CONTRACT_TABLE]
    np.testing.assert_allclose(schedule.values(steps), expected, rtol=1e-9)
    in_graph = [float(schedule(k)) for k in steps]
    np.testing.assert_allclose(in_graph, expected, rtol=1e-6)


def contrib_model():
    model = keras.Sequential(
        [keras.Input((2,)), keras.layers.Dense(2, activation="relu"), keras.layers.Dense(1, activation="sigmoid")]
    )
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    return model


def lin(a, b):
    return np.linspace(a, b, 2001)[1:]


@pytest.mark.parametrize(
    "kwargs,epochs,expected",
    [
        ({}, 1, np.concatenate([lin(0.001, 0.006), lin(0.006, 0.001)])),
        (
            {"mode": "triangular2"},
            2,
            np.concatenate([lin(0.001, 0.006), lin(0.006, 0.001), lin(0.001, 0.0035), lin(0.0035, 0.001)]),
        ),
        (
            {"mode": "exp_range", "gamma": 0.9996},
            2,
            [smith_lr(i, scale=lambda c, k: 0.9996**k) for i in range(1, 8001)],
        ),
        (
            {"scale_fn": lambda x: 1 / (5 ** (x * 0.0001)), "scale_mode": "iterations"},
            2,
            [smith_lr(i, scale=lambda c, k: 1 / 5 ** (k * 1e-4)) for i in range(1, 8001)],
        ),
    ],
    ids=["triangular", "triangular2", "exp_range", "custom_fn"],
)
def test_keras_contrib_history(kwargs, epochs, expected):
    """keras-contrib's own four tests: 4000 samples, batch_size=1."""
    rng = np.random.default_rng(0)
    x, y = rng.random((4000, 2)), rng.random((4000, 1))
    clr = CyclicLR(**kwargs)
    contrib_model().fit(x, y, batch_size=1, epochs=epochs, verbose=0, callbacks=[clr])
    np.testing.assert_allclose(clr.history["lr"], expected, rtol=1e-7)
    assert clr.history["iterations"] == list(range(1, 4000 * epochs + 1))
    assert len(clr.history["loss"]) == len(clr.history["accuracy"]) == 4000 * epochs


def unit_gradient_model(learning_rate=0.5):
    """One weight w and loss = w * 1, so SGD moves w by exactly -lr each step."""
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros")])
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate),
        loss=lambda y_true, y_pred: keras.ops.mean(y_pred),
    )
    return model


class WeightTrace(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.weights = [float(self.model.weights[0].numpy()[0, 0])]

    def on_train_batch_end(self, batch, logs=None):
        self.weights.append(float(self.model.weights[0].numpy()[0, 0]))


def applied_lrs(trace):
    return -np.diff(trace.weights)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"mode": "triangular2"},
        {"mode": "exp_range", "gamma": 0.99},
        # A scale written with numpy cannot run in the graph: set from Python.
        {"scale_fn": lambda c: 0.5 * (1 + np.sin(c * np.pi / 2)), "scale_mode": "cycle"},
    ],
    ids=["in_graph", "exp_range", "numpy_scale_fn"],
)
def test_applied_learning_rate_is_the_schedule(kwargs):
    model, trace = unit_gradient_model(), WeightTrace()
    clr = CyclicLR(base_lr=0.01, max_lr=0.05, step_size=7, **kwargs)
    x = np.ones((30, 1))
    if keras.backend.backend() == "jax" and "scale_fn" in kwargs:
        with pytest.raises(ValueError, match="keras.ops"):
            model.fit(x, x, batch_size=1, verbose=0, callbacks=[clr])
        return
    model.fit(x, x, batch_size=1, epochs=2, verbose=0, shuffle=False, callbacks=[clr, trace])
    schedule = CyclicalLearningRate(0.01, 0.05, 7, **kwargs)
    expected = [schedule.values(k) for k in range(60)]
    np.testing.assert_allclose(applied_lrs(trace), expected, rtol=1e-5)


def test_new_callback_continues_the_cycle_from_optimizer_steps():
    model, x = unit_gradient_model(), np.ones((10, 1))
    model.fit(x, x, batch_size=1, epochs=2, verbose=0, callbacks=[CyclicLR(0.01, 0.05, 6)])
    trace = WeightTrace()
    # A new callback object, as after a restart: the cycle goes on at step 20.
    model.fit(x, x, batch_size=1, epochs=3, initial_epoch=2, verbose=0, shuffle=False,
              callbacks=[CyclicLR(0.01, 0.05, 6), trace])
    expected = [smith_lr(k, 0.01, 0.05, 6) for k in range(20, 30)]
    np.testing.assert_allclose(applied_lrs(trace), expected, rtol=1e-5)

    fresh, fresh_trace = unit_gradient_model(), WeightTrace()
    fresh.fit(x, x, batch_size=1, epochs=3, initial_epoch=2, verbose=0,
              callbacks=[CyclicLR(0.01, 0.05, 6), fresh_trace])
    assert applied_lrs(fresh_trace)[0] == pytest.approx(0.01)


def test_second_fit_continues_and_history_accumulates():
    model, x = unit_gradient_model(), np.ones((8, 1))
    clr, trace = CyclicLR(0.01, 0.05, 5), WeightTrace()
    model.fit(x, x, batch_size=1, epochs=1, verbose=0, callbacks=[clr])
    model.fit(x, x, batch_size=1, epochs=1, verbose=0, shuffle=False, callbacks=[clr, trace])
    np.testing.assert_allclose(applied_lrs(trace), [smith_lr(k, 0.01, 0.05, 5) for k in range(8, 16)], rtol=1e-5)
    np.testing.assert_allclose(clr.history["lr"], [smith_lr(k, 0.01, 0.05, 5) for k in range(1, 17)], rtol=1e-7)
    assert clr.history["iterations"] == list(range(1, 17))


def test_fit_after_the_callback_leaves_the_learning_rate_alone():
    model, x = unit_gradient_model(), np.ones((8, 1))
    clr, trace = CyclicLR(0.01, 0.05, 5), WeightTrace()
    model.fit(x, x, batch_size=1, epochs=1, verbose=0, callbacks=[clr])
    model.fit(x, x, batch_size=1, epochs=1, verbose=0, callbacks=[trace])
    # keras-contrib leaves the LR it last set: clr(8), constant afterwards.
    np.testing.assert_allclose(applied_lrs(trace), [smith_lr(8, 0.01, 0.05, 5)] * 8, rtol=1e-6)


def test_reset_restarts_the_cycle_with_new_bounds():
    model, x = unit_gradient_model(), np.ones((8, 1))
    clr = CyclicLR(0.01, 0.05, 5)
    model.fit(x, x, batch_size=1, epochs=1, verbose=0, callbacks=[clr])
    clr._reset(new_base_lr=0.02, new_max_lr=0.08, new_step_size=3)
    trace = WeightTrace()
    model.fit(x, x, batch_size=1, epochs=1, verbose=0, shuffle=False, callbacks=[clr, trace])
    np.testing.assert_allclose(applied_lrs(trace), [smith_lr(k, 0.02, 0.08, 3) for k in range(8)], rtol=1e-5)


def test_reset_during_training():
    class ResetAtBatch(keras.callbacks.Callback):
        def __init__(self, clr):
            super().__init__()
            self.clr = clr

        def on_train_batch_end(self, batch, logs=None):
            if batch == 4:
                self.clr._reset(new_max_lr=0.03)

    model, x = unit_gradient_model(), np.ones((10, 1))
    clr, trace = CyclicLR(0.01, 0.05, 4), WeightTrace()
    model.fit(x, x, batch_size=1, epochs=1, verbose=0, shuffle=False,
              callbacks=[clr, ResetAtBatch(clr), trace])
    expected = [smith_lr(k, 0.01, 0.05, 4) for k in range(5)] + [smith_lr(k, 0.01, 0.03, 4) for k in range(5)]
    np.testing.assert_allclose(applied_lrs(trace), expected, rtol=1e-5)
    np.testing.assert_allclose(clr.history["lr"], expected[1:5] + [0.01] + expected[6:] + [smith_lr(5, 0.01, 0.03, 4)], rtol=1e-6)


def test_epoch_logs_carry_lr_and_learning_rate():
    model, x = unit_gradient_model(), np.ones((6, 1))
    history = model.fit(x, x, batch_size=2, epochs=2, verbose=0, callbacks=[CyclicLR(0.01, 0.05, 2)])
    expected = [smith_lr(3, 0.01, 0.05, 2), smith_lr(6, 0.01, 0.05, 2)]
    np.testing.assert_allclose(history.history["lr"], expected, rtol=1e-6)
    np.testing.assert_allclose(history.history["learning_rate"], expected, rtol=1e-6)


def test_optimizer_with_a_schedule_gets_a_clear_error():
    model = unit_gradient_model()
    model.compile(optimizer=keras.optimizers.SGD(keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.9)), loss="mse")
    with pytest.raises(ValueError, match="CyclicalLearningRate"):
        model.fit(np.ones((2, 1)), np.ones((2, 1)), verbose=0, callbacks=[CyclicLR()])


@pytest.mark.parametrize(
    "kwargs,argument",
    [
        ({"step_size": 0}, "step_size"),
        ({"step_size": -3}, "step_size"),
        ({"base_lr": -0.001}, "base_lr"),
        ({"base_lr": float("nan")}, "base_lr"),
        ({"base_lr": 0.0, "max_lr": 0.0}, "max_lr"),
        ({"max_lr": -0.01}, "max_lr"),
        ({"max_lr": float("inf")}, "max_lr"),
        ({"max_lr": "0.1"}, "max_lr"),
        ({"base_lr": 0.01, "max_lr": 0.001}, "base_lr"),
        ({"gamma": 0.0}, "gamma"),
        ({"gamma": 1.5}, "gamma"),
        ({"scale_fn": 3}, "scale_fn"),
        ({"scale_mode": "epoch"}, "scale_mode"),
        ({"step_size_down": 0}, "step_size_down"),
        ({"step_size_down": "3"}, "step_size_down"),
        ({"cycle_momentum": "yes"}, "cycle_momentum"),
        ({"base_momentum": 1.5}, "base_momentum"),
        ({"max_momentum": -0.1}, "max_momentum"),
        ({"cycle_momentum": True, "scale_fn": lambda c: np.sin(c)}, "scale_fn"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs, argument):
    with pytest.raises(ValueError, match=f"`{argument}`"):
        CyclicLR(**kwargs)


def test_unknown_mode_is_a_value_error_and_a_key_error():
    with pytest.raises(KeyError):
        CyclicLR(mode="cosine")
    with pytest.raises(ValueError, match="triangular2"):
        CyclicLR(mode="cosine")


def test_schedule_survives_save_and_load(tmp_path):
    schedule = CyclicalLearningRate(0.01, 0.05, 3, mode="triangular2", offset=2)
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(schedule), loss="mse")
    model.fit(np.ones((5, 1)), np.ones((5, 1)), batch_size=1, verbose=0)
    path = tmp_path / "model.keras"
    model.save(path)
    restored = keras.models.load_model(path)
    lr = restored.optimizer._learning_rate
    assert isinstance(lr, CyclicalLearningRate)
    assert lr.get_config() == schedule.get_config()
    assert float(restored.optimizer.learning_rate) == pytest.approx(smith_lr(3, 0.01, 0.05, 3, lambda c, k: 0.5 ** (c - 1)))


def test_summaries_hold_the_lr_of_every_step_and_the_cycles(tmp_path):
    model, x = unit_gradient_model(), np.ones((10, 1))
    model.fit(x, x, batch_size=2, epochs=3, verbose=0, callbacks=[CyclicLR(0.01, 0.05, 2.5, log_dir=tmp_path)])
    reader = LogReader(tmp_path)
    assert {"scalars", metadata.PLUGIN_NAME} <= reader.plugins()
    lr = reader.scalars(".", metadata.LR_TAG)
    assert [step for step, _ in lr] == list(range(15))
    np.testing.assert_allclose([v for _, v in lr], [smith_lr(k, 0.01, 0.05, 2.5) for k in range(15)], rtol=1e-6)
    [(step, schedule)] = reader.records(".", metadata.SCHEDULE_TAG)
    assert step == 0
    assert schedule == {"type": "cyclic", "mode": "triangular", "base_lr": 0.01, "max_lr": 0.05, "step_size": 2.5,
                        "step_size_down": 2.5, "gamma": 1.0, "scale_mode": "cycle", "offset": 0,
                        "steps_per_epoch": 5}
    assert reader.records(".", metadata.CYCLE_TAG) == [(0, {"cycle": 1}), (5, {"cycle": 2}), (10, {"cycle": 3})]
    assert reader.records(".", metadata.EPOCH_TAG) == [(0, {"epoch": 0}), (5, {"epoch": 1}), (10, {"epoch": 2})]


def test_resumed_run_shows_one_gapless_lr_series(tmp_path):
    """Killed in epoch 3, resumed by BackupAndRestore in a new fit with new
    objects: TensorBoard shows every step once, at the schedule's value."""

    class Crash(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if self.model.optimizer.iterations.numpy() == 13:
                raise RuntimeError("killed")

    x = np.ones((5, 1))
    backup = tmp_path / "backup"
    model = unit_gradient_model()
    with pytest.raises(RuntimeError):
        model.fit(x, x, batch_size=1, epochs=4, verbose=0, callbacks=[
            CyclicLR(0.01, 0.05, 3, log_dir=tmp_path / "logs"),
            keras.callbacks.BackupAndRestore(backup), Crash()])
    from cyclescope.tb_plugin.summary_writer import SummaryWriter
    SummaryWriter._open.clear()  # the killed process's writer is gone

    model, trace = unit_gradient_model(), WeightTrace()
    # CyclicLR comes first: the restore happens after its on_train_begin.
    model.fit(x, x, batch_size=1, epochs=4, verbose=0, shuffle=False, callbacks=[
        CyclicLR(0.01, 0.05, 3, log_dir=tmp_path / "logs"), keras.callbacks.BackupAndRestore(backup), trace])
    np.testing.assert_allclose(applied_lrs(trace), [smith_lr(k, 0.01, 0.05, 3) for k in range(10, 20)], rtol=1e-5)
    lr = LogReader(tmp_path / "logs").scalars(".", metadata.LR_TAG)
    assert [step for step, _ in lr] == list(range(20))
    np.testing.assert_allclose([v for _, v in lr], [smith_lr(k, 0.01, 0.05, 3) for k in range(20)], rtol=1e-6)


def test_writing_summaries_needs_no_tensorflow(tmp_path):
    script = f"""
import sys
from cyclescope.tb_plugin.summary_writer import SummaryWriter
writer = SummaryWriter.acquire({str(tmp_path)!r})
writer.scalars("learning_rate", [0, 1], [0.001, 0.0010025])
writer.release()
assert "tensorflow" not in sys.modules, "tensorflow was imported"
"""
    subprocess.run([sys.executable, "-c", script], check=True)
    assert LogReader(tmp_path).scalars(".", "learning_rate")[1][1] == pytest.approx(0.0010025)


def test_package_modules_never_import_tensorflow():
    root = pathlib.Path(__file__).resolve().parents[1]
    for path in [*root.glob("callbacks/*.py"), *root.glob("tb_plugin/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "tensorflow" for n in names), path


class HalvingScale:
    """A scale function that is an object: Keras cannot serialize it."""

    def __call__(self, cycle):
        return 0.5 ** (cycle - 1)


def _halving(cycle, base):
    return base ** (cycle - 1)


def scale_functions():
    # eval'd source cannot be read back by `inspect`.
    return {
        "object": HalvingScale(),
        "partial": functools.partial(_halving, base=0.5),
        "lambda_without_source": eval("lambda cycle: 0.5 ** (cycle - 1)"),
        "lambda": lambda cycle: 0.5 ** (cycle - 1),
    }


@pytest.mark.parametrize("kind", ["object", "partial", "lambda_without_source", "lambda"])
def test_reset_works_with_any_callable_scale(kind):
    class ResetAtBatch(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 4:
                clr._reset(new_max_lr=0.03)

    scale_fn = scale_functions()[kind]
    model, x = unit_gradient_model(), np.ones((10, 1))
    clr, trace = CyclicLR(0.01, 0.05, 2, scale_fn=scale_fn), WeightTrace()
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # no unsafe-lambda warning either
        clr._reset(new_base_lr=0.02)
        model.fit(x, x, batch_size=1, epochs=1, verbose=0, shuffle=False,
                  callbacks=[clr, ResetAtBatch(), trace])
    halving = lambda c, k: 0.5 ** (c - 1)  # noqa: E731
    expected = [smith_lr(k, 0.02, 0.05, 2, halving) for k in range(5)] + [
        smith_lr(k, 0.02, 0.03, 2, halving) for k in range(5)
    ]
    np.testing.assert_allclose(applied_lrs(trace), expected, rtol=1e-5)


def test_zero_base_lr_is_accepted_and_applied():
    model, trace = unit_gradient_model(), WeightTrace()
    clr = CyclicLR(base_lr=0.0, max_lr=0.04, step_size=2)
    model.fit(np.ones((8, 1)), np.ones((8, 1)), batch_size=1, verbose=0, shuffle=False,
              callbacks=[clr, trace])
    expected = [smith_lr(k, 0.0, 0.04, 2) for k in range(8)]
    assert expected[0] == expected[4] == 0.0
    np.testing.assert_allclose(applied_lrs(trace), expected, rtol=1e-5, atol=1e-12)


def test_logging_works_where_tensorflow_cannot_be_imported(tmp_path):
    backend = keras.backend.backend()
    backend = "torch" if backend == "tensorflow" else backend
    script = f"""
import sys
sys.modules["tensorflow"] = None  # `import tensorflow` now fails
import numpy as np, keras
from cyclescope.callbacks import CyclicLR, DeadReluDetector, SnapshotCallbackBuilder
x = np.ones((6, 3), "float32")
for name, schedule in [("clr", [CyclicLR(0.01, 0.05, 2, log_dir={str(tmp_path / 'clr')!r})]),
                       ("snapshots", SnapshotCallbackBuilder(2, 2, 0.05).get_callbacks(
                           model_prefix={str(tmp_path / 'weights' / 'M')!r},
                           log_dir={str(tmp_path / 'snapshots')!r}, monitor="loss"))]:
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.01), "mse")
    detector = DeadReluDetector(x, log_dir={str(tmp_path)!r} + "/" + name)
    model.fit(x, x[:, :1], batch_size=2, epochs=2, verbose=0, callbacks=[*schedule, detector])
assert keras.backend.backend() == {backend!r}
"""
    env = dict(os.environ, KERAS_BACKEND=backend)
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=300)
    reader = LogReader(tmp_path)
    for run in ("clr", "snapshots"):
        assert [step for step, _ in reader.scalars(run, metadata.LR_TAG)] == list(range(6))
        assert [step for step, _ in reader.records(run, metadata.DEAD_RELU_TAG)] == [2, 5]
    assert len(reader.records("snapshots", metadata.SNAPSHOT_TAG)) == 2


def torch_cyclic(k, base, top, up, down):
    """The triangular scale factor of torch's CyclicLR.get_lr, written out:
    the fraction of the way from `base` to `top` at step k."""
    total = up + down
    cycle = math.floor(1 + k / total)
    x = 1.0 + k / total - cycle
    ratio = up / total
    return base + (top - base) * (x / ratio if x <= ratio else (x - 1) / (ratio - 1))


def cyclic_case(name):
    """Our arguments for a torch case: CyclicalLearningRate's, the momentum
    bounds (torch's defaults where the case has none), the steps."""
    _, _, steps, kwargs = torch_schedules.CASES[name]
    kwargs = dict(kwargs)
    momentum = kwargs.pop("base_momentum", 0.8), kwargs.pop("max_momentum", 0.9)
    kwargs["step_size"] = kwargs.pop("step_size_up")
    return kwargs, momentum, steps


CYCLIC_CASES = [name for name, case in torch_schedules.CASES.items() if case[0] == "CyclicLR"]


@pytest.mark.parametrize("name", CYCLIC_CASES)
def test_schedule_lr_and_momentum_equal_torchs_cyclic_lr(name):
    kwargs, (base_momentum, max_momentum), steps = cyclic_case(name)
    expected = torch_schedules.reference(name)
    schedule = CyclicalLearningRate(**kwargs)
    k = np.arange(steps)
    np.testing.assert_allclose(schedule.values(k), expected["lr"], rtol=1e-12, atol=1e-16)
    np.testing.assert_allclose(
        schedule.momentum_values(k, base_momentum, max_momentum), expected["momentum"], rtol=1e-12)
    # Inside the compiled step, in float32.
    in_graph = keras.ops.convert_to_numpy(schedule(k))
    np.testing.assert_allclose(in_graph, expected["lr"], rtol=1e-6, atol=1e-7 * kwargs["max_lr"])
    in_graph = keras.ops.convert_to_numpy(schedule.momentum(k, base_momentum, max_momentum))
    np.testing.assert_allclose(in_graph, expected["momentum"], rtol=1e-6)


def single_weight_model(optimizer):
    """One weight w and loss = w * 1, as `unit_gradient_model`, any optimizer."""
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros")])
    model.compile(optimizer=optimizer, loss=lambda y_true, y_pred: keras.ops.mean(y_pred))
    return model


@pytest.mark.parametrize("name", ["cyclic_triangular2_asymmetric", "cyclic_adam_beta_1"])
def test_history_and_epoch_logs_equal_torchs_cyclic_lr(name):
    kwargs, (base_momentum, max_momentum), steps = cyclic_case(name)
    expected = torch_schedules.reference(name)
    adam = torch_schedules.CASES[name][1] == "Adam"
    optimizer = keras.optimizers.Adam(0.1) if adam else keras.optimizers.SGD(0.1, momentum=0.9)
    clr = CyclicLR(**kwargs, cycle_momentum=True, base_momentum=base_momentum, max_momentum=max_momentum)
    x = np.ones((steps // 3, 1))
    history = single_weight_model(optimizer).fit(x, x, batch_size=1, epochs=3, verbose=0, callbacks=[clr])
    # history[i] is the value set after batch i + 1: torch's after i + 1 steps.
    np.testing.assert_allclose(clr.history["lr"][:-1], expected["lr"][1:], rtol=1e-12, atol=1e-16)
    np.testing.assert_allclose(clr.history["momentum"][:-1], expected["momentum"][1:], rtol=1e-12)
    epoch_ends = [steps // 3, 2 * steps // 3]
    np.testing.assert_allclose(history.history["lr"][:2], [expected["lr"][k] for k in epoch_ends], rtol=1e-12)
    np.testing.assert_allclose(
        history.history["momentum"][:2], [expected["momentum"][k] for k in epoch_ends], rtol=1e-12)


def test_asymmetric_cycles_start_every_step_size_plus_step_size_down():
    schedule = CyclicalLearningRate(step_size=2.5, step_size_down=4.25)
    assert schedule.cycle_starts(0, 30) == [(math.ceil(n * 6.75), n + 1) for n in range(5)]
    assert CyclicalLearningRate(step_size=3).cycle_starts(0, 13) == [(0, 1), (6, 2), (12, 3)]


def test_symmetric_schedule_is_unchanged_by_an_explicit_equal_step_size_down():
    symmetric = CyclicalLearningRate(mode="triangular2")
    explicit = CyclicalLearningRate(mode="triangular2", step_size_down=2000)
    steps = np.arange(0, 9001, 7)
    np.testing.assert_allclose(explicit.values(steps), symmetric.values(steps), rtol=1e-13)
    np.testing.assert_allclose(
        symmetric.values(steps), [smith_lr(k, scale=lambda c, k: 0.5 ** (c - 1)) for k in steps], rtol=1e-13)
    assert symmetric.describe()["step_size_down"] == 2000


def test_asymmetric_schedule_serializes_and_survives_save_and_load(tmp_path):
    schedule = CyclicalLearningRate(0.01, 0.05, 3, mode="exp_range", gamma=0.9, step_size_down=7.5, offset=2)
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(schedule))
    assert isinstance(restored, CyclicalLearningRate)
    assert restored.get_config() == schedule.get_config()
    np.testing.assert_allclose(restored.values(np.arange(40)), schedule.values(np.arange(40)), rtol=0)

    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(schedule), loss="mse")
    model.fit(np.ones((5, 1)), np.ones((5, 1)), batch_size=1, verbose=0)
    model.save(tmp_path / "model.keras")
    loaded = keras.models.load_model(tmp_path / "model.keras").optimizer
    assert loaded._learning_rate.get_config() == schedule.get_config()
    # Step 5 is position 3 of a 10.5-step cycle: the peak, scaled by gamma**3.
    assert float(loaded.learning_rate) == pytest.approx(
        torch_cyclic(3, 0.01, 0.01 + 0.04 * 0.9**3, 3, 7.5), rel=1e-6)


def read_blocks(log_dir, tag):
    """{step: value} of a cyclescope block tag (consecutive steps per event)."""
    reader = LogReader(log_dir)
    data = reader.provider.read_tensors(
        reader.ctx, experiment_id="", plugin_name=metadata.PLUGIN_NAME, downsample=10**9)
    values = {}
    for datum in data["."][tag]:
        for i, value in enumerate(datum.numpy.tolist()):
            values[datum.step + i] = value
    return values


def test_summaries_hold_the_momentum_of_every_step_and_asymmetric_cycles(tmp_path):
    model, x = single_weight_model(keras.optimizers.SGD(0.1, momentum=0.9)), np.ones((10, 1))
    clr = CyclicLR(0.01, 0.05, 2, step_size_down=3, cycle_momentum=True, base_momentum=0.7, max_momentum=0.95,
                   log_dir=tmp_path)
    model.fit(x, x, batch_size=2, epochs=3, verbose=0, callbacks=[clr])
    reader = LogReader(tmp_path)
    lrs = [torch_cyclic(k, 0.01, 0.05, 2, 3) for k in range(15)]
    # The momentum goes the other way: 0.95 at base_lr, 0.7 at max_lr.
    momentums = [0.95 - (0.95 - 0.7) * (lr - 0.01) / 0.04 for lr in lrs]
    for tag, block_tag, expected in ((metadata.LR_TAG, metadata.LR_BLOCK_TAG, lrs),
                                     (metadata.MOMENTUM_TAG, metadata.MOMENTUM_BLOCK_TAG, momentums)):
        series = reader.scalars(".", tag)
        assert [step for step, _ in series] == list(range(15))
        np.testing.assert_allclose([v for _, v in series], expected, rtol=1e-6)
        blocks = read_blocks(tmp_path, block_tag)
        assert sorted(blocks) == list(range(15))
        np.testing.assert_allclose([blocks[k] for k in range(15)], expected, rtol=1e-6)
    [(_, schedule)] = reader.records(".", metadata.SCHEDULE_TAG)
    assert (schedule["step_size"], schedule["step_size_down"]) == (2, 3)
    assert (schedule["momentum_attribute"], schedule["base_momentum"], schedule["max_momentum"]) == (
        "momentum", 0.7, 0.95)
    assert reader.records(".", metadata.CYCLE_TAG) == [(0, {"cycle": 1}), (5, {"cycle": 2}), (10, {"cycle": 3})]
