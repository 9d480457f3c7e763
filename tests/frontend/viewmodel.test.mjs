import assert from "node:assert/strict";
import { test } from "node:test";

import { createApi } from "../../frontend/api.js";
import { pageModel, snapshotRows, summaryModel } from "../../frontend/viewmodel.js";

// Route responses shaped like the plugin's (docs/routes.md), passed through
// api.js as the tab gets them. The "clr" run: CyclicLR triangular, 0.01 to
// 0.05, step_size 5, 10 steps per epoch, 40 steps; the LR is kept at its
// corners (every 5 steps) and the last step, as the route downsamples it.

const clr = (k) => {
  const cycle = Math.floor(1 + k / 10);
  const x = Math.abs(k / 5 - 2 * cycle + 1);
  return 0.01 + 0.04 * Math.max(0, 1 - x);
};
const CLR_STEPS = [0, 5, 10, 15, 20, 25, 30, 35, 39];
const PHASES = [0, 1, 2, 3].flatMap((c) => [
  { cycle: c + 1, phase: "rising", start: 10 * c, end: 10 * c + 5 },
  { cycle: c + 1, phase: "falling", start: 10 * c + 5, end: 10 * c + 10 },
]);
const SNAPSHOTS = [
  {
    index: 1,
    epoch: 1,
    step: 19,
    lr: 0.0123,
    file: "M-1.weights.h5",
    metrics: { loss: 0.5, val_accuracy: 0.75 },
    best: true,
  },
  { index: 2, epoch: null, step: 12, lr: null, file: null, metrics: { loss: 0.25 }, best: false },
];
const LAYERS = [
  { name: "dense", path: "dense", index: 0, units: 16 },
  { name: "relu_layer", path: "block/relu_layer", index: 2, units: 8 },
];
const CHECKS = [9, 19, 29].map((step, epoch) => ({ step, epoch, probe_samples: 64, since_step: step - 9 }));
const HISTOGRAMS = [{ step: 19, buckets: [[0, 0.05, 1]] }];

