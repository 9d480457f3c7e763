"""TensorBoard's own dashboards in headless Chromium, timed as the tab is
(for `team_folder.py`): the yardstick for the tab's time to ready.

TensorBoard's dashboards set no "ready" mark, so this takes the moment the
last response of the dashboard's data routes arrived (`scalars/tags` and
`scalars/scalars_multirun` for Scalars, `timeseries/*` for Time Series),
once none has been in flight for `SETTLE_MS`: a lower bound on when the
dashboard is drawn (its charts are drawn after that). Same browser, window
and clocks as `team_folder_page.py`: a fresh browser context per repeat
(an empty cache), navigation starting at the page's `performance.timeOrigin`.
"""

import statistics

from team_folder_page import VIEWPORT
from tests.chromium import CHROMIUM, CHROMIUM_ARGS

DASHBOARDS = {"scalars": "data/plugin/scalars/", "timeseries": "data/plugin/timeseries/"}
SETTLE_MS = 1500
TIMEOUT_MS = 120_000


def measure(url, repeats):
    """{dashboard: [seconds from navigation to its last data response]}."""
    from playwright import sync_api

    result = {name: [] for name in DASHBOARDS}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(repeats):
                for name, route in DASHBOARDS.items():
                    context = browser.new_context(viewport=VIEWPORT)
                    try:
                        result[name].append(_load(context.new_page(), url, name, route))
                    finally:
                        context.close()
        finally:
            browser.close()
    return result


def _load(page, url, name, route):
    in_flight, done = set(), []
    page.on("request", lambda r: route in r.url and in_flight.add(r))
    page.on("requestfinished", lambda r: r in in_flight and (in_flight.discard(r), done.append(r)))
    page.on("requestfailed", lambda r: in_flight.discard(r))
    page.goto(url + "#" + name)
    quiet = waited = 0
    while quiet < SETTLE_MS or not done:
        if waited > TIMEOUT_MS:
            raise TimeoutError(f"TensorBoard's {name} dashboard still loading after {TIMEOUT_MS} ms")
        page.wait_for_timeout(100)
        waited += 100
        quiet = 0 if in_flight or not done else quiet + 100
    origin = page.evaluate("performance.timeOrigin")
    last = max(r.timing["startTime"] + r.timing["responseEnd"] for r in done)
    return (last - origin) / 1000


def report(times, ready, checks):
    """Prints TensorBoard's dashboards' times beside the tab's `ready`
    (seconds, the median of its first visits) and appends the check."""
    for name, samples in times.items():
        middle = statistics.median(samples)
        print(f"  TensorBoard's own {name} dashboard, navigation -> its last data response "
              f"(a lower bound on its ready): {', '.join(f'{t:.2f}' for t in samples)} s; "
              f"median {middle:.2f} s; the tab's ready / this = {ready / middle:.2f}")
        checks.append((f"ready / TensorBoard's {name} dashboard", ready <= middle, f"{ready / middle:.2f}"))
