"""Reading the optimizer's step count and learning rate on any backend.

Every callback reads them through here: `int(optimizer.iterations)` fails on
a variable mirrored by a `tf.distribute` strategy, and on JAX the variables
are stale mid-epoch.
"""

import contextlib

import keras
import numpy as np

from cyclescope.callbacks import keras_internals


def training_optimizer(model):
    """The optimizer that steps `model`, unwrapped from a `LossScaleOptimizer`."""
    optimizer = model.optimizer
    return getattr(optimizer, "inner_optimizer", optimizer)


def settable_optimizer(model, user, hint=""):
    """`training_optimizer(model)`, which must have a float learning rate
    (a variable that `user` can set or override), not a schedule.

    Raises:
        ValueError: naming `user`, with `hint` appended, for a schedule.
    """
    optimizer = training_optimizer(model)
    if not isinstance(optimizer.learning_rate, keras.Variable):
        raise ValueError(
            f"{user} sets the learning rate of an optimizer created with a "
            "float `learning_rate`, but this optimizer's learning rate is a "
            f"schedule. Received: learning_rate={optimizer.learning_rate!r}" + hint
        )
    return optimizer


def global_step(model):
    """The number of optimizer steps `model` has taken, as a Python int.

    Works for mirrored and sharded variables, and mid-epoch on JAX.
    """
    keras_internals.sync_jax_state(model)
    return int(keras.ops.convert_to_numpy(training_optimizer(model).iterations))


def learning_rate(model):
    """The learning rate of `model`'s next step, as a Python float."""
    return float(keras.ops.convert_to_numpy(training_optimizer(model).learning_rate))


@contextlib.contextmanager
def state_kept(model):
    """Puts the values of the model's and its optimizer's variables (step
    count included) back on leaving, however it is left."""
    variables = {}
    optimizer = getattr(model, "optimizer", None)
    for variable in list(model.variables) + list(getattr(optimizer, "variables", [])):
        variables.setdefault(id(variable), variable)
    # `np.array` copies: on torch the numpy view shares the variable's memory.
    saved = [(v, np.array(keras.ops.convert_to_numpy(v.value))) for v in variables.values()]
    try:
        yield
    finally:
        for variable, value in saved:
            variable.assign(value)
