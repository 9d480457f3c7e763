"""Trains with cyclescope's callbacks under one distribution engine, in a
process of its own, and writes what it saw to a JSON file.

Device counts and distribution must be configured before TensorFlow or JAX
initialise, hence a script: `tests/test_distributed.py` runs it once per
engine (and once single-device for the expected values) and compares.

    python tests/distributed_training.py ENGINE OUT_DIR RESULT_JSON
        [--cases cyclic,snapshot,dead_relu | --cases plain]
        [--process-id I --num-processes N --port P]

ENGINE is one of:

- `tf-single`: TensorFlow backend, no strategy;
- `tf-mirrored`: `tf.distribute.MirroredStrategy` over two logical CPUs;
- `tf-multiworker`: `tf.distribute.MultiWorkerMirroredStrategy`, one worker
  per process, TF_CONFIG built from `--port` (ports P, P+1 on 127.0.0.1).
  Kept to reproduce the failure: on Keras 3.15 even `--cases plain` fails
  in `fit` ("Attempt to convert a value (PerReplica:{...}) with an
  unsupported type", keras-team/keras#20585), so no test uses it;
- `jax-single`: JAX backend, no distribution;
- `jax-data-parallel`: `keras.distribution.DataParallel` over all the JAX
  devices (run with XLA_FLAGS=--xla_force_host_platform_device_count=2);
- `jax-multiprocess`: `jax.distributed.initialize` on 127.0.0.1:P with gloo
  CPU collectives, then `DataParallel` over the devices of all processes.

The callbacks write under OUT_DIR only (one folder per case); RESULT_JSON is
the harness's own output, kept outside OUT_DIR so that a process that must
write nothing can be checked. A failure is written to RESULT_JSON as
`{"error": ...}` (with the traceback) before the script exits with 1.
"""

import argparse
import contextlib
import io
import json
import os
import sys
import time
import traceback

BACKENDS = {
    "tf-single": "tensorflow",
    "tf-mirrored": "tensorflow",
    "tf-multiworker": "tensorflow",
    "jax-single": "jax",
    "jax-data-parallel": "jax",
    "jax-multiprocess": "jax",
}

# The fixed runs. Global batches: the per-replica batches are 1 sample each
# on two replicas (2 per process for the multi-process engines).
PLAIN = dict(samples=10, batch_size=2, learning_rate=0.1)
CYCLIC = dict(samples=10, batch_size=2, epochs=2, base_lr=0.01, max_lr=0.05, step_size=3,
              mode="triangular2")
SNAPSHOT = dict(samples=4, batch_size=2, nb_epochs=4, nb_snapshots=2, init_lr=0.1)
# Cycles of one epoch, and a leftover epoch that saves nothing.
CHECKPOINT = dict(samples=4, batch_size=2, nb_epochs=3, nb_snapshots=2, learning_rate=0.25)
# The probe has an odd number of samples: they do not split evenly over
# two replicas.
DEAD_RELU = dict(samples=8, probe_samples=9, features=4, units=11, dead=2, batch_size=2, epochs=2)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("engine", choices=sorted(BACKENDS))
    parser.add_argument("out_dir")
    parser.add_argument("result")
    parser.add_argument("--cases", default="cyclic,snapshot,dead_relu")
    parser.add_argument("--process-id", type=int, default=0)
    parser.add_argument("--num-processes", type=int, default=1)
    parser.add_argument("--port", type=int, default=None)
    return parser.parse_args(argv)


