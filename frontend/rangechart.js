/**
 * The LR range test panel (rangetest.js's model): the smoothed loss (and
 * the raw loss, faint) over the swept LR on a log axis (linear for a
 * linear sweep), dashed lines at the suggested bounds, and the suggestion
 * as one line of text to copy.
 */

import uPlot from "./vendor/uPlot.esm.js";
import { logRange } from "./axisscale.js";
import { ChartView, yAxis } from "./chartkit.js";
import { withAlpha } from "./colors.js";
import { el } from "./dom.js";
import { formatLR, formatNumber } from "./format.js";

const HEIGHT = 300;

class RangePlot extends ChartView {
  constructor() {
    super(HEIGHT);
    this.model = null;
  }

  update(model) {
    this.model = model;
    this.container.dataset.rangeTest = String(model.xs.length);
    this.container.dataset.lrScale = model.log ? "log" : "linear";
    this.rebuild();
  }

  rebuild() {
    const width = this.drawingWidth();
    const m = this.model;
    if (!m || m.xs.length === 0 || width <= 0) return;
    const theme = m.theme;
    const lossAxis = yAxis(theme, { scale: "loss", label: "loss", format: (v) => formatNumber(v, 3) });
    const series = [{}];
    const data = [m.xs];
    if (m.raw) {
      series.push({ label: "raw loss", scale: "loss", stroke: withAlpha(m.color, 0.35), width: 1 });
      data.push(m.raw);
    }
    series.push({ label: "smoothed loss", scale: "loss", stroke: m.color, width: 2.25 });
    data.push(m.smoothed);
    const x = {
      ...lossAxis,
      scale: "x",
      side: 2,
      size: 36,
      label: m.log ? "learning rate (log)" : "learning rate",
      space: 60,
      values: (u, splits) => splits.map((v) => (v === null ? "" : formatLR(v))),
    };
    this.plot = new uPlot(
      {
        width,
        height: HEIGHT,
        series: series.map((s) => (s.scale ? { ...s, spanGaps: true, points: { show: false } } : s)),
        axes: [x, lossAxis],
        scales: {
          x: m.log
            ? { time: false, distr: 3, log: 10, range: (u, min, max) => logRange(min, max) }
            : { time: false },
          loss: { range: (u, min, max) => paddedRange(min, max) },
        },
        legend: { show: false },
        cursor: { y: false, points: { show: false }, drag: { x: false, y: false } },
        hooks: { draw: [(u) => drawBounds(u, m)] },
      },
      data,
      this.container,
    );
  }
}

function paddedRange(min, max) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  const pad = (max - min || Math.abs(max) || 1) * 0.06;
  return [min - pad, max + pad];
}

/** Dashed vertical lines at base_lr and max_lr, labelled at the top. */
function drawBounds(u, m) {
  const { ctx, bbox } = u;
  const ratio = uPlot.pxRatio;
  ctx.save();
  ctx.strokeStyle = m.theme.fg;
  ctx.fillStyle = m.theme.fg;
  ctx.lineWidth = ratio;
  ctx.font = `${11 * ratio}px ${m.theme.font}`;
  m.bounds.forEach((bound, i) => {
    const x = Math.round(u.valToPos(bound.lr, "x", true)) + 0.5;
    if (!(x >= bbox.left && x <= bbox.left + bbox.width)) return;
    ctx.setLineDash(i === 0 ? [2 * ratio, 3 * ratio] : [6 * ratio, 4 * ratio]);
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    const right = x + 4 * ratio + ctx.measureText(bound.label).width < bbox.left + bbox.width;
    ctx.textAlign = right ? "left" : "right";
    ctx.fillText(bound.label, x + (right ? 4 : -4) * ratio, bbox.top + (14 + 14 * i) * ratio);
  });
  ctx.restore();
}

/** The panel: the chart, the suggestion line, the stopped-early note. */
export class RangeTestPanel {
  constructor() {
    this.plot = new RangePlot();
    this.container = this.plot.container;
    this.suggestion = el("code", { className: "cs-suggestion", attrs: { title: "Select to copy" } });
    this.note = el("p", { className: "cs-note" });
    this.node = el(
      "div",
      { className: "cs-rangetest" },
      this.plot.container,
      el("p", { className: "cs-suggestion-line" }, "Suggested: ", this.suggestion),
      this.note,
    );
  }

  /** @param {ReturnType<import("./rangetest.js").rangeTestModel> & {color: string}} model */
  update(model) {
    this.suggestion.textContent = model.suggestion ?? "no suggestion (the test found no minimum)";
    this.note.textContent = model.note ?? "";
    this.note.hidden = !model.note;
    this.plot.update({ ...model.chart, color: model.color });
  }

  resize(width) {
    this.plot.resize(width);
  }
}
