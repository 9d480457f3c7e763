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
