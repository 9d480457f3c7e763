"""The Cyclescope tab of a real TensorBoard in headless Chromium, timed:
navigation to `body[data-ready]`, redraws after a change, and the requests
the page makes (for `team_folder.py`).

Times come from the browser's own clocks: a script added to every frame
notes `performance.timeOrigin + performance.now()` whenever the plugin
frame's `body[data-ready]` turns "true"; navigation starts at the top
page's `performance.timeOrigin`. Requests are Playwright's
`requestfinished` events with their `timing` (queued at `startTime`, sent
at `requestStart`, done at `responseEnd`). Each repeat loads the tab in a
fresh browser context (empty cache: a first visit), then again in a second
page of that context (a revisit, with the browser's cache); the redraws are
timed on the first revisit.

A redraw is timed inside the frame: the app removes `data-ready`
synchronously in `render()` when the state changes and sets it again once
drawn, so the time runs from the click (`element.click()`) to the
attribute's return; that it was removed is checked, not assumed.

With at least `PICKER_RUNS` runs, the run picker is timed too, inside the
frame, in a third page of the first repeat's context: opening it (the
click on its summary until the list is laid out and two animation frames
have passed), one filter keystroke (the `input` event until two frames
later), and "Select shown" of a filter matching about 50 runs, then of an
empty filter (all runs): from the click to the first partial draw (the app
sets `body[data-pending]`) and to `data-ready`.
"""

import itertools

import os
import statistics

from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.tensorboard_process import PREFIX

VIEWPORT = {"width": 1280, "height": 1500}
TIMEOUT_MS = 120_000
DEFAULT_SELECTION = 5
DATA_ROUTES = ("runs", "lr", "loss", "dead_relu", "histograms")
PICKER_RUNS = 100
PICKER_QUERY_RUNS = 50

READY_MARKS = """
(() => {
  if (!location.pathname.endsWith("plugin_entry.html")) return;
  window.__csReady = [];
  let ready = false;
  new MutationObserver(() => {
    const now = document.body?.dataset.ready === "true";
    if (now && !ready) window.__csReady.push(performance.timeOrigin + performance.now());
    ready = now;
  }).observe(document, {subtree: true, childList: true, attributes: true,
                        attributeFilter: ["data-ready"]});
})();
"""

# Clicks `[kind, run]` (a focus chip or a run's checkbox) and resolves with
# the ms until data-ready is back, or null when the click did not clear it.
REDRAW = """
async ([kind, run]) => {
  const target = kind === "focus"
    ? [...document.querySelectorAll(".cs-chip-focus")].find(
        (b) => b.querySelector(".cs-runname")?.textContent === run)
    : [...document.querySelectorAll(".cs-runlist label")].find(
        (l) => l.title === run)?.querySelector("input");
  if (!target) return {error: `no ${kind} control for ${run}`};
  const start = performance.now();
  const done = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (document.body.dataset.ready === "true") { observer.disconnect(); resolve(); }
    });
    observer.observe(document.body, {attributes: true, attributeFilter: ["data-ready"]});
  });
  target.click();
  if (document.body.dataset.ready === "true") return {cleared: false};
  await done;
  const ready = performance.now() - start;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return {cleared: true, ready, painted: performance.now() - start,
          startAt: performance.timeOrigin + start};
}
"""

