"""The cyclical learning-rate schedule of Smith (2017)."""

import math

import keras
import numpy as np
from keras import ops

from cyclescope.callbacks import arguments

# Each built-in mode and the argument its scale takes.
MODES = {"triangular": "cycle", "triangular2": "cycle", "exp_range": "iterations"}
SCALE_MODES = ("cycle", "iterations")


class InvalidModeError(ValueError, KeyError):
    """An unknown `mode`: a `ValueError`, and a `KeyError` like keras-contrib's."""

    def __str__(self):
        return ValueError.__str__(self)


@keras.saving.register_keras_serializable(package="cyclescope")
class CyclicalLearningRate(keras.optimizers.schedules.LearningRateSchedule):
    """A cyclical learning rate (Smith 2017, "Cyclical Learning Rates for
    Training Neural Networks").

    With `k` the optimizer step counted from `offset`, `up = step_size`,
    `down = step_size_down` and `total = up + down` (torch's
    `torch.optim.lr_scheduler.CyclicLR` formula):

    ```
    cycle  = floor(1 + k / total)
    x      = 1 + k / total - cycle              # position in the cycle, [0, 1)
    height = x / (up / total)  if x <= up / total  else  (x - 1) / (up / total - 1)
    lr     = base_lr + (max_lr - base_lr) * height * scale(cycle or k)
    ```

    With `step_size_down=None` the cycle is symmetric and this is Smith's
    formula, `height = max(0, 1 - abs(k / step_size - 2 * cycle + 1))`.
    `triangular` keeps the amplitude, `triangular2` halves it every cycle,
    `exp_range` scales it by `gamma ** k`. A custom `scale_fn` replaces the
    mode's scale and takes the cycle number or `k`, as `scale_mode` says.
    `momentum(step, base_momentum, max_momentum)` is the momentum that
    torch cycles inversely to it: `max_momentum - (max_momentum -
    base_momentum) * height * scale`.

    Args:
        base_lr: lower bound of the cycle, a number >= 0.
        max_lr: upper bound of the cycle, positive and at least `base_lr`.
        step_size: steps of the rising half of a cycle, positive (may be
            fractional).
        mode: `"triangular"`, `"triangular2"` or `"exp_range"`.
        gamma: the `exp_range` factor, in (0, 1].
        scale_fn: optional function of one argument returning the amplitude
            scale; written with `keras.ops` or plain arithmetic it runs inside
            the compiled train step.
        scale_mode: `"cycle"` or `"iterations"`, the argument of `scale_fn`.
        step_size_down: steps of the falling half, positive; None (the
            default) means `step_size`.
        offset: the optimizer step at which the first cycle starts.
        name: name of the schedule.

    Example:

    ```python
    schedule = CyclicalLearningRate(1e-3, 6e-3, step_size=2000, mode="triangular2")
    model.compile(optimizer=keras.optimizers.SGD(schedule), loss="mse")
    ```
    """

    def __init__(
        self,
        base_lr=0.001,
        max_lr=0.006,
        step_size=2000.0,
        mode="triangular",
        gamma=1.0,
        scale_fn=None,
        scale_mode="cycle",
        step_size_down=None,
        offset=0,
        name="CyclicalLearningRate",
    ):
        super().__init__()
        self.base_lr = arguments.non_negative_number("base_lr", base_lr)
        self.max_lr = arguments.positive_number("max_lr", max_lr)
        if self.base_lr > self.max_lr:
            raise ValueError(
                "`base_lr` must not exceed `max_lr`. Received: "
                f"base_lr={base_lr}, max_lr={max_lr}"
            )
        self.step_size = arguments.positive_number("step_size", step_size)
        self.step_size_down = (
            None
            if step_size_down is None
            else arguments.positive_number("step_size_down", step_size_down)
        )
        if mode not in MODES:
            raise InvalidModeError(
                f"`mode` must be one of 'triangular', 'triangular2', or "
                f"'exp_range'; received mode={mode!r}."
            )
        self.mode = mode
        if not arguments.is_number(gamma) or not 0 < gamma <= 1:
            raise ValueError(f"`gamma` must be in (0, 1]; received gamma={gamma!r}.")
        self.gamma = float(gamma)
        if scale_fn is not None and not callable(scale_fn):
            raise ValueError(
                f"`scale_fn` must be a callable or None; received scale_fn={scale_fn!r}."
            )
        if scale_mode not in SCALE_MODES:
            raise ValueError(
                f"`scale_mode` must be 'cycle' or 'iterations'; "
                f"received scale_mode={scale_mode!r}."
            )
        self.scale_fn = scale_fn
        self.scale_mode = scale_mode
        if not arguments.is_number(offset) or offset < 0:
            raise ValueError(
                f"`offset` must be a non-negative step; received offset={offset!r}."
            )
        self.offset = int(offset)
        self.name = name

    @property
    def effective_scale_mode(self):
        """The argument the scale takes: the user's `scale_mode` for a custom
        `scale_fn`, else the mode's own."""
        return self.scale_mode if self.scale_fn is not None else MODES[self.mode]

    @property
    def down_size(self):
        """Steps of the falling half of a cycle."""
        return self.step_size if self.step_size_down is None else self.step_size_down

    @property
    def period(self):
        """Steps of a whole cycle."""
        return self.step_size + self.down_size

    def __call__(self, step):
        return _between(self.base_lr, self.max_lr, self._height(step, ops))

    def values(self, steps):
        """The learning rates at `steps` (global optimizer steps), in float64
        numpy: the same formula, evaluated on the host."""
        return _between(self.base_lr, self.max_lr, self._height(steps, np))

    def momentum(self, step, base_momentum, max_momentum):
        """The momentum at `step`, inside a compiled step: `max_momentum`
        where the LR is `base_lr`, lowest where the LR is highest."""
        return _between(max_momentum, base_momentum, self._height(step, ops))

    def momentum_values(self, steps, base_momentum, max_momentum):
        """`momentum` at `steps`, in float64 numpy."""
        return _between(max_momentum, base_momentum, self._height(steps, np))

    def _height(self, step, xp):
        """The fraction of the way from `base_lr` to `max_lr` at `step`,
        amplitude scale included: float32 tensors for `ops`, float64 for
        `np`."""
        if xp is np:
            k = np.asarray(step, dtype=np.float64) - self.offset
        else:
            k = ops.cast(step, "float32") - float(self.offset)
        cycle = xp.floor(1 + k / self.period)
        # Steps since the cycle began: exact in float32, unlike torch's
        # `1 + k / total - cycle`, which is the same number in real arithmetic.
        position = k - (cycle - 1) * self.period
        height = xp.where(
            position <= self.step_size,
            position / self.step_size,
            (self.period - position) / self.down_size,
        )
        scale_arg = cycle if self.effective_scale_mode == "cycle" else k
        height = height * self._scale(scale_arg, xp)
        if xp is np:
            return np.broadcast_to(np.asarray(height, dtype=np.float64), k.shape)
        return height

    def _scale(self, arg, xp):
        if self.scale_fn is not None:
            return self.scale_fn(arg)
        if self.mode == "triangular2":
            return 1 / (2.0 ** (arg - 1))
        if self.mode == "exp_range":
            # gamma ** k in float32 drifts by 1e-4 at k ~ 5000; log(gamma)
            # taken in float64 keeps the in-graph value within 1e-7.
            return xp.exp(arg * math.log(self.gamma))
        return 1.0

    def cycle_starts(self, start, end):
        """Steps in [start, end) at which a cycle begins, with its number."""
        period = self.period
        first = max(0, math.ceil((start - self.offset) / period))
        result = []
        n = first
        while True:
            step = self.offset + math.ceil(n * period)
            if step >= end:
                return result
            result.append((step, n + 1))
            n += 1

    def describe(self):
        """The schedule as a plain dict, as recorded for TensorBoard."""
        return {
            "type": "cyclic",
            "mode": "custom" if self.scale_fn is not None else self.mode,
            "base_lr": self.base_lr,
            "max_lr": self.max_lr,
            "step_size": self.step_size,
            "step_size_down": self.down_size,
            "gamma": self.gamma,
            "scale_mode": self.effective_scale_mode,
            "offset": self.offset,
        }

    def replace(self, **changes):
        """A copy of this schedule with some arguments changed, e.g.
        `schedule.replace(offset=100)`. `scale_fn` is passed on as it is,
        never serialized, so any callable works."""
        return CyclicalLearningRate(**{**self._arguments(), **changes})

    def get_config(self):
        config = self._arguments()
        config["scale_fn"] = keras.saving.serialize_keras_object(self.scale_fn)
        return config

    def _arguments(self):
        return {
            "base_lr": self.base_lr,
            "max_lr": self.max_lr,
            "step_size": self.step_size,
            "mode": self.mode,
            "gamma": self.gamma,
            "scale_fn": self.scale_fn,
            "scale_mode": self.scale_mode,
            "step_size_down": self.step_size_down,
            "offset": self.offset,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["scale_fn"] = keras.saving.deserialize_keras_object(config["scale_fn"])
        return cls(**config)



def _between(start, end, fraction):
    """`start + (end - start) * fraction`: from `start` at 0 to `end` at 1."""
    return start + (end - start) * fraction