const ROUTES = {
  runs: {
    runs: [
      { run: "clr", lr: true, schedule: "triangular", snapshots: 2, dead_relu_layers: 2, loss: true },
      { run: "keras", lr: true, schedule: null, snapshots: 0, dead_relu_layers: 0, loss: true },
      { run: "deep", lr: false, schedule: null, snapshots: 0, dead_relu_layers: 2, loss: false },
      {
        run: "lr_find",
        lr: false,
        schedule: null,
        snapshots: 0,
        dead_relu_layers: 0,
        loss: false,
        lr_range_test: true,
        ensembles: false,
      },
      { run: "one_cycle", lr: true, schedule: "one_cycle", snapshots: 0, dead_relu_layers: 0, loss: false },
    ],
    warnings: [{ run: "clr", tag: "cyclescope/snapshot", problem: "newer schema version 99, skipped" }],
  },
  "lr?run=clr": {
    run: "clr",
    source: "cyclescope",
    source_run: "clr",
    points: { step: CLR_STEPS, value: CLR_STEPS.map(clr) },
    total_points: 40,
    downsampled: true,
    loader_sampled: false,
    schedule: {
      type: "cyclic",
      mode: "triangular",
      base_lr: 0.01,
      max_lr: 0.05,
      step_size: 5,
      gamma: 1,
      scale_mode: "cycle",
      offset: 0,
      steps_per_epoch: 10,
    },
    epochs: { step: [0, 10, 20, 30], epoch: [0, 1, 2, 3] },
    cycles: [0, 1, 2, 3].map((c) => ({ cycle: c + 1, start: 10 * c, end: 10 * c + 10 })),
    phases: PHASES,
    position: { cycle: 4, phase: "falling", step: 39 },
    snapshots: SNAPSHOTS,
    warnings: [
      { run: "clr", tag: "cyclescope/snapshot", problem: "newer schema version 99, skipped" },
      { run: "clr", tag: "learning_rate", step: 3, problem: "a NaN learning rate, dropped" },
    ],
  },
  "loss?run=clr": {
    run: "clr",
    source_run: "clr/train",
    tag: "batch_loss",
    step_source: "keras_batch",
    points: { step: [0, 10, 20], value: [2, 1, 0.5] },
    total_points: 3,
    downsampled: false,
    loader_sampled: false,
    warnings: [{ run: "clr/train", tag: "batch_loss", step: 7, problem: "a NaN loss, dropped" }],
  },
  "lr?run=keras": {
    run: "keras",
    source: "keras",
    source_run: "keras",
    points: { step: [0, 1, 2, 3], value: [1, 1, 0.5, 0.5] },
    total_points: 4,
    downsampled: false,
    loader_sampled: false,
    schedule: null,
    epochs: { step: [], epoch: [] },
    cycles: [],
    phases: [
      { cycle: 1, phase: "flat", start: 0, end: 2 },
      { cycle: 2, phase: "flat", start: 2, end: 4 },
    ],
    position: null,
    snapshots: [],
    warnings: [],
  },
  "loss?run=keras": {
    run: "keras",
    source_run: "keras",
    tag: "epoch_loss",
    step_source: "epoch",
    points: { step: [0, 1, 2, 3], value: [1.5, 1, 0.8, 0.7] },
    total_points: 4,
    downsampled: false,
    loader_sampled: false,
  },
  "dead_relu?run=clr": {
    run: "clr",
    layers: LAYERS,
    checks: CHECKS,
    dead: [
      [0, 2, 4],
      [null, 1, 4],
    ],
    fraction: [
      [0, 0.125, 0.25],
      [null, 0.125, 0.5],
    ],
    died: [
      [0, 2, 2],
      [null, 1, 3],
    ],
    revived: [
      [0, 0, 0],
      [null, 0, 1],
    ],
    threshold: 0.1,
    warnings: [],
  },
  "dead_relu?run=deep": {
    run: "deep",
    layers: LAYERS,
    checks: CHECKS,
    dead: [
      [0, 0, 0],
      [0, 0, 0],
    ],
    fraction: [
      [0, 0, 0],
      [0, 0, 0],
    ],
    threshold: 0.1,
  },
  "lr_range_test?run=lr_find": {
    run: "lr_find",
    step: 0,
    lrs: [1e-4, 1e-3, 1e-2, 1e-1, 1],
    losses: [0.7, 0.69, 0.6, 0.5, 2.5],
    raw_losses: [0.7, 0.68, 0.55, 0.45, 4],
    base_lr: 0.0001234,
    max_lr: 0.001234,
    mode: "exp",
    start_lr: 1e-4,
    end_lr: 10,
    stopped_early: true,
    warnings: [{ run: "lr_find", tag: "cyclescope/lr_range_test", problem: "lists cut to 5" }],
  },
  // OneCycleLR(max_lr=0.05, total_steps=40, pct_start=0.3, div_factor=25): warm-up to step 12.
  "lr?run=one_cycle": {
    run: "one_cycle",
    source: "cyclescope",
    source_run: "one_cycle",
    points: { step: [0, 11, 39], value: [0.002, 0.05, 2e-7] },
    total_points: 40,
    downsampled: true,
    loader_sampled: false,
    schedule: {
      type: "one_cycle",
      max_lr: 0.05,
      total_steps: 40,
      pct_start: 0.3,
      anneal_strategy: "cos",
      div_factor: 25,
      final_div_factor: 10000,
      three_phase: false,
      offset: 0,
      steps_per_epoch: 10,
    },
    epochs: { step: [0, 10, 20, 30], epoch: [0, 1, 2, 3] },
    cycles: [{ cycle: 1, start: 0, end: 40 }],
    phases: [
      { cycle: 1, phase: "rising", start: 0, end: 12 },
      { cycle: 1, phase: "falling", start: 12, end: 40 },
    ],
    position: { cycle: 1, phase: "falling", step: 39 },
    snapshots: [],
    warnings: [],
  },
  "histograms?run=clr&layer=block%2Frelu_layer": {
    run: "clr",
    layer: "block/relu_layer",
    histograms: HISTOGRAMS,
  },
};

