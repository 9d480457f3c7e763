import assert from "node:assert/strict";
import { test } from "node:test";

import { RouteError, createApi } from "../../frontend/api.js";

/** A fetch that answers from a table of URL -> [status, body] and records the URLs. */
function fakeFetch(table) {
  const urls = [];
  const impl = async (url) => {
    urls.push(url);
    const [status, body] = table[url] ?? [404, "not found"];
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
  };
  return { impl, urls };
}

test("URLs are relative and parameters encoded", async () => {
  const name = "<img src=x onerror=alert(1)>/a&b";
  const { impl, urls } = fakeFetch({});
  const api = createApi(impl);
  await assert.rejects(api.lr(name));
  await assert.rejects(api.histograms(name, "outer/inner"));
  assert.deepEqual(urls, [
    "lr?run=%3Cimg+src%3Dx+onerror%3Dalert%281%29%3E%2Fa%26b",
    "histograms?run=%3Cimg+src%3Dx+onerror%3Dalert%281%29%3E%2Fa%26b&layer=outer%2Finner",
  ]);
  assert.equal(new URLSearchParams(urls[0].slice(3)).get("run"), name);
});

test("an HTTP error becomes a RouteError with the status and body", async () => {
  const { impl } = fakeFetch({ "lr?run=x": [404, "Unknown run: 'x'\n"] });
  const error = await createApi(impl)
    .lr("x")
    .catch((e) => e);
  assert.ok(error instanceof RouteError);
  assert.equal(error.status, 404);
  assert.equal(error.message, "lr: HTTP 404 – Unknown run: 'x'");
});

test("invalid JSON is reported, not thrown raw", async () => {
  const { impl } = fakeFetch({ runs: [200, "<html>"] });
  const error = await createApi(impl)
    .runs()
    .catch((e) => e);
  assert.ok(error instanceof RouteError);
  assert.match(error.message, /not valid JSON/);
});

test("responses are normalized: missing arrays become empty", async () => {
  const { impl } = fakeFetch({
    runs: [200, {}],
    "lr?run=r": [200, { run: "r", points: { step: [0], value: [0.1] } }],
    "dead_relu?run=r": [200, { run: "r", layers: [{ name: "d", path: "d", index: 0, units: 4 }] }],
  });
  const api = createApi(impl);
  assert.deepEqual(await api.runs(), { runs: [], warnings: [] });
  const lr = await api.lr("r");
  assert.equal(lr.source, "cyclescope");
  assert.deepEqual(lr.snapshots, []);
  assert.deepEqual(lr.epochs, { step: [], epoch: [] });
  assert.equal(lr.schedule, null);
  assert.equal(lr.position, null);
  const relu = await api.deadRelu("r");
  assert.deepEqual(relu.checks, []);
  assert.equal(relu.threshold, null);
  assert.deepEqual(lr.warnings, []);
  assert.deepEqual(relu.warnings, []);
});

test("every response's warnings are a list of {run, tag, step, problem}; malformed ones are dropped", async () => {
  const warnings = [
    { run: "r", tag: "cyclescope/snapshot", step: 40, problem: "newer schema version 99, skipped" },
    { run: "r", problem: "NaN LRs dropped" },
    { run: "r", tag: 7, step: "x", problem: "odd fields" },
    { run: "r" },
    "not an object",
    null,
  ];
  const wanted = [
    { run: "r", tag: "cyclescope/snapshot", step: 40, problem: "newer schema version 99, skipped" },
    { run: "r", tag: null, step: null, problem: "NaN LRs dropped" },
    { run: "r", tag: null, step: null, problem: "odd fields" },
  ];
  const body = { run: "r", warnings };
  const { impl } = fakeFetch({
    runs: [200, { runs: [{ run: "r", lr: true }], warnings }],
    "lr?run=r": [200, body],
    "loss?run=r": [200, body],
    "dead_relu?run=r": [200, body],
    "histograms?run=r&layer=d": [200, body],
  });
  const api = createApi(impl);
  assert.deepEqual(await api.runs(), { runs: [{ run: "r", lr: true }], warnings: wanted });
  assert.deepEqual((await api.lr("r")).warnings, wanted);
  assert.deepEqual((await api.loss("r")).warnings, wanted);
  assert.deepEqual((await api.deadRelu("r")).warnings, wanted);
  assert.deepEqual((await api.histograms("r", "d")).warnings, wanted);
  const notAList = createApi(fakeFetch({ "lr?run=r": [200, { run: "r", warnings: "oops" }] }).impl);
  assert.deepEqual((await notAList.lr("r")).warnings, []);
});

test("a load's priority is passed to fetch; without one fetch gets none", async () => {
  const inits = [];
  const impl = async (url, init) => (inits.push([url, init]), new Response("{}", { status: 200 }));
  const api = createApi(impl);
  await api.lr("a", { priority: "low" });
  await api.histograms("a", "d", { priority: "high" });
  await api.loss("a");
  await api.runs();
  assert.deepEqual(inits, [
    ["lr?run=a", { headers: { Accept: "application/json" }, priority: "low" }],
    ["histograms?run=a&layer=d", { headers: { Accept: "application/json" }, priority: "high" }],
    ["loss?run=a", { headers: { Accept: "application/json" } }],
    ["runs", { headers: { Accept: "application/json" } }],
  ]);
});