# Times the run picker (see the module docstring) with filter `query`; ms.
PICKER = """
async ([query]) => {
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const details = document.querySelector(".cs-runpicker");
  const list = details.querySelector(".cs-runlist");
  const search = details.querySelector("input[type=search]");
  const shownCount = () => list.children.length;
  const type = async (text) => {
    const start = performance.now();
    search.value = text;
    search.dispatchEvent(new Event("input", {bubbles: true}));
    await frames();
    return {ms: performance.now() - start, shown: shownCount()};
  };
  const selectShown = () => new Promise((resolve) => {
    const button = [...details.querySelectorAll("button")].find((b) => b.textContent === "Select shown");
    const result = {partial: null, draws: 0, pending: null};
    const start = performance.now();
    const observer = new MutationObserver((records) => {
      const now = performance.now() - start;
      const pending = document.body.dataset.pending;
      if (records.some((r) => r.attributeName === "data-pending") && pending !== undefined) {
        result.draws += 1;
        if (result.partial === null) [result.partial, result.pending] = [now, Number(pending)];
      }
      if (document.body.dataset.ready === "true") {
        observer.disconnect();
        resolve({...result, ready: now, selected: document.querySelectorAll(".cs-chip").length});
      }
    });
    observer.observe(document.body, {attributes: true, attributeFilter: ["data-pending", "data-ready"]});
    button.click();
    if (document.body.dataset.ready === "true") {
      observer.disconnect();
      resolve({error: "data-ready was not cleared"});
    }
  });

  const start = performance.now();
  details.querySelector("summary").click();
  while (!(list.getBoundingClientRect().height > 0)) await new Promise((r) => requestAnimationFrame(r));
  await frames();
  const open = {ms: performance.now() - start, shown: shownCount()};
  await type(query.slice(0, -1));
  const narrow = await type(query);
  const some = await selectShown();
  const widen = await type("");
  const all = await selectShown();
  return {open, narrow, widen, some, all};
}
"""


def measure(url, folder, count, repeats):
    """Loads the tab `repeats` times, each in a fresh browser context (a
    first visit) and then in a second page of that context (a revisit, with
    the browser's cache); returns the ready times, the requests of each load
    and, with more runs than the default selection, the redraw times."""
    from playwright import sync_api

    result = {"ready": [], "loads": [], "warm_ready": [], "warm_loads": [], "focus": [], "add": [],
              "picker": None}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for attempt in range(repeats):
                context = browser.new_context(viewport=VIEWPORT)
                context.add_init_script(READY_MARKS)
                for kind in ("", "warm_"):
                    page = context.new_page()
                    requests = []
                    page.on("requestfinished", lambda request: requests.append(request))
                    frame, load = _load(page, url, requests)
                    result[kind + "ready"].append(load["ready"] / 1000)
                    result[kind + "loads"].append(load)
                    if attempt == 0 and kind == "warm_" and count > DEFAULT_SELECTION:
                        page.wait_for_timeout(500)
                        for index in range(1, DEFAULT_SELECTION):
                            result["focus"].append(
                                _redraw(frame, page, requests, "focus", folder.run_name(index)))
                        for index in range(DEFAULT_SELECTION, min(count, DEFAULT_SELECTION + 3)):
                            result["add"].append(
                                _redraw(frame, page, requests, "add", folder.run_name(index)))
                    page.close()
                if attempt == 0 and count >= PICKER_RUNS:
                    result["picker"] = _picker(context, url, [folder.run_name(i) for i in range(count)])
                context.close()
        finally:
            browser.close()
    return result


def _load(page, url, requests):
    """Navigates to the tab; returns (plugin frame, requests before ready)."""
    page.goto(url + "#cyclescope")
    page.frame_locator("iframe[src*='plugin_entry']").locator(
        "body[data-ready='true']").wait_for(timeout=TIMEOUT_MS)
    frame = next(f for f in page.frames if f.url.split("?")[0].endswith("plugin_entry.html"))
    origin = page.evaluate("performance.timeOrigin")
    marks = frame.evaluate("window.__csReady")
    load = _requests(requests, origin, marks[0])
    load["marks"] = len(marks)
    return frame, load


def _picker(context, url, names):
    """The run picker's times (PICKER) in a new page of `context`."""
    page = context.new_page()
    try:
        frame, _ = _load(page, url, [])
        page.wait_for_timeout(500)
        query, matching = filter_matching(names, PICKER_QUERY_RUNS)
        timed = frame.evaluate(PICKER, [query])
        return {**timed, "query": query, "matching": matching, "runs": len(names)}
    finally:
        page.close()


