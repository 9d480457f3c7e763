"""A training script that can kill itself with SIGKILL mid-epoch and be run
again to resume from `keras.callbacks.BackupAndRestore`.

    python -m tests.resumable_training LOG_DIR BACKUP_DIR {clr,snapshots}
        {backup_first,backup_last} [--kill-at STEP] [--raise-at STEP]

Every run trains the same model on the same data: 10 samples, batch 2 (5
steps per epoch), 4 epochs, a backup every 3 batches.
"""

import argparse
import os
import signal

import keras
import numpy as np

from cyclescope.callbacks import CyclicLR, DeadReluDetector, SnapshotCallbackBuilder

STEPS_PER_EPOCH = 5
EPOCHS = 4
SAVE_FREQ = 3
CLR = dict(base_lr=0.01, max_lr=0.05, step_size=3)
SNAPSHOTS = dict(nb_epochs=EPOCHS, nb_snapshots=2, init_lr=0.05)


def data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2 * STEPS_PER_EPOCH, 4)).astype("float32")
    return x, x.sum(axis=1, keepdims=True)


def model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)]
    )
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    return model


class Stop(keras.callbacks.Callback):
    """SIGKILLs the process, or raises, once this process has run `step` steps."""

    def __init__(self, step, kill):
        super().__init__()
        self.step, self.kill, self.seen = step, kill, 0

    def on_train_batch_end(self, batch, logs=None):
        self.seen += 1
        if self.seen == self.step:
            if self.kill:
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError(f"stopped at step {self.step}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("log_dir")
    parser.add_argument("backup_dir")
    parser.add_argument("schedule", choices=["clr", "snapshots"])
    parser.add_argument("order", choices=["backup_first", "backup_last"])
    parser.add_argument("--kill-at", type=int)
    parser.add_argument("--raise-at", type=int)
    args = parser.parse_args()

    x, y = data()
    if args.schedule == "clr":
        ours = [CyclicLR(**CLR, log_dir=args.log_dir)]
    else:
        prefix = os.path.join(args.log_dir, "weights", "Model")
        ours = SnapshotCallbackBuilder(**SNAPSHOTS).get_callbacks(
            model_prefix=prefix, log_dir=args.log_dir, monitor="loss"
        )
    ours.append(DeadReluDetector(x, log_dir=args.log_dir))
    backup = keras.callbacks.BackupAndRestore(args.backup_dir, save_freq=SAVE_FREQ)
    callbacks = [backup, *ours] if args.order == "backup_first" else [*ours, backup]
    if args.kill_at or args.raise_at:
        callbacks.append(Stop(args.kill_at or args.raise_at, kill=bool(args.kill_at)))
    model().fit(x, y, batch_size=2, epochs=EPOCHS, shuffle=False, verbose=0, callbacks=callbacks)


if __name__ == "__main__":
    main()
