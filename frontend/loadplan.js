/**
 * The order of the tab's loads: each one starts as soon as what it needs
 * has arrived. The focused run's loads go first and at high priority, the
 * other selected runs' after them at low priority, so that within the
 * browser's six connections per host the focused run's charts come first
 * and its histograms (which need its dead_relu response for the layer)
 * are not queued behind the other runs' lr and loss.
 */

import { chooseLayer } from "./selection.js";

/** A load that was not needed. */
export const NONE = { data: null, error: null };

/**
 * Every load the current state needs (viewmodel.js's `Loaded`).
 *
 * Args:
 *   needs: `{runs, focus, showLoss, layer}`: the selected runs' entries of
 *     the runs route, the focused run's entry (or null), whether the loss
 *     is shown, and the layer path the user chose (or null).
 *   load: `(kind, args, priority) => Promise<{data, error}>`, `kind` an
 *     api.js method, `priority` "high" or "low" (fetch's `priority`).
 *
 * Example:
 *
 * ```js
 * const loaded = await gatherLoads({ runs, focus, showLoss: true, layer: null }, load);
 * ```
 */
export async function gatherLoads({ runs, focus, showLoss, layer: wanted }, load) {
  const lrOf = (r, priority) => (r.lr ? load("lr", [r.run], priority) : NONE);
  const lossOf = (r, priority) => (showLoss && r.loss ? load("loss", [r.run], priority) : NONE);
  const lr = new Map();
  const loss = new Map();
  const deadRelu = focus?.dead_relu_layers > 0 ? load("deadRelu", [focus.run], "high") : NONE;
  // Chained now, so that it is requested the moment dead_relu arrives.
  const histograms = Promise.resolve(deadRelu).then(async (relu) => {
    const layer = relu.data ? chooseLayer(relu.data, wanted) : null;
    return { layer, histograms: layer ? await load("histograms", [focus.run, layer.path], "high") : NONE };
  });
  if (runs.includes(focus)) {
    lr.set(focus, lrOf(focus, "high"));
    loss.set(focus, lossOf(focus, "high"));
  }
  const rangeTest = focus?.lr_range_test ? load("rangeTest", [focus.run], "high") : NONE;
  const others = runs.filter((r) => r !== focus);
  for (const r of others) lr.set(r, lrOf(r, "low"));
  for (const r of others) loss.set(r, lossOf(r, "low"));
  const [lrs, losses, relu, shown, range] = await Promise.all([
    Promise.all(runs.map((r) => lr.get(r))),
    Promise.all(runs.map((r) => loss.get(r))),
    deadRelu,
    histograms,
    rangeTest,
  ]);
  return { runs, focus, lr: lrs, loss: losses, deadRelu: relu, ...shown, rangeTest: range };
}
