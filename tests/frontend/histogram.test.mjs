import assert from "node:assert/strict";
import { test } from "node:test";

import { bucketIndex, ridgelineRows, spreadIndices } from "../../frontend/histogram.js";

test("spreadIndices keeps first and last and spreads the rest", () => {
  assert.deepEqual(spreadIndices(3, 5), [0, 1, 2]);
  assert.deepEqual(spreadIndices(10, 4), [0, 3, 6, 9]);
  assert.deepEqual(spreadIndices(5, 2), [0, 4]);
  assert.deepEqual(spreadIndices(5, 1), [4]);
  assert.deepEqual(spreadIndices(0, 3), []);
});

test("ridgeline rows are sorted by step and scaled to the tallest bucket", () => {
  const rows = ridgelineRows(
    [
      {
        step: 938,
        buckets: [
          [0, 0.5, 2],
          [0.5, 1, 6],
        ],
      },
      {
        step: 469,
        buckets: [
          [0, 0.5, 8],
          [0.5, 1, 0],
        ],
      },
    ],
    10,
  );
  assert.deepEqual(
    rows.map((r) => r.step),
    [469, 938],
  );
  assert.deepEqual(rows[0].heights, [1, 0]);
  assert.deepEqual(rows[1].heights, [0.25, 0.75]);
  assert.deepEqual(
    rows.map((r) => r.total),
    [8, 8],
  );
});

test("ridgeline of empty histograms has zero heights", () => {
  const rows = ridgelineRows([{ step: 1, buckets: [[0, 1, 0]] }], 5);
  assert.deepEqual(rows[0].heights, [0]);
});

test("bucketIndex: half-open buckets, the last one closed", () => {
  const buckets = [
    [0, 0.05, 1],
    [0.05, 0.1, 0],
    [0.1, 1, 3],
  ];
  assert.equal(bucketIndex(buckets, 0), 0);
  assert.equal(bucketIndex(buckets, 0.05), 1);
  assert.equal(bucketIndex(buckets, 1), 2);
  assert.equal(bucketIndex(buckets, 1.5), -1);
});
