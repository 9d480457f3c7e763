/**
 * The order of the tab's loads: each one starts as soon as what it needs
 * has arrived. The focused run's loads go first and at high priority, the
 * other selected runs' after them at low priority, so that within the
 * browser's six connections per host the focused run's charts come first
 * and its histograms (which need its dead_relu response for the layer)
 * are not queued behind the other runs' lr and loss.
 *
 * The loads can be read before all have arrived (`planLoads(...).current()`),
 * so that a selection of hundreds of runs is drawn as it comes in
 * (`drawAsLoaded`).
 */

import { chooseLayer } from "./selection.js";

/** A load that was not needed. */
export const NONE = { data: null, error: null };

/** A load that has not arrived yet; the views draw it as absent. */
export const PENDING = Object.freeze({ data: null, error: null, pending: true });

/** How often, at most, a selection still loading is drawn again (ms). */
export const REDRAW_INTERVAL_MS = 250;

/**
 * Between two draws of a selection still loading, at least this many times
 * as long as the last draw took: drawing hundreds of runs takes a good part
 * of a second, and the responses still to come need the machine too.
 */
export const REDRAW_COST_FACTOR = 4;

/**
 * Starts every load the current state needs.
 *
 * Args:
 *   needs: `{runs, focus, showLoss, layer}`: the selected runs' entries of
 *     the runs route, the focused run's entry (or null), whether the loss
 *     is shown, and the layer path the user chose (or null).
 *   load: `(kind, args, priority) => Promise<{data, error}>`, `kind` an
 *     api.js method, `priority` "high" or "low" (fetch's `priority`); or
 *     the `{data, error}` itself when it has arrived already.
 *
 * Returns:
 *   `{done, focusDone, current, waiting}`: `done` resolves to the complete
 *   `Loaded` (viewmodel.js); `focusDone` to the `Loaded` so far once the
 *   focused run's loads (lr, loss, dead_relu, histograms, range test) have
 *   arrived; `current()` is the `Loaded` so far, each load not arrived yet
 *   `PENDING` (and the layer null until its histograms arrive); `waiting()`
 *   counts the loads not arrived yet.
 *
 * Example:
 *
 * ```js
 * const plan = planLoads({ runs, focus, showLoss: true, layer: null }, load);
 * draw(await plan.focusDone); // the focused run, and whatever else came first
 * draw(await plan.done);
 * ```
 */
export function planLoads({ runs, focus, showLoss, layer: wanted }, load) {
  let waiting = 0;
  const track = (request, pending = PENDING) => {
    if (typeof request.then !== "function") return { value: request, promise: Promise.resolve(request) };
    waiting += 1;
    const slot = { value: pending };
    slot.promise = Promise.resolve(request).then((value) => {
      slot.value = value;
      waiting -= 1;
      return value;
    });
    return slot;
  };
  const lrOf = (r, priority) => track(r.lr ? load("lr", [r.run], priority) : NONE);
  const lossOf = (r, priority) => track(showLoss && r.loss ? load("loss", [r.run], priority) : NONE);
  const lr = new Map();
  const loss = new Map();
  const deadRelu = track(focus?.dead_relu_layers > 0 ? load("deadRelu", [focus.run], "high") : NONE);
  // Chained now, so that it is requested the moment dead_relu arrives.
  const shown = track(
    deadRelu.promise.then(async (relu) => {
      const layer = relu.data ? chooseLayer(relu.data, wanted) : null;
      return { layer, histograms: layer ? await load("histograms", [focus.run, layer.path], "high") : NONE };
    }),
    { layer: null, histograms: PENDING },
  );
  if (runs.includes(focus)) {
    lr.set(focus, lrOf(focus, "high"));
    loss.set(focus, lossOf(focus, "high"));
  }
  const rangeTest = track(focus?.lr_range_test ? load("rangeTest", [focus.run], "high") : NONE);
  const others = runs.filter((r) => r !== focus);
  for (const r of others) lr.set(r, lrOf(r, "low"));
  for (const r of others) loss.set(r, lossOf(r, "low"));

  const current = () => ({
    runs,
    focus,
    lr: runs.map((r) => lr.get(r).value),
    loss: runs.map((r) => loss.get(r).value),
    deadRelu: deadRelu.value,
    ...shown.value,
    rangeTest: rangeTest.value,
  });
  const focusSlots = [deadRelu, shown, rangeTest, lr.get(focus), loss.get(focus)].filter(Boolean);
  const all = [deadRelu, shown, rangeTest, ...lr.values(), ...loss.values()];
  return {
    done: Promise.all(all.map((s) => s.promise)).then(current),
    focusDone: Promise.all(focusSlots.map((s) => s.promise)).then(current),
    current,
    waiting: () => waiting,
  };
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Draws a plan's loads as they arrive: once the focused run's are in (and
 * one `interval` more has passed without the rest arriving), again
 * while the others arrive (at most every `interval` ms, or REDRAW_COST_FACTOR
 * times the last draw's time if longer, and only when some arrived since the
 * last draw), and a last time once all are in. When all are in by the time
 * the focused run's are, that last draw is the only one.
 *
 * Args:
 *   plan: what `planLoads` returns.
 *   draw: `(loaded) => void`, given the `Loaded` so far.
 *   options: `{stale, interval, wait, now}`: `stale()` says that a newer
 *     state replaced this one (no more draws); `wait(ms)` resolves after
 *     `ms`; `now()` is the clock in ms.
 *
 * Returns:
 *   A promise of true once the last draw is made, false when `stale()`
 *   stopped the drawing first.
 *
 * Example:
 *
 * ```js
 * const finished = await drawAsLoaded(planLoads(needs, load), (loaded) => view.draw(loaded), {
 *   stale: () => generation !== app.generation,
 * });
 * ```
 */
export async function drawAsLoaded(
  plan,
  draw,
  { stale, interval = REDRAW_INTERVAL_MS, wait = delay, now = () => performance.now() },
) {
  await plan.focusDone;
  // A grace of one interval: when the rest comes within it (a run added to
  // the selection, the default few runs), one draw instead of two.
  if (plan.waiting() > 0) await Promise.race([plan.done, wait(interval)]);
  let drawnWaiting = null;
  let pause = interval;
  while (plan.waiting() > 0) {
    if (stale()) return false;
    if (plan.waiting() !== drawnWaiting) {
      drawnWaiting = plan.waiting();
      const start = now();
      draw(plan.current());
      pause = Math.max(interval, REDRAW_COST_FACTOR * (now() - start));
    }
    await Promise.race([plan.done, wait(pause)]);
  }
  const loaded = await plan.done;
  if (stale()) return false;
  draw(loaded);
  return true;
}
