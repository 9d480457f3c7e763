/**
 * Dead-ReLU heatmap: one row per ReLU layer in model order, one column per
 * check, colour = dead fraction (square-root scale, see colors.js). Layer
 * names are DOM buttons (textContent); the cells are one canvas. Hover a
 * cell for "count / units (fraction)", click a row to choose the layer.
 */

import { heatPosition, parseColor, scaleColor } from "./colors.js";
import { el, sizeCanvas } from "./dom.js";
import { formatPercent } from "./format.js";
import { heatCellTooltip } from "./tooltips.js";

/** Row height; deep models get slimmer rows. */
const ROW_HEIGHT = 24;
const SLIM_ROW_HEIGHT = 16;
const SLIM_FROM_LAYERS = 17;
const AXIS_HEIGHT = 18;
/** Gap between cells, dropped when cells get too narrow to afford it. */
const GAP = 2;
/** Cells at least this wide show their percentage. */
const LABELLED_CELL = 34;

export class Heatmap {
  /**
   * @param {{hovercard: import("./hovercard.js").HoverCard, onSelectLayer: (path: string) => void}} deps
   */
  constructor({ hovercard, onSelectLayer }) {
    this.hovercard = hovercard;
    this.onSelectLayer = onSelectLayer;
    this.labels = el("div", { className: "cs-heatmap-labels" });
    this.canvas = el("canvas", { attrs: { role: "img" } });
    this.node = el("div", { className: "cs-heatmap" }, this.labels, el("div", {}, this.canvas));
    this.scaleCanvas = el("canvas", { attrs: { "aria-hidden": "true" } });
    this.scale = el(
      "div",
      { className: "cs-heatscale" },
      el("span", { text: "dead units" }),
      this.scaleCanvas,
    );
    this.root = el("div", {}, this.node, this.scale);
    this.model = null;
    this.canvas.addEventListener("mousemove", (e) => this.onHover(e));
    this.canvas.addEventListener("mouseleave", () => this.hovercard.hide());
    this.canvas.addEventListener("click", (e) => {
      const cell = this.cellAt(e);
      if (cell) this.onSelectLayer(this.model.layers[cell.row].path);
    });
  }

  /**
   * @param {{theme: object, layers: object[], checks: object[], dead: any[][],
   *          fraction: any[][], threshold: number|null, selected: string|null}} model
   */
  update(model) {
    this.model = model;
    this.rowHeight = model.layers.length >= SLIM_FROM_LAYERS ? SLIM_ROW_HEIGHT : ROW_HEIGHT;
    this.node.dataset.layers = String(model.layers.length);
    this.node.dataset.checks = String(model.checks.length);
    this.canvas.setAttribute(
      "aria-label",
      `Dead units of ${model.layers.length} layers at ${model.checks.length} checks`,
    );
    this.labels.replaceChildren(
      ...model.layers.map((layer) => {
        const button = el(
          "button",
          {
            className: `cs-layer${layer.path === model.selected ? " cs-selected" : ""}`,
            attrs: { type: "button", title: `${layer.path} · ${layer.units} units · #${layer.index}` },
            on: { click: () => this.onSelectLayer(layer.path) },
          },
          el("span", { text: layer.name }),
        );
        button.style.height = `${this.rowHeight}px`;
        return button;
      }),
    );
    this.draw();
  }

  /** Redraws at the canvas's current CSS width (call after a resize). */
  draw() {
    const m = this.model;
    const width = this.canvas.clientWidth;
    if (!m || width <= 0) return;
    const rowHeight = this.rowHeight;
    const ctx = sizeCanvas(this.canvas, width, m.layers.length * rowHeight + AXIS_HEIGHT);
    const cellWidth = width / Math.max(1, m.checks.length);
    const gap = cellWidth >= 8 ? GAP : 0;
    const w = Math.max(1, cellWidth - gap);
    const h = rowHeight - GAP;
    ctx.font = `11px ${m.theme.font}`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    m.layers.forEach((layer, row) => {
      const y = row * rowHeight;
      m.checks.forEach((check, col) => {
        const x = col * cellWidth;
        const fraction = m.fraction[row]?.[col];
        if (!Number.isFinite(fraction)) {
          hatch(ctx, x, y, w, h, m.theme.muted);
          return;
        }
        const fill = scaleColor(heatPosition(fraction), m.theme.heat);
        ctx.fillStyle = fill;
        ctx.fillRect(x, y, w, h);
        if (cellWidth >= LABELLED_CELL && rowHeight === ROW_HEIGHT) {
          ctx.fillStyle = readableOn(fill);
          ctx.fillText(formatPercent(fraction), x + w / 2, y + h / 2 + 0.5);
        }
      });
      if (layer.path === m.selected) {
        ctx.strokeStyle = m.theme.accent;
        ctx.lineWidth = 2;
        ctx.strokeRect(1, y + 1, width - gap - 1, h - 2);
      }
    });
    this.drawAxis(ctx, cellWidth, m.layers.length * rowHeight);
    this.drawScale();
  }