// "ens": clr's LR, with SNAPSHOTS and two ensemble evaluations, the latest at step 19.
ROUTES.runs.runs.push({ run: "ens", lr: true, schedule: "triangular", snapshots: 2, dead_relu_layers: 0, loss: false, ensembles: true });
const ENSEMBLES = [
  { step: 12, members: ["M-1.weights.h5"], weights: [1], metrics: { accuracy: 0.5 }, member_metrics: [], samples: 8 },
  {
    step: 19,
    members: ["M-1.weights.h5", "M-2.weights.h5"],
    weights: [0.5, 0.5],
    metrics: { loss: 0.4, accuracy: 0.8125 },
    member_metrics: [{ accuracy: 0.75 }, { accuracy: 0.5 }],
    samples: 16,
  },
];
ROUTES["lr?run=ens"] = { ...ROUTES["lr?run=clr"], run: "ens", warnings: [], ensembles: ENSEMBLES };

const THEME = { palette: ["p0", "p1", "p2"] };
const STYLE = { theme: THEME, colorOf: (run) => `color of ${run}` };

/** What app.js hands to pageModel: the state and each load's {data, error}, through the real api.js. */
async function scenario({ selected, focused, xMode = "step", logScale = null, showLoss = true, fail = [] }) {
  const api = createApi(async (url) => {
    if (fail.includes(url)) return new Response("boom", { status: 500 });
    const body = ROUTES[url];
    return body ? new Response(JSON.stringify(body)) : new Response("unknown", { status: 404 });
  });
  const settle = (promise) =>
    promise.then(
      (data) => ({ data, error: null }),
      (error) => ({ data: null, error }),
    );
  const NONE = { data: null, error: null };
  const { runs, warnings } = await api.runs();
  const state = {
    runs,
    runsError: null,
    runsWarnings: warnings,
    selected,
    focused,
    options: { xMode, logScale, showLoss },
  };
  const info = (name) => runs.find((r) => r.run === name);
  const drawn = selected.map(info);
  const focus = info(focused) ?? null;
  const deadRelu = focus?.dead_relu_layers > 0 ? await settle(api.deadRelu(focus.run)) : NONE;
  const layer = deadRelu.data ? deadRelu.data.layers[1] : null;
  const loaded = {
    runs: drawn,
    focus,
    lr: await Promise.all(drawn.map((r) => (r.lr ? settle(api.lr(r.run)) : NONE))),
    loss: await Promise.all(drawn.map((r) => (showLoss && r.loss ? settle(api.loss(r.run)) : NONE))),
    deadRelu,
    layer,
    histograms: layer ? await settle(api.histograms(focus.run, layer.path)) : NONE,
    rangeTest: focus?.lr_range_test ? await settle(api.rangeTest(focus.run)) : NONE,
  };
  return { state, loaded, model: pageModel(state, loaded, STYLE) };
}

const close = (actual, wanted) =>
  assert.ok(
    actual.length === wanted.length && actual.every((v, i) => Math.abs(v - wanted[i]) < 1e-12),
    `${actual} != ${wanted}`,
  );

test("step axis: LR, loss and snapshot markers of a CyclicLR run; Keras's per-epoch LR left out", async () => {
  const { model } = await scenario({ selected: ["clr", "keras"], focused: "clr" });
  const chart = model.lr.chart;
  assert.equal(chart.runs.length, 1);
  const [run] = chart.runs;
  assert.equal(run.name, "clr");
  assert.equal(run.color, "color of clr");
  assert.equal(run.focused, true);
  assert.equal(run.stepped, false);
  assert.deepEqual(run.xs, CLR_STEPS);
  assert.deepEqual(run.ys, CLR_STEPS.map(clr));
  assert.deepEqual(run.loss, { xs: [0, 10, 20], ys: [2, 1, 0.5] });
  // The first snapshot recorded its LR; the second did not: the curve's value at
  // step 12, between the corners at 10 (0.01) and 15 (0.05), is the formula's.
  assert.deepEqual(
    run.markers.map((m) => [m.snapshot.index, m.x]),
    [
      [1, 19],
      [2, 12],
    ],
  );
  close(
    run.markers.map((m) => m.y),
    [0.0123, clr(12)],
  );
  assert.deepEqual(chart.skipped, ["keras"]);
  assert.equal(model.lr.note, "Only on the epoch axis (Keras logs its learning rate per epoch): keras.");
  assert.deepEqual(chart.lrScale, { log: false, auto: true, ratio: 1 });
  assert.equal(chart.lossLog, false); // 2 down to 0.5 is a 4x span
  assert.deepEqual(chart.focus.phases, PHASES);
  assert.equal(chart.focus.toX(17), 17);
  assert.equal(chart.cycles, 4);
  assert.equal(chart.snapshots, 2);
  assert.equal(chart.xMode, "step");
  assert.equal(chart.theme, THEME);
  assert.deepEqual(model.lr.key, {
    phases: PHASES,
    names: { rising: "rising", falling: "falling" },
    boundaries: true,
    snapshots: true,
    ensembles: false,
    loss: true,
  });
  assert.deepEqual(model.topbar, {
    xMode: "step",
    showLoss: true,
    lrScale: { log: false, auto: true, ratio: 1 },
    epochAvailable: true,
    lossAvailable: true,
  });
  // LR steps 0..39, loss 0..20, dead-ReLU checks 9..29.
  assert.deepEqual(model.domain, [0, 39]);
  assert.deepEqual(model.messages, []);
  assert.equal(model.showEmpty, false);
});

