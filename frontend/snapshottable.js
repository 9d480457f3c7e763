/**
 * The focused run's snapshots, one row each, the best one starred, with a
 * column per metric (snapshotmetrics.js).
 */

import { el } from "./dom.js";
import { formatLR, formatNumber, formatStep } from "./format.js";
import { metricKeys } from "./snapshotmetrics.js";

/**
 * @param {object[]} snapshots the lr route's `snapshots` of one run
 * @returns {HTMLElement}
 */
export function snapshotTable(snapshots) {
  const keys = metricKeys(snapshots);
  const head = el(
    "tr",
    {},
    ...["", "#", "epoch", "step", "LR", ...keys, "file"].map((label) =>
      el("th", { text: label, attrs: { scope: "col" } }),
    ),
  );
  const rows = snapshots.map((s) =>
    el(
      "tr",
      { className: s.best ? "cs-best" : "" },
      el(
        "td",
        {},
        s.best ? el("span", { className: "cs-star", text: "★", attrs: { title: "best snapshot" } }) : "",
      ),
      el("td", { text: String(s.index) }),
      el("td", { text: Number.isFinite(s.epoch) ? String(s.epoch) : "–" }),
      el("td", { text: formatStep(s.step) }),
      el("td", { text: formatLR(s.lr) }),
      ...keys.map((key) => el("td", { text: formatNumber(s.metrics?.[key]) })),
      el("td", { text: s.file ?? "–" }),
    ),
  );
  const table = el("table", { className: "cs-table" }, el("thead", {}, head), el("tbody", {}, ...rows));
  return el("div", { className: "cs-table-wrap", dataset: { rows: String(snapshots.length) } }, table);
}
