/**
 * The Cyclescope tab: state (runs, selection, focus, options, chosen
 * layer), data loading with a per-reload cache, and the wiring of the
 * views. Each state change calls `render()`, which loads what is missing,
 * updates every view, and then marks `body[data-ready="true"]`.
 */

import { createApi } from "./api.js";
import { lossIsLog, lrScale } from "./axisscale.js";
import { checkXs, lossToX, lrToX, mapPoints, snapshotMarkers, stepToX } from "./chartdata.js";
import { assignRunColors } from "./colors.js";
import { DeadChart } from "./deadchart.js";
import { el, observeWidth } from "./dom.js";
import { makeEpochScale } from "./epochs.js";
import { formatPercent } from "./format.js";
import { Heatmap } from "./heatmap.js";
import { HoverCard } from "./hovercard.js";
import { connectToHost } from "./ipc.js";
import { LrChart } from "./lrchart.js";
import { chartKey, emptyState, summaryLine } from "./panels.js";
import { Ridgeline } from "./ridgeline.js";
import { RunPicker } from "./runpicker.js";
import { chooseLayer, reconcileSelection } from "./selection.js";
import { extent } from "./series.js";
import { snapshotTable } from "./snapshottable.js";
import { PALETTE_SIZE, onColorSchemeChange, readTheme } from "./theme.js";
import { TopBar } from "./topbar.js";
import { XAxisSync } from "./xsync.js";

/** A load that was not needed. */
const NONE = { data: null, error: null };

/** How each load is named in error messages. */
const LOAD_NAMES = {
  lr: "the learning rate",
  loss: "the loss",
  deadRelu: "the dead ReLUs",
  histograms: "the firing-rate histograms",
};

/** Builds the tab in `root` and loads it; reloads on the host's reload button. */
export function startApp(root) {
  const app = new App(root);
  connectToHost(() => app.reload());
  onColorSchemeChange(() => app.retheme());
  return app.reload();
}

class App {
  constructor(root) {
    this.api = createApi();
    this.hovercard = new HoverCard();
    this.xsync = new XAxisSync();
    this.theme = readTheme();
    this.runs = [];
    this.colors = new Map();
    this.runsError = null;
    this.selected = null;
    this.focused = null;
    // logScale: the user's choice of the toggle, null until they touch it (then the data decide).
    this.options = { xMode: "step", logScale: null, showLoss: true };
    this.layer = null;
    this.cache = new Map();
    this.reloads = 0;
    this.generation = 0;

    const onFocus = (run) => this.setFocus(run);
    const onSelectLayer = (path) => this.update(() => (this.layer = path));
    this.picker = new RunPicker({ onSelect: (selected) => this.setSelection(selected), onFocus });
    this.topbar = new TopBar({
      picker: this.picker,
      onOptions: (change) => this.setOptions(change),
      onReload: () => this.reload(),
    });
    this.lrChart = new LrChart({ hovercard: this.hovercard, xsync: this.xsync, onFocus });
    this.deadChart = new DeadChart({ xsync: this.xsync, onSelectLayer });
    this.heatmap = new Heatmap({ hovercard: this.hovercard, onSelectLayer });
    this.ridgeline = new Ridgeline({ hovercard: this.hovercard });
    this.layerSelect = el("select", {
      attrs: { "aria-label": "Layer" },
      on: { change: () => onSelectLayer(this.layerSelect.value) },
    });

    this.messages = el("div", { className: "cs-messages", attrs: { role: "status" } });
    this.empty = emptyState();
    this.key = el("div");
    this.summary = el("div");
    this.lrNote = el("p", { className: "cs-note" });
    this.lrBody = el("div", {}, this.lrChart.node);
    this.lrCard = el(
      "section",
      { className: "cs-card" },
      el("div", { className: "cs-card-head" }, el("h2", { text: "Learning rate" }), this.key),
      this.summary,
      this.lrBody,
      this.lrNote,
    );
    this.reluNote = el("span", { className: "cs-note" });
    this.histBody = el("div");
    this.reluBody = el(
      "div",
      {},
      this.deadChart.node,
      el(
        "div",
        { className: "cs-relu-grid" },
        el(
          "div",
          {},
          el("div", { className: "cs-subhead" }, el("h3", { text: "Layers × checks" })),
          this.heatmap.root,
        ),
        el(
          "div",
          {},
          el("div", { className: "cs-subhead" }, el("h3", { text: "Firing rates of" }), this.layerSelect),
          this.histBody,
        ),
      ),
    );
    this.reluPlaceholder = el("p", { className: "cs-placeholder" });
    this.reluCard = el(
      "section",
      { className: "cs-card" },
      el("div", { className: "cs-card-head" }, el("h2", { text: "Dead ReLUs" }), this.reluNote),
      this.reluBody,
      this.reluPlaceholder,
    );
    this.snapshotNote = el("span", { className: "cs-note" });
    this.snapshotBody = el("div");
    this.snapshotCard = el(
      "section",
      { className: "cs-card" },
      el("div", { className: "cs-card-head" }, el("h2", { text: "Snapshots" }), this.snapshotNote),
      this.snapshotBody,
    );
    root.replaceChildren(
      el(
        "div",
        { className: "cs-app" },
        this.topbar.node,
        this.messages,
        this.empty,
        this.lrCard,
        this.reluCard,
        this.snapshotCard,
      ),
      this.hovercard.node,
    );

    observeWidth(this.lrChart.container, (w) => this.lrChart.resize(w));
    observeWidth(this.deadChart.container, (w) => this.deadChart.resize(w));
    observeWidth(this.heatmap.canvas, () => this.heatmap.draw());
    observeWidth(this.ridgeline.canvas, () => this.ridgeline.draw());
  }

