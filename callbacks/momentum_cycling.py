"""Cycling an optimizer's momentum inside the compiled train step.

torch's `CyclicLR` and `OneCycleLR` cycle the momentum inversely to the LR:
SGD's `momentum`, or `beta_1` of the Adam family. Keras keeps both as Python
floats read by the compiled update, so setting the attribute from a callback
changes nothing once the step is traced; the momentum is computed inside the
step from `optimizer.iterations` instead (see
`keras_internals.override_hyperparameter`).
"""

from cyclescope.callbacks import arguments
from cyclescope.callbacks import keras_internals

# The attributes cycled, in the order torch looks for them (`betas` first).
ATTRIBUTES = ("beta_1", "momentum")


def momentum_bounds(base_momentum, max_momentum):
    """Returns `(base_momentum, max_momentum)` as floats; each must be a
    number in [0, 1]."""
    for name, value in (("base_momentum", base_momentum), ("max_momentum", max_momentum)):
        if not (arguments.is_number(value) and 0 <= value <= 1):
            raise ValueError(f"`{name}` must be a number in [0, 1]. Received: {name}={value!r}")
    return float(base_momentum), float(max_momentum)


def momentum_attribute(optimizer, user):
    """The name of the attribute of `optimizer` that `user` cycles:
    `"beta_1"` or `"momentum"`.

    Raises:
        ValueError: for an optimizer that has neither, or whose `momentum`
            is 0 (Keras builds no velocity for it: SGD, RMSprop).
    """
    for name in ATTRIBUTES:
        value = getattr(optimizer, name, None)
        if arguments.is_number(value):
            if value != 0:
                return name
            detail = f"it was built with {name}={value!r}"
            break
    else:
        detail = "it has neither a `momentum` nor a `beta_1`"
    kind = type(optimizer).__name__
    raise ValueError(
        f"{user} with `cycle_momentum=True` cycles the optimizer's `momentum` "
        f"(SGD) or `beta_1` (Adam and its family), but {detail}. Build it with "
        "a momentum, e.g. `keras.optimizers.SGD(learning_rate, momentum=0.9)`, "
        f"or pass `cycle_momentum=False`. Received: optimizer={kind}"
    )


def install(optimizer, attribute, momentum_fn):
    """Makes each update of `optimizer` use `momentum_fn(step)` as its
    `attribute`, `step` being the step's `optimizer.iterations`. The train
    function must be rebuilt after it."""
    keras_internals.override_hyperparameter(
        optimizer, attribute, lambda: momentum_fn(optimizer.iterations)
    )


def remove(optimizer):
    """Undoes `install`: the optimizer uses its own float again."""
    keras_internals.restore_hyperparameter(optimizer)
