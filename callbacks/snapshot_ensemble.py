"""Predicts with a snapshot ensemble: the members' predictions averaged."""

import math
import os
import re
import warnings

import keras
import numpy as np
from google.protobuf.message import DecodeError
from tensorboard.compat.proto import event_pb2
from tensorboard.compat.tensorflow_stub import errors as record_errors
from tensorboard.compat.tensorflow_stub import pywrap_tensorflow as record_reader
from tensorboard.compat.tensorflow_stub.io import gfile

from cyclescope.callbacks import arguments
from cyclescope.callbacks import chief
from cyclescope.callbacks import optimizer_state
from cyclescope.tb_plugin import metadata
from cyclescope.tb_plugin.summary_writer import SummaryWriter

_SUFFIX = ".weights.h5"

# Keras warns when a file's optimizer state does not fit the model's optimizer
# (for example an optimizer that has not stepped yet): the members need only
# the model's weights, and the optimizer is restored afterwards anyway.
_OPTIMIZER_SKIPPED = "Skipping variable loading for optimizer"


class SnapshotEnsemble:
    """The snapshots of a run, used as one model: their predictions averaged.

    Each member is loaded in turn into `model`, the one model held in memory
    (Huang et al., "Snapshot Ensembles", 2017, average the members' softmax
    outputs). The model's own weights and optimizer state are kept aside and
    put back exactly after every `predict` and `evaluate`, also when a member
    fails to load.

    `snapshots` is one of:

    - a `SnapshotModelCheckpoint` prefix, e.g. 'weights/Model': the members
      are the files `<prefix>-<i>.weights.h5`, in numeric order of `i`
      (`Model-10` after `Model-9`), never `<prefix>-Best.weights.h5`;
    - a list of `.weights.h5` files, used in the order given;
    - a log folder that a `SnapshotModelCheckpoint` logged to: the members
      are the snapshots it recorded there, in index order, read as
      TensorBoard reads the folder (a fit that restarts at an earlier step
      replaces what was recorded from that step on). Their files are looked
      for by their logged names in `weights_dir`, or in the log folder itself.

    Args:
        model: a Keras model with the architecture of the snapshots.
        snapshots: a prefix, a list of files or a log folder, as above.
        weights: None (every member counts the same) or one number >= 0 per
            member, in the order of `members`; they are normalised to sum
            to 1.
        weights_dir: the folder holding the snapshot files of a log folder.

    Example:

    ```python
    builder = SnapshotCallbackBuilder(nb_epochs=40, nb_snapshots=4)
    model.fit(x, y, epochs=40, callbacks=builder.get_callbacks(
        model_prefix="runs/a/weights/Model", log_dir="runs/a"))
    ensemble = SnapshotEnsemble(model, "runs/a", weights_dir="runs/a/weights")
    probabilities = ensemble.predict(x_test)
    ensemble.evaluate(x_test, y_test, log_dir="runs/a")
    # {"ensemble": {"loss": ..., "accuracy": ...}, "members": [{...}, ...]}
    ```
    """

    def __init__(self, model, snapshots, weights=None, weights_dir=None):
        if not isinstance(model, keras.Model):
            raise ValueError(
                "`model` must be a Keras model (`keras.Model`) with the "
                f"architecture of the snapshots. Received: model={model!r}"
            )
        self.model = model
        self._members = _find_members(snapshots, weights_dir)
        self._weights = _normalised_weights(weights, self._members)

    @property
    def members(self):
        """The members' weights files, in ensemble order."""
        return list(self._members)

    @property
    def weights(self):
        """The members' weights, in the order of `members`, summing to 1."""
        return list(self._weights)

    def predict(self, x, batch_size=32, verbose=0):
        """The weighted average of the members' `model.predict(x)`.

        Args:
            x: the model's input, as `model.predict` takes it.
            batch_size: samples per batch.
            verbose: passed to each member's `predict`.

        Returns:
            NumPy array(s) in the structure and dtype of `model.predict`.
        """
        average = _Average()
        with optimizer_state.state_kept(self.model):
            for path, weight in zip(self._members, self._weights):
                _load(self.model, path)
                average.add(self.model.predict(x, batch_size=batch_size, verbose=verbose), weight)
        return average.result()

    def evaluate(self, x, y, batch_size=32, verbose=0, log_dir=None):
        """The compiled loss and metrics of every member and of the ensemble.

        A member's metrics are its `model.evaluate(x, y)`. The ensemble's are
        the same compiled loss and metrics of the averaged predictions
        (`predict(x)`), computed batch by batch as `model.evaluate` does; its
        loss has no regularization terms, which belong to a member's weights.
        The model's metric objects are left holding the ensemble's results.

        Args:
            x: the model's input, as `model.evaluate` takes it.
            y: the targets, in the structure of the model's outputs.
            batch_size: samples per batch.
            verbose: passed to each `evaluate`.
            log_dir: a run folder to record the result in for TensorBoard's
                Cyclescope tab (see `metadata.ENSEMBLE_TAG`), or None. Only
                the chief process writes.

        Returns:
            `{"ensemble": {metric: value}, "members": [{metric: value}, ...]}`,
            the members in the order of `members`.
        """
        log_dir = arguments.log_dir(log_dir)
        batch_size = arguments.positive_int("batch_size", batch_size)
        if not getattr(self.model, "compiled", False):
            raise ValueError(
                "`evaluate` needs a compiled model: call `model.compile(loss=..., "
                "metrics=...)` first (`predict` works without)."
            )
        if y is None:
            raise ValueError("`evaluate` needs the targets `y`. Received: y=None")
        evaluate = dict(batch_size=batch_size, verbose=verbose, return_dict=True)
        average = _Average()
        members = []
        with optimizer_state.state_kept(self.model):
            for path, weight in zip(self._members, self._weights):
                _load(self.model, path)
                members.append(_floats(self.model.evaluate(x, y, **evaluate)))
                average.add(self.model.predict(x, batch_size=batch_size, verbose=0), weight)
        predictions = average.result()
        result = {
            "ensemble": _metrics_of(self.model, y, predictions, batch_size),
            "members": members,
        }
        if log_dir is not None and chief.is_chief(self.model):
            samples = len(keras.tree.flatten(predictions)[0])
            self._write_record(log_dir, result, samples)
        return result

    def _write_record(self, log_dir, result, samples):
        # At the last snapshot: the tab shows the ensemble at the end of the
        # run, and a fit continuing the run (from the next step) keeps it.
        step = max((step for step, _ in _snapshot_records(log_dir).values()), default=0)
        writer = SummaryWriter.acquire(log_dir)
        try:
            writer.record(
                metadata.ENSEMBLE_TAG,
                step,
                {
                    "members": [os.path.basename(path) for path in self._members],
                    "weights": self._weights,
                    "ensemble": result["ensemble"],
                    "member_metrics": result["members"],
                    "samples": samples,
                },
            )
        finally:
            writer.release()


