"""The route functions of `routes.py` called directly, as TensorBoard's own
plugin tests do: a `reader.Reader` over TensorBoard's real
`MultiplexerDataProvider`, no server, no HTTP.

The damaged runs are those of `plugin_logs.write_*_run`; every expected value
and warning below is worked out by hand from what their docstrings say was
written.
"""

import json
import time

import numpy as np
import pytest
from tensorboard import context
from tensorboard import errors
from tensorboard.backend.event_processing import data_provider
from tensorboard.backend.event_processing import plugin_event_multiplexer
from tensorboard.util import tensor_util

from cyclescope.tb_plugin import metadata
from cyclescope.tb_plugin import reader
from cyclescope.tb_plugin import routes
from tests import plugin_logs
from tests.test_plugin_routes import get_json, make_client

NEWER = "written by a newer cyclescope (schema 99); upgrade to read it"
UNKNOWN = "not a record type this cyclescope knows (written by a newer version?); skipped"
NO_EVENTS = "no readable events: the event files are empty or damaged"
SCALARS_KEPT = 1000


def _python_loader(logdir):
    """(multiplexer, data provider) of TensorBoard's Python loader over
    `logdir`, loaded, with our loader's `--samples_per_plugin=cyclescope=0`."""
    multiplexer = plugin_event_multiplexer.EventMultiplexer(
        tensor_size_guidance={metadata.PLUGIN_NAME: 0})
    multiplexer.AddRunsFromDirectory(str(logdir))
    multiplexer.Reload()
    return multiplexer, data_provider.MultiplexerDataProvider(multiplexer, str(logdir))


def make_reader(logdir):
    """What TensorBoard's Python loader gives a request."""
    provider = _python_loader(logdir)[1]
    return lambda: reader.Reader(provider, context.RequestContext(), "")


@pytest.fixture(scope="module")
def healthy(tmp_path_factory):
    path = tmp_path_factory.mktemp("healthy")
    plugin_logs.write_experiment(path)
    return path, make_reader(path)


@pytest.fixture(scope="module")
def damaged(tmp_path_factory):
    path = tmp_path_factory.mktemp("damaged")
    plugin_logs.write_future_run(str(path / "future"))
    plugin_logs.write_bad_fields_run(str(path / "bad"))
    plugin_logs.write_non_finite_run(str(path / "nan"))
    plugin_logs.write_empty_run(str(path / "empty"))
    plugin_logs.write_lr(str(path / "garbled"), plugin_logs.cyclic_lr(np.arange(40), 10))
    plugin_logs.write_raw_records(str(path / "garbled"), metadata.EPOCH_TAG, 1, [
        (0, b'{"epoch": 0}'), (10, b"\xff not json"), (20, b"[1, 2]"), (30, b"[" * 100_000)])
    plugin_logs.write_lr(str(path / "blocks"), np.linspace(0.1, 0.2, 10))
    plugin_logs.write_raw_tensors(str(path / "blocks"), metadata.LR_BLOCK_TAG,
                                  metadata.PLUGIN_NAME, b'{"version": 1}', [
        (10, tensor_util.make_tensor_proto(np.arange(5, dtype=np.int32))),
        (20, tensor_util.make_tensor_proto(np.ones((2, 2), np.float32)))])
    return make_reader(path)


def strict_json(body):
    """`body` as the client parses it: strict JSON, no NaN or Infinity."""
    return json.loads(json.dumps(body, allow_nan=False))


def warning(run, problem, tag=None, step=None):
    entry = {"run": run}
    if tag is not None:
        entry["tag"] = tag
    if step is not None:
        entry["step"] = step
    entry["problem"] = problem
    return entry


def same_warnings(body, expected):
    assert sorted(map(json.dumps, body["warnings"])) == sorted(map(json.dumps, expected))


