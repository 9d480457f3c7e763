/**
 * uPlot pieces shared by the LR chart and the dead-fraction chart: axes
 * with fixed widths (so both plots start and end at the same pixel and
 * their x positions line up), and the phase backdrop drawn behind the
 * series.
 */

import uPlot from "./vendor/uPlot.esm.js";
import { el } from "./dom.js";
import { formatEpoch, formatStep } from "./format.js";
import { cycleBoundaries, phaseBands } from "./phases.js";

/** Widths of the y-axes (tick labels) and of their titles, in CSS pixels. */
const LEFT_AXIS = 64;
const RIGHT_AXIS = 52;
const LABEL_SIZE = 16;

function axisStyle(theme) {
  return {
    stroke: theme.axis,
    font: `11px ${theme.font}`,
    labelFont: `12px ${theme.font}`,
    labelSize: LABEL_SIZE,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1, size: 4 },
  };
}

/** The x-axis, in steps or fractional epochs. */
export function xAxis(theme, mode) {
  const format = mode === "epoch" ? formatEpoch : formatStep;
  return {
    ...axisStyle(theme),
    scale: "x",
    label: mode,
    size: 24,
    labelGap: 0,
    space: 60,
    values: (u, splits) => splits.map(format),
  };
}

/** A y-axis on the left (`side` 3) or right (`side` 1) with a fixed width. */
export function yAxis(theme, { scale, label, format, side = 3, grid = true }) {
  const style = axisStyle(theme);
  return {
    ...style,
    scale,
    side,
    label,
    size: side === 3 ? LEFT_AXIS : RIGHT_AXIS,
    grid: { ...style.grid, show: grid },
    // A log axis hands over null for the ticks it leaves unlabelled.
    values: (u, splits) => splits.map((v) => (v === null ? "" : format(v))),
  };
}

/**
 * An empty right axis on `scale`, as wide as the loss axis, so that a chart
 * without one keeps its plot aligned with a chart that has it.
 */
export function rightGutter(scale) {
  return {
    scale,
    side: 1,
    size: RIGHT_AXIS,
    labelSize: LABEL_SIZE,
    label: "",
    values: (u, splits) => splits.map(() => ""),
    grid: { show: false },
    ticks: { show: false },
  };
}

/**
 * Paints the focused run's phases behind the series: rising and falling
 * half-cycles in two tints, cosine cycles alternately in both (flat
 * segments stay clear), and dashed lines at cycle boundaries.
 * @param {uPlot} u
 * @param {{phases: object[], cycles: object[], toX: (step: number) => number}|null} focus
 * @param {object} theme
 */
export function drawPhaseBackdrop(u, focus, theme) {
  const { min, max } = u.scales.x;
  if (!focus || !Number.isFinite(min) || !Number.isFinite(max)) return;
  const { ctx, bbox } = u;
  const px = (x) => u.valToPos(x, "x", true);
  const tint = (band) => {
    if (band.phase === "rising") return theme.bandRising;
    if (band.phase === "falling") return theme.bandFalling;
    if (band.phase === "cosine") return band.index % 2 ? theme.bandRising : theme.bandFalling;
    return null;
  };
  clipToPlot(u);
  for (const band of phaseBands(focus.phases, focus.toX, min, max)) {
    const fill = tint(band);
    if (!fill) continue;
    ctx.fillStyle = fill;
    const x0 = px(band.x0);
    ctx.fillRect(x0, bbox.top, px(band.x1) - x0, bbox.height);
  }
  const ratio = uPlot.pxRatio;
  ctx.strokeStyle = theme.boundary;
  ctx.lineWidth = ratio;
  ctx.setLineDash([4 * ratio, 4 * ratio]);
  ctx.beginPath();
  for (const x of cycleBoundaries(focus.cycles, focus.toX, min, max)) {
    const p = Math.round(px(x)) + 0.5;
    ctx.moveTo(p, bbox.top);
    ctx.lineTo(p, bbox.top + bbox.height);
  }
  ctx.stroke();
  ctx.restore();
}

/** Cursor position in data units, or null when the cursor is off the plot. */
export function cursorX(u) {
  const left = u.cursor.left;
  if (left === undefined || left === null || left < 0) return null;
  return u.posToVal(left, "x");
}

/**
 * Keeps the x range a chart shows on its container as `data-x-range`
 * ("min,max"), so that browser tests can check zoom and alignment.
 */
export function exposeXRange(container) {
  return (u, key) => {
    if (key === "x") container.dataset.xRange = `${u.scales.x.min},${u.scales.x.max}`;
  };
}

/**
 * The lifecycle shared by the tab's uPlot charts: a chart is rebuilt when
 * its data changes and resized with its container. Subclasses implement
 * `rebuild()`, starting it with `drawingWidth()`.
 */
export class ChartView {
  constructor(height) {
    this.height = height;
    this.container = el("div", { className: "cs-chart" });
    this.plot = null;
  }

  /** Called by the app's ResizeObserver with the container's new width. */
  resize(width) {
    if (this.plot) this.plot.setSize({ width, height: this.height });
    else this.rebuild();
  }

  destroy() {
    this.plot?.destroy();
    this.plot = null;
  }

  /** Destroys the old plot and returns the width to draw at: 0 while the
   * tab is hidden, and then `resize()` builds the chart when it shows. */
  drawingWidth() {
    this.destroy();
    return this.container.clientWidth;
  }
}

/** Saves the canvas state and clips drawing to the plot area (undo with `ctx.restore()`). */
export function clipToPlot(u) {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
}