class Engine:
    """What a run needs from the engine: a scope to build models in."""

    def __init__(self, args):
        self.name = args.engine
        self.process_id = args.process_id
        self.backend = BACKENDS[args.engine]
        # Before Keras is imported anywhere.
        os.environ["KERAS_BACKEND"] = self.backend
        self.strategy = None
        self.info = {"engine": self.name, "process_id": args.process_id}
        getattr(self, "_setup_" + self.name.replace("-", "_"))(args)
        import keras

        assert keras.backend.backend() == self.backend, keras.backend.backend()
        # The same initial weights in every run and every process (JAX
        # refuses to replicate values that differ between processes).
        keras.utils.set_random_seed(0)
        self.info["backend"] = keras.backend.backend()

    def scope(self):
        return self.strategy.scope() if self.strategy is not None else contextlib.nullcontext()

    def fit(self, model, x, y, batch_size, epochs, callbacks):
        """`model.fit` on fixed batches, in order, `len(x) // batch_size` of
        them per epoch.

        On TensorFlow the batches come from a repeated `tf.data.Dataset`
        with `steps_per_epoch`: for arrays, Keras builds a new multi-device
        iterator every epoch, about 0.5 s each under `MirroredStrategy`. On
        JAX, the arrays themselves (each process's own ones, for several
        processes)."""
        steps = len(x) // batch_size
        if self.backend == "tensorflow":
            import tensorflow as tf

            data = tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size).repeat()
            return model.fit(data, steps_per_epoch=steps, epochs=epochs, verbose=0,
                             callbacks=callbacks)
        assert len(x) == steps * batch_size, "every batch full"
        return model.fit(x, y, batch_size=batch_size, epochs=epochs, verbose=0, shuffle=False,
                         callbacks=callbacks)

    def _setup_tf_single(self, args):
        import tensorflow as tf

        self.info["replicas"] = tf.distribute.get_strategy().num_replicas_in_sync

    def _setup_tf_mirrored(self, args):
        import tensorflow as tf

        cpus = tf.config.list_physical_devices("CPU")
        tf.config.set_logical_device_configuration(
            cpus[0], [tf.config.LogicalDeviceConfiguration()] * 2
        )
        self.strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
        self.info["replicas"] = self.strategy.num_replicas_in_sync
        self.info["logical_cpus"] = len(tf.config.list_logical_devices("CPU"))

    def _setup_tf_multiworker(self, args):
        workers = [f"127.0.0.1:{args.port + i}" for i in range(args.num_processes)]
        os.environ["TF_CONFIG"] = json.dumps(
            {"cluster": {"worker": workers}, "task": {"type": "worker", "index": args.process_id}}
        )
        import tensorflow as tf

        self.strategy = tf.distribute.MultiWorkerMirroredStrategy()
        resolver = self.strategy.cluster_resolver
        self.info["replicas"] = self.strategy.num_replicas_in_sync
        self.info["task"] = [resolver.task_type, resolver.task_id]

    def _setup_jax_single(self, args):
        import jax

        self.info["devices"] = jax.device_count()

    def _setup_jax_data_parallel(self, args):
        import jax
        import keras

        keras.distribution.set_distribution(keras.distribution.DataParallel(devices=jax.devices()))
        self.info["devices"] = jax.device_count()
        self.info["distribution"] = type(keras.distribution.distribution()).__name__

    def _setup_jax_multiprocess(self, args):
        import jax

        jax.config.update("jax_cpu_collectives_implementation", "gloo")
        jax.distributed.initialize(
            coordinator_address=f"127.0.0.1:{args.port}",
            num_processes=args.num_processes,
            process_id=args.process_id,
            initialization_timeout=60,
        )
        import keras

        # Each process feeds its own batches (NumPy arrays, not a tf.data
        # dataset that Keras could shard): the global batch is their union.
        distribution = keras.distribution.DataParallel(
            devices=jax.devices(), auto_shard_dataset=False
        )
        keras.distribution.set_distribution(distribution)
        self.info["devices"] = jax.device_count()
        self.info["distribution"] = type(keras.distribution.distribution()).__name__
        self.info["local_devices"] = jax.local_device_count()
        self.info["process_index"] = jax.process_index()
        self.info["process_count"] = jax.process_count()


# Models and probes -----------------------------------------------------------


