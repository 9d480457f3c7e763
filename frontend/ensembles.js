/**
 * Snapshot ensembles on the LR chart and in the snapshots table: each
 * snapshot's validation metric, and the latest `SnapshotEnsemble.evaluate
 * (..., log_dir=...)` of a run (the lr route's `ensembles`), whose metrics
 * have no `val_` prefix: they are those of the data it evaluated. DOM-free.
 */

import { formatNumber } from "./format.js";
import { valueAt } from "./series.js";

/** Which metric speaks for a model: accuracy when there is one, else the loss. */
const PREFERRED = ["accuracy", "loss"];

const brief = (v) => formatNumber(v, 3);

function pick(metrics, prefix) {
  for (const name of PREFERRED) {
    const value = metrics?.[prefix + name];
    if (Number.isFinite(value)) return { key: prefix + name, value, text: brief(value) };
  }
  return null;
}

/** A snapshot's val_accuracy, else its val_loss, as {key, value, text}; null without either. */
export const snapshotMetric = (snapshot) => pick(snapshot.metrics, "val_");

/** The ensemble's accuracy, else its loss, as {key, value, text}; null without either. */
export const ensembleMetric = (ensemble) => pick(ensemble.metrics, "");

/** The run's latest ensemble evaluation (the last one at the highest step), or null. */
export function latestEnsemble(lr) {
  let latest = null;
  for (const e of lr.ensembles ?? []) if (!latest || !(e.step < latest.step)) latest = e;
  return latest;
}

const size = (ensemble) => `ensemble of ${ensemble.members?.length ?? 0}`;

/**
 * The marker of the latest ensemble on the run's LR curve, at its step.
 * @param {object} lr an lr response
 * @param {(step: number) => number} toX
 * @returns {{ensemble: object, x: number, y: number|null, label: string}|null}
 */
export function ensembleMarker(lr, toX) {
  const ensemble = latestEnsemble(lr);
  if (!ensemble || !Number.isFinite(ensemble.step)) return null;
  const metric = ensembleMetric(ensemble);
  return {
    ensemble,
    x: toX(ensemble.step),
    y: valueAt(lr.points.step, lr.points.value, ensemble.step),
    label: metric ? `ensemble ${metric.text}` : "ensemble",
  };
}

/**
 * "ensemble of 4: accuracy 0.967 (last snapshot 0.953)"; the last snapshot's
 * value only when it has the same metric on validation data. Null without an
 * ensemble.
 */
export function ensembleSentence(lr) {
  const ensemble = latestEnsemble(lr);
  if (!ensemble) return null;
  const metric = ensembleMetric(ensemble);
  if (!metric) return size(ensemble);
  const last = (lr.snapshots ?? []).reduce((a, s) => (a && a.step > s.step ? a : s), null);
  const own = last?.metrics?.[`val_${metric.key}`];
  const versus = Number.isFinite(own) ? ` (last snapshot ${brief(own)})` : "";
  return `${size(ensemble)}: ${metric.key} ${metric.text}${versus}`;
}

/**
 * The latest ensemble as a row of the snapshots table (viewmodel.js's
 * snapshotRows): its metric X under the snapshots' `val_X` column.
 * @param {object} ensemble
 * @param {string[]} keys the table's metric columns
 */
export function ensembleCells(ensemble, keys) {
  return keys.map((key) => (key.startsWith("val_") ? brief(ensemble.metrics?.[key.slice(4)]) : "–"));
}
