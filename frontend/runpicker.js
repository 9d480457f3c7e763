/**
 * The tab's own run picker (TensorBoard gives plugin iframes none): a
 * dropdown with a filter box and one checkbox per run, and a chip per
 * selected run; clicking a chip focuses its run (the one whose schedule,
 * phases, snapshots and dead ReLUs are shown). A run in whose logs the
 * plugin skipped something has a "⚠ N" badge: in the list it opens the
 * problems below the run, on a chip it focuses the run (the notice by the
 * charts lists them).
 *
 * Keys: ArrowDown from the filter box goes to the first shown run;
 * ArrowUp/ArrowDown move between the shown runs (up from the first: back to
 * the filter), Home/End to the first/last, Space ticks, Escape closes.
 * The tab draws again several times while a large selection loads: the list
 * and the chips are rebuilt only when what they show changed (a change of
 * the selection alone only ticks the list's checkboxes).
 */

import { el, swatch } from "./dom.js";
import { filterRuns, toggleRun, toggleRuns } from "./selection.js";

/** "triangular2 · 5 snapshots · 4 ReLU layers" for a run of the runs route. */
function runMeta(run) {
  const parts = [];
  if (run.lr) parts.push(run.schedule ?? "Keras LR");
  if (run.snapshots > 0) parts.push(`${run.snapshots} snapshots`);
  if (run.dead_relu_layers > 0) parts.push(`${run.dead_relu_layers} ReLU layers`);
  return parts.join(" · ");
}

const problemCount = (n) => `${n} ${n === 1 ? "problem" : "problems"}`;

const sameValue = (a, b) =>
  Array.isArray(a) ? Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i]) : a === b;

/** Whether two lists of rows (objects of values or arrays of values) are the same, row by row. */
function sameRows(a, b) {
  if (a === null || b === null || a.length !== b.length) return false;
  return a.every((row, i) => Object.keys(row).every((key) => sameValue(row[key], b[i][key])));
}

export class RunPicker {
  /**
   * @param {{onSelect: (selected: string[]) => void, onFocus: (run: string) => void}} deps
   */
  constructor({ onSelect, onFocus }) {
    this.onSelect = onSelect;
    this.onFocus = onFocus;
    this.model = null;
    /** @type {Map<HTMLElement, string>} the list's checkboxes and badges, as "box:run" / "warn:run" */
    this.controls = new Map();
    /** @type {Map<string, HTMLInputElement>} the list's checkboxes by run, in list order */
    this.boxes = new Map();
    /** What the list and the chips show now (null: to be built). */
    this.listRows = null;
    this.chipRows = null;
    /** Runs whose problems are open in the list. */
    this.expanded = new Set();
    this.count = el("span");
    this.filter = el("input", {
      attrs: { type: "search", placeholder: "Filter runs", "aria-label": "Filter runs", spellcheck: "false" },
      on: { input: () => this.renderList(), keydown: (e) => this.onFilterKey(e) },
    });
    this.shown = el("span", { className: "cs-spacer" });
    this.list = el("ul", { className: "cs-runlist", on: { keydown: (e) => this.onListKey(e) } });
    const panel = el(
      "div",
      { className: "cs-runpanel" },
      this.filter,
      el(
        "div",
        { className: "cs-runpanel-actions" },
        el("button", {
          className: "cs-button",
          text: "Select shown",
          attrs: { type: "button" },
          on: { click: () => this.selectShown(true) },
        }),
        el("button", {
          className: "cs-button",
          text: "Clear shown",
          attrs: { type: "button" },
          on: { click: () => this.selectShown(false) },
        }),
        this.shown,
      ),
      this.list,
    );
    this.details = el(
      "details",
      { className: "cs-runpicker" },
      el(
        "summary",
        { className: "cs-button", attrs: { title: "Choose the runs to show" } },
        "Runs ",
        this.count,
      ),
      panel,
    );
    this.chips = el("div", { className: "cs-chips" });
    this.node = el("div", { className: "cs-chips" }, this.details, this.chips);
    this.details.addEventListener("toggle", () => {
      if (this.details.open) this.filter.focus();
    });
    this.details.addEventListener("keydown", (e) => {
      if (e.key !== "Escape" || !this.details.open) return;
      this.details.open = false;
      this.details.querySelector("summary").focus();
    });
    // The path, not the target: a click may rebuild the list and detach the element clicked.
    document.addEventListener("click", (e) => {
      if (this.details.open && !e.composedPath().includes(this.details)) this.details.open = false;
    });
  }

  /**
   * @param {{runs: object[], selected: string[], focused: string|null,
   *          warnings: Map<string, string[]>, colorOf: (run: string) => string}} model
   */
  update(model) {
    this.model = model;
    this.node.dataset.runs = String(model.runs.length);
    this.node.dataset.selected = String(model.selected.length);
    this.count.textContent = `${model.selected.length} / ${model.runs.length}`;
    this.renderList();
    this.renderChips();
  }

  visibleRuns() {
    return filterRuns(this.model.runs, this.filter.value);
  }

