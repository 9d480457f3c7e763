/**
 * The Cyclescope tab: state (runs, selection, focus, options, chosen
 * layer), data loading with a per-reload cache, and the wiring of the
 * views. Each state change calls `render()`, which loads what is missing,
 * builds what each view draws (viewmodel.js), updates every view, and then
 * marks `body[data-ready="true"]`. A large selection is drawn as it loads:
 * first with the focused run, then as the other runs arrive, with
 * `body[data-pending]` the number of selected runs still loading.
 */

import { createApi } from "./api.js";
import { assignRunColors } from "./colors.js";
import { DeadChart } from "./deadchart.js";
import { el, observeWidth } from "./dom.js";
import { makeEpochScale } from "./epochs.js";
import { Heatmap } from "./heatmap.js";
import { HoverCard } from "./hovercard.js";
import { connectToHost } from "./ipc.js";
import { drawAsLoaded, planLoads } from "./loadplan.js";
import { LrChart } from "./lrchart.js";
import { chartKey, emptyState, summaryLine, warningNotice } from "./panels.js";
import { RangeTestPanel } from "./rangechart.js";
import { Ridgeline } from "./ridgeline.js";
import { RunPicker } from "./runpicker.js";
import { reconcileSelection } from "./selection.js";
import { snapshotTable } from "./snapshottable.js";
import { PALETTE_SIZE, onColorSchemeChange, readTheme } from "./theme.js";
import { TopBar } from "./topbar.js";
import { pageModel } from "./viewmodel.js";
import { XAxisSync } from "./xsync.js";

/**
 * Builds the tab in `root` and loads it; reloads on the host's reload button.
 * @param {{fetchImpl?: typeof fetch}} [options] what api.js fetches with
 */
export function startApp(root, { fetchImpl } = {}) {
  const app = new App(root, fetchImpl);
  connectToHost(() => app.reload());
  onColorSchemeChange(() => app.retheme());
  return app.reload();
}

class App {
  constructor(root, fetchImpl) {
    this.api = createApi(fetchImpl);
    this.hovercard = new HoverCard();
    this.xsync = new XAxisSync();
    this.theme = readTheme();
    this.runs = [];
    this.runsByName = new Map();
    this.colors = new Map();
    this.runsError = null;
    this.runsWarnings = [];
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
    this.notices = el("div", { className: "cs-notices" });
    this.empty = emptyState();
    this.key = el("div");
    this.summary = el("div");
    this.lrNote = el("p", { className: "cs-note" });
    this.progress = el("p", { className: "cs-note cs-progress", attrs: { role: "status" } });
    this.rangeTest = new RangeTestPanel();
    this.lrTitle = el("h2", { text: "Learning rate" });
    this.lrBody = el("div", {}, this.lrChart.node, this.rangeTest.node);
    this.lrCard = el(
      "section",
      { className: "cs-card" },
      el("div", { className: "cs-card-head" }, this.lrTitle, this.key),
      this.summary,
      this.progress,
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
        this.notices,
        this.empty,
        this.lrCard,
        this.reluCard,
        this.snapshotCard,
      ),
      this.hovercard.node,
    );

