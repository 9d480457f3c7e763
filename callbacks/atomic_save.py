"""Saving weights so that a killed process never leaves a truncated file."""

import contextlib
import os
import tempfile

from cyclescope.callbacks import chief

_SUFFIX = ".weights.h5"


def save_weights_atomically(model, path):
    """Saves `model`'s weights to `path`, all at once or not at all.

    The weights are written to a temporary file in the same folder, which
    then replaces `path` in one `os.replace`. If saving fails, or the process
    is killed, `path` keeps its previous content (or stays absent) and the
    temporary file is removed (a killed process may leave it behind; its name
    starts with a dot). Missing parent folders are created.

    In multi-process training every process must call it (saving gathers
    the weights across processes), and only the chief keeps the file: the
    others save into a scratch folder that is deleted at once, as
    TensorFlow's multi-worker checkpoints do.

    Args:
        model: a Keras model.
        path: the destination, ending in `.weights.h5` as Keras 3 requires.

    Example:

    ```python
    save_weights_atomically(model, "runs/a/Model-1.weights.h5")
    model.load_weights("runs/a/Model-1.weights.h5")
    ```
    """
    path = os.fspath(path)
    folder, name = os.path.split(os.path.abspath(path))
    if not name.endswith(_SUFFIX) or name == _SUFFIX:
        raise ValueError(
            f"The weights file name must end in `{_SUFFIX}` (Keras 3 requires "
            f"it). Received: path={path!r}"
        )
    if not chief.is_chief(model):
        with tempfile.TemporaryDirectory() as scratch:
            model.save_weights(os.path.join(scratch, name))
        return
    os.makedirs(folder, exist_ok=True)
    # The temporary name must also end in `.weights.h5`, or Keras refuses it.
    temp_path = os.path.join(
        folder, f".{name[: -len(_SUFFIX)]}.{os.getpid()}.tmp{_SUFFIX}"
    )
    try:
        model.save_weights(temp_path, overwrite=True)
        os.replace(temp_path, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temp_path)
        raise
