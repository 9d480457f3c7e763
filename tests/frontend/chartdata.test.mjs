import assert from "node:assert/strict";
import { test } from "node:test";

import { normalizeLr } from "../../frontend/api.js";
import { checkXs, lossToX, lrToX, mapPoints, snapshotMarkers, stepToX } from "../../frontend/chartdata.js";

const lr = normalizeLr({
  source: "cyclescope",
  points: { step: [0, 2000, 4000], value: [0.001, 0.006, 0.001] },
  schedule: { type: "cyclic", steps_per_epoch: 500 },
  epochs: { step: [0, 500], epoch: [0, 1] },
  snapshots: [
    { index: 1, step: 3000, lr: null },
    { index: 2, step: 4000, lr: 0.00099 },
  ],
});
const keras = normalizeLr({ source: "keras", points: { step: [0, 1, 2], value: [0.1, 0.1, 0.05] } });

test("step axis: steps stay; epoch axis: through the run's epochs", () => {
  assert.equal(stepToX("step", null)(1234), 1234);
  assert.equal(stepToX("epoch", lr)(1250), 2.5);
  assert.deepEqual(mapPoints(lr.points, lrToX("epoch", lr)), { xs: [0, 4, 8], ys: [0.001, 0.006, 0.001] });
});

test("a run without epoch information has no place on the epoch axis", () => {
  assert.equal(stepToX("epoch", keras), null);
  assert.equal(stepToX("epoch", null), null);
});

test("Keras's per-epoch LR is only placed on the epoch axis, where it stays put", () => {
  assert.equal(lrToX("step", keras), null);
  assert.equal(lrToX("epoch", keras)(3), 3);
});

test("loss: batch steps map like the run's steps; an epoch_loss sits at its epoch's end", () => {
  const batch = { step_source: "keras_batch" };
  const perEpoch = { step_source: "epoch" };
  assert.equal(lossToX("epoch", batch, lr)(750), 1.5);
  assert.equal(lossToX("step", batch, lr)(750), 750);
  assert.equal(lossToX("epoch", perEpoch, keras)(4), 5);
  assert.equal(lossToX("step", perEpoch, keras), null);
});

test("snapshot markers use the recorded LR, else the curve's value at their step", () => {
  const markers = snapshotMarkers(lr, (s) => s / 500);
  assert.deepEqual(
    markers.map((m) => [m.snapshot.index, m.x]),
    [
      [1, 6],
      [2, 8],
    ],
  );
  assert.ok(Math.abs(markers[0].y - 0.0035) < 1e-15); // halfway down from the apex
  assert.equal(markers[1].y, 0.00099);
});

test("checks sit at their step, or at the end of their epoch without a mapping", () => {
  const checks = [{ step: 469, epoch: 0 }, { step: 938, epoch: 1 }, { step: 1000 }];
  assert.deepEqual(
    checkXs(checks, (s) => s * 2),
    [938, 1876, 2000],
  );
  assert.deepEqual(checkXs(checks, null), [1, 2, null]);
});