test("epoch axis: steps become fractional epochs; Keras's LR and epoch loss take their places", async () => {
  const { model } = await scenario({ selected: ["clr", "keras"], focused: "clr", xMode: "epoch" });
  const [clrRun, kerasRun] = model.lr.chart.runs;
  close(
    clrRun.xs,
    CLR_STEPS.map((s) => s / 10),
  );
  close(clrRun.loss.xs, [0, 1, 2]);
  close(
    clrRun.markers.map((m) => m.x),
    [1.9, 1.2],
  );
  assert.equal(kerasRun.name, "keras");
  assert.equal(kerasRun.stepped, true);
  assert.deepEqual(kerasRun.xs, [0, 1, 2, 3]);
  // epoch_loss of epoch e covers the whole epoch: drawn where it ends, e + 1.
  assert.deepEqual(kerasRun.loss, { xs: [1, 2, 3, 4], ys: [1.5, 1, 0.8, 0.7] });
  assert.deepEqual(model.lr.chart.skipped, []);
  assert.equal(model.lr.note, "");
  // Peaks 1 (keras) and 0.05 (clr): 20x apart, so a log LR axis by default.
  const scale = model.lr.chart.lrScale;
  assert.equal(scale.log, true);
  assert.ok(Math.abs(scale.ratio - 20) < 1e-9);
  close(model.relu.chart.xs, [0.9, 1.9, 2.9]);
  assert.deepEqual(model.domain, [0, 4]);
});

test("the user's log-scale choice wins over the data's", async () => {
  const { model } = await scenario({
    selected: ["clr", "keras"],
    focused: "clr",
    xMode: "epoch",
    logScale: false,
  });
  assert.equal(model.lr.chart.lrScale.log, false);
  assert.equal(model.lr.chart.lrScale.auto, false);
  assert.equal(model.topbar.lrScale.log, false);
});

test("loss turned off: no loss lines, none in the key", async () => {
  const { model } = await scenario({ selected: ["clr"], focused: "clr", showLoss: false });
  assert.equal(model.lr.chart.runs[0].loss, null);
  assert.equal(model.lr.key.loss, false);
  assert.equal(model.relu.chart.gutter, false);
  assert.equal(model.topbar.lossAvailable, true);
});

test("summary line of the focused run", async () => {
  const { model } = await scenario({ selected: ["clr", "keras"], focused: "clr" });
  assert.deepEqual(model.lr.summary, {
    run: "clr",
    color: "color of clr",
    parts: ["triangular", "0.01 → 0.05", "step_size 5 (0.5 epochs)", "cycle 4", "falling"],
    note: { text: "9 of 40 points (downsampled, every apex and trough kept)", warning: false },
    deaths: "relu_layer: 3 units died in cycle 3 (rising), 1 revived; 3 other death events",
  });
  const sampled = summaryModel("r", "c", {
    ...ROUTES["lr?run=keras"],
    points: { step: new Array(1000).fill(0), value: [] },
    loader_sampled: true,
    downsampled: true,
  });
  assert.deepEqual(sampled.note, {
    text:
      "1,000 points: TensorBoard kept only a sample of this LR; " +
      "start it with --samples_per_plugin=scalars=0 to keep every point",
    warning: true,
  });
  assert.equal(summaryModel("r", "c", ROUTES["lr?run=keras"]).note, null);
  assert.deepEqual(summaryModel("r", "c", null).parts, ["no learning-rate data"]);
});