def test_healthy_runs_have_no_warnings(healthy):
    _, read = healthy
    for run in ["exp1", "exp2", plugin_logs.XSS_RUN]:
        assert strict_json(routes.lr(read(), run, 2000, SCALARS_KEPT))["warnings"] == []
    assert routes.loss(read(), "exp1", 2000, SCALARS_KEPT)["warnings"] == []
    assert routes.dead_relu(read(), "exp1")["warnings"] == []
    assert routes.histograms(read(), "exp1", "block/conv")["warnings"] == []
    # Only the newer-schema schedule of `future` is news to the run list.
    body = strict_json(routes.runs(read()))
    same_warnings(body, [warning("future", NEWER, metadata.SCHEDULE_TAG)])
    assert {r["run"] for r in body["runs"]} == {
        "exp1", "exp2", "keras_only/train", "future", plugin_logs.XSS_RUN}


def test_the_functions_are_what_the_routes_serve(healthy):
    path, read = healthy
    client = make_client(path)
    assert get_json(client, "runs") == strict_json(routes.runs(read()))
    assert get_json(client, "lr", run="exp1", max_points="300") == strict_json(
        routes.lr(read(), "exp1", 300, SCALARS_KEPT))
    assert get_json(client, "dead_relu", run="exp1") == strict_json(
        routes.dead_relu(read(), "exp1"))


def test_unknown_runs_are_not_found(healthy):
    _, read = healthy
    with pytest.raises(errors.NotFoundError):
        routes.lr(read(), "nope", 2000, SCALARS_KEPT)
    with pytest.raises(errors.NotFoundError):
        routes.histograms(read(), "exp1", "nope")


def test_a_newer_schema_and_an_unknown_record_tag(damaged):
    body = strict_json(routes.runs(damaged()))
    entry = [r for r in body["runs"] if r["run"] == "future"]
    assert entry == [{"run": "future", "lr": True, "schedule": None, "snapshots": 0,
                      "dead_relu_layers": 0, "loss": False, "lr_range_test": False,
                      "ensembles": False}]
    future = [w for w in body["warnings"] if w["run"] == "future"]
    same_warnings({"warnings": future}, [warning("future", NEWER, metadata.SCHEDULE_TAG),
                                         warning("future", UNKNOWN, plugin_logs.UNKNOWN_TAG)])
    lr = strict_json(routes.lr(damaged(), "future", 2000, SCALARS_KEPT))
    same_warnings(lr, [warning("future", NEWER, metadata.SCHEDULE_TAG)])
    # No schedule to read: phases are segmented, the apexes every 25 steps.
    assert lr["schedule"] is None
    assert [p["start"] for p in lr["phases"]] == [0, 25, 50, 75]


def test_a_run_without_readable_events_is_named(damaged):
    body = routes.runs(damaged())
    assert warning("empty", NO_EVENTS) in body["warnings"]
    assert "empty" not in {r["run"] for r in body["runs"]}
    with pytest.raises(errors.NotFoundError):
        routes.lr(damaged(), "empty", 2000, SCALARS_KEPT)


def test_undecodable_records_are_counted(damaged):
    body = strict_json(routes.lr(damaged(), "garbled", 2000, SCALARS_KEPT))
    # Not UTF-8 JSON, a list, and nesting deeper than any parser goes.
    same_warnings(body, [warning("garbled", "3 records skipped: not a JSON object",
                                 metadata.EPOCH_TAG, 10)])
    assert body["epochs"] == {"step": [0], "epoch": [0]}
    assert body["points"]["step"] == list(range(40))


def test_unusable_lr_blocks_are_skipped(damaged):
    body = strict_json(routes.lr(damaged(), "blocks", 2000, SCALARS_KEPT))
    assert body["points"]["step"] == list(range(10))
    same_warnings(body, [warning(
        "blocks", "2 learning-rate blocks skipped: not a 1-D array of floats",
        metadata.LR_BLOCK_TAG, 10)])


