/**
 * What every view of the tab draws, built from the route responses and the
 * tab's state (selection, focus, options): pure functions, no DOM. app.js
 * loads the responses, calls `pageModel()` and hands each part to its view.
 */

import { lossIsLog, lrScale } from "./axisscale.js";
import { checkXs, lossToX, lrToX, mapPoints, snapshotMarkers, stepToX } from "./chartdata.js";
import { formatCount, formatLR, formatNumber, formatPercent, formatStep, MISSING } from "./format.js";
import { deathEvents, deathSentence } from "./deaths.js";
import { ensembleCells, ensembleMarker, ensembleSentence, latestEnsemble, snapshotMetric } from "./ensembles.js";
import { extent } from "./series.js";
import { phaseLabels, phaseTintNames } from "./phasenames.js";
import { rangeTestModel } from "./rangetest.js";
import { metricKeys } from "./snapshotmetrics.js";
import { scheduleSummary } from "./summary.js";
import { collectWarnings, describeWarning } from "./warnings.js";

/** How each load is named in error messages. */
const LOAD_NAMES = {
  lr: "the learning rate",
  loss: "the loss",
  deadRelu: "the dead ReLUs",
  histograms: "the firing-rate histograms",
  rangeTest: "the LR range test",
};

/**
 * @typedef {{data: any, error: Error|null, pending?: boolean}} Load one route's response, or why
 *     it failed (both null when it was not needed, or with `pending` while it has not arrived)
 * @typedef {object} TabState
 * @property {object[]} runs the runs route's list
 * @property {Error|null} runsError
 * @property {object[]} runsWarnings the runs route's warnings
 * @property {string[]} selected
 * @property {string|null} focused
 * @property {{xMode: "step"|"epoch", logScale: boolean|null, showLoss: boolean}} options
 * @typedef {object} Loaded what the current state needed, null when there are no runs
 * @property {object[]} runs the selected runs' entries of the runs route
 * @property {object|null} focus the focused run's entry
 * @property {Load[]} lr one per selected run
 * @property {Load[]} loss one per selected run
 * @property {Load} deadRelu the focused run's
 * @property {object|null} layer the layer whose firing rates are shown
 * @property {Load} histograms that layer's
 * @property {Load} [rangeTest] the focused run's LR range test, when it holds one
 */

/**
 * @param {TabState} state
 * @param {Loaded|null} loaded
 * @param {{theme: object, colorOf: (run: string) => string}} style
 */
export function pageModel(state, loaded, style) {
  const { byRun, general } = collectWarnings(
    warningSources(state, loaded),
    state.runs.map((r) => r.run),
  );
  const warnings = new Map([...byRun].map(([run, list]) => [run, list.map(describeWarning)]));
  const page = {
    messages: state.runsError ? [`Could not load the runs: ${state.runsError.message}`] : [],
    picker: { runs: state.runs, selected: state.selected ?? [], focused: state.focused, warnings },
    notices: notices(warnings, general, state.focused),
    showEmpty: loaded === null && state.runsError === null,
    topbar: {
      xMode: state.options.xMode,
      showLoss: state.options.showLoss,
      lrScale: lrScale([], state.options.logScale),
      epochAvailable: false,
      lossAvailable: false,
    },
    lr: null,
    rangeTest: null,
    relu: null,
    snapshots: null,
    domain: null,
    progress: null,
  };
  if (loaded === null) return page;
  const data = responses(loaded);
  // A focused range test replaces the LR chart (it has no LR series of its own).
  const rangeTest =
    data.focus?.lr_range_test && data.rangeTest
      ? { ...rangeTestModel(data.rangeTest, { theme: style.theme }), color: style.colorOf(data.focus.run) }
      : null;
  const chart = lrChartModel(data, state.options, style);
  // Deaths of the focused run's ReLUs, on the LR chart's x-axis when the focused run is drawn there.
  const deaths =
    data.relu && chart.focus
      ? deathEvents(data.relu, stepToX(state.options.xMode, data.focusLr), style.theme.palette)
      : [];
  chart.deaths = deaths;
  const reluChart = data.relu ? deadChartModel(data, chart, state.options.xMode, style.theme) : null;
  const progress = progressModel(loaded);
  return {
    ...page,
    messages: loadErrors(loaded),
    topbar: {
      ...page.topbar,
      lrScale: chart.lrScale,
      epochAvailable: data.lrs.some((lr) => lr && lrToX("epoch", lr)),
      lossAvailable: data.runs.some((r) => r.loss),
    },
    lr: {
      chart,
      key: {
        phases: chart.focus?.phases ?? [],
        names: phaseTintNames(data.focusLr?.schedule ?? null),
        boundaries: (chart.focus?.cycles.length ?? 0) > 0,
        snapshots: chart.runs.some((r) => r.markers.length > 0),
        ensembles: chart.runs.some((r) => r.ensembles.length > 0),
        loss: chart.runs.some((r) => r.loss),
      },
      summary: rangeTest
        ? { run: rangeTest.run, color: rangeTest.color, parts: rangeTest.parts, note: null }
        : data.focus && (data.focusLr || !data.focus.lr)
          ? {
              ...summaryModel(data.focus.run, style.colorOf(data.focus.run), data.focusLr),
              deaths: deathSentence(deaths, data.focusLr),
            }
          : null,
      note: rangeTest ? "" : lrNote(chart, state.options.xMode, state.selected.length, progress !== null),
    },
    rangeTest,
    relu:
      data.focus && !(data.focus.lr_range_test && !(data.focus.dead_relu_layers > 0))
        ? reluModel(data, reluChart, style.theme)
        : null,
    snapshots:
      data.focusLr?.snapshots.length > 0
        ? { run: data.focus.run, table: snapshotRows(data.focusLr.snapshots, latestEnsemble(data.focusLr)) }
        : null,
    domain: extent(...chart.runs.flatMap((r) => [r.xs, r.loss?.xs ?? []]), reluChart?.xs ?? []),
    progress,
  };
}

