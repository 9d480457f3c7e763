import assert from "node:assert/strict";
import { test } from "node:test";

import { makeEpochScale } from "../../frontend/epochs.js";

const close = (actual, expected) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`);

test("fractional epoch = epoch + (step - epoch start) / epoch length", () => {
  const scale = makeEpochScale({ step: [0, 500, 1000], epoch: [0, 1, 2] }, 500);
  close(scale.toEpoch(0), 0);
  close(scale.toEpoch(250), 0.5);
  close(scale.toEpoch(500), 1);
  close(scale.toEpoch(1250), 2.5); // past the last start: steps_per_epoch
  close(scale.toEpoch(9100), 18.2);
});

test("epochs of different lengths map piecewise", () => {
  const scale = makeEpochScale({ step: [0, 400, 1000], epoch: [0, 1, 2] }, undefined);
  close(scale.toEpoch(200), 0.5);
  close(scale.toEpoch(700), 1.5); // 1 + 300 / 600
  close(scale.toEpoch(1300), 2.5); // the last complete epoch was 600 steps long
  close(scale.toEpoch(-200), -0.5); // before the table: the first epoch's length
});

test("toStep inverts toEpoch", () => {
  const scale = makeEpochScale({ step: [0, 400, 1000], epoch: [0, 1, 2] }, 600);
  for (const step of [-100, 0, 123, 400, 999, 1000, 5000]) close(scale.toStep(scale.toEpoch(step)), step);
  close(scale.toStep(1.5), 700);
});

test("a run started at a later epoch (initial_epoch) keeps its epoch numbers", () => {
  const scale = makeEpochScale({ step: [4690, 5159], epoch: [10, 11] }, 469);
  close(scale.toEpoch(4690), 10);
  close(scale.toEpoch(4690 + 469 * 2.5), 12.5);
});

test("a gap in the table spreads the missing epochs evenly", () => {
  const scale = makeEpochScale({ step: [0, 500, 2500], epoch: [0, 1, 5] }, 500);
  close(scale.toEpoch(1500), 3);
});

test("repeated entries of a resumed run are collapsed, out-of-order ones dropped", () => {
  const scale = makeEpochScale({ step: [0, 500, 500, 1000, 800], epoch: [0, 1, 1, 2, 3] }, 500);
  close(scale.toEpoch(750), 1.5);
  close(scale.toEpoch(1500), 3); // epoch 3 "at 800" is not after epoch 2 and is ignored
});

test("only steps_per_epoch: epochs counted from step 0", () => {
  const scale = makeEpochScale({ step: [], epoch: [] }, 469);
  close(scale.toEpoch(469 * 3), 3);
});

test("no way to know an epoch's length gives null", () => {
  assert.equal(makeEpochScale({ step: [0], epoch: [0] }, null), null);
  assert.equal(makeEpochScale({ step: [], epoch: [] }, undefined), null);
  assert.equal(makeEpochScale(undefined, 0), null);
});
