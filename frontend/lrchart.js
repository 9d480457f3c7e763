/**
 * The learning-rate chart: one line per selected run, the focused run's
 * phases shaded behind them, snapshot markers with a hover card, training
 * loss on a right axis, and a hover legend with exact values. Drag to
 * zoom, double-click to reset (shared with the dead-fraction chart).
 */

import uPlot from "./vendor/uPlot.esm.js";
import { logRange } from "./axisscale.js";
import { ChartView, clipToPlot, cursorX, drawPhaseBackdrop, exposeXRange, xAxis, yAxis } from "./chartkit.js";
import { withAlpha } from "./colors.js";
import { el, swatch } from "./dom.js";
import { formatLR, formatNumber } from "./format.js";
import { deathTooltip, markRadius } from "./deaths.js";
import { phaseAt } from "./phases.js";
import { alignSeries, positiveOnly, stepValueAt, valueAt } from "./series.js";
import { ensembleTooltip, snapshotTooltip, xLabel } from "./tooltips.js";

const HEIGHT = 320;
/** Per-epoch LRs (Keras's own) are constant within each epoch. */
const stepped = uPlot.paths.stepped({ align: 1 });
/** How close (CSS pixels) the cursor must come to a snapshot marker. */
const HIT_RADIUS = 9;
const LOG_SCALE = { distr: 3, log: 10, range: (u, min, max) => logRange(min, max) };

/**
 * @typedef {object} LrRun
 * @property {string} name
 * @property {string} color
 * @property {boolean} focused
 * @property {number[]} xs x positions of the LR points, in x-axis units
 * @property {(number|null)[]} ys
 * @property {boolean} stepped the LR holds from one point to the next (per-epoch LR)
 * @property {{xs: number[], ys: (number|null)[]}|null} loss
 * @property {{snapshot: object, x: number, y: number|null}[]} markers
 */

export class LrChart extends ChartView {
  /**
   * @param {{hovercard: import("./hovercard.js").HoverCard, xsync: import("./xsync.js").XAxisSync,
   *          onFocus: (run: string) => void}} deps
   */
  constructor({ hovercard, xsync, onFocus }) {
    super(HEIGHT);
    this.hovercard = hovercard;
    this.xsync = xsync;
    this.onFocus = onFocus;
    this.legend = el("div", { className: "cs-legend" });
    this.node = el("div", {}, this.legend, this.container);
    this.model = null;
    this.hovered = null;
  }

  /**
   * @param {{theme: object, xMode: string, lrScale: {log: boolean}, lossLog: boolean, runs: LrRun[],
   *          focus: object|null, cycles: number, snapshots: number}} model
   */
  update(model) {
    this.model = model;
    this.container.dataset.lrRuns = String(model.runs.length);
    this.container.dataset.cycles = String(model.cycles);
    this.container.dataset.snapshots = String(model.snapshots);
    this.container.dataset.ensembles = String(model.ensembles ?? 0);
    this.container.dataset.deathMarks = String(model.deaths?.length ?? 0);
    this.container.dataset.lrScale = model.lrScale.log ? "log" : "linear";
    this.rebuild();
  }

  rebuild() {
    const width = this.drawingWidth();
    const m = this.model;
    if (!m || m.runs.length === 0 || width <= 0) return;
    this.hovered = null;
    // The focused run is drawn last, on top of the others.
    const runs = [...m.runs.filter((r) => !r.focused), ...m.runs.filter((r) => r.focused)];
    const lossRuns = runs.filter((r) => r.loss);
    const logLr = m.lrScale.log;
    const data = alignSeries([
      ...runs.map((r) => ({ x: r.xs, y: logLr ? positiveOnly(r.ys) : r.ys })),
      ...lossRuns.map((r) => ({ x: r.loss.xs, y: r.loss.ys })),
    ]);
    const theme = m.theme;
    const series = [
      {},
      ...runs.map((r) => ({
        label: r.name,
        scale: "lr",
        stroke: r.color,
        width: r.focused ? 2.25 : 1.5,
        spanGaps: true,
        points: { show: false },
        paths: r.stepped ? stepped : undefined,
      })),
      ...lossRuns.map((r) => ({
        label: `${r.name} loss`,
        scale: "loss",
        stroke: withAlpha(r.color, r.focused ? 0.8 : 0.5),
        width: r.focused ? 1.25 : 1,
        dash: [5, 4],
        spanGaps: true,
        points: { show: false },
      })),
    ];
    const axes = [
      xAxis(theme, m.xMode),
      yAxis(theme, {
        scale: "lr",
        label: logLr ? "learning rate (log)" : "learning rate",
        format: formatLR,
      }),
    ];
    if (lossRuns.length > 0) {
      axes.push(
        yAxis(theme, {
          scale: "loss",
          label: m.lossLog ? "loss (log)" : "loss",
          side: 1,
          grid: false,
          format: (v) => formatNumber(v, 3),
        }),
      );
    }
    this.plot = new uPlot(
      {
        width,
        height: HEIGHT,
        series,
        axes,
        scales: {
          x: { time: false },
          lr: logLr ? LOG_SCALE : { range: zeroBasedRange },
          loss: m.lossLog ? LOG_SCALE : { range: zeroBasedRange },
        },
        legend: { show: false },
        cursor: { y: false, points: { show: false }, drag: { x: true, y: false } },
        plugins: [this.xsync.plugin()],
        hooks: {
          drawClear: [(u) => drawPhaseBackdrop(u, m.focus, theme)],
          draw: [(u) => this.drawMarkers(u), (u) => this.drawDeaths(u)],
          setScale: [exposeXRange(this.container)],
          setCursor: [(u) => this.onCursor(u)],
        },
      },
      data,
      this.container,
    );
    this.renderLegend(null);
  }