def test_records_with_missing_keys_wrong_types_and_huge_strings(damaged):
    body = strict_json(routes.lr(damaged(), "bad", 2000, SCALARS_KEPT))
    assert body["epochs"] == {"step": [0, 60], "epoch": [0, 3]}
    assert body["snapshots"] == [
        {"index": 1, "epoch": 0, "step": 19, "lr": 0.002, "file": "a.weights.h5",
         "metrics": {"val_loss": 0.5}, "best": False},
        {"index": None, "epoch": 1, "step": 39, "lr": None, "file": None,
         "metrics": {"val_loss": 0.4}, "best": True},
    ]
    # The 401-digit step size cannot be used: phases come from the series.
    assert body["schedule"] == {"type": "cyclic", "mode": "triangular", "offset": 0}
    assert [p["start"] for p in body["phases"]] == [0, 25, 50, 75]
    e, s = metadata.EPOCH_TAG, metadata.SNAPSHOT_TAG
    same_warnings(body, [
        warning("bad", "the schedule has 1 unreadable entry (a huge number or key, long "
                       "text, a list or an object); left out", metadata.SCHEDULE_TAG, 0),
        warning("bad", "the recorded schedule cannot be used; phases are segmented from the "
                       "learning rate instead", metadata.SCHEDULE_TAG, 0),
        warning("bad", "`epoch` is not an integer in 1 record; skipped", e, 20),
        warning("bad", "`epoch` is missing in 1 record; skipped", e, 40),
        warning("bad", "`index` is not an integer in 1 record; left out", s, 39),
        warning("bad", "`lr` is not a number in 1 record; left out", s, 39),
        warning("bad", "`file` is longer than 1024 characters in 1 record; left out", s, 39),
        warning("bad", "`metrics` has 3 unreadable entries (a huge number or key, long "
                       "text, a list or an object); left out", s, 39),
    ])


def test_dead_relu_records_with_missing_keys_and_wrong_types(damaged):
    body = strict_json(routes.dead_relu(damaged(), "bad"))
    assert body["layers"] == [{"name": "dense", "path": "dense", "index": 0, "units": None}]
    assert body["checks"] == [{"step": 19, "epoch": 0, "probe_samples": 8, "since_step": None},
                              {"step": 79, "epoch": None, "probe_samples": None,
                               "since_step": None}]
    assert body["dead"] == [[1, None]] and body["fraction"] == [[0.25, None]]
    assert body["threshold"] == 0.0
    d = metadata.DEAD_RELU_TAG
    same_warnings(body, [
        warning("bad", "1 layer entry skipped: not an object", d, 19),
        warning("bad", "2 layer entries skipped: no `name` or `path` that is text of at most "
                       "1024 characters", d, 19),
        warning("bad", "`layers` is not a list in 1 record; skipped", d, 39),
        warning("bad", "`layers` is missing in 1 record; skipped", d, 59),
        warning("bad", "`epoch` is not an integer in 1 record; left out", d, 79),
        warning("bad", "`probe_samples` is not an integer in 1 record; left out", d, 79),
        warning("bad", "`threshold` is not a number in 1 record; left out", d, 79),
        warning("bad", "`units` is not an integer in 1 layer entry; left out", d, 79),
        warning("bad", "`dead` is not an integer in 1 layer entry; left out", d, 79),
        warning("bad", "`fraction` is not a number in 1 layer entry; left out", d, 79),
    ])
    # The run list counts the layers that can be shown.
    runs = {r["run"]: r for r in routes.runs(damaged())["runs"]}
    assert runs["bad"]["dead_relu_layers"] == 1 and runs["bad"]["snapshots"] == 2


def test_histograms_of_the_wrong_shape_are_skipped(damaged):
    body = strict_json(routes.histograms(damaged(), "bad", "dense"))
    assert [h["step"] for h in body["histograms"]] == [19]
    buckets = body["histograms"][0]["buckets"]
    assert len(buckets) == metadata.FIRING_RATE_BUCKETS and sum(b[2] for b in buckets) == 4
    same_warnings(body, [warning("bad", "2 histograms skipped: not a [k, 3] array of numbers",
                                 metadata.FIRING_RATE_TAG.format(layer="dense"), 39)])


