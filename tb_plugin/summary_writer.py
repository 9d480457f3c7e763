"""Writes cyclescope summaries without TensorFlow.

Events are built from TensorBoard's own protos and framed by its
`RecordWriter`, so the callbacks log on every Keras backend. (TensorBoard's
`EventFileWriter` would import TensorFlow whenever it is installed.) One writer
serves each run directory per process: callbacks given the same `log_dir`
share one event file (TensorBoard's Python loader reads a folder's files one
after the other and never returns to an older one).

A `log_dir` that is a URL (`s3://bucket/run1`) is written through TensorBoard's
TensorFlow-free gfile: `s3://` through boto3, other protocols through fsspec.
An S3 object cannot be appended to: gfile keeps the file in a local temporary
file and uploads all of it again on every `flush()`, so the object is whole and
readable after each flush, lags behind until the next one, and each flush costs
an upload of the whole file so far. A custom endpoint comes from `S3_ENDPOINT`,
which gfile reads when it is imported, or from botocore's `AWS_ENDPOINT_URL_S3`.
"""

import os
import socket
import threading
import time

import numpy as np
from tensorboard.compat.proto import event_pb2
from tensorboard.compat.proto import summary_pb2
from tensorboard.compat.proto import tensor_pb2
from tensorboard.compat.proto import tensor_shape_pb2
from tensorboard.compat.proto import types_pb2
from tensorboard.compat.tensorflow_stub.io import gfile
from tensorboard.plugins.histogram import metadata as histogram_metadata
from tensorboard.plugins.scalar import metadata as scalar_metadata
from tensorboard.summary.writer.record_writer import RecordWriter

from cyclescope.tb_plugin import metadata

_RANK_0 = tensor_shape_pb2.TensorShapeProto()
_HISTOGRAM_SHAPE = tensor_shape_pb2.TensorShapeProto(
    dim=[
        tensor_shape_pb2.TensorShapeProto.Dim(size=metadata.FIRING_RATE_BUCKETS),
        tensor_shape_pb2.TensorShapeProto.Dim(size=3),
    ]
)


