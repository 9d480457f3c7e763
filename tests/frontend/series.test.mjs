import assert from "node:assert/strict";
import { test } from "node:test";

import {
  alignSeries,
  extent,
  nearestIndex,
  positiveOnly,
  stepValueAt,
  valueAt,
} from "../../frontend/series.js";

test("alignSeries joins different x values and fills gaps with null", () => {
  const aligned = alignSeries([
    { x: [0, 2, 4], y: [1, 3, 5] },
    { x: [1, 2, 3], y: [10, 20, null] },
  ]);
  assert.deepEqual(aligned, [
    [0, 1, 2, 3, 4],
    [1, null, 3, null, 5],
    [null, 10, 20, null, null],
  ]);
});

test("alignSeries sorts x, keeps the last y of a repeated x and drops non-finite x", () => {
  assert.deepEqual(alignSeries([{ x: [5, 1, 5, NaN], y: [1, 2, 3, 4] }]), [
    [1, 5],
    [2, 3],
  ]);
});

test("valueAt interpolates linearly between neighbours (triangular LR)", () => {
  // base 0.001, max 0.006, step_size 2000: the apex at 2000.
  const xs = [0, 2000, 4000];
  const ys = [0.001, 0.006, 0.001];
  assert.ok(Math.abs(valueAt(xs, ys, 1000) - 0.0035) < 1e-15);
  assert.ok(Math.abs(valueAt(xs, ys, 3000) - 0.0035) < 1e-15);
  assert.equal(valueAt(xs, ys, 2000), 0.006);
});

test("valueAt is null outside the series and next to gaps", () => {
  assert.equal(valueAt([0, 10], [1, 2], -1), null);
  assert.equal(valueAt([0, 10], [1, 2], 11), null);
  assert.equal(valueAt([0, 10, 20], [1, null, 3], 5), null);
  assert.equal(valueAt([], [], 0), null);
  assert.equal(valueAt([0, 10], [1, 2], 10), 2);
});

test("nearestIndex picks the closer neighbour", () => {
  const xs = [0, 10, 20];
  assert.equal(nearestIndex(xs, 4), 0);
  assert.equal(nearestIndex(xs, 6), 1);
  assert.equal(nearestIndex(xs, -5), 0);
  assert.equal(nearestIndex(xs, 99), 2);
  assert.equal(nearestIndex([], 1), -1);
});

test("positiveOnly blanks what a log scale cannot show", () => {
  assert.deepEqual(positiveOnly([0.1, 0, -1, null, 2]), [0.1, null, null, null, 2]);
});

test("extent spans all arrays and ignores nulls", () => {
  assert.deepEqual(extent([3, null, 1], [7, NaN]), [1, 7]);
  assert.equal(extent([null], []), null);
});

test("stepValueAt holds each value until the next point", () => {
  const xs = [0, 5, 10];
  const ys = [0.01, 0.005, 0.0025];
  assert.equal(stepValueAt(xs, ys, 4.9), 0.01);
  assert.equal(stepValueAt(xs, ys, 5), 0.005);
  assert.equal(stepValueAt(xs, ys, 10), 0.0025);
  assert.equal(stepValueAt(xs, ys, 10.5), null);
  assert.equal(stepValueAt(xs, ys, -1), null);
});