def filter_matching(names, about):
    """A filter query matching about `about` of `names`, and how many it
    matches: the closest of one or two terms of up to two characters from
    the names' distinct parts (run names are the same up to their number).
    The filter's rule is selection.js's: every term occurs in the name."""
    common = len(os.path.commonprefix(names))
    terms = sorted({n[i:i + k] for n in names for i in range(common, len(n)) for k in (1, 2)})
    queries = terms + [" ".join(pair) for pair in itertools.combinations(terms, 2)]

    def matched(query):
        return sum(all(term in name for term in query.split()) for name in names)

    counts = {query: matched(query) for query in queries}
    best = min(queries, key=lambda q: (abs(counts[q] - about), len(q)))
    return best, counts[best]


def _redraw(frame, page, requests, kind, run):
    before = len(requests)
    timed = frame.evaluate(REDRAW, [kind, run])
    page.wait_for_timeout(300)  # let stragglers finish before the next change
    if "error" in timed or not timed["cleared"]:
        return timed
    made = [_route(r.url) for r in requests[before:] if PREFIX in r.url]
    return {**timed, "requests": made}


def _route(url):
    return url.split(PREFIX, 1)[1].split("?")[0]


def _requests(requests, origin, ready_at):
    """The requests made before `ready_at`, each as (kind, route, queued,
    sent, done) in ms since navigation."""
    rows = []
    for request in requests:
        timing = request.timing
        start = timing["startTime"] - origin
        sent = start + max(timing["requestStart"], 0)
        done = start + timing["responseEnd"]
        if timing["startTime"] > ready_at:
            continue
        url = request.url
        if PREFIX in url:
            route = _route(url)
            kind = "data" if route in DATA_ROUTES else "module"
        elif "plugin_entry.html" in url:
            kind, route = "module", "plugin_entry.html"
        else:
            kind, route = "tensorboard", url.split("/", 3)[-1].split("?")[0] or "/"
        rows.append((kind, route, start, sent, done))
    rows.sort(key=lambda row: row[2])
    return {"rows": rows, "ready": ready_at - origin}


def _max_overlap(rows):
    events = sorted([(sent, 1) for _, _, _, sent, _ in rows] + [(done, -1) for *_, done in rows],
                    key=lambda e: (e[0], e[1]))
    level = peak = 0
    for _, change in events:
        level += change
        peak = max(peak, level)
    return peak


def _span(rows, route):
    picked = [r for r in rows if r[1] == route]
    if not picked:
        return "-"
    first = min(r[2] for r in picked)
    sent = max(r[3] for r in picked)
    last = max(r[4] for r in picked)
    return f"{len(picked)} x {route:10s} queued {first:6.0f}  last sent {sent:6.0f}  last done {last:6.0f}"


def _print_load(load, label):
    rows = load["rows"]
    kinds = {k: [r for r in rows if r[0] == k] for k in ("tensorboard", "module", "data")}
    frame_start = _frame_start(load)
    print(f"  requests of the {label} (ms since navigation; ready at {load['ready']:.0f}, "
          f"data-ready set {load['marks']} time(s) by then):")
    print(f"    {len(rows)} before ready: {len(kinds['tensorboard'])} TensorBoard's, "
          f"{len(kinds['module'])} of the frame (plugin_entry.html, index.js, static/*), "
          f"{len(kinds['data'])} to our data routes")
    slowest = sorted(kinds["tensorboard"], key=lambda r: r[4] - r[2], reverse=True)[:3]
    print(f"    TensorBoard's page until the frame is requested: {frame_start:.0f}; its slowest requests: "
          + ", ".join(f"{r[1][:40]} {r[2]:.0f}-{r[4]:.0f}" for r in slowest))
    modules = kinds["module"]
    if modules:
        print(f"    frame modules: {len(modules)} files, first queued {modules[0][2]:.0f}, "
              f"last done {max(r[4] for r in modules):.0f}, at most {_max_overlap(modules)} in flight")
    for route in DATA_ROUTES:
        print(f"    {_span(kinds['data'], route)}")
    data = kinds["data"]
    if data:
        print(f"    data requests: at most {_max_overlap(data)} in flight; "
              f"time from the last response to ready {load['ready'] - max(r[4] for r in data):.0f}")


def _frame_start(load):
    return next((r[2] for r in load["rows"] if r[1] == "plugin_entry.html"), float("nan"))


