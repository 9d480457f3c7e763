import assert from "node:assert/strict";
import { test } from "node:test";

import { XAxisSync } from "../../frontend/xsync.js";

/** Just enough of a uPlot instance: an x scale and setScale, which fires the hook like uPlot. */
function fakeChart(sync, min, max) {
  const hooks = sync.plugin().hooks;
  const chart = {
    scales: { x: { min, max } },
    setScale(key, range) {
      this.scales[key] = { ...range };
      hooks.setScale(this, key);
    },
  };
  hooks.ready(chart);
  return { chart, hooks };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const range = (chart) => [chart.scales.x.min, chart.scales.x.max];

test("charts join showing the shared domain, not their own data extent", async () => {
  const sync = new XAxisSync();
  sync.setDomain([0, 14500]);
  const lr = fakeChart(sync, 0, 14500).chart;
  const dead = fakeChart(sync, 2500, 14500).chart;
  await settle();
  assert.deepEqual(range(lr), [0, 14500]);
  assert.deepEqual(range(dead), [0, 14500]);
});

test("a zoom in one chart is applied to the others", async () => {
  const sync = new XAxisSync();
  sync.setDomain([0, 100]);
  const a = fakeChart(sync, 0, 100).chart;
  const b = fakeChart(sync, 0, 100).chart;
  await settle();
  a.setScale("x", { min: 20, max: 40 }); // what uPlot does at the end of a drag
  assert.deepEqual(range(b), [20, 40]);
  assert.deepEqual(sync.window, [20, 40]);
});

test("reset (double-click) shows the whole domain everywhere", async () => {
  const sync = new XAxisSync();
  sync.setDomain([0, 100]);
  const a = fakeChart(sync, 0, 100).chart;
  const b = fakeChart(sync, 0, 100).chart;
  await settle();
  a.setScale("x", { min: 20, max: 40 });
  sync.reset();
  assert.deepEqual(range(a), [0, 100]);
  assert.deepEqual(range(b), [0, 100]);
  assert.equal(sync.window, null);
});

test("a rebuilt chart keeps the zoom window", async () => {
  const sync = new XAxisSync();
  sync.setDomain([0, 100]);
  const a = fakeChart(sync, 0, 100);
  await settle();
  a.chart.setScale("x", { min: 10, max: 30 });
  a.hooks.destroy(a.chart);
  const rebuilt = fakeChart(sync, 0, 100).chart;
  await settle();
  assert.deepEqual(range(rebuilt), [10, 30]);
});

test("setScale calls before a chart is ready are not taken for zooms", () => {
  const sync = new XAxisSync();
  sync.setDomain([0, 100]);
  const { setScale } = sync.plugin().hooks;
  setScale({ scales: { x: { min: 5, max: 50 } } }, "x");
  assert.equal(sync.window, null);
});

test("the window follows a change of x unit, and is dropped outside a new domain", () => {
  const sync = new XAxisSync();
  sync.setDomain([0, 14500]);
  sync.window = [1000, 3000];
  sync.mapWindow((step) => step / 500);
  assert.deepEqual(sync.window, [2, 6]);
  sync.setDomain([0, 29]);
  assert.deepEqual(sync.window, [2, 6]);
  sync.setDomain([100, 200]);
  assert.equal(sync.window, null);
  sync.window = [1, 2];
  sync.mapWindow(null);
  assert.equal(sync.window, null);
});

test("a one-point domain is widened so that uPlot can show it", () => {
  const sync = new XAxisSync();
  sync.setDomain([5, 5]);
  assert.deepEqual(sync.range(), [4, 6]);
});
