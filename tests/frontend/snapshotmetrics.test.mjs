import assert from "node:assert/strict";
import { test } from "node:test";

import { metricKeys } from "../../frontend/snapshotmetrics.js";

// A snapshot of the demo's run: Keras's epoch logs hold the LR twice, as
// float32, while the snapshot record keeps the LR as a float64.
const LR = 0.006698729936033487;
const demoSnapshot = (index, loss) => ({
  index,
  lr: LR,
  metrics: {
    accuracy: 0.9944328665733337,
    loss,
    val_accuracy: 0.9916666746139526,
    val_loss: 0.046961598098278046,
    learning_rate: Math.fround(LR),
    lr: Math.fround(LR),
  },
});

test("learning-rate metrics that repeat the snapshot's LR are left out", () => {
  const snapshots = [demoSnapshot(1, 0.012785620056092739), demoSnapshot(2, 0.01384)];
  assert.deepEqual(metricKeys(snapshots), ["accuracy", "loss", "val_accuracy", "val_loss"]);
});

test("a learning-rate metric that tells something else is kept", () => {
  const differs = { index: 1, lr: 0.0035, metrics: { loss: 0.5254, learning_rate: 0.001 } };
  assert.deepEqual(metricKeys([differs]), ["loss", "learning_rate"]);
  const noLr = { index: 1, lr: null, metrics: { lr: 0.0035 } };
  assert.deepEqual(metricKeys([noLr]), ["lr"]);
});

test("keys are the union over snapshots, in first-seen order", () => {
  const snapshots = [
    { index: 1, lr: 0.0035, metrics: { loss: 0.5254, accuracy: 0.9321 } },
    { index: 2, lr: 0.0035, metrics: { val_loss: 0.2975, loss: 0.2649, lr: 0.0035 } },
    { index: 3, lr: 0.001 },
  ];
  assert.deepEqual(metricKeys(snapshots), ["loss", "accuracy", "val_loss"]);
  assert.deepEqual(metricKeys([]), []);
});
