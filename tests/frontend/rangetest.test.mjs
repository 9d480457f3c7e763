import assert from "node:assert/strict";
import { test } from "node:test";

import { formatG, rangeTestModel, suggestionText } from "../../frontend/rangetest.js";

test("formatG is Python's format(v, '.3g'), as LRRangeTestResult.suggestion writes it", () => {
  // Python: [format(v, ".3g") for v in ...], by hand from its %g rules:
  // scientific when the exponent is < -4 or >= 3, two exponent digits, no trailing zeros.
  const cases = [
    [0.00292, "0.00292"],
    [1.0000000000000002e-6, "1e-06"],
    [12345, "1.23e+04"],
    [0.0001, "0.0001"],
    [1.234e-5, "1.23e-05"],
    [100, "100"],
    [1000, "1e+03"],
    [0.0999999, "0.1"],
    [2.5, "2.5"],
    [0.000999999, "0.001"],
    [-0.5, "-0.5"],
    [0, "0"],
  ];
  for (const [v, want] of cases) assert.equal(formatG(v), want, String(v));
});

test("the suggestion line, and none without both bounds", () => {
  assert.equal(
    suggestionText({ base_lr: 0.00292, max_lr: 0.0292 }),
    "use CyclicLR(base_lr=0.00292, max_lr=0.0292)",
  );
  assert.equal(suggestionText({ base_lr: null, max_lr: 0.0292 }), null);
});

test("range test chart: smoothed and raw loss over the LR, bounds marked, log axis for exp", () => {
  const lrs = [1e-4, 1e-3, 1e-2, 1e-1];
  const rt = {
    run: "lr_find",
    lrs,
    losses: [0.7, 0.69, 0.6, 0.9],
    raw_losses: [0.7, 0.68, 0.55, 1.2],
    base_lr: 0.001,
    max_lr: 0.01,
    mode: "exp",
    start_lr: 1e-4,
    end_lr: 0.1,
    stopped_early: true,
    warnings: [],
  };
  const m = rangeTestModel(rt, { theme: "T", color: "c" });
  assert.deepEqual(m.chart.xs, lrs);
  assert.deepEqual(m.chart.smoothed, rt.losses);
  assert.deepEqual(m.chart.raw, rt.raw_losses);
  assert.equal(m.chart.log, true);
  assert.deepEqual(m.chart.bounds, [
    { lr: 0.001, label: "base_lr 0.001" },
    { lr: 0.01, label: "max_lr 0.01" },
  ]);
  assert.equal(m.suggestion, "use CyclicLR(base_lr=0.001, max_lr=0.01)");
  assert.deepEqual(m.parts, ["LR range test", "exp sweep 1e-4 → 0.1", "4 steps"]);
  assert.equal(m.note, "Stopped early: the loss diverged before end_lr.");

  const linear = rangeTestModel({ ...rt, mode: "linear", stopped_early: false, raw_losses: [] }, {});
  assert.equal(linear.chart.log, false);
  assert.equal(linear.note, null);
  assert.equal(linear.chart.raw, null);
});
