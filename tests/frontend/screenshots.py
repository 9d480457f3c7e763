"""Screenshots of the Cyclescope tab on fixture logs, light and dark.

    . .venv/bin/activate
    python tests/frontend/screenshots.py [OUT_DIR]   (default: test-artifacts/frontend)

Serves the tab with dev_server (real TensorBoards over logs written by the
real callbacks), opens it in Debian's chromium through Playwright, waits for
body[data-ready="true"], saves PNGs, checks what the tab shows against
fixtures/make_logs.py's expectations, and prints every console message, page
error and failed request; exits non-zero if there was any problem.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dev_server  # noqa: E402
from fixtures.make_logs import COSINE_RUN, DEEP_RUN, XSS_KERAS_RUN  # noqa: E402

from tests.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

VIEWPORT = {"width": 1280, "height": 900}


def plugin_url(base, scenario):
    """The plugin page itself (no host), so a full-page screenshot shows it all."""
    return f"{base}{scenario}/data/plugin_entry.html?name=cyclescope"


def wait_ready(page):
    page.locator("body[data-ready='true']").wait_for(timeout=20000)


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "test-artifacts/frontend")
    out.mkdir(parents=True, exist_ok=True)
    server, base, expected = dev_server.start()
    problems = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
                page = context.new_page()
                watch(page, scheme, problems)
                for scenario in dev_server.SCENARIOS:
                    page.goto(plugin_url(base, scenario))
                    wait_ready(page)
                    page.screenshot(path=out / f"{scenario}-{scheme}.png", full_page=True)
                if scheme == "light":
                    check_counts(page, base, expected, problems)
                    check_warnings(page, base, out, expected["damaged"], problems)
                    check_zoom_sync(page, base, out, problems)
                    check_lr_scale(page, base, out, problems)
                    shoot_interactions(page, base, out)
                    check_host_reload(page, base, problems)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    for problem in problems:
        print("PROBLEM", problem)
    print(f"screenshots in {out}")
    return 1 if problems else 0


def watch(page, scheme, problems):
    """Collects console errors, page errors and unexpected HTTP errors."""

    def on_console(message):
        print(f"[{scheme} console.{message.type}] {message.text}")
        # HTTP errors are judged by on_response, which knows the URL.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"[{scheme}] console: {message.text}")

    def on_response(response):
        expected = "/errors/" in response.url and response.status == 500
        if response.status >= 400 and not expected:
            problems.append(f"[{scheme}] HTTP {response.status}: {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda e: problems.append(f"[{scheme}] page error: {e}"))
    page.on("dialog", lambda d: problems.append(f"[{scheme}] dialog (injection?): {d.message}"))


def check_host_reload(page, base, problems):
    """The host's reload button reaches the iframe over the IPC and is answered."""
    page.goto(f"{base}default/")
    frame = page.frame_locator("iframe")
    frame.locator("body[data-ready='true']").wait_for(timeout=20000)
    page.click("#reload")
    page.wait_for_function("() => window.lastReply && window.lastReply.isReply", timeout=5000)
    frame.locator("body[data-ready='true']").wait_for(timeout=20000)
    reply = page.evaluate("() => window.lastReply")
    if reply.get("type") != "experimental.DataReloaded" or reply.get("error"):
        problems.append(f"unexpected IPC reply {reply}")


def check_counts(page, base, expected, problems):
    """The counts the tab exposes for tests, and the injection-named run shown as text."""
    page.goto(plugin_url(base, "default"))
    wait_ready(page)
    focused = page.text_content(".cs-chip.cs-focused .cs-runname")
    if focused != expected["default"]["focused"]["run"]:
        problems.append(f"focused run {focused!r}, not {expected['default']['focused']['run']!r}")
    found = {
        "runs": page.get_attribute("[data-runs]", "data-runs"),
        "cycles": page.get_attribute("[data-cycles]", "data-cycles"),
        "snapshots": page.get_attribute("[data-snapshots]", "data-snapshots"),
        "layers": page.get_attribute("[data-layers]", "data-layers"),
        "checks": page.get_attribute("[data-checks]", "data-checks"),
    }
    counts = {"runs": expected["default"]["runs"], **expected["default"]["focused"]}
    wanted = {key: str(counts[key]) for key in found}
    if found != wanted:
        problems.append(f"counts {found} != {wanted}")
    names = page.eval_on_selector_all(".cs-chip .cs-runname", "els => els.map(e => e.textContent)")
    if XSS_KERAS_RUN not in names:
        problems.append(f"run {XSS_KERAS_RUN!r} not shown as text: {names}")
    if page.locator("img").count():
        problems.append("an <img> element was created from a run name")


def check_warnings(page, base, out, damaged, problems):
    """In the damaged scenario, each run with skipped records has a warnings
    badge in the run picker, which opens the list of its problems; the
    focused run's problems are in the notice by the charts."""
    page.goto(plugin_url(base, "damaged"))
    wait_ready(page)
    page.click(".cs-runpicker > summary")
    badges = page.eval_on_selector_all(
        ".cs-runlist li:has(.cs-warn-badge) .cs-runname", "els => els.map(e => e.textContent)"
    )
    if sorted(badges) != sorted(damaged["with_warnings"]):
        problems.append(f"runs with a warnings badge {badges}, not {damaged['with_warnings']}")
    for run in badges:
        page.click(f".cs-runlist li:has(.cs-runname:text-is('{run}')) .cs-warn-badge")
    page.screenshot(path=out / "damaged-picker.png")
    page.keyboard.press("Escape")
    focused = page.text_content(".cs-chip.cs-focused .cs-runname")
    notice = page.locator(f".cs-notice[data-run='{focused}']")
    if focused in badges and notice.count() != 1:
        problems.append(f"no warnings notice for the focused run {focused!r}")
    page.screenshot(path=out / "damaged-notice.png", full_page=True)