  // State changes ------------------------------------------------------------

  /** Applies `change` to the state, then renders. */
  update(change) {
    change();
    return this.render();
  }

  /** Drops every cached response and fetches everything again. */
  async reload() {
    const request = ++this.reloads;
    delete document.body.dataset.ready;
    this.cache.clear();
    let runs = [];
    let runsError = null;
    try {
      runs = await this.api.runs();
    } catch (error) {
      runsError = error;
    }
    if (request !== this.reloads) return; // a newer reload is under way
    this.runs = runs;
    this.runsError = runsError;
    this.colors = assignRunColors(
      runs.map((r) => r.run),
      this.colors,
      PALETTE_SIZE,
    );
    ({ selected: this.selected, focused: this.focused } = reconcileSelection(
      runs,
      this.selected,
      this.focused,
    ));
    await this.render();
  }

  setSelection(selected) {
    return this.update(() => {
      this.selected = selected;
      if (!selected.includes(this.focused)) this.focused = selected[0] ?? null;
    });
  }

  setFocus(run) {
    return this.update(() => {
      if (!this.selected.includes(run)) this.selected = [run, ...this.selected];
      this.focused = run;
    });
  }

  /** Toggles; switching the x unit keeps the zoom on the same steps of the focused run. */
  async setOptions(change) {
    if (change.xMode && change.xMode !== this.options.xMode && this.runInfo(this.focused)?.lr) {
      const lr = (await this.load("lr", this.focused)).data;
      const scale = lr && makeEpochScale(lr.epochs, lr.schedule?.steps_per_epoch);
      this.xsync.mapWindow(scale && (change.xMode === "epoch" ? scale.toEpoch : scale.toStep));
    }
    return this.update(() => Object.assign(this.options, change));
  }

  retheme() {
    this.theme = readTheme();
    return this.render();
  }

  // Data ------------------------------------------------------------------------

  runInfo(name) {
    return this.runs.find((r) => r.run === name) ?? null;
  }

  /**
   * A route's response for `args`, fetched once per reload.
   * @returns {Promise<{data: any, error: Error|null}>}
   */
  load(kind, ...args) {
    const key = JSON.stringify([kind, ...args]);
    if (!this.cache.has(key)) {
      const request = this.api[kind](...args).then(
        (data) => ({ data, error: null }),
        (error) => ({ data: null, error }),
      );
      this.cache.set(key, request);
    }
    return this.cache.get(key);
  }