  /**
   * Snapshot markers: dots on each run's curve, a star for the best one,
   * labelled with the validation metric; a diamond for the latest ensemble,
   * labelled above them.
   */
  drawMarkers(u) {
    const { ctx, bbox } = u;
    const ratio = uPlot.pxRatio;
    clipToPlot(u);
    ctx.font = `${11 * ratio}px ${this.model.theme.font}`;
    ctx.textAlign = "center";
    const label = (text, x, y, lift) => {
      ctx.fillStyle = this.model.theme.fg;
      ctx.strokeStyle = this.model.theme.card;
      ctx.lineWidth = 3 * ratio;
      ctx.lineJoin = "round";
      // Kept inside the plot: near an edge the label ends (or starts) at its marker.
      const half = ctx.measureText(text).width / 2;
      ctx.textAlign = x + half > bbox.left + bbox.width ? "right" : x - half < bbox.left ? "left" : "center";
      ctx.strokeText(text, x, y - lift * ratio);
      ctx.fillText(text, x, y - lift * ratio);
    };
    for (const run of this.model.runs) {
      for (const marker of this.visibleMarkers(u, run, run.ensembles ?? [])) {
        const x = u.valToPos(marker.x, "x", true);
        const y = u.valToPos(marker.y, "lr", true);
        const r = (this.hovered?.marker === marker ? 8 : 6.5) * ratio;
        ctx.lineWidth = 1.5 * ratio;
        ctx.strokeStyle = this.model.theme.card;
        ctx.fillStyle = run.color;
        ctx.beginPath();
        ctx.moveTo(x, y - r);
        ctx.lineTo(x + r, y);
        ctx.lineTo(x, y + r);
        ctx.lineTo(x - r, y);
        ctx.closePath();
        ctx.fill();
        ctx.stroke();
        label(marker.label, x, y, 26);
      }
      for (const marker of this.visibleMarkers(u, run)) {
        if (marker.label) label(marker.label, u.valToPos(marker.x, "x", true), u.valToPos(marker.y, "lr", true), 12);
        const x = u.valToPos(marker.x, "x", true);
        const y = u.valToPos(marker.y, "lr", true);
        const hovered = this.hovered?.marker === marker;
        ctx.lineWidth = 1.5 * ratio;
        ctx.strokeStyle = this.model.theme.card;
        ctx.fillStyle = marker.snapshot.best ? this.model.theme.best : run.color;
        ctx.beginPath();
        if (marker.snapshot.best) star(ctx, x, y, (hovered ? 9 : 7.5) * ratio);
        else ctx.arc(x, y, (hovered ? 6 : 4.5) * ratio, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    }
    ctx.restore();
  }

  /** Where a death mark sits: centred on its span, on the bottom edge of the plot. */
  deathPos(u, e, canvas) {
    const x = (u.valToPos(e.x0, "x", canvas) + u.valToPos(e.x1, "x", canvas)) / 2;
    const bottom = canvas ? u.bbox.top + u.bbox.height : u.bbox.height / uPlot.pxRatio;
    return { x, y: bottom - markRadius(e.died) * (canvas ? uPlot.pxRatio : 1) };
  }

  /** ReLU deaths: a mark per (check, layer) on the x-axis, its span as a bar under it. */
  drawDeaths(u) {
    const deaths = this.model.deaths ?? [];
    if (deaths.length === 0) return;
    const { ctx, bbox } = u;
    const ratio = uPlot.pxRatio;
    clipToPlot(u);
    const bottom = bbox.top + bbox.height;
    for (const e of deaths) {
      const x0 = u.valToPos(e.x0, "x", true);
      const x1 = u.valToPos(e.x1, "x", true);
      ctx.fillStyle = withAlpha(e.color, 0.45);
      ctx.fillRect(x0, bottom - 3 * ratio, Math.max(x1 - x0, ratio), 3 * ratio);
      const { x, y } = this.deathPos(u, e, true);
      ctx.beginPath();
      ctx.arc(x, y, markRadius(e.died) * ratio * (this.hovered?.death === e ? 1.2 : 1), 0, 2 * Math.PI);
      ctx.fillStyle = withAlpha(e.color, 0.75);
      ctx.strokeStyle = this.model.theme.card;
      ctx.lineWidth = ratio;
      ctx.fill();
      ctx.stroke();
    }
    ctx.restore();
  }

  /** The death mark under the cursor, or null. */
  deathAt(u) {
    const { left, top } = u.cursor;
    if (!(left >= 0 && top >= 0)) return null;
    for (const e of this.model.deaths ?? []) {
      const { x, y } = this.deathPos(u, e, false);
      if (Math.hypot(x - left, y - top) <= Math.max(HIT_RADIUS, markRadius(e.died))) return e;
    }
    return null;
  }

  /** Markers of `run` (its snapshots', or `markers`) that can be placed on the current scales. */
  visibleMarkers(u, run, markers = run.markers) {
    const { min, max } = u.scales.x;
    return markers.filter(
      (m) => Number.isFinite(m.y) && m.x >= min && m.x <= max && (!this.model.lrScale.log || m.y > 0),
    );
  }

  /** The snapshot marker nearest the cursor within HIT_RADIUS, or null. */
  markerAt(u) {
    const { left, top } = u.cursor;
    if (!(left >= 0 && top >= 0)) return null;
    let best = null;
    for (const run of this.model.runs) {
      for (const marker of [...this.visibleMarkers(u, run), ...this.visibleMarkers(u, run, run.ensembles ?? [])]) {
        const d = Math.hypot(u.valToPos(marker.x, "x") - left, u.valToPos(marker.y, "lr") - top);
        if (d <= HIT_RADIUS && (!best || d < best.distance)) best = { run, marker, distance: d };
      }
    }
    return best;
  }

  onCursor(u) {
    this.renderLegend(cursorX(u));
    const death = this.markerAt(u) ? null : this.deathAt(u);
    const hit = death ? { death } : this.markerAt(u);
    if (hit?.marker !== this.hovered?.marker || hit?.death !== this.hovered?.death) {
      this.hovered = hit;
      u.redraw(false, false);
    }
    if (death) {
      const rect = u.over.getBoundingClientRect();
      const { x, y } = this.deathPos(u, death, false);
      this.hovercard.show(deathTooltip(death), rect.left + x, rect.top + y);
    } else if (hit) {
      const rect = u.over.getBoundingClientRect();
      this.hovercard.show(
        hit.marker.ensemble
          ? ensembleTooltip(hit.marker.ensemble, hit.run.name)
          : snapshotTooltip(hit.marker.snapshot, hit.run.name),
        rect.left + u.valToPos(hit.marker.x, "x"),
        rect.top + u.valToPos(hit.marker.y, "lr"),
      );
    } else {
      this.hovercard.hide();
    }
  }

  /** "step 6954 · cycle 2 · falling": where the cursor is in the focused run's schedule. */
  positionLabel(x) {
    const focus = this.model.focus;
    const phase = focus ? phaseAt(focus.phases, focus.toX, x) : null;
    const parts = [xLabel(x, this.model.xMode)];
    if (phase) parts.push(`cycle ${phase.cycle}`, focus.labels?.[focus.phases.indexOf(phase)] ?? phase.phase);
    return parts.join(" · ");
  }

  /** The legend: each run's LR (and loss) at the cursor, or just the runs. */
  renderLegend(x) {
    const m = this.model;
    const items = m.runs.map((run) => {
      const values = [];
      if (x !== null) {
        const lrAt = run.stepped ? stepValueAt : valueAt;
        values.push(el("b", { text: formatLR(lrAt(run.xs, run.ys, x)) }));
        if (run.loss)
          values.push(el("span", { text: ` loss ${formatNumber(valueAt(run.loss.xs, run.loss.ys, x), 3)}` }));
      }
      return el(
        "button",
        {
          className: `cs-legend-item${run.focused ? " cs-active" : ""}`,
          attrs: { type: "button", title: `Focus ${run.name}` },
          on: { click: () => this.onFocus(run.name) },
        },
        swatch(run.color),
        el("span", { className: "cs-runname", text: run.name }),
        ...values,
      );
    });
    const label = x === null ? "hover for values" : this.positionLabel(x);
    this.legend.replaceChildren(el("span", { className: "cs-legend-x", text: label }), ...items);
  }
}

/** Linear y range that keeps 0 in view, so LR magnitudes compare honestly. */
function zeroBasedRange(u, min, max) {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  const lo = Math.min(0, min);
  const hi = max > lo ? max : lo + 1;
  return [lo, hi + (hi - lo) * 0.06];
}

/** A five-pointed star path centred on (x, y). */
function star(ctx, x, y, radius) {
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? radius : radius * 0.45;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    const px = x + r * Math.cos(angle);
    const py = y + r * Math.sin(angle);
    if (i === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  }
  ctx.closePath();
}
