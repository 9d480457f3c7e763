/**
 * The LR range test of a run (`find_lr(..., log_dir=...)`, the
 * lr_range_test route): the loss over the swept LR, the suggested bounds and
 * the line to copy into the code. DOM-free; rangechart.js draws it.
 */

import { formatCount, formatLR } from "./format.js";

/**
 * `v` as Python's `format(v, ".3g")` writes it (the suggestion of
 * `LRRangeTestResult` in callbacks/lr_range_test.py): `digits` significant
 * digits, scientific notation when the exponent is below -4 or at least
 * `digits`, with a sign and two exponent digits ("1e-06"), no trailing zeros.
 */
export function formatG(v, digits = 3) {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const trim = (text) => (text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text);
  // The exponent after rounding to `digits` digits (0.000999999 -> 1e-3).
  const [mantissa, exp] = v.toExponential(digits - 1).split("e");
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= digits) {
    const sign = exponent < 0 ? "-" : "+";
    return `${trim(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return trim(v.toFixed(Math.max(0, digits - 1 - exponent)));
}

/** "use CyclicLR(base_lr=0.00292, max_lr=0.0292)", or null without both bounds. */
export function suggestionText({ base_lr, max_lr }) {
  if (!Number.isFinite(base_lr) || !Number.isFinite(max_lr)) return null;
  return `use CyclicLR(base_lr=${formatG(base_lr)}, max_lr=${formatG(max_lr)})`;
}

const numbers = (v) => (Array.isArray(v) ? v : []);

/**
 * What the range-test panel shows.
 * @param {object} rt an lr_range_test response
 * @param {{theme?: object, color?: string}} style
 * @returns {{run: string, chart: object, suggestion: string|null, parts: string[], note: string|null}}
 */
export function rangeTestModel(rt, { theme, color } = {}) {
  const xs = numbers(rt.lrs);
  const raw = numbers(rt.raw_losses);
  const bounds = [
    ["base_lr", rt.base_lr],
    ["max_lr", rt.max_lr],
  ]
    .filter(([, lr]) => Number.isFinite(lr))
    .map(([name, lr]) => ({ lr, label: `${name} ${formatG(lr)}` }));
  return {
    run: rt.run,
    chart: {
      theme,
      color,
      log: rt.mode !== "linear",
      xs,
      smoothed: numbers(rt.losses),
      raw: raw.length === xs.length && raw.length > 0 ? raw : null,
      bounds,
    },
    suggestion: suggestionText(rt),
    parts: [
      "LR range test",
      `${rt.mode ?? "exp"} sweep ${formatLR(rt.start_lr)} → ${formatLR(rt.end_lr)}`,
      `${formatCount(xs.length)} ${xs.length === 1 ? "step" : "steps"}`,
    ],
    note: rt.stopped_early ? "Stopped early: the loss diverged before end_lr." : null,
  };
}