  /** Everything the views need for the current state. */
  async gather() {
    const runs = this.selected.map((n) => this.runInfo(n)).filter(Boolean);
    const focus = this.runInfo(this.focused);
    const [lrs, losses, relu] = await Promise.all([
      Promise.all(runs.map((r) => (r.lr ? this.load("lr", r.run) : NONE))),
      Promise.all(runs.map((r) => (this.options.showLoss && r.loss ? this.load("loss", r.run) : NONE))),
      focus?.dead_relu_layers > 0 ? this.load("deadRelu", focus.run) : NONE,
    ]);
    const layer = relu.data ? chooseLayer(relu.data, this.layer) : null;
    const hist = layer ? await this.load("histograms", focus.run, layer.path) : NONE;
    const errors = [];
    const note = (kind, run, result) => {
      if (result.error)
        errors.push(`Could not load ${LOAD_NAMES[kind]} of run “${run}”: ${result.error.message}`);
    };
    runs.forEach((r, i) => {
      note("lr", r.run, lrs[i]);
      note("loss", r.run, losses[i]);
    });
    if (focus) {
      note("deadRelu", focus.run, relu);
      note("histograms", focus.run, hist);
    }
    const focusIndex = runs.indexOf(focus);
    return {
      runs,
      focus,
      lrs: lrs.map((r) => r.data),
      losses: losses.map((r) => r.data),
      focusLr: focusIndex >= 0 ? lrs[focusIndex].data : null,
      relu: relu.data,
      layer,
      hist: hist.data,
      errors,
    };
  }

  // Drawing ---------------------------------------------------------------------

  colorOf(run) {
    return this.theme.palette[this.colors.get(run) ?? 0];
  }

  async render() {
    const generation = ++this.generation;
    delete document.body.dataset.ready;
    const data = this.runs.length > 0 ? await this.gather() : null;
    if (generation !== this.generation) return;
    this.hovercard.hide();
    this.draw(data);
    // uPlot draws in a microtask; wait for it before saying we are done.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (generation === this.generation) document.body.dataset.ready = "true";
  }

  draw(data) {
    const errors = this.runsError
      ? [`Could not load the runs: ${this.runsError.message}`]
      : (data?.errors ?? []);
    this.messages.replaceChildren(...errors.map((text) => el("p", { className: "cs-message", text })));
    this.picker.update({
      runs: this.runs,
      selected: this.selected ?? [],
      focused: this.focused,
      colorOf: (run) => this.colorOf(run),
    });
    const hasRuns = data !== null;
    this.empty.hidden = hasRuns || this.runsError !== null;
    this.lrCard.hidden = !hasRuns;
    if (!hasRuns) {
      this.reluCard.hidden = true;
      this.snapshotCard.hidden = true;
      this.topbar.update({
        xMode: this.options.xMode,
        showLoss: this.options.showLoss,
        lrScale: lrScale([], this.options.logScale),
        epochAvailable: false,
        lossAvailable: false,
      });
      return;
    }
    const lrModel = this.lrModel(data);
    this.topbar.update({
      xMode: this.options.xMode,
      showLoss: this.options.showLoss,
      lrScale: lrModel.lrScale,
      epochAvailable: data.lrs.some((lr) => lr && lrToX("epoch", lr)),
      lossAvailable: data.runs.some((r) => r.loss),
    });
    const reluModel = data.relu ? this.reluModel(data, lrModel) : null;
    this.xsync.setDomain(
      extent(...lrModel.runs.flatMap((r) => [r.xs, r.loss?.xs ?? []]), reluModel?.xs ?? []),
    );
    this.drawLr(data, lrModel);
    this.drawRelu(data, reluModel);
    this.drawSnapshots(data);
  }