def test_non_finite_learning_rates(damaged):
    body = strict_json(routes.lr(damaged(), "nan", 20000, SCALARS_KEPT))
    expected = plugin_logs.cyclic_lr(np.arange(60), 20).astype(np.float32).astype(float)
    values = body["points"]["value"]
    assert body["points"]["step"] == list(range(60))
    assert [i for i, v in enumerate(values) if v is None] == [10, 11, 30, 31]
    finite = [i for i in range(60) if i not in (10, 11, 30, 31)]
    np.testing.assert_array_equal([values[i] for i in finite], expected[finite])
    # The gaps do not split the phases: up to the apex at 20, down to 40, up.
    assert [(p["phase"], p["start"], p["end"]) for p in body["phases"]] == [
        ("rising", 0, 20), ("falling", 20, 40), ("rising", 40, 60)]
    assert body["snapshots"] == [{
        "index": 1, "epoch": 0, "step": 19, "lr": None, "file": "s.h5",
        "metrics": {"val_loss": None, "val_accuracy": None, "loss": 0.5}, "best": False}]
    s = metadata.SNAPSHOT_TAG
    same_warnings(body, [
        warning("nan", "4 of 60 learning-rate values are NaN or infinite; sent as null",
                metadata.LR_BLOCK_TAG, 10),
        warning("nan", "`lr` is NaN or infinite in 1 record; left out", s, 19),
        warning("nan", "`metrics` has 2 NaN or infinite values; sent as null", s, 19),
    ])


def test_non_finite_loss_dead_fractions_and_buckets(damaged):
    loss = strict_json(routes.loss(damaged(), "nan", 20000, SCALARS_KEPT))
    assert loss["points"]["step"] == list(range(30))
    assert [i for i, v in enumerate(loss["points"]["value"]) if v is None] == [4, 5]
    same_warnings(loss, [warning("nan/train", "2 of 30 loss values are NaN or infinite; "
                                              "sent as null", "batch_loss", 4)])

    dead = strict_json(routes.dead_relu(damaged(), "nan"))
    assert dead["fraction"] == [[None, None], [None, 0.0]]
    assert dead["dead"] == [[1, 2], [0, 0]]
    same_warnings(dead, [warning("nan", "`fraction` is NaN or infinite in 3 layer entries; "
                                        "left out", metadata.DEAD_RELU_TAG, 19)])

    hist = strict_json(routes.histograms(damaged(), "nan", "a"))
    assert hist["histograms"] == [{"step": 19, "buckets": [[0.0, 0.5, None], [0.5, 1.0, None]]}]
    same_warnings(hist, [warning("nan", "2 of 6 bucket values are NaN or infinite; sent as "
                                        "null", metadata.FIRING_RATE_TAG.format(layer="a"), 19)])


def test_warnings_stay_short(tmp_path):
    run = str(tmp_path / "noisy")
    plugin_logs.write_lr(run, np.linspace(0.1, 0.2, 10))
    plugin_logs.write_raw_records(run, metadata.EPOCH_TAG, 1,
                                  [(step, b"garbage") for step in range(300)])
    long_tag = "cyclescope/" + "t" * 100_000
    plugin_logs.write_raw_records(run, long_tag, 1, [(0, b"{}")])
    read = make_reader(tmp_path)
    body = routes.lr(read(), "noisy", 2000, SCALARS_KEPT)
    same_warnings(body, [warning("noisy", "300 records skipped: not a JSON object",
                                 metadata.EPOCH_TAG, 0)])
    (entry,) = routes.runs(read())["warnings"]
    assert entry["problem"] == UNKNOWN
    assert entry["tag"].startswith("cyclescope/ttt") and len(entry["tag"]) <= 1025