  /**
   * Shows the runs matching the filter: rebuilds the list when the runs,
   * their colours or warnings, the filter or the open problems changed
   * (the checkbox or badge that had the keyboard focus keeps it), else
   * only ticks the checkboxes of the selection.
   */
  renderList() {
    const { runs, selected, colorOf, warnings } = this.model;
    const visible = this.visibleRuns();
    const rows = visible.map((run) => ({
      run,
      color: colorOf(run.run),
      problems: warnings.get(run.run) ?? [],
      open: this.expanded.has(run.run),
    }));
    this.shown.textContent = `${visible.length} of ${runs.length} shown`;
    const ticked = new Set(selected);
    if (sameRows(rows, this.listRows)) {
      for (const [name, box] of this.boxes) box.checked = ticked.has(name);
      return;
    }
    this.listRows = rows;
    const hadFocus = this.list.contains(document.activeElement)
      ? this.controls.get(document.activeElement)
      : undefined;
    this.controls = new Map();
    this.boxes = new Map();
    this.list.replaceChildren(
      ...rows.map(({ run, color, problems, open }) => {
        const box = el("input", { attrs: { type: "checkbox" } });
        this.controls.set(box, `box:${run.run}`);
        this.boxes.set(run.run, box);
        box.checked = ticked.has(run.run);
        box.addEventListener("change", () =>
          this.onSelect(toggleRun(this.model.runs, this.model.selected, run.run, box.checked)),
        );
        const label = el(
          "label",
          { attrs: { title: run.run } },
          box,
          swatch(color),
          el("span", { className: "cs-runname", text: run.run }),
          el("span", { className: "cs-runmeta", text: runMeta(run) }),
        );
        if (problems.length === 0) return el("li", {}, label);
        const badge = el("button", {
          className: "cs-warn-badge",
          text: `⚠ ${problems.length}`,
          attrs: {
            type: "button",
            title: problems.join("\n"),
            "aria-label": `${problemCount(problems.length)} in the logs of ${run.run}`,
            "aria-expanded": String(open),
          },
          on: { click: () => this.toggleProblems(run.run) },
        });
        this.controls.set(badge, `warn:${run.run}`);
        const list = open
          ? el("ul", { className: "cs-run-warnings" }, ...problems.map((text) => el("li", { text })))
          : null;
        return el("li", { className: "cs-has-warnings" }, label, badge, list);
      }),
    );
    for (const [control, key] of this.controls) if (key === hadFocus) control.focus();
  }

  toggleProblems(run) {
    if (!this.expanded.delete(run)) this.expanded.add(run);
    this.renderList();
  }

  /** ArrowDown: to the first shown run. Enter does nothing (no form to submit, nothing to toggle). */
  onFilterKey(e) {
    if (e.key === "ArrowDown" && this.boxes.size > 0) {
      e.preventDefault();
      this.boxes.values().next().value.focus();
    } else if (e.key === "Enter") {
      e.preventDefault();
    }
  }

  /** ArrowUp/ArrowDown/Home/End between the shown runs' checkboxes (from a badge too: its run's row). */
  onListKey(e) {
    const moves = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity };
    if (!(e.key in moves) || e.altKey || e.ctrlKey || e.metaKey) return;
    const boxes = [...this.boxes.values()];
    const item = e.target.closest(".cs-runlist > li");
    const index = boxes.findIndex((box) => item?.contains(box));
    if (index < 0) return;
    e.preventDefault();
    const next = index + moves[e.key];
    if (next < 0 && e.key === "ArrowUp") this.filter.focus();
    else boxes[Math.min(Math.max(next, 0), boxes.length - 1)].focus();
  }

  selectShown(on) {
    const names = this.visibleRuns().map((r) => r.run);
    this.onSelect(toggleRuns(this.model.runs, this.model.selected, names, on));
  }

  /** The chips of the selected runs, rebuilt only when what they show changed. */
  renderChips() {
    const { selected, focused, colorOf, warnings } = this.model;
    const rows = selected.map((name) => ({
      name,
      focused: name === focused,
      color: colorOf(name),
      problems: warnings.get(name) ?? [],
    }));
    if (sameRows(rows, this.chipRows)) return;
    this.chipRows = rows;
    const badge = (name, problems) => {
      if (problems.length === 0) return null;
      return el("button", {
        className: "cs-chip-warn",
        text: `⚠ ${problems.length}`,
        attrs: {
          type: "button",
          title: [`${problemCount(problems.length)} in the logs:`, ...problems].join("\n"),
          "aria-label": `${problemCount(problems.length)} in the logs of ${name}; focus the run to list them`,
        },
        on: { click: () => this.onFocus(name) },
      });
    };
    this.chips.replaceChildren(
      ...rows.map(({ name, focused, color, problems }) =>
        el(
          "span",
          { className: `cs-chip${focused ? " cs-focused" : ""}` },
          el(
            "button",
            {
              className: "cs-chip-focus",
              attrs: { type: "button", title: `Focus ${name}`, "aria-pressed": String(focused) },
              on: { click: () => this.onFocus(name) },
            },
            swatch(color),
            el("span", { className: "cs-runname", text: name }),
          ),
          badge(name, problems),
          el("button", {
            className: "cs-chip-remove",
            text: "×",
            attrs: { type: "button", title: `Hide ${name}`, "aria-label": `Hide ${name}` },
            on: { click: () => this.onSelect(toggleRun(this.model.runs, this.model.selected, name, false)) },
          }),
        ),
      ),
    );
  }
}