test("dead ReLUs of the focused run: lines, heatmap, layer menu and its histograms", async () => {
  const { model } = await scenario({ selected: ["clr"], focused: "clr" });
  const relu = model.relu;
  assert.equal(relu.run, "clr");
  assert.equal(relu.placeholder, null);
  assert.equal(relu.note, "clr · 2 layers · 3 checks · 64 probe samples · threshold 10%");
  assert.deepEqual(relu.chart.xs, [9, 19, 29]);
  assert.deepEqual(
    relu.chart.layers.map((l) => [l.path, l.color, l.fractions]),
    [
      ["dense", "p0", [0, 0.125, 0.25]],
      ["block/relu_layer", "p1", [null, 0.125, 0.5]],
    ],
  );
  assert.equal(relu.chart.selected, "block/relu_layer");
  assert.equal(relu.chart.threshold, 0.1);
  assert.equal(relu.chart.gutter, true);
  assert.equal(relu.chart.focus, model.lr.chart.focus);
  assert.deepEqual(relu.heatmap.fraction, ROUTES["dead_relu?run=clr"].fraction);
  assert.equal(relu.heatmap.selected, "block/relu_layer");
  assert.equal(relu.heatmap.theme, THEME);
  assert.deepEqual(relu.layers, [
    { label: "dense", value: "dense", selected: false },
    { label: "relu_layer", value: "block/relu_layer", selected: true },
  ]);
  assert.equal(relu.ridgeline.layer.path, "block/relu_layer");
  assert.equal(relu.ridgeline.color, "p1");
  assert.deepEqual(relu.ridgeline.histograms, HISTOGRAMS);
  assert.deepEqual(relu.ridgeline.checks, CHECKS);
  assert.equal(relu.histPlaceholder, null);
});

test("histograms that failed to load, and a run without checks", async () => {
  const failed = await scenario({
    selected: ["clr"],
    focused: "clr",
    fail: ["histograms?run=clr&layer=block%2Frelu_layer"],
  });
  assert.equal(failed.model.relu.ridgeline, null);
  assert.equal(failed.model.relu.histPlaceholder, "Histograms unavailable.");
  assert.deepEqual(failed.model.messages, [
    "Could not load the firing-rate histograms of run “clr”: histograms: HTTP 500 – boom",
  ]);

  const { model } = await scenario({ selected: ["clr", "keras"], focused: "keras" });
  assert.equal(
    model.relu.placeholder,
    "No dead-ReLU checks in “keras”. Add a DeadReluDetector callback to its model.fit " +
      "to see which ReLU layers die, and when.",
  );
  assert.equal(model.snapshots, null);
});

test("failed loads: an error message each, the views say what is missing", async () => {
  const { model } = await scenario({
    selected: ["clr", "keras"],
    focused: "clr",
    fail: ["lr?run=clr", "dead_relu?run=clr"],
  });
  assert.deepEqual(model.messages, [
    "Could not load the learning rate of run “clr”: lr: HTTP 500 – boom",
    "Could not load the dead ReLUs of run “clr”: dead_relu: HTTP 500 – boom",
  ]);
  assert.equal(model.lr.summary, null);
  assert.deepEqual(model.lr.chart.runs, []);
  assert.equal(model.relu.placeholder, "The dead-ReLU checks of “clr” could not be loaded.");
  assert.equal(model.snapshots, null);
});