class _Average:
    """A weighted sum of predictions (nested structures of arrays),
    accumulated in float64 and given back in the members' dtype."""

    def __init__(self):
        self._total = None
        self._dtypes = None

    def add(self, outputs, weight):
        weighted = keras.tree.map_structure(lambda o: weight * np.asarray(o, np.float64), outputs)
        if self._total is None:
            self._dtypes = keras.tree.map_structure(lambda o: np.asarray(o).dtype, outputs)
            self._total = weighted
        else:
            self._total = keras.tree.map_structure(np.add, self._total, weighted)

    def result(self):
        return keras.tree.map_structure(
            lambda total, dtype: total.astype(dtype) if np.issubdtype(dtype, np.floating) else total,
            self._total,
            self._dtypes,
        )


def _load(model, path):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_OPTIMIZER_SKIPPED)
        model.load_weights(path)


def _floats(logs):
    return {name: float(value) for name, value in logs.items()}


def _metrics_of(model, y, predictions, batch_size):
    """`model`'s compiled loss and metrics of `predictions`, batch by batch
    as `model.evaluate` computes them, through the public `compute_loss` and
    `compute_metrics` (which leave the results in the model's metrics).

    `compute_loss` also adds the regularization terms of the weights in the
    model, which are no part of the predictions: they are taken off. Models
    that override those methods get `x=None`.
    """
    model.reset_metrics()
    samples = len(keras.tree.flatten(predictions)[0])
    loss_sum = 0.0
    for start in range(0, samples, batch_size):
        batch = slice(start, start + batch_size)
        y_batch = keras.tree.map_structure(lambda a: keras.ops.convert_to_tensor(a[batch]), y)
        predicted = keras.tree.map_structure(lambda a: keras.ops.convert_to_tensor(a[batch]), predictions)
        loss = model.compute_loss(x=None, y=y_batch, y_pred=predicted, training=False)
        penalty = sum(_number(keras.ops.sum(term)) for term in model.losses)
        loss_sum += (_number(loss) - penalty) * len(keras.tree.flatten(predicted)[0])
        model.compute_metrics(None, y_batch, predicted, sample_weight=None)
    logs = _floats(model.get_metrics_result())
    logs["loss"] = loss_sum / samples
    return logs


