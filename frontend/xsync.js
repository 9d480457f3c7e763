/**
 * One x-axis shared by several uPlot charts (the LR chart and the
 * dead-fraction chart), so that a surge of dead units lines up with the LR
 * phase above it:
 *  - the same full range (the `domain`, spanning all charts' data), not
 *    each chart's own data extent;
 *  - the same zoom window: dragging in one chart zooms all, double-click
 *    resets all to the domain;
 *  - a shared hover cursor (uPlot's cursor.sync, mouse moves only; drags
 *    and double-clicks are handled here so they cannot fight).
 */

let groups = 0;

/** Same interval, allowing for float noise from pixel <-> value round trips. */
function sameRange(a, b) {
  if (a === null || b === null) return a === b;
  const tolerance = 1e-9 * Math.max(1, Math.abs(a[1] - a[0]));
  return Math.abs(a[0] - b[0]) <= tolerance && Math.abs(a[1] - b[1]) <= tolerance;
}

export class XAxisSync {
  constructor() {
    this.key = `cyclescope-x-${++groups}`;
    this.charts = new Set();
    /** @type {number[]|null} full range [min, max] of the x-axis */
    this.domain = null;
    /** @type {number[]|null} zoom window, null when showing the whole domain */
    this.window = null;
    this.applying = false;
  }

  /** The range every chart shows now. */
  range() {
    return this.window ?? this.domain;
  }

  /**
   * Sets the full range; a single x (one point) is widened by 1 each way, and
   * a zoom window that no longer overlaps the range is dropped.
   */
  setDomain(domain) {
    this.domain = domain && domain[0] === domain[1] ? [domain[0] - 1, domain[1] + 1] : domain;
    const full = this.domain;
    if (this.window && (!full || this.window[1] <= full[0] || this.window[0] >= full[1])) {
      this.window = null;
    }
  }

  /** Maps the zoom window to new x units (step <-> epoch), or drops it. */
  mapWindow(fn) {
    this.window = this.window && fn ? this.window.map(fn) : null;
  }

  /** Shows the whole domain in every chart. */
  reset() {
    this.window = null;
    for (const chart of this.charts) this.apply(chart);
  }

  apply(chart) {
    const range = this.range();
    if (!range) return;
    this.applying = true;
    try {
      chart.setScale("x", { min: range[0], max: range[1] });
    } finally {
      this.applying = false;
    }
  }

  /** A user zoom (drag) in one chart: remember it and apply it to the others. */
  zoomedIn(chart) {
    if (this.applying || !this.charts.has(chart)) return;
    const range = [chart.scales.x.min, chart.scales.x.max];
    if (sameRange(range, this.range())) return;
    this.window = this.domain && sameRange(range, this.domain) ? null : range;
    for (const other of this.charts) if (other !== chart) this.apply(other);
  }

  /** A uPlot plugin that joins a chart to this group. */
  plugin() {
    return {
      opts: (u, opts) => {
        const cursor = opts.cursor ?? {};
        opts.cursor = {
          ...cursor,
          sync: {
            key: this.key,
            scales: ["x", null],
            filters: { pub: (type) => type === "mousemove" || type === "mouseleave" },
          },
          bind: {
            ...cursor.bind,
            dblclick: () => () => {
              this.reset();
              return null;
            },
          },
        };
      },
      hooks: {
        // Charts join once drawn, so that the autoscaling while uPlot sets
        // itself up is not taken for a user zoom. uPlot ignores a setScale
        // made inside its "ready" hook, hence the microtask.
        ready: (u) => {
          this.charts.add(u);
          queueMicrotask(() => this.charts.has(u) && this.apply(u));
        },
        setScale: (u, key) => {
          if (key === "x") this.zoomedIn(u);
        },
        destroy: (u) => this.charts.delete(u),
      },
    };
  }
}
