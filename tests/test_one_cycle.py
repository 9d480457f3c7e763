"""`OneCycleSchedule` and `OneCycleLR` against torch's `OneCycleLR`."""

import json
import math

import keras
import numpy as np
import pytest

from cyclescope.callbacks import OneCycleLR, OneCycleSchedule
from cyclescope.tb_plugin import metadata, phases
from tests.fixtures import make_torch_schedules as torch_schedules
from tests.tensorboard_reader import LogReader

pytestmark = pytest.mark.backends

ONE_CYCLE_CASES = [name for name, case in torch_schedules.CASES.items() if case[0] == "OneCycleLR"]


def one_cycle_case(name):
    """The schedule's arguments of a torch case, the momentum bounds
    (torch's defaults where the case has none) and the steps."""
    _, _, steps, kwargs = torch_schedules.CASES[name]
    kwargs = dict(kwargs)
    momentum = kwargs.pop("base_momentum", 0.85), kwargs.pop("max_momentum", 0.95)
    return kwargs, momentum, steps


@pytest.mark.parametrize("name", ONE_CYCLE_CASES)
def test_schedule_lr_and_momentum_equal_torchs_one_cycle_lr(name):
    kwargs, (base_momentum, max_momentum), steps = one_cycle_case(name)
    expected = torch_schedules.reference(name)
    schedule = OneCycleSchedule(**kwargs)
    k = np.arange(steps)
    np.testing.assert_allclose(schedule.values(k), expected["lr"], rtol=1e-12, atol=1e-16)
    np.testing.assert_allclose(
        schedule.momentum_values(k, base_momentum, max_momentum), expected["momentum"], rtol=1e-12)
    # Inside the compiled step, in float32: within float32 rounding of max_lr.
    in_graph = keras.ops.convert_to_numpy(schedule(k))
    np.testing.assert_allclose(in_graph, expected["lr"], rtol=1e-5, atol=1e-7 * kwargs["max_lr"])
    in_graph = keras.ops.convert_to_numpy(schedule.momentum(k, base_momentum, max_momentum))
    np.testing.assert_allclose(in_graph, expected["momentum"], rtol=1e-6)


def test_recorded_torch_values_match_torch():
    """The fixture used where torch is not installed cannot drift from it."""
    pytest.importorskip("torch")
    recorded = json.loads(torch_schedules.RECORDED.read_text())
    assert set(recorded) == set(torch_schedules.CASES)
    for name in torch_schedules.CASES:
        assert recorded[name] == torch_schedules.torch_schedule(name), name


def test_without_torch_the_reference_is_the_recorded_file(monkeypatch):
    monkeypatch.setattr(torch_schedules, "torch_installed", lambda: False)
    recorded = json.loads(torch_schedules.RECORDED.read_text())
    assert torch_schedules.reference("one_cycle_cos") == recorded["one_cycle_cos"]


def test_after_total_steps_the_schedule_holds_its_last_values():
    schedule = OneCycleSchedule(0.1, total_steps=10, three_phase=True)
    after = np.arange(9, 15)  # step 9 is the last of the cycle
    minimum = 0.1 / 25.0 / 1e4
    np.testing.assert_allclose(schedule.values(after), minimum, rtol=1e-12)
    np.testing.assert_allclose(schedule.momentum_values(after, 0.85, 0.95), 0.95, rtol=1e-12)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(schedule(after)), minimum, rtol=1e-5)


def test_schedule_serializes_and_survives_save_and_load(tmp_path):
    schedule = OneCycleSchedule(0.2, 40, pct_start=0.35, anneal_strategy="linear", div_factor=10.0,
                                final_div_factor=100.0, three_phase=True, offset=3)
    restored = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(schedule))
    assert isinstance(restored, OneCycleSchedule)
    assert restored.get_config() == schedule.get_config()
    np.testing.assert_allclose(restored.values(np.arange(50)), schedule.values(np.arange(50)), rtol=0)

    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(schedule, momentum=0.9), loss="mse")
    model.fit(np.ones((5, 1)), np.ones((5, 1)), batch_size=1, verbose=0)
    model.save(tmp_path / "model.keras")
    loaded = keras.models.load_model(tmp_path / "model.keras").optimizer
    assert loaded._learning_rate.get_config() == schedule.get_config()
    # Step 5 is step 2 of the cycle: a third of the linear warm-up from 0.02
    # to 0.2 (it ends at 0.35 * 40 - 1 = 13).
    assert float(loaded.learning_rate) == pytest.approx(0.02 + (0.2 - 0.02) * 2 / 13, rel=1e-6)


def unit_gradient_model(optimizer=None):
    """One weight w and loss = w * 1: plain SGD moves w by exactly -lr."""
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros")])
    model.compile(optimizer=optimizer or keras.optimizers.SGD(0.5),
                  loss=lambda y_true, y_pred: keras.ops.mean(y_pred))
    return model


