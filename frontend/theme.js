/**
 * The current colour theme, read from the CSS variables of style.css so
 * that canvases (uPlot, heatmap, ridgeline) follow prefers-color-scheme
 * like the rest of the page.
 */

import { parseColor } from "./colors.js";

export const PALETTE_SIZE = 10;
const HEAT_STOPS = 5;

/** Reads the theme; call again after the colour scheme changes. */
export function readTheme() {
  const css = getComputedStyle(document.documentElement);
  const v = (name) => css.getPropertyValue(name).trim();
  return {
    fg: v("--fg"),
    muted: v("--muted"),
    card: v("--card"),
    grid: v("--grid"),
    axis: v("--axis"),
    accent: v("--accent"),
    bandRising: v("--band-rising"),
    bandFalling: v("--band-falling"),
    boundary: v("--boundary"),
    best: v("--best"),
    threshold: v("--threshold"),
    font: v("--font"),
    palette: Array.from({ length: PALETTE_SIZE }, (_, i) => v(`--run-${i}`)),
    heat: Array.from({ length: HEAT_STOPS }, (_, i) => parseColor(v(`--heat-${i}`)) ?? [128, 128, 128]),
  };
}

/** Calls `onChange` when the user switches between light and dark. */
export function onColorSchemeChange(onChange) {
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", onChange);
}
