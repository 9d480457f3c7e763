/**
 * How the tab names the phases of the lr route. Cyclic schedules keep the
 * route's names (`rising`, `falling`); a one-cycle schedule (OneCycleLR) has
 * a warm-up (`rising`) and an annealing (`falling`; with `three_phase`, a
 * second `falling` phase down to the minimum: "final annealing"), and the
 * `flat` phase after its last step.
 */

const ONE_CYCLE = { rising: "warm-up", falling: "annealing", flat: "after the cycle" };

const isOneCycle = (schedule) => schedule?.type === "one_cycle";

/**
 * A label per phase, in the order of `phases`.
 * @param {object|null} schedule the lr route's `schedule`
 * @param {{phase: string}[]} phases the lr route's `phases`
 * @returns {string[]}
 */
export function phaseLabels(schedule, phases) {
  if (!isOneCycle(schedule)) return (phases ?? []).map((p) => p.phase);
  let falling = 0;
  return phases.map((p) => {
    if (p.phase !== "falling") return ONE_CYCLE[p.phase] ?? p.phase;
    falling += 1;
    return falling > 1 ? "final annealing" : ONE_CYCLE.falling;
  });
}

/** The chart key's names of the rising and falling tints. */
export function phaseTintNames(schedule) {
  return isOneCycle(schedule)
    ? { rising: ONE_CYCLE.rising, falling: ONE_CYCLE.falling }
    : { rising: "rising", falling: "falling" };
}
