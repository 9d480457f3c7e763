"""The Cyclescope tab with 500 runs, in headless Chromium, served by a real
TensorBoard: the run picker's filter, keys and "Select shown", and a
selection of all 500 drawn while it loads.

The runs are written without Keras, by the package's own writer
(`tests.plugin_logs.write_blocks_run`: what CyclicLR writes, a schedule
record, then per epoch an epoch record and the epoch's LR block), so that
writing them takes seconds.
"""

import time

import pytest

from tests.chromium import open_tab, require_chromium
from tests.plugin_logs import write_blocks_run
from tests.tensorboard_process import PREFIX, TENSORBOARD, TensorBoard


require_chromium()

from playwright import sync_api  # noqa: E402

RUNS = [f"run-{i:04d}" for i in range(500)]
# write_blocks_run: a triangular cycle of step size 25, 4 epochs of 50 steps.
EPOCHS, STEPS_PER_EPOCH, CYCLES = 4, 50, 4
DEFAULT_SELECTION = RUNS[:5]
LOADED_TIMEOUT_S = 120
READY_TIMEOUT_MS = 120_000


def matches(name, query):
    """The filter box's rule: every whitespace-separated term occurs in the name, ignoring case."""
    return all(term in name.lower() for term in query.lower().split())


@pytest.fixture(scope="module")
def logdir(tmp_path_factory):
    root = tmp_path_factory.mktemp("many_runs")
    for name in RUNS:
        write_blocks_run(str(root / name), epochs=EPOCHS, steps_per_epoch=STEPS_PER_EPOCH)
    return root


@pytest.fixture(scope="module")
def board(logdir):
    """TensorBoard, once its runs route lists all 500 runs with their LR and schedule."""
    server = TensorBoard(TENSORBOARD, logdir)
    try:
        deadline = time.time() + LOADED_TIMEOUT_S
        while True:
            runs = server.get_json(PREFIX + "runs")["runs"]
            if [r["run"] for r in runs if r["lr"] and r["schedule"] == "triangular"] == RUNS:
                break
            assert time.time() < deadline, f"{len(runs)} of {len(RUNS)} runs listed"
            time.sleep(0.2)
        yield server
    finally:
        server.stop()


@pytest.fixture
def tab(board, browser):
    """The Cyclescope tab of TensorBoard, drawn, with the problems it logged."""
    page, frame, problems = open_tab(browser, board.url, height=1200, timeout_ms=READY_TIMEOUT_MS)
    yield page, frame, problems
    page.close()


def chip_names(frame):
    return frame.locator(".cs-chip .cs-runname").all_text_contents()