class WeightTrace(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.weights = [self._weight()]

    def on_train_batch_end(self, batch, logs=None):
        self.weights.append(self._weight())

    def _weight(self):
        return float(keras.ops.convert_to_numpy(self.model.weights[0])[0, 0])

    def applied_lrs(self):
        return -np.diff(self.weights)

    def float32_error(self):
        """How far differences of float32 weights may be off: a few ulps."""
        return 4 * float(np.spacing(np.float32(np.abs(self.weights).max())))


def test_history_and_epoch_logs_equal_torchs_one_cycle_lr():
    kwargs, momentum, steps = one_cycle_case("one_cycle_three_phase")
    expected = torch_schedules.reference("one_cycle_three_phase")
    callback = OneCycleLR(**kwargs, base_momentum=momentum[0], max_momentum=momentum[1])
    model, x = unit_gradient_model(keras.optimizers.SGD(0.5, momentum=0.9)), np.ones((steps // 4, 1))
    history = model.fit(x, x, batch_size=1, epochs=4, verbose=0, callbacks=[callback])
    np.testing.assert_allclose(callback.history["lr"][:-1], expected["lr"][1:], rtol=1e-12)
    np.testing.assert_allclose(callback.history["momentum"][:-1], expected["momentum"][1:], rtol=1e-12)
    assert callback.history["iterations"] == list(range(1, steps + 1))
    assert len(callback.history["loss"]) == steps
    ends = [10, 20, 30]
    np.testing.assert_allclose(history.history["learning_rate"][:3], [expected["lr"][k] for k in ends], rtol=1e-12)
    np.testing.assert_allclose(history.history["lr"][:3], [expected["lr"][k] for k in ends], rtol=1e-12)
    np.testing.assert_allclose(history.history["momentum"][:3], [expected["momentum"][k] for k in ends], rtol=1e-12)


def test_a_new_callback_resumes_the_cycle_from_the_optimizer_steps():
    model, x = unit_gradient_model(), np.ones((10, 1))
    arguments = dict(max_lr=0.05, total_steps=30, anneal_strategy="linear", cycle_momentum=False)
    model.fit(x, x, batch_size=1, epochs=1, verbose=0, callbacks=[OneCycleLR(**arguments)])
    trace = WeightTrace()
    model.fit(x, x, batch_size=1, epochs=3, initial_epoch=1, verbose=0, shuffle=False,
              callbacks=[OneCycleLR(**arguments), trace])
    # Linear warm-up from 0.002 to 0.05 over steps 0..8, then down to 2e-7.
    warm_up_end, minimum = 0.3 * 30 - 1, 0.05 / 25 / 1e4
    expected = [0.05 + (minimum - 0.05) * (k - warm_up_end) / (29 - warm_up_end) for k in range(10, 30)]
    np.testing.assert_allclose(trace.applied_lrs(), expected, rtol=1e-5, atol=trace.float32_error())


def test_epochs_alone_take_the_steps_per_epoch_of_the_fit():
    model, trace, x = unit_gradient_model(), WeightTrace(), np.ones((10, 1))
    callback = OneCycleLR(0.05, epochs=2, cycle_momentum=False)
    assert callback.total_steps is None
    model.fit(x, x, batch_size=2, epochs=2, verbose=0, callbacks=[callback, trace])
    assert callback.total_steps == 10
    np.testing.assert_allclose(trace.applied_lrs(), OneCycleSchedule(0.05, 10).values(np.arange(10)),
                               rtol=1e-5, atol=trace.float32_error())
    assert OneCycleLR(0.05, epochs=3, steps_per_epoch=7).total_steps == 21
    assert OneCycleLR(0.05, total_steps=12, epochs=3, steps_per_epoch=7).total_steps == 12  # as torch


def batches(count):
    """A generator: Keras cannot tell how many steps an epoch has."""
    for _ in range(count):
        yield np.ones((1, 1), "float32"), np.ones((1, 1), "float32")


def test_epochs_alone_with_data_of_unknown_length_is_a_clear_error():
    model = unit_gradient_model()
    with pytest.raises(ValueError, match="steps_per_epoch"):
        model.fit(batches(4), epochs=1, verbose=0, shuffle=False,
                  callbacks=[OneCycleLR(0.05, epochs=1, cycle_momentum=False)])
    assert "_get_current_learning_rate" not in vars(model.optimizer)


def test_a_fit_known_to_run_past_total_steps_is_refused_before_its_first_step():
    model, x = unit_gradient_model(), np.ones((10, 1))
    with pytest.raises(ValueError, match="total_steps") as error:
        model.fit(x, x, batch_size=1, epochs=2, verbose=0,
                  callbacks=[OneCycleLR(0.05, total_steps=15, cycle_momentum=False)])
    assert "step 20" in str(error.value)
    assert int(keras.ops.convert_to_numpy(model.optimizer.iterations)) == 0
    assert float(keras.ops.convert_to_numpy(model.weights[0])[0, 0]) == 0.0
    # The optimizer is its own again: the next fit applies its LR.
    trace = WeightTrace()
    model.fit(x, x, batch_size=1, epochs=1, verbose=0, callbacks=[trace])
    np.testing.assert_allclose(trace.applied_lrs(), 0.5, rtol=1e-6)


@pytest.mark.filterwarnings("ignore:Your input ran out of data")
def test_a_fit_of_unknown_length_past_total_steps_holds_the_last_lr():
    model, trace = unit_gradient_model(), WeightTrace()
    callback = OneCycleLR(0.05, total_steps=6, final_div_factor=10.0, cycle_momentum=False)
    model.fit(batches(10), epochs=1, verbose=0, shuffle=False, callbacks=[callback, trace])
    expected = np.concatenate([OneCycleSchedule(0.05, 6, final_div_factor=10.0).values(np.arange(6)),
                               [0.05 / 25 / 10] * 4])
    np.testing.assert_allclose(trace.applied_lrs(), expected, rtol=1e-5, atol=trace.float32_error())


@pytest.mark.parametrize("kwargs,argument", [
    ({"max_lr": -0.1, "total_steps": 10}, "max_lr"),
    ({"max_lr": 0.1, "total_steps": 0}, "total_steps"),
    ({"max_lr": 0.1, "total_steps": 10.5}, "total_steps"),
    ({"max_lr": 0.1, "epochs": 0}, "epochs"),
    ({"max_lr": 0.1, "epochs": 2, "steps_per_epoch": -1}, "steps_per_epoch"),
    ({"max_lr": 0.1}, "total_steps"),
    ({"max_lr": 0.1, "total_steps": 10, "pct_start": 1.5}, "pct_start"),
    ({"max_lr": 0.1, "total_steps": 10, "anneal_strategy": "exp"}, "anneal_strategy"),
    ({"max_lr": 0.1, "total_steps": 10, "div_factor": 0}, "div_factor"),
    ({"max_lr": 0.1, "total_steps": 10, "final_div_factor": float("inf")}, "final_div_factor"),
    ({"max_lr": 0.1, "total_steps": 10, "three_phase": "yes"}, "three_phase"),
    ({"max_lr": 0.1, "epochs": 3, "base_momentum": 2.0}, "base_momentum"),
    ({"max_lr": 0.1, "epochs": 3, "cycle_momentum": 1}, "cycle_momentum"),
])
def test_bad_arguments_name_the_argument(kwargs, argument):
    with pytest.raises(ValueError, match=f"`{argument}`"):
        OneCycleLR(**kwargs)


def test_summaries_hold_the_lr_and_momentum_and_the_phases(tmp_path):
    model, x = unit_gradient_model(keras.optimizers.SGD(0.5, momentum=0.9)), np.ones((10, 1))
    model.fit(x, x, batch_size=1, epochs=2, verbose=0, callbacks=[OneCycleLR(0.05, total_steps=20, log_dir=tmp_path)])
    reader = LogReader(tmp_path)
    schedule = OneCycleSchedule(0.05, 20)
    lr, momentum = reader.scalars(".", metadata.LR_TAG), reader.scalars(".", metadata.MOMENTUM_TAG)
    assert [step for step, _ in lr] == [step for step, _ in momentum] == list(range(20))
    np.testing.assert_allclose([v for _, v in lr], schedule.values(np.arange(20)), rtol=1e-6)
    np.testing.assert_allclose([v for _, v in momentum], schedule.momentum_values(np.arange(20), 0.85, 0.95),
                               rtol=1e-6)
    [(step, record)] = reader.records(".", metadata.SCHEDULE_TAG)
    assert step == 0
    assert record == {"type": "one_cycle", "max_lr": 0.05, "total_steps": 20, "pct_start": 0.3,
                      "anneal_strategy": "cos", "div_factor": 25.0, "final_div_factor": 1e4,
                      "three_phase": False, "offset": 0, "steps_per_epoch": 10,
                      "momentum_attribute": "momentum", "base_momentum": 0.85, "max_momentum": 0.95}
    cycles, phase_list = phases.from_schedules([(step, record)], [], reader.records(".", metadata.EPOCH_TAG), 20)
    # Warm-up to torch's end step 0.3 * 20 - 1 = 5, annealing after it.
    assert [(p["phase"], p["start"], p["end"]) for p in phase_list] == [("rising", 0, 6), ("falling", 6, 20)]
    assert math.isclose(schedule.values(5), 0.05) and schedule.values(6) < 0.05
    assert cycles == [{"cycle": 1, "start": 0, "end": 20}]