def unit_gradient_model(learning_rate=0.5):
    """One weight w, zero at start, and a loss of w per sample on all-ones x:
    every SGD step moves w by exactly -lr, however the batch is split.

    Unlike `tests.test_cyclic_lr.unit_gradient_model`, the loss function
    returns one value per sample and lets Keras average them: Keras divides
    the loss by the number of `tf.distribute` replicas only in that
    reduction, so a loss function that returns a scalar (`ops.mean(y_pred)`)
    gets the sum of the replicas' gradients, 2 on two replicas."""
    import keras

    model = keras.Sequential(
        [keras.Input((1,)), keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros")]
    )
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate),
        loss=lambda y_true, y_pred: y_pred,
    )
    return model


def weight(model):
    import keras

    from cyclescope.callbacks import keras_internals

    keras_internals.sync_jax_state(model)  # JAX keeps the variables in the loop
    return float(keras.ops.convert_to_numpy(model.weights[0].value).reshape(-1)[0])


def make_weight_trace():
    import keras

    class WeightTrace(keras.callbacks.Callback):
        """The weight before training and after every step."""

        def on_train_begin(self, logs=None):
            self.weights = [weight(self.model)]

        def on_train_batch_end(self, batch, logs=None):
            self.weights.append(weight(self.model))

    return WeightTrace()


def make_files_probe(folder):
    import keras

    class FilesProbe(keras.callbacks.Callback):
        """At every epoch end (after the callbacks under test), the files in
        `folder` with their inode: a file (re)written by `os.replace` gets a
        new one, so the trace shows when each file was written."""

        def __init__(self):
            super().__init__()
            self.epochs = []

        def on_epoch_end(self, epoch, logs=None):
            self.epochs.append({"epoch": epoch, "files": inodes(folder)})

    return FilesProbe()


def inodes(folder):
    if not os.path.isdir(folder):
        return {}
    return {name: os.stat(os.path.join(folder, name)).st_ino for name in sorted(os.listdir(folder))}


def list_files(folder):
    """Every file under `folder`, relative, sorted."""
    found = []
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            found.append(os.path.relpath(os.path.join(dirpath, name), folder))
    return sorted(found)


def ones(*shape):
    import numpy as np

    return np.ones(shape, "float32")


# Cases -----------------------------------------------------------------------


def case_plain(engine, out):
    """A plain fit, no cyclescope callback: does the engine train at all?

    Process `i` feeds x = i + 1: with the gradients of all processes
    averaged, every process's w moves by lr * mean(1..n) per step; without,
    by lr * (i + 1)."""
    with engine.scope():
        model = unit_gradient_model(PLAIN["learning_rate"])
    trace = make_weight_trace()
    x = ones(PLAIN["samples"], 1) * (engine.process_id + 1)
    engine.fit(model, x, x, PLAIN["batch_size"], 1, [trace])
    return {"weights": trace.weights, "replicated_on": replicated_on(model.weights[0])}


def replicated_on(variable):
    """The number of devices holding a copy of `variable`."""
    value = variable.value
    if hasattr(value, "sharding"):  # a jax.Array
        return len(value.sharding.device_set)
    return len(getattr(value, "values", [value]))  # a tf.distribute MirroredVariable


def case_cyclic(engine, out):
    from cyclescope.callbacks import CyclicLR

    c = CYCLIC
    with engine.scope():
        model = unit_gradient_model()
    clr = CyclicLR(c["base_lr"], c["max_lr"], c["step_size"], mode=c["mode"],
                   log_dir=os.path.join(out, "cyclic_logs"))
    trace = make_weight_trace()
    x = ones(c["samples"], 1)
    engine.fit(model, x, x, c["batch_size"], c["epochs"], [clr, trace])
    return {"weights": trace.weights, "history_lr": clr.history["lr"],
            "history_iterations": clr.history["iterations"],
            "replicated_on": replicated_on(model.weights[0])}


