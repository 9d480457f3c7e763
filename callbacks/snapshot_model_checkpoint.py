"""Saves the weights at the end of every snapshot cycle."""

import os

import keras
import numpy as np

from cyclescope.callbacks import arguments
from cyclescope.callbacks import optimizer_state
from cyclescope.callbacks.atomic_save import save_weights_atomically
from cyclescope.callbacks.summary_logging import LogsSummaries
from cyclescope.tb_plugin import metadata


class SnapshotModelCheckpoint(LogsSummaries, keras.callbacks.Callback):
    """Saves one snapshot of the weights at the end of each cycle.

    With `T_M = nb_epochs // nb_snapshots`, snapshot `i` (1-based) is saved at
    the end of the 0-based epoch `i * T_M - 1` as `<fn_prefix>-<i>.weights.h5`,
    for `i = 1..nb_snapshots`. When `nb_epochs` is not a multiple of
    `nb_snapshots` the leftover epochs are not saved: there are never more
    than `nb_snapshots` files. The epoch is the absolute one, so
    `fit(initial_epoch=...)` keeps the numbering. Files are written
    atomically (a killed process never leaves a truncated snapshot) and the
    folders of `fn_prefix` are created as needed.

    With a `log_dir`, every snapshot is also recorded for TensorBoard's
    Cyclescope tab (index, epoch, step, file name, learning rate and the
    epoch's metrics), at the last optimizer step before the save. In
    multi-process training only the chief process keeps files.

    Args:
        nb_epochs: total number of training epochs, an integer >=
            `nb_snapshots`.
        nb_snapshots: number of snapshots, an integer >= 1.
        fn_prefix: path prefix of the files, e.g. 'runs/a/Model'.
        log_dir: a run folder to write TensorBoard summaries to, or None.

    Example:

    ```python
    checkpoint = SnapshotModelCheckpoint(50, 5, fn_prefix="weights/Model")
    model.fit(x, y, epochs=50, callbacks=[checkpoint])
    model.load_weights("weights/Model-5.weights.h5")
    ```
    """

    def __init__(self, nb_epochs, nb_snapshots, fn_prefix="Model", log_dir=None):
        super().__init__()
        self.epoch_length = arguments.cycle_length(nb_epochs, nb_snapshots)
        self.nb_snapshots = int(nb_snapshots)
        self.fn_prefix = arguments.file_prefix("fn_prefix", fn_prefix)
        self.log_dir = arguments.log_dir(log_dir)

    def snapshot_path(self, index):
        """The file of the 1-based snapshot `index`."""
        return f"{self.fn_prefix}-{index}.weights.h5"

    def on_train_begin(self, logs=None):
        self._begin_fit()

    def on_epoch_begin(self, epoch, logs=None):
        if self._writer is not None:
            self._mark_session_start(optimizer_state.global_step(self.model))

    def on_epoch_end(self, epoch, logs=None):
        index, rest = divmod(epoch + 1, self.epoch_length)
        if rest or not 1 <= index <= self.nb_snapshots:
            return
        path = self.snapshot_path(index)
        save_weights_atomically(self.model, path)
        if self._writer is not None:
            self._write_snapshot(index, epoch, path, logs or {})

    def _write_snapshot(self, index, epoch, path, logs):
        step = optimizer_state.global_step(self.model) - 1
        record = {
            "index": index,
            "epoch": epoch,
            "step": step,
            "file": os.path.basename(path),
            "lr": optimizer_state.learning_rate(self.model),
            "metrics": {k: float(v) for k, v in logs.items() if np.ndim(v) == 0},
        }
        self._writer.record(metadata.SNAPSHOT_TAG, step, record)
        self._writer.flush()
