"""The three callbacks of snapshot-ensemble training, configured together."""

from cyclescope.callbacks import arguments
from cyclescope.callbacks.best_weights_checkpoint import BestWeightsCheckpoint
from cyclescope.callbacks.cosine_annealing import SnapshotCosineAnnealing
from cyclescope.callbacks.cosine_annealing import anneal_every_argument
from cyclescope.callbacks.snapshot_model_checkpoint import SnapshotModelCheckpoint


class SnapshotCallbackBuilder:
    """Builds the callbacks of snapshot-ensemble training (keras-contrib API).

    Training runs `nb_snapshots` cosine-annealing cycles of
    `nb_epochs // nb_snapshots` epochs each (see `SnapshotCosineAnnealing`)
    and saves the weights at the end of every cycle (see
    `SnapshotModelCheckpoint`); averaging the snapshots' predictions gives
    the ensemble (Huang et al., "Snapshot Ensembles", 2017).

    Args:
        nb_epochs: total number of training epochs, an integer >=
            `nb_snapshots`. Pass the same number to `fit(epochs=...)`.
        nb_snapshots: number of cycles and snapshots, an integer >= 1.
        init_lr: the learning rate at the start of every cycle, a positive
            float.
        anneal_every: `"epoch"` (keras-contrib: one LR per epoch) or
            `"step"` (Huang et al.: a new LR every optimizer step, which
            needs `fit` to know its steps per epoch). With
            `nb_epochs % nb_snapshots != 0`, the remainder epochs run a
            further, unfinished cycle that takes no snapshot.

    Example:

    ```python
    builder = SnapshotCallbackBuilder(nb_epochs=200, nb_snapshots=5)
    callbacks = builder.get_callbacks(model_prefix="weights/WRN", log_dir="logs")
    model.fit(x, y, validation_split=0.1, epochs=200, callbacks=callbacks)
    # weights/WRN-1.weights.h5 ... weights/WRN-5.weights.h5, and
    # weights/WRN-Best.weights.h5 (best `val_accuracy`).
    ```
    """

    def __init__(self, nb_epochs, nb_snapshots, init_lr=0.1, anneal_every="epoch"):
        arguments.cycle_length(nb_epochs, nb_snapshots)
        self.nb_epochs = int(nb_epochs)
        self.nb_snapshots = int(nb_snapshots)
        self.init_lr = arguments.positive_number("init_lr", init_lr)
        self.anneal_every = anneal_every_argument(anneal_every)

    def get_callbacks(self, model_prefix="Model", log_dir=None, monitor="val_accuracy"):
        """Returns a flat list of the callbacks to pass to `fit()`.

        Args:
            model_prefix: path prefix of the weights files, e.g.
                'weights/Model'; its folders are created as needed.
            log_dir: a run folder to write TensorBoard summaries to, or None.
            monitor: the metric deciding the best-model checkpoint.

        Returns:
            `[BestWeightsCheckpoint, SnapshotCosineAnnealing,
            SnapshotModelCheckpoint]`: the best weights go to
            `<model_prefix>-Best.weights.h5`, the snapshots to
            `<model_prefix>-<i>.weights.h5`, `i = 1..nb_snapshots`.
        """
        model_prefix = arguments.file_prefix("model_prefix", model_prefix)
        return [
            BestWeightsCheckpoint(f"{model_prefix}-Best.weights.h5", monitor=monitor),
            SnapshotCosineAnnealing(
                self.nb_epochs,
                self.nb_snapshots,
                self.init_lr,
                log_dir=log_dir,
                anneal_every=self.anneal_every,
            ),
            SnapshotModelCheckpoint(
                self.nb_epochs,
                self.nb_snapshots,
                fn_prefix=model_prefix,
                log_dir=log_dir,
            ),
        ]