def case_snapshot(engine, out):
    from cyclescope.callbacks import SnapshotCallbackBuilder, SnapshotModelCheckpoint

    result = {}
    s = SNAPSHOT
    with engine.scope():
        model = unit_gradient_model()
    folder = os.path.join(out, "snapshots")
    builder = SnapshotCallbackBuilder(nb_epochs=s["nb_epochs"], nb_snapshots=s["nb_snapshots"],
                                      init_lr=s["init_lr"])
    callbacks = builder.get_callbacks(model_prefix=os.path.join(folder, "Model"),
                                      log_dir=os.path.join(out, "snapshot_logs"), monitor="loss")
    trace, files = make_weight_trace(), make_files_probe(folder)
    x = ones(s["samples"], 1)
    engine.fit(model, x, x, s["batch_size"], s["nb_epochs"], [*callbacks, trace, files])
    result["builder"] = {"weights": trace.weights, "files": files.epochs}

    c = CHECKPOINT
    with engine.scope():
        model = unit_gradient_model(c["learning_rate"])
    folder = os.path.join(out, "checkpoints")
    checkpoint = SnapshotModelCheckpoint(c["nb_epochs"], c["nb_snapshots"],
                                         fn_prefix=os.path.join(folder, "Snap"),
                                         log_dir=os.path.join(out, "checkpoint_logs"))
    trace, files = make_weight_trace(), make_files_probe(folder)
    x = ones(c["samples"], 1)
    engine.fit(model, x, x, c["batch_size"], c["nb_epochs"], [checkpoint, trace, files])
    result["checkpoint"] = {"weights": trace.weights, "files": files.epochs}
    return result


def case_dead_relu(engine, out):
    import keras
    import numpy as np

    from cyclescope.callbacks import DeadReluDetector

    d = DEAD_RELU
    with engine.scope():
        dense = keras.layers.Dense(d["units"], activation="relu", use_bias=False,
                                   kernel_initializer="zeros", name="dense")
        model = keras.Sequential([keras.Input((d["features"],)), dense])
        kernel = np.ones((d["features"], d["units"]), "float32")
        kernel[:, : d["dead"]] = 0  # zero columns: those units output 0 on any input
        dense.set_weights([kernel])
        model.compile(keras.optimizers.SGD(0.01), "mse")
    probe = ones(d["probe_samples"], d["features"])
    detector = DeadReluDetector(probe, verbose=True, log_dir=os.path.join(out, "dead_relu_logs"))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        engine.fit(model, ones(d["samples"], d["features"]), ones(d["samples"], d["units"]),
                   d["batch_size"], d["epochs"], [detector])
    return {"printed": printed.getvalue().splitlines(), "last_report": detector.last_report,
            "firing_rates": [r.tolist() for r in detector.last_firing_rates]}


CASES = {"plain": case_plain, "cyclic": case_cyclic, "snapshot": case_snapshot,
         "dead_relu": case_dead_relu}


def main(argv=None):
    args = parse_args(argv)
    result = {"argv": sys.argv[1:], "pid": os.getpid()}
    started = time.monotonic()
    try:
        engine = Engine(args)
        result.update(engine.info)
        for name in args.cases.split(","):
            case_started = time.monotonic()
            result[name] = CASES[name](engine, args.out_dir)
            result[name + "_seconds"] = round(time.monotonic() - case_started, 2)
        result["files"] = list_files(args.out_dir)
        status = 0
    except BaseException as error:  # reported to the harness, then re-signalled by rc
        result["error"] = f"{type(error).__name__}: {error}"
        result["traceback"] = traceback.format_exc()
        status = 1
    result["seconds"] = round(time.monotonic() - started, 2)
    with open(args.result, "w") as f:
        json.dump(result, f, indent=1, default=str)
    return status


if __name__ == "__main__":
    sys.exit(main())
