import assert from "node:assert/strict";
import { test } from "node:test";

import { cycleBoundaries, phaseAt, phaseBands } from "../../frontend/phases.js";

// triangular2, step_size 2000: two cycles of 4000 steps.
const phases = [
  { cycle: 1, phase: "rising", start: 0, end: 2000 },
  { cycle: 1, phase: "falling", start: 2000, end: 4000 },
  { cycle: 2, phase: "rising", start: 4000, end: 6000 },
  { cycle: 2, phase: "falling", start: 6000, end: 8000 },
];
const cycles = [
  { cycle: 1, start: 0, end: 4000 },
  { cycle: 2, start: 4000, end: 8000 },
];
const identity = (s) => s;

test("bands cover the phases inside the window, clipped at its edges", () => {
  assert.deepEqual(phaseBands(phases, identity, 1000, 5000), [
    { index: 0, cycle: 1, phase: "rising", x0: 1000, x1: 2000 },
    { index: 1, cycle: 1, phase: "falling", x0: 2000, x1: 4000 },
    { index: 2, cycle: 2, phase: "rising", x0: 4000, x1: 5000 },
  ]);
});

test("bands outside the window, or touching it only at an edge, are dropped", () => {
  assert.deepEqual(phaseBands(phases, identity, 2000, 4000), [
    { index: 1, cycle: 1, phase: "falling", x0: 2000, x1: 4000 },
  ]);
  assert.deepEqual(phaseBands(phases, identity, 9000, 9500), []);
});

test("bands map through the x-axis unit (epochs of 500 steps)", () => {
  const toEpoch = (s) => s / 500;
  assert.deepEqual(phaseBands(phases.slice(0, 2), toEpoch, 0, 100), [
    { index: 0, cycle: 1, phase: "rising", x0: 0, x1: 4 },
    { index: 1, cycle: 1, phase: "falling", x0: 4, x1: 8 },
  ]);
});

test("after a _reset cycle numbers repeat; the index still tells neighbours apart", () => {
  const restarted = [
    { cycle: 2, phase: "cosine", start: 0, end: 10 },
    { cycle: 1, phase: "cosine", start: 10, end: 20 },
    { cycle: 2, phase: "cosine", start: 20, end: 30 },
  ];
  assert.deepEqual(
    phaseBands(restarted, identity, 0, 30).map((b) => b.index),
    [0, 1, 2],
  );
});

test("cycle boundaries: every start and end in the window, once", () => {
  assert.deepEqual(cycleBoundaries(cycles, identity, 0, 8000), [0, 4000, 8000]);
  assert.deepEqual(cycleBoundaries(cycles, identity, 100, 7000), [4000]);
  assert.deepEqual(
    cycleBoundaries(cycles, (s) => s / 500, 1, 20),
    [8, 16],
  );
  assert.deepEqual(cycleBoundaries([], identity, 0, 1), []);
});

test("phaseAt uses half-open intervals, in x-axis units", () => {
  assert.equal(phaseAt(phases, identity, 1999).phase, "rising");
  assert.equal(phaseAt(phases, identity, 2000).phase, "falling");
  assert.equal(phaseAt(phases, identity, 4000).cycle, 2);
  assert.equal(phaseAt(phases, identity, 8000), null);
  assert.equal(phaseAt(phases, (s) => s / 500, 4.5).phase, "falling"); // epoch 4.5 = step 2250
});
