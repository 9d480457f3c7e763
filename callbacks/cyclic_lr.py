"""keras-contrib's `CyclicLR` callback, on Keras 3."""

import keras

from cyclescope.callbacks.cyclical_learning_rate import CyclicalLearningRate
from cyclescope.callbacks.step_schedule import StepSchedule
from cyclescope.tb_plugin import metadata


class CyclicLR(StepSchedule):
    """Cycles the learning rate between two bounds (Smith 2017).

    The drop-in Keras 3 version of keras-contrib's `CyclicLR`: same arguments,
    same `history`, same `_reset()`; with `step_size_down` and
    `cycle_momentum`, torch's `torch.optim.lr_scheduler.CyclicLR`, whose LR
    and momentum it gives at every step. The schedule is
    `CyclicalLearningRate`; the position in the cycle is the optimizer's step
    count since the last `_reset()`, so `fit(initial_epoch=...)`,
    `BackupAndRestore` and a new process resume the cycle where it was, and
    a freshly compiled optimizer starts at `base_lr`.

    The learning rate, and with `cycle_momentum=True` the momentum, are
    computed inside the compiled train step, and the per-batch `history` is
    filled in bulk at each epoch's end, so the callback adds almost nothing
    to a step. (A `scale_fn` that cannot run on tensors, one using `numpy`
    say, makes the callback set the LR from Python after every batch
    instead, as keras-contrib did; not on the JAX backend, nor with
    `cycle_momentum`.) The momentum goes from `max_momentum` where the LR is
    `base_lr` to `base_momentum` where it peaks, applied through Keras's own
    update rule (SGD: `v = momentum * v - lr * g`, not torch's formula).

    After training, `history["lr"][i]` is the learning rate set after batch
    `i + 1` (keras-contrib's convention), likewise `history["momentum"]`;
    `history["iterations"]` counts the batches, and every key of the batch
    logs is kept too. Epoch logs get `lr` and `learning_rate`, and
    `momentum` when it is cycled. The optimizer keeps the LR last set, and
    its own momentum.

    Args:
        base_lr: lower bound of the cycle, a number >= 0.
        max_lr: upper bound of the cycle, positive and at least `base_lr`.
        step_size: steps of the rising half of a cycle; 2-8 epochs' worth is
            typical.
        mode: `"triangular"`, `"triangular2"` or `"exp_range"`.
        gamma: the `exp_range` factor, in (0, 1].
        scale_fn: optional amplitude scale, a function of one argument;
            overrides `mode`.
        scale_mode: `"cycle"` or `"iterations"`, the argument of `scale_fn`.
        step_size_down: steps of the falling half; None (the default) means
            `step_size`.
        cycle_momentum: whether to cycle the optimizer's momentum (SGD's
            `momentum`, `beta_1` of Adam and its family) inversely to the LR.
            SGD must be built with a momentum > 0.
        base_momentum: the momentum where the LR peaks, in [0, 1].
        max_momentum: the momentum where the LR is `base_lr`, in [0, 1].
        log_dir: optional folder to write TensorBoard summaries to: the LR
            (and cycled momentum) of every step, the schedule and the cycle
            boundaries. Give it the experiment folder of
            `keras.callbacks.TensorBoard` to see both side by side.

    Example:

    ```python
    clr = CyclicLR(base_lr=1e-3, max_lr=6e-3, step_size=4 * steps_per_epoch,
                   mode="triangular2", log_dir="logs/run1")
    model.fit(x, y, epochs=16, callbacks=[clr])
    ```
    """

    _schedule_hint = (
        ". To cycle the LR inside the optimizer itself, pass "
        "`cyclescope.callbacks.CyclicalLearningRate(...)` as its "
        "`learning_rate` instead of using this callback."
    )

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
        cycle_momentum=False,
        base_momentum=0.8,
        max_momentum=0.9,
        log_dir=None,
    ):
        super().__init__(cycle_momentum, base_momentum, max_momentum, log_dir)
        self.schedule = CyclicalLearningRate(
            base_lr, max_lr, step_size, mode, gamma, scale_fn, scale_mode, step_size_down
        )
        # The LR is set from Python only when the scale cannot be traced.
        self._in_graph = scale_fn is None or _is_traceable(scale_fn)
        if cycle_momentum and not self._in_graph:
            raise ValueError(
                "With `cycle_momentum=True`, `scale_fn` must work on tensors "
                "(write it with `keras.ops` or plain arithmetic): the momentum "
                f"is computed inside the train step. Received: scale_fn={scale_fn!r}"
            )
        self.async_safe = self._in_graph
        self._reset_pending = False

    @property
    def base_lr(self):
        return self.schedule.base_lr

    @property
    def max_lr(self):
        return self.schedule.max_lr

    @property
    def step_size(self):
        return self.schedule.step_size

    @property
    def step_size_down(self):
        return self.schedule.step_size_down

    @property
    def mode(self):
        return self.schedule.mode

    @property
    def gamma(self):
        return self.schedule.gamma

    @property
    def clr_iterations(self):
        """Steps since the cycle started (keras-contrib's counter)."""
        return self._global_step() - self.schedule.offset

    def clr(self):
        """The learning rate for the optimizer's next step."""
        return self._lr_at(self._global_step())

    def _reset(self, new_base_lr=None, new_max_lr=None, new_step_size=None):
        """Restarts the cycle at `base_lr` from the current step, optionally
        with new bounds."""
        changes = {
            key: value
            for key, value in (
                ("base_lr", new_base_lr),
                ("max_lr", new_max_lr),
                ("step_size", new_step_size),
            )
            if value is not None
        }
        if self._optimizer is None:
            # Not training: the cycle restarts where the next fit starts.
            self.schedule = self.schedule.replace(**changes)
            self._reset_pending = True
            return
        step = self._global_step()
        self._record_until(step)
        self.schedule = self.schedule.replace(offset=step, **changes)
        if self.history.get("lr"):
            # The LR set after the last batch is the restarted cycle's.
            self.history["lr"][-1] = self.schedule.base_lr
        if self.history.get("momentum"):
            self.history["momentum"][-1] = self.max_momentum
        self._install_schedule()
        self._log_schedule(step)

    def _prepare_fit(self, optimizer):
        if not self._in_graph and keras.backend.backend() == "jax":
            raise ValueError(
                "On the JAX backend `scale_fn` must work on tensors (write it "
                "with `keras.ops` or plain arithmetic): the LR cannot be set "
                "from Python between JAX train steps. "
                f"Received: scale_fn={self.schedule.scale_fn!r}"
            )
        if self._reset_pending:
            self.schedule = self.schedule.replace(offset=self._global_step())
            self._reset_pending = False

    def _write_markers(self, start, end):
        for cycle_step, cycle in self.schedule.cycle_starts(start, end):
            self._writer.record(metadata.CYCLE_TAG, cycle_step, {"cycle": cycle})

    def _log_schedule(self, step):
        super()._log_schedule(step)
        if self._writer is None:
            return
        if not self.schedule.cycle_starts(step, step + 1):
            # A run that resumes mid-cycle still marks the cycle it is in.
            position = step - self.schedule.offset
            cycle = int(position // self.schedule.period) + 1
            self._writer.record(metadata.CYCLE_TAG, step, {"cycle": cycle})


def _is_traceable(scale_fn):
    """Whether `scale_fn` works on symbolic tensors (e.g. not `np.sin`)."""
    try:
        scale_fn(keras.KerasTensor(shape=(), dtype="float32"))
    except Exception:
        return False
    return True