    observeWidth(this.lrChart.container, (w) => this.lrChart.resize(w));
    observeWidth(this.rangeTest.container, (w) => this.rangeTest.resize(w));
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
    let listing = { runs: [], warnings: [] };
    let runsError = null;
    try {
      listing = await this.api.runs();
    } catch (error) {
      runsError = error;
    }
    if (request !== this.reloads) return; // a newer reload is under way
    const runs = listing.runs;
    this.runs = runs;
    this.runsByName = new Map(runs.map((r) => [r.run, r]));
    this.runsWarnings = listing.warnings;
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
      const lr = (await this.load("lr", [this.focused])).data;
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
    return this.runsByName.get(name) ?? null;
  }

  /**
   * A route's response for `args`, fetched once per reload. A low-priority
   * request is sent in a task of its own: each fetch() costs the page's
   * thread a fraction of a millisecond, and the hundreds of a large
   * selection, sent at once, would hold up its first draw.
   * @param {"high"|"low"} [priority] fetch's priority for the request
   * @returns {Promise<{data: any, error: Error|null}>|{data: any, error: Error|null}} the response
   *     itself once it has arrived, so that a load plan sees at once what is already here
   */
  load(kind, args, priority) {
    const key = JSON.stringify([kind, ...args]);
    if (!this.cache.has(key)) {
      const send = () => this.api[kind](...args, priority ? { priority } : undefined);
      const sent = priority === "low" ? new Promise((resolve) => setTimeout(resolve, 0)).then(send) : send();
      const request = sent.then(
        (data) => ({ data, error: null }),
        (error) => ({ data: null, error }),
      );
      this.cache.set(key, request);
      request.then((result) => {
        if (this.cache.get(key) === request) this.cache.set(key, result); // not after a reload
      });
    }
    return this.cache.get(key);
  }

  /** Starts every load the current state needs (loadplan.js's planLoads). */
  gather() {
    const runs = this.selected.map((n) => this.runInfo(n)).filter(Boolean);
    const focus = this.runInfo(this.focused);
    const needs = { runs, focus, showLoss: this.options.showLoss, layer: this.layer };
    return planLoads(needs, (kind, args, priority) => this.load(kind, args, priority));
  }

  // Drawing ---------------------------------------------------------------------

  colorOf(run) {
    return this.theme.palette[this.colors.get(run) ?? 0];
  }

  async render() {
    const generation = ++this.generation;
    const stale = () => generation !== this.generation;
    delete document.body.dataset.ready;
    this.hovercard.hide();
    if (this.runs.length > 0) {
      if (!(await drawAsLoaded(this.gather(), (loaded) => this.draw(loaded), { stale }))) return;
    } else {
      this.draw(null);
    }
    // uPlot draws in a microtask; wait for it before saying we are done.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (!stale()) document.body.dataset.ready = "true";
  }

  draw(loaded) {
    const state = {
      runs: this.runs,
      runsError: this.runsError,
      runsWarnings: this.runsWarnings,
      selected: this.selected ?? [],
      focused: this.focused,
      options: this.options,
    };
    const colorOf = (run) => this.colorOf(run);
    const page = pageModel(state, loaded, { theme: this.theme, colorOf });
    this.messages.replaceChildren(...page.messages.map((text) => el("p", { className: "cs-message", text })));
    this.notices.replaceChildren(...page.notices.map(warningNotice));
    this.picker.update({ ...page.picker, colorOf });
    this.showProgress(page.progress);
    this.empty.hidden = !page.showEmpty;
    this.lrCard.hidden = !page.lr;
    this.topbar.update(page.topbar);
    if (!page.lr) {
      this.reluCard.hidden = true;
      this.snapshotCard.hidden = true;
      return;
    }
    this.xsync.setDomain(page.domain);
    this.drawLr(page.lr, page.rangeTest);
    this.drawRelu(page.relu);
    this.drawSnapshots(page.snapshots);
  }

  /** "Loaded 37 of 500 runs…", and `body[data-pending]`, while selected runs are still loading. */
  showProgress(progress) {
    this.progress.textContent = progress?.text ?? "";
    this.progress.hidden = !progress;
    if (progress) document.body.dataset.pending = String(progress.pending);
    else delete document.body.dataset.pending;
  }

  /** The LR chart, or the focused run's LR range test in its place. */
  drawLr({ chart, key, summary, note }, rangeTest) {
    this.lrTitle.textContent = rangeTest ? "LR range test" : "Learning rate";
    this.key.replaceChildren(rangeTest ? "" : chartKey(this.theme, key));
    this.summary.replaceChildren(summary ? summaryLine(summary) : "");
    this.lrNote.textContent = note;
    this.rangeTest.node.hidden = !rangeTest;
    this.lrChart.node.hidden = Boolean(rangeTest) || chart.runs.length === 0;
    if (rangeTest) this.rangeTest.update({ ...rangeTest, chart: { ...rangeTest.chart, theme: this.theme } });
    else this.lrChart.update(chart);
  }

  drawRelu(relu) {
    this.reluCard.hidden = !relu;
    if (!relu) return;
    this.reluBody.hidden = relu.placeholder !== null;
    this.reluPlaceholder.hidden = relu.placeholder === null;
    this.reluNote.textContent = "";
    if (relu.placeholder !== null) {
      this.reluPlaceholder.textContent = relu.placeholder;
      return;
    }
    this.reluNote.textContent = relu.note;
    this.deadChart.update(relu.chart);
    this.heatmap.update(relu.heatmap);
    this.layerSelect.replaceChildren(
      ...relu.layers.map((l) => new Option(l.label, l.value, false, l.selected)),
    );
    if (relu.ridgeline) {
      this.histBody.replaceChildren(this.ridgeline.node);
      this.ridgeline.update(relu.ridgeline);
    } else {
      this.histBody.replaceChildren(el("p", { className: "cs-placeholder", text: relu.histPlaceholder }));
    }
  }

  drawSnapshots(snapshots) {
    this.snapshotCard.hidden = !snapshots;
    if (!snapshots) return;
    this.snapshotNote.textContent = snapshots.run;
    this.snapshotBody.replaceChildren(snapshotTable(snapshots.table));
  }
}
