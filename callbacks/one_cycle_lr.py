"""The one-cycle policy as a callback: torch's `OneCycleLR`, on Keras 3."""

from cyclescope.callbacks import arguments
from cyclescope.callbacks.one_cycle_schedule import OneCycleSchedule
from cyclescope.callbacks.step_schedule import StepSchedule


class OneCycleLR(StepSchedule):
    """Trains with one cycle of the LR and momentum (Smith 2018; fastai's
    `fit_one_cycle`), with the values of torch's
    `torch.optim.lr_scheduler.OneCycleLR` at every step.

    The LR warms up from `max_lr / div_factor` to `max_lr`, then anneals to
    `max_lr / div_factor / final_div_factor` over `total_steps` optimizer
    steps (see `OneCycleSchedule`); with `cycle_momentum` the momentum goes
    the other way, from `max_momentum` to `base_momentum` and back, through
    Keras's own update rule. The position in the cycle is the optimizer's
    step count, so `fit(initial_epoch=...)`, `BackupAndRestore` and a new
    process resume it where it was, and a freshly compiled optimizer starts
    it anew. LR and momentum are computed inside the compiled train step.

    torch raises when stepped past `total_steps`. Here a fit that Keras
    knows would run past it (its epochs and steps per epoch are known) is
    refused with a `ValueError` before its first step; one of unknown length
    holds the last LR and momentum of the cycle after it.

    After training, `history["lr"][i]` and `history["momentum"][i]` are the
    values set after batch `i + 1`, `history["iterations"]` counts the
    batches, and every key of the batch logs is kept; epoch logs get `lr`,
    `learning_rate` and `momentum`. The optimizer keeps the LR last set and
    its own momentum.

    Args:
        max_lr: the highest learning rate, positive.
        total_steps: the optimizer steps of the cycle, an integer >= 1.
            Without it, `epochs * steps_per_epoch`.
        epochs: the epochs of the cycle, with `steps_per_epoch`.
        steps_per_epoch: the steps of an epoch; by default those of the
            first fit (`steps_per_epoch` of `fit`, or the batches of its
            data).
        pct_start: the fraction of the steps spent warming up, in [0, 1].
        anneal_strategy: `"cos"` or `"linear"`.
        div_factor: the initial LR is `max_lr / div_factor`.
        final_div_factor: the last LR is the initial LR divided by this.
        three_phase: whether to anneal back to the initial LR before the
            minimum.
        cycle_momentum: whether to cycle the optimizer's momentum (SGD's
            `momentum`, `beta_1` of Adam and its family). SGD must be built
            with a momentum > 0; for an optimizer without one, pass False.
        base_momentum: the momentum at the peak LR, in [0, 1].
        max_momentum: the momentum at the start and end, in [0, 1].
        log_dir: optional folder to write TensorBoard summaries to: the LR
            and momentum of every step and the schedule, whose warm-up and
            annealing phases the Cyclescope tab shades.

    Example:

    ```python
    model.compile(optimizer=keras.optimizers.SGD(momentum=0.9), loss="mse")
    model.fit(x, y, epochs=10, callbacks=[OneCycleLR(max_lr=0.1, epochs=10)])
    ```
    """

    _schedule_hint = (
        ". To run the one-cycle LR inside the optimizer itself, pass "
        "`cyclescope.callbacks.OneCycleSchedule(...)` as its `learning_rate` "
        "instead of using this callback."
    )

    def __init__(
        self,
        max_lr,
        total_steps=None,
        epochs=None,
        steps_per_epoch=None,
        pct_start=0.3,
        anneal_strategy="cos",
        div_factor=25.0,
        final_div_factor=1e4,
        three_phase=False,
        cycle_momentum=True,
        base_momentum=0.85,
        max_momentum=0.95,
        log_dir=None,
    ):
        super().__init__(cycle_momentum, base_momentum, max_momentum, log_dir)
        for name, value in (
            ("total_steps", total_steps),
            ("epochs", epochs),
            ("steps_per_epoch", steps_per_epoch),
        ):
            if value is not None:
                arguments.positive_int(name, value)
        if total_steps is None and epochs is None:
            raise ValueError(
                "`OneCycleLR` needs the length of the cycle: pass `total_steps`, "
                "or `epochs` (and `steps_per_epoch`, unless the fit knows it). "
                f"Received: total_steps=None, epochs=None, steps_per_epoch={steps_per_epoch!r}"
            )
        self.epochs = epochs
        self.steps_per_epoch = steps_per_epoch
        self._arguments = {
            "max_lr": max_lr,
            "pct_start": pct_start,
            "anneal_strategy": anneal_strategy,
            "div_factor": div_factor,
            "final_div_factor": final_div_factor,
            "three_phase": three_phase,
        }
        if total_steps is None and steps_per_epoch is not None:
            total_steps = epochs * steps_per_epoch
        # Without a length yet, the other arguments are checked now all the
        # same, and the schedule is made when the first fit tells its steps.
        schedule = OneCycleSchedule(total_steps=total_steps or 1, **self._arguments)
        self.schedule = schedule if total_steps is not None else None

    @property
    def total_steps(self):
        """The steps of the cycle; None until known."""
        return None if self.schedule is None else self.schedule.total_steps

    def _prepare_fit(self, optimizer):
        if self.schedule is not None:
            return
        steps = self.params.get("steps") if self.params else None
        if steps is None:
            raise ValueError(
                "`OneCycleLR(epochs=...)` cannot tell the length of the cycle: "
                "this fit does not know how many steps an epoch has (its data "
                "has no length). Pass `steps_per_epoch` or `total_steps`. "
                f"Received: epochs={self.epochs}, steps_per_epoch=None"
            )
        self.schedule = OneCycleSchedule(total_steps=self.epochs * steps, **self._arguments)

    def _start_fit(self, step, epoch):
        steps = self.params.get("steps") if self.params else None
        epochs = self.params.get("epochs") if self.params else None
        if steps is None or epochs is None:
            return
        last = step + (epochs - epoch) * steps
        total = self.schedule.total_steps
        if last - self.schedule.offset > total:
            raise ValueError(
                f"This fit would run the optimizer to step {last}, past the "
                f"end of the cycle at step {self.schedule.offset + total} "
                f"(`total_steps`={total}; torch's OneCycleLR raises there). "
                "Fit fewer epochs, or give `OneCycleLR` more `total_steps` "
                f"or `epochs`. Received: total_steps={total}, fit from step "
                f"{step} for {epochs - epoch} epochs of {steps} steps"
            )