def test_the_picker_filters_500_runs_moves_by_keyboard_and_selects_what_it_shows(tab):
    page, frame, problems = tab
    expect = sync_api.expect
    picker = frame.locator("[data-runs]")
    expect(picker).to_have_attribute("data-runs", str(len(RUNS)))
    assert chip_names(frame) == DEFAULT_SELECTION

    frame.locator(".cs-runpicker > summary").click()
    names = frame.locator(".cs-runlist .cs-runname")
    expect(names).to_have_count(len(RUNS))
    expect(frame.locator(".cs-runpanel-actions .cs-spacer")).to_have_text("500 of 500 shown")
    query = "run-01"
    wanted = [n for n in RUNS if matches(n, query)]
    search = frame.locator(".cs-runpanel input[type=search]")
    search.fill(query)
    expect(names).to_have_count(len(wanted))
    assert names.all_text_contents() == wanted
    expect(frame.locator(".cs-runpanel-actions .cs-spacer")).to_have_text(f"{len(wanted)} of 500 shown")

    # Enter in the filter box changes nothing.
    page.keyboard.press("Enter")
    expect(search).to_be_focused()
    expect(picker).to_have_attribute("data-selected", str(len(DEFAULT_SELECTION)))

    boxes = frame.locator(".cs-runlist input[type=checkbox]")
    page.keyboard.press("ArrowDown")
    expect(boxes.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(boxes.nth(1)).to_be_focused()
    page.keyboard.press("Space")
    frame.locator("body[data-ready='true']").wait_for(timeout=READY_TIMEOUT_MS)
    selected = DEFAULT_SELECTION + [wanted[1]]
    expect(picker).to_have_attribute("data-selected", str(len(selected)))
    assert chip_names(frame) == selected
    expect(boxes.nth(1)).to_be_checked()
    expect(boxes.nth(1)).to_be_focused()
    page.keyboard.press("End")
    expect(boxes.nth(len(wanted) - 1)).to_be_focused()
    page.keyboard.press("Home")
    expect(boxes.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(search).to_be_focused()
    page.keyboard.press("Escape")
    expect(frame.locator(".cs-runpanel")).to_be_hidden()

    frame.locator(".cs-runpicker > summary").click()
    search.fill(query)
    expect(names).to_have_count(len(wanted))
    frame.get_by_role("button", name="Select shown").click()
    frame.locator("body[data-ready='true']").wait_for(timeout=READY_TIMEOUT_MS)
    selected = [n for n in RUNS if n in set(selected) | set(wanted)]
    expect(picker).to_have_attribute("data-selected", str(len(selected)))
    assert chip_names(frame) == selected
    expect(frame.locator("[data-lr-runs]")).to_have_attribute("data-lr-runs", str(len(selected)))
    expect(frame.locator("[data-cycles]")).to_have_attribute("data-cycles", str(CYCLES))
    assert frame.locator("body").get_attribute("data-pending") is None
    assert problems == []


# Installed before the click: what the page showed each time the pending
# count, the drawn runs or data-ready changed.
RECORD_DRAWS = """
() => {
  window.__draws = [];
  const body = document.body;
  const record = () => window.__draws.push({
    pending: body.dataset.pending ?? null,
    ready: body.dataset.ready ?? null,
    drawn: document.querySelector("[data-lr-runs]")?.dataset.lrRuns ?? null,
    focused: document.querySelector(".cs-legend-item.cs-active .cs-runname")?.textContent ?? null,
    progress: document.querySelector(".cs-progress")?.textContent ?? "",
  });
  new MutationObserver(record).observe(body, {
    subtree: true, attributes: true, attributeFilter: ["data-pending", "data-ready", "data-lr-runs"],
  });
}
"""


def test_selecting_all_500_runs_draws_them_as_they_load(tab):
    page, frame, problems = tab
    expect = sync_api.expect
    frame.locator(".cs-runpicker > summary").click()
    expect(frame.locator(".cs-runlist .cs-runname")).to_have_count(len(RUNS))
    frame.locator("body").evaluate(RECORD_DRAWS)
    frame.get_by_role("button", name="Select shown").click()
    frame.locator("body[data-ready='true']").wait_for(timeout=READY_TIMEOUT_MS)

    expect(frame.locator("[data-selected]")).to_have_attribute("data-selected", str(len(RUNS)))
    expect(frame.locator("[data-lr-runs]")).to_have_attribute("data-lr-runs", str(len(RUNS)))
    assert frame.locator("body").get_attribute("data-pending") is None
    expect(frame.locator(".cs-progress")).to_be_hidden()
    draws = frame.locator("body").evaluate("() => window.__draws")
    partial = [d for d in draws if d["pending"] is not None]
    assert partial, draws[:5]
    first = partial[0]
    # The default selection's runs were loaded with the page: drawn at once, with the focused run.
    assert int(first["pending"]) == len(RUNS) - len(DEFAULT_SELECTION), first
    assert first["focused"] == DEFAULT_SELECTION[0], first
    assert int(first["drawn"]) == len(RUNS) - int(first["pending"]), first
    assert first["progress"] == f"Loaded {first['drawn']} of {len(RUNS)} runs…", first
    assert all(d["ready"] is None for d in partial), "data-ready set while runs were still loading"
    counts = [int(d["pending"]) for d in partial]
    assert counts == sorted(counts, reverse=True), counts
    assert draws[-1] == {"pending": None, "ready": "true", "drawn": str(len(RUNS)),
                         "focused": DEFAULT_SELECTION[0], "progress": ""}, draws[-1]
    assert problems == []
