/**
 * What the plugin skipped while reading the logs: every route response
 * carries `warnings` ([{run, tag, step, problem}], normalized by api.js).
 * Here they are put under the runs they belong to, each problem once, and
 * turned into sentences for the run picker and the notice by the charts.
 */

import { formatStep } from "./format.js";

/** "cyclescope/epoch, step 12,000: not JSON, skipped". */
export function describeWarning(warning) {
  const where = [warning.tag, warning.step === null ? null : `step ${formatStep(warning.step)}`];
  const place = where.filter((part) => part !== null).join(", ");
  return place ? `${place}: ${warning.problem}` : warning.problem;
}

/**
 * The listed run a warning's run name belongs to: the run itself, else the
 * run whose folder holds it (Keras's `<run>/train` beside ours, `train`
 * beside "."), the deepest one when several do; null when none.
 */
function ownerOf(name, runNames) {
  if (name === null) return null;
  if (runNames.has(name)) return name;
  let owner = null;
  for (const run of runNames) {
    if (name.startsWith(`${run}/`) && (owner === null || run.length > owner.length)) owner = run;
  }
  if (owner === null && name === "train" && runNames.has(".")) return ".";
  return owner;
}

/**
 * Warnings by the listed run they concern. A warning of a run's own route
 * (lr, loss, ...) stays with that run unless it names another listed run;
 * a warning of the runs route that names no listed run is `general`. The
 * same problem (tag, step, sentence) reported by several routes counts once.
 * @param {{run: string|null, warnings: object[]}[]} sources each response's
 *     warnings, with the run it was asked for (null for the runs route)
 * @param {string[]} runNames the listed runs
 * @returns {{byRun: Map<string, object[]>, general: object[]}}
 */
export function collectWarnings(sources, runNames) {
  const names = new Set(runNames);
  const byRun = new Map();
  const general = [];
  const seen = new Set();
  for (const source of sources) {
    for (const warning of source.warnings) {
      const owner = ownerOf(warning.run, names) ?? source.run;
      const key = JSON.stringify([owner, warning.tag, warning.step, warning.problem]);
      if (seen.has(key)) continue;
      seen.add(key);
      if (owner === null) general.push(warning);
      else byRun.set(owner, [...(byRun.get(owner) ?? []), warning]);
    }
  }
  return { byRun, general };
}
