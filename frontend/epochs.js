/**
 * Step <-> epoch mapping for the x-axis toggle.
 *
 * The lr route's `epochs` table lists the global step at which each epoch
 * started. A step maps to the fractional epoch
 * `epoch + (step - epoch_start) / epoch_length`, i.e. linear interpolation
 * between consecutive table entries. Past the last entry the epoch length
 * is `steps_per_epoch` when the schedule recorded it, else the length of the
 * last complete epoch.
 */

/**
 * Sorted, strictly increasing (step, epoch) knots. Resumed runs repeat
 * epochs; a later entry for an epoch or step replaces the earlier one.
 */
function knots(table) {
  const steps = table?.step ?? [];
  const epochs = table?.epoch ?? [];
  const byEpoch = new Map();
  for (let i = 0; i < Math.min(steps.length, epochs.length); i++) {
    if (Number.isFinite(steps[i]) && Number.isFinite(epochs[i])) {
      byEpoch.set(epochs[i], steps[i]);
    }
  }
  const pairs = [...byEpoch].map(([epoch, step]) => ({ step, epoch }));
  pairs.sort((a, b) => a.epoch - b.epoch);
  // Keep only entries whose step grows with the epoch.
  const out = [];
  for (const p of pairs) {
    if (out.length === 0 || p.step > out[out.length - 1].step) out.push(p);
  }
  return out;
}

/** Linear interpolation through `points` ([{a, b}] sorted by a), extrapolated with the end slopes. */
function piecewise(points, slopeBefore, slopeAfter) {
  const n = points.length;
  return (a) => {
    if (a <= points[0].a) return points[0].b + (a - points[0].a) * slopeBefore;
    if (a >= points[n - 1].a) return points[n - 1].b + (a - points[n - 1].a) * slopeAfter;
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (points[mid].a <= a) lo = mid;
      else hi = mid;
    }
    const p = points[lo];
    const q = points[hi];
    return p.b + ((a - p.a) * (q.b - p.b)) / (q.a - p.a);
  };
}

/**
 * Builds `{toEpoch(step), toStep(epoch)}` from the lr route's `epochs` table
 * and `schedule.steps_per_epoch` (either may be missing), or returns null
 * when the epoch length cannot be known (fewer than two epochs recorded and
 * no `steps_per_epoch`).
 */
export function makeEpochScale(table, stepsPerEpoch) {
  const spe = Number.isFinite(stepsPerEpoch) && stepsPerEpoch > 0 ? stepsPerEpoch : null;
  let pts = knots(table);
  if (pts.length === 0) {
    if (spe === null) return null;
    pts = [{ step: 0, epoch: 0 }];
  }
  if (pts.length === 1 && spe === null) return null;

  // Steps per epoch before the first and after the last knot.
  const n = pts.length;
  const first = spe ?? (pts[1].step - pts[0].step) / (pts[1].epoch - pts[0].epoch);
  const last = spe ?? (pts[n - 1].step - pts[n - 2].step) / (pts[n - 1].epoch - pts[n - 2].epoch);

  const toEpoch = piecewise(
    pts.map((p) => ({ a: p.step, b: p.epoch })),
    1 / first,
    1 / last,
  );
  const toStep = piecewise(
    pts.map((p) => ({ a: p.epoch, b: p.step })),
    first,
    last,
  );
  return { toEpoch, toStep };
}
