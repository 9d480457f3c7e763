import assert from "node:assert/strict";
import { test } from "node:test";

import { collectWarnings, describeWarning } from "../../frontend/warnings.js";

const warning = (run, problem, extra = {}) => ({ run, tag: null, step: null, problem, ...extra });

test("a warning reads as where, then what", () => {
  assert.equal(
    describeWarning(warning("r", "newer schema version 99, skipped", { tag: "cyclescope/snapshot" })),
    "cyclescope/snapshot: newer schema version 99, skipped",
  );
  assert.equal(
    describeWarning(warning("r", "not JSON, skipped", { tag: "cyclescope/epoch", step: 12000 })),
    "cyclescope/epoch, step 12,000: not JSON, skipped",
  );
  assert.equal(describeWarning(warning("r", "NaN LRs dropped", { step: 0 })), "step 0: NaN LRs dropped");
  assert.equal(describeWarning(warning("r", "something odd")), "something odd");
});

test("warnings go to the listed run they name, a Keras train folder to its run", () => {
  const names = ["a", "a/b", "."];
  const { byRun, general } = collectWarnings(
    [
      {
        run: null,
        warnings: [
          warning("a", "p1"),
          warning("a/b/train", "p2"),
          warning("a/train", "p3"),
          warning("train", "p4"),
          warning("gone", "p5"),
        ],
      },
    ],
    names,
  );
  assert.deepEqual([...byRun.keys()].sort(), [".", "a", "a/b"]);
  assert.deepEqual(
    byRun.get("a").map((w) => w.problem),
    ["p1", "p3"],
  );
  assert.deepEqual(
    byRun.get("a/b").map((w) => w.problem),
    ["p2"],
  );
  assert.deepEqual(
    byRun.get(".").map((w) => w.problem),
    ["p4"],
  );
  assert.deepEqual(
    general.map((w) => w.problem),
    ["p5"],
  );
});

test("a run's own route keeps its warnings whatever run they name; the same problem counts once", () => {
  const same = warning("a", "newer schema version 99, skipped", { tag: "cyclescope/snapshot" });
  const { byRun, general } = collectWarnings(
    [
      { run: null, warnings: [same] },
      { run: "a", warnings: [{ ...same }, warning("elsewhere", "loss is NaN", { step: 3 })] },
      { run: "a", warnings: [warning("a", "newer schema version 99, skipped", { tag: "other" })] },
    ],
    ["a"],
  );
  assert.deepEqual(general, []);
  assert.deepEqual(byRun.get("a").map(describeWarning), [
    "cyclescope/snapshot: newer schema version 99, skipped",
    "step 3: loss is NaN",
    "other: newer schema version 99, skipped",
  ]);
});

test("no sources, no warnings", () => {
  const { byRun, general } = collectWarnings([], ["a"]);
  assert.equal(byRun.size, 0);
  assert.deepEqual(general, []);
});
