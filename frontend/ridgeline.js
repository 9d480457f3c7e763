/**
 * How one layer's firing-rate histogram moved over training: a ridgeline,
 * one row per check (oldest at the top, newest in front at the bottom),
 * x = share of probe positions on which a unit fired, height = units.
 * A pile-up at 0 is units dying; a shift left is the layer going quiet.
 */

import { withAlpha } from "./colors.js";
import { el, sizeCanvas } from "./dom.js";
import { bucketIndex, ridgelineRows } from "./histogram.js";
import { bucketTooltip } from "./tooltips.js";

const MAX_ROWS = 16;
/** Vertical space shared by the rows' baselines, in CSS pixels. */
const ROWS_SPAN = 220;
const LEFT = 58;
const RIGHT = 10;
const TOP = 6;
const AXIS = 30;

export class Ridgeline {
  /** @param {{hovercard: import("./hovercard.js").HoverCard}} deps */
  constructor({ hovercard }) {
    this.hovercard = hovercard;
    this.canvas = el("canvas", { attrs: { role: "img" } });
    this.node = el("div", { className: "cs-ridgeline" }, this.canvas);
    this.model = null;
    this.rows = [];
    this.canvas.addEventListener("mousemove", (e) => this.onHover(e));
    this.canvas.addEventListener("mouseleave", () => this.hovercard.hide());
  }

  /**
   * @param {{theme: object, layer: object, color: string, histograms: object[],
   *          checks: object[]}} model
   */
  update(model) {
    this.model = model;
    this.rows = ridgelineRows(model.histograms, MAX_ROWS);
    // Few rows get more room each; ridges overlap the row above by design.
    this.rowStep = Math.min(26, Math.max(10, Math.floor(ROWS_SPAN / this.rows.length)));
    this.peak = Math.min(64, this.rowStep * 2.5);
    this.canvas.setAttribute(
      "aria-label",
      `Firing-rate histograms of ${model.layer.name} at ${this.rows.length} checks`,
    );
    this.draw();
  }

  height() {
    return this.baseline(Math.max(0, this.rows.length - 1)) + AXIS;
  }

  baseline(i) {
    return TOP + this.peak + i * this.rowStep;
  }

  draw() {
    const m = this.model;
    const width = this.canvas.clientWidth;
    if (!m || width <= 0) return;
    const ctx = sizeCanvas(this.canvas, width, this.height());
    const plotWidth = width - LEFT - RIGHT;
    const xOf = (rate) => LEFT + rate * plotWidth;
    ctx.font = `11px ${m.theme.font}`;
    this.rows.forEach((row, i) => {
      const base = this.baseline(i);
      const age = this.rows.length > 1 ? i / (this.rows.length - 1) : 1;
      ctx.beginPath();
      ctx.moveTo(xOf(0), base);
      row.buckets.forEach(([left, right], k) => {
        const y = base - row.heights[k] * this.peak;
        ctx.lineTo(xOf(left), y);
        ctx.lineTo(xOf(right), y);
      });
      ctx.lineTo(xOf(1), base);
      ctx.closePath();
      ctx.fillStyle = m.theme.card;
      ctx.fill();
      ctx.fillStyle = withAlpha(m.color, 0.15 + 0.45 * age);
      ctx.fill();
      ctx.strokeStyle = withAlpha(m.color, 0.5 + 0.5 * age);
      ctx.lineWidth = 1;
      ctx.stroke();
      ctx.fillStyle = m.theme.muted;
      ctx.textAlign = "right";
      ctx.textBaseline = "alphabetic";
      ctx.fillText(this.rowLabel(row), LEFT - 6, base);
    });
    this.drawAxis(ctx, xOf, this.baseline(this.rows.length - 1));
  }

  /** "ep 9" when the check's epoch is known, else the step. */
  rowLabel(row) {
    const check = this.model.checks.find((c) => c.step === row.step);
    return Number.isFinite(check?.epoch) ? `ep ${check.epoch}` : `step ${row.step}`;
  }

  drawAxis(ctx, xOf, top) {
    const theme = this.model.theme;
    ctx.strokeStyle = theme.grid;
    ctx.fillStyle = theme.muted;
    ctx.textBaseline = "top";
    ctx.beginPath();
    for (const t of [0, 0.25, 0.5, 0.75, 1]) {
      const x = Math.round(xOf(t)) + 0.5;
      ctx.moveTo(x, TOP);
      ctx.lineTo(x, top + 4);
      ctx.textAlign = t === 0 ? "left" : t === 1 ? "right" : "center";
      ctx.fillText(String(t), x, top + 6);
    }
    ctx.stroke();
    ctx.textAlign = "center";
    ctx.fillText("firing rate (share of probe positions)", xOf(0.5), top + 18);
  }

  onHover(event) {
    const m = this.model;
    if (!m || this.rows.length === 0) return;
    const rect = this.canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const rate = (x - LEFT) / (rect.width - LEFT - RIGHT);
    // The row whose baseline is the nearest one at or below the cursor.
    const i = Math.min(this.rows.length - 1, Math.max(0, Math.ceil((y - TOP - this.peak) / this.rowStep)));
    const row = this.rows[i];
    const k = bucketIndex(row.buckets, rate);
    if (k < 0) {
      this.hovercard.hide();
      return;
    }
    const check = m.checks.find((c) => c.step === row.step) ?? { step: row.step };
    this.hovercard.show(
      bucketTooltip(m.layer.name, check, row.buckets[k], row.total),
      event.clientX,
      event.clientY,
    );
  }
}
