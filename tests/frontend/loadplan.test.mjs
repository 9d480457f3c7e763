import assert from "node:assert/strict";
import { test } from "node:test";

import { NONE, gatherLoads } from "../../frontend/loadplan.js";

/** A load that never answers; records [kind, args, priority] in request order. */
function pendingLoad() {
  const requests = [];
  const load = (kind, args, priority) => (requests.push([kind, args, priority]), new Promise(() => {}));
  return { load, requests };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const run = (name, extra = {}) => ({ run: name, lr: true, loss: true, dead_relu_layers: 0, ...extra });

test("the focused run's loads are requested first at high priority, the others' after at low", async () => {
  const a = run("a");
  const b = run("b", { dead_relu_layers: 2 });
  const c = run("c");
  const { load, requests } = pendingLoad();
  gatherLoads({ runs: [a, b, c], focus: b, showLoss: true, layer: null }, load);
  assert.deepEqual(requests, [
    ["deadRelu", ["b"], "high"],
    ["lr", ["b"], "high"],
    ["loss", ["b"], "high"],
    ["lr", ["a"], "low"],
    ["lr", ["c"], "low"],
    ["loss", ["a"], "low"],
    ["loss", ["c"], "low"],
  ]);
});

test("histograms are requested as soon as the focused run's dead ReLUs arrive, before the other runs' data", async () => {
  const layers = [{ path: "dense_1", dead: [0] }, { path: "dense_2", dead: [0] }];
  const a = run("a", { dead_relu_layers: 2 });
  const b = run("b");
  const requests = [];
  const relu = { layers, checks: [10], dead: [[0, 0]] };
  const loads = [];
  const load = (kind, args, priority) => {
    requests.push([kind, args, priority]);
    const promise = new Promise((resolve) => loads.push({ kind, args, resolve }));
    return promise;
  };
  const done = gatherLoads({ runs: [a, b], focus: a, showLoss: false, layer: "dense_2" }, load);
  await settle();
  assert.deepEqual(requests.map(([k, args]) => [k, ...args]), [["deadRelu", "a"], ["lr", "a"], ["lr", "b"]]);
  loads.find((l) => l.kind === "deadRelu").resolve({ data: relu, error: null });
  await settle();
  // Nothing but dead_relu has arrived, and the chosen layer's histograms are already asked for.
  assert.deepEqual(requests.at(-1), ["histograms", ["a", "dense_2"], "high"]);
  let finished = false;
  done.then(() => (finished = true));
  await settle();
  assert.equal(finished, false, "resolved before every load arrived");
  for (const l of loads) l.resolve({ data: `${l.kind}:${l.args.join("/")}`, error: null });
  const loaded = await done;
  assert.deepEqual(loaded.lr.map((l) => l.data), ["lr:a", "lr:b"]);
  assert.deepEqual(loaded.loss, [NONE, NONE]);
  assert.equal(loaded.deadRelu.data, relu);
  assert.equal(loaded.layer.path, "dense_2");
  assert.equal(loaded.histograms.data, "histograms:a/dense_2");
  assert.equal(loaded.rangeTest, NONE);
  assert.deepEqual(loaded.runs, [a, b]);
  assert.equal(loaded.focus, a);
});

test("without dead ReLUs there is no histogram load; a failed dead_relu load asks for none", async () => {
  const a = run("a", { dead_relu_layers: 3, lr_range_test: true });
  const requests = [];
  const load = async (kind, args, priority) => {
    requests.push([kind, ...args, priority]);
    return kind === "deadRelu" ? { data: null, error: new Error("HTTP 500") } : { data: kind, error: null };
  };
  const loaded = await gatherLoads({ runs: [a], focus: a, showLoss: true, layer: null }, load);
  assert.deepEqual(requests, [
    ["deadRelu", "a", "high"],
    ["lr", "a", "high"],
    ["loss", "a", "high"],
    ["rangeTest", "a", "high"],
  ]);
  assert.equal(loaded.layer, null);
  assert.equal(loaded.histograms, NONE);
  assert.equal(loaded.rangeTest.data, "rangeTest");
  assert.equal(loaded.deadRelu.error.message, "HTTP 500");
});

test("runs without lr or loss and a focus outside the selection load nothing for them", async () => {
  const a = run("a", { lr: false, loss: false });
  const requests = [];
  const load = async (kind, args) => (requests.push([kind, ...args]), { data: kind, error: null });
  const loaded = await gatherLoads({ runs: [a], focus: null, showLoss: true, layer: null }, load);
  assert.deepEqual(requests, []);
  assert.deepEqual(loaded.lr, [NONE]);
  assert.deepEqual(loaded.loss, [NONE]);
  assert.equal(loaded.deadRelu, NONE);
  assert.equal(loaded.histograms, NONE);
});
