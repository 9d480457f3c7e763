/**
 * Number formatting for axes, legends, tooltips and the summary line.
 * Every function takes a value straight from the routes, so `null` and
 * non-finite numbers are expected and shown as a dash.
 */

export const MISSING = "–";

const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

function isNumber(v) {
  return typeof v === "number" && Number.isFinite(v);
}

/** Drops the zeros that toPrecision/toFixed leave after a decimal point. */
function trimZeros(text) {
  if (!text.includes(".")) return text;
  return text.replace(/(\.\d*?)0+(?=$|e)/, "$1").replace(/\.(?=$|e)/, "");
}

/**
 * A value with `digits` significant digits: plain decimals from 0.001 up to
 * 10^digits, scientific notation (`1.5e-4`) outside that range, where plain
 * decimals would be long runs of zeros.
 */
export function formatNumber(v, digits = 4) {
  if (!isNumber(v)) return MISSING;
  if (v === 0) return "0";
  const magnitude = Math.abs(v);
  if (magnitude >= 1e-3 && magnitude < 10 ** digits) {
    return trimZeros(v.toPrecision(digits));
  }
  return trimZeros(v.toExponential(digits - 1)).replace("e+", "e");
}

/** Learning rates: 4 significant digits, enough to tell 0.0010025 apart. */
export const formatLR = (v) => formatNumber(v, 4);

/** Global steps: integers, grouped from five digits on ("12,000"). */
export function formatStep(v) {
  if (!isNumber(v)) return MISSING;
  const rounded = Math.round(v);
  return Math.abs(rounded) >= 10000 ? grouped.format(rounded) : String(rounded);
}

/** Fractional epochs (x-axis in epoch mode): at most two decimals. */
export function formatEpoch(v) {
  if (!isNumber(v)) return MISSING;
  return trimZeros(v.toFixed(2));
}

/** A share in [0, 1] as a percentage: "6.3%", "25%", "<0.1%". */
export function formatPercent(share) {
  if (!isNumber(share)) return MISSING;
  if (share === 0) return "0%";
  const pct = share * 100;
  if (Math.abs(pct) < 0.1) return "<0.1%";
  return `${trimZeros(pct.toFixed(Math.abs(pct) < 10 ? 1 : 0))}%`;
}

/** Counts (points, units): always grouped ("1,813"). */
export function formatCount(v) {
  return isNumber(v) ? grouped.format(v) : MISSING;
}
