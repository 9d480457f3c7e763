/**
 * Colour logic: stable run colours and the sequential heatmap scale.
 * Actual colour values come from CSS variables (see theme.js); this module
 * only deals with palette indices and RGB arithmetic.
 */

/**
 * Gives every run a palette index that never changes while the run exists:
 * runs keep their previous index, and each new run (in `names` order) takes
 * the index used by the fewest current runs, the lowest one on a tie.
 * @param {string[]} names all runs, in display order
 * @param {Map<string, number>} previous the last assignment
 * @param {number} paletteSize
 * @returns {Map<string, number>}
 */
export function assignRunColors(names, previous, paletteSize) {
  const result = new Map();
  const uses = new Array(paletteSize).fill(0);
  for (const name of names) {
    const index = previous.get(name);
    if (index !== undefined && index < paletteSize) {
      result.set(name, index);
      uses[index]++;
    }
  }
  for (const name of names) {
    if (result.has(name)) continue;
    const index = uses.indexOf(Math.min(...uses));
    result.set(name, index);
    uses[index]++;
  }
  return result;
}

/** "#rgb", "#rrggbb" or "rgb(r, g, b)" / "rgba(...)" to [r, g, b]; null if unreadable. */
export function parseColor(text) {
  const s = String(text).trim();
  let m = /^#([0-9a-f]{3})$/i.exec(s);
  if (m) return [...m[1]].map((c) => parseInt(c + c, 16));
  m = /^#([0-9a-f]{6})$/i.exec(s);
  if (m) return [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16));
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(s);
  if (m) return [m[1], m[2], m[3]].map(Number);
  return null;
}

/** `color` (any form parseColor reads) with alpha `a`, as "rgba(...)". */
export function withAlpha(color, a) {
  const rgb = parseColor(color) ?? [128, 128, 128];
  return `rgba(${rgb.join(", ")}, ${a})`;
}

/**
 * Colour of `t` in [0, 1] on a scale through evenly spaced RGB `stops`
 * (clamped outside the range), as "rgb(r, g, b)".
 * @param {number} t
 * @param {number[][]} stops at least two [r, g, b] triples
 */
export function scaleColor(t, stops) {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const pos = clamped * (stops.length - 1);
  const i = Math.min(Math.floor(pos), stops.length - 2);
  const f = pos - i;
  const rgb = stops[i].map((c, k) => Math.round(c + (stops[i + 1][k] - c) * f));
  return `rgb(${rgb.join(", ")})`;
}

/**
 * Position of a dead fraction on the heatmap's colour scale. A square root,
 * so that the range that matters (a few percent up to the 10 % warning
 * threshold) takes a third of the scale instead of a tenth.
 */
export function heatPosition(fraction) {
  return Number.isFinite(fraction) ? Math.sqrt(Math.min(1, Math.max(0, fraction))) : 0;
}
