"""Log directories for the plugin's tests, written with our SummaryWriter.

Keras's own `train` runs are imitated with the same writer: it writes the
standard `scalars` format, as `keras.callbacks.TensorBoard` does.
"""

import itertools
import json
import os
import time

import numpy as np
from tensorboard.compat.proto import event_pb2
from tensorboard.compat.proto import summary_pb2
from tensorboard.compat.proto import tensor_pb2
from tensorboard.compat.proto import types_pb2
from tensorboard.summary.writer.record_writer import RecordWriter
from tensorboard.util import tensor_util

from cyclescope.tb_plugin import metadata
from cyclescope.tb_plugin.summary_writer import SummaryWriter

XSS_RUN = "<img src=x onerror=alert(1)>"

_raw_files = itertools.count()


def cyclic_lr(steps, step_size, offset=0, mode="triangular", base=0.001, top=0.006):
    """keras-contrib's CyclicLR formula, float64."""
    k = np.asarray(steps, dtype=np.float64) - offset
    cycle = np.floor(1 + k / (2 * step_size))
    x = np.abs(k / step_size - 2 * cycle + 1)
    scale = 1 / 2.0 ** (cycle - 1) if mode == "triangular2" else 1.0
    return base + (top - base) * np.maximum(0, 1 - x) * scale


def schedule(step_size, offset=0, mode="triangular", steps_per_epoch=100):
    return {"type": "cyclic", "mode": mode, "base_lr": 0.001, "max_lr": 0.006,
            "step_size": step_size, "gamma": 1.0, "scale_mode": "cycle",
            "offset": offset, "steps_per_epoch": steps_per_epoch}


