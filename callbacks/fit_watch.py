"""What cyclescope's callbacks learn about a `fit` beyond Keras's hooks.

Keras calls no callback when `fit` raises, and tells no callback before a
checkpoint is written. Both matter to a callback that changes the optimizer
or buffers summaries: after a failed fit the optimizer must be given back,
and a `BackupAndRestore` checkpoint must never be ahead of the logs, or a
resumed run would miss the steps in between. A `FitWatch` learns both from
the model itself, for as long as one of our callbacks is in a fit:

- `make_train_function`, which Keras calls when any `fit` or
  `train_on_batch` starts, ends the callbacks of a fit that never reached
  `on_train_end` (it raised) before the new training starts;
- `save_weights` and `save`, which `BackupAndRestore` and checkpoints
  call, first write every step the callbacks have buffered;
- at interpreter exit (a script that died of an exception), the callbacks
  still in a fit write what they have.

A watched callback implements `_flush_logs()` and `_end_fit()`.
"""

import atexit
import logging

from cyclescope.callbacks import keras_internals

logger = logging.getLogger(__name__)

_SAVING_METHODS = ("save_weights", "save")


class FitWatch:
    """The callbacks in a fit of one model, and the model methods shadowed
    for them. Use `FitWatch.join(model, callback)` in `on_train_begin` and
    `FitWatch.leave(callback)` when the callback's fit ends."""

    _by_model = {}

    def __init__(self, model):
        self.model = model
        self.callbacks = []
        self._make_train_function = model.make_train_function
        keras_internals.shadow_method(model, "make_train_function", self._on_new_training)
        for name in _SAVING_METHODS:
            keras_internals.shadow_method(model, name, self._flushing_first(getattr(model, name)))

    @classmethod
    def join(cls, model, callback):
        watch = cls._by_model.get(id(model))
        if watch is None:
            watch = cls._by_model[id(model)] = cls(model)
        if callback not in watch.callbacks:
            watch.callbacks.append(callback)

    @classmethod
    def leave(cls, callback):
        for watch in list(cls._by_model.values()):
            if callback in watch.callbacks:
                watch.callbacks.remove(callback)
                if not watch.callbacks:
                    watch._unwatch()

    def _unwatch(self):
        for name in ("make_train_function", *_SAVING_METHODS):
            keras_internals.unshadow_method(self.model, name)
        del FitWatch._by_model[id(self.model)]

    def _end_fits(self):
        """Ends every callback still in a fit (it raised), oldest first."""
        for callback in list(self.callbacks):
            try:
                callback._end_fit()
            except Exception:  # One callback's failure must not stop the rest.
                logger.exception("cyclescope: %s could not end its fit", callback)
            FitWatch.leave(callback)

    def _on_new_training(self, *args, **kwargs):
        self._end_fits()
        return self._make_train_function(*args, **kwargs)

    def _flushing_first(self, save):
        def save_after_flushing(*args, **kwargs):
            for callback in self.callbacks:
                callback._flush_logs()
            return save(*args, **kwargs)

        return save_after_flushing

    @classmethod
    def _end_all(cls):
        for watch in list(cls._by_model.values()):
            watch._end_fits()


atexit.register(FitWatch._end_all)
