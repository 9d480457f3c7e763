/**
 * The schedule summary line of the focused run, in words, e.g.
 * "triangular2 · 0.001 → 0.006 · step_size 2000 (4 epochs) · cycle 3 · rising".
 * Built from an lr route response; returned as parts so that the view can
 * join or style them.
 */

import { formatLR, formatNumber, formatPercent } from "./format.js";
import { phaseLabels } from "./phasenames.js";
import { extent } from "./series.js";

function plural(n, word) {
  return `${formatNumber(n, 3)} ${word}${n === 1 ? "" : "s"}`;
}

/** "step_size 2000 (4 epochs)"; the epochs only when steps_per_epoch is known. */
function stepSizePart(stepSize, stepsPerEpoch) {
  const text = `step_size ${formatNumber(stepSize, 6)}`;
  if (!(Number.isFinite(stepsPerEpoch) && stepsPerEpoch > 0)) return text;
  return `${text} (${plural(stepSize / stepsPerEpoch, "epoch")})`;
}

/** "0.001 → 0.006" over the values actually logged. */
function observedRange(lr) {
  const range = extent(lr.points.value);
  return range ? `${formatLR(range[0])} → ${formatLR(range[1])}` : null;
}

function describeSchedule(lr) {
  const s = lr.schedule;
  if (s === null) {
    const origin = lr.source === "keras" ? "Keras epoch_learning_rate" : "no schedule recorded";
    return [origin, observedRange(lr)];
  }
  if (s.type === "cyclic") {
    return [
      s.mode ?? "cyclic",
      `${formatLR(s.base_lr)} → ${formatLR(s.max_lr)}`,
      Number.isFinite(s.step_size) ? stepSizePart(s.step_size, s.steps_per_epoch) : null,
      s.mode === "exp_range" && Number.isFinite(s.gamma) ? `gamma ${formatNumber(s.gamma, 6)}` : null,
    ];
  }
  if (s.type === "cosine_restarts") {
    return [
      "cosine_restarts",
      Number.isFinite(s.init_lr) ? `${formatLR(s.init_lr)} → 0` : observedRange(lr),
      Number.isFinite(s.epoch_length) ? `${plural(s.epoch_length, "epoch")} per cycle` : null,
      Number.isFinite(s.nb_snapshots) ? plural(s.nb_snapshots, "snapshot") : null,
    ];
  }
  if (s.type === "one_cycle") {
    // torch's OneCycleLR: initial = max_lr / div_factor, minimum = initial / final_div_factor.
    const initial = s.max_lr / s.div_factor;
    const last = initial / s.final_div_factor;
    const lrs = [initial, s.max_lr, ...(s.three_phase ? [initial] : []), last];
    return [
      "one-cycle",
      lrs.every(Number.isFinite) ? lrs.map(formatLR).join(" → ") : observedRange(lr),
      Number.isFinite(s.pct_start) && Number.isFinite(s.total_steps)
        ? `warm-up ${formatPercent(s.pct_start)} of ${plural(s.total_steps, "step")}`
        : null,
    ];
  }
  return [s.mode ?? s.type ?? "schedule", observedRange(lr)];
}

/** The name of the phase holding the position (phasenames.js), the route's name without it. */
function positionLabel(lr, pos) {
  const index = (lr.phases ?? []).findIndex((p) => p.start <= pos.step && pos.step < p.end);
  return index >= 0 ? phaseLabels(lr.schedule, lr.phases)[index] : pos.phase;
}

/**
 * @param {object} lr an lr route response
 * @returns {string[]} the parts of the summary, to be joined with " · "
 */
export function scheduleSummary(lr) {
  const parts = describeSchedule(lr);
  const pos = lr.position;
  if (pos) {
    // A one-cycle schedule has a single cycle: its phase says where it is.
    if (Number.isFinite(pos.cycle) && lr.schedule?.type !== "one_cycle") parts.push(`cycle ${pos.cycle}`);
    if (pos.phase) parts.push(positionLabel(lr, pos));
  }
  return parts.filter((p) => p !== null);
}
