/**
 * Shaping of `{x, y}` series for uPlot, which wants one shared, sorted x
 * array with every series aligned to it (null where a series has no point).
 */

/**
 * Merges series with different x values into uPlot's aligned layout
 * `[xs, ys1, ys2, ...]`. Within one series a repeated x keeps the last y.
 * @param {{x: number[], y: (number|null)[]}[]} series
 */
export function alignSeries(series) {
  const xs = new Set();
  for (const s of series) for (const x of s.x) if (Number.isFinite(x)) xs.add(x);
  const sorted = Float64Array.from(xs).sort();
  const index = new Map();
  sorted.forEach((x, i) => index.set(x, i));
  const columns = series.map((s) => {
    const col = new Array(sorted.length).fill(null);
    s.x.forEach((x, i) => {
      if (index.has(x)) col[index.get(x)] = Number.isFinite(s.y[i]) ? s.y[i] : null;
    });
    return col;
  });
  return [Array.from(sorted), ...columns];
}

/** Index of the last x <= target in sorted `xs`, or -1. */
function floorIndex(xs, target) {
  let lo = 0;
  let hi = xs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= target) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The value of a series at `x` by linear interpolation between its
 * neighbouring points (exact for piecewise-linear LR schedules, whose
 * corners the lr route never drops). Null outside the series' x range or
 * next to a missing value.
 */
export function valueAt(xs, ys, x) {
  if (!Number.isFinite(x) || xs.length === 0) return null;
  const i = floorIndex(xs, x);
  if (i < 0) return null;
  if (xs[i] === x) return Number.isFinite(ys[i]) ? ys[i] : null;
  if (i === xs.length - 1) return null;
  const [y0, y1] = [ys[i], ys[i + 1]];
  if (!Number.isFinite(y0) || !Number.isFinite(y1)) return null;
  return y0 + ((y1 - y0) * (x - xs[i])) / (xs[i + 1] - xs[i]);
}

/**
 * The value of a step series at `x`: the last point at or before `x` holds
 * until the next one (Keras's per-epoch LR is constant within an epoch).
 * Null before the first point or after the last.
 */
export function stepValueAt(xs, ys, x) {
  if (!Number.isFinite(x) || xs.length === 0 || x > xs[xs.length - 1]) return null;
  const i = floorIndex(xs, x);
  return i >= 0 && Number.isFinite(ys[i]) ? ys[i] : null;
}

/** Index of the point of sorted `xs` nearest to `x`, or -1 when empty. */
export function nearestIndex(xs, x) {
  if (xs.length === 0 || !Number.isFinite(x)) return -1;
  const i = floorIndex(xs, x);
  if (i < 0) return 0;
  if (i === xs.length - 1) return i;
  return x - xs[i] <= xs[i + 1] - x ? i : i + 1;
}

/** Values a log scale cannot show (zero, negative) become gaps. */
export function positiveOnly(ys) {
  return ys.map((y) => (Number.isFinite(y) && y > 0 ? y : null));
}

/** [min, max] over the finite numbers of all arrays, or null if none. */
export function extent(...arrays) {
  let min = Infinity;
  let max = -Infinity;
  for (const arr of arrays) {
    for (const v of arr) {
      if (Number.isFinite(v)) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  return min <= max ? [min, max] : null;
}