/**
 * How many selected runs are still loading (an lr or loss load pending):
 * `{pending, total, text}`, or null when all have arrived.
 */
function progressModel(loaded) {
  const pending = loaded.runs.filter((r, i) => loaded.lr[i].pending || loaded.loss[i].pending).length;
  if (pending === 0) return null;
  const total = loaded.runs.length;
  return { pending, total, text: `Loaded ${total - pending} of ${total} runs…` };
}

/** The loads' data; a load that failed or was not needed is null. */
function responses(loaded) {
  const focusIndex = loaded.runs.indexOf(loaded.focus);
  return {
    runs: loaded.runs,
    focus: loaded.focus,
    lrs: loaded.lr.map((r) => r.data),
    losses: loaded.loss.map((r) => r.data),
    focusLr: focusIndex >= 0 ? loaded.lr[focusIndex].data : null,
    relu: loaded.deadRelu.data,
    layer: loaded.layer,
    hist: loaded.histograms.data,
    rangeTest: loaded.rangeTest?.data ?? null,
  };
}

/** "Could not load the learning rate of run “r”: lr: HTTP 500 – …", one per failed load. */
function loadErrors(loaded) {
  const errors = [];
  const note = (kind, run, result) => {
    if (result.error)
      errors.push(`Could not load ${LOAD_NAMES[kind]} of run “${run}”: ${result.error.message}`);
  };
  loaded.runs.forEach((r, i) => {
    note("lr", r.run, loaded.lr[i]);
    note("loss", r.run, loaded.loss[i]);
  });
  if (loaded.focus) {
    note("deadRelu", loaded.focus.run, loaded.deadRelu);
    note("histograms", loaded.focus.run, loaded.histograms);
    if (loaded.rangeTest) note("rangeTest", loaded.focus.run, loaded.rangeTest);
  }
  return errors;
}

/** The warnings of the runs route and of every response loaded for the state. */
function warningSources(state, loaded) {
  const sources = [{ run: null, warnings: state.runsWarnings ?? [] }];
  if (loaded === null) return sources;
  const add = (run, load) => {
    if (load.data) sources.push({ run, warnings: load.data.warnings ?? [] });
  };
  loaded.runs.forEach((r, i) => {
    add(r.run, loaded.lr[i]);
    add(r.run, loaded.loss[i]);
  });
  if (loaded.focus) {
    add(loaded.focus.run, loaded.deadRelu);
    add(loaded.focus.run, loaded.histograms);
    if (loaded.rangeTest) add(loaded.focus.run, loaded.rangeTest);
  }
  return sources;
}

