"""The base of the callbacks that run a per-step LR schedule inside the
compiled train step: `CyclicLR` and `OneCycleLR`."""

import keras
import numpy as np

from cyclescope.callbacks import arguments
from cyclescope.callbacks import keras_internals
from cyclescope.callbacks import momentum_cycling
from cyclescope.callbacks import optimizer_state
from cyclescope.callbacks.summary_logging import LogsSummaries
from cyclescope.tb_plugin import metadata

# Mid-epoch, the LR of the steps run so far is written every this many steps
# (and before every weights save, see `FitWatch`), so a killed run keeps them.
WRITE_EVERY_STEPS = 1000


class StepSchedule(LogsSummaries, keras.callbacks.Callback):
    """Runs `self.schedule`, and optionally its momentum, in the train step.

    The position in the schedule is the optimizer's step count, so
    `fit(initial_epoch=...)`, `BackupAndRestore` and a new process resume
    it where it was. The LR is computed inside the compiled train step (the
    LR the optimizer was compiled with is overridden while training), and so
    is the momentum when `cycle_momentum` is set. The per-batch `history`
    is filled in bulk at each epoch's end: `history["lr"][i]` is the LR set
    after batch `i + 1` (keras-contrib's convention), likewise
    `history["momentum"]`; `history["iterations"]` counts the batches, and
    every key of the batch logs is kept too. Epoch logs get `lr`,
    `learning_rate` and, when cycled, `momentum`. After training the
    optimizer keeps the LR last set and its own momentum.

    A subclass sets `self.schedule` (with `__call__`, `values`, `momentum`,
    `momentum_values` and `describe`) by the end of `_prepare_fit`, and may
    extend `_start_fit`, `_write_markers` and `_log_schedule`.

    Args:
        cycle_momentum: whether to cycle the optimizer's momentum (SGD's
            `momentum`, `beta_1` of the Adam family) inversely to the LR.
        base_momentum: the momentum where the LR is highest, in [0, 1].
        max_momentum: the momentum where the LR is lowest, in [0, 1].
        log_dir: optional folder to write TensorBoard summaries to.
    """

    # Appended to the error for an optimizer whose LR is a schedule.
    _schedule_hint = ""

    def __init__(self, cycle_momentum, base_momentum, max_momentum, log_dir):
        super().__init__()
        if not isinstance(cycle_momentum, bool):
            raise ValueError(
                "`cycle_momentum` must be True or False. "
                f"Received: cycle_momentum={cycle_momentum!r}"
            )
        self.cycle_momentum = cycle_momentum
        self.base_momentum, self.max_momentum = momentum_cycling.momentum_bounds(
            base_momentum, max_momentum
        )
        self.log_dir = arguments.log_dir(log_dir)
        self.history = {}
        self.trn_iterations = 0
        # False when the schedule cannot be traced: the LR is then set from
        # Python after every batch. In the graph, the batch hook is safe to
        # run asynchronously.
        self._in_graph = True
        self.async_safe = True
        self._optimizer = None
        self._momentum_attribute = None
        self._recorded_step = None
        self._epoch_start_step = None
        self._batch_logs = {}

    def _prepare_fit(self, optimizer):
        """Called in `on_train_begin` with the optimizer to schedule; raise
        a `ValueError` to refuse the fit."""

    def _start_fit(self, step, epoch):
        """Called at the fit's first epoch, once the step it starts from is
        known; raise a `ValueError` to refuse the fit before any step."""

    def on_train_begin(self, logs=None):
        self._begin_fit()
        user = type(self).__name__
        try:
            optimizer = optimizer_state.settable_optimizer(
                self.model, user, hint=self._schedule_hint
            )
            attribute = None
            if self.cycle_momentum:
                attribute = momentum_cycling.momentum_attribute(optimizer, user)
            self._prepare_fit(optimizer)
        except ValueError:
            self._end_fit()
            raise
        self._optimizer = optimizer
        self._momentum_attribute = attribute
        self._install_schedule()
        self._recorded_step = None

    def on_epoch_begin(self, epoch, logs=None):
        # Read here, not in on_train_begin: a BackupAndRestore after this
        # callback restores the step count in its own on_train_begin.
        step = self._global_step()
        self._epoch_start_step = step
        if self._recorded_step is None:
            try:
                self._start_fit(step, epoch)
            except ValueError:
                self._end_fit()
                raise
            self._recorded_step = step
            if self._mark_session_start(step):
                self._log_schedule(step)
        if self._writer is not None:
            self._writer.record(metadata.EPOCH_TAG, step, {"epoch": epoch})

    def on_train_batch_end(self, batch, logs=None):
        # Batches may arrive out of order when dispatched asynchronously.
        self._batch_logs[batch] = logs or {}
        if not self._in_graph:
            self._optimizer.learning_rate = self._lr_at(self._global_step())
        # Counted, not read: on JAX the step variable is stale mid-epoch.
        step = self._epoch_start_step + batch + 1
        if self._writer is not None and step - self._recorded_step >= WRITE_EVERY_STEPS:
            self._record_until(step)

    def on_epoch_end(self, epoch, logs=None):
        step = self._global_step()
        self._record_until(step)
        lr = self._lr_at(step)
        self._optimizer.learning_rate = lr
        if logs is not None:
            logs["lr"] = lr
            logs["learning_rate"] = lr
            if self._momentum_attribute is not None:
                logs["momentum"] = self._momentum_at(step)

    def _flush_logs(self):
        if self._optimizer is not None:
            self._record_until(self._global_step())
        super()._flush_logs()

    def on_train_end(self, logs=None):
        # keras-contrib leaves the optimizer at the LR it last set.
        self._optimizer.learning_rate = self._lr_at(self._global_step())
        super().on_train_end(logs)

    def _end_fit(self):
        """Gives the optimizer back as one that never saw this callback
        (after a fit that raised, with the LR its variable holds: the user may
        have set it since), with its own momentum."""
        if self._optimizer is not None:
            self._record_until(self._global_step())
            keras_internals.restore_learning_rate(self._optimizer)
            momentum_cycling.remove(self._optimizer)
            if self._in_graph:
                # The compiled step has this schedule built in.
                keras_internals.drop_train_function(self.model)
            self._optimizer = None
            self._momentum_attribute = None
        super()._end_fit()

    def _install_schedule(self):
        optimizer = self._optimizer
        if not self._in_graph:
            optimizer.learning_rate = self._lr_at(self._global_step())
            return
        schedule = self.schedule
        keras_internals.override_learning_rate(
            optimizer, lambda: schedule(optimizer.iterations)
        )
        if self._momentum_attribute is not None:
            base, top = self.base_momentum, self.max_momentum
            momentum_cycling.install(
                optimizer,
                self._momentum_attribute,
                lambda step: schedule.momentum(step, base, top),
            )
        keras_internals.rebuild_train_function(self.model)

    def _global_step(self):
        return optimizer_state.global_step(self.model)

    def _lr_at(self, step):
        return float(self.schedule.values(step))

    def _momentum_at(self, step):
        return float(self.schedule.momentum_values(step, self.base_momentum, self.max_momentum))

    def _record_until(self, step):
        """Fills `history` and the summaries for the steps run since the last
        call, up to `step` (exclusive)."""
        start = self._recorded_step
        if start is None or step <= start:
            return
        # lrs[i] is the LR of step start + i; history keeps the LR set after
        # each step, i.e. that of the next one.
        steps = np.arange(start, step + 1)
        lrs = self.schedule.values(steps)
        count = step - start
        self.history.setdefault("lr", []).extend(lrs[1:].tolist())
        momentums = None
        if self._momentum_attribute is not None:
            momentums = self.schedule.momentum_values(steps, self.base_momentum, self.max_momentum)
            self.history.setdefault("momentum", []).extend(momentums[1:].tolist())
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
        if momentums is not None:
            self._writer.momentums(start, momentums[:-1])
        self._write_markers(start, step)
        self._writer.flush()

    def _write_markers(self, start, end):
        """Writes the records of steps [start, end) besides the LR."""

    def _log_schedule(self, step):
        if self._writer is None:
            return
        record = self.schedule.describe()
        record["steps_per_epoch"] = self.params.get("steps") if self.params else None
        if self._momentum_attribute is not None:
            record["momentum_attribute"] = self._momentum_attribute
            record["base_momentum"] = self.base_momentum
            record["max_momentum"] = self.max_momentum
        self._writer.record(metadata.SCHEDULE_TAG, step, record)
