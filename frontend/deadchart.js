/**
 * Dead fraction per ReLU layer over training, on the LR chart's x-axis
 * (same domain, zoom and cursor through XAxisSync, same plot margins), with
 * the focused run's phases behind it, so that a surge of dead units can be
 * read against the LR phase that caused it.
 */

import uPlot from "./vendor/uPlot.esm.js";
import { ChartView, cursorX, drawPhaseBackdrop, exposeXRange, rightGutter, xAxis, yAxis } from "./chartkit.js";
import { withAlpha } from "./colors.js";
import { el, swatch } from "./dom.js";
import { formatPercent } from "./format.js";
import { alignSeries, extent, nearestIndex } from "./series.js";
import { checkLabel } from "./tooltips.js";

const HEIGHT = 190;
/** Deep models: the legend lists this many layers (the most dead ones at the cursor). */
const LEGEND_LAYERS = 8;

/**
 * @typedef {object} DeadLayer
 * @property {string} name
 * @property {string} path
 * @property {string} color
 * @property {(number|null)[]} fractions one per check, null where absent
 */

export class DeadChart extends ChartView {
  /**
   * @param {{xsync: import("./xsync.js").XAxisSync, onSelectLayer: (path: string) => void}} deps
   */
  constructor({ xsync, onSelectLayer }) {
    super(HEIGHT);
    this.xsync = xsync;
    this.onSelectLayer = onSelectLayer;
    this.legend = el("div", { className: "cs-legend" });
    this.node = el("div", {}, this.legend, this.container);
    this.model = null;
  }

  /**
   * @param {{theme: object, xMode: string, xs: (number|null)[], checks: object[],
   *          layers: DeadLayer[], selected: string|null, threshold: number|null,
   *          focus: object|null, gutter: boolean}} model
   */
  update(model) {
    this.model = model;
    this.order = checkOrder(model.xs);
    this.sortedXs = this.order.map((i) => model.xs[i]);
    this.rebuild();
  }

  rebuild() {
    const width = this.drawingWidth();
    const m = this.model;
    if (!m || width <= 0) return;
    const theme = m.theme;
    const data = alignSeries(m.layers.map((layer) => ({ x: m.xs, y: layer.fractions })));
    const highest = extent(...m.layers.map((layer) => layer.fractions))?.[1] ?? 0;
    const axes = [
      xAxis(theme, m.xMode),
      yAxis(theme, { scale: "frac", label: "dead units", format: formatPercent }),
    ];
    if (m.gutter) axes.push(rightGutter("frac"));
    this.plot = new uPlot(
      {
        width,
        height: HEIGHT,
        series: [
          {},
          ...m.layers.map((layer) => {
            const selected = layer.path === m.selected;
            // Deep models: the chosen layer stands out, the others recede.
            const crowded = m.layers.length > LEGEND_LAYERS && !selected;
            return {
              label: layer.name,
              scale: "frac",
              stroke: crowded ? withAlpha(layer.color, 0.35) : layer.color,
              width: selected ? 2.5 : crowded ? 1 : 1.25,
              points: { show: !crowded, size: selected ? 7 : 5, fill: layer.color },
            };
          }),
        ],
        axes,
        // The y range covers every check, not just the zoomed ones, so that
        // lines leaving the window are not clipped and zooming keeps the scale.
        scales: { x: { time: false }, frac: { range: () => fractionRange(highest, m.threshold) } },
        legend: { show: false },
        cursor: { y: false, points: { show: false }, drag: { x: true, y: false } },
        plugins: [this.xsync.plugin()],
        hooks: {
          drawClear: [(u) => drawPhaseBackdrop(u, m.focus, theme)],
          draw: [(u) => this.drawThreshold(u)],
          setScale: [exposeXRange(this.container)],
          setCursor: [(u) => this.renderLegend(cursorX(u))],
        },
      },
      data,
      this.container,
    );
    this.renderLegend(null);
  }

  /** The warning threshold (DeadReluDetector's dead_neurons_share_threshold). */
  drawThreshold(u) {
    const threshold = this.model.threshold;
    if (!Number.isFinite(threshold)) return;
    const { ctx, bbox } = u;
    const ratio = uPlot.pxRatio;
    const y = Math.round(u.valToPos(threshold, "frac", true)) + 0.5;
    ctx.save();
    ctx.strokeStyle = this.model.theme.threshold;
    ctx.fillStyle = this.model.theme.threshold;
    ctx.lineWidth = ratio;
    ctx.setLineDash([6 * ratio, 4 * ratio]);
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
    ctx.font = `${11 * ratio}px ${this.model.theme.font}`;
    ctx.textAlign = "right";
    ctx.textBaseline = "bottom";
    ctx.fillText(`threshold ${formatPercent(threshold)}`, bbox.left + bbox.width - 4 * ratio, y - 2 * ratio);
    ctx.restore();
  }

  /**
   * Each layer's dead share at the check nearest the cursor (the latest
   * check when the cursor is elsewhere). Deep models list only the chosen
   * layer and the most dead ones there.
   */
  renderLegend(x) {
    const m = this.model;
    const nearest = x === null ? -1 : nearestIndex(this.sortedXs, x);
    const column = nearest >= 0 ? this.order[nearest] : -1;
    const check = column >= 0 ? m.checks[column] : null;
    const shareAt = (layer) => (column >= 0 ? layer.fractions[column] : latest(layer.fractions)) ?? -1;
    let layers = m.layers;
    if (layers.length > LEGEND_LAYERS) {
      const top = [...layers].sort((a, b) => shareAt(b) - shareAt(a)).slice(0, LEGEND_LAYERS);
      layers = layers.filter((l) => top.includes(l) || l.path === m.selected);
    }
    const items = layers.map((layer) =>
      el(
        "button",
        {
          className: `cs-legend-item${layer.path === m.selected ? " cs-active" : ""}`,
          attrs: { type: "button", title: `Show the firing rates of ${layer.name}` },
          on: { click: () => this.onSelectLayer(layer.path) },
        },
        swatch(layer.color),
        el("span", { className: "cs-runname", text: layer.name }),
        column >= 0 ? el("b", { text: formatPercent(layer.fractions[column]) }) : null,
      ),
    );
    const hidden = m.layers.length - layers.length;
    if (hidden > 0) items.push(el("span", { className: "cs-note", text: `+${hidden} more layers` }));
    const label = check ? checkLabel(check) : "hover for values";
    this.legend.replaceChildren(el("span", { className: "cs-legend-x", text: label }), ...items);
  }
}

/** The last finite value of `values`, or null. */
function latest(values) {
  return values.filter(Number.isFinite).at(-1) ?? null;
}

/** Indices of the checks with a position, by increasing x. */
function checkOrder(xs) {
  return xs
    .map((x, i) => [x, i])
    .filter(([x]) => Number.isFinite(x))
    .sort((a, b) => a[0] - b[0])
    .map(([, i]) => i);
}

/** 0 up to a little above the larger of the data and the threshold, at most 100 %. */
function fractionRange(max, threshold) {
  const top = Math.max(max, Number.isFinite(threshold) ? threshold : 0, 0.05);
  return [0, Math.min(1, top * 1.15)];
}