def x_ranges(page):
    """The x range of the LR chart and of the dead-fraction chart."""
    return page.eval_on_selector_all(".cs-chart", "els => els.map(e => e.dataset.xRange)")


def check_zoom_sync(page, base, out, problems):
    """Drag-zoom in either chart zooms both; double-click resets both."""
    page.goto(plugin_url(base, "default"))
    wait_ready(page)
    full = x_ranges(page)
    overs = page.locator(".cs-chart .u-over")
    for index in (0, 1):
        box = overs.nth(index).bounding_box()
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] * 0.3, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=5)
        page.mouse.up()
        zoomed = x_ranges(page)
        if len(set(zoomed)) != 1 or zoomed == full:
            problems.append(f"zoom in chart {index} not shared: {full} -> {zoomed}")
        if index == 0:
            page.screenshot(path=out / "zoomed.png", full_page=True)
        page.mouse.dblclick(box["x"] + box["width"] / 2, y)
        if x_ranges(page) != full or len(set(full)) != 1:
            problems.append(f"double-click did not reset both charts: {x_ranges(page)} != {full}")


def check_lr_scale(page, base, out, problems):
    """The default logs' LR peaks (0.006 beside 0.3) put the LR axis on a log scale
    by itself; once the user sets the toggle, their choice holds until the
    page is loaded again."""

    def scale(when, wanted):
        wait_ready(page)
        found = page.get_attribute(".cs-chart[data-lr-scale]", "data-lr-scale")
        checked = page.is_checked(".cs-toggle:has-text('log LR') input")
        if (found, checked) != (wanted, wanted == "log"):
            problems.append(f"LR axis {when}: {found}, toggle checked {checked}; wanted {wanted}")

    page.goto(plugin_url(base, "default"))
    scale("by default", "log")
    page.uncheck(".cs-toggle:has-text('log LR') input")
    scale("after the user unchecked it", "linear")
    page.screenshot(path=out / "lr-linear.png", full_page=True)
    page.click(f".cs-chip:has-text('{COSINE_RUN}') .cs-chip-focus")
    scale("after a focus change", "linear")
    page.click(".cs-reload")
    scale("after Reload", "linear")
    page.goto(plugin_url(base, "default"))
    scale("after the page was loaded again", "log")


def shoot_interactions(page, base, out):
    """Hover cards, toggles, focus, the open run picker, a narrow window."""
    page.goto(plugin_url(base, "default"))
    wait_ready(page)
    hover_snapshot(page)
    page.screenshot(path=out / "hover-snapshot.png")
    heat = page.locator(".cs-heatmap canvas").bounding_box()
    page.mouse.move(heat["x"] + heat["width"] * 0.9, heat["y"] + 24 * 3 + 10)
    page.screenshot(path=out / "hover-heatmap.png", full_page=True)
    page.mouse.move(0, 0)

    page.click(".cs-segmented label:has-text('epoch')")
    page.check(".cs-toggle:has-text('log LR') input")
    wait_ready(page)
    page.screenshot(path=out / "epoch-log.png", full_page=True)

    page.click(f".cs-chip:has-text('{COSINE_RUN}') .cs-chip-focus")
    wait_ready(page)
    page.screenshot(path=out / "focus-cosine.png", full_page=True)

    page.click(".cs-runpicker > summary")
    page.fill(".cs-runpanel input[type=search]", "mnist")
    page.screenshot(path=out / "run-picker.png")
    page.keyboard.press("Escape")

    page.goto(plugin_url(base, "many"))
    wait_ready(page)
    page.click(".cs-runpicker > summary")
    page.screenshot(path=out / "many-picker.png")
    page.click(f".cs-runlist label:has-text('{DEEP_RUN}') input")
    wait_ready(page)
    page.keyboard.press("Escape")
    page.click(f".cs-chip:has-text('{DEEP_RUN}') .cs-chip-focus")
    wait_ready(page)
    page.screenshot(path=out / "many-deep.png", full_page=True)

    page.goto(plugin_url(base, "default"))
    wait_ready(page)
    page.set_viewport_size({"width": 720, "height": 900})
    page.wait_for_timeout(300)
    page.screenshot(path=out / "narrow.png", full_page=True)
    page.set_viewport_size(VIEWPORT)


def hover_snapshot(page):
    """Moves the mouse along the bottom of the LR plot until a snapshot card shows."""
    box = page.locator(".cs-chart .u-over").first.bounding_box()
    for i in range(300):
        x = box["x"] + box["width"] * i / 300
        for fy in (0.91, 0.965, 0.98):
            page.mouse.move(x, box["y"] + box["height"] * fy)
            if page.locator(".cs-hovercard:not([hidden])").count():
                return


if __name__ == "__main__":
    sys.exit(main())