def _number(tensor):
    return float(keras.ops.convert_to_numpy(tensor))


# Finding the members


def _find_members(snapshots, weights_dir):
    if isinstance(snapshots, (list, tuple)):
        if weights_dir is not None:
            raise ValueError(_WEIGHTS_DIR_ONLY + f"Received: weights_dir={weights_dir!r}")
        return _listed_files(snapshots)
    path = _local_path(snapshots)
    if path is None or "://" in path:
        raise ValueError(
            "`snapshots` must be a `SnapshotModelCheckpoint` prefix (e.g. "
            "'weights/Model'), a list of `.weights.h5` files, or a local log "
            f"folder that a snapshot run logged to. Received: snapshots={snapshots!r}"
        )
    if os.path.isdir(path):
        return _logged_files(path, weights_dir)
    if weights_dir is not None:
        raise ValueError(_WEIGHTS_DIR_ONLY + f"Received: weights_dir={weights_dir!r}")
    return _numbered_files(path)


_WEIGHTS_DIR_ONLY = (
    "`weights_dir` is only for a log folder given as `snapshots` (a prefix "
    "or a list names the files itself). "
)


def _local_path(value):
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        if isinstance(path, str) and path:
            return path
    return None


def _listed_files(snapshots):
    if not snapshots:
        raise ValueError(
            "`snapshots` must list at least one `.weights.h5` file. "
            f"Received: snapshots={snapshots!r}"
        )
    paths = []
    for item in snapshots:
        path = _local_path(item)
        if path is None or not path.endswith(_SUFFIX):
            raise ValueError(
                f"Every file in `snapshots` must be a path ending in `{_SUFFIX}`. "
                f"Received: {item!r} in snapshots={snapshots!r}"
            )
        paths.append(path)
    missing = [path for path in paths if not os.path.isfile(path)]
    if missing:
        raise ValueError(f"Snapshot files are missing: {missing}. Received: snapshots={snapshots!r}")
    return paths


def _numbered_files(prefix):
    folder, base = os.path.split(prefix)
    pattern = re.compile(re.escape(base) + r"-([0-9]+)" + re.escape(_SUFFIX))
    numbered = []
    if base and os.path.isdir(folder or "."):
        for name in os.listdir(folder or "."):
            match = pattern.fullmatch(name)
            if match:
                numbered.append((int(match.group(1)), name))
    if not numbered:
        raise ValueError(
            f"No snapshot files `{prefix}-<i>{_SUFFIX}` were found (`snapshots` "
            "is read as a `SnapshotModelCheckpoint` prefix, as it is not a "
            f"folder). Received: snapshots={prefix!r}"
        )
    return [os.path.join(folder, name) for _, name in sorted(numbered)]