def test_damaged_range_tests_and_ensembles(tmp_path):
    plugin_logs.write_raw_records(str(tmp_path / "range"), metadata.LR_RANGE_TEST_TAG, 1, [
        (0, json.dumps({"lrs": [1e-3, 1e-2, None], "losses": [2.0, 1.0, 0.5, 9.0],
                        "raw_losses": [2.0, 0.9, 0.4], "base_lr": 1e-4, "max_lr": "x",
                        "mode": "exp", "stopped_early": True}).encode())])
    plugin_logs.write_raw_records(str(tmp_path / "unreadable"), metadata.LR_RANGE_TEST_TAG, 1, [
        (0, json.dumps({"lrs": "1e-3", "losses": [1.0]}).encode())])
    plugin_logs.write_lr(str(tmp_path / "ens"), np.linspace(0.1, 0.2, 10))
    plugin_logs.write_raw_records(str(tmp_path / "ens"), metadata.ENSEMBLE_TAG, 1, [
        (4, json.dumps({"members": ["Model-1.weights.h5", 7], "weights": [0.5, 0.5],
                        "ensemble": {"accuracy": 0.9}, "member_metrics": [{"accuracy": 0.8}, 3],
                        "samples": 100}).encode()),
        (9, json.dumps({"members": ["a"], "ensemble": [0.9]}).encode())])
    read = make_reader(tmp_path)
    r = metadata.LR_RANGE_TEST_TAG

    body = strict_json(routes.lr_range_test(read(), "range"))
    # Cut to the shortest list (3 steps); the missing LR is sent as null.
    assert (body["lrs"], body["losses"], body["raw_losses"]) == (
        [1e-3, 1e-2, None], [2.0, 1.0, 0.5], [2.0, 0.9, 0.4])
    assert (body["base_lr"], body["max_lr"], body["stopped_early"]) == (1e-4, None, True)
    same_warnings(body, [
        warning("range", "`lrs`, `losses` and `raw_losses` differ in length in 1 record; "
                         "cut to 3 steps", r, 0),
        warning("range", "`lrs` has 1 NaN or infinite value; sent as null", r, 0)])
    with pytest.raises(errors.NotFoundError):
        routes.lr_range_test(read(), "unreadable")
    runs = {entry["run"]: entry for entry in routes.runs(read())["runs"]}
    assert runs["range"]["lr_range_test"] and runs["ens"]["ensembles"]

    lr = strict_json(routes.lr(read(), "ens", 2000, SCALARS_KEPT))
    assert lr["ensembles"] == [{"step": 4, "members": ["Model-1.weights.h5", None],
                                "weights": [0.5, 0.5], "metrics": {"accuracy": 0.9},
                                "member_metrics": [{"accuracy": 0.8}, {}], "samples": 100}]
    same_warnings(lr, [warning("ens", "`ensemble` is missing or not an object in 1 record; "
                                      "skipped", metadata.ENSEMBLE_TAG, 9)])


