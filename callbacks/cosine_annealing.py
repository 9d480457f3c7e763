"""The cosine-annealing learning-rate schedule of snapshot ensembles."""

import math

import keras

from cyclescope.callbacks import arguments
from cyclescope.callbacks import optimizer_state
from cyclescope.callbacks.summary_logging import LogsSummaries
from cyclescope.tb_plugin import metadata


class SnapshotCosineAnnealing(LogsSummaries, keras.callbacks.LearningRateScheduler):
    """Cosine annealing with warm restarts, one value per epoch.

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

    The epoch logs get `learning_rate` (Keras 3's name) and `lr`
    (keras-contrib's name).

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

    Example:

    ```python
    schedule = SnapshotCosineAnnealing(nb_epochs=200, nb_snapshots=5)
    model.compile(keras.optimizers.SGD(momentum=0.9), "mse")
    model.fit(x, y, epochs=200, callbacks=[schedule])
    ```
    """

    def __init__(self, nb_epochs, nb_snapshots, init_lr=0.1, log_dir=None, verbose=0):
        self.epoch_length = arguments.cycle_length(nb_epochs, nb_snapshots)
        self.nb_epochs = int(nb_epochs)
        self.nb_snapshots = int(nb_snapshots)
        self.init_lr = arguments.positive_number("init_lr", init_lr)
        self.log_dir = arguments.log_dir(log_dir)
        super().__init__(self._schedule, verbose=verbose)
        self._epoch = None
        self._recorded_step = None

    def lr_at(self, epoch):
        """The learning rate of the 0-based `epoch`, as a float."""
        position = epoch % self.epoch_length
        return self.init_lr / 2 * (math.cos(math.pi * position / self.epoch_length) + 1)

    def _schedule(self, epoch, current_lr):
        del current_lr  # The cosine schedule depends on the epoch only.
        return self.lr_at(epoch)

    def on_train_begin(self, logs=None):
        self._begin_fit()

    def on_epoch_begin(self, epoch, logs=None):
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
        super().on_epoch_end(epoch, logs)
        lr = self.lr_at(epoch)
        if logs is not None:
            logs["lr"] = logs.get("learning_rate", lr)
        self._flush_logs()
        self._epoch = None

    def _flush_logs(self):
        # The LR is constant within an epoch: its steps are written in bulk,
        # at the epoch's end or before a weights save.
        if self._writer is not None and self._epoch is not None:
            step = optimizer_state.global_step(self.model)
            if step > self._recorded_step:
                lrs = [self.lr_at(self._epoch)] * (step - self._recorded_step)
                self._writer.learning_rates(self._recorded_step, lrs)
                self._recorded_step = step
        super()._flush_logs()

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
        self._writer.record(metadata.SCHEDULE_TAG, step, schedule)
