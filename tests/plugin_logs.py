"""Log directories for the plugin's tests, written with our SummaryWriter.

Keras's own `train` runs are imitated with the same writer: it writes the
standard `scalars` format, as `keras.callbacks.TensorBoard` does.
"""

import json
import os
import time

import numpy as np
from tensorboard.compat.proto import event_pb2
from tensorboard.compat.proto import summary_pb2
from tensorboard.compat.proto import tensor_pb2
from tensorboard.compat.proto import types_pb2
from tensorboard.summary.writer.record_writer import RecordWriter

from cyclescope.tb_plugin import metadata
from cyclescope.tb_plugin.summary_writer import SummaryWriter

XSS_RUN = "<img src=x onerror=alert(1)>"


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


def write_raw_records(run_dir, tag, version, payloads):
    """Records under `tag` with plugin_content version `version`; payloads
    are bytes written as they are (not necessarily JSON)."""
    os.makedirs(run_dir, exist_ok=True)
    path = os.path.join(run_dir, "events.out.tfevents.%d.raw" % time.time())
    with open(path, "wb") as f:
        records = RecordWriter(f)
        records.write(event_pb2.Event(wall_time=time.time(), file_version="brain.Event:2")
                      .SerializeToString())
        for i, (step, payload) in enumerate(payloads):
            value = summary_pb2.Summary.Value(tag=tag, tensor=tensor_pb2.TensorProto(
                dtype=types_pb2.DT_STRING, string_val=[payload]))
            if i == 0:
                value.metadata.CopyFrom(summary_pb2.SummaryMetadata(
                    plugin_data=summary_pb2.SummaryMetadata.PluginData(
                        plugin_name=metadata.PLUGIN_NAME,
                        content=json.dumps({"version": version}).encode()),
                    data_class=summary_pb2.DATA_CLASS_TENSOR))
            event = event_pb2.Event(wall_time=time.time(), step=step,
                                    summary=summary_pb2.Summary(value=[value]))
            records.write(event.SerializeToString())


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