  lrModel(data) {
    const { xMode } = this.options;
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
        color: this.colorOf(run.run),
        focused: run === data.focus,
        ...mapPoints(lr.points, toX),
        stepped: lr.source === "keras",
        loss: lossX ? mapPoints(loss.points, lossX) : null,
        markers: snapshotMarkers(lr, toX),
      });
    });
    const lr = data.focusLr;
    const focusToX = lr && lrToX(xMode, lr);
    return {
      theme: this.theme,
      xMode,
      lrScale: lrScale(
        runs.map((r) => r.ys),
        this.options.logScale,
      ),
      lossLog: lossIsLog(runs.filter((r) => r.loss).map((r) => r.loss.ys)),
      runs,
      skipped,
      focus: focusToX ? { phases: lr.phases, cycles: lr.cycles, toX: focusToX } : null,
      cycles: lr?.cycles.length ?? 0,
      snapshots: lr?.snapshots.length ?? 0,
    };
  }

  drawLr(data, model) {
    this.key.replaceChildren(
      chartKey(this.theme, {
        phases: model.focus?.phases ?? [],
        boundaries: (model.focus?.cycles.length ?? 0) > 0,
        snapshots: model.runs.some((r) => r.markers.length > 0),
        loss: model.runs.some((r) => r.loss),
      }),
    );
    const focus = data.focus;
    const lr = data.focusLr;
    this.summary.replaceChildren(
      focus && (lr || !focus.lr) ? summaryLine(focus.run, this.colorOf(focus.run), lr) : "",
    );
    const notes = [];
    if (model.skipped.length > 0) {
      const why =
        model.xMode === "step"
          ? "Only on the epoch axis (Keras logs its learning rate per epoch)"
          : "Not on the epoch axis (no epoch information recorded)";
      notes.push(`${why}: ${model.skipped.join(", ")}.`);
    }
    if (model.runs.length === 0 && model.skipped.length === 0) {
      notes.push(
        this.selected.length === 0
          ? "No run selected: choose runs in the Runs menu."
          : "None of the selected runs has learning-rate data to show.",
      );
    }
    this.lrNote.textContent = notes.join(" ");
    this.lrChart.node.hidden = model.runs.length === 0;
    this.lrChart.update(model);
  }

  reluModel(data, lrModel) {
    const relu = data.relu;
    return {
      theme: this.theme,
      xMode: this.options.xMode,
      xs: checkXs(relu.checks, stepToX(this.options.xMode, data.focusLr)),
      checks: relu.checks,
      layers: relu.layers.map((layer, i) => ({
        ...layer,
        color: this.theme.palette[i % this.theme.palette.length],
        fractions: relu.fraction[i] ?? [],
      })),
      selected: data.layer?.path ?? null,
      threshold: relu.threshold,
      focus: lrModel.focus,
      gutter: lrModel.runs.some((r) => r.loss),
    };
  }

  drawRelu(data, model) {
    const focus = data.focus;
    this.reluCard.hidden = !focus;
    if (!focus) return;
    this.reluBody.hidden = !model;
    this.reluPlaceholder.hidden = Boolean(model);
    this.reluNote.textContent = "";
    if (!model) {
      this.reluPlaceholder.textContent =
        focus.dead_relu_layers > 0
          ? `The dead-ReLU checks of “${focus.run}” could not be loaded.`
          : `No dead-ReLU checks in “${focus.run}”. Add a DeadReluDetector callback to its model.fit ` +
            "to see which ReLU layers die, and when.";
      return;
    }
    const relu = data.relu;
    const probe = relu.checks.find((c) => Number.isFinite(c.probe_samples))?.probe_samples;
    this.reluNote.textContent = [
      focus.run,
      `${relu.layers.length} layers`,
      `${relu.checks.length} checks`,
      Number.isFinite(probe) ? `${probe} probe samples` : null,
      Number.isFinite(relu.threshold) ? `threshold ${formatPercent(relu.threshold)}` : null,
    ]
      .filter(Boolean)
      .join(" · ");
    this.deadChart.update(model);
    this.heatmap.update({ ...relu, theme: this.theme, selected: model.selected });
    this.layerSelect.replaceChildren(
      ...relu.layers.map((l) => new Option(l.name, l.path, false, l.path === model.selected)),
    );
    const layer = data.layer;
    if (layer && data.hist && data.hist.histograms.length > 0) {
      const index = relu.layers.indexOf(layer);
      this.histBody.replaceChildren(this.ridgeline.node);
      this.ridgeline.update({
        theme: this.theme,
        layer,
        color: model.layers[index].color,
        histograms: data.hist.histograms,
        checks: relu.checks,
      });
    } else {
      const text = data.hist ? `No firing-rate histograms for ${layer.name}.` : "Histograms unavailable.";
      this.histBody.replaceChildren(el("p", { className: "cs-placeholder", text }));
    }
  }

  drawSnapshots(data) {
    const snapshots = data.focusLr?.snapshots ?? [];
    this.snapshotCard.hidden = snapshots.length === 0;
    if (snapshots.length === 0) return;
    this.snapshotNote.textContent = data.focus.run;
    this.snapshotBody.replaceChildren(snapshotTable(snapshots));
  }
}
