"""The one-cycle learning-rate policy of Smith (2018)."""

import math

import keras
import numpy as np
from keras import ops

from cyclescope.callbacks import arguments

ANNEAL_STRATEGIES = ("cos", "linear")

# The momentum bounds a phase goes from and to.
_MAX, _BASE = "max", "base"


@keras.saving.register_keras_serializable(package="cyclescope")
class OneCycleSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """The one-cycle policy (Smith 2018, "A disciplined approach to neural
    network hyper-parameters"; fastai's `fit_one_cycle`), step for step
    torch's `torch.optim.lr_scheduler.OneCycleLR`.

    The LR warms up from `max_lr / div_factor` to `max_lr` over the first
    `pct_start` of `total_steps`, then anneals to `max_lr / div_factor /
    final_div_factor` at step `total_steps - 1`, and stays there after it
    (where torch raises). With `three_phase=True` it first anneals back to
    the initial LR, symmetrically, then to the minimum. Phases end where
    torch ends them, at steps `pct_start * total_steps - 1`, (three phases:
    `2 * pct_start * total_steps - 2`,) and `total_steps - 1`; within a
    phase from step `s` to step `e`, with `pct = (k - s) / (e - s)`, the value
    goes from `start` to `end` as (a phase of no length, where torch divides
    by zero, is at its end)

    ```
    cos:    end + (start - end) / 2 * (cos(pi * pct) + 1)
    linear: start + (end - start) * pct
    ```

    `momentum(step, base_momentum, max_momentum)` is the momentum that torch
    anneals the other way: from `max_momentum` down to `base_momentum` while
    the LR warms up, and back (in the third phase it stays at
    `max_momentum`).

    Args:
        max_lr: the highest learning rate, positive.
        total_steps: the optimizer steps of the cycle, an integer >= 1.
        pct_start: the fraction of the steps spent warming up, in [0, 1].
        anneal_strategy: `"cos"` or `"linear"`.
        div_factor: the initial LR is `max_lr / div_factor`; positive.
        final_div_factor: the last LR is the initial LR divided by this;
            positive.
        three_phase: whether to anneal back to the initial LR before the
            minimum (fast.ai's and torch's three-phase variant).
        offset: the optimizer step at which the cycle starts.
        name: name of the schedule.

    Example:

    ```python
    schedule = OneCycleSchedule(max_lr=0.1, total_steps=epochs * steps_per_epoch)
    model.compile(optimizer=keras.optimizers.SGD(schedule, momentum=0.9), loss="mse")
    ```
    """

    def __init__(
        self,
        max_lr,
        total_steps,
        pct_start=0.3,
        anneal_strategy="cos",
        div_factor=25.0,
        final_div_factor=1e4,
        three_phase=False,
        offset=0,
        name="OneCycleSchedule",
    ):
        super().__init__()
        self.max_lr = arguments.positive_number("max_lr", max_lr)
        self.total_steps = arguments.positive_int("total_steps", total_steps)
        if not (arguments.is_number(pct_start) and 0 <= pct_start <= 1):
            raise ValueError(
                f"`pct_start` must be a number in [0, 1]. Received: pct_start={pct_start!r}"
            )
        self.pct_start = float(pct_start)
        if anneal_strategy not in ANNEAL_STRATEGIES:
            raise ValueError(
                "`anneal_strategy` must be 'cos' or 'linear'. "
                f"Received: anneal_strategy={anneal_strategy!r}"
            )
        self.anneal_strategy = anneal_strategy
        self.div_factor = arguments.positive_number("div_factor", div_factor)
        self.final_div_factor = arguments.positive_number("final_div_factor", final_div_factor)
        if not isinstance(three_phase, bool):
            raise ValueError(
                f"`three_phase` must be True or False. Received: three_phase={three_phase!r}"
            )
        self.three_phase = three_phase
        if not arguments.is_number(offset) or offset < 0 or offset != int(offset):
            raise ValueError(
                f"`offset` must be a non-negative step. Received: offset={offset!r}"
            )
        self.offset = int(offset)
        self.name = name

    @property
    def initial_lr(self):
        return self.max_lr / self.div_factor

    @property
    def min_lr(self):
        return self.initial_lr / self.final_div_factor

    def phase_ends(self):
        """The last step of each phase, relative to `offset`, as torch
        computes them (floats; a phase holds the steps up to and including
        its end that no earlier phase holds)."""
        ends = [float(self.pct_start * self.total_steps) - 1]
        if self.three_phase:
            ends.append(float(2 * self.pct_start * self.total_steps) - 2)
        return ends + [float(self.total_steps - 1)]

    def __call__(self, step):
        return self._formula(step, ops, self._lr_bounds())

    def values(self, steps):
        """The learning rates at `steps` (global optimizer steps), in float64
        numpy: the same formula, evaluated on the host."""
        return self._formula(steps, np, self._lr_bounds())

    def momentum(self, step, base_momentum, max_momentum):
        """The momentum at `step`, inside a compiled step."""
        return self._formula(step, ops, self._momentum_bounds(base_momentum, max_momentum))

    def momentum_values(self, steps, base_momentum, max_momentum):
        """`momentum` at `steps`, in float64 numpy."""
        return self._formula(steps, np, self._momentum_bounds(base_momentum, max_momentum))

    def _lr_bounds(self):
        """(start, end) LR of each phase."""
        initial, top, minimum = self.initial_lr, self.max_lr, self.min_lr
        if self.three_phase:
            return [(initial, top), (top, initial), (initial, minimum)]
        return [(initial, top), (top, minimum)]

    def _momentum_bounds(self, base_momentum, max_momentum):
        """(start, end) momentum of each phase."""
        value = {_MAX: max_momentum, _BASE: base_momentum}
        if self.three_phase:
            phases = [(_MAX, _BASE), (_BASE, _MAX), (_MAX, _MAX)]
        else:
            phases = [(_MAX, _BASE), (_BASE, _MAX)]
        return [(value[start], value[end]) for start, end in phases]

    def _formula(self, step, xp, bounds):
        if xp is np:
            k = np.asarray(step, dtype=np.float64) - self.offset
        else:
            k = ops.cast(step, "float32") - float(self.offset)
        # Past the last step the value holds; so it does before the first.
        k = xp.clip(k, 0.0, float(self.total_steps - 1))
        ends = self.phase_ends()
        starts = [0.0] + ends[:-1]
        result = None
        # The first phase whose end is at or after k holds it, else the
        # last; steps are integers, so `k <= end` is `k <= floor(end)`.
        for i in reversed(range(len(ends))):
            length = ends[i] - starts[i]
            # A phase of no length (torch divides by zero) is at its end.
            pct = (k - starts[i]) / length if length else 1.0
            value = self._anneal(*bounds[i], pct, xp)
            if result is None:
                result = value
            else:
                result = xp.where(k <= math.floor(ends[i]), value, result)
        if xp is np:
            return np.broadcast_to(np.asarray(result, dtype=np.float64), np.shape(step))
        return result

    def _anneal(self, start, end, pct, xp):
        if self.anneal_strategy == "cos":
            return end + (start - end) / 2.0 * (xp.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def describe(self):
        """The schedule as a plain dict, as recorded for TensorBoard."""
        record = {"type": "one_cycle", **self.get_config()}
        del record["name"]
        return record

    def get_config(self):
        return {
            "max_lr": self.max_lr,
            "total_steps": self.total_steps,
            "pct_start": self.pct_start,
            "anneal_strategy": self.anneal_strategy,
            "div_factor": self.div_factor,
            "final_div_factor": self.final_div_factor,
            "three_phase": self.three_phase,
            "offset": self.offset,
            "name": self.name,
        }
