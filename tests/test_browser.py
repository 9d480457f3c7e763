"""The Cyclescope tab in headless Chromium, served by a real TensorBoard over
logs written by the real callbacks."""

import json
import os
import re

import keras
import numpy as np
import pytest

from cyclescope.callbacks import (CyclicLR, DeadReluDetector, OneCycleLR, SnapshotCallbackBuilder,
                                  SnapshotEnsemble, find_lr)
from cyclescope.tb_plugin import metadata
from tests.chromium import open_tab, require_chromium
from tests.plugin_logs import write_raw_records
from tests.tensorboard_process import TensorBoard, TENSORBOARD

ARTIFACTS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-artifacts", "browser")
XSS_RUN = "<img src=x onerror=alert(1)>"
NEWER_SCHEMA = 99

require_chromium()

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

    # Issue 7: a range test, a one-cycle fit, an evaluated ensemble, ReLUs killed on purpose.
    find_lr(three_relu_model(), x, y, num_steps=30, start_lr=1e-4, end_lr=10.0,
            log_dir=str(root / "lr_find"), verbose=0)
    three_relu_model().fit(x, y, callbacks=[OneCycleLR(0.05, epochs=4, cycle_momentum=False, log_dir=str(root / "one_cycle"))], **fit)
    run = str(root / "ensemble")
    builder = SnapshotCallbackBuilder(nb_epochs=4, nb_snapshots=2, init_lr=0.05)
    model = three_relu_model()
    model.fit(x, y, callbacks=builder.get_callbacks(model_prefix=str(root / "ens_weights" / "M"), log_dir=run),
              **fit)
    SnapshotEnsemble(model, run, weights_dir=str(root / "ens_weights")).evaluate(x[:8], y[:8], log_dir=run)
    three_relu_model().fit(x, y, callbacks=[CyclicLR(0.01, 0.05, step_size=5, log_dir=str(root / "deaths")),
                                            KillUnits(), DeadReluDetector(x[:20], log_dir=str(root / "deaths"))],
                           **fit)
    return root


class KillUnits(keras.callbacks.Callback):
    """After epoch 1, 5 units of `pre_relu` never fire again (bias -100: no
    gradient reaches them); after epoch 2, 2 of them fire again."""

    def on_epoch_end(self, epoch, logs=None):
        layer = self.model.get_layer("pre_relu")
        bias = keras.ops.convert_to_numpy(layer.bias).copy()
        if epoch == 1:
            bias[:5] = -100.0
        if epoch == 2:
            bias[:2] = 1.0
        layer.bias.assign(bias)


@pytest.fixture(scope="module")
def board(logdir):
    server = TensorBoard(TENSORBOARD, logdir)
    server.plugins_listing()
    yield server
    server.stop()


@pytest.fixture
def tab(board, browser):
    """The Cyclescope tab of TensorBoard, drawn, with the problems it logged."""
    page, frame, problems = open_tab(browser, board.url)
    yield page, frame, problems
    page.close()


def focus(frame, run):
    """Focuses `run`, ticking it in the run list first when it is not selected (no chip)."""
    chip = frame.locator(".cs-chip-focus", has_text=run)
    if chip.count() == 0:
        frame.locator(".cs-runpicker > summary").click()
        item = frame.locator(".cs-runlist li").filter(has=frame.locator(".cs-runname", has_text=run)).first
        item.locator("input[type=checkbox]").check()
        frame.locator(".cs-runpicker > summary").click()
        frame.locator("body[data-ready='true']").wait_for()
    chip.first.click()


def test_the_tab_draws_cycles_snapshots_and_relu_layers(tab):
    page, frame, problems = tab
    expect = sync_api.expect
    expect(frame.locator("[data-runs]")).to_have_attribute("data-runs", "8")

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


def route(board, name, run):
    return board.get_json(f"data/plugin/cyclescope/{name}?run={run}")


def brief(v):
    """formatNumber(v, 3) of format.js for values from 0.001 to 1000: 3 significant digits, no trailing zeros."""
    text = f"{v:.3g}"
    assert "e" not in text, v
    return text


