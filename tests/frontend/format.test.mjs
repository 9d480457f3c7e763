import assert from "node:assert/strict";
import { test } from "node:test";

import {
  MISSING,
  formatCount,
  formatEpoch,
  formatLR,
  formatNumber,
  formatPercent,
  formatStep,
} from "../../frontend/format.js";

test("learning rates keep four significant digits, without trailing zeros", () => {
  assert.equal(formatLR(0.001), "0.001");
  assert.equal(formatLR(0.006), "0.006");
  assert.equal(formatLR(0.0035), "0.0035");
  assert.equal(formatLR(0.003354407096), "0.003354");
  assert.equal(formatLR(0.1), "0.1");
});

test("tiny and huge values switch to scientific notation", () => {
  assert.equal(formatLR(0.00015), "1.5e-4");
  assert.equal(formatLR(0.000154133313), "1.541e-4");
  assert.equal(formatLR(2e-4), "2e-4");
  assert.equal(formatNumber(123456), "1.235e5");
  assert.equal(formatNumber(-0.00002), "-2e-5");
});

test("missing values are a dash, zero is zero", () => {
  for (const v of [null, undefined, NaN, Infinity, "0.1"]) assert.equal(formatLR(v), MISSING);
  assert.equal(formatLR(0), "0");
  assert.equal(formatPercent(null), MISSING);
  assert.equal(formatStep(undefined), MISSING);
});

test("steps are grouped from five digits on", () => {
  assert.equal(formatStep(2000), "2000");
  assert.equal(formatStep(9100), "9100");
  assert.equal(formatStep(12000), "12,000");
  assert.equal(formatStep(200000), "200,000");
  assert.equal(formatStep(468.6), "469");
});

test("epochs show at most two decimals", () => {
  assert.equal(formatEpoch(18), "18");
  assert.equal(formatEpoch(18.2), "18.2");
  assert.equal(formatEpoch(2 / 3), "0.67");
});

test("percentages: one decimal below 10 %, none above", () => {
  assert.equal(formatPercent(1 / 16), "6.3%");
  assert.equal(formatPercent(1 / 11), "9.1%");
  assert.equal(formatPercent(2 / 11), "18%");
  assert.equal(formatPercent(0.25), "25%");
  assert.equal(formatPercent(1), "100%");
  assert.equal(formatPercent(0), "0%");
  assert.equal(formatPercent(0.0004), "<0.1%");
});

test("counts are always grouped", () => {
  assert.equal(formatCount(1813), "1,813");
  assert.equal(formatCount(14500), "14,500");
  assert.equal(formatCount(12), "12");
  assert.equal(formatCount(null), MISSING);
});
