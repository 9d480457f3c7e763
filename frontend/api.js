/**
 * Client of the plugin's routes (docs/routes.md). URLs are relative to the
 * iframe's `<base href="plugin/cyclescope/">`, so the tab keeps working
 * under `--path_prefix` and `/experiment/<id>/`. Responses are normalized
 * here so that the views can rely on arrays being arrays.
 */

/** A route answered with an HTTP error; `message` carries its plain-text body. */
export class RouteError extends Error {
  constructor(route, status, body) {
    const detail = body.trim().slice(0, 300);
    super(`${route}: HTTP ${status}${detail ? ` – ${detail}` : ""}`);
    this.name = "RouteError";
    this.status = status;
  }
}

const array = (v) => (Array.isArray(v) ? v : []);
const textOrNull = (v) => (typeof v === "string" ? v : null);

/**
 * What the plugin skipped and why (`[{run, tag?, step?, problem}]`, in every
 * response): entries without a `problem` sentence are dropped, a missing
 * or malformed `tag`, `step` or `run` becomes null.
 */
export function normalizeWarnings(warnings) {
  return array(warnings)
    .filter((w) => typeof w?.problem === "string")
    .map((w) => ({
      run: textOrNull(w.run),
      tag: textOrNull(w.tag),
      step: Number.isFinite(w.step) ? w.step : null,
      problem: w.problem,
    }));
}

function normalizeSeries(points) {
  return { step: array(points?.step), value: array(points?.value) };
}

/** Fills in what an lr response may leave out, with the same meaning. */
export function normalizeLr(json) {
  return {
    ...json,
    source: json.source ?? "cyclescope",
    points: normalizeSeries(json.points),
    schedule: json.schedule ?? null,
    epochs: { step: array(json.epochs?.step), epoch: array(json.epochs?.epoch) },
    cycles: array(json.cycles),
    phases: array(json.phases),
    position: json.position ?? null,
    snapshots: array(json.snapshots),
    ensembles: array(json.ensembles),
    warnings: normalizeWarnings(json.warnings),
  };
}

function normalizeLoss(json) {
  return { ...json, points: normalizeSeries(json.points), warnings: normalizeWarnings(json.warnings) };
}

function normalizeDeadRelu(json) {
  return {
    ...json,
    layers: array(json.layers),
    checks: array(json.checks),
    dead: array(json.dead),
    fraction: array(json.fraction),
    died: array(json.died),
    revived: array(json.revived),
    threshold: Number.isFinite(json.threshold) ? json.threshold : null,
    warnings: normalizeWarnings(json.warnings),
  };
}

function normalizeRangeTest(json) {
  return {
    ...json,
    lrs: array(json.lrs),
    losses: array(json.losses),
    raw_losses: array(json.raw_losses),
    warnings: normalizeWarnings(json.warnings),
  };
}

function normalizeHistograms(json) {
  return {
    ...json,
    histograms: array(json.histograms).map((h) => ({ step: h.step, buckets: array(h.buckets) })),
    warnings: normalizeWarnings(json.warnings),
  };
}

/**
 * Each method takes, last, optional `{priority}`: fetch's "high" or "low".
 * @param {typeof fetch} fetchImpl injectable for tests
 */
export function createApi(fetchImpl = (...args) => fetch(...args)) {
  async function getJson(route, params, options) {
    const url = params ? `${route}?${new URLSearchParams(params)}` : route;
    const init = { headers: { Accept: "application/json" } };
    if (options?.priority) init.priority = options.priority;
    const response = await fetchImpl(url, init);
    if (!response.ok) throw new RouteError(route, response.status, await response.text());
    try {
      return await response.json();
    } catch {
      throw new RouteError(route, response.status, "the response is not valid JSON");
    }
  }

  return {
    runs: async () => {
      const json = await getJson("runs");
      return { runs: array(json.runs), warnings: normalizeWarnings(json.warnings) };
    },
    lr: async (run, options) => normalizeLr(await getJson("lr", { run }, options)),
    loss: async (run, options) => normalizeLoss(await getJson("loss", { run }, options)),
    deadRelu: async (run, options) => normalizeDeadRelu(await getJson("dead_relu", { run }, options)),
    histograms: async (run, layer, options) =>
      normalizeHistograms(await getJson("histograms", { run, layer }, options)),
    rangeTest: async (run, options) => normalizeRangeTest(await getJson("lr_range_test", { run }, options)),
  };
}
