"""The TensorBoard writer that a callback holds for the length of a fit."""

from cyclescope.callbacks import chief
from cyclescope.callbacks.fit_watch import FitWatch
from cyclescope.tb_plugin.summary_writer import SummaryWriter


class LogsSummaries:
    """Mixin for callbacks with a `log_dir`.

    Opens the run's shared `SummaryWriter` for one `fit`, marks where the fit
    starts, and gives the writer back when the fit ends, even when it raised
    (see `FitWatch`). `self._writer` is None without a `log_dir`, and in the
    processes of a multi-process training other than the chief.

    Subclasses that buffer steps override `_flush_logs` (write what is
    buffered) and extend `_end_fit` (what `on_train_end` does, also run
    after a fit that raised).
    """

    log_dir = None
    _writer = None
    _session_marked = False
    _in_fit = False
    _fit_model = None

    def _begin_fit(self):
        """Call first in `on_train_begin`."""
        model = self.model
        if self._in_fit:
            # An earlier fit of another model raised: end it on that model.
            self.set_model(self._fit_model)
            self._end_fit()
            self.set_model(model)
        self._in_fit = True
        self._fit_model = model
        FitWatch.join(model, self)
        if self.log_dir is not None and chief.is_chief(self.model):
            self._writer = SummaryWriter.acquire(self.log_dir)
        self._session_marked = False

    def _mark_session_start(self, step):
        """Call in `on_epoch_begin`; returns True on the fit's first call.

        Not in `on_train_begin`: a `BackupAndRestore` placed after this
        callback restores the optimizer's step in its own `on_train_begin`.
        """
        if self._writer is None or self._session_marked:
            return False
        self._writer.start_session(step)
        self._session_marked = True
        return True

    def _flush_logs(self):
        """Writes everything buffered; called before any weights are saved."""
        if self._writer is not None:
            self._writer.flush()

    def _end_fit(self):
        """Ends this callback's fit: from `on_train_end`, or after a fit that
        raised."""
        self._in_fit = False
        self._fit_model = None
        self._flush_logs()
        FitWatch.leave(self)
        if self._writer is not None:
            self._writer.release()
            self._writer = None

    def on_train_end(self, logs=None):
        self._end_fit()
