/**
 * The focused run's snapshots, one row each, the best one starred, with a
 * column per metric (viewmodel.js's snapshotRows).
 */

import { el } from "./dom.js";

/**
 * @param {{columns: string[], rows: {best: boolean, cells: string[]}[]}} table
 * @returns {HTMLElement}
 */
export function snapshotTable({ columns, rows }) {
  const head = el(
    "tr",
    {},
    ...["", ...columns].map((label) => el("th", { text: label, attrs: { scope: "col" } })),
  );
  const body = rows.map((row) =>
    el(
      "tr",
      { className: row.best ? "cs-best" : row.ensemble ? "cs-ensemble" : "" },
      el(
        "td",
        {},
        row.best ? el("span", { className: "cs-star", text: "★", attrs: { title: "best snapshot" } }) : "",
      ),
      ...row.cells.map((text) => el("td", { text })),
    ),
  );
  const table = el("table", { className: "cs-table" }, el("thead", {}, head), el("tbody", {}, ...body));
  return el("div", { className: "cs-table-wrap", dataset: { rows: String(rows.length) } }, table);
}
