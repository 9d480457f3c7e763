import assert from "node:assert/strict";
import { test } from "node:test";

import { normalizeLr } from "../../frontend/api.js";
import { scheduleSummary } from "../../frontend/summary.js";

const summary = (json) => scheduleSummary(normalizeLr(json)).join(" · ");

test("cyclic schedule with its position", () => {
  const lr = {
    schedule: {
      type: "cyclic",
      mode: "triangular2",
      base_lr: 0.001,
      max_lr: 0.006,
      step_size: 2000,
      gamma: 1.0,
      scale_mode: "cycle",
      offset: 0,
      steps_per_epoch: 500,
    },
    position: { cycle: 3, phase: "rising", step: 9100 },
  };
  assert.equal(summary(lr), "triangular2 · 0.001 → 0.006 · step_size 2000 (4 epochs) · cycle 3 · rising");
});

test("exp_range shows gamma; fractional and single epochs read naturally", () => {
  const base = { type: "cyclic", base_lr: 0.001, max_lr: 0.006, step_size: 1500, gamma: 0.99994 };
  assert.equal(
    summary({ schedule: { ...base, mode: "exp_range", steps_per_epoch: 400 } }),
    "exp_range · 0.001 → 0.006 · step_size 1500 (3.75 epochs) · gamma 0.99994",
  );
  assert.equal(
    summary({ schedule: { ...base, mode: "triangular", steps_per_epoch: 1500 } }),
    "triangular · 0.001 → 0.006 · step_size 1500 (1 epoch)",
  );
  assert.equal(
    summary({ schedule: { ...base, mode: "triangular" } }),
    "triangular · 0.001 → 0.006 · step_size 1500",
  );
});

test("cosine restarts (snapshot ensembles)", () => {
  const lr = {
    schedule: { type: "cosine_restarts", init_lr: 0.1, epoch_length: 40, nb_epochs: 200, nb_snapshots: 5 },
    position: { cycle: 2, phase: "cosine", step: 30000 },
  };
  assert.equal(
    summary(lr),
    "cosine_restarts · 0.1 → 0 · 40 epochs per cycle · 5 snapshots · cycle 2 · cosine",
  );
});

test("no recorded schedule: where the series came from and its range", () => {
  const points = { step: [0, 100, 200], value: [0.01, 0.1, 0.05] };
  assert.equal(
    summary({ source: "keras", schedule: null, points }),
    "Keras epoch_learning_rate · 0.01 → 0.1",
  );
  assert.equal(
    summary({ schedule: null, points, position: { cycle: 1, phase: "flat" } }),
    "no schedule recorded · 0.01 → 0.1 · cycle 1 · flat",
  );
  assert.equal(summary({ schedule: null }), "no schedule recorded");
});

test("an unknown schedule type is named and ranged", () => {
  const points = { step: [0, 1], value: [0.2, 0.3] };
  assert.equal(summary({ schedule: { type: "warmup" }, points }), "warmup · 0.2 → 0.3");
});