  /** Column labels: the epoch of each check (or its step), thinned to fit. */
  drawAxis(ctx, cellWidth, top) {
    const m = this.model;
    const n = m.checks.length;
    const every = Math.ceil(52 / cellWidth);
    // Every `every`-th column, and the last one if it does not crowd its neighbour.
    const labelled = (col) => col % every === 0 || (col === n - 1 && (col % every) * cellWidth >= 40);
    const width = n * cellWidth;
    ctx.fillStyle = m.theme.muted;
    ctx.textBaseline = "top";
    m.checks.forEach((check, col) => {
      if (!labelled(col)) return;
      const text = Number.isFinite(check.epoch) ? `ep ${check.epoch}` : `${check.step}`;
      // Centred under the column, but kept inside the canvas.
      const half = ctx.measureText(text).width / 2;
      const x = Math.min(Math.max(col * cellWidth + cellWidth / 2, half), width - half);
      ctx.textAlign = "center";
      ctx.fillText(text, x, top + 4);
    });
  }

  /** The colour legend, with ticks where the square-root scale puts them. */
  drawScale() {
    const m = this.model;
    const width = 180;
    const barHeight = 8;
    const ctx = sizeCanvas(this.scaleCanvas, width, 22);
    for (let x = 0; x < width; x++) {
      ctx.fillStyle = scaleColor(x / (width - 1), m.theme.heat);
      ctx.fillRect(x, 0, 1, barHeight);
    }
    ctx.font = `10px ${m.theme.font}`;
    ctx.textBaseline = "top";
    const ticks = [0, 0.1, 0.25, 0.5, 1];
    if (Number.isFinite(m.threshold) && !ticks.includes(m.threshold)) ticks.push(m.threshold);
    for (const t of ticks) {
      const x = heatPosition(t) * (width - 1);
      ctx.fillStyle = t === m.threshold ? m.theme.threshold : m.theme.muted;
      ctx.fillRect(Math.round(x), 0, 1, barHeight + 2);
      ctx.textAlign = x < 10 ? "left" : x > width - 14 ? "right" : "center";
      ctx.fillText(formatPercent(t), x, barHeight + 3);
    }
  }

  cellAt(event) {
    const m = this.model;
    if (!m || m.checks.length === 0) return null;
    const rect = this.canvas.getBoundingClientRect();
    const col = Math.floor(((event.clientX - rect.left) / rect.width) * m.checks.length);
    const row = Math.floor((event.clientY - rect.top) / this.rowHeight);
    if (row < 0 || row >= m.layers.length || col < 0 || col >= m.checks.length) return null;
    return { row, col };
  }

  onHover(event) {
    const cell = this.cellAt(event);
    this.canvas.style.cursor = cell ? "pointer" : "default";
    if (!cell) {
      this.hovercard.hide();
      return;
    }
    const m = this.model;
    const tip = heatCellTooltip(
      m.layers[cell.row],
      m.checks[cell.col],
      m.dead[cell.row]?.[cell.col] ?? null,
      m.fraction[cell.row]?.[cell.col] ?? null,
    );
    this.hovercard.show(tip, event.clientX, event.clientY);
  }
}

/** A hatched cell: the layer did not exist at that check. */
function hatch(ctx, x, y, w, h, color) {
  ctx.save();
  ctx.globalAlpha = 0.35;
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let d = -h; d < w; d += 6) {
    ctx.moveTo(x + d, y + h);
    ctx.lineTo(x + d + h, y);
  }
  ctx.stroke();
  ctx.restore();
}

/** Black or white text, whichever reads better on `fill`. */
function readableOn(fill) {
  const [r, g, b] = parseColor(fill) ?? [255, 255, 255];
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? "#202124" : "#ffffff";
}
