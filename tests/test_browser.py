"""The Cyclescope tab in headless Chromium, served by a real TensorBoard over
logs written by the real callbacks."""

import json
import os
import shutil

import keras
import numpy as np
import pytest

from cyclescope.callbacks import CyclicLR, DeadReluDetector, SnapshotCallbackBuilder
from cyclescope.tb_plugin import metadata
from tests.plugin_logs import write_raw_records
from tests.tensorboard_process import TensorBoard, TENSORBOARD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
ARTIFACTS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-artifacts", "browser")
XSS_RUN = "<img src=x onerror=alert(1)>"
NEWER_SCHEMA = 99

if not os.path.exists(CHROMIUM):
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
    pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}", allow_module_level=True)

from playwright import sync_api  # noqa: E402


def three_relu_model():
    model = keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(16, activation="relu", name="fused"),
        keras.layers.Dense(8, name="pre_relu"),
        keras.layers.ReLU(name="relu_layer"),
        keras.layers.Dense(8, name="pre_activation"),
        keras.layers.Activation("relu", name="activation_layer"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model


@pytest.fixture(scope="module")
def logdir(tmp_path_factory):
    """clr: 40 steps of step_size 5 (4 cycles), 3 ReLU layers checked 4 times;
    snapshots: 2 snapshots; a run whose name is an XSS attempt; damaged: like
    clr's LR, beside a snapshot record of a newer schema than the plugin's."""
    root = tmp_path_factory.mktemp("browser_logs")
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x, y = rng.random((40, 4)).astype("float32"), rng.integers(0, 2, (40, 1))
    fit = dict(batch_size=4, epochs=4, verbose=0, validation_data=(x[:8], y[:8]))

    run = str(root / "clr")
    three_relu_model().fit(x, y, callbacks=[
        CyclicLR(0.01, 0.05, step_size=5, log_dir=run),
        DeadReluDetector(x[:20], log_dir=run),
        keras.callbacks.TensorBoard(run, update_freq=1)], **fit)

    run = str(root / "snapshots")
    builder = SnapshotCallbackBuilder(nb_epochs=4, nb_snapshots=2, init_lr=0.05)
    three_relu_model().fit(x, y, callbacks=[
        *builder.get_callbacks(model_prefix=str(root / "weights" / "M"), log_dir=run),
        DeadReluDetector(x[:20], log_dir=run)], **fit)

    three_relu_model().fit(x, y, callbacks=[CyclicLR(0.01, 0.05, 5, log_dir=str(root / XSS_RUN))], **fit)

    run = str(root / "damaged")
    three_relu_model().fit(x, y, callbacks=[CyclicLR(0.01, 0.05, 5, log_dir=run)], **fit)
    snapshot = {"index": 1, "epoch": 1, "step": 19, "file": "M-1.weights.h5", "lr": 0.03, "metrics": {}}
    write_raw_records(run, metadata.SNAPSHOT_TAG, NEWER_SCHEMA, [(19, json.dumps(snapshot).encode())])
    return root


@pytest.fixture(scope="module")
def board(logdir):
    server = TensorBoard(TENSORBOARD, logdir)
    server.plugins_listing()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(board, browser):
    """The Cyclescope tab of TensorBoard, drawn, with the problems it logged."""
    page = browser.new_page(viewport={"width": 1280, "height": 1500})
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(board.url + "#cyclescope")
    frame = page.frame_locator("iframe[src*='plugin_entry']")
    frame.locator("body[data-ready='true']").wait_for(timeout=60000)
    yield page, frame, problems
    page.close()


def focus(frame, run):
    frame.locator(".cs-chip-focus", has_text=run).first.click()


def test_the_tab_draws_cycles_snapshots_and_relu_layers(tab):
    page, frame, problems = tab
    expect = sync_api.expect
    expect(frame.locator("[data-runs]")).to_have_attribute("data-runs", "4")

    focus(frame, "clr")
    expect(frame.locator("[data-cycles]")).to_have_attribute("data-cycles", "4")
    expect(frame.locator("[data-snapshots]")).to_have_attribute("data-snapshots", "0")
    expect(frame.locator("[data-layers]")).to_have_attribute("data-layers", "3")
    expect(frame.locator("[data-checks]")).to_have_attribute("data-checks", "4")
    rows = frame.locator(".cs-heatmap-labels button")
    assert [rows.nth(i).get_attribute("title") for i in range(rows.count())] == [
        "fused · 16 units · #0", "relu_layer · 8 units · #2", "activation_layer · 8 units · #4"]
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "cyclescope-clr.png"), full_page=True)

    focus(frame, "snapshots")
    expect(frame.locator("[data-snapshots]")).to_have_attribute("data-snapshots", "2")
    expect(frame.locator("[data-cycles]")).to_have_attribute("data-cycles", "2")
    page.screenshot(path=os.path.join(ARTIFACTS, "cyclescope-snapshots.png"), full_page=True)
    assert problems == []


def test_a_run_named_like_html_shows_as_text_and_runs_nothing(tab):
    page, frame, problems = tab
    chip = frame.locator(".cs-chip-focus", has_text=XSS_RUN)
    sync_api.expect(chip).to_have_text(XSS_RUN)
    focus(frame, XSS_RUN)
    sync_api.expect(frame.locator("[data-cycles]")).to_have_attribute("data-cycles", "4")
    assert frame.locator("img").count() == 0
    assert problems == []


def chip(frame, run):
    return frame.locator(".cs-chip").filter(has=frame.locator(".cs-runname", has_text=run)).first


def test_a_run_with_skipped_records_shows_the_warning_next_to_it(tab):
    page, frame, problems = tab
    expect = sync_api.expect
    # On its chip: a badge with the count, the problem in its tooltip.
    badge = chip(frame, "damaged").locator(".cs-chip-warn")
    expect(badge).to_have_text("⚠ 1")
    title = badge.get_attribute("title")
    assert metadata.SNAPSHOT_TAG in title and str(NEWER_SCHEMA) in title, title
    for healthy in ("clr", "snapshots", XSS_RUN):
        expect(chip(frame, healthy).locator(".cs-chip-warn")).to_have_count(0)

    # In the run list, by keyboard: the badge opens the list of problems.
    frame.locator(".cs-runpicker > summary").click()
    item = frame.locator(".cs-runlist li").filter(has=frame.locator(".cs-runname", has_text="damaged"))
    item.locator(".cs-warn-badge").focus()
    page.keyboard.press("Enter")
    expect(item.locator(".cs-warn-badge")).to_have_attribute("aria-expanded", "true")
    expect(item.locator(".cs-warn-badge")).to_be_focused()
    listed = item.locator(".cs-run-warnings li")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(metadata.SNAPSHOT_TAG)
    expect(listed).to_contain_text(str(NEWER_SCHEMA))
    expect(frame.locator(".cs-run-warnings")).to_have_count(1)
    page.keyboard.press("Escape")

    # Focused: the notice by the charts lists it; the rest of the run still shows.
    focus(frame, "damaged")
    notice = frame.locator(".cs-notice")
    expect(notice).to_have_count(1)
    expect(notice).to_have_attribute("data-run", "damaged")
    expect(notice.locator("li")).to_contain_text(metadata.SNAPSHOT_TAG)
    expect(frame.locator("[data-cycles]")).to_have_attribute("data-cycles", "4")
    expect(frame.locator("[data-snapshots]")).to_have_attribute("data-snapshots", "0")
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "cyclescope-warnings.png"), full_page=True)
    focus(frame, "clr")
    expect(frame.locator(".cs-notice")).to_have_count(0)
    assert problems == []
