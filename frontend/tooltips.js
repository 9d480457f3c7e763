/**
 * Tooltip contents as plain data: `{title, badge, rows: [[label, value]]}`.
 * The hover card renders them with textContent, so names from the logs
 * (runs, layers, files, metric keys) are never parsed as HTML.
 */

import { formatEpoch, formatLR, formatNumber, formatPercent, formatStep } from "./format.js";
import { metricKeys } from "./snapshotmetrics.js";

/** "step 469 · epoch 0" for a dead-ReLU check. */
export function checkLabel(check) {
  const parts = [`step ${formatStep(check.step)}`];
  if (Number.isFinite(check.epoch)) parts.push(`epoch ${check.epoch}`);
  return parts.join(" · ");
}

/** A snapshot marker on the LR chart: index, epoch, step, LR, metrics, file. */
export function snapshotTooltip(snapshot, runName) {
  const rows = [
    ["run", runName],
    ["epoch", Number.isFinite(snapshot.epoch) ? String(snapshot.epoch) : "–"],
    ["step", formatStep(snapshot.step)],
    ["LR", formatLR(snapshot.lr)],
  ];
  for (const key of metricKeys([snapshot])) rows.push([key, formatNumber(snapshot.metrics[key])]);
  if (snapshot.file) rows.push(["file", snapshot.file]);
  return { title: `Snapshot ${snapshot.index}`, badge: snapshot.best ? "best" : null, rows };
}

/** A heatmap cell: "count / units (fraction)" of one layer at one check. */
export function heatCellTooltip(layer, check, dead, fraction) {
  const value =
    dead === null || dead === undefined
      ? "not present at this check"
      : `${dead} / ${layer.units} (${formatPercent(fraction)})`;
  const rows = [
    ["check", checkLabel(check)],
    ["dead units", value],
  ];
  if (Number.isFinite(check.probe_samples)) rows.push(["probe samples", String(check.probe_samples)]);
  return { title: layer.name, badge: null, rows };
}

/** One bucket of a firing-rate histogram. */
export function bucketTooltip(layerName, check, bucket, total) {
  const [left, right, count] = bucket;
  const share = total > 0 ? count / total : null;
  return {
    title: layerName,
    badge: null,
    rows: [
      ["check", checkLabel(check)],
      ["firing rate", `${formatNumber(left, 2)} – ${formatNumber(right, 2)}`],
      ["units", share === null ? String(count) : `${count} (${formatPercent(share)})`],
    ],
  };
}

/** The x position of the cursor, in the unit the x-axis shows. */
export function xLabel(x, mode) {
  return mode === "epoch" ? `epoch ${formatEpoch(x)}` : `step ${formatStep(x)}`;
}

/** The latest snapshot ensemble's marker: its metrics, members and data size. */
export function ensembleTooltip(ensemble, runName) {
  const rows = [
    ["run", runName],
    ["step", formatStep(ensemble.step)],
  ];
  for (const [key, value] of Object.entries(ensemble.metrics ?? {})) rows.push([key, formatNumber(value)]);
  if (Number.isFinite(ensemble.samples)) rows.push(["samples", String(ensemble.samples)]);
  (ensemble.members ?? []).forEach((member, i) => rows.push([`member ${i + 1}`, member ?? "–"]));
  return { title: `Ensemble of ${ensemble.members?.length ?? 0}`, badge: null, rows };
}
