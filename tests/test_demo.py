"""`cyclescope demo`: trains, writes every kind of summary, serves the tab."""

import json
import math
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import urllib.request

import numpy as np
import pytest

from cyclescope.tb_plugin import metadata
from tests.tensorboard_reader import LogReader

pytestmark = pytest.mark.backends

CYCLESCOPE = os.path.join(os.path.dirname(sys.executable), "cyclescope")
STEPS_PER_EPOCH = 45  # 1437 training digits in batches of 32


@pytest.fixture(scope="module")
def demo_logs(tmp_path_factory):
    log_dir = tmp_path_factory.mktemp("demo")
    result = subprocess.run([CYCLESCOPE, "demo", "--logdir", str(log_dir), "--epochs", "2"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return log_dir, result.stdout


def test_demo_trains_the_clr_and_snapshot_runs_with_every_summary(demo_logs):
    log_dir, stdout = demo_logs
    assert f"tensorboard --logdir {log_dir}" in stdout
    reader = LogReader(log_dir)
    steps = 2 * STEPS_PER_EPOCH
    for run in ("clr", "snapshots"):
        assert [s for s, _ in reader.scalars(run, metadata.LR_TAG)] == list(range(steps))
        [(_, check), _] = reader.records(run, metadata.DEAD_RELU_TAG)
        assert [layer["path"] for layer in check["layers"]] == ["conv1", "conv2_relu", "dense"]
        assert "epoch_loss" in reader.scalar_tags(f"{run}/train")
    [(_, schedule)] = reader.records("clr", metadata.SCHEDULE_TAG)
    assert schedule["mode"] == "triangular2" and schedule["step_size"] == 2 * STEPS_PER_EPOCH
    snapshots = reader.records("snapshots", metadata.SNAPSHOT_TAG)
    assert [record["file"] for _, record in snapshots] == ["Digits-1.weights.h5", "Digits-2.weights.h5"]
    assert os.path.exists(log_dir / "snapshots" / "weights" / "Digits-2.weights.h5")


def test_demo_cycles_between_the_bounds_its_range_test_found(demo_logs):
    log_dir, stdout = demo_logs
    reader = LogReader(log_dir)
    [(step, test)] = reader.records("lr_find", metadata.LR_RANGE_TEST_TAG)
    assert step == 0 and len(test["lrs"]) == 100 and test["lrs"][0] == pytest.approx(1e-7)
    assert f"LR range test: use CyclicLR(base_lr={test['base_lr']:.3g}, max_lr={test['max_lr']:.3g})" in stdout
    # --epochs 2: the range-test-driven run trains 1 epoch, 1 epoch per half-cycle.
    [(_, schedule)] = reader.records("clr_found", metadata.SCHEDULE_TAG)
    assert (schedule["base_lr"], schedule["max_lr"]) == (test["base_lr"], test["max_lr"])
    base, top, half = test["base_lr"], test["max_lr"], STEPS_PER_EPOCH
    expected = [base + (top - base) * max(0.0, 1 - abs(k / half - 2 * math.floor(1 + k / (2 * half)) + 1))
                for k in range(STEPS_PER_EPOCH)]
    logged = reader.scalars("clr_found", metadata.LR_TAG)
    assert [s for s, _ in logged] == list(range(STEPS_PER_EPOCH))
    np.testing.assert_allclose([v for _, v in logged], expected, rtol=1e-6)


def test_demo_trains_one_cycle_up_to_the_suggested_max_lr(demo_logs):
    log_dir, _ = demo_logs
    reader = LogReader(log_dir)
    [(_, test)] = reader.records("lr_find", metadata.LR_RANGE_TEST_TAG)
    [(_, schedule)] = reader.records("one_cycle", metadata.SCHEDULE_TAG)
    assert (schedule["type"], schedule["max_lr"], schedule["total_steps"]) == (
        "one_cycle", test["max_lr"], STEPS_PER_EPOCH)
    # torch's OneCycleLR, cosine, two phases: warm-up to step 0.3 * total - 1.
    top, total = test["max_lr"], STEPS_PER_EPOCH
    initial, final = top / 25, top / 25 / 1e4
    warm_end, last = 0.3 * total - 1, total - 1

    def cos(start, end, pct):
        return end + (start - end) / 2 * (math.cos(math.pi * pct) + 1)

    expected = [cos(initial, top, k / warm_end) if k <= warm_end
                else cos(top, final, (k - warm_end) / (last - warm_end)) for k in range(total)]
    logged = reader.scalars("one_cycle", metadata.LR_TAG)
    np.testing.assert_allclose([v for _, v in logged], expected, rtol=1e-5)


def test_demo_scores_the_snapshot_ensemble_on_held_out_digits(demo_logs):
    log_dir, stdout = demo_logs
    match = re.search(r"snapshot ensemble: last snapshot (\d\.\d{3}), ensemble of 2 (\d\.\d{3})", stdout)
    assert match, stdout[-2000:]
    last, ensemble = (float(value) for value in match.groups())
    assert 0 <= last <= 1 and 0 <= ensemble <= 1
    [(step, record)] = LogReader(log_dir).records("snapshots", metadata.ENSEMBLE_TAG)
    assert step == 2 * STEPS_PER_EPOCH - 1  # the last snapshot's
    assert record["members"] == ["Digits-1.weights.h5", "Digits-2.weights.h5"]
    assert record["samples"] == 1797 - 1437  # the digits held out of training
    assert round(record["member_metrics"][-1]["accuracy"], 3) == last
    assert round(record["ensemble"]["accuracy"], 3) == ensemble


def test_serve_starts_tensorboard_with_the_tab_and_keeps_the_logs(demo_logs):
    log_dir, _ = demo_logs
    before = sorted(p for p in log_dir.rglob("*") if p.is_file())
    server = subprocess.Popen([CYCLESCOPE, "demo", "--logdir", str(log_dir), "--serve", "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stdout], daemon=True).start()
    try:
        url = None
        while url is None:
            match = re.search(r"Cyclescope tab: (http://127\.0\.0\.1:\d+/)#cyclescope", lines.get(timeout=120))
            url = match and match.group(1)
        with urllib.request.urlopen(url + "data/plugins_listing", timeout=30) as response:
            assert json.load(response)["cyclescope"]["enabled"] is True
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(30) == 0
    # The logs were there, so nothing was trained again.
    assert sorted(p for p in log_dir.rglob("*") if p.is_file()) == before
