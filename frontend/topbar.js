/**
 * The top bar: run picker, x-axis unit, log-scale LR, loss overlay, reload.
 */

import { describeLrScale } from "./axisscale.js";
import { el } from "./dom.js";

let radioGroups = 0;

/** A labelled checkbox; returns [label, input]. */
function checkbox(text, title, onChange) {
  const input = el("input", { attrs: { type: "checkbox" }, on: { change: () => onChange(input.checked) } });
  return [el("label", { className: "cs-toggle", attrs: { title } }, input, text), input];
}

export class TopBar {
  /**
   * @param {{picker: import("./runpicker.js").RunPicker,
   *          onOptions: (change: object) => void, onReload: () => void}} deps
   */
  constructor({ picker, onOptions, onReload }) {
    const group = `cs-xmode-${++radioGroups}`;
    this.modes = {};
    const segments = ["step", "epoch"].map((mode) => {
      const input = el("input", {
        attrs: { type: "radio", name: group, value: mode },
        on: { change: () => onOptions({ xMode: mode }) },
      });
      this.modes[mode] = input;
      return el("label", {}, input, mode);
    });
    const xAxis = el(
      "div",
      { className: "cs-segmented", attrs: { role: "radiogroup", "aria-label": "x-axis" } },
      ...segments,
    );
    [this.logLabel, this.log] = checkbox("log LR", "", (on) => onOptions({ logScale: on }));
    [this.lossLabel, this.loss] = checkbox(
      "loss",
      "Training loss on a right axis (from Keras's own run beside ours)",
      (on) => onOptions({ showLoss: on }),
    );
    this.reload = el("button", {
      className: "cs-button cs-reload",
      text: "⟳ Reload",
      attrs: { type: "button", title: "Fetch everything again" },
      on: { click: onReload },
    });
    this.node = el(
      "div",
      { className: "cs-topbar" },
      picker.node,
      el("div", { className: "cs-controls" }, xAxis, this.logLabel, this.lossLabel, this.reload),
    );
  }

  /**
   * @param {{xMode: string, lrScale: {log: boolean, auto: boolean, ratio: number}, showLoss: boolean,
   *          epochAvailable: boolean, lossAvailable: boolean}} model
   */
  update(model) {
    this.modes[model.xMode].checked = true;
    this.modes.epoch.disabled = !model.epochAvailable && model.xMode !== "epoch";
    this.modes.epoch.parentElement.title = this.modes.epoch.disabled
      ? "No selected run recorded its epochs"
      : "Fractional epochs";
    this.log.checked = model.lrScale.log;
    this.logLabel.title = describeLrScale(model.lrScale);
    this.loss.checked = model.showLoss;
    this.loss.disabled = !model.lossAvailable;
    this.lossLabel.classList.toggle("cs-disabled", !model.lossAvailable);
  }
}
