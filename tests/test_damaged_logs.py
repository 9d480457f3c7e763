"""Damaged and unusual logs beside healthy runs, served by a real `tensorboard`
process under each loader (one per loader for the module).

The log dir holds `clean/healthy` (a healthy run and Keras's `train` run
beside it) and `damaged/`: a byte-for-byte copy of that healthy run, a copy
with random bytes appended to its event file, a run truncated in the middle
of a record, an empty event file, a folder with no events, and the runs of
`plugin_logs.write_{future,bad_fields,non_finite}_run`; plus `live`, a run
that a thread appends to while a test polls it.
"""

import concurrent.futures
import json
import shutil
import threading
import time
import urllib.parse

import numpy as np
import pytest

from cyclescope.tb_plugin import metadata
from cyclescope.tb_plugin.summary_writer import SummaryWriter
from tests import plugin_logs
from tests.tensorboard_process import PREFIX, TENSORBOARD, TensorBoard

HEALTHY_STEPS = 600
CUT_EPOCH = 5  # the truncated run's file ends inside this epoch's LR block
STEPS_PER_EPOCH = 50
LIVE_BLOCK = 10
NEWER = "written by a newer cyclescope (schema 99); upgrade to read it"
UNKNOWN = "not a record type this cyclescope knows (written by a newer version?); skipped"
NO_EVENTS = "no readable events: the event files are empty or damaged"


def _no_constant(name):
    raise ValueError("non-standard JSON constant %s" % name)


def strict_json(body):
    return json.loads(body.decode("utf-8"), parse_constant=_no_constant)


def lr_of(steps):
    """The LR that the live and truncated runs log: step size 25, float32."""
    return plugin_logs.cyclic_lr(np.asarray(steps), 25).astype(np.float32)


class LiveRun:
    """A run whose writer stays open for the module."""

    def __init__(self, run_dir):
        self.writer = SummaryWriter.acquire(run_dir)
        self.next_step = 0
        self.append()

    def append(self):
        steps = np.arange(self.next_step, self.next_step + LIVE_BLOCK)
        self.writer.learning_rates(self.next_step, lr_of(steps))
        self.writer.flush()
        self.next_step += LIVE_BLOCK


@pytest.fixture(scope="module")
def logdir(tmp_path_factory):
    root = tmp_path_factory.mktemp("damaged_logs")
    clean = root / "clean" / "healthy"
    plugin_logs.write_cyclic_run(str(clean), steps=HEALTHY_STEPS, step_size=50, snapshots=3,
                                 steps_per_epoch=STEPS_PER_EPOCH)
    plugin_logs.write_keras_run(str(clean / "train"), epochs=12,
                                steps_per_epoch=STEPS_PER_EPOCH)
    damaged = root / "damaged"
    shutil.copytree(clean, damaged / "healthy")
    shutil.copytree(clean, damaged / "appended")
    plugin_logs.append_random_bytes(str(damaged / "appended"))
    path, ends = plugin_logs.write_blocks_run(str(damaged / "truncated"),
                                              steps_per_epoch=STEPS_PER_EPOCH)
    # The epoch's LR block is its last record: 20 bytes before the end of
    # the epoch's bytes is inside the block's data.
    with open(path, "r+b") as f:
        f.truncate(ends[CUT_EPOCH] - 20)
    plugin_logs.write_empty_run(str(damaged / "empty"))
    (damaged / "no_events").mkdir()
    (damaged / "no_events" / "notes.txt").write_text("no event file here")
    plugin_logs.write_future_run(str(damaged / "future"))
    plugin_logs.write_bad_fields_run(str(damaged / "bad"))
    plugin_logs.write_non_finite_run(str(damaged / "nan"))
    live = LiveRun(str(root / "live"))
    yield root, live
    live.writer.release()


@pytest.fixture(scope="module")
def servers(logdir):
    """One TensorBoard per loader, started side by side (each start takes
    seconds of imports)."""
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        starts = {load_fast: pool.submit(TensorBoard, TENSORBOARD, logdir[0],
                                         "--load_fast=" + load_fast, "--reload_interval=1")
                  for load_fast in ["false", "true"]}
    boards = {load_fast: start.result() for load_fast, start in starts.items()
              if start.exception() is None}
    try:
        if len(boards) < len(starts):
            raise next(start.exception() for start in starts.values() if start.exception())
        yield boards
    finally:
        for board in boards.values():
            board.stop()


