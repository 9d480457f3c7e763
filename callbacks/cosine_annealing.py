"""The cosine-annealing learning-rate schedule of snapshot ensembles."""

import math

import keras
import numpy as np

from cyclescope.callbacks import arguments
from cyclescope.callbacks import keras_internals
from cyclescope.callbacks import optimizer_state
from cyclescope.callbacks.summary_logging import LogsSummaries
from cyclescope.tb_plugin import metadata


ANNEAL_EVERY = ("epoch", "step")


def anneal_every_argument(anneal_every):
    """Returns `anneal_every`; it must be 'epoch' or 'step'."""
    if not isinstance(anneal_every, str) or anneal_every not in ANNEAL_EVERY:
        raise ValueError(
            "`anneal_every` must be 'epoch' or 'step'. "
            f"Received: anneal_every={anneal_every!r}"
        )
    return anneal_every


class SnapshotCosineAnnealing(LogsSummaries, keras.callbacks.LearningRateScheduler):
    """Cosine annealing with warm restarts, per epoch or per step.

    Training is split into `nb_snapshots` cycles of
    `T_M = nb_epochs // nb_snapshots` epochs. During the 0-based epoch `t`
    the learning rate is

    ```
    lr(t) = init_lr / 2 * (cos(pi * (t % T_M) / T_M) + 1)
    ```

    so each cycle starts at `init_lr` and anneals towards 0 (Huang et al.,
    "Snapshot Ensembles", 2017, per epoch as in keras-contrib). This equals
    `keras.optimizers.schedules.CosineDecayRestarts(init_lr, T_M, t_mul=1.0,
    m_mul=1.0, alpha=0.0)` evaluated at the epoch index. `t` is the absolute
    epoch, so `fit(initial_epoch=...)` and `keras.callbacks.BackupAndRestore`
    resume on the right value.

    With `anneal_every="step"` the learning rate anneals within each epoch
    too, as in the paper: with `S` steps per epoch (`fit` must know it) and
    `T = T_M * S` steps per cycle, optimizer step `t` (counted from the
    first step of epoch 0) runs at

    ```
    lr(t) = init_lr / 2 * (cos(pi * (t % T) / T) + 1)
    ```

    so the last step before each snapshot runs at
    `init_lr / 2 * (cos(pi * (T - 1) / T) + 1)`. The LR is computed inside
    the compiled train step from the optimizer's step count (on every
    backend, JAX included); the optimizer is given back unchanged when `fit`
    ends, even when it raised. Between epochs, `optimizer.learning_rate`
    holds the LR of the epoch's last step. The optimizer must have been
    created with a float `learning_rate`.

    In both modes, when `nb_epochs % nb_snapshots != 0` the remainder epochs
    after the last full cycle start a further cycle at `init_lr` and anneal
    along it without finishing it; no snapshot is taken for it.

    The epoch logs get `learning_rate` (Keras 3's name) and `lr`
    (keras-contrib's name): the LR of the epoch (of its last step, per step).

    With a `log_dir`, the schedule is also written for TensorBoard: the
    learning rate of every optimizer step (Scalars tab), and the schedule,
    epoch starts and cycle starts for the Cyclescope tab. Give each `log_dir`
    one learning-rate schedule only (not this and `CyclicLR` together): both
    write the same learning-rate tag.

    Args:
        nb_epochs: total number of training epochs, an integer >=
            `nb_snapshots`.
        nb_snapshots: number of cycles (and of snapshots), an integer >= 1.
        init_lr: the learning rate at the start of every cycle, a positive
            float.
        log_dir: a run folder to write TensorBoard summaries to, or None.
            Not Keras's `train/` or `validation/` folders: the experiment
            folder above them works.
        verbose: 0 for quiet, 1 to print every update.
        anneal_every: `"epoch"` (keras-contrib: one LR per epoch) or
            `"step"` (the paper: a new LR every optimizer step).

    Example:

    ```python
    schedule = SnapshotCosineAnnealing(nb_epochs=200, nb_snapshots=5)
    model.compile(keras.optimizers.SGD(momentum=0.9), "mse")
    model.fit(x, y, epochs=200, callbacks=[schedule])
    ```
    """

    def __init__(
        self,
        nb_epochs,
        nb_snapshots,
        init_lr=0.1,
        log_dir=None,
        verbose=0,
        anneal_every="epoch",
    ):
        self.epoch_length = arguments.cycle_length(nb_epochs, nb_snapshots)
        self.nb_epochs = int(nb_epochs)
        self.nb_snapshots = int(nb_snapshots)
        self.init_lr = arguments.positive_number("init_lr", init_lr)
        self.log_dir = arguments.log_dir(log_dir)
        self.anneal_every = anneal_every_argument(anneal_every)
        super().__init__(self._schedule, verbose=verbose)
        self._epoch = None
        self._recorded_step = None
        # Per-step mode only: the fit's steps per epoch, the optimizer step
        # at which epoch 0 started, and the optimizer whose LR is overridden.
        self.steps_per_epoch = None
        self._offset = None
        self._optimizer = None

    def lr_at(self, epoch):
        """The learning rate of the 0-based `epoch`, as a float."""
        position = epoch % self.epoch_length
        return self.init_lr / 2 * (math.cos(math.pi * position / self.epoch_length) + 1)

    def lr_at_step(self, step, steps_per_epoch=None):
        """Per-step mode: the learning rate of the 0-based `step`, counted
        from the first step of epoch 0, as a float (numpy arrays of steps
        give arrays). `steps_per_epoch` defaults to that of the current or
        last fit."""
        steps_per_epoch = steps_per_epoch or self.steps_per_epoch
        if steps_per_epoch is None:
            raise ValueError(
                "`steps_per_epoch` is unknown before the first fit; pass it. "
                "Received: steps_per_epoch=None"
            )
        cycle = self.epoch_length * int(steps_per_epoch)
        position = np.mod(step, cycle)
        lr = self.init_lr / 2 * (np.cos(np.pi * position / cycle) + 1)
        return float(lr) if np.ndim(lr) == 0 else lr

    def _schedule(self, epoch, current_lr):
        del current_lr  # The cosine schedule depends on the epoch only.
        return self.lr_at(epoch)

    @property
    def _per_step(self):
        return self.anneal_every == "step"

    def on_train_begin(self, logs=None):
        self._begin_fit()
        if not self._per_step:
            return
        steps = (self.params or {}).get("steps")
        if steps is None or steps < 1:
            self._end_fit()
            raise ValueError(
                "SnapshotCosineAnnealing(anneal_every='step') needs the number "
                "of steps per epoch, which this fit() does not know (a dataset "
                "or generator of unknown length). Pass `steps_per_epoch` to "
                "fit(), or use anneal_every='epoch'. "
                f"Received: steps_per_epoch={steps!r}"
            )
        try:
            optimizer = optimizer_state.settable_optimizer(
                self.model, "SnapshotCosineAnnealing(anneal_every='step')"
            )
        except ValueError:
            self._end_fit()
            raise
        self.steps_per_epoch = int(steps)
        self._optimizer = optimizer
        self._offset = None
        self._recorded_step = None

    def on_epoch_begin(self, epoch, logs=None):
        if self._per_step:
            self._begin_epoch_per_step(epoch)
        else:
            super().on_epoch_begin(epoch, logs)
        if self._writer is None:
            return
        # Read here, not in on_train_begin: BackupAndRestore may restore the
        # optimizer's step in its own on_train_begin, after this callback's.
        step = optimizer_state.global_step(self.model)
        if self._mark_session_start(step):
            self._write_schedule(epoch, step)
        self._epoch = epoch
        self._recorded_step = step
        self._writer.record(metadata.EPOCH_TAG, step, {"epoch": epoch})
        if epoch % self.epoch_length == 0:
            cycle = {"cycle": epoch // self.epoch_length + 1, "epoch": epoch}
            self._writer.record(metadata.CYCLE_TAG, step, cycle)

    def on_epoch_end(self, epoch, logs=None):
        if self._per_step:
            self._end_epoch_per_step(logs)
        else:
            super().on_epoch_end(epoch, logs)
            lr = self.lr_at(epoch)
            if logs is not None:
                logs["lr"] = logs.get("learning_rate", lr)
        self._flush_logs()
        self._epoch = None

    def _begin_epoch_per_step(self, epoch):
        step = optimizer_state.global_step(self.model)
        if self._offset is None:
            # The first epoch of this fit: epoch 0 started `epoch` epochs ago.
            self._offset = step - epoch * self.steps_per_epoch
            self._recorded_step = step
            self._install_schedule()
        else:
            # Taken off at the last epoch's end (see `_end_epoch_per_step`).
            self._override_learning_rate()
        if self.verbose > 0:
            first = self.lr_at_step(step - self._offset)
            last = self.lr_at_step(step - self._offset + self.steps_per_epoch - 1)
            print(
                f"\nEpoch {epoch + 1}: SnapshotCosineAnnealing anneals the "
                f"learning rate from {first} to {last}."
            )

    def _end_epoch_per_step(self, logs):
        step = optimizer_state.global_step(self.model)
        lr = self.lr_at_step(step - 1 - self._offset)
        # Between epochs the optimizer reports the LR of the step it last
        # ran, as per epoch (the override would give the next step's).
        keras_internals.restore_learning_rate(self._optimizer)
        self._optimizer.learning_rate = lr
        if logs is not None:
            logs["lr"] = lr
            logs["learning_rate"] = lr

    def _install_schedule(self):
        """Puts the per-step schedule into a freshly compiled train step."""
        self._override_learning_rate()
        keras_internals.rebuild_train_function(self.model)

    def _override_learning_rate(self):
        optimizer = self._optimizer
        offset = self._offset
        cycle = self.epoch_length * self.steps_per_epoch
        half_lr = self.init_lr / 2

        def learning_rate():
            position = keras.ops.mod(optimizer.iterations - offset, cycle)
            angle = keras.ops.cast(position, "float32") * (math.pi / cycle)
            return half_lr * (keras.ops.cos(angle) + 1.0)

        keras_internals.override_learning_rate(optimizer, learning_rate)

    def _end_fit(self):
        """Gives the optimizer back as one that never saw this callback
        (with the LR its variable holds), after any fit, even one that
        raised."""
        if self._optimizer is not None:
            self._flush_logs()
            keras_internals.restore_learning_rate(self._optimizer)
            # The compiled step has this schedule built in.
            keras_internals.drop_train_function(self.model)
            self._optimizer = None
        super()._end_fit()
        self._offset = None

    def _flush_logs(self):
        if self._per_step:
            self._flush_per_step()
        elif self._writer is not None and self._epoch is not None:
            # The LR is constant within an epoch: its steps are written in
            # bulk, at the epoch's end or before a weights save.
            step = optimizer_state.global_step(self.model)
            if step > self._recorded_step:
                lrs = [self.lr_at(self._epoch)] * (step - self._recorded_step)
                self._writer.learning_rates(self._recorded_step, lrs)
                self._recorded_step = step
        super()._flush_logs()

    def _flush_per_step(self):
        """Writes the LR of every step run since the last write."""
        if self._writer is None or self._offset is None:
            return
        step = optimizer_state.global_step(self.model)
        if step > self._recorded_step:
            steps = np.arange(self._recorded_step, step) - self._offset
            self._writer.learning_rates(self._recorded_step, self.lr_at_step(steps))
            self._recorded_step = step

    def _write_schedule(self, epoch, step):
        """Describes the schedule, at the first step of this fit()."""
        steps_per_epoch = self.params.get("steps")
        offset = None if steps_per_epoch is None else step - epoch * steps_per_epoch
        schedule = {
            "type": "cosine_restarts",
            "init_lr": self.init_lr,
            "nb_epochs": self.nb_epochs,
            "nb_snapshots": self.nb_snapshots,
            "epoch_length": self.epoch_length,
            "steps_per_epoch": steps_per_epoch,
            "offset": offset,
        }
        if self._per_step:
            schedule["anneal_every"] = "step"
        self._writer.record(metadata.SCHEDULE_TAG, step, schedule)
