"""Every use of a Keras internal in cyclescope, each with the reason.

Keras's public API has no way to compute the learning rate inside the
compiled train step from a callback, to reach the ReLUs inside a nested
model, to read the step count mid-epoch on JAX, or to learn that a `fit`
raised. Everything that needs a private attribute goes through this module,
so that a Keras upgrade that removes one fails here, with the Keras version
in the error, and nowhere else.
"""

import keras


class KerasInternalsError(RuntimeError):
    """A Keras internal that cyclescope relies on is missing."""


def _require(owner, name):
    if not hasattr(owner, name):
        raise KerasInternalsError(
            f"cyclescope needs `{getattr(owner, '__name__', type(owner).__name__)}"
            f".{name}`, which Keras {keras.__version__} does not have. "
            "Please report this with your Keras version; the cyclescope "
            "README lists the Keras versions it is tested with."
        )


def override_learning_rate(optimizer, learning_rate_fn):
    """Makes every update of `optimizer` take its LR from `learning_rate_fn`.

    Shadowing `_get_current_learning_rate` on the instance, which Keras's
    optimizers call in every backend's update (and in the public
    `learning_rate` getter), puts the schedule inside the compiled step while
    the optimizer keeps its variables: checkpoints and `BackupAndRestore` see
    it unchanged. `restore_learning_rate` undoes it.
    """
    _require(optimizer, "_get_current_learning_rate")
    object.__setattr__(optimizer, "_get_current_learning_rate", learning_rate_fn)


def restore_learning_rate(optimizer):
    """Undoes `override_learning_rate`; does nothing if it was not applied."""
    if "_get_current_learning_rate" in vars(optimizer):
        object.__delattr__(optimizer, "_get_current_learning_rate")


def override_hyperparameter(optimizer, name, value_fn):
    """Makes every update of `optimizer` read its float hyperparameter `name`
    (SGD's `momentum`, Adam's `beta_1`) as `value_fn()`, a value computed in
    the update (from `optimizer.iterations`).

    Keras optimizers keep these as Python floats that the update code reads
    (`ops.cast(self.momentum, dtype)`, `1 - self.beta_1`,
    `torch._foreach_mul_(bufs, self.momentum)`), so a float assigned from a
    callback is baked into a compiled step. `_backend_update_step`, which
    every backend's `apply` calls once per step with the step's LR, is
    shadowed on the instance to put a stand-in under `name` for the length of
    the update: on TensorFlow and JAX a float that converts to `value_fn()`
    in the traced step (`__tf_tensor__`, `__jax_array__`) and computes with
    it; on PyTorch, whose updates run eagerly, the step's own value as a
    float. Either compares like the original float, so Keras's checks such
    as `if self.momentum != 0` go the way they went at `build()`. Outside an
    update `name` holds the original float, so checkpoints, `get_config()`
    and `restore_hyperparameter` find it unchanged.
    """
    _require(optimizer, "_backend_update_step")
    original = getattr(optimizer, name)
    update_step = type(optimizer)._backend_update_step
    eager = keras.backend.backend() == "torch"

    def update_with_hyperparameter(grads, trainable_variables, learning_rate):
        if eager:
            value = float(keras.ops.convert_to_numpy(value_fn()))
            stand_in = _StepFloat(value, original)
        else:
            stand_in = _TracedFloat(original, value_fn)
        object.__setattr__(optimizer, name, stand_in)
        try:
            return update_step(optimizer, grads, trainable_variables, learning_rate)
        finally:
            object.__setattr__(optimizer, name, original)

    object.__setattr__(optimizer, "_backend_update_step", update_with_hyperparameter)


def restore_hyperparameter(optimizer):
    """Undoes `override_hyperparameter`; does nothing if it was not applied."""
    if "_backend_update_step" in vars(optimizer):
        object.__delattr__(optimizer, "_backend_update_step")


class _ComparesAsOriginal(float):
    """A float whose comparisons are those of `self._original`."""

    def __eq__(self, other):
        return self._original == other

    def __ne__(self, other):
        return self._original != other

    def __lt__(self, other):
        return self._original < other

    def __le__(self, other):
        return self._original <= other

    def __gt__(self, other):
        return self._original > other

    def __ge__(self, other):
        return self._original >= other

    def __bool__(self):
        return bool(self._original)

    def __hash__(self):
        return hash(self._original)


class _StepFloat(_ComparesAsOriginal):
    """This step's value, for updates that run eagerly (PyTorch)."""

    def __new__(cls, value, original):
        result = super().__new__(cls, value)
        result._original = original
        return result


class _TracedFloat(_ComparesAsOriginal):
    """The original float, which turns into `value_fn()` wherever the
    traced update converts it to a tensor or computes with it."""

    def __new__(cls, original, value_fn):
        result = super().__new__(cls, original)
        result._original = original
        result._value_fn = value_fn
        return result

    def __tf_tensor__(self, dtype=None, name=None):
        value = keras.ops.convert_to_tensor(self._value_fn())
        return value if dtype is None else keras.ops.cast(value, dtype.name)

    def __jax_array__(self):
        return keras.ops.convert_to_tensor(self._value_fn())

    def __add__(self, other):
        return self._value_fn() + other

    def __radd__(self, other):
        return other + self._value_fn()

    def __sub__(self, other):
        return self._value_fn() - other

    def __rsub__(self, other):
        return other - self._value_fn()

    def __mul__(self, other):
        return self._value_fn() * other

    def __rmul__(self, other):
        return other * self._value_fn()

    def __truediv__(self, other):
        return self._value_fn() / other

    def __rtruediv__(self, other):
        return other / self._value_fn()

    def __pow__(self, other):
        return self._value_fn() ** other

    def __rpow__(self, other):
        return other ** self._value_fn()

    def __neg__(self):
        return -self._value_fn()


def rebuild_train_function(model):
    """Compiles a fresh train function (one that reads the override).

    The class method is called, not the instance attribute, which
    `FitWatch` shadows to notice new fits.
    """
    type(model).make_train_function(model, force=True)


def drop_train_function(model):
    """Forgets the compiled train function, so the next fit compiles anew."""
    model.train_function = None


def shadow_method(obj, name, method):
    """Shadows the method `name` of `obj` on the instance only.

    `object.__setattr__` bypasses Keras's attribute tracking.
    """
    object.__setattr__(obj, name, method)


def unshadow_method(obj, name):
    if name in vars(obj):
        object.__delattr__(obj, name)


def sync_jax_state(model):
    """Copies JAX's in-loop training state back into the model's variables.

    On JAX, `fit` keeps the variables in the loop's state and writes them
    back only at epoch ends; `jax_state_sync` is the trainer's own way for a
    callback to see them mid-epoch. Does nothing on other backends.
    """
    if keras.backend.backend() == "jax":
        _require(model, "jax_state_sync")
        model.jax_state_sync()


def run_through_graph(model, inputs, operation_fn):
    """Runs a Functional `model` on `inputs`, calling each layer through
    `operation_fn(layer)`, as `Functional.call` does.

    Keras layers have no forward hooks, and the layers inside a nested model
    have no output tensor in the outer graph, so this is the only way to see
    every ReLU's output in one forward pass.
    """
    _require(model, "_run_through_graph")
    _require(model, "_standardize_inputs")
    return model._run_through_graph(
        model._standardize_inputs(inputs), operation_fn=operation_fn
    )


def is_functional(model):
    """Whether `model` is a Functional model (it has a graph to run)."""
    return isinstance(model, keras.Model) and hasattr(model, "_run_through_graph")