@pytest.fixture(scope="module", params=["false", "true"], ids=["python", "rust"])
def server(servers, request):
    board = servers[request.param]
    board.python_loader = request.param == "false"
    _wait_until_loaded(board)
    return board


# The runs with events (Keras's `train` runs beside three of them).
LOADED_RUNS = {"clean/healthy", "damaged/healthy", "damaged/appended", "damaged/nan"}
LOADED_RUNS |= {run + "/train" for run in LOADED_RUNS} | {
    "damaged/truncated", "damaged/future", "damaged/bad"}
ALL_ROUTES = [("lr", {}), ("loss", {}), ("dead_relu", {}), ("histograms", {"layer": "dense"}),
              ("histograms", {"layer": "a"})]


def _wait_until_loaded(board):
    """Until the loader (the Rust one loads in the background) has read the
    whole log dir: every route of every run (but the live one) answers the
    same twice, over more than a reload interval."""
    board.plugins_listing()
    deadline = time.time() + 60
    previous = None
    while time.time() < deadline:
        runs = set(board.get_json("data/runs")) - {"live"}
        sweep = {(route, run, str(params)): board.get(PREFIX + route + "?" + urllib.parse.urlencode(
                     {"run": run, **params}))[2]
                 for run in runs for route, params in ALL_ROUTES}
        sweep["runs"] = board.get(PREFIX + "runs")[2]
        if sweep == previous and runs >= LOADED_RUNS:
            return
        previous = sweep
        time.sleep(1.5)
    raise AssertionError("TensorBoard did not load the log dir:\n" + "".join(board.stderr))


def get(board, route, **params):
    """(status, parsed JSON or the plain-text body) of a route."""
    status, headers, body = board.get(PREFIX + route + "?" + urllib.parse.urlencode(params))
    if status == 200:
        assert headers["Content-Type"] == "application/json"
        return status, strict_json(body)
    return status, body.decode("utf-8", "replace")


def raw(board, route, **params):
    status, _, body = board.get(PREFIX + route + "?" + urllib.parse.urlencode(params))
    assert status == 200, body
    return body


HEALTHY_ROUTES = [("lr", {}), ("lr", {"max_points": "40"}), ("loss", {}), ("dead_relu", {}),
                  ("histograms", {"layer": "dense"}), ("histograms", {"layer": "block/conv"})]


@pytest.mark.parametrize("copy", ["damaged/healthy", "damaged/appended"])
def test_healthy_runs_beside_damage_are_served_as_without_it(server, copy):
    # The same bytes as the run in the folder without damage, once the run
    # names (in "run" and "source_run") are spelled the same.
    for route, params in HEALTHY_ROUTES:
        clean = raw(server, route, run="clean/healthy", **params)
        beside = raw(server, route, run=copy, **params)
        assert beside.replace(b'"' + copy.encode(), b'"clean/healthy') == clean, route
    runs = get(server, "runs")[1]
    entries = {r["run"]: r for r in runs["runs"]}
    assert {**entries[copy], "run": "clean/healthy"} == entries["clean/healthy"]
    assert not [w for w in runs["warnings"]
                if w["run"].startswith(("clean/", "damaged/healthy", "damaged/appended"))]


def test_the_healthy_run_itself(server):
    lr = get(server, "lr", run="clean/healthy", max_points="20000")[1]
    assert lr["points"]["step"] == list(range(HEALTHY_STEPS)) and lr["warnings"] == []
    # Step size 50, then a `_reset` to 25 at step 400 (`write_cyclic_run`).
    assert len(lr["phases"]) == 400 // 50 + (HEALTHY_STEPS - 400) // 25
    assert get(server, "loss", run="clean/healthy")[1]["warnings"] == []
    dead = get(server, "dead_relu", run="clean/healthy")[1]
    assert len(dead["checks"]) == HEALTHY_STEPS // STEPS_PER_EPOCH and dead["warnings"] == []


def test_a_run_truncated_mid_record_shows_every_readable_step(server):
    status, body = get(server, "lr", run="damaged/truncated", max_points="20000")
    assert status == 200
    readable = np.arange(CUT_EPOCH * STEPS_PER_EPOCH)  # the blocks before the cut
    assert body["points"]["step"] == readable.tolist()
    np.testing.assert_array_equal(body["points"]["value"], lr_of(readable))
    # The cut epoch's own record comes before its block: it is readable.
    assert body["epochs"]["epoch"] == list(range(CUT_EPOCH + 1))
    assert [p["start"] for p in body["phases"]] == list(range(0, len(readable), 25))
    assert body["warnings"] == []


