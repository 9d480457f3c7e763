import assert from "node:assert/strict";
import { test } from "node:test";

import {
  bucketTooltip,
  checkLabel,
  heatCellTooltip,
  snapshotTooltip,
  xLabel,
} from "../../frontend/tooltips.js";

test("snapshot tooltip: index, epoch, step, LR, metrics, file", () => {
  const tip = snapshotTooltip(
    {
      index: 1,
      epoch: 39,
      step: 4000,
      lr: 0.000154133313,
      file: "Model-1.weights.h5",
      metrics: { loss: 0.41, val_accuracy: 0.9 },
      best: true,
    },
    "exp1",
  );
  assert.equal(tip.title, "Snapshot 1");
  assert.equal(tip.badge, "best");
  assert.deepEqual(tip.rows, [
    ["run", "exp1"],
    ["epoch", "39"],
    ["step", "4000"],
    ["LR", "1.541e-4"],
    ["loss", "0.41"],
    ["val_accuracy", "0.9"],
    ["file", "Model-1.weights.h5"],
  ]);
});

test("snapshot tooltip leaves out Keras's learning_rate when it repeats the LR", () => {
  const lr = 0.006698729936033487;
  const tip = snapshotTooltip(
    {
      index: 1,
      epoch: 5,
      step: 269,
      lr,
      metrics: { loss: 0.012785620056092739, learning_rate: Math.fround(lr) },
    },
    "snapshots",
  );
  assert.deepEqual(tip.rows, [
    ["run", "snapshots"],
    ["epoch", "5"],
    ["step", "269"],
    ["LR", "0.006699"],
    ["loss", "0.01279"],
  ]);
});

test("snapshot tooltip without metrics, file or best", () => {
  const tip = snapshotTooltip({ index: 2, epoch: null, step: 8000, lr: null, best: false }, "r");
  assert.equal(tip.badge, null);
  assert.deepEqual(tip.rows, [
    ["run", "r"],
    ["epoch", "–"],
    ["step", "8000"],
    ["LR", "–"],
  ]);
});

test("heatmap cell: count / units (fraction)", () => {
  const layer = { name: "conv2d", units: 16 };
  const check = { step: 469, epoch: 0, probe_samples: 512 };
  assert.deepEqual(heatCellTooltip(layer, check, 1, 0.0625), {
    title: "conv2d",
    badge: null,
    rows: [
      ["check", "step 469 · epoch 0"],
      ["dead units", "1 / 16 (6.3%)"],
      ["probe samples", "512"],
    ],
  });
  assert.equal(heatCellTooltip(layer, { step: 5 }, null, null).rows[1][1], "not present at this check");
});

test("histogram bucket: range and share of units", () => {
  const tip = bucketTooltip("dense", { step: 938, epoch: 1 }, [0.05, 0.1, 4], 16);
  assert.deepEqual(tip.rows, [
    ["check", "step 938 · epoch 1"],
    ["firing rate", "0.05 – 0.1"],
    ["units", "4 (25%)"],
  ]);
});

test("labels", () => {
  assert.equal(checkLabel({ step: 12000 }), "step 12,000");
  assert.equal(xLabel(9100, "step"), "step 9100");
  assert.equal(xLabel(18.2, "epoch"), "epoch 18.2");
});
