"""The learning-rate range test (Smith 2017; fastai's `lr_find`)."""

import inspect
import math

import keras
import numpy as np

from cyclescope.callbacks import arguments
from cyclescope.callbacks import keras_internals
from cyclescope.callbacks import optimizer_state
from cyclescope.tb_plugin import metadata
from cyclescope.tb_plugin.summary_writer import SummaryWriter

MODES = ("exp", "linear")

# The suggested `max_lr` is this fraction of the LR at the smoothed minimum,
# and `base_lr` this fraction of `max_lr`.
MAX_LR_FRACTION = 0.1
BASE_LR_FRACTION = 0.1

LOSS_TAG = "lr_range_test/loss"
SMOOTHED_LOSS_TAG = "lr_range_test/smoothed_loss"
LR_TAG = "lr_range_test/learning_rate"


class LRRangeTestResult:
    """What `find_lr` measured, and the LR bounds it suggests.

    Attributes:
        lrs: the learning rate of each step run (float64 array).
        losses: the smoothed (bias-corrected moving average) loss of each step.
        raw_losses: each step's own batch loss.
        base_lr, max_lr: the suggested bounds, for
            `CyclicLR(base_lr=..., max_lr=...)`.
        stopped_early: whether the test stopped because the loss diverged.
        mode, start_lr, end_lr: the sweep that was asked for.
    """

    def __init__(self, lrs, losses, raw_losses, *, mode, start_lr, end_lr, stopped_early):
        self.lrs = np.asarray(lrs, dtype=np.float64)
        self.losses = np.asarray(losses, dtype=np.float64)
        self.raw_losses = np.asarray(raw_losses, dtype=np.float64)
        self.mode = mode
        self.start_lr = start_lr
        self.end_lr = end_lr
        self.stopped_early = stopped_early
        self.base_lr, self.max_lr = suggest_bounds(self.lrs, self.losses)

    @property
    def min_loss_lr(self):
        """The LR at the smallest smoothed loss (past the usable range)."""
        return float(self.lrs[_best_index(self.losses)])

    @property
    def suggestion(self):
        return f"use CyclicLR(base_lr={self.base_lr:.3g}, max_lr={self.max_lr:.3g})"

    def __repr__(self):
        return (
            f"<LRRangeTestResult: {len(self.lrs)} steps, "
            f"{'stopped early, ' if self.stopped_early else ''}{self.suggestion}>"
        )

    def plot(self, ax=None):
        """Plots the smoothed and raw loss against the LR (log x-axis in "exp"
        mode), with the suggested bounds marked. Returns the axes.

        Needs matplotlib: `pip install "cyclescope[plot]"`.
        """
        if ax is None:
            try:
                import matplotlib.pyplot as plt
            except ImportError as error:
                raise ImportError(
                    'LRRangeTestResult.plot needs matplotlib: pip install "cyclescope[plot]"'
                ) from error
            _, ax = plt.subplots()
        ax.plot(self.lrs, self.raw_losses, alpha=0.3, label="loss")
        ax.plot(self.lrs, self.losses, label="smoothed loss")
        ax.axvline(self.base_lr, color="gray", linestyle=":", label=f"base_lr {self.base_lr:.3g}")
        ax.axvline(self.max_lr, color="gray", linestyle="--", label=f"max_lr {self.max_lr:.3g}")
        if self.mode == "exp":
            ax.set_xscale("log")
        finite = self.losses[np.isfinite(self.losses)]
        if finite.size and finite[0] > finite.min():
            # Keep the last steps of a diverging test from squashing the curve.
            ax.set_ylim(top=finite[0] + (finite[0] - finite.min()))
        ax.set_xlabel("learning rate")
        ax.set_ylabel("loss")
        ax.legend()
        return ax


def suggest_bounds(lrs, losses):
    """The `(base_lr, max_lr)` suggested by a range test.

    `max_lr` is a tenth of the LR at the smallest smoothed loss, and
    `base_lr` a tenth of `max_lr`. The smoothed loss lags the raw one, so its
    minimum lies past the point where training starts to diverge: a tenth of
    that LR is fastai's rule, and is on the stable side of the divergence.
    """
    max_lr = MAX_LR_FRACTION * float(lrs[_best_index(losses)])
    return BASE_LR_FRACTION * max_lr, max_lr