def test_runs_without_readable_events(server):
    listed = set(server.get_json("data/runs"))
    warnings = get(server, "runs")[1]["warnings"]
    # The Python loader lists a run whose only event file is empty, the
    # Rust loader does not; neither lists a folder without event files.
    if server.python_loader:
        assert "damaged/empty" in listed
        assert {"run": "damaged/empty", "problem": NO_EVENTS} in warnings
    else:
        assert "damaged/empty" not in listed
    assert "damaged/no_events" not in listed
    for run in ["damaged/empty", "damaged/no_events"]:
        for route in ["lr", "loss", "dead_relu"]:
            assert get(server, route, run=run)[0] == 404


def test_newer_schema_and_unknown_records(server):
    runs = get(server, "runs")[1]
    assert {"run": "damaged/future", "tag": metadata.SCHEDULE_TAG, "problem": NEWER} \
        in runs["warnings"]
    assert {"run": "damaged/future", "tag": plugin_logs.UNKNOWN_TAG, "problem": UNKNOWN} \
        in runs["warnings"]
    lr = get(server, "lr", run="damaged/future")[1]
    assert lr["warnings"] == [{"run": "damaged/future", "tag": metadata.SCHEDULE_TAG,
                               "problem": NEWER}]
    assert [p["start"] for p in lr["phases"]] == [0, 25, 50, 75]


def test_bad_fields_and_non_finite_values(server):
    bad = get(server, "dead_relu", run="damaged/bad")[1]
    assert [c["step"] for c in bad["checks"]] == [19, 79]
    assert bad["dead"] == [[1, None]] and bad["fraction"] == [[0.25, None]]
    assert len(bad["warnings"]) == 10
    hist = get(server, "histograms", run="damaged/bad", layer="dense")[1]
    assert [h["step"] for h in hist["histograms"]] == [19]
    assert len(hist["warnings"]) == 1

    lr = get(server, "lr", run="damaged/nan", max_points="20000")[1]
    nulls = [i for i, v in enumerate(lr["points"]["value"]) if v is None]
    assert nulls == [10, 11, 30, 31]
    assert {"run": "damaged/nan", "tag": metadata.LR_BLOCK_TAG, "step": 10,
            "problem": "4 of 60 learning-rate values are NaN or infinite; sent as null"} \
        in lr["warnings"]
    loss = get(server, "loss", run="damaged/nan", max_points="20000")[1]
    assert [i for i, v in enumerate(loss["points"]["value"]) if v is None] == [4, 5]
    assert get(server, "dead_relu", run="damaged/nan")[1]["fraction"] == [
        [None, None], [None, 0.0]]
    assert get(server, "histograms", run="damaged/nan", layer="a")[1]["histograms"] == [
        {"step": 19, "buckets": [[0.0, 0.5, None], [0.5, 1.0, None]]}]


def test_no_run_gives_a_500(server):
    runs = set(server.get_json("data/runs")) | {"damaged/empty", "damaged/no_events"}
    for run in sorted(runs):
        for route, params in ALL_ROUTES:
            status, body = get(server, route, run=run, **params)
            assert status in (200, 404), (route, run, body)
            if status == 200:
                assert isinstance(body["warnings"], list)
                assert all(isinstance(w["run"], str) and isinstance(w["problem"], str)
                           for w in body["warnings"])


def test_a_run_appended_to_while_polled(server, logdir):
    live = logdir[1]
    blocks = 30
    final = live.next_step + blocks * LIVE_BLOCK

    def write():
        for _ in range(blocks):
            live.append()
            time.sleep(0.1)

    thread = threading.Thread(target=write)
    thread.start()
    seen = []
    previous = []
    deadline = time.time() + 30
    try:
        while thread.is_alive() or (previous[-1:] != [final - 1] and time.time() < deadline):
            status, body = get(server, "lr", run="live", max_points="20000")
            assert status == 200, body
            steps = body["points"]["step"]
            assert steps == list(range(len(steps)))  # whole blocks, strictly increasing
            assert steps[:len(previous)] == previous  # a prefix-extension
            np.testing.assert_array_equal(body["points"]["value"], lr_of(steps))
            assert body["warnings"] == []
            previous = steps
            seen.append(len(steps))
            status, runs = get(server, "runs")
            assert status == 200 and "live" in {r["run"] for r in runs["runs"]}
    finally:
        thread.join()
    assert previous[-1] == final - 1
    assert len(set(seen)) >= 3, seen  # it did grow while being polled