test("a run with only dead-ReLU checks, nothing selected, no runs at all", async () => {
  const deep = (await scenario({ selected: ["deep"], focused: "deep", xMode: "epoch" })).model;
  assert.equal(deep.lr.note, "None of the selected runs has learning-rate data to show.");
  assert.deepEqual(deep.lr.summary.parts, ["no learning-rate data"]);
  // No epoch table on an epoch axis: a check after epoch e sits at e + 1.
  assert.deepEqual(deep.relu.chart.xs, [1, 2, 3]);
  assert.equal(deep.topbar.epochAvailable, false);

  const none = (await scenario({ selected: [], focused: null })).model;
  assert.equal(none.lr.note, "No run selected: choose runs in the Runs menu.");
  assert.equal(none.lr.summary, null);
  assert.equal(none.relu, null);
  assert.equal(none.showEmpty, false);

  const options = { xMode: "step", logScale: null, showLoss: true };
  const state = { runs: [], runsError: null, runsWarnings: [], selected: [], focused: null, options };
  const empty = pageModel(state, null, STYLE);
  assert.equal(empty.showEmpty, true);
  assert.equal(empty.lr, null);
  assert.deepEqual(empty.messages, []);
  assert.deepEqual(empty.topbar, {
    xMode: "step",
    showLoss: true,
    lrScale: { log: false, auto: true, ratio: 1 },
    epochAvailable: false,
    lossAvailable: false,
  });
  const error = Object.assign(new Error("runs: HTTP 500 – boom"), { status: 500 });
  const broken = pageModel({ ...state, runsError: error }, null, STYLE);
  assert.equal(broken.showEmpty, false);
  assert.deepEqual(broken.messages, ["Could not load the runs: runs: HTTP 500 – boom"]);
});

test("snapshot table rows, the focused run's", async () => {
  const { model } = await scenario({ selected: ["clr"], focused: "clr" });
  assert.equal(model.snapshots.run, "clr");
  assert.deepEqual(model.snapshots.table, {
    columns: ["#", "epoch", "step", "LR", "loss", "val_accuracy", "file"],
    rows: [
      { best: true, ensemble: false, cells: ["1", "1", "19", "0.0123", "0.5", "0.75", "M-1.weights.h5"] },
      { best: false, ensemble: false, cells: ["2", "–", "12", "–", "0.25", "–", "–"] },
    ],
  });
  const big = snapshotRows([{ index: 3, epoch: 40, step: 123456, lr: 1.5e-5, metrics: {}, best: false }]);
  assert.deepEqual(big.rows[0].cells, ["3", "40", "123,456", "1.5e-5", "–"]);
});

test("warnings: every run's in the picker, the focused run's in the notice, each problem once", async () => {
  const { model } = await scenario({ selected: ["clr", "keras"], focused: "clr" });
  const clrProblems = [
    "cyclescope/snapshot: newer schema version 99, skipped",
    "learning_rate, step 3: a NaN learning rate, dropped",
    "batch_loss, step 7: a NaN loss, dropped",
  ];
  assert.deepEqual(model.picker.warnings, new Map([["clr", clrProblems]]));
  assert.deepEqual(model.notices, [
    { run: "clr", title: "3 problems in the logs of “clr”", problems: clrProblems },
  ]);
  assert.deepEqual(model.picker.runs, ROUTES.runs.runs);
  assert.deepEqual(model.picker.selected, ["clr", "keras"]);
  assert.equal(model.picker.focused, "clr");

  // Focus elsewhere: the picker still counts clr's problems, the notice has none to show.
  const other = (await scenario({ selected: ["clr", "keras"], focused: "keras" })).model;
  assert.deepEqual(other.picker.warnings.get("clr"), clrProblems);
  assert.deepEqual(other.notices, []);
});

test("warnings about runs that are not listed get a notice of their own", () => {
  const options = { xMode: "step", logScale: null, showLoss: true };
  const runsWarnings = [
    { run: "broken", tag: null, step: null, problem: "no readable data, not listed" },
    { run: "broken", tag: "cyclescope/epoch", step: 4, problem: "not JSON" },
  ];
  const state = { runs: [], runsError: null, runsWarnings, selected: [], focused: null, options };
  assert.deepEqual(pageModel(state, null, STYLE).notices, [
    {
      run: null,
      title: "2 problems in runs not listed",
      problems: ["broken: no readable data, not listed", "broken: cyclescope/epoch, step 4: not JSON"],
    },
  ]);
});