const problems = (n) => `${n} ${n === 1 ? "problem" : "problems"}`;

/** The notice by the charts: the focused run's problems, then those of runs not listed. */
function notices(warnings, general, focused) {
  const out = [];
  const own = warnings.get(focused);
  if (own)
    out.push({ run: focused, title: `${problems(own.length)} in the logs of “${focused}”`, problems: own });
  if (general.length > 0) {
    out.push({
      run: null,
      title: `${problems(general.length)} in runs not listed`,
      problems: general.map((w) => (w.run === null ? describeWarning(w) : `${w.run}: ${describeWarning(w)}`)),
    });
  }
  return out;
}

/**
 * The LR chart: one line per selected run that can be placed on the x-axis
 * (see lrchart.js's LrRun), the focused run's phases, the axis scales.
 */
function lrChartModel(data, { xMode, logScale }, { theme, colorOf }) {
  const skipped = [];
  const runs = [];
  data.runs.forEach((run, i) => {
    const lr = data.lrs[i];
    if (!lr) return;
    const toX = lrToX(xMode, lr);
    if (!toX) {
      skipped.push(run.run);
      return;
    }
    const loss = data.losses[i];
    const lossX = loss && lossToX(xMode, loss, lr);
    runs.push({
      name: run.run,
      color: colorOf(run.run),
      focused: run === data.focus,
      ...mapPoints(lr.points, toX),
      stepped: lr.source === "keras",
      loss: lossX ? mapPoints(loss.points, lossX) : null,
      markers: snapshotMarkers(lr, toX).map((m) => ({ ...m, label: snapshotMetric(m.snapshot)?.text ?? null })),
      ensembles: [ensembleMarker(lr, toX)].filter(Boolean),
    });
  });
  const lr = data.focusLr;
  const focusToX = lr && lrToX(xMode, lr);
  return {
    theme,
    xMode,
    lrScale: lrScale(
      runs.map((r) => r.ys),
      logScale,
    ),
    lossLog: lossIsLog(runs.filter((r) => r.loss).map((r) => r.loss.ys)),
    runs,
    skipped,
    focus: focusToX
      ? { phases: lr.phases, labels: phaseLabels(lr.schedule, lr.phases), cycles: lr.cycles, toX: focusToX }
      : null,
    cycles: lr?.cycles.length ?? 0,
    snapshots: lr?.snapshots.length ?? 0,
    ensembles: runs.reduce((n, r) => n + r.ensembles.length, 0),
  };
}

/** Why runs are missing from the LR chart, or why it is empty (not while runs are still loading). */
function lrNote(chart, xMode, selectedCount, loading) {
  const notes = [];
  if (chart.skipped.length > 0) {
    const why =
      xMode === "step"
        ? "Only on the epoch axis (Keras logs its learning rate per epoch)"
        : "Not on the epoch axis (no epoch information recorded)";
    notes.push(`${why}: ${chart.skipped.join(", ")}.`);
  }
  if (chart.runs.length === 0 && chart.skipped.length === 0 && !loading) {
    notes.push(
      selectedCount === 0
        ? "No run selected: choose runs in the Runs menu."
        : "None of the selected runs has learning-rate data to show.",
    );
  }
  return notes.join(" ");
}

/**
 * The focused run's summary line: "triangular2 · 0.001 → 0.006 · …" and a
 * note on how many of the LR's points are shown.
 * @param {string} run
 * @param {string} color
 * @param {object|null} lr the run's lr response (null: the run has none)
 * @returns {{run: string, color: string, parts: string[], note: {text: string, warning: boolean}|null}}
 */
export function summaryModel(run, color, lr) {
  let note = null;
  if (lr?.loader_sampled) {
    const text =
      `${formatCount(lr.points.step.length)} points: TensorBoard kept only a sample of this LR; ` +
      "start it with --samples_per_plugin=scalars=0 to keep every point";
    note = { text, warning: true };
  } else if (lr?.downsampled) {
    const shown = `${formatCount(lr.points.step.length)} of ${formatCount(lr.total_points)} points`;
    note = { text: `${shown} (downsampled, every apex and trough kept)`, warning: false };
  }
  const parts = lr ? [...scheduleSummary(lr), ensembleSentence(lr)].filter(Boolean) : ["no learning-rate data"];
  return { run, color, parts, note };
}

