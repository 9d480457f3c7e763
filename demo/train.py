"""The demo training: a small CNN on scikit-learn's bundled digits."""

import os

import keras
import numpy as np

from cyclescope.callbacks import CyclicLR
from cyclescope.callbacks import DeadReluDetector
from cyclescope.callbacks import OneCycleLR
from cyclescope.callbacks import SnapshotCallbackBuilder
from cyclescope.callbacks import SnapshotEnsemble
from cyclescope.callbacks import find_lr

BATCH_SIZE = 32


def load_digits():
    """8x8 handwritten digits (1797 images, shipped with scikit-learn)."""
    from sklearn.datasets import load_digits as sklearn_digits

    digits = sklearn_digits()
    x = (digits.images / 16.0).astype("float32")[..., None]
    y = digits.target.astype("int32")
    order = np.random.default_rng(0).permutation(len(x))
    x, y = x[order], y[order]
    split = int(0.8 * len(x))
    return (x[:split], y[:split]), (x[split:], y[split:])


def build_model():
    model = keras.Sequential(
        [
            keras.Input((8, 8, 1)),
            keras.layers.Conv2D(16, 3, padding="same", activation="relu", name="conv1"),
            keras.layers.Conv2D(32, 3, padding="same", name="conv2"),
            keras.layers.ReLU(name="conv2_relu"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(64, activation="relu", name="dense"),
            keras.layers.Dense(10, activation="softmax", name="classes"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.SGD(0.05, momentum=0.9),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def train(log_dir, epochs=16, verbose=1):
    """Trains the demo's runs under `log_dir` and returns their folders.

    `clr`: cyclical learning rates (triangular2, 2 epochs per half-cycle).
    `snapshots`: a snapshot ensemble (cosine restarts, 4 snapshots), its
    weights saved in `snapshots/weights/`, then scored on the held-out digits
    alone and as an ensemble (`SnapshotEnsemble`). Both watch their ReLUs with
    `DeadReluDetector`, and Keras's own `TensorBoard` callback logs loss and
    accuracy into the same folders.
    Then, with half as many epochs each: `lr_find`, an LR range test
    (`find_lr`), and `clr_found`, `CyclicLR` with the bounds it suggests;
    `one_cycle`, the one-cycle policy (`OneCycleLR`, momentum cycled) up to
    the suggested `max_lr`.
    """
    (x, y), (x_val, y_val) = load_digits()
    probe = x_val[:256]
    steps_per_epoch = int(np.ceil(len(x) / BATCH_SIZE))
    runs = {}

    keras.utils.set_random_seed(1)
    run = runs["clr"] = os.path.join(log_dir, "clr")
    callbacks = [
        CyclicLR(0.005, 0.1, step_size=2 * steps_per_epoch, mode="triangular2", log_dir=run),
        DeadReluDetector(probe, log_dir=run),
        keras.callbacks.TensorBoard(run, update_freq=5),
    ]
    _fit(build_model(), x, y, x_val, y_val, epochs, callbacks, "clr", verbose)

    keras.utils.set_random_seed(1)
    run = runs["snapshots"] = os.path.join(log_dir, "snapshots")
    builder = SnapshotCallbackBuilder(nb_epochs=epochs, nb_snapshots=min(4, epochs), init_lr=0.1)
    callbacks = [
        *builder.get_callbacks(model_prefix=os.path.join(run, "weights", "Digits"), log_dir=run),
        DeadReluDetector(probe, log_dir=run),
        keras.callbacks.TensorBoard(run, update_freq=5),
    ]
    model = build_model()
    _fit(model, x, y, x_val, y_val, epochs, callbacks, "snapshots", verbose)
    _evaluate_ensemble(model, run, x_val, y_val, verbose)

    short = max(1, epochs // 2)
    keras.utils.set_random_seed(1)
    model = build_model()
    found = find_lr(model, x, y, batch_size=BATCH_SIZE, log_dir=runs.setdefault(
        "lr_find", os.path.join(log_dir, "lr_find")), verbose=verbose)
    if verbose:
        print(f"\nLR range test: {found.suggestion}")
    run = runs["clr_found"] = os.path.join(log_dir, "clr_found")
    callbacks = [
        CyclicLR(found.base_lr, found.max_lr, step_size=max(1, short // 4) * steps_per_epoch,
                 log_dir=run),
        keras.callbacks.TensorBoard(run, update_freq=5),
    ]
    _fit(model, x, y, x_val, y_val, short, callbacks, "clr_found", verbose)

    keras.utils.set_random_seed(1)
    run = runs["one_cycle"] = os.path.join(log_dir, "one_cycle")
    callbacks = [
        OneCycleLR(max_lr=found.max_lr, epochs=short, log_dir=run),
        keras.callbacks.TensorBoard(run, update_freq=5),
    ]
    _fit(build_model(), x, y, x_val, y_val, short, callbacks, "one_cycle", verbose)
    return runs


def _evaluate_ensemble(model, run, x_val, y_val, verbose):
    """Scores the run's snapshots on the held-out digits, the last one alone
    and all of them averaged, and records the result for the tab."""
    ensemble = SnapshotEnsemble(model, run, weights_dir=os.path.join(run, "weights"))
    result = ensemble.evaluate(x_val, y_val, batch_size=BATCH_SIZE, log_dir=run)
    if verbose:
        print(
            f"\nsnapshot ensemble: last snapshot {result['members'][-1]['accuracy']:.3f}, "
            f"ensemble of {len(ensemble.members)} {result['ensemble']['accuracy']:.3f}"
        )


def _fit(model, x, y, x_val, y_val, epochs, callbacks, name, verbose):
    if verbose:
        print(f"\n== run '{name}' ==")
    model.fit(
        x,
        y,
        batch_size=BATCH_SIZE,
        epochs=epochs,
        validation_data=(x_val, y_val),
        callbacks=callbacks,
        verbose=verbose,
    )
