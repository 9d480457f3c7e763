import assert from "node:assert/strict";
import { test } from "node:test";

import {
  NONE,
  PENDING,
  REDRAW_COST_FACTOR,
  drawAsLoaded,
  planLoads,
} from "../../frontend/loadplan.js";

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
  planLoads({ runs: [a, b, c], focus: b, showLoss: true, layer: null }, load).done;
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
  const done = planLoads({ runs: [a, b], focus: a, showLoss: false, layer: "dense_2" }, load).done;
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
  const loaded = await planLoads({ runs: [a], focus: a, showLoss: true, layer: null }, load).done;
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
  const loaded = await planLoads({ runs: [a], focus: null, showLoss: true, layer: null }, load).done;
  assert.deepEqual(requests, []);
  assert.deepEqual(loaded.lr, [NONE]);
  assert.deepEqual(loaded.loss, [NONE]);
  assert.equal(loaded.deadRelu, NONE);
  assert.equal(loaded.histograms, NONE);
});

/** Loads answered by hand: `answer(kind, run, data)` resolves the one load of that kind and run. */
function manualLoads() {
  const open = [];
  const load = (kind, args) => new Promise((resolve) => open.push({ kind, args, resolve }));
  const answer = (kind, run, data = `${kind}:${run}`) => {
    const index = open.findIndex((l) => l.kind === kind && l.args[0] === run);
    assert.ok(index >= 0, `no ${kind} load of ${run} is open`);
    open.splice(index, 1)[0].resolve({ data, error: null });
  };
  return { load, answer, open };
}

test("current() holds the focused run's data while the other runs are still pending", async () => {
  const a = run("a");
  const b = run("b");
  const c = run("c", { dead_relu_layers: 1 });
  const relu = { layers: [{ path: "dense" }], fraction: [[0.5]] };
  const { load, answer } = manualLoads();
  const plan = planLoads({ runs: [a, b, c], focus: c, showLoss: true, layer: null }, load);
  const empty = plan.current();
  assert.deepEqual(empty.lr, [PENDING, PENDING, PENDING]);
  assert.equal(empty.deadRelu, PENDING);
  assert.equal(empty.layer, null);
  assert.equal(empty.histograms, PENDING);
  assert.equal(empty.rangeTest, NONE);
  // lr and loss of a, b and c, c's dead_relu, and the histograms that wait on it.
  assert.equal(plan.waiting(), 8);

  let focusDone = null;
  plan.focusDone.then((loaded) => (focusDone = loaded));
  answer("lr", "c");
  answer("loss", "c");
  answer("deadRelu", "c", relu);
  await settle();
  assert.equal(focusDone, null, "focusDone resolved before the histograms arrived");
  assert.equal(plan.current().deadRelu.data, relu);
  assert.equal(plan.current().histograms, PENDING);
  answer("histograms", "c");
  answer("lr", "a");
  await settle();
  assert.notEqual(focusDone, null);
  assert.deepEqual(focusDone.lr.map((l) => l.data), ["lr:a", null, "lr:c"]);
  assert.equal(focusDone.lr[1], PENDING);
  assert.deepEqual(focusDone.loss, [PENDING, PENDING, { data: "loss:c", error: null }]);
  assert.equal(focusDone.histograms.data, "histograms:c");
  assert.equal(plan.waiting(), 3);

  let done = null;
  plan.done.then((loaded) => (done = loaded));
  answer("lr", "b");
  answer("loss", "a");
  await settle();
  assert.equal(done, null, "done resolved with a load still open");
  answer("loss", "b");
  await settle();
  assert.equal(plan.waiting(), 0);
  assert.deepEqual(done, {
    runs: [a, b, c],
    focus: c,
    lr: ["a", "b", "c"].map((r) => ({ data: `lr:${r}`, error: null })),
    loss: ["a", "b", "c"].map((r) => ({ data: `loss:${r}`, error: null })),
    deadRelu: { data: relu, error: null },
    layer: relu.layers[0],
    histograms: { data: "histograms:c", error: null },
    rangeTest: NONE,
  });
  assert.deepEqual(plan.current(), done);
});

test("planLoads' done holds every load once all have arrived", async () => {
  const a = run("a", { dead_relu_layers: 1, lr_range_test: true });
  const b = run("b", { loss: false });
  const relu = { layers: [{ path: "x" }], fraction: [[0]] };
  const load = async (kind, args) => ({
    data: kind === "deadRelu" ? relu : `${kind}:${args.join("/")}`,
    error: null,
  });
  const needs = { runs: [a, b], focus: a, showLoss: true, layer: null };
  const gathered = await planLoads(needs, load).done;
  assert.deepEqual(gathered.loss, [{ data: "loss:a", error: null }, NONE]);
  assert.equal(gathered.histograms.data, "histograms:a/x");
  assert.equal(gathered.rangeTest.data, "rangeTest:a");
});

/** A `wait` for drawAsLoaded whose timers the test fires by hand. */
function manualTimers() {
  const timers = [];
  const wait = (ms) => new Promise((resolve) => timers.push({ ms, resolve }));
  const fire = () => timers.splice(0).forEach((t) => t.resolve());
  return { wait, fire, timers };
}

test("drawAsLoaded: one draw when everything is in with the focused run", async () => {
  const a = run("a");
  const b = run("b");
  const load = async (kind, args) => ({ data: `${kind}:${args[0]}`, error: null });
  const draws = [];
  const { wait, timers } = manualTimers();
  const plan = planLoads({ runs: [a, b], focus: a, showLoss: true, layer: null }, load);
  const finished = await drawAsLoaded(plan, (loaded) => draws.push(loaded), { stale: () => false, wait });
  assert.equal(finished, true);
  assert.equal(draws.length, 1);
  assert.deepEqual(draws[0], await plan.done);
  assert.equal(timers.length, 0);
});