def write_cyclic_run(run_dir, steps=3000, step_size=200, steps_per_epoch=100,
                     snapshots=12, layers=("dense", "block/conv", "dense_1")):
    """A CyclicLR run: triangular2, then a `_reset` to step size
    `step_size // 2` at 2/3 of the way; epoch records, snapshots every
    `steps // snapshots` steps, one dead-ReLU check per epoch.

    Returns what the run holds, for the tests' expectations.
    """
    reset = (2 * steps // 3) // step_size * step_size
    all_steps = np.arange(steps)
    lr = np.where(
        all_steps < reset,
        cyclic_lr(all_steps, step_size, mode="triangular2"),
        cyclic_lr(all_steps, step_size // 2, offset=reset, mode="triangular2"),
    )
    writer = SummaryWriter.acquire(run_dir)
    writer.start_session(0)
    writer.record(metadata.SCHEDULE_TAG, 0, schedule(step_size, 0, "triangular2", steps_per_epoch))
    writer.record(metadata.SCHEDULE_TAG, reset,
                  schedule(step_size // 2, reset, "triangular2", steps_per_epoch))
    epochs = steps // steps_per_epoch
    for epoch in range(epochs):
        writer.record(metadata.EPOCH_TAG, epoch * steps_per_epoch, {"epoch": epoch})
    every = steps // snapshots
    for index in range(1, snapshots + 1):
        step = index * every - 1
        accuracy = float("nan") if index == 3 else 0.5 + 0.01 * index - (0.2 if index == 7 else 0)
        writer.record(metadata.SNAPSHOT_TAG, step, {
            "index": index, "epoch": (step + 1) // steps_per_epoch - 1, "step": step,
            "file": "Model-%d.weights.h5" % index, "lr": float(lr[step]),
            "metrics": {"loss": 1.0 / index, "val_accuracy": accuracy, "val_loss": float("inf")},
        })
    rng = np.random.default_rng(0)
    for epoch in range(epochs):
        step = (epoch + 1) * steps_per_epoch - 1
        present = [name for name in layers if name != "block/conv" or epoch >= 5]
        checks = []
        for name in present:
            units = 16 if name == "dense" else 8
            dead = min(units, epoch // 4)
            checks.append({"name": name.split("/")[-1], "index": list(layers).index(name),
                           "path": name, "units": units, "dead": dead,
                           "fraction": dead / units})
            writer.histogram(metadata.FIRING_RATE_TAG.format(layer=name), step,
                             rng.random(units), 0.0, 1.0)
        writer.record(metadata.DEAD_RELU_TAG, step, {
            "epoch": epoch, "probe_samples": 64, "threshold": 0.1, "layers": checks})
    writer.learning_rates(int(all_steps[0]), lr.astype(np.float32))
    writer.release()
    return {"steps": steps, "reset": reset, "lr": lr.astype(np.float32).astype(np.float64),
            "epochs": epochs, "snapshots": snapshots, "layers": list(layers)}


def write_keras_run(run_dir, epochs=30, steps_per_epoch=100, batch_loss=True, lr=None):
    """What `keras.callbacks.TensorBoard` writes in its `train` folder."""
    writer = SummaryWriter.acquire(run_dir)
    writer.scalars("epoch_loss", np.arange(epochs), 2.0 / (1 + np.arange(epochs)))
    if batch_loss:
        batches = np.arange(1, epochs * steps_per_epoch + 1)
        writer.scalars("batch_loss", batches, 2.0 / np.sqrt(batches))
    if lr is not None:
        writer.scalars("epoch_learning_rate", np.arange(epochs), np.asarray(lr, np.float32))
    writer.release()


def write_cosine_run(run_dir, epochs=12, epoch_length=4, steps_per_epoch=10):
    """A snapshot-ensemble run: cosine restarts, per-epoch LR."""
    writer = SummaryWriter.acquire(run_dir)
    writer.record(metadata.SCHEDULE_TAG, 0, {
        "type": "cosine_restarts", "init_lr": 0.1, "nb_epochs": epochs,
        "nb_snapshots": epochs // epoch_length, "epoch_length": epoch_length,
        "steps_per_epoch": steps_per_epoch, "offset": 0})
    for epoch in range(epochs):
        step = epoch * steps_per_epoch
        writer.record(metadata.EPOCH_TAG, step, {"epoch": epoch})
        if epoch % epoch_length == 0:
            writer.record(metadata.CYCLE_TAG, step, {"cycle": epoch // epoch_length + 1, "epoch": epoch})
        position = epoch % epoch_length
        lr = 0.05 * (np.cos(np.pi * position / epoch_length) + 1)
        writer.learning_rates(step, np.full(steps_per_epoch, lr, np.float32))
    writer.release()


def write_raw_tensors(run_dir, tag, plugin_name, content, tensors, data_class=None):
    """Events of `tag` written as they are, in a file of their own: `tensors`
    is [(step, TensorProto)]; the first event carries the metadata
    (`plugin_name`, `content` bytes, `data_class`, TENSOR by default)."""
    os.makedirs(run_dir, exist_ok=True)
    # A counter, not only the time: two files written in one second must not
    # overwrite each other.
    path = os.path.join(run_dir, "events.out.tfevents.%d.raw.%d" % (time.time(), next(_raw_files)))
    with open(path, "wb") as f:
        records = RecordWriter(f)
        records.write(event_pb2.Event(wall_time=time.time(), file_version="brain.Event:2")
                      .SerializeToString())
        for i, (step, tensor) in enumerate(tensors):
            value = summary_pb2.Summary.Value(tag=tag, tensor=tensor)
            if i == 0:
                value.metadata.CopyFrom(summary_pb2.SummaryMetadata(
                    plugin_data=summary_pb2.SummaryMetadata.PluginData(
                        plugin_name=plugin_name, content=content),
                    data_class=summary_pb2.DATA_CLASS_TENSOR if data_class is None
                    else data_class))
            event = event_pb2.Event(wall_time=time.time(), step=step,
                                    summary=summary_pb2.Summary(value=[value]))
            records.write(event.SerializeToString())


def write_raw_records(run_dir, tag, version, payloads):
    """Records under `tag` with plugin_content version `version`; payloads
    are bytes written as they are (not necessarily JSON)."""
    write_raw_tensors(
        run_dir, tag, metadata.PLUGIN_NAME, json.dumps({"version": version}).encode(),
        [(step, tensor_pb2.TensorProto(dtype=types_pb2.DT_STRING, string_val=[payload]))
         for step, payload in payloads])


def write_raw_histograms(run_dir, tag, arrays):
    """Histograms of `tag` holding `arrays` [(step, array)] as they are (any
    shape), in the `histograms` plugin's format."""
    write_raw_tensors(run_dir, tag, "histograms", b"",
                      [(step, tensor_util.make_tensor_proto(np.asarray(array)))
                       for step, array in arrays])


def write_experiment(logdir):
    """The log directory of the route tests; returns the expectations."""
    logdir = str(logdir)
    expected = {"exp1": write_cyclic_run(os.path.join(logdir, "exp1"))}
    write_keras_run(os.path.join(logdir, "exp1", "train"), lr=np.full(30, 0.001))
    write_cosine_run(os.path.join(logdir, "exp2"))
    write_keras_run(os.path.join(logdir, "exp2", "train"), epochs=12, steps_per_epoch=10,
                    batch_loss=False)
    write_keras_run(os.path.join(logdir, "keras_only", "train"), epochs=9, batch_loss=False,
                    lr=np.repeat([0.1, 0.01, 0.001], 3))
    write_cyclic_run(os.path.join(logdir, XSS_RUN), steps=400, step_size=50, snapshots=1,
                     steps_per_epoch=50)
    # A run from a newer cyclescope: its schedule cannot be read, and one of
    # its epoch records is garbage.
    future = os.path.join(logdir, "future")
    write_raw_records(future, metadata.SCHEDULE_TAG, 99, [(0, b'{"type": "cyclic"}')])
    write_raw_records(future, metadata.EPOCH_TAG, 1,
                      [(0, b'{"epoch": 0}'), (10, b"\xff not json"), (20, b"[1, 2]"),
                       (30, b"[" * 100_000)])
    # Written before the LR blocks existed: the Scalars tab's series only.
    writer = SummaryWriter.acquire(future)
    writer.scalars(metadata.LR_TAG, range(40), np.concatenate(
        [np.linspace(0.001, 0.002, 20), np.linspace(0.002, 0.001, 21)[1:]]).astype(np.float32))
    writer.release()
    return expected


# Damaged and unusual runs ---------------------------------------------------
# What each holds is listed in its docstring; the tests derive their
# expectations from that by hand.

UNKNOWN_TAG = "cyclescope/gradient_noise"


def write_lr(run_dir, values, first_step=0):
    """One LR block (and the Scalars tab's copy), no records."""
    writer = SummaryWriter.acquire(run_dir)
    writer.learning_rates(first_step, np.asarray(values, np.float32))
    writer.release()


def write_future_run(run_dir):
    """100 LR steps of a triangular cycle of step size 25 (no readable
    schedule); a schedule record of schema version 99; one record under
    `UNKNOWN_TAG` (schema 1)."""
    write_lr(run_dir, cyclic_lr(np.arange(100), 25))
    write_raw_records(run_dir, metadata.SCHEDULE_TAG, 99, [(0, b'{"type": "cyclic"}')])
    write_raw_records(run_dir, UNKNOWN_TAG, 1, [(0, b'{"noise": 0.1}')])


def write_bad_fields_run(run_dir):
    """Records with missing keys, wrong types and huge strings.

    - LR: 100 steps of a triangular cycle of step size 25.
    - schedule at 0: cyclic, `step_size` a 401-digit integer.
    - epochs: 0 {"epoch": 0}; 20 {"epoch": "one"}; 40 {}; 60 {"epoch": 3}.
    - snapshots: 19 complete (index 1, epoch 0, lr 0.002, file a.weights.h5,
      val_loss 0.5); 39 with index "2", lr "high", a 5000-character file
      name, and metrics val_loss 0.4, a 5000-character string, a
      5000-character key and a list.
    - dead-ReLU checks: 19 with layers [dense (4 units, 1 dead, 0.25), an
      entry with only `index`, the string "junk", an entry with a
      5000-character name]; 39 with `layers` a string; 59 with no `layers`;
      79 with epoch "3", probe_samples 2.5, threshold "low" and layer dense
      with units "4", dead 1.5, fraction "half".
    - firing-rate histograms of dense, in one event file (the Rust loader
      drops a tag's later steps when another file goes back to an earlier
      one): 19 a proper one of 4 units; 39 shape [5]; 59 shape [4, 2].
    """
    write_lr(run_dir, cyclic_lr(np.arange(100), 25))
    write_raw_records(run_dir, metadata.SCHEDULE_TAG, 1, [
        (0, b'{"type": "cyclic", "mode": "triangular", "offset": 0, "step_size": 1'
            + b"0" * 400 + b"}")])
    writer = SummaryWriter.acquire(run_dir)
    for step, record in [(0, {"epoch": 0}), (20, {"epoch": "one"}), (40, {}),
                         (60, {"epoch": 3})]:
        writer.record(metadata.EPOCH_TAG, step, record)
    writer.record(metadata.SNAPSHOT_TAG, 19, {
        "index": 1, "epoch": 0, "step": 19, "lr": 0.002, "file": "a.weights.h5",
        "metrics": {"val_loss": 0.5}})
    writer.record(metadata.SNAPSHOT_TAG, 39, {
        "index": "2", "epoch": 1, "step": 39, "lr": "high", "file": "x" * 5000,
        "metrics": {"val_loss": 0.4, "note": "y" * 5000, "z" * 5000: 1.0, "list": [1]}})
    dense = {"name": "dense", "path": "dense", "index": 0, "units": 4}
    writer.record(metadata.DEAD_RELU_TAG, 19, {
        "epoch": 0, "probe_samples": 8, "threshold": 0.0,
        "layers": [{**dense, "dead": 1, "fraction": 0.25}, {"index": 1}, "junk",
                   {"name": "n" * 5000}]})
    writer.record(metadata.DEAD_RELU_TAG, 39, {"epoch": 1, "layers": "all"})
    writer.record(metadata.DEAD_RELU_TAG, 59, {"epoch": 2})
    writer.record(metadata.DEAD_RELU_TAG, 79, {
        "epoch": "3", "probe_samples": 2.5, "threshold": "low",
        "layers": [{**dense, "units": "4", "dead": 1.5, "fraction": "half"}]})
    writer.release()
    counts, edges = np.histogram([0.0, 0.3, 0.6, 0.9], metadata.FIRING_RATE_BUCKETS, (0.0, 1.0))
    write_raw_histograms(run_dir, metadata.FIRING_RATE_TAG.format(layer="dense"), [
        (19, np.stack([edges[:-1], edges[1:], counts], axis=1)), (39, np.zeros(5)),
        (59, np.zeros((4, 2)))])


def write_non_finite_run(run_dir):
    """NaN and infinities where numbers belong.

    - LR: 60 steps of a triangular cycle of step size 20, with NaN at steps
      10 and 11, +inf at 30 and -inf at 31.
    - Keras's run beside it (`train`): `batch_loss` 1/b at batches 1..30,
      NaN at batch 5 and +inf at batch 6.
    - snapshot at 19: lr NaN, metrics val_loss NaN, val_accuracy Infinity,
      loss 0.5 (JSON with NaN literals, as no writer of ours writes).
    - dead-ReLU checks of layers a and b (4 units each): 19 with fractions
      NaN and -Infinity; 39 with Infinity and 0.0.
    - firing-rate histogram of a at 19: [[0, 0.5, NaN], [0.5, 1, inf]].
    """
    lr = cyclic_lr(np.arange(60), 20)
    lr[[10, 11]] = np.nan
    lr[30], lr[31] = np.inf, -np.inf
    write_lr(run_dir, lr)
    writer = SummaryWriter.acquire(os.path.join(run_dir, "train"))
    batches = np.arange(1, 31)
    loss = 1.0 / batches
    loss[4], loss[5] = np.nan, np.inf
    writer.scalars("batch_loss", batches, loss)
    writer.release()
    write_raw_records(run_dir, metadata.SNAPSHOT_TAG, 1, [
        (19, b'{"index": 1, "epoch": 0, "step": 19, "lr": NaN, "file": "s.h5", '
             b'"metrics": {"val_loss": NaN, "val_accuracy": Infinity, "loss": 0.5}}')])
    layer = b'{"name": "%s", "path": "%s", "index": %d, "units": 4, "dead": %d, "fraction": %s}'
    write_raw_records(run_dir, metadata.DEAD_RELU_TAG, 1, [
        (19, b'{"epoch": 0, "layers": [' + layer % (b"a", b"a", 0, 1, b"NaN") + b", "
             + layer % (b"b", b"b", 1, 0, b"-Infinity") + b"]}"),
        (39, b'{"epoch": 1, "layers": [' + layer % (b"a", b"a", 0, 2, b"Infinity") + b", "
             + layer % (b"b", b"b", 1, 0, b"0.0") + b"]}")])
    write_raw_histograms(run_dir, metadata.FIRING_RATE_TAG.format(layer="a"),
                         [(19, np.array([[0.0, 0.5, np.nan], [0.5, 1.0, np.inf]]))])


def write_blocks_run(run_dir, epochs=8, steps_per_epoch=50):
    """A cyclic run (step size 25) written epoch by epoch: an epoch record,
    then the epoch's LR block, flushed. Returns (event file, [file size after
    each epoch])."""
    writer = SummaryWriter.acquire(run_dir)
    writer.record(metadata.SCHEDULE_TAG, 0, schedule(25, steps_per_epoch=steps_per_epoch))
    ends = []
    for epoch in range(epochs):
        first = epoch * steps_per_epoch
        writer.record(metadata.EPOCH_TAG, first, {"epoch": epoch})
        writer.learning_rates(first, cyclic_lr(np.arange(first, first + steps_per_epoch), 25))
        writer.flush()
        ends.append(os.path.getsize(_event_file(run_dir)))
    writer.release()
    return _event_file(run_dir), ends


def write_empty_run(run_dir):
    """A run folder holding one empty event file."""
    os.makedirs(run_dir, exist_ok=True)
    open(os.path.join(run_dir, "events.out.tfevents.0.empty"), "wb").close()


def append_random_bytes(run_dir, count=4096):
    """Appends random bytes to the run's event file."""
    with open(_event_file(run_dir), "ab") as f:
        f.write(np.random.default_rng(0).bytes(count))


def _event_file(run_dir):
    (name,) = [n for n in os.listdir(run_dir) if n.startswith("events.out.tfevents.")]
    return os.path.join(run_dir, name)
