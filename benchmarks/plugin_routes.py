"""Response sizes and times of the Cyclescope routes, under both loaders.

Trains the demo into a temporary folder (or reads --logdir), adds the
yardstick run: 200k steps of a triangular schedule, 50 cycles. Then, for a
real `tensorboard --load_fast=false` and `--load_fast=true`, prints each
route's size (plain and gzipped) and median time, and how many of the 50
apexes reach the browser, from our `lr` route and from TensorBoard's own
Scalars tab.

    python benchmarks/plugin_routes.py [--logdir DIR] [--repeats 5]
"""

import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from cyclescope.callbacks import CyclicalLearningRate  # noqa: E402
from cyclescope.tb_plugin import metadata  # noqa: E402
from cyclescope.tb_plugin.summary_writer import SummaryWriter  # noqa: E402
from tests.tensorboard_process import PREFIX, TENSORBOARD, TensorBoard  # noqa: E402

YARDSTICK_STEPS, STEP_SIZE, STEPS_PER_EPOCH = 200_000, 2000, 500


def write_yardstick(run_dir):
    """What CyclicLR(step_size=2000) writes over 400 epochs of 500 steps."""
    schedule = CyclicalLearningRate(0.001, 0.006, STEP_SIZE)
    writer = SummaryWriter.acquire(run_dir)
    writer.start_session(0)
    writer.record(metadata.SCHEDULE_TAG, 0, {**schedule.describe(), "steps_per_epoch": STEPS_PER_EPOCH})
    for start in range(0, YARDSTICK_STEPS, STEPS_PER_EPOCH):
        steps = np.arange(start, start + STEPS_PER_EPOCH)
        writer.record(metadata.EPOCH_TAG, start, {"epoch": start // STEPS_PER_EPOCH})
        writer.learning_rates(start, schedule.values(steps))
        for step, cycle in schedule.cycle_starts(start, start + STEPS_PER_EPOCH):
            writer.record(metadata.CYCLE_TAG, step, {"cycle": cycle})
    writer.release()


def fetch(url, gzipped=False):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzipped else {})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
        encoding = response.headers.get("Content-Encoding")
    elapsed = time.perf_counter() - start
    return elapsed, len(body), gzip.decompress(body) if encoding == "gzip" else body


def apexes_kept(steps, values):
    """How many of the yardstick's apexes (step 2000 + 4000k, LR 0.006) are
    among the points, at their exact value."""
    points = dict(zip(steps, values))
    apex_steps = range(STEP_SIZE, YARDSTICK_STEPS, 2 * STEP_SIZE)
    return sum(abs(points.get(s, 0) - 0.006) < 1e-9 for s in apex_steps)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--logdir", help="logs to measure (default: train the demo)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    log_dir = args.logdir
    if log_dir is None:
        from cyclescope.demo.train import train

        log_dir = tempfile.mkdtemp(prefix="cyclescope-bench-")
        train(log_dir, verbose=0)
    write_yardstick(os.path.join(log_dir, "yardstick"))
    routes = ["runs", "lr?run=clr", "lr?run=snapshots", "loss?run=clr", "dead_relu?run=clr",
              "histograms?run=clr&layer=dense", "lr?run=yardstick", "index.js"]
    for load_fast in ("false", "true"):
        board = TensorBoard(TENSORBOARD, log_dir, "--load_fast=" + load_fast)
        try:
            board.plugins_listing()
            while json.loads(fetch(board.url + PREFIX + "lr?run=yardstick")[2])["total_points"] < YARDSTICK_STEPS:
                time.sleep(0.5)  # the loader is still reading
            print(f"\n--load_fast={load_fast}")
            print(f"  {'route':34s} {'bytes':>9s} {'gzipped':>9s} {'median ms':>10s}")
            for route in routes:
                url = board.url + PREFIX + route
                times = [fetch(url)[0] for _ in range(args.repeats)]
                _, size, body = fetch(url)
                _, gzipped, _ = fetch(url, gzipped=True)
                print(f"  {route:34s} {size:9d} {gzipped:9d} {1000 * statistics.median(times):10.1f}")
            body = json.loads(fetch(board.url + PREFIX + "lr?run=yardstick")[2])
            ours = apexes_kept(body["points"]["step"], body["points"]["value"])
            scalars = json.loads(fetch(board.url + "data/plugin/scalars/scalars?run=yardstick&tag=learning_rate")[2])
            theirs = apexes_kept([p[1] for p in scalars], [p[2] for p in scalars])
            print(f"  yardstick, 50 apexes: Cyclescope lr route keeps {ours} "
                  f"({len(body['points']['step'])} points, {len(body['cycles'])} cycles); "
                  f"Scalars tab keeps {theirs} ({len(scalars)} points)")
        finally:
            board.stop()


if __name__ == "__main__":
    main()
