/**
 * Which metrics of the snapshots to show beside their LR. Keras puts the
 * learning rate among its epoch logs (`learning_rate`, and `lr` when a
 * callback adds it); where it only repeats the snapshot's LR it is left out.
 */

const LR_KEYS = new Set(["learning_rate", "lr"]);
/** Keras logs the LR as float32; the snapshot record keeps a float64. */
const TOLERANCE = 1e-6;

function repeatsLr(snapshot, key) {
  const value = snapshot.metrics?.[key];
  if (value === undefined) return true;
  const lr = snapshot.lr;
  return Number.isFinite(value) && Number.isFinite(lr) && Math.abs(value - lr) <= TOLERANCE * Math.abs(lr);
}

/**
 * Metric names over all snapshots, in first-seen order, without a
 * learning-rate metric that equals every snapshot's own LR.
 * @param {{lr: number|null, metrics?: Record<string, number|null>}[]} snapshots
 * @returns {string[]}
 */
export function metricKeys(snapshots) {
  const keys = new Set();
  for (const s of snapshots) for (const key of Object.keys(s.metrics ?? {})) keys.add(key);
  return [...keys].filter((key) => !(LR_KEYS.has(key) && snapshots.every((s) => repeatsLr(s, key))));
}
