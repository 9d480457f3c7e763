/**
 * Small pieces of the page: the empty state, the LR chart's key, the
 * focused run's summary line and the notice of what the plugin skipped.
 */

import { el, swatch } from "./dom.js";

/** What to add to `model.fit` to get data, shown when there are no runs. */
export function emptyState() {
  const code = el("pre", {
    text: [
      "from cyclescope.callbacks import CyclicLR",
      'model.fit(x, y, callbacks=[CyclicLR(log_dir="logs/run1")])',
    ].join("\n"),
  });
  return el(
    "section",
    { className: "cs-card cs-empty", dataset: { empty: "true" } },
    el("h2", { text: "No Cyclescope data yet" }),
    el("p", {
      text:
        "Cyclescope shows learning-rate cycles, snapshots and dead ReLUs written by its Keras " +
        "callbacks. Add one to model.fit, with a log_dir inside TensorBoard's --logdir:",
    }),
    code,
    el("p", {
      className: "cs-note",
      text: "Then press Reload. Runs that only hold Keras's epoch_learning_rate appear too.",
    }),
  );
}

/**
 * The key of the LR chart's backdrop, markers and loss lines, naming only
 * what the chart shows: the focused run's phase kinds and cycle
 * boundaries, snapshot markers when a drawn run has some, the loss when it
 * is drawn.
 * @param {object} theme
 * @param {{phases: object[], names?: {rising: string, falling: string}, boundaries: boolean,
 *          snapshots: boolean, loss: boolean}} shown
 */
export function chartKey(theme, { phases, names, boundaries, snapshots, ensembles, loss }) {
  const tints = names ?? { rising: "rising", falling: "falling" };
  const tint = (...colors) => {
    const i = el("i");
    i.style.background =
      colors.length > 1 ? `linear-gradient(90deg, ${colors[0]} 50%, ${colors[1]} 50%)` : colors[0];
    return i;
  };
  const kinds = new Set(phases.map((p) => p.phase));
  return el(
    "div",
    { className: "cs-key", attrs: { "aria-label": "Chart key" } },
    kinds.has("rising") ? el("span", {}, tint(theme.bandRising), tints.rising) : null,
    kinds.has("falling") ? el("span", {}, tint(theme.bandFalling), tints.falling) : null,
    kinds.has("cosine") ? el("span", {}, tint(theme.bandRising, theme.bandFalling), "cosine cycles") : null,
    boundaries ? el("span", {}, el("i", { className: "cs-key-boundary" }), "cycle boundary") : null,
    snapshots ? el("span", {}, el("i", { className: "cs-key-dot" }), "snapshot") : null,
    snapshots ? el("span", {}, el("i", { className: "cs-key-star", text: "★" }), "best") : null,
    ensembles ? el("span", {}, el("i", { className: "cs-key-diamond", text: "◆" }), "ensemble") : null,
    loss ? el("span", {}, el("i", { className: "cs-key-loss" }), "loss (right axis)") : null,
  );
}

/**
 * "● run  triangular2 · 0.001 → 0.006 · …   1,813 of 14,500 points".
 * @param {{run: string, color: string, parts: string[], note: {text: string, warning: boolean}|null}} summary
 *     viewmodel.js's summaryModel
 */
export function summaryLine({ run, color, parts, note, deaths = null }) {
  const line = el(
    "div",
    { className: "cs-summary", dataset: { summary: parts.join(" · ") } },
    swatch(color),
    el("span", { className: "cs-runname", text: run }),
    el("span", { className: "cs-summary-parts" }, ...parts.map((p) => el("span", { text: p }))),
  );
  if (note) {
    line.append(el("span", { className: note.warning ? "cs-note cs-warning" : "cs-note", text: note.text }));
  }
  if (!deaths) return line;
  return el("div", {}, line, el("p", { className: "cs-summary-deaths", dataset: { deaths }, text: deaths }));
}

/** Problems shown in full; more fold into a "N more" list. */
const NOTICE_ITEMS = 3;

/**
 * What the plugin skipped in a run's logs, by the charts: the title, the
 * first problems, the others behind "N more".
 * @param {{run: string|null, title: string, problems: string[]}} notice
 */
export function warningNotice({ run, title, problems }) {
  const list = (items) => el("ul", {}, ...items.map((text) => el("li", { text })));
  const rest = problems.slice(NOTICE_ITEMS);
  return el(
    "section",
    {
      className: "cs-notice",
      attrs: { role: "note" },
      dataset: { run: run ?? "", problems: String(problems.length) },
    },
    el(
      "p",
      { className: "cs-notice-title" },
      el("span", { className: "cs-warn-icon", text: "⚠", attrs: { "aria-hidden": "true" } }),
      title,
    ),
    list(problems.slice(0, NOTICE_ITEMS)),
    rest.length > 0 ? el("details", {}, el("summary", { text: `${rest.length} more` }), list(rest)) : null,
  );
}