test("a focused LR range test: its panel instead of the LR chart, the others still drawn", async () => {
  const { model } = await scenario({ selected: ["clr", "lr_find"], focused: "lr_find" });
  const rt = model.rangeTest;
  const route = ROUTES["lr_range_test?run=lr_find"];
  assert.equal(rt.run, "lr_find");
  assert.equal(rt.color, "color of lr_find");
  // Python's format(v, ".3g") of the bounds, written out by hand.
  assert.equal(rt.suggestion, "use CyclicLR(base_lr=0.000123, max_lr=0.00123)");
  assert.deepEqual(rt.chart.xs, route.lrs);
  assert.deepEqual(rt.chart.smoothed, route.losses);
  assert.deepEqual(rt.chart.raw, route.raw_losses);
  assert.equal(rt.chart.log, true);
  assert.deepEqual(
    rt.chart.bounds.map((b) => b.lr),
    [0.0001234, 0.001234],
  );
  assert.equal(rt.note, "Stopped early: the loss diverged before end_lr.");
  assert.deepEqual(model.lr.summary.parts, ["LR range test", "exp sweep 1e-4 → 10", "5 steps"]);
  assert.equal(model.lr.note, "");
  // The other selected run keeps its place in the (hidden) LR chart; no phases of the range test.
  assert.deepEqual(
    model.lr.chart.runs.map((r) => [r.name, r.focused]),
    [["clr", false]],
  );
  assert.equal(model.lr.chart.focus, null);
  // No dead-ReLU checks in a range test: no card asking for them.
  assert.equal(model.relu, null);
  assert.deepEqual(model.messages, []);
  assert.deepEqual(model.picker.warnings.get("lr_find"), ["cyclescope/lr_range_test: lists cut to 5"]);

  const other = (await scenario({ selected: ["clr", "lr_find"], focused: "clr" })).model;
  assert.equal(other.rangeTest, null);
  assert.equal(other.lr.chart.runs.length, 1);

  const failed = await scenario({ selected: ["lr_find"], focused: "lr_find", fail: ["lr_range_test?run=lr_find"] });
  assert.equal(failed.model.rangeTest, null);
  assert.deepEqual(failed.model.messages, [
    "Could not load the LR range test of run “lr_find”: lr_range_test: HTTP 500 – boom",
  ]);
});

test("one-cycle: warm-up and annealing in the key, the cursor label and the summary", async () => {
  const { model } = await scenario({ selected: ["one_cycle"], focused: "one_cycle" });
  assert.deepEqual(model.lr.key.names, { rising: "warm-up", falling: "annealing" });
  assert.deepEqual(model.lr.chart.focus.labels, ["warm-up", "annealing"]);
  // initial LR 0.05 / 25, peak 0.05, last 0.05 / 25 / 10000; 30% of 40 steps warm up.
  assert.deepEqual(model.lr.summary.parts, [
    "one-cycle",
    "0.002 → 0.05 → 2e-7",
    "warm-up 30% of 40 steps",
    "annealing",
  ]);
  const clr = (await scenario({ selected: ["clr"], focused: "clr" })).model;
  assert.deepEqual(clr.lr.key.names, { rising: "rising", falling: "falling" });
});

test("ensembles: snapshot markers labelled with val_accuracy, the latest ensemble marked, in the table and summary", async () => {
  const { model } = await scenario({ selected: ["ens"], focused: "ens" });
  const [run] = model.lr.chart.runs;
  // Snapshot 1 has val_accuracy 0.75; snapshot 2 has no validation metric.
  assert.deepEqual(
    run.markers.map((m) => m.label),
    ["0.75", null],
  );
  assert.equal(run.ensembles.length, 1);
  assert.equal(run.ensembles[0].x, 19);
  // 0.8125 to 3 digits: toPrecision takes the larger of two equally near (ECMAScript).
  assert.equal(run.ensembles[0].label, "ensemble 0.813");
  // The curve at step 19: between the corners 15 (0.05) and 20 (0.01).
  assert.ok(Math.abs(run.ensembles[0].y - (0.05 + (4 / 5) * (0.01 - 0.05))) < 1e-12);
  assert.equal(model.lr.chart.ensembles, 1);
  assert.equal(model.lr.key.ensembles, true);
  // The last snapshot by step is #1 (step 19, val_accuracy 0.75; #2 is at step 12).
  assert.equal(model.lr.summary.parts.at(-1), "ensemble of 2: accuracy 0.813 (last snapshot 0.75)");
  assert.deepEqual(model.snapshots.table.columns, ["#", "epoch", "step", "LR", "loss", "val_accuracy", "file"]);
  assert.deepEqual(model.snapshots.table.rows.at(-1), {
    best: false,
    ensemble: true,
    cells: ["ensemble of 2", "–", "19", "–", "–", "0.813", "16 samples"],
  });
  assert.equal(model.snapshots.table.rows.length, 3);
});

