import assert from "node:assert/strict";
import { test } from "node:test";

import { assignRunColors, heatPosition, parseColor, scaleColor, withAlpha } from "../../frontend/colors.js";

test("runs get palette indices in order, the least used first", () => {
  const colors = assignRunColors(["a", "b", "c"], new Map(), 2);
  assert.deepEqual(
    [...colors],
    [
      ["a", 0],
      ["b", 1],
      ["c", 0],
    ],
  );
});

test("a run keeps its colour when other runs come and go", () => {
  const first = assignRunColors(["a", "b", "c"], new Map(), 10);
  const second = assignRunColors(["b", "c", "new"], first, 10);
  assert.equal(second.get("b"), 1);
  assert.equal(second.get("c"), 2);
  assert.equal(second.get("new"), 0); // a's colour is free again
  assert.equal(second.has("a"), false);
});

test("an index beyond a smaller palette is reassigned", () => {
  const colors = assignRunColors(["a"], new Map([["a", 12]]), 10);
  assert.equal(colors.get("a"), 0);
});

test("parseColor reads hex and rgb() forms", () => {
  assert.deepEqual(parseColor("#ff8000"), [255, 128, 0]);
  assert.deepEqual(parseColor(" #f80 "), [255, 136, 0]);
  assert.deepEqual(parseColor("rgb(1, 2, 3)"), [1, 2, 3]);
  assert.deepEqual(parseColor("rgba(10 20 30 / 0.5)"), [10, 20, 30]);
  assert.equal(parseColor("tomato"), null);
});

test("withAlpha", () => {
  assert.equal(withAlpha("#102030", 0.25), "rgba(16, 32, 48, 0.25)");
});

test("scaleColor interpolates between evenly spaced stops and clamps", () => {
  const stops = [
    [0, 0, 0],
    [100, 200, 50],
    [200, 200, 250],
  ];
  assert.equal(scaleColor(0, stops), "rgb(0, 0, 0)");
  assert.equal(scaleColor(0.25, stops), "rgb(50, 100, 25)");
  assert.equal(scaleColor(0.5, stops), "rgb(100, 200, 50)");
  assert.equal(scaleColor(0.75, stops), "rgb(150, 200, 150)");
  assert.equal(scaleColor(1, stops), "rgb(200, 200, 250)");
  assert.equal(scaleColor(7, stops), "rgb(200, 200, 250)");
  assert.equal(scaleColor(null, stops), "rgb(0, 0, 0)");
});

test("heatPosition is the square root of the clamped fraction", () => {
  assert.equal(heatPosition(0.25), 0.5);
  assert.equal(heatPosition(1 / 16), 0.25);
  assert.equal(heatPosition(2), 1);
  assert.equal(heatPosition(null), 0);
});