/** The dead-fraction chart (see deadchart.js), on the LR chart's x-axis. */
function deadChartModel(data, lrChart, xMode, theme) {
  const relu = data.relu;
  return {
    theme,
    xMode,
    xs: checkXs(relu.checks, stepToX(xMode, data.focusLr)),
    checks: relu.checks,
    layers: relu.layers.map((layer, i) => ({
      ...layer,
      color: theme.palette[i % theme.palette.length],
      fractions: relu.fraction[i] ?? [],
    })),
    selected: data.layer?.path ?? null,
    threshold: relu.threshold,
    focus: lrChart.focus,
    gutter: lrChart.runs.some((r) => r.loss),
  };
}

/**
 * The Dead ReLUs card of the focused run: a placeholder sentence when it has
 * no checks to show, else the dead-fraction chart, heatmap, layer menu and
 * the chosen layer's ridgeline (or why there is none).
 */
function reluModel(data, chart, theme) {
  const { focus, relu, layer, hist } = data;
  if (!chart) {
    const placeholder =
      focus.dead_relu_layers > 0
        ? `The dead-ReLU checks of “${focus.run}” could not be loaded.`
        : `No dead-ReLU checks in “${focus.run}”. Add a DeadReluDetector callback to its model.fit ` +
          "to see which ReLU layers die, and when.";
    return { run: focus.run, placeholder };
  }
  const probe = relu.checks.find((c) => Number.isFinite(c.probe_samples))?.probe_samples;
  const note = [
    focus.run,
    `${relu.layers.length} layers`,
    `${relu.checks.length} checks`,
    Number.isFinite(probe) ? `${probe} probe samples` : null,
    Number.isFinite(relu.threshold) ? `threshold ${formatPercent(relu.threshold)}` : null,
  ]
    .filter(Boolean)
    .join(" · ");
  const hasRidges = layer && hist && hist.histograms.length > 0;
  return {
    run: focus.run,
    placeholder: null,
    note,
    chart,
    heatmap: { ...relu, theme, selected: chart.selected },
    layers: relu.layers.map((l) => ({ label: l.name, value: l.path, selected: l.path === chart.selected })),
    ridgeline: hasRidges
      ? {
          theme,
          layer,
          color: chart.layers[relu.layers.indexOf(layer)].color,
          histograms: hist.histograms,
          checks: relu.checks,
        }
      : null,
    histPlaceholder: hasRidges
      ? null
      : hist
        ? `No firing-rate histograms for ${layer.name}.`
        : "Histograms unavailable.",
  };
}

/**
 * The snapshots table: a column per metric (snapshotmetrics.js), one row
 * per snapshot, as text; the view adds the best one's star. The latest
 * ensemble, when there is one, is a last row: "ensemble of N", its metrics
 * under the snapshots' `val_` columns (ensembles.js), its sample count.
 * @param {object[]} snapshots the lr route's `snapshots` of one run
 * @param {object|null} [ensemble] the run's latest ensemble
 * @returns {{columns: string[], rows: {best: boolean, ensemble: boolean, cells: string[]}[]}}
 */
export function snapshotRows(snapshots, ensemble = null) {
  const keys = metricKeys(snapshots);
  const rows = snapshots.map((s) => ({
    best: Boolean(s.best),
    ensemble: false,
    cells: [
      String(s.index),
      Number.isFinite(s.epoch) ? String(s.epoch) : MISSING,
      formatStep(s.step),
      formatLR(s.lr),
      ...keys.map((key) => formatNumber(s.metrics?.[key])),
      s.file ?? MISSING,
    ],
  }));
  if (ensemble) {
    rows.push({
      best: false,
      ensemble: true,
      cells: [
        `ensemble of ${ensemble.members?.length ?? 0}`,
        MISSING,
        formatStep(ensemble.step),
        MISSING,
        ...ensembleCells(ensemble, keys),
        Number.isFinite(ensemble.samples) ? `${formatCount(ensemble.samples)} samples` : MISSING,
      ],
    });
  }
  return { columns: ["#", "epoch", "step", "LR", ...keys, "file"], rows };
}

