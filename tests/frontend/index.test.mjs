import assert from "node:assert/strict";
import { test } from "node:test";

import * as appModule from "../../frontend/app.js";
import * as bundle from "../../frontend/bundle.js";
import { answerRunsWith, importApp } from "../../frontend/index.js";

test("the entry's URL says whether the app comes from the bundle or from app.js", async () => {
  const entry = "http://127.0.0.1:6006/data/plugin/cyclescope/static/v0123456789abcdef/index.js";
  assert.equal(await importApp(`${entry}?app=bundle.js`), bundle);
  assert.equal(await importApp(entry), appModule);
  assert.equal(await importApp(`${entry}?app=other.js`), appModule);
  // The same app either way.
  assert.deepEqual(Object.keys(bundle), Object.keys(appModule));
  assert.equal(typeof bundle.startApp, "function");
});

test("the early runs response answers the first runs request only; the rest go to fetch", async () => {
  const early = Promise.resolve("early runs");
  const calls = [];
  const impl = async (url, init) => (calls.push([url, init]), `fetched ${url}`);
  const fetchImpl = answerRunsWith(early, impl);
  assert.equal(await fetchImpl("lr?run=a", { priority: "low" }), "fetched lr?run=a");
  assert.equal(await fetchImpl("runs", {}), "early runs");
  assert.equal(await fetchImpl("runs", {}), "fetched runs"); // a reload asks again
  assert.deepEqual(calls, [
    ["lr?run=a", { priority: "low" }],
    ["runs", {}],
  ]);
});

test("a failed early request fails the runs load with its error", async () => {
  const early = Promise.reject(new TypeError("Failed to fetch"));
  const fetchImpl = answerRunsWith(early, async () => "unused");
  await assert.rejects(fetchImpl("runs", {}), /Failed to fetch/);
});