def report(page, one, count, checks, ready_limit, ratio_limit, redraw_limit):
    """Prints the page figures and appends (name, ok, value) to `checks`."""
    for kind, label in (("", "first visit (empty cache)"), ("warm_", "revisit (browser cache)")):
        ready, ready_one = statistics.median(page[kind + "ready"]), statistics.median(one[kind + "ready"])
        tb_part = statistics.median(_frame_start(load) / 1000 for load in page[kind + "loads"])
        tb_part_one = statistics.median(_frame_start(load) / 1000 for load in one[kind + "loads"])
        times = ", ".join(f"{t:.2f}" for t in page[kind + "ready"])
        times_one = ", ".join(f"{t:.2f}" for t in one[kind + "ready"])
        print(f"  page, {label}: navigation -> body[data-ready]: {count} runs {times} s, "
              f"1 run {times_one} s; median {ready:.2f} / {ready_one:.2f} s = {ready / ready_one:.2f}")
        print(f"    of which TensorBoard's page until it requests our frame: {tb_part:.2f} / {tb_part_one:.2f} s; "
              f"the frame, from its request to ready: {ready - tb_part:.2f} / {ready_one - tb_part_one:.2f} s "
              f"= {(ready - tb_part) / (ready_one - tb_part_one):.2f}")
        checks.append((f"ready, {label}", ready <= ready_limit, f"{ready:.2f} s"))
        checks.append((f"ready {count} runs / 1 run, {label}", ready / ready_one <= ratio_limit,
                       f"{ready / ready_one:.2f}"))
    for kind, label in (("", "first visit"), ("warm_", "revisit")):
        _print_load(page[kind + "loads"][0], f"{label}, {count} runs")
    _print_load(one["loads"][0], "first visit, 1 run")

    for kind in ("focus", "add"):
        samples = page[kind]
        if not samples:
            continue
        what = "focus another selected run" if kind == "focus" else "add a run to the selection"
        problems = [s for s in samples if "error" in s or not s.get("cleared")]
        if problems:
            print(f"  redraw, {what}: NO SIGNAL: {problems[0]}")
            checks.append((f"redraw ({kind})", False, "no data-ready signal"))
            continue
        times = ", ".join(f"{s['ready']:.0f}" for s in samples)
        painted = ", ".join(f"{s['painted']:.0f}" for s in samples)
        made = "; ".join(" ".join(s["requests"]) or "none" for s in samples)
        print(f"  redraw, {what}: {times} ms to data-ready (painted {painted}); requests: {made}")
        # The median: on a shared machine a single redraw can stall.
        middle = statistics.median(s["ready"] for s in samples) / 1000
        worst = max(s["ready"] for s in samples) / 1000
        checks.append((f"redraw ({kind}), median", middle <= redraw_limit,
                       f"{1000 * middle:.0f} ms (worst {1000 * worst:.0f} ms)"))
    if page["picker"]:
        _print_picker(page["picker"])


def _print_picker(picker):
    print(f"  run picker, {picker['runs']} runs (ms, the browser's clock):")
    print(f"    open (click until laid out and painted): {picker['open']['ms']:.0f} "
          f"({picker['open']['shown']} shown)")
    print(f"    filter keystroke to \"{picker['query']}\" ({picker['narrow']['shown']} shown): "
          f"{picker['narrow']['ms']:.0f}; clearing it ({picker['widen']['shown']} shown): "
          f"{picker['widen']['ms']:.0f}")
    for key, what in (("some", f"\"{picker['query']}\" ({picker['matching']} runs)"), ("all", "all runs")):
        timed = picker[key]
        if "error" in timed:
            print(f"    Select shown, {what}: NO SIGNAL: {timed['error']}")
            continue
        partial = ("no partial draw" if timed["partial"] is None else
                   f"first partial draw {timed['partial']:.0f} ({timed['pending']} runs pending)")
        print(f"    Select shown, {what}: {partial}, data-ready {timed['ready']:.0f}; "
              f"{timed['draws']} partial draws, {timed['selected']} runs selected")
