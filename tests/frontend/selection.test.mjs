import assert from "node:assert/strict";
import { test } from "node:test";

import {
  chooseLayer,
  defaultSelection,
  filterRuns,
  matchesFilter,
  reconcileSelection,
  toggleRun,
  toggleRuns,
} from "../../frontend/selection.js";

const run = (name, lr = true, layers = 0, schedule = "triangular") => ({
  run: name,
  lr,
  schedule: lr ? schedule : null,
  dead_relu_layers: layers,
});

test("default: the first five runs with LR data", () => {
  const runs = [run("a"), run("b", false), run("c"), run("d"), run("e"), run("f"), run("g")];
  assert.deepEqual(defaultSelection(runs), ["a", "c", "d", "e", "f"]);
  assert.deepEqual(defaultSelection(runs, 2), ["a", "c"]);
});

test("default: runs with a recorded schedule before Keras-only runs, in list order", () => {
  const runs = [run("a/train", true, 0, null), run("b"), run("c", true, 0, null), run("d")];
  assert.deepEqual(defaultSelection(runs, 3), ["b", "d", "a/train"]);
  assert.deepEqual(defaultSelection(runs, 2), ["b", "d"]);
});

test("default without any LR data: the first run with dead-ReLU checks", () => {
  assert.deepEqual(defaultSelection([run("a", false), run("b", false, 3)]), ["b"]);
  assert.deepEqual(defaultSelection([run("a", false)]), []);
  assert.deepEqual(defaultSelection([]), []);
});

test("filter terms must all occur, case-insensitively", () => {
  assert.equal(matchesFilter("exp1/Triangular2", "TRI"), true);
  assert.equal(matchesFilter("exp1/triangular2", "exp tri"), true);
  assert.equal(matchesFilter("exp1/triangular2", "exp cos"), false);
  assert.equal(matchesFilter("anything", "  "), true);
  assert.equal(matchesFilter("<img src=x>", "<img"), true);
});

test("toggleRun keeps the run list's order", () => {
  const runs = [run("a"), run("b"), run("c")];
  assert.deepEqual(toggleRun(runs, ["c"], "a", true), ["a", "c"]);
  assert.deepEqual(toggleRun(runs, ["a", "c"], "a", false), ["c"]);
  assert.deepEqual(toggleRun(runs, ["a"], "a", true), ["a"]);
});

test("filterRuns: the runs whose names hold every term, in list order", () => {
  const names = Array.from({ length: 500 }, (_, i) => `run-${String(i).padStart(4, "0")}`);
  const runs = names.map((name) => run(name));
  const shown = filterRuns(runs, "run-01").map((r) => r.run);
  assert.equal(shown.length, 100);
  assert.deepEqual(shown, names.slice(100, 200));
  assert.deepEqual(
    filterRuns(runs, "RUN 49 9").map((r) => r.run),
    ["run-0049", "run-0149", "run-0249", "run-0349", "run-0449", "run-0490", "run-0491", "run-0492",
     "run-0493", "run-0494", "run-0495", "run-0496", "run-0497", "run-0498", "run-0499"],
  );
  assert.equal(filterRuns(runs, "").length, 500);
});

test("toggleRuns: select or clear many at once, in the run list's order, keeping the others", () => {
  const runs = ["a", "b", "c", "d", "e"].map((name) => run(name));
  assert.deepEqual(toggleRuns(runs, ["e", "a"], ["d", "b", "a"], true), ["a", "b", "d", "e"]);
  assert.deepEqual(toggleRuns(runs, ["a", "b", "e"], ["b", "c", "e"], false), ["a"]);
  assert.deepEqual(toggleRuns(runs, ["c"], [], true), ["c"]);
  assert.deepEqual(toggleRuns(runs, [], ["gone"], true), []);
});

test("first load: default selection, focus on the first run with a schedule", () => {
  assert.deepEqual(reconcileSelection([run("a"), run("b")], null, null), {
    selected: ["a", "b"],
    focused: "a",
  });
  assert.deepEqual(reconcileSelection([run("k", true, 0, null), run("b")], null, null), {
    selected: ["b", "k"],
    focused: "b",
  });
});

test("reload keeps surviving runs and the focus", () => {
  const runs = [run("a"), run("b"), run("c")];
  assert.deepEqual(reconcileSelection(runs, ["c", "gone"], "c"), { selected: ["c"], focused: "c" });
  assert.deepEqual(reconcileSelection(runs, ["b", "c"], "gone"), { selected: ["b", "c"], focused: "b" });
});

test("a deliberately empty selection stays empty; a vanished one falls back", () => {
  const runs = [run("a"), run("b")];
  assert.deepEqual(reconcileSelection(runs, [], null), { selected: [], focused: null });
  assert.deepEqual(reconcileSelection(runs, ["gone"], "gone"), { selected: ["a", "b"], focused: "a" });
});

test("chooseLayer keeps the chosen layer, else picks the most dead one", () => {
  const relu = {
    layers: [{ path: "a" }, { path: "b/c" }, { path: "d" }],
    fraction: [
      [0.5, 0.0],
      [0.1, 0.2, null],
      [null, null],
    ],
  };
  assert.equal(chooseLayer(relu, "d").path, "d");
  assert.equal(chooseLayer(relu, "gone").path, "b/c"); // latest 0.2 beats a's latest 0.0
  assert.equal(chooseLayer({ layers: [{ path: "x" }], fraction: [[null]] }, null).path, "x");
  assert.equal(chooseLayer({ layers: [], fraction: [] }, null), null);
});
