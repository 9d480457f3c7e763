/**
 * Route responses turned into chart series in x-axis units.
 *
 * The routes put most things on the optimizer's global step; the x-axis
 * shows steps or fractional epochs. A few series are in epochs already:
 * Keras's epoch_learning_rate (lr with `"source": "keras"`) and an
 * epoch_loss without epoch records (loss with `"step_source": "epoch"`).
 * Each mapping below returns a function from the series' own x to the
 * axis unit, or null when the series cannot be placed on that axis.
 */

import { makeEpochScale } from "./epochs.js";
import { valueAt } from "./series.js";

const identity = (v) => v;

/**
 * Global step -> axis unit for a run, from its lr response (which holds
 * the run's epoch table); null on an epoch axis when the run recorded no
 * epochs.
 * @param {"step"|"epoch"} mode
 * @param {object|null} lr
 */
export function stepToX(mode, lr) {
  if (mode === "step") return identity;
  const scale = lr ? makeEpochScale(lr.epochs, lr.schedule?.steps_per_epoch) : null;
  return scale ? scale.toEpoch : null;
}

/**
 * X mapping of a run's lr series, phases, cycles and snapshots. Keras's
 * epoch_learning_rate is logged at the epoch number, the LR of the epoch
 * starting there: on an epoch axis it stays put; it has no place on a step
 * axis.
 */
export function lrToX(mode, lr) {
  if (lr.source === "keras") return mode === "epoch" ? identity : null;
  return stepToX(mode, lr);
}

/**
 * X mapping of a run's loss series. An epoch_loss at epoch number e
 * (`step_source` "epoch") covers the whole epoch and is drawn where it
 * ends, e + 1, like the route draws it at the epoch's last step when it
 * knows the steps.
 */
export function lossToX(mode, loss, lr) {
  if (loss.step_source === "epoch") return mode === "epoch" ? (e) => e + 1 : null;
  return stepToX(mode, lr);
}

/** `{xs, ys}` of a `{step, value}` points object. */
export function mapPoints(points, toX) {
  return { xs: points.step.map(toX), ys: points.value };
}

/**
 * Snapshot markers on a run's LR curve. A snapshot's LR is the one it
 * recorded; without it, the curve's value at its step.
 * @returns {{snapshot: object, x: number, y: number|null}[]}
 */
export function snapshotMarkers(lr, toX) {
  return lr.snapshots.map((snapshot) => ({
    snapshot,
    x: toX(snapshot.step),
    y: Number.isFinite(snapshot.lr) ? snapshot.lr : valueAt(lr.points.step, lr.points.value, snapshot.step),
  }));
}

/**
 * X positions of dead-ReLU checks. Without a step mapping (epoch axis for
 * a run that logged no epoch table) a check made after epoch `e` (0-based)
 * sits at the end of that epoch, `e + 1`.
 */
export function checkXs(checks, toX) {
  return checks.map((c) => (toX ? toX(c.step) : Number.isFinite(c.epoch) ? c.epoch + 1 : null));
}
