/**
 * The tab's own run picker (TensorBoard gives plugin iframes none): a
 * dropdown with a filter box and one checkbox per run, and a chip per
 * selected run; clicking a chip focuses its run (the one whose schedule,
 * phases, snapshots and dead ReLUs are shown). A run in whose logs the
 * plugin skipped something has a "⚠ N" badge: in the list it opens the
 * problems below the run, on a chip it focuses the run (the notice by the
 * charts lists them).
 */

import { el, swatch } from "./dom.js";
import { matchesFilter, toggleRun } from "./selection.js";

/** "triangular2 · 5 snapshots · 4 ReLU layers" for a run of the runs route. */
function runMeta(run) {
  const parts = [];
  if (run.lr) parts.push(run.schedule ?? "Keras LR");
  if (run.snapshots > 0) parts.push(`${run.snapshots} snapshots`);
  if (run.dead_relu_layers > 0) parts.push(`${run.dead_relu_layers} ReLU layers`);
  return parts.join(" · ");
}

const problemCount = (n) => `${n} ${n === 1 ? "problem" : "problems"}`;

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
    /** Runs whose problems are open in the list. */
    this.expanded = new Set();
    this.count = el("span");
    this.filter = el("input", {
      attrs: { type: "search", placeholder: "Filter runs", "aria-label": "Filter runs", spellcheck: "false" },
      on: { input: () => this.renderList() },
    });
    this.shown = el("span", { className: "cs-spacer" });
    this.list = el("ul", { className: "cs-runlist" });
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
      if (e.key === "Escape") this.details.open = false;
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
    return this.model.runs.filter((r) => matchesFilter(r.run, this.filter.value));
  }

  /** Rebuilds the list; the checkbox or badge that had the keyboard focus keeps it. */
  renderList() {
    const { selected, colorOf, warnings } = this.model;
    const visible = this.visibleRuns();
    const hadFocus = this.list.contains(document.activeElement)
      ? this.controls.get(document.activeElement)
      : undefined;
    this.controls = new Map();
    this.shown.textContent = `${visible.length} of ${this.model.runs.length} shown`;
    this.list.replaceChildren(
      ...visible.map((run) => {
        const box = el("input", { attrs: { type: "checkbox" } });
        this.controls.set(box, `box:${run.run}`);
        box.checked = selected.includes(run.run);
        box.addEventListener("change", () =>
          this.onSelect(toggleRun(this.model.runs, this.model.selected, run.run, box.checked)),
        );
        const label = el(
          "label",
          { attrs: { title: run.run } },
          box,
          swatch(colorOf(run.run)),
          el("span", { className: "cs-runname", text: run.run }),
          el("span", { className: "cs-runmeta", text: runMeta(run) }),
        );
        const problems = warnings.get(run.run) ?? [];
        if (problems.length === 0) return el("li", {}, label);
        const open = this.expanded.has(run.run);
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

  selectShown(on) {
    let selected = this.model.selected;
    for (const run of this.visibleRuns()) selected = toggleRun(this.model.runs, selected, run.run, on);
    this.onSelect(selected);
  }

  renderChips() {
    const { selected, focused, colorOf, warnings } = this.model;
    const badge = (name) => {
      const problems = warnings.get(name) ?? [];
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
      ...selected.map((name) =>
        el(
          "span",
          { className: `cs-chip${name === focused ? " cs-focused" : ""}` },
          el(
            "button",
            {
              className: "cs-chip-focus",
              attrs: { type: "button", title: `Focus ${name}`, "aria-pressed": String(name === focused) },
              on: { click: () => this.onFocus(name) },
            },
            swatch(colorOf(name)),
            el("span", { className: "cs-runname", text: name }),
          ),
          badge(name),
          el("button", {
            className: "cs-chip-remove",
            text: "×",
            attrs: { type: "button", title: `Hide ${name}`, "aria-label": `Hide ${name}` },
            on: { click: () => this.onSelect(toggleRun(this.model.runs, selected, name, false)) },
          }),
        ),
      ),
    );
  }
}
