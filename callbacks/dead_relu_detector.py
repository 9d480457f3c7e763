import warnings

import keras
import numpy as np

from cyclescope.callbacks import arguments
from cyclescope.callbacks import chief
from cyclescope.callbacks import optimizer_state
from cyclescope.callbacks import relu_probe
from cyclescope.callbacks.summary_logging import LogsSummaries
from cyclescope.tb_plugin import metadata


class DeadReluDetector(LogsSummaries, keras.callbacks.Callback):
    """Reports ReLU units that never fire on a set of probe samples.

    At the end of every `check_every`-th epoch the probe data is run once
    through the model in inference mode (BatchNormalization uses its moving
    statistics, Dropout is off). A unit of a ReLU layer is dead when its
    output is exactly 0 for every probe sample at every position; for
    convolutions a unit is a channel (the axis given by the layer's own
    `data_format`), all spatial positions pooled. Layers without a
    `data_format` (Dense, `Activation`, `ReLU`) count units on the last axis.

    ReLU layers are those with a fused `activation="relu"`,
    `Activation("relu")` layers and `ReLU()` layers with default arguments
    (relu6, leaky and thresholded ReLUs are other activations), including
    those inside nested Sequential or Functional models; the layers of
    subclassed models are not visible.

    For each ReLU layer with at least one dead unit (when `verbose`), or with
    a dead share of at least `dead_neurons_share_threshold` (otherwise), it
    prints `Layer {name} (#{index}) has {dead} dead neurons ({share:.2%})!`,
    where `index` is the position in `model.layers` of the layer or of the
    nested model holding it. When that layer's units died or revived since
    the previous check, the line goes on:
    `... ({share:.2%})! {died} died, {revived} revived since step {since_step}.`

    Each check is compared with this detector's previous check of the same
    model, across consecutive fits too: a unit `died` if it is dead now and
    fired then, `revived` if it fires now and was dead then, in the optimizer
    steps `since_step` (the step after the previous check) to `step` (the
    last step before this check, -1 before any), both included; both steps
    are None for a model without an optimizer (its line says "since the
    previous check"). A first check (of a model,
    or of weights restored to before the previous check) has nothing to
    compare with:
    - for a model watched from step 0 (at its first `fit` epoch or check),
      every dead unit counts as died since step 0 and none as revived, so
      that the deaths of a new training show at its first check (units dead
      from initialization, rare, cannot be told apart);
    - otherwise (a run resumed in a new process, a model trained without
      this detector) the units may have died at any earlier step, so
      `died`, `revived` and `since_step` are None.
    Only a compared check extends the printed line. Another model object
    starts a new history.

    The overall dead share of all ReLU units goes into the epoch logs as
    `dead_relu_fraction`, and the per-layer results into `last_report`: a
    list, in model order, of dicts with `name`, `index`, `path` (the layer
    name, or "outer/inner" for nested layers), `units`, `dead`,
    `fraction`, `died`, `revived`, `since_step` and `step`;
    `last_firing_rates` holds, per layer, each unit's share of the probe
    positions (samples times spatial positions) it fired on.

    With `log_dir`, each check also writes per-layer dead counts and
    fractions (Scalars tab), per-layer histograms of the units' firing rates
    (Histograms tab) and one `cyclescope/dead_relu` record, all at the
    optimizer's global step.

    Args:
        x_train: probe data, read again at every check: a NumPy array (a
            list, tuple or dict of arrays for multi-input models), a
            `tf.data.Dataset`, a `keras.utils.PyDataset`, or a function
            returning a fresh iterator of batches. Datasets and iterators may
            yield `x` or `(x, y[, sample_weight])`. A generator object would
            be exhausted by the first check and is refused: pass the function
            that creates it instead. A PyDataset is read in this process,
            batch after batch, whatever its `workers` setting.
        verbose: if True, report every layer with at least one dead unit.
        log_dir: run directory for the TensorBoard summaries; None writes
            none.
        batch_size: batch size for array probe data.
        check_every: check at the end of every this many epochs.
        steps: number of batches to read from an iterable probe at each
            check; required for endless ones. None reads until the end.
        threshold: the initial `dead_neurons_share_threshold`, the dead share
            (0 to 1) from which a layer is reported when not `verbose`.

    Example:

    ```python
    detector = DeadReluDetector(x_train[:2000], log_dir="logs/run1")
    model.fit(x_train, y_train, epochs=10, callbacks=[detector])
    # Layer dense_2 (#3) has 31 dead neurons (12.11%)! 14 died, 3 revived since step 1200.
    detector.last_report[2]["dead"]  # 31
    detector.last_report[2]["died"]  # 14
    ```
    """

    def __init__(
        self,
        x_train,
        verbose=False,
        log_dir=None,
        batch_size=256,
        check_every=1,
        steps=None,
        threshold=0.1,
    ):
        super().__init__()
        relu_probe.check_probe_data(x_train, "x_train")
        self.x_train = x_train
        self.verbose = bool(verbose)
        self.log_dir = arguments.log_dir(log_dir)
        self.batch_size = arguments.positive_int("batch_size", batch_size)
        self.check_every = arguments.positive_int("check_every", check_every)
        self.steps = None if steps is None else arguments.positive_int("steps", steps)
        self.dead_neurons_share_threshold = threshold
        self.last_report = None
        self.last_firing_rates = None
        self._probe_samples = None
        self._probe = None
        self._probe_model = None
        # Of `_probe_model`: the global step when this detector first saw
        # it, and the last check's global step and per-site dead masks.
        self._first_step = None
        self._previous = None
        self._warned = False

    @property
    def dead_neurons_share_threshold(self):
        return self._threshold

    @dead_neurons_share_threshold.setter
    def dead_neurons_share_threshold(self, value):
        if (
            not arguments.is_number(value)
            or not 0.0 <= value <= 1.0
        ):
            raise ValueError(
                "`threshold` (`dead_neurons_share_threshold`) must be a number "
                f"between 0 and 1; received {value!r}."
            )
        self._threshold = float(value)

    def on_train_begin(self, logs=None):
        self._begin_fit()

    def on_epoch_begin(self, epoch, logs=None):
        # Not in on_train_begin: a BackupAndRestore placed after this
        # callback restores the optimizer's step in its own on_train_begin.
        self._follow_model()
        if self._writer is not None:
            self._mark_session_start(optimizer_state.global_step(self.model))

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.check_every:
            return
        report = self.check()
        if report is None:
            return
        if logs is not None:
            dead = sum(layer["dead"] for layer in report)
            logs["dead_relu_fraction"] = dead / sum(layer["units"] for layer in report)
        if self._writer is not None:
            self._write_summaries(epoch, report)

    def check(self):
        """Runs one check now, prints what it found and returns `last_report`.

        Returns None, after one warning, when the model has no ReLU layer.

        Raises:
            ValueError: if the probe data yields no sample.
        """
        self._follow_model()
        probe = self._probe
        if probe is None:
            return None
        batches = relu_probe.iterate_batches(self.x_train, self.batch_size, self.steps)
        counts = probe.count(batches)
        if counts is None:
            raise ValueError(
                "`x_train` yielded no sample: the dead-ReLU check needs at "
                "least one probe sample."
            )
        global_step = self._global_step()
        previous = self._previous
        if previous is not None and None not in (previous[0], global_step):
            if global_step < previous[0]:
                previous = None  # the weights were restored from before it
        step = None if global_step is None else global_step - 1
        report = []
        masks = [fired == 0 for fired in counts.fired]
        for i, (site, dead_units) in enumerate(zip(probe.sites, masks)):
            dead = int(np.count_nonzero(dead_units))
            fraction = dead / len(dead_units)
            if previous is not None:
                died, revived = _changes(previous[1][i], dead_units)
                since_step = previous[0]
            elif self._first_step == 0:
                died, revived, since_step = dead, 0, 0
            else:
                died = revived = since_step = None
            report.append(
                {
                    "name": site.name,
                    "index": site.index,
                    "path": site.path,
                    "units": len(dead_units),
                    "dead": dead,
                    "fraction": fraction,
                    "died": died,
                    "revived": revived,
                    "since_step": since_step,
                    "step": step,
                }
            )
            reported = (self.verbose and dead > 0) or fraction >= self.dead_neurons_share_threshold
            if reported and chief.is_chief(self.model):
                line = (
                    f"Layer {site.name} (#{site.index}) has {dead} dead neurons ({fraction:.2%})!"
                )
                if previous is not None and died + revived:
                    since = "the previous check" if since_step is None else f"step {since_step}"
                    line += f" {died} died, {revived} revived since {since}."
                print(line)
        self._previous = (global_step, masks)
        self.last_report = report
        self.last_firing_rates = [f / p for f, p in zip(counts.fired, counts.positions)]
        self._probe_samples = counts.samples
        return report

    def _follow_model(self):
        """Builds the probe, and starts a new history, for a new model."""
        if self._probe_model is not self.model:
            self._probe_model = self.model
            self._first_step = self._global_step()
            self._previous = None
            self._probe = None
            if relu_probe.is_graph_model(self.model):
                sites = relu_probe.find_relu_sites(self.model)
                if sites:
                    self._probe = relu_probe.ReluProbe(self.model, sites)
                else:
                    self._warn_once(f"Model {self.model.name!r} has no ReLU layer.")
            else:
                self._warn_once(
                    f"Model {self.model.name!r} is a subclassed model, whose "
                    "layers cannot be probed: use a Sequential or Functional "
                    "model."
                )

    def _global_step(self):
        # None for a model without an optimizer, which `check` can still probe.
        if getattr(self.model, "optimizer", None) is None:
            return None
        return optimizer_state.global_step(self.model)

    def _warn_once(self, problem):
        if not self._warned:
            self._warned = True
            warnings.warn(f"DeadReluDetector: {problem} Nothing will be checked.", stacklevel=2)

    def _write_summaries(self, epoch, report):
        # At the epoch's last step, as snapshots are: the next fit's session
        # start, at the step after it, must not purge the check.
        step = report[0]["step"]
        for layer, firing_rates in zip(report, self.last_firing_rates):
            path = layer["path"]
            self._writer.scalars(
                metadata.DEAD_COUNT_TAG.format(layer=path), [step], [layer["dead"]]
            )
            self._writer.scalars(
                metadata.DEAD_FRACTION_TAG.format(layer=path), [step], [layer["fraction"]]
            )
            self._writer.histogram(
                metadata.FIRING_RATE_TAG.format(layer=path), step, firing_rates, 0.0, 1.0
            )
        record = {
            "epoch": epoch,
            "probe_samples": self._probe_samples,
            "threshold": self.dead_neurons_share_threshold,
            "layers": report,
        }
        self._writer.record(metadata.DEAD_RELU_TAG, step, record)
        self._writer.flush()


def _changes(was_dead, dead):
    """The units that died and revived between two dead masks."""
    return int(np.count_nonzero(dead & ~was_dead)), int(np.count_nonzero(was_dead & ~dead))
