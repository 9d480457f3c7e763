"""Keeps the weights of the best epoch."""

import math
import operator
import os
import warnings

import keras

from cyclescope.callbacks.atomic_save import save_weights_atomically

_MODES = ("auto", "min", "max")


class BestWeightsCheckpoint(keras.callbacks.Callback):
    """Saves the weights whenever the monitored metric improves.

    Unlike `keras.callbacks.ModelCheckpoint(save_best_only=True)`, a metric
    missing from the epoch logs (for example `val_accuracy` without
    validation data) is not a reason to save every epoch: this callback
    warns once and saves nothing. A NaN value is never an improvement. Files
    are written atomically and their folder is created as needed; in
    multi-process training only the chief process keeps them.

    Args:
        filepath: the weights file, ending in `.weights.h5`.
        monitor: the name of the metric in the epoch logs.
        mode: 'max', 'min' or 'auto'. 'auto' maximizes metrics whose name
            contains 'acc' (such as 'val_accuracy') and minimizes the others.

    Example:

    ```python
    best = BestWeightsCheckpoint("runs/a/Model-Best.weights.h5")
    model.fit(x, y, validation_split=0.2, epochs=10, callbacks=[best])
    model.load_weights("runs/a/Model-Best.weights.h5")
    ```
    """

    def __init__(self, filepath, monitor="val_accuracy", mode="auto"):
        super().__init__()
        path = os.fspath(filepath) if isinstance(filepath, (str, os.PathLike)) else None
        if not isinstance(path, str) or not path.endswith(".weights.h5"):
            raise ValueError(
                "`filepath` must be a path ending in `.weights.h5`. "
                f"Received: filepath={filepath!r}"
            )
        if not isinstance(monitor, str) or not monitor:
            raise ValueError(
                "`monitor` must be the non-empty name of a metric in the epoch "
                f"logs, e.g. 'val_accuracy'. Received: monitor={monitor!r}"
            )
        if mode not in _MODES:
            raise ValueError(f"`mode` must be one of {_MODES}. Received: mode={mode!r}")
        if mode == "auto":
            mode = "max" if "acc" in monitor else "min"
        self.filepath = path
        self.monitor = monitor
        self.mode = mode
        self.best = None
        self._better = operator.gt if mode == "max" else operator.lt
        self._warned = False

    def on_epoch_end(self, epoch, logs=None):
        current = (logs or {}).get(self.monitor)
        if current is None:
            if not self._warned:
                self._warned = True
                warnings.warn(
                    f"{type(self).__name__}: `{self.monitor}` is not in the "
                    f"epoch logs (available: {sorted(logs or {})}), so "
                    f"{self.filepath} is not saved.",
                    stacklevel=2,
                )
            return
        current = float(current)
        if math.isnan(current):
            return
        if self.best is None or self._better(current, self.best):
            self.best = current
            save_weights_atomically(self.model, self.filepath)
