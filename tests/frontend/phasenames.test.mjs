import assert from "node:assert/strict";
import { test } from "node:test";

import { phaseLabels, phaseTintNames } from "../../frontend/phasenames.js";

const cyclic = { type: "cyclic", mode: "triangular" };
const oneCycle = { type: "one_cycle", three_phase: false };

test("cyclic phases keep the route's names", () => {
  const phases = [
    { cycle: 1, phase: "rising", start: 0, end: 5 },
    { cycle: 1, phase: "falling", start: 5, end: 10 },
  ];
  assert.deepEqual(phaseLabels(cyclic, phases), ["rising", "falling"]);
  assert.deepEqual(phaseTintNames(cyclic), { rising: "rising", falling: "falling" });
  assert.deepEqual(phaseLabels(null, phases), ["rising", "falling"]);
});

test("one-cycle: warm-up and annealing; three-phase: annealing then final annealing; then flat", () => {
  const two = [
    { cycle: 1, phase: "rising", start: 0, end: 12 },
    { cycle: 1, phase: "falling", start: 12, end: 40 },
    { cycle: 1, phase: "flat", start: 40, end: 50 },
  ];
  assert.deepEqual(phaseLabels(oneCycle, two), ["warm-up", "annealing", "after the cycle"]);
  const three = [
    { cycle: 1, phase: "rising", start: 0, end: 12 },
    { cycle: 1, phase: "falling", start: 12, end: 23 },
    { cycle: 1, phase: "falling", start: 23, end: 40 },
  ];
  const schedule = { ...oneCycle, three_phase: true };
  assert.deepEqual(phaseLabels(schedule, three), ["warm-up", "annealing", "final annealing"]);
  assert.deepEqual(phaseTintNames(oneCycle), { rising: "warm-up", falling: "annealing" });
});
