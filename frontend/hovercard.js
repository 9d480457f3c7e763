/**
 * The floating card that shows a tooltip (see tooltips.js for its content:
 * `{title, badge, rows}`), built with textContent only.
 */

import { el } from "./dom.js";

const OFFSET = 14;

/** One card per page; its owner puts `node` in the document. */
export class HoverCard {
  constructor() {
    this.node = el("div", { className: "cs-hovercard", attrs: { role: "tooltip" } });
    this.node.hidden = true;
  }

  /** Shows `tip` next to the viewport point (x, y), kept inside the viewport. */
  show(tip, x, y) {
    const title = el("div", { className: "cs-hovercard-title" }, el("span", { text: tip.title }));
    if (tip.badge) title.append(el("span", { className: "cs-badge", text: tip.badge }));
    const rows = tip.rows.map(([label, value]) =>
      el("tr", {}, el("td", { text: label }), el("td", { text: value })),
    );
    this.node.replaceChildren(title, el("table", {}, el("tbody", {}, ...rows)));
    this.node.hidden = false;
    const { width, height } = this.node.getBoundingClientRect();
    const left = x + OFFSET + width > innerWidth ? x - OFFSET - width : x + OFFSET;
    const top = y + OFFSET + height > innerHeight ? y - OFFSET - height : y + OFFSET;
    this.node.style.left = `${Math.max(4, left)}px`;
    this.node.style.top = `${Math.max(4, top)}px`;
  }

  hide() {
    this.node.hidden = true;
  }
}
