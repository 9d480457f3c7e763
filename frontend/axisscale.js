/**
 * Linear or logarithmic y axes for the LR chart, chosen from the data it
 * shows. A linear axis squashes whatever is much smaller than its top
 * against the floor: a run whose LR peaks at 0.006 beside one at 0.1, or
 * a training loss after it fell from 2.3 to 1e-4.
 */

import { formatNumber } from "./format.js";

/** Runs whose peak LRs differ by more than this share a log LR axis by default. */
export const LR_PEAK_RATIO = 10;
/** A loss that spans more than this factor goes on a log axis. */
export const LOSS_SPAN_RATIO = 100;

/** The largest finite positive value, or null. */
export function positivePeak(values) {
  let peak = null;
  for (const v of values) if (Number.isFinite(v) && v > 0 && (peak === null || v > peak)) peak = v;
  return peak;
}

/**
 * How many times the highest peak of the series exceeds the lowest one;
 * 1 when fewer than two series have a positive value.
 * @param {(number|null)[][]} seriesList
 */
export function peakRatio(seriesList) {
  const peaks = seriesList.map(positivePeak).filter((p) => p !== null);
  return peaks.length < 2 ? 1 : Math.max(...peaks) / Math.min(...peaks);
}

/**
 * The LR axis scale. Log by default when the runs' peak LRs differ by more
 * than LR_PEAK_RATIO; the user's own choice of the toggle wins.
 * @param {(number|null)[][]} seriesList the LR values of each run drawn
 * @param {boolean|null} choice the user's choice; null while they have not touched the toggle
 * @returns {{log: boolean, auto: boolean, ratio: number}} `auto`: the scale is the default one
 */
export function lrScale(seriesList, choice) {
  const ratio = peakRatio(seriesList);
  const auto = choice === null || choice === undefined;
  return { log: auto ? ratio > LR_PEAK_RATIO : choice, auto, ratio };
}

/** Why the LR axis has its scale, for the log toggle's tooltip. */
export function describeLrScale({ log, auto, ratio }) {
  const what = "Logarithmic learning-rate axis";
  if (!auto) return `${what} (your choice, kept until the page is reloaded)`;
  if (log) return `${what}: on by default, the runs' peak LRs differ ${formatNumber(ratio, 2)}×`;
  return `${what}: on by default when the runs' peak LRs differ more than ${LR_PEAK_RATIO}×`;
}

/**
 * Whether the loss axis is logarithmic: every value is positive (a log axis
 * cannot show the others) and together they span more than LOSS_SPAN_RATIO.
 * @param {(number|null)[][]} seriesList the loss values of each run drawn
 */
export function lossIsLog(seriesList) {
  let min = Infinity;
  let max = -Infinity;
  for (const values of seriesList) {
    for (const v of values) {
      if (!Number.isFinite(v)) continue;
      if (v <= 0) return false;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  return min <= max && max / min > LOSS_SPAN_RATIO;
}

/** Relative slack when rounding, so that a float32 0.1 (0.10000000149) stays 0.1. */
const SLACK = 1e-6;

/** `v` rounded down (`round` Math.floor) or up (Math.ceil) to one significant digit. */
function oneDigit(v, round) {
  const exponent = Math.floor(Math.log10(v));
  const slack = round === Math.floor ? 1 + SLACK : 1 - SLACK;
  const digit = round(v * 10 ** -exponent * slack);
  // Dividing by an exact power of ten gives 0.0002, where 2 * 1e-4 gives 0.00019999999999999998.
  return exponent < 0 ? digit / 10 ** -exponent : digit * 10 ** exponent;
}

/**
 * The [min, max] of a log axis showing values from `min` to `max` (both
 * positive): rounded outward to one significant digit, so that the ticks,
 * which start at the axis minimum, fall on round numbers, and no decade
 * is wasted (0.005 to 0.1 stays 0.005 to 0.1, 2.3 goes up to 3, not 10).
 */
export function logRange(min, max) {
  if (!(min > 0 && max > 0)) return [0.001, 1];
  if (min === max) return [oneDigit(min / 2, Math.floor), oneDigit(max * 2, Math.ceil)];
  return [oneDigit(min, Math.floor), oneDigit(max, Math.ceil)];
}
