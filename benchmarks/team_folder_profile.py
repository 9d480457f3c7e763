"""Where the time of a route goes (for `team_folder.py --profile`).

TensorBoard's own app and data ingester are built in this process (through
`program.TensorBoard`, as the `tensorboard` command builds them), with the
data provider wrapped to count its calls; routes are then called through
`werkzeug.test.Client`, so cProfile sees them. Per route: the data-provider
calls per request (by method, with their time), what they returned (series,
points, bytes of tensor payload), the JSON size, and the time spent outside
the provider (decoding, downsampling, JSON encoding); then cProfile's top
functions for our `runs` and `lr`.

Uses `program.TensorBoard._make_data_provider`, a private method, so that
the provider is the one TensorBoard itself would use (the Rust data server
as a subprocess under `--load_fast=true`).
"""

import cProfile
import io
import json
import pstats
import statistics
import time

import numpy as np
import werkzeug.test

from tests.tensorboard_process import PREFIX

REPEATS = 5


class CountingProvider:
    """A data provider that records each call: (method, seconds, series,
    points, payload bytes)."""

    def __init__(self, inner):
        self._inner = inner
        self.calls = []

    def __getattr__(self, name):
        attribute = getattr(self._inner, name)
        if name.startswith("_") or not callable(attribute):
            return attribute

        def counted(*args, **kwargs):
            start = time.perf_counter()
            result = attribute(*args, **kwargs)
            self.calls.append((name, time.perf_counter() - start, *_payload(result)))
            return result

        return counted


def _payload(result):
    """(series, points, bytes) in a `{run: {tag: ...}}` result."""
    if not isinstance(result, dict):
        return 0, 0, 0
    series = points = size = 0
    for tags in result.values():
        if not isinstance(tags, dict):
            continue
        for value in tags.values():
            series += 1
            if isinstance(value, list):
                points += len(value)
                for datum in value:
                    array = getattr(datum, "numpy", None)
                    if array is not None:
                        array = np.asarray(array)
                        size += (sum(len(x) for x in array.ravel()) if array.dtype.kind in "OSU"
                                 else array.nbytes)
                    elif hasattr(datum, "value"):
                        size += 8 * 3  # step, wall time, value
    return series, points, size


def build(logdir, load_fast):
    from tensorboard import program
    from tensorboard.backend import application

    board = program.TensorBoard()
    board.configure(argv=["", "--logdir", logdir, "--load_fast", load_fast])
    provider, multiplexer = board._make_data_provider()
    counting = CountingProvider(provider)
    app = application.TensorBoardWSGIApp(
        board.flags, board.plugin_loaders, counting, board.assets_zip_provider, multiplexer
    )
    return werkzeug.test.Client(app), counting


def profile(logdir, load_fast, folder, count):
    import team_folder

    print(f"\n  --- in-process profile, --load_fast={load_fast}, {count} runs ---", flush=True)
    client, counting = build(logdir, load_fast)

    def get_json(path):
        response = client.get("/" + path)
        assert response.status_code == 200, (path, response.status_code, response.data[:200])
        return json.loads(response.data)

    started = time.time()
    team_folder.wait_until_loaded(get_json, started, folder, count)
    pairs = team_folder.route_pairs(folder, folder.run_name(0))
    routes = list(dict.fromkeys(r for pair in pairs for r in pair if r is not None))
    print(f"  {'route':36s} {'ms':>7s} {'provider':>9s} {'rest':>7s} {'json B':>8s}  "
          "data-provider calls of one request (median of the times on the left)")
    for route in routes:
        client.get("/" + route)  # warm
        walls, inside, per_call = [], [], None
        for _ in range(REPEATS):
            counting.calls = []
            start = time.perf_counter()
            response = client.get("/" + route)
            walls.append(time.perf_counter() - start)
            inside.append(sum(c[1] for c in counting.calls))
            per_call = list(counting.calls)
        # In call order: each call's time and what it returned.
        calls = "; ".join(
            f"{name} {1000 * seconds:.0f} ms ({series} series, {points} pts, {size / 1e3:.0f} KB)"
            for name, seconds, series, points, size in per_call
        )
        wall, provider = statistics.median(walls), statistics.median(inside)
        label = route.replace(PREFIX, "").replace("data/plugin/", "TB ").split("&tag")[0]
        print(f"  {label[:36]:36s} {1000 * wall:7.1f} {1000 * provider:9.1f} {1000 * (wall - provider):7.1f} "
              f"{len(response.data):8d}  {calls}")
    for route in [ours for ours, _ in pairs[:3]]:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(REPEATS):
            client.get("/" + route)
        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(12)
        print(f"  cProfile, {REPEATS} x {route.replace(PREFIX, '')}, by own time:")
        for line in text.getvalue().splitlines():
            if line.strip() and ("ncalls" in line or line.lstrip()[0].isdigit()):
                print("    " + line.rstrip()[:150])