def find_lr(
    model,
    x,
    y=None,
    *,
    start_lr=1e-7,
    end_lr=10.0,
    num_steps=100,
    mode="exp",
    smoothing=0.98,
    diverge_factor=4.0,
    batch_size=32,
    log_dir=None,
    verbose=1,
):
    """Runs the learning-rate range test and suggests bounds for `CyclicLR`.

    Trains the compiled `model` (its own optimizer, loss and data pipeline)
    for up to `num_steps` steps while the LR grows from `start_lr` to
    `end_lr`, exponentially (`mode="exp"`: `lr_i = start_lr * (end_lr /
    start_lr) ** (i / (num_steps - 1))`) or linearly, and records each
    step's loss. The LR is computed inside the compiled train step from the
    optimizer's step count, so it reaches the step on every backend. Each
    step is run as an epoch of one step, so that the loss Keras reports is
    that batch's own loss, not the running mean of an epoch; data with
    fewer batches than `num_steps` is repeated.

    The losses are smoothed by a bias-corrected moving average,
    `avg = smoothing * avg + (1 - smoothing) * loss` and
    `smoothed_i = avg / (1 - smoothing ** (i + 1))`, and the test stops as
    soon as the smoothed loss exceeds `diverge_factor` times its minimum so
    far (for a positive loss), or is not finite.

    Suggestion: `max_lr` is a tenth of the LR at the smallest smoothed loss
    and `base_lr` a tenth of `max_lr`. The moving average lags, so the
    smoothed minimum lies past the point where the loss starts to diverge
    and cannot be used as `max_lr` itself; a tenth of it (fastai's rule) is
    back on the stable side.

    Afterwards the model's weights and the optimizer's variables (its step
    count and slots included) are what they were before, also when the test
    is interrupted: the next `fit` starts as if the test had never run. (An
    optimizer that was not built yet is built first; random number
    generators used for shuffling are not rewound.)

    Args:
        model: a compiled, built Keras model whose optimizer has a float
            learning rate (not a schedule).
        x: input data, as for `model.fit`: arrays, a `tf.data.Dataset` or a
            `keras.utils.PyDataset` (of known length, to be repeated).
        y: targets, as for `model.fit`, when `x` is arrays.
        start_lr: the first LR, positive.
        end_lr: the last LR, larger than `start_lr`; no step uses more.
        num_steps: the number of steps of the sweep, an integer >= 2.
        mode: `"exp"` or `"linear"`.
        smoothing: the moving-average factor, in [0, 1); 0 smooths nothing.
        diverge_factor: stop once the smoothed loss exceeds this many times
            its minimum; > 1.
        batch_size: samples per step when `x` is arrays.
        log_dir: optional folder to write TensorBoard summaries to: the raw
            and smoothed loss and the LR against the test's step index
            (tags `lr_range_test/...`), and one `cyclescope/lr_range_test`
            record with the whole result. Give it a folder of its own, not a
            training run's: a fit logged there later starts at step 0 again,
            and TensorBoard hides the test's points behind it.
        verbose: 1 shows a progress bar, 0 nothing.

    Returns:
        An `LRRangeTestResult` with `lrs`, `losses` (smoothed), `raw_losses`
        (the steps actually run), `base_lr` and `max_lr`.

    Raises:
        ValueError: on a bad argument, an uncompiled or unbuilt model, or an
            optimizer whose learning rate is a schedule.

    Example:

    ```python
    result = find_lr(model, x, y, batch_size=64)
    print(result.suggestion)        # use CyclicLR(base_lr=1e-4, max_lr=1e-3)
    model.fit(x, y, epochs=16, callbacks=[
        CyclicLR(base_lr=result.base_lr, max_lr=result.max_lr, step_size=2000)])
    ```
    """
    start_lr = arguments.positive_number("start_lr", start_lr)
    end_lr = arguments.positive_number("end_lr", end_lr)
    if start_lr >= end_lr:
        raise ValueError(
            "`end_lr` must be larger than `start_lr`. Received: "
            f"start_lr={start_lr}, end_lr={end_lr}"
        )
    num_steps = arguments.positive_int("num_steps", num_steps)
    if num_steps < 2:
        raise ValueError(f"`num_steps` must be an integer >= 2. Received: num_steps={num_steps!r}")
    if mode not in MODES:
        raise ValueError(f"`mode` must be 'exp' or 'linear'. Received: mode={mode!r}")
    smoothing = arguments.non_negative_number("smoothing", smoothing)
    if smoothing >= 1:
        raise ValueError(f"`smoothing` must be in [0, 1). Received: smoothing={smoothing!r}")
    if not (arguments.is_number(diverge_factor) and 1 < diverge_factor < math.inf):
        raise ValueError(
            "`diverge_factor` must be a finite number > 1. "
            f"Received: diverge_factor={diverge_factor!r}"
        )
    batch_size = arguments.positive_int("batch_size", batch_size)
    log_dir = arguments.log_dir(log_dir)
    if verbose not in (0, 1):
        raise ValueError(f"`verbose` must be 0 or 1. Received: verbose={verbose!r}")
    optimizer = _checked_optimizer(model)

    if not model.optimizer.built:
        model.optimizer.build(model.trainable_variables)
    start_step = optimizer_state.global_step(model)
    schedule = _Schedule(mode, start_lr, end_lr, num_steps, start_step)
    sweep = _Sweep(schedule.values(np.arange(start_step, start_step + num_steps)),
                   smoothing, diverge_factor, verbose)
    with optimizer_state.state_kept(model):
        keras_internals.override_learning_rate(
            optimizer, lambda: schedule(optimizer.iterations)
        )
        try:
            keras_internals.rebuild_train_function(model)
            model.fit(
                x,
                y,
                batch_size=None if _is_dataset(x) else batch_size,
                epochs=num_steps,
                steps_per_epoch=1,
                verbose=0,
                callbacks=[sweep],
            )
        finally:
            keras_internals.restore_learning_rate(optimizer)
            keras_internals.drop_train_function(model)
    count = len(sweep.raw_losses)
    result = LRRangeTestResult(
        sweep.lrs[:count],
        sweep.losses,
        sweep.raw_losses,
        mode=mode,
        start_lr=start_lr,
        end_lr=end_lr,
        stopped_early=sweep.diverged,
    )
    if log_dir is not None:
        _write_summaries(log_dir, result)
    return result