class CountingProvider:
    """TensorBoard's data provider, counting the calls made through it
    (`calls`, their names) and when each ran (`spans`: name, start, end),
    each taking `delay` seconds more (as the Rust data server makes a small
    answer wait)."""

    def __init__(self, provider, delay=0):
        self._provider = provider
        self._delay = delay
        self.calls = []
        self.spans = []

    def __getattr__(self, name):
        method = getattr(self._provider, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            start = time.perf_counter()
            time.sleep(self._delay)
            try:
                return method(*args, **kwargs)
            finally:
                self.spans.append((name, start, time.perf_counter()))

        return counted


def test_schema_verdicts_are_kept_across_requests_and_warnings_stay(tmp_path):
    plugin_logs.write_experiment(tmp_path)
    counting = CountingProvider(_python_loader(tmp_path)[1])
    verdicts = reader.SchemaVerdicts()

    def request():
        return reader.Reader(counting, context.RequestContext(), "", verdicts)

    first = strict_json(routes.lr(request(), "future", 2000, SCALARS_KEPT))
    second = strict_json(routes.lr(request(), "future", 2000, SCALARS_KEPT))
    # The verdict is kept, and so is the warning it gives.
    assert second == first
    assert warning("future", NEWER, metadata.SCHEDULE_TAG) in second["warnings"]
    counting.calls = []
    routes.lr(request(), "exp1", 2000, SCALARS_KEPT)
    first_calls, counting.calls = counting.calls, []
    routes.lr(request(), "exp1", 2000, SCALARS_KEPT)
    # One read of our tensors (the LR blocks and records at once); the tags
    # are listed at the first request only.
    assert first_calls == ["read_tensors", "list_tensors"]
    assert counting.calls == ["read_tensors"]
    # The run list reads every run's latest check and schedule only.
    counting.calls = []
    body = routes.runs(request())
    assert sorted(counting.calls) == sorted(["list_tensors", "list_scalars", "read_tensors",
                                             "read_tensors", "list_runs"])
    assert {r["run"]: r["dead_relu_layers"] for r in body["runs"]}["exp1"] == 3


def test_a_route_body_is_served_again_until_new_events_arrive(tmp_path):
    from tensorboard.plugins import base_plugin
    from werkzeug import test as werkzeug_test
    from werkzeug import wrappers

    from cyclescope.tb_plugin import plugin

    run_dir = str(tmp_path / "exp")
    plugin_logs.write_lr(run_dir, plugin_logs.cyclic_lr(np.arange(40), 10))
    multiplexer, provider = _python_loader(tmp_path)
    counting = CountingProvider(provider)
    apps = plugin.CyclescopePlugin(base_plugin.TBContext(data_provider=counting)).get_plugin_apps()
    client = werkzeug_test.Client(apps["/lr"], wrappers.Response)

    def lr():
        counting.calls = []
        response = client.get("/", query_string={"run": "exp"})
        assert response.status_code == 200
        return json.loads(response.get_data(as_text=True))

    first = lr()
    assert first["points"]["step"] == list(range(40))
    # Nothing new: the same body, for one listing call.
    assert lr() == first and counting.calls == ["list_tensors"]
    plugin_logs.write_lr(run_dir, plugin_logs.cyclic_lr(np.arange(40, 60), 10), first_step=40)
    multiplexer.Reload()
    grown = lr()
    assert grown["points"]["step"] == list(range(60)) and "read_tensors" in counting.calls
    np.testing.assert_allclose(grown["points"]["value"], plugin_logs.cyclic_lr(np.arange(60), 10),
                               rtol=1e-6)


LISTINGS = ["list_runs", "list_scalars", "list_tensors"]


@pytest.mark.parametrize("route, query, listings, together, compute", [
    ("/runs", {}, LISTINGS, [LISTINGS], routes.runs),
    ("/lr", {"run": "exp1"}, ["list_tensors"], [],
     lambda data: routes.lr(data, "exp1", 2000, SCALARS_KEPT)),
    # exp1 has Keras's batch loss; exp2 only its epoch loss, which our epoch
    # records put on our steps.
    ("/loss", {"run": "exp1"}, LISTINGS[1:], [LISTINGS[1:]],
     lambda data: routes.loss(data, "exp1", 2000, SCALARS_KEPT)),
    ("/loss", {"run": "exp2"}, LISTINGS[1:], [LISTINGS[1:], ["read_scalars", "read_tensors"]],
     lambda data: routes.loss(data, "exp2", 2000, SCALARS_KEPT)),
])
def test_a_request_asks_each_listing_once_and_makes_independent_calls_at_once(
        healthy, route, query, listings, together, compute):
    from tensorboard.plugins import base_plugin
    from werkzeug import test as werkzeug_test
    from werkzeug import wrappers

    from cyclescope.tb_plugin import plugin

    slow = CountingProvider(_python_loader(healthy[0])[1], delay=0.1)
    # A new plugin: nothing cached, so the body is computed.
    apps = plugin.CyclescopePlugin(base_plugin.TBContext(data_provider=slow)).get_plugin_apps()
    response = werkzeug_test.Client(apps[route], wrappers.Response).get("/", query_string=query)
    assert response.status_code == 200
    # The body the route function makes over the same data.
    assert json.loads(response.get_data(as_text=True)) == json.loads(json.dumps(
        compute(healthy[1]())))

    assert sorted(name for name in slow.calls if name.startswith("list_")) == listings
    for names in together:
        calls = [span for span in slow.spans if span[0] in names]
        assert sorted(name for name, *_ in calls) == names
        # Each started before any had answered: they waited once in all.
        assert max(start for _, start, _ in calls) < min(end for *_, end in calls)
