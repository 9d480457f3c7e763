"""Argument checks shared by the callbacks.

Each raises a `ValueError` that names the argument and says what is allowed.
"""

import math
import numbers
import os


def cycle_length(nb_epochs, nb_snapshots):
    """Returns `nb_epochs // nb_snapshots`, the epochs of one snapshot cycle.

    Raises:
        ValueError: if either argument is not an integer, `nb_snapshots < 1`,
            or `nb_epochs < nb_snapshots` (a cycle needs at least one epoch).
    """
    positive_int("nb_epochs", nb_epochs)
    positive_int("nb_snapshots", nb_snapshots)
    if nb_epochs < nb_snapshots:
        raise ValueError(
            "`nb_epochs` must be at least `nb_snapshots` (every snapshot "
            "cycle needs at least one epoch). Received: "
            f"nb_epochs={nb_epochs}, nb_snapshots={nb_snapshots}"
        )
    return int(nb_epochs) // int(nb_snapshots)


def is_number(value):
    """Whether `value` is a real number (not a bool)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def positive_number(name, value):
    """Returns `value` as a float; it must be a positive, finite number."""
    if not (is_number(value) and math.isfinite(value) and value > 0):
        raise ValueError(
            f"`{name}` must be a positive, finite number. Received: {name}={value!r}"
        )
    return float(value)


def non_negative_number(name, value):
    """Returns `value` as a float; it must be a finite number >= 0."""
    if not (is_number(value) and math.isfinite(value) and value >= 0):
        raise ValueError(
            f"`{name}` must be a finite number >= 0. Received: {name}={value!r}"
        )
    return float(value)


def positive_int(name, value):
    """Returns `value` as an int; it must be an integer >= 1."""
    if not _is_int(value) or value < 1:
        raise ValueError(f"`{name}` must be an integer >= 1. Received: {name}={value!r}")
    return int(value)


def file_prefix(name, prefix):
    """Returns `prefix` as a string; it must name a file, e.g. 'runs/a/Model'.

    Args:
        name: the argument's name, for the error message.
        prefix: a `str` or `os.PathLike`. An empty one, or one ending in a
            path separator, names no file and is rejected.
    """
    path = _fspath(prefix)
    if path is None or not os.path.basename(path):
        raise ValueError(
            f"`{name}` must be a non-empty path that does not end in a "
            f"separator, e.g. 'runs/a/Model'. Received: {name}={prefix!r}"
        )
    return path


def log_dir(log_dir):
    """Returns `log_dir` as a string, or None; it must be None, a path, or a
    URL that TensorBoard reads, e.g. 's3://bucket/run1' (kept as given)."""
    if log_dir is None:
        return None
    path = _fspath(log_dir)
    if not path:
        raise ValueError(
            "`log_dir` must be None or a non-empty path or URL of a run "
            f"folder, e.g. 'logs/run1' or 's3://bucket/run1'. Received: log_dir={log_dir!r}"
        )
    return path


def _fspath(value):
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        if isinstance(path, str):
            return path
    return None


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)
