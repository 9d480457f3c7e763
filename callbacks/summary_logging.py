"""The TensorBoard writer that a callback holds for the length of a fit."""

from cyclescope.tb_plugin.summary_writer import SummaryWriter


class LogsSummaries:
    """Mixin for callbacks with a `log_dir`.

    Opens the run's shared `SummaryWriter` for one `fit`, marks where the fit
    starts, and gives the writer back. `self._writer` is None without a
    `log_dir`.
    """

    log_dir = None
    _writer = None
    _session_marked = False

    def _open_writer(self):
        """Call in `on_train_begin`."""
        # A fit that raised never reached on_train_end.
        self._close_writer()
        if self.log_dir is not None:
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

    def _close_writer(self):
        """Call in `on_train_end`."""
        if self._writer is not None:
            self._writer.release()
            self._writer = None
