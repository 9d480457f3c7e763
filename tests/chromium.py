"""The headless Chromium that the browser tests, the screenshots and the
page benchmarks drive: Debian's, which `.ci/run` installs."""

import contextlib
import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def require_chromium():
    """Skips the calling test module when Chromium is missing, except on CI,
    where that is an error."""
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
    pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}", allow_module_level=True)


@contextlib.contextmanager
def launched():
    """A headless Chromium (Playwright's `Browser`), closed afterwards."""
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_tab(browser, url, height=1500, timeout_ms=60_000):
    """Opens the Cyclescope tab of the TensorBoard at `url` in a new page and
    waits until it is drawn.

    Returns:
        (page, the plugin's frame locator, problems): `problems` collects
        console errors, page errors and dialogs from then on.
    """
    page = browser.new_page(viewport={"width": 1280, "height": height})
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(url + "#cyclescope")
    frame = page.frame_locator("iframe[src*='plugin_entry']")
    frame.locator("body[data-ready='true']").wait_for(timeout=timeout_ms)
    return page, frame, problems