class _Schedule:
    """The LR of the sweep at a global optimizer step: `__call__` inside the
    train step (with `keras.ops`), `values` in float64."""

    def __init__(self, mode, start_lr, end_lr, num_steps, start_step):
        self.mode = mode
        self.start_lr = start_lr
        self.end_lr = end_lr
        self.last = num_steps - 1
        self.start_step = start_step

    def __call__(self, step):
        ops = keras.ops
        fraction = (ops.cast(step, "float32") - float(self.start_step)) / float(self.last)
        if self.mode == "exp":
            # exp of a sum of logs: one rounding less than a float32 power.
            lr = ops.exp(math.log(self.start_lr) + fraction * math.log(self.end_lr / self.start_lr))
        else:
            lr = self.start_lr + fraction * (self.end_lr - self.start_lr)
        return ops.minimum(lr, self.end_lr)

    def values(self, steps):
        fraction = (np.asarray(steps, dtype=np.float64) - self.start_step) / self.last
        if self.mode == "exp":
            lrs = self.start_lr * (self.end_lr / self.start_lr) ** fraction
        else:
            lrs = self.start_lr + fraction * (self.end_lr - self.start_lr)
        return np.minimum(lrs, self.end_lr)


class _Sweep(keras.callbacks.Callback):
    """Records each one-step epoch's loss, smooths it, and stops the fit
    once it diverges."""

    def __init__(self, lrs, smoothing, diverge_factor, verbose):
        super().__init__()
        self.lrs = lrs
        self.smoothing = smoothing
        self.diverge_factor = diverge_factor
        self.raw_losses = []
        self.losses = []
        self.diverged = False
        self._average = 0.0
        self._best = math.inf
        self._progbar = None
        if verbose:
            self._progbar = keras.utils.Progbar(
                len(lrs), stateful_metrics=["lr", "loss", "smoothed_loss"]
            )

    def on_epoch_end(self, epoch, logs=None):
        raw = float((logs or {}).get("loss", math.nan))
        step = len(self.raw_losses)
        self._average = self.smoothing * self._average + (1 - self.smoothing) * raw
        smoothed = self._average / (1 - self.smoothing ** (step + 1))
        self.raw_losses.append(raw)
        self.losses.append(smoothed)
        self._best = min(self._best, smoothed)
        if not math.isfinite(smoothed) or smoothed > self.diverge_factor * self._best:
            self.diverged = True
            self.model.stop_training = True
        if self._progbar is not None:
            self._progbar.update(
                step + 1,
                [("lr", self.lrs[step]), ("loss", raw), ("smoothed_loss", smoothed)],
                finalize=self.diverged or step + 1 == len(self.lrs),
            )


def _checked_optimizer(model):
    if getattr(model, "optimizer", None) is None:
        raise ValueError(
            "find_lr needs a compiled model: call `model.compile(optimizer, "
            "loss)` first. Received: a model that is not compiled."
        )
    if not model.built:
        raise ValueError(
            "find_lr needs a built model, so that its weights can be restored "
            "afterwards: give it an `Input`, or call `model.build(input_shape)`."
        )
    return optimizer_state.settable_optimizer(model, "find_lr")


def _best_index(losses):
    """The index of the smallest finite loss (0 if none is finite)."""
    losses = np.asarray(losses, dtype=np.float64)
    return int(np.argmin(np.where(np.isfinite(losses), losses, np.inf)))


def _is_dataset(x):
    """Whether `x` brings its own batches (fit then takes no `batch_size`)."""
    return (
        isinstance(x, keras.utils.PyDataset)
        or hasattr(x, "element_spec")  # tf.data, without importing TensorFlow
        or type(x).__name__ == "DataLoader"
        or inspect.isgenerator(x)
    )


def _write_summaries(log_dir, result):
    writer = SummaryWriter.acquire(log_dir)
    try:
        # A repeated test into this folder replaces the earlier one.
        writer.start_session(0)
        steps = np.arange(len(result.lrs))
        writer.scalars(LOSS_TAG, steps, result.raw_losses)
        writer.scalars(SMOOTHED_LOSS_TAG, steps, result.losses)
        writer.scalars(LR_TAG, steps, result.lrs)
        writer.record(
            metadata.LR_RANGE_TEST_TAG,
            0,
            {
                "lrs": result.lrs.tolist(),
                "losses": result.losses.tolist(),
                "raw_losses": result.raw_losses.tolist(),
                "base_lr": result.base_lr,
                "max_lr": result.max_lr,
                "mode": result.mode,
                "start_lr": result.start_lr,
                "end_lr": result.end_lr,
                "stopped_early": result.stopped_early,
            },
        )
    finally:
        writer.release()
