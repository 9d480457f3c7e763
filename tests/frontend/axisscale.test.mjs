import assert from "node:assert/strict";
import { test } from "node:test";

import {
  describeLrScale,
  logRange,
  lossIsLog,
  lrScale,
  peakRatio,
  positivePeak,
} from "../../frontend/axisscale.js";

// LR values as the lr route returns them (Keras logs float32).
const TRIANGULAR2 = [0.001, 0.0035, 0.006, 0.0035, 0.001, 0.00225, 0.0035, 0.00225, 0.001];
const SNAPSHOTS = [0.10000000149011612, 0.09330127, 0.075, 0.05, 0.025, 0.0066987299];
// The demo's clr run: triangular2 from 0.005 to 0.1, its later cycles at half height.
const DEMO_CLR = [0.005, 0.1, 0.005, 0.0525, 0.005, 0.02875, 0.005, 0.016875, 0.005];
const COSINE_TO_ZERO = [0.05, 0.025, 0, 0.05, 0.025, 0];

test("positivePeak skips zeros, negatives, nulls and NaN", () => {
  assert.equal(positivePeak(COSINE_TO_ZERO), 0.05);
  assert.equal(positivePeak([null, NaN, 0, -1]), null);
  assert.equal(positivePeak([]), null);
});

test("peakRatio compares the runs' peaks", () => {
  assert.equal(peakRatio([TRIANGULAR2, SNAPSHOTS]), 0.10000000149011612 / 0.006);
  assert.ok(Math.abs(peakRatio([DEMO_CLR, SNAPSHOTS]) - 1.0000000149011612) < 1e-12);
  assert.equal(peakRatio([TRIANGULAR2]), 1);
  assert.equal(peakRatio([TRIANGULAR2, [null, 0]]), 1, "a run without a positive LR is no peak");
  assert.equal(peakRatio([]), 1);
});

test("LR peaks 17x apart (0.006 beside 0.1) get a log axis by default", () => {
  assert.deepEqual(lrScale([TRIANGULAR2, SNAPSHOTS], null), {
    log: true,
    auto: true,
    ratio: peakRatio([TRIANGULAR2, SNAPSHOTS]),
  });
});

test("LR peaks within 10x keep a linear axis by default", () => {
  assert.equal(lrScale([DEMO_CLR, SNAPSHOTS], null).log, false);
  assert.equal(lrScale([TRIANGULAR2, [0.01, 0.01, 0.01]], null).log, false, "0.006 vs 0.01");
  assert.equal(lrScale([[0.01], [0.1]], null).log, false, "exactly 10x is not more than 10x");
  assert.equal(lrScale([TRIANGULAR2], null).log, false, "one run alone");
  assert.equal(lrScale([], undefined).auto, true);
});

test("the user's choice wins over the default, both ways", () => {
  assert.deepEqual(lrScale([TRIANGULAR2, SNAPSHOTS], false).log, false);
  assert.deepEqual(lrScale([TRIANGULAR2, SNAPSHOTS], false).auto, false);
  assert.deepEqual(lrScale([DEMO_CLR, SNAPSHOTS], true).log, true);
  assert.deepEqual(lrScale([DEMO_CLR, SNAPSHOTS], true).auto, false);
});

test("the toggle's tooltip says why the axis is what it is", () => {
  assert.equal(
    describeLrScale(lrScale([TRIANGULAR2, SNAPSHOTS], null)),
    "Logarithmic learning-rate axis: on by default, the runs' peak LRs differ 17×",
  );
  assert.equal(
    describeLrScale(lrScale([DEMO_CLR, SNAPSHOTS], null)),
    "Logarithmic learning-rate axis: on by default when the runs' peak LRs differ more than 10×",
  );
  assert.equal(
    describeLrScale(lrScale([DEMO_CLR, SNAPSHOTS], true)),
    "Logarithmic learning-rate axis (your choice, kept until the page is reloaded)",
  );
});

test("a loss falling over decades goes on a log axis", () => {
  // Keras 3 batch_loss of the demo's clr run (update_freq=5): from 2.3 down to 2e-4.
  const batchLoss = [2.3021531105041504, 1.1902, 0.3109, 0.0213, 0.00020206347107887268, 0.0041];
  const epochLoss = [2.2742962837219238, 0.5102, 0.0917];
  assert.equal(lossIsLog([batchLoss]), true);
  assert.equal(lossIsLog([epochLoss, batchLoss]), true);
  assert.equal(lossIsLog([epochLoss]), false, "25x: linear");
  assert.equal(lossIsLog([[0.6931, 0.52, 0.41]]), false);
});

test("a loss with a value a log axis cannot show stays linear", () => {
  assert.equal(lossIsLog([[2.3, 0.001, 0]]), false);
  assert.equal(lossIsLog([[-1.5, -3.2, -7.9]]), false, "a negative log-likelihood");
  assert.equal(lossIsLog([[2.3, null, NaN, 0.001]]), true, "gaps are ignored");
  assert.equal(lossIsLog([]), false);
  assert.equal(lossIsLog([[null]]), false);
});

test("logRange rounds outward to one significant digit, float32 noise aside", () => {
  // The demo's LRs (float32 0.005 and 0.1) and batch losses.
  assert.deepEqual(logRange(0.004999999888241291, 0.10000000149011612), [0.005, 0.1]);
  assert.deepEqual(logRange(0.00020206347107887268, 2.3021531105041504), [0.0002, 3]);
  assert.deepEqual(logRange(6.781112460885197e-5, 2.274296283721924), [0.00006, 3]);
  assert.deepEqual(logRange(0.001, 0.006), [0.001, 0.006]);
  assert.deepEqual(logRange(0.0009999999, 1234), [0.001, 2000]);
});

test("logRange of a constant or of nothing positive still spans something", () => {
  assert.deepEqual(logRange(0.01, 0.01), [0.005, 0.02]);
  assert.deepEqual(logRange(null, null), [0.001, 1]);
  assert.deepEqual(logRange(0, 0.1), [0.001, 1]);
});
