/**
 * Run selection rules for the run picker: which runs start selected, how
 * the filter matches, and how a selection survives a reload.
 * Runs are the entries of the `runs` route: {run, lr, snapshots, dead_relu_layers, ...}.
 */

const DEFAULT_SELECTION_SIZE = 5;

/**
 * Up to `limit` runs with LR data: those with a recorded schedule first
 * (they are ours, and the first one gets the focus), then those with only
 * Keras's epoch_learning_rate, each group in list order. When no run has LR
 * data, the first run with dead-ReLU checks, so that the tab still shows
 * something.
 */
export function defaultSelection(runs, limit = DEFAULT_SELECTION_SIZE) {
  const withLr = runs.filter((r) => r.lr);
  const ranked = [...withLr.filter((r) => r.schedule), ...withLr.filter((r) => !r.schedule)];
  if (ranked.length > 0) return ranked.slice(0, limit).map((r) => r.run);
  const withRelu = runs.find((r) => r.dead_relu_layers > 0);
  return withRelu ? [withRelu.run] : [];
}

/**
 * Whether a run name matches the filter box: every whitespace-separated
 * term must occur in the name, case-insensitively.
 */
export function matchesFilter(name, query) {
  const lower = name.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => lower.includes(term));
}

/** The runs whose names match the filter box's `query`, in list order. */
export function filterRuns(runs, query) {
  return runs.filter((r) => matchesFilter(r.run, query));
}

/** `selected` with `name` switched on or off, in the order of `runs`. */
export function toggleRun(runs, selected, name, on) {
  return toggleRuns(runs, selected, [name], on);
}

/**
 * `selected` with every run named in `names` switched on or off, in the
 * order of `runs`: "Select shown" and "Clear shown" of the run picker.
 */
export function toggleRuns(runs, selected, names, on) {
  const set = new Set(selected);
  for (const name of names) {
    if (on) set.add(name);
    else set.delete(name);
  }
  return runs.map((r) => r.run).filter((n) => set.has(n));
}

/**
 * Selection and focus for a new run list. On the first load (`selected`
 * null) and when every selected run disappeared, the default selection;
 * otherwise the selected runs that still exist (an empty selection the user
 * chose stays empty). The focus stays on its run while that run is
 * selected, else moves to the first selected run.
 * @param {object[]} runs
 * @param {string[]|null} selected
 * @param {string|null} focused
 * @returns {{selected: string[], focused: string|null}}
 */
export function reconcileSelection(runs, selected, focused) {
  const before = new Set(selected ?? []);
  let kept = runs.map((r) => r.run).filter((n) => before.has(n));
  if (selected === null || (selected.length > 0 && kept.length === 0)) {
    kept = defaultSelection(runs);
  }
  return { selected: kept, focused: kept.includes(focused) ? focused : (kept[0] ?? null) };
}

/**
 * The layer whose firing rates are shown: the chosen one while it exists,
 * else the layer with the largest dead share at its latest check (the one
 * worth looking at first), else the first layer.
 * @param {{layers: object[], fraction: (number|null)[][]}} relu a dead_relu response
 * @param {string|null} wanted a layer path
 */
export function chooseLayer(relu, wanted) {
  const chosen = relu.layers.find((l) => l.path === wanted);
  if (chosen) return chosen;
  let best = relu.layers[0] ?? null;
  let bestShare = -1;
  relu.layers.forEach((layer, i) => {
    const latest = (relu.fraction[i] ?? []).filter(Number.isFinite).at(-1) ?? -1;
    if (latest > bestShare) [best, bestShare] = [layer, latest];
  });
  return best;
}
