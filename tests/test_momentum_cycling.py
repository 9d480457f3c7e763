"""The momentum that `CyclicLR` and `OneCycleLR` cycle is the one the
optimizer applies: read back from the weights, step by step, it is torch's."""

import keras
import numpy as np
import pytest

from cyclescope.callbacks import CyclicLR, OneCycleLR, keras_internals
from tests.fixtures import make_torch_schedules as torch_schedules

pytestmark = pytest.mark.backends


def two_weight_model(optimizer):
    """y = w1 * x1 + w2 * x2 and loss = y: the gradient of a step is its
    input row."""
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros")])
    model.compile(optimizer=optimizer, loss=lambda y_true, y_pred: keras.ops.mean(y_pred))
    return model


def gradients(steps):
    """Rows (1, 2) and (1, -1) in turn: never parallel to the velocity, so
    each step's two weights give two independent equations."""
    return np.stack([np.ones(steps), np.where(np.arange(steps) % 2 == 0, 2.0, -1.0)], axis=1).astype("float32")


class WeightTrace(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.weights = [self._weights()]

    def on_train_batch_end(self, batch, logs=None):
        self.weights.append(self._weights())

    def _weights(self):
        keras_internals.sync_jax_state(self.model)
        return keras.ops.convert_to_numpy(self.model.weights[0]).ravel().astype(np.float64)


def applied_sgd(trace, g):
    """(lr, momentum) of each step, solved from Keras's SGD rule
    `v = momentum * v - lr * g; w = w + v` (the momentum of step 0, whose
    velocity starts at 0, is NaN)."""
    v = np.diff(np.array(trace.weights), axis=0)
    lrs, momentums = [-v[0, 0] / g[0, 0]], [np.nan]
    for k in range(1, len(v)):
        momentum, lr = np.linalg.solve(np.stack([v[k - 1], -g[k]], axis=1), v[k])
        lrs.append(lr)
        momentums.append(momentum)
    return np.array(lrs), np.array(momentums)


def one_cycle_arguments(kwargs):
    kwargs = dict(kwargs)
    momentum = {"base_momentum": kwargs.pop("base_momentum", 0.85), "max_momentum": kwargs.pop("max_momentum", 0.95)}
    return kwargs, momentum


def callback_for(name):
    """The callback of a torch case, cycling the momentum."""
    scheduler, _, _, kwargs = torch_schedules.CASES[name]
    kwargs = dict(kwargs)
    if scheduler == "CyclicLR":
        kwargs["step_size"] = kwargs.pop("step_size_up")
        return CyclicLR(**kwargs, cycle_momentum=True)
    return OneCycleLR(**kwargs)


@pytest.mark.parametrize("name", ["cyclic_triangular2_asymmetric", "one_cycle_three_phase_linear", "one_cycle_cos"])
def test_sgd_applies_torchs_lr_and_momentum_at_every_step(name):
    steps = torch_schedules.CASES[name][2]
    expected = torch_schedules.reference(name)
    model, trace, g = two_weight_model(keras.optimizers.SGD(0.5, momentum=0.5)), WeightTrace(), gradients(steps)
    model.fit(g, g[:, :1], batch_size=1, verbose=0, shuffle=False, callbacks=[callback_for(name), trace])
    lrs, momentums = applied_sgd(trace, g)
    scale = max(expected["lr"])
    np.testing.assert_allclose(lrs, expected["lr"], rtol=1e-4, atol=1e-5 * scale)
    np.testing.assert_allclose(momentums[1:], expected["momentum"][1:], rtol=1e-4)
    # The momentum really moves: a fixed one would not give these weights.
    assert np.ptp(momentums[1:]) > 0.05


def keras_adam_updates(g, lrs, beta_1s, beta_2=0.999, epsilon=1e-7):
    """Keras's Adam update (`keras.optimizers.Adam.update_step`), written
    out in float64 with the beta_1 of each step."""
    m = v = np.zeros(g.shape[1])
    updates = []
    for k, (grad, lr, beta_1) in enumerate(zip(g, lrs, beta_1s)):
        alpha = lr * np.sqrt(1 - beta_2 ** (k + 1)) / (1 - beta_1 ** (k + 1))
        m = m + (grad - m) * (1 - beta_1)
        v = v + (grad**2 - v) * (1 - beta_2)
        updates.append(-m * alpha / (np.sqrt(v) + epsilon))
    return np.array(updates)


@pytest.mark.parametrize("name", ["cyclic_adam_beta_1", "one_cycle_adam_beta_1"])
def test_adam_applies_torchs_beta_1_at_every_step(name):
    steps = torch_schedules.CASES[name][2]
    expected = torch_schedules.reference(name)
    model, trace, g = two_weight_model(keras.optimizers.Adam(0.5)), WeightTrace(), gradients(steps)
    model.fit(g, g[:, :1], batch_size=1, verbose=0, shuffle=False, callbacks=[callback_for(name), trace])
    weights = np.array(trace.weights)
    applied = np.diff(weights, axis=0)
    cycled = keras_adam_updates(g, expected["lr"], expected["momentum"])
    # Differences of float32 weights are exact only to a few of their ulps.
    float32_ulp = np.spacing(np.float32(np.abs(weights).max()))
    np.testing.assert_allclose(applied, cycled, rtol=2e-4, atol=4 * float32_ulp)
    # With Adam's own beta_1 = 0.9 throughout, the weights move otherwise.
    fixed = keras_adam_updates(g, expected["lr"], [0.9] * steps)
    assert np.max(np.abs(fixed - cycled) / np.abs(cycled)) > 100 * 2e-4


@pytest.mark.parametrize("raised", [False, True])
def test_after_the_fit_the_optimizer_applies_its_own_momentum_again(raised):
    class RaiseAtBatch(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 4:
                raise RuntimeError("stopped")

    model, g = two_weight_model(keras.optimizers.SGD(0.05, momentum=0.9)), gradients(8)
    optimizer = model.optimizer
    callbacks = [OneCycleLR(0.1, total_steps=30)] + ([RaiseAtBatch()] if raised else [])
    if raised:
        with pytest.raises(RuntimeError, match="stopped"):
            model.fit(g, g[:, :1], batch_size=1, verbose=0, callbacks=callbacks)
    else:
        model.fit(g, g[:, :1], batch_size=1, verbose=0, callbacks=callbacks)
        assert "_backend_update_step" not in vars(optimizer)
    assert type(optimizer.momentum) is float and optimizer.momentum == 0.9

    optimizer.learning_rate = 0.02
    trace = WeightTrace()
    model.fit(g, g[:, :1], batch_size=1, verbose=0, shuffle=False, callbacks=[trace])
    assert "_backend_update_step" not in vars(optimizer)
    assert "_get_current_learning_rate" not in vars(optimizer)
    # The velocity goes on from the cycled fit: only the first step's LR and
    # the later steps' momentum can be read back, both the optimizer's own.
    _, momentums = applied_sgd(trace, g)
    np.testing.assert_allclose(momentums[1:], 0.9, rtol=1e-4)
    v = np.diff(np.array(trace.weights), axis=0)
    np.testing.assert_allclose(-(v[1:] - 0.9 * v[:-1]) / g[1:], 0.02, rtol=1e-4)


def constant_momentum_callbacks():
    return {
        "CyclicLR": lambda: CyclicLR(0.01, 0.05, 3, cycle_momentum=True),
        "OneCycleLR": lambda: OneCycleLR(0.1, total_steps=20),
    }


@pytest.mark.parametrize("user", ["CyclicLR", "OneCycleLR"])
@pytest.mark.parametrize("optimizer,detail", [
    ("sgd", "momentum=0.0"), ("adagrad", "neither"), ("rmsprop", "momentum=0.0"),
])
def test_an_optimizer_without_a_momentum_to_cycle_is_a_clear_error(user, optimizer, detail):
    model, g = two_weight_model(optimizer), gradients(4)
    kind = type(model.optimizer).__name__
    with pytest.raises(ValueError, match="cycle_momentum") as error:
        model.fit(g, g[:, :1], batch_size=1, verbose=0, callbacks=[constant_momentum_callbacks()[user]()])
    assert user in str(error.value) and kind in str(error.value) and detail in str(error.value)
    # Nothing of the callback is left on the optimizer.
    assert not {"_backend_update_step", "_get_current_learning_rate"} & set(vars(model.optimizer))
    trace = WeightTrace()
    model.fit(g, g[:, :1], batch_size=1, verbose=0, callbacks=[trace])
    assert np.abs(np.diff(np.array(trace.weights), axis=0)).max() > 0


def test_without_cycle_momentum_any_optimizer_is_fine():
    for make in (lambda: OneCycleLR(0.1, total_steps=4, cycle_momentum=False), lambda: CyclicLR(0.01, 0.05, 2)):
        clr = make()
        model, g = two_weight_model("sgd"), gradients(4)
        history = model.fit(g, g[:, :1], batch_size=1, verbose=0, callbacks=[clr])
        assert "momentum" not in history.history and "momentum" not in clr.history