def shoot(page, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.wait_for_timeout(300)
        page.screenshot(path=os.path.join(ARTIFACTS, f"{name}-{scheme}.png"), full_page=True)
    page.emulate_media(color_scheme="light")


def test_an_lr_range_test_shows_its_curve_and_the_suggestion(tab, board):
    page, frame, problems = tab
    expect = sync_api.expect
    rt = route(board, "lr_range_test", "lr_find")
    focus(frame, "lr_find")
    expect(frame.locator("[data-range-test]")).to_have_attribute("data-range-test", str(len(rt["lrs"])))
    assert len(rt["lrs"]) == 30 or rt["stopped_early"]
    expect(frame.locator("[data-range-test]")).to_have_attribute(
        "data-lr-scale", "log" if rt["mode"] == "exp" else "linear")
    # As LRRangeTestResult.suggestion writes it.
    suggestion = f"use CyclicLR(base_lr={rt['base_lr']:.3g}, max_lr={rt['max_lr']:.3g})"
    expect(frame.locator(".cs-suggestion")).to_have_text(suggestion)
    expect(frame.locator(".cs-card:not(.cs-empty) h2").first).to_have_text("LR range test")
    assert frame.locator(".cs-rangetest canvas").count() > 0
    # Beside a run with an LR: no error; focusing it brings the LR chart back.
    focus(frame, "clr")
    expect(frame.locator(".cs-rangetest")).to_be_hidden()
    expect(frame.locator("[data-cycles]")).to_have_attribute("data-cycles", "4")
    focus(frame, "lr_find")
    expect(frame.locator(".cs-rangetest")).to_be_visible()
    shoot(page, "cyclescope-range-test")
    assert problems == []


def test_one_cycle_phases_are_named_warm_up_and_annealing(tab, board):
    page, frame, problems = tab
    expect = sync_api.expect
    lr = route(board, "lr", "one_cycle")
    assert [p["phase"] for p in lr["phases"]] == ["rising", "falling"]
    focus(frame, "one_cycle")
    key = frame.locator(".cs-key")
    expect(key).to_contain_text("warm-up")
    expect(key).to_contain_text("annealing")
    expect(key).not_to_contain_text("rising")
    summary = frame.locator(".cs-summary")
    expect(summary).to_contain_text("one-cycle")
    # The last step is in the annealing phase.
    expect(summary).to_have_attribute("data-summary", re.compile(r"· annealing$"))
    shoot(page, "cyclescope-one-cycle")
    assert problems == []


def test_snapshot_metrics_and_the_ensemble_show_at_their_markers_table_and_summary(tab, board):
    page, frame, problems = tab
    expect = sync_api.expect
    lr = route(board, "lr", "ensemble")
    [ensemble] = lr["ensembles"]
    accuracy = ensemble["metrics"]["accuracy"]
    last = max(lr["snapshots"], key=lambda s: s["step"])
    focus(frame, "ensemble")
    expect(frame.locator("[data-ensembles]")).to_have_attribute("data-ensembles", "1")
    row = frame.locator(".cs-table tr.cs-ensemble td")
    columns = [t.strip() for t in frame.locator(".cs-table th").all_text_contents()]
    cells = row.all_text_contents()
    assert cells[1] == f"ensemble of {len(ensemble['members'])}"
    assert cells[columns.index("val_accuracy")] == brief(accuracy)
    assert cells[-1] == f"{ensemble['samples']} samples"
    sentence = (f"ensemble of {len(ensemble['members'])}: accuracy {brief(accuracy)} "
                f"(last snapshot {brief(last['metrics']['val_accuracy'])})")
    expect(frame.locator(".cs-summary")).to_have_attribute("data-summary", re.compile(re.escape(sentence) + "$"))
    shoot(page, "cyclescope-ensemble")
    assert problems == []


def test_relu_deaths_are_marked_on_the_lr_chart_and_told_in_words(tab, board):
    page, frame, problems = tab
    expect = sync_api.expect
    relu = route(board, "dead_relu", "deaths")
    lr = route(board, "lr", "deaths")
    events = [(relu["died"][i][j], i, j) for i in range(len(relu["layers"])) for j in range(len(relu["checks"]))
              if (relu["died"][i][j] or 0) > 0]
    layer = [lay["name"] for lay in relu["layers"]].index("relu_layer")
    # KillUnits: deaths at the check after epoch 1 (some of its 5 units may have been dead already), 2 revived next.
    assert relu["died"][layer][1] > 0 and relu["revived"][layer][2] == 2, relu
    focus(frame, "deaths")
    expect(frame.locator("[data-death-marks]")).to_have_attribute("data-death-marks", str(len(events)))
    # The largest event (the first of equals, by layer then check) in the phase holding most of its steps.
    died, i, j = max(events, key=lambda e: (e[0], -e[1], -e[2]))
    check = relu["checks"][j]
    span = range(check["since_step"], check["step"] + 1)
    overlap = [len([s for s in span if p["start"] <= s < p["end"]]) for p in lr["phases"]]
    phase = lr["phases"][overlap.index(max(overlap))]
    revived = relu["revived"][i][j]
    sentence = (f"{relu['layers'][i]['name']}: {died} units died in cycle {phase['cycle']} ({phase['phase']})"
                + (f", {revived} revived" if revived else ""))
    more = len(events) - 1
    if more:
        sentence += f"; {more} other death event{'s' if more > 1 else ''}"
    expect(frame.locator(".cs-summary-deaths")).to_have_text(sentence)
    shoot(page, "cyclescope-deaths")
    assert problems == []
