/**
 * Cycle phases and boundaries of the focused run, turned into what the
 * charts draw: shaded x-ranges and vertical lines in x-axis units (step or
 * fractional epoch), clipped to the visible window.
 *
 * Phase and cycle intervals are half-open `[start, end)` in global steps.
 */

/**
 * Shaded bands for `phases` ([{cycle, phase, start, end}], in step order)
 * inside the window [min, max]. `toX` maps a step to the x-axis unit and
 * must be increasing. Bands that fall outside the window or are empty are
 * dropped. `index` is the phase's position in `phases`: cycle numbers
 * restart after a `_reset`, so neighbours are told apart by index.
 * @returns {{index: number, cycle: number, phase: string, x0: number, x1: number}[]}
 */
export function phaseBands(phases, toX, min, max) {
  const bands = [];
  (phases ?? []).forEach((p, index) => {
    if (!Number.isFinite(p.start) || !Number.isFinite(p.end)) return;
    const x0 = Math.max(toX(p.start), min);
    const x1 = Math.min(toX(p.end), max);
    if (x1 > x0) bands.push({ index, cycle: p.cycle, phase: p.phase, x0, x1 });
  });
  return bands;
}

/**
 * X positions of the dashed lines between cycles: every cycle's start and
 * end, deduplicated, inside [min, max] (ends included).
 */
export function cycleBoundaries(cycles, toX, min, max) {
  const xs = new Set();
  for (const c of cycles ?? []) {
    for (const step of [c.start, c.end]) {
      if (!Number.isFinite(step)) continue;
      const x = toX(step);
      if (x >= min && x <= max) xs.add(x);
    }
  }
  return [...xs].sort((a, b) => a - b);
}

/**
 * The phase under x-axis position `x` (phases are half-open in steps, so
 * in x units too, `toX` being increasing), or null.
 */
export function phaseAt(phases, toX, x) {
  for (const p of phases ?? []) {
    if (x >= toX(p.start) && x < toX(p.end)) return p;
  }
  return null;
}