def _logged_files(log_dir, weights_dir):
    records = _snapshot_records(log_dir)
    if not records:
        raise ValueError(
            f"The log folder {log_dir!r} holds no `{metadata.SNAPSHOT_TAG}` "
            "records in its event files (a `SnapshotModelCheckpoint` with "
            "this `log_dir` writes them). Pass the snapshots' prefix, e.g. "
            f"'weights/Model', or a list of files instead. Received: snapshots={log_dir!r}"
        )
    folder = log_dir if weights_dir is None else _local_path(weights_dir)
    if folder is None:
        raise ValueError(
            f"`weights_dir` must be None or a folder. Received: weights_dir={weights_dir!r}"
        )
    paths = [os.path.join(folder, records[index][1]["file"]) for index in sorted(records)]
    missing = [os.path.basename(path) for path in paths if not os.path.isfile(path)]
    if missing:
        raise ValueError(
            f"The snapshot files {missing} recorded in the log folder "
            f"{log_dir!r} are not in {folder!r}. Pass `weights_dir=` the folder "
            "that holds them (that of the `SnapshotModelCheckpoint`'s prefix)."
        )
    return paths


def _snapshot_records(log_dir):
    """{index: (step, record)} of the snapshots recorded in `log_dir`.

    The folder's event files are read in name order, as TensorBoard does,
    and a session start at step s drops what was recorded at s or later (a
    fit restarted there, as TensorBoard's Python loader has it); a later
    record of an index replaces an earlier one. Records without a usable
    index or file name are skipped.
    """
    if not gfile.isdir(log_dir):
        return {}
    records = {}
    for name in sorted(gfile.listdir(log_dir)):
        if "tfevents" not in name:
            continue
        for event in _events(_join(log_dir, name)):
            if event.WhichOneof("what") == "session_log":
                if event.session_log.status == event_pb2.SessionLog.START:
                    records = {i: r for i, r in records.items() if r[0] < event.step}
                continue
            for value in event.summary.value:
                if value.tag != metadata.SNAPSHOT_TAG or not value.tensor.string_val:
                    continue
                record = metadata.decode_record(value.tensor.string_val[0])
                if _usable(record):
                    records[record["index"]] = (event.step, record)
    return records


def _usable(record):
    if record is None:
        return False
    index, name = record.get("index"), record.get("file")
    return (
        isinstance(index, int)
        and not isinstance(index, bool)
        and isinstance(name, str)
        # A basename, never a path: it is joined to a folder.
        and name == os.path.basename(name)
        and name.endswith(_SUFFIX)
        and "\\" not in name
    )


def _events(path):
    """The events of one event file, up to its first unreadable record (the
    one being written, in a file still open)."""
    reader = record_reader.PyRecordReader_New(path)
    while True:
        try:
            reader.GetNext()
            yield event_pb2.Event.FromString(reader.record())
        except (record_errors.OutOfRangeError, record_errors.DataLossError, DecodeError):
            return


def _join(folder, name):
    return folder.rstrip("/") + "/" + name if "://" in folder else os.path.join(folder, name)


def _normalised_weights(weights, members):
    count = len(members)
    if weights is None:
        return [1.0 / count] * count
    try:
        values = list(weights)
    except TypeError:
        values = None
    if values is None or isinstance(weights, (str, bytes, dict)):
        raise ValueError(
            "`weights` must be None or a sequence of numbers, one per member. "
            f"Received: weights={weights!r}"
        )
    if len(values) != count:
        raise ValueError(
            f"`weights` must have one number per member ({count} members: "
            f"{[os.path.basename(m) for m in members]}). Received: weights={weights!r}"
        )
    if not all(arguments.is_number(v) and math.isfinite(v) and v >= 0 for v in values):
        raise ValueError(
            "Every value of `weights` must be a finite number >= 0. "
            f"Received: weights={weights!r}"
        )
    total = math.fsum(values)
    if total <= 0:
        raise ValueError(
            "`weights` must not sum to 0: at least one member needs a positive "
            f"weight. Received: weights={weights!r}"
        )
    return [float(v) / total for v in values]
