/**
 * When ReLUs die: the dead_relu route's `died` / `revived` counts as events
 * on the LR chart's x-axis, their hover cards, and the sentence of the
 * summary line. DOM-free.
 *
 * An event is one (check, layer) with died > 0. Its deaths happened in the
 * steps `since_step` to the check's `step`, both included; it is put in the
 * phase of the lr route holding most of those steps (the earliest such
 * phase on a tie), or the phase holding the check's step when `since_step`
 * is unknown.
 */

import { formatStep } from "./format.js";
import { phaseLabels } from "./phasenames.js";

/**
 * @param {object} relu a dead_relu response
 * @param {((step: number) => number)|null} toX step -> x-axis unit
 * @param {string[]} colors the dead chart's layer colours, by layer position (cycled)
 * @returns {{layer: object, color: string, died: number, revived: number, since: number|null,
 *            step: number, x0: number, x1: number}[]} by layer, then check
 */
export function deathEvents(relu, toX, colors) {
  const events = [];
  relu.layers.forEach((layer, i) => {
    relu.checks.forEach((check, j) => {
      const died = relu.died?.[i]?.[j];
      if (!(Number.isFinite(died) && died > 0) || !Number.isFinite(check.step)) return;
      const since = Number.isFinite(check.since_step) ? check.since_step : null;
      const revived = relu.revived?.[i]?.[j];
      const x1 = toX ? toX(check.step) : Number.isFinite(check.epoch) ? check.epoch + 1 : null;
      if (!Number.isFinite(x1)) return;
      events.push({
        layer,
        color: colors[i % colors.length],
        died,
        revived: Number.isFinite(revived) ? revived : 0,
        since,
        step: check.step,
        x0: since !== null && toX ? toX(since) : x1,
        x1,
      });
    });
  });
  return events;
}

/** The mark's radius in CSS pixels: its area grows with the count, capped. */
export function markRadius(count) {
  return Math.min(14, 3 + 1.5 * Math.sqrt(Math.max(0, count)));
}

const steps = (e) => (e.since === null ? `step ${formatStep(e.step)}` : `steps ${formatStep(e.since)}–${formatStep(e.step)}`);

/** "dense_2: 14 died, 3 revived, steps 1200–1799". */
export function deathTooltip(e) {
  return {
    title: e.layer.name,
    badge: null,
    rows: [
      ["died", String(e.died)],
      ["revived", String(e.revived)],
      [e.since === null ? "step" : "steps", steps(e).replace(/^steps? /, "")],
    ],
  };
}

/** The index of the phase holding most of the event's steps (see above), or -1. */
function phaseIndex(e, phases) {
  if (e.since === null) return phases.findIndex((p) => p.start <= e.step && e.step < p.end);
  let best = -1;
  let most = 0;
  phases.forEach((p, i) => {
    const overlap = Math.min(p.end, e.step + 1) - Math.max(p.start, e.since);
    if (overlap > most) [best, most] = [i, overlap];
  });
  return best;
}

/**
 * "dense_2: 14 units died in cycle 2 (rising), 3 revived": the largest event
 * (the first of equals), and how many more there are; null without any.
 * @param {ReturnType<typeof deathEvents>} events
 * @param {object|null} lr the focused run's lr response (its phases), or null
 */
export function deathSentence(events, lr) {
  if (events.length === 0) return null;
  const top = events.reduce((a, e) => (e.died > a.died ? e : a));
  const phases = lr?.phases ?? [];
  const i = phaseIndex(top, phases);
  let when = `in ${steps(top)}`;
  if (i >= 0) {
    const name = phaseLabels(lr.schedule, phases)[i];
    when = lr.schedule?.type === "one_cycle" ? `during ${name}` : `in cycle ${phases[i].cycle} (${name})`;
  }
  const units = `${top.died} ${top.died === 1 ? "unit" : "units"}`;
  const revived = top.revived > 0 ? `, ${top.revived} revived` : "";
  const more = events.length - 1;
  const rest = more > 0 ? `; ${more} other death ${more === 1 ? "event" : "events"}` : "";
  return `${top.layer.name}: ${units} died ${when}${revived}${rest}`;
}
