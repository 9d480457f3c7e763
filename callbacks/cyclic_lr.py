"""keras-contrib's `CyclicLR` callback, on Keras 3."""

import keras
import numpy as np

from cyclescope.callbacks import arguments
from cyclescope.callbacks import keras_internals
from cyclescope.callbacks import optimizer_state
from cyclescope.callbacks.cyclical_learning_rate import CyclicalLearningRate
from cyclescope.callbacks.summary_logging import LogsSummaries
from cyclescope.tb_plugin import metadata

# Mid-epoch, the LR of the steps run so far is written every this many steps
# (and before every weights save, see `FitWatch`), so a killed run keeps them.
WRITE_EVERY_STEPS = 1000


class CyclicLR(LogsSummaries, keras.callbacks.Callback):
    """Cycles the learning rate between two bounds (Smith 2017).

    The drop-in Keras 3 version of keras-contrib's `CyclicLR`: same arguments,
    same `history`, same `_reset()`. The schedule is `CyclicalLearningRate`;
    the position in the cycle is the optimizer's step count since the last
    `_reset()`, so `fit(initial_epoch=...)`, `BackupAndRestore` and a new
    process resume the cycle where it was, and a freshly compiled optimizer
    starts at `base_lr`. The LR the compiled optimizer was given is
    overridden while training.

    The learning rate is computed inside the compiled train step, and the
    per-batch `history` is filled in bulk at each epoch's end, so the callback
    adds almost nothing to a step. (A `scale_fn` that cannot run on tensors,
    one using `numpy` say, makes the callback set the LR from Python after
    every batch instead, as keras-contrib did; not on the JAX backend.)

    After training, `history["lr"][i]` is the learning rate set after batch
    `i + 1` (keras-contrib's convention), `history["iterations"]` counts the
    batches, and every key of the batch logs is kept too. Epoch logs get
    `lr` and `learning_rate`.

    Args:
        base_lr: lower bound of the cycle, a number >= 0.
        max_lr: upper bound of the cycle, positive and at least `base_lr`.
        step_size: steps in half a cycle; 2-8 epochs' worth is typical.
        mode: `"triangular"`, `"triangular2"` or `"exp_range"`.
        gamma: the `exp_range` factor, in (0, 1].
        scale_fn: optional amplitude scale, a function of one argument;
            overrides `mode`.
        scale_mode: `"cycle"` or `"iterations"`, the argument of `scale_fn`.
        log_dir: optional folder to write TensorBoard summaries to: the LR
            of every step, the schedule and the cycle boundaries. Give it the
            experiment folder of `keras.callbacks.TensorBoard` to see both
            side by side.

    Example:

    ```python
    clr = CyclicLR(base_lr=1e-3, max_lr=6e-3, step_size=4 * steps_per_epoch,
                   mode="triangular2", log_dir="logs/run1")
    model.fit(x, y, epochs=16, callbacks=[clr])
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
        log_dir=None,
    ):
        super().__init__()
        self.schedule = CyclicalLearningRate(
            base_lr, max_lr, step_size, mode, gamma, scale_fn, scale_mode
        )
        self.log_dir = arguments.log_dir(log_dir)
        self.history = {}
        self.trn_iterations = 0
        # The LR is set from Python only when the scale cannot be traced; the
        # in-graph path leaves the batch hook safe to run asynchronously.
        self._in_graph = scale_fn is None or _is_traceable(scale_fn)
        self.async_safe = self._in_graph
        self._reset_pending = False
        self._optimizer = None
        self._recorded_step = None
        self._epoch_start_step = None
        self._batch_logs = {}

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
        return float(self.schedule.values(self._global_step()))

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
        self._install_schedule()
        self._log_schedule(step)

    def on_train_begin(self, logs=None):
        self._begin_fit()
        try:
            optimizer = optimizer_state.settable_optimizer(
                self.model,
                "CyclicLR",
                hint=". To cycle the LR inside the optimizer itself, pass "
                "`cyclescope.callbacks.CyclicalLearningRate(...)` as its "
                "`learning_rate` instead of using this callback.",
            )
        except ValueError:
            self._end_fit()
            raise
        if not self._in_graph and keras.backend.backend() == "jax":
            self._end_fit()
            raise ValueError(
                "On the JAX backend `scale_fn` must work on tensors (write it "
                "with `keras.ops` or plain arithmetic): the LR cannot be set "
                "from Python between JAX train steps. "
                f"Received: scale_fn={self.schedule.scale_fn!r}"
            )
        self._optimizer = optimizer
        if self._reset_pending:
            self.schedule = self.schedule.replace(offset=self._global_step())
            self._reset_pending = False
        self._install_schedule()
        self._recorded_step = None

    def on_epoch_begin(self, epoch, logs=None):
        # Read here, not in on_train_begin: a BackupAndRestore after this
        # callback restores the step count in its own on_train_begin.
        step = self._global_step()
        self._epoch_start_step = step
        if self._recorded_step is None:
            self._recorded_step = step
            if self._mark_session_start(step):
                self._log_schedule(step)
        if self._writer is not None:
            self._writer.record(metadata.EPOCH_TAG, step, {"epoch": epoch})

    def on_train_batch_end(self, batch, logs=None):
        # Batches may arrive out of order when dispatched asynchronously.
        self._batch_logs[batch] = logs or {}
        if not self._in_graph:
            self._optimizer.learning_rate = self.clr()
        # Counted, not read: on JAX the step variable is stale mid-epoch.
        step = self._epoch_start_step + batch + 1
        if self._writer is not None and step - self._recorded_step >= WRITE_EVERY_STEPS:
            self._record_until(step)

    def on_epoch_end(self, epoch, logs=None):
        step = self._global_step()
        self._record_until(step)
        lr = self.clr()
        self._optimizer.learning_rate = lr
        if logs is not None:
            logs["lr"] = lr
            logs["learning_rate"] = lr

    def _flush_logs(self):
        if self._optimizer is not None:
            self._record_until(self._global_step())
        super()._flush_logs()

    def on_train_end(self, logs=None):
        # keras-contrib leaves the optimizer at the LR it last set.
        self._optimizer.learning_rate = self.clr()
        super().on_train_end(logs)

    def _end_fit(self):
        """Gives the optimizer back as one that never saw this callback
        (after a fit that raised, with the LR its variable holds: the user may
        have set it since)."""
        if self._optimizer is not None:
            self._record_until(self._global_step())
            keras_internals.restore_learning_rate(self._optimizer)
            if self._in_graph:
                # The compiled step has this schedule built in.
                keras_internals.drop_train_function(self.model)
            self._optimizer = None
        super()._end_fit()

    def _install_schedule(self):
        if not self._in_graph:
            self._optimizer.learning_rate = self.clr()
            return
        optimizer = self._optimizer
        schedule = self.schedule
        keras_internals.override_learning_rate(
            optimizer, lambda: schedule(optimizer.iterations)
        )
        keras_internals.rebuild_train_function(self.model)

    def _global_step(self):
        return optimizer_state.global_step(self.model)

    def _record_until(self, step):
        """Fills `history` and the summaries for the steps run since the last
        call, up to `step` (exclusive)."""
        start = self._recorded_step
        if start is None or step <= start:
            return
        # lrs[i] is the LR of step start + i; history keeps the LR set after
        # each step, i.e. that of the next one.
        lrs = self.schedule.values(np.arange(start, step + 1))
        count = step - start
        self.history.setdefault("lr", []).extend(lrs[1:].tolist())
        self.history.setdefault("iterations", []).extend(
            range(self.trn_iterations + 1, self.trn_iterations + count + 1)
        )
        self.trn_iterations += count
        for batch in sorted(self._batch_logs):
            for key, value in self._batch_logs[batch].items():
                self.history.setdefault(key, []).append(value)
        self._batch_logs = {}
        self._recorded_step = step
        if self._writer is None:
            return
        self._writer.learning_rates(start, lrs[:-1])
        for cycle_step, cycle in self.schedule.cycle_starts(start, step):
            self._writer.record(metadata.CYCLE_TAG, cycle_step, {"cycle": cycle})
        self._writer.flush()

    def _log_schedule(self, step):
        if self._writer is None:
            return
        record = self.schedule.describe()
        record["steps_per_epoch"] = self.params.get("steps") if self.params else None
        self._writer.record(metadata.SCHEDULE_TAG, step, record)
        starts = self.schedule.cycle_starts(step, step + 1)
        if not starts:
            # A run that resumes mid-cycle still marks the cycle it is in.
            position = step - self.schedule.offset
            cycle = int(position // (2 * self.schedule.step_size)) + 1
            self._writer.record(metadata.CYCLE_TAG, step, {"cycle": cycle})


def _is_traceable(scale_fn):
    """Whether `scale_fn` works on symbolic tensors (e.g. not `np.sin`)."""
    try:
        scale_fn(keras.KerasTensor(shape=(), dtype="float32"))
    except Exception:
        return False
    return True
