/**
 * Preparation of a layer's firing-rate histograms (one per dead-ReLU check,
 * buckets `[left, right, count]` over [0, 1]) for the ridgeline view.
 */

/**
 * Indices of at most `max` items out of `n`, evenly spread and always
 * including the first and the last, so that a long run still shows where
 * it started and where it ended.
 */
export function spreadIndices(n, max) {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  if (max <= 1) return [n - 1];
  const out = new Set();
  for (let k = 0; k < max; k++) out.add(Math.round((k * (n - 1)) / (max - 1)));
  return [...out];
}

/**
 * Ridgeline rows, oldest first, with each bucket's height as a share of the
 * tallest bucket over all shown rows (so rows are comparable), and each
 * row's unit total for tooltips.
 * @param {{step: number, buckets: number[][]}[]} histograms
 * @param {number} maxRows
 * @returns {{step: number, buckets: number[][], heights: number[], total: number}[]}
 */
export function ridgelineRows(histograms, maxRows) {
  const sorted = [...histograms].sort((a, b) => a.step - b.step);
  const shown = spreadIndices(sorted.length, maxRows).map((i) => sorted[i]);
  let tallest = 0;
  for (const h of shown) for (const b of h.buckets) tallest = Math.max(tallest, b[2]);
  return shown.map((h) => ({
    step: h.step,
    buckets: h.buckets,
    heights: h.buckets.map((b) => (tallest > 0 ? b[2] / tallest : 0)),
    total: h.buckets.reduce((sum, b) => sum + b[2], 0),
  }));
}

/** Index of the bucket of `buckets` that holds `rate` (the last one holds 1.0), or -1. */
export function bucketIndex(buckets, rate) {
  for (let i = 0; i < buckets.length; i++) {
    const [left, right] = buckets[i];
    const last = i === buckets.length - 1;
    if (rate >= left && (rate < right || (last && rate <= right))) return i;
  }
  return -1;
}