test("deaths: a mark per (check, layer) with died > 0 on the LR chart, the largest in the summary", async () => {
  const { model } = await scenario({ selected: ["clr"], focused: "clr" });
  // died [[0, 2, 2], [null, 1, 3]]: four events; colours as the dead chart's layers.
  assert.deepEqual(
    model.lr.chart.deaths.map((e) => [e.layer.path, e.color, e.died, e.since, e.step]),
    [
      ["dense", "p0", 2, 10, 19],
      ["dense", "p0", 2, 20, 29],
      ["block/relu_layer", "p1", 1, 10, 19],
      ["block/relu_layer", "p1", 3, 20, 29],
    ],
  );
  // Steps 20..29 of clr (step_size 5): 5 in cycle 3 falling (20..24 is rising!), see PHASES:
  // cycle 3 rising [20, 25), falling [25, 30): 5 steps each, the earlier wins the tie.
  assert.equal(model.lr.summary.deaths, "relu_layer: 3 units died in cycle 3 (rising), 1 revived; 3 other death events");
  const epoch = (await scenario({ selected: ["clr"], focused: "clr", xMode: "epoch" })).model;
  close(
    epoch.lr.chart.deaths.map((e) => e.x0),
    [1, 2, 1, 2],
  );
  const keras = (await scenario({ selected: ["clr", "keras"], focused: "keras" })).model;
  assert.deepEqual(keras.lr.chart.deaths, []);
  assert.equal(keras.lr.summary.deaths, null);
});

test("while runs are loading: the arrived ones drawn, the rest counted, no 'no data' note", async () => {
  const PENDING = { data: null, error: null, pending: true };
  const { state, loaded, model } = await scenario({ selected: ["clr", "one_cycle", "ens"], focused: "clr" });
  assert.equal(model.progress, null);
  assert.deepEqual(model.lr.chart.runs.map((r) => r.name), ["clr", "one_cycle", "ens"]);
  // one_cycle's LR still on its way, ens's LR in (it has no loss to wait for).
  const partial = pageModel(state, { ...loaded, lr: [loaded.lr[0], PENDING, loaded.lr[2]] }, STYLE);
  assert.deepEqual(partial.lr.chart.runs.map((r) => r.name), ["clr", "ens"]);
  assert.deepEqual(partial.progress, { pending: 1, total: 3, text: "Loaded 2 of 3 runs…" });
  assert.deepEqual(partial.messages, []);
  assert.deepEqual(partial.lr.chart.focus.phases, PHASES);
  // A pending loss counts its run as loading too.
  const lossPending = pageModel(state, { ...loaded, loss: [PENDING, ...loaded.loss.slice(1)] }, STYLE);
  assert.deepEqual(lossPending.progress, { pending: 1, total: 3, text: "Loaded 2 of 3 runs…" });
  assert.equal(lossPending.lr.chart.runs[0].loss, null);

  // The focused run has no LR: an empty chart says nothing while the others load.
  const deep = await scenario({ selected: ["deep", "clr"], focused: "deep" });
  assert.equal(deep.model.lr.note, "");
  const waiting = pageModel(deep.state, { ...deep.loaded, lr: [deep.loaded.lr[0], PENDING] }, STYLE);
  assert.deepEqual(waiting.lr.chart.runs, []);
  assert.equal(waiting.lr.note, "");
  assert.deepEqual(waiting.progress, { pending: 1, total: 2, text: "Loaded 1 of 2 runs…" });
});