class SummaryWriter:
    """An event file in one run directory, shared by the callbacks using it.

    Get one with `SummaryWriter.acquire(log_dir)` and give it back with
    `release()`; the file is closed when the last user releases it.

    Args:
        log_dir: the run directory. Created if missing.
    """

    _open = {}
    _lock = threading.Lock()

    def __init__(self, log_dir):
        self.log_dir = log_dir
        self._events = _EventFile(log_dir)
        self._users = 0
        self._tags_with_metadata = set()
        self._session_step = None

    @classmethod
    def acquire(cls, log_dir):
        """Returns the writer of `log_dir`, opening it on first use."""
        key = os.fspath(log_dir)
        if _is_url(key):
            scheme, _, path = key.partition("://")
            key = scheme + "://" + path.rstrip("/")
        else:
            key = os.path.realpath(key)
        with cls._lock:
            writer = cls._open.get(key)
            if writer is None:
                if _is_url(key):
                    gfile.makedirs(key)
                else:
                    os.makedirs(key, exist_ok=True)
                writer = cls._open[key] = cls(key)
            writer._users += 1
            return writer

    def release(self):
        """Flushes, and closes the file once no callback uses it any more."""
        with self._lock:
            self._users -= 1
            if self._users > 0:
                self._events.flush()
                return
            self._open.pop(self.log_dir, None)
        self._events.close()

    def flush(self):
        self._events.flush()

    def start_session(self, step):
        """Marks that training (re)starts at `step`.

        TensorBoard's Python loader drops points at or after `step` that an
        earlier, interrupted process wrote, so a resumed run shows one clean
        series. Callbacks sharing this writer call it with the same step; the
        mark is written once.
        """
        step = int(step)
        if step == self._session_step:
            return
        self._session_step = step
        self._events.add_event(
            event_pb2.Event(
                wall_time=time.time(),
                step=step,
                session_log=event_pb2.SessionLog(status=event_pb2.SessionLog.START),
            )
        )

    def scalars(self, tag, steps, values):
        """Writes one scalar per step, readable in the Scalars tab."""
        wall_time = time.time()
        for step, value in zip(np.asarray(steps).tolist(), np.asarray(values).tolist()):
            tensor = tensor_pb2.TensorProto(
                dtype=types_pb2.DT_FLOAT, tensor_shape=_RANK_0, float_val=[value]
            )
            self._add(tag, step, tensor, _scalar_metadata, wall_time)

    def learning_rates(self, first_step, values):
        """Writes the LR of consecutive steps from `first_step` on: one
        scalar per step for the Scalars tab, and one block that the
        Cyclescope tab reads whole."""
        self.step_series(metadata.LR_TAG, metadata.LR_BLOCK_TAG, first_step, values)

    def momentums(self, first_step, values):
        """Writes the momentum of consecutive steps, as `learning_rates`."""
        self.step_series(metadata.MOMENTUM_TAG, metadata.MOMENTUM_BLOCK_TAG, first_step, values)

    def step_series(self, scalar_tag, block_tag, first_step, values):
        """Writes the values of consecutive steps from `first_step` on: one
        scalar per step under `scalar_tag`, and one rank-1 float32 block
        under `block_tag` (a cyclescope tag, kept whole by TensorBoard)."""
        values = np.asarray(values, dtype=np.float32)
        self.scalars(scalar_tag, np.arange(first_step, first_step + len(values)), values)
        tensor = tensor_pb2.TensorProto(
            dtype=types_pb2.DT_FLOAT,
            tensor_shape=tensor_shape_pb2.TensorShapeProto(
                dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=len(values))]
            ),
            tensor_content=values.tobytes(),
        )
        self._add(block_tag, first_step, tensor, metadata.record_metadata, time.time())

    def histogram(self, tag, step, values, lower, upper):
        """Writes a fixed-bucket histogram of `values` over [lower, upper]."""
        counts, edges = np.histogram(
            values, bins=metadata.FIRING_RATE_BUCKETS, range=(lower, upper)
        )
        buckets = np.stack([edges[:-1], edges[1:], counts], axis=1)
        tensor = tensor_pb2.TensorProto(
            dtype=types_pb2.DT_DOUBLE,
            tensor_shape=_HISTOGRAM_SHAPE,
            double_val=buckets.astype(np.float64).ravel().tolist(),
        )
        self._add(tag, step, tensor, _histogram_metadata, time.time())

    def record(self, tag, step, record):
        """Writes a cyclescope JSON record (see `metadata` for the tags)."""
        tensor = tensor_pb2.TensorProto(
            dtype=types_pb2.DT_STRING,
            tensor_shape=_RANK_0,
            string_val=[metadata.encode_record(record)],
        )
        self._add(tag, step, tensor, metadata.record_metadata, time.time())

    def _add(self, tag, step, tensor, make_metadata, wall_time):
        value = summary_pb2.Summary.Value(tag=tag, tensor=tensor)
        if tag not in self._tags_with_metadata:
            self._tags_with_metadata.add(tag)
            value.metadata.CopyFrom(make_metadata())
        self._events.add_event(
            event_pb2.Event(
                wall_time=wall_time,
                step=int(step),
                summary=summary_pb2.Summary(value=[value]),
            )
        )


def _is_url(path):
    """Whether gfile would pick a filesystem other than the local one."""
    return "://" in path


def _scalar_metadata():
    result = scalar_metadata.create_summary_metadata(display_name="", description="")
    result.data_class = summary_pb2.DATA_CLASS_SCALAR
    return result


def _histogram_metadata():
    result = histogram_metadata.create_summary_metadata(display_name="", description="")
    result.data_class = summary_pb2.DATA_CLASS_TENSOR
    return result


class _EventFile:
    """An `events.out.tfevents.*` file, written synchronously."""

    _counter = 0

    def __init__(self, log_dir):
        _EventFile._counter += 1
        # TensorBoard reads a folder's event files in name order: the counter
        # is zero-padded so that a process's 10th file sorts after its 9th.
        name = "events.out.tfevents.%010d.%s.%d.%08d.cyclescope" % (
            time.time(),
            socket.gethostname(),
            os.getpid(),
            _EventFile._counter,
        )
        if _is_url(log_dir):
            self._file = gfile.GFile(log_dir + "/" + name, "wb")
        else:
            # Not gfile: it reopens a local file for every record written.
            self._file = open(os.path.join(log_dir, name), "wb")
        self._records = RecordWriter(self._file)
        self.add_event(event_pb2.Event(wall_time=time.time(), file_version="brain.Event:2"))
        self.flush()

    def add_event(self, event):
        self._records.write(event.SerializeToString())

    def flush(self):
        self._file.flush()

    def close(self):
        self._file.close()
