import assert from "node:assert/strict";
import { test } from "node:test";

import { ensembleMarker, ensembleSentence, latestEnsemble, snapshotMetric } from "../../frontend/ensembles.js";

const snap = (index, step, metrics) => ({ index, step, lr: 0.01, metrics, best: false });
const ens = (step, metrics, members = ["a", "b"]) => ({
  step,
  members,
  weights: members.map(() => 1 / members.length),
  metrics,
  member_metrics: [],
  samples: 8,
});

test("a snapshot's validation metric: val_accuracy, else val_loss, 3 significant digits", () => {
  assert.deepEqual(snapshotMetric(snap(1, 9, { loss: 0.5, val_accuracy: 0.953125, val_loss: 0.2 })), {
    key: "val_accuracy",
    value: 0.953125,
    text: "0.953",
  });
  assert.deepEqual(snapshotMetric(snap(1, 9, { val_loss: 0.61234 })), {
    key: "val_loss",
    value: 0.61234,
    text: "0.612",
  });
  assert.equal(snapshotMetric(snap(1, 9, { loss: 0.5 })), null);
  assert.equal(snapshotMetric(snap(1, 9, { val_accuracy: null })), null);
});

test("the latest ensemble, its marker and the sentence comparing it with the last snapshot", () => {
  const lr = {
    points: { step: [0, 10, 20], value: [0.01, 0.03, 0.05] },
    snapshots: [snap(1, 9, { val_accuracy: 0.5 }), snap(2, 19, { val_accuracy: 0.875 })],
    ensembles: [ens(9, { accuracy: 0.25 }), ens(19, { loss: 0.69, accuracy: 0.75 })],
  };
  assert.equal(latestEnsemble(lr), lr.ensembles[1]);
  assert.equal(ensembleSentence(lr), "ensemble of 2: accuracy 0.75 (last snapshot 0.875)");
  // At step 19 on the curve: 0.03 + 9/10 * (0.05 - 0.03).
  const marker = ensembleMarker(lr, (s) => s * 2);
  assert.equal(marker.x, 38);
  assert.ok(Math.abs(marker.y - 0.048) < 1e-12);
  assert.equal(marker.label, "ensemble 0.75");
  assert.equal(marker.ensemble, lr.ensembles[1]);

  // Loss only, and a last snapshot without val_loss: no comparison.
  const lossOnly = { ...lr, ensembles: [ens(19, { loss: 0.69 }, ["a", "b", "c"])] };
  assert.equal(ensembleSentence(lossOnly), "ensemble of 3: loss 0.69");
  assert.equal(ensembleSentence({ ...lr, ensembles: [] }), null);
  assert.equal(ensembleMarker({ ...lr, ensembles: [] }, (s) => s), null);
});
