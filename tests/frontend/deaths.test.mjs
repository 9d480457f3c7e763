import assert from "node:assert/strict";
import { test } from "node:test";

import { deathEvents, deathSentence, deathTooltip, markRadius } from "../../frontend/deaths.js";

// Two layers, three checks at the end of epochs of 10 steps.
const RELU = {
  layers: [
    { name: "dense_1", path: "dense_1", index: 0, units: 16 },
    { name: "dense_2", path: "dense_2", index: 1, units: 8 },
  ],
  checks: [
    { step: 9, epoch: 0, since_step: 0 },
    { step: 19, epoch: 1, since_step: 10 },
    { step: 29, epoch: 2, since_step: null },
  ],
  died: [
    [1, 0, 2],
    [0, 5, null],
  ],
  revived: [
    [0, 0, 0],
    [0, 2, null],
  ],
};
// Triangular, step_size 6: cycle 1 = [0, 12), cycle 2 = [12, 24), cycle 3 from 24.
const PHASES = [
  { cycle: 1, phase: "rising", start: 0, end: 6 },
  { cycle: 1, phase: "falling", start: 6, end: 12 },
  { cycle: 2, phase: "rising", start: 12, end: 18 },
  { cycle: 2, phase: "falling", start: 18, end: 24 },
  { cycle: 3, phase: "rising", start: 24, end: 30 },
];
const COLORS = ["c0", "c1"];

test("a mark per (check, layer) with deaths, spanning the steps since the previous check", () => {
  const events = deathEvents(RELU, (s) => s / 10, COLORS);
  assert.deepEqual(
    events.map((e) => [e.layer.name, e.color, e.died, e.revived, e.since, e.step, e.x0, e.x1]),
    [
      ["dense_1", "c0", 1, 0, 0, 9, 0, 0.9],
      ["dense_1", "c0", 2, 0, null, 29, 2.9, 2.9],
      ["dense_2", "c1", 5, 2, 10, 19, 1, 1.9],
    ],
  );
});

test("mark radius grows with the square root of the count", () => {
  assert.equal(markRadius(1), 3 + 1.5 * 1);
  assert.equal(markRadius(16), 3 + 1.5 * 4);
  assert.ok(markRadius(10000) <= 14);
});

test("hover card and sentence: the largest event, in the phase holding most of its steps", () => {
  const [, , big] = deathEvents(RELU, (s) => s, COLORS);
  assert.deepEqual(deathTooltip(big), {
    title: "dense_2",
    badge: null,
    rows: [
      ["died", "5"],
      ["revived", "2"],
      ["steps", "10–19"],
    ],
  });
  // Steps 10..19: 2 in cycle 1 falling, 6 in cycle 2 rising, 2 in cycle 2 falling.
  const lr = { schedule: { type: "cyclic" }, phases: PHASES };
  assert.equal(
    deathSentence(deathEvents(RELU, (s) => s, COLORS), lr),
    "dense_2: 5 units died in cycle 2 (rising), 2 revived; 2 other death events",
  );
  // Without phases: the steps.
  assert.equal(
    deathSentence(deathEvents(RELU, (s) => s, COLORS), null),
    "dense_2: 5 units died in steps 10–19, 2 revived; 2 other death events",
  );
  // One-cycle: the phase's name, no cycle number; an event without since_step: the check's step.
  const one = {
    layers: RELU.layers.slice(0, 1),
    checks: [{ step: 29, epoch: 2, since_step: null }],
    died: [[1]],
    revived: [[0]],
  };
  const oneCycle = {
    schedule: { type: "one_cycle" },
    phases: [
      { cycle: 1, phase: "rising", start: 0, end: 12 },
      { cycle: 1, phase: "falling", start: 12, end: 40 },
    ],
  };
  assert.equal(deathSentence(deathEvents(one, (s) => s, COLORS), oneCycle), "dense_1: 1 unit died during annealing");
  assert.equal(deathSentence([], oneCycle), null);
});
