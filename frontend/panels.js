/**
 * Small static pieces of the page: the empty state, the LR chart's key and
 * the focused run's summary line.
 */

import { el, swatch } from "./dom.js";
import { formatCount } from "./format.js";
import { scheduleSummary } from "./summary.js";

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
 * @param {{phases: object[], boundaries: boolean, snapshots: boolean, loss: boolean}} shown
 */
export function chartKey(theme, { phases, boundaries, snapshots, loss }) {
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
    kinds.has("rising") ? el("span", {}, tint(theme.bandRising), "rising") : null,
    kinds.has("falling") ? el("span", {}, tint(theme.bandFalling), "falling") : null,
    kinds.has("cosine") ? el("span", {}, tint(theme.bandRising, theme.bandFalling), "cosine cycles") : null,
    boundaries ? el("span", {}, el("i", { className: "cs-key-boundary" }), "cycle boundary") : null,
    snapshots ? el("span", {}, el("i", { className: "cs-key-dot" }), "snapshot") : null,
    snapshots ? el("span", {}, el("i", { className: "cs-key-star", text: "★" }), "best") : null,
    loss ? el("span", {}, el("i", { className: "cs-key-loss" }), "loss (right axis)") : null,
  );
}

/**
 * "● run  triangular2 · 0.001 → 0.006 · …   1,813 of 14,500 points".
 * @param {string} run
 * @param {string} color
 * @param {object|null} lr the run's lr response (null: the run has none)
 */
export function summaryLine(run, color, lr) {
  const parts = lr ? scheduleSummary(lr) : ["no learning-rate data"];
  const line = el(
    "div",
    { className: "cs-summary", dataset: { summary: parts.join(" · ") } },
    swatch(color),
    el("span", { className: "cs-runname", text: run }),
    el("span", { className: "cs-summary-parts" }, ...parts.map((p) => el("span", { text: p }))),
  );
  if (lr?.loader_sampled) {
    const note =
      `${formatCount(lr.points.step.length)} points: TensorBoard kept only a sample of this LR; ` +
      "start it with --samples_per_plugin=scalars=0 to keep every point";
    line.append(el("span", { className: "cs-note cs-warning", text: note }));
  } else if (lr?.downsampled) {
    const shown = `${formatCount(lr.points.step.length)} of ${formatCount(lr.total_points)} points`;
    line.append(
      el("span", { className: "cs-note", text: `${shown} (downsampled, every apex and trough kept)` }),
    );
  }
  return line;
}