test("drawAsLoaded: the focused run first, then redraws only on a tick with news, then a last draw", async () => {
  const runs = ["f", "a", "b", "c"].map((name) => run(name, { loss: false }));
  const { load, answer } = manualLoads();
  const draws = [];
  const { wait, fire, timers } = manualTimers();
  const plan = planLoads({ runs, focus: runs[0], showLoss: true, layer: null }, load);
  const finished = drawAsLoaded(plan, (loaded) => draws.push(loaded.lr.map((l) => l.data)), {
    stale: () => false,
    wait,
    interval: 250,
  });
  await settle();
  assert.equal(draws.length, 0, "drawn before the focused run's load arrived");
  answer("lr", "f");
  await settle();
  assert.equal(draws.length, 0, "drawn before the grace interval passed");
  assert.deepEqual(timers.map((t) => t.ms), [250]);
  fire();
  await settle();
  assert.deepEqual(draws, [["lr:f", null, null, null]]);
  assert.deepEqual(timers.map((t) => t.ms), [250]);
  // Responses between two ticks make one redraw, at the tick.
  answer("lr", "a");
  answer("lr", "b");
  await settle();
  assert.equal(draws.length, 1);
  fire();
  await settle();
  assert.deepEqual(draws.at(-1), ["lr:f", "lr:a", "lr:b", null]);
  // A tick with nothing new draws nothing.
  fire();
  await settle();
  assert.equal(draws.length, 2);
  // The last response is drawn at once, without waiting for the tick.
  answer("lr", "c");
  assert.equal(await finished, true);
  assert.deepEqual(draws.at(-1), ["lr:f", "lr:a", "lr:b", "lr:c"]);
  assert.equal(draws.length, 3);
});

test("drawAsLoaded: the rest arriving within the grace interval makes one draw", async () => {
  const runs = ["f", "added"].map((name) => run(name, { loss: false }));
  const { load, answer } = manualLoads();
  const draws = [];
  const { wait, timers } = manualTimers();
  const plan = planLoads({ runs, focus: runs[0], showLoss: true, layer: null }, load);
  const finished = drawAsLoaded(plan, (loaded) => draws.push(loaded.lr.map((l) => l.data)), {
    stale: () => false,
    wait,
  });
  answer("lr", "f");
  await settle();
  assert.equal(timers.length, 1);
  answer("lr", "added");
  assert.equal(await finished, true);
  assert.deepEqual(draws, [["lr:f", "lr:added"]]);
});

test("drawAsLoaded stops drawing once a newer state makes it stale", async () => {
  const runs = ["f", "a"].map((name) => run(name, { loss: false }));
  const { load, answer } = manualLoads();
  const draws = [];
  const { wait, fire } = manualTimers();
  let stale = false;
  const plan = planLoads({ runs, focus: runs[0], showLoss: true, layer: null }, load);
  const finished = drawAsLoaded(plan, (loaded) => draws.push(loaded), { stale: () => stale, wait });
  answer("lr", "f");
  await settle();
  fire();
  await settle();
  assert.equal(draws.length, 1);
  stale = true;
  fire();
  assert.equal(await finished, false, "a stale drawing waited for every load");
  answer("lr", "a");
  await settle();
  assert.equal(draws.length, 1);

  // Stale before the focused run's loads arrive: no draw at all.
  const again = planLoads({ runs, focus: runs[0], showLoss: true, layer: null }, async () => NONE);
  assert.equal(await drawAsLoaded(again, (loaded) => draws.push(loaded), { stale: () => true, wait }), false);
  assert.equal(draws.length, 1);
});

test("a response that has arrived already counts at once; one still pending waits", async () => {
  const a = run("a", { loss: false });
  const b = run("b", { loss: false });
  const c = run("c", { loss: false });
  const arrived = { data: "lr:a", error: null };
  const { load: pending, answer } = manualLoads();
  const load = (kind, args, priority) =>
    args[0] === "a" || args[0] === "b" ? arrived : pending(kind, args, priority);
  const plan = planLoads({ runs: [a, b, c], focus: a, showLoss: true, layer: null }, load);
  assert.equal(plan.waiting(), 2); // c's lr, and the histograms step that follows dead_relu
  assert.deepEqual(plan.current().lr, [arrived, arrived, PENDING]);
  await plan.focusDone;
  assert.equal(plan.waiting(), 1);
  answer("lr", "c");
  assert.deepEqual((await plan.done).lr.map((l) => l.data), ["lr:a", "lr:a", "lr:c"]);
});

test("drawAsLoaded waits longer between draws that take long", async () => {
  const runs = ["f", "a", "b"].map((name) => run(name, { loss: false }));
  const { load, answer } = manualLoads();
  const { wait, fire, timers } = manualTimers();
  let clock = 0;
  const drawTimes = [10, 100, 0];
  const plan = planLoads({ runs, focus: runs[0], showLoss: true, layer: null }, load);
  const finished = drawAsLoaded(plan, () => (clock += drawTimes.shift()), {
    stale: () => false,
    wait,
    now: () => clock,
    interval: 250,
  });
  answer("lr", "f");
  await settle();
  assert.deepEqual(timers.map((t) => t.ms), [250]); // the grace interval
  fire();
  await settle();
  assert.deepEqual(timers.map((t) => t.ms), [250]); // 4 x 10 ms is less than the interval
  answer("lr", "a");
  fire();
  await settle();
  assert.deepEqual(timers.map((t) => t.ms), [REDRAW_COST_FACTOR * 100]);
  answer("lr", "b");
  assert.equal(await finished, true);
});
