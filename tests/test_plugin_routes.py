"""The plugin's routes, served by TensorBoard's own WSGI app over a real log
directory, with the flags of a real `tensorboard` command line (so our
loader's `fix_flags` is in force). The Rust loader is covered by
`test_tensorboard_process.py`."""

import json
import logging
import os
import re
import subprocess
import sys

import numpy as np
import pytest
from tensorboard import program
from tensorboard.backend import application
from tensorboard.backend.event_processing import data_ingester
from tensorboard.plugins import base_plugin
from tensorboard.plugins.core import core_plugin
from werkzeug import test as werkzeug_test
from werkzeug import wrappers

from cyclescope.tb_plugin import loader
from cyclescope.tb_plugin import metadata
from cyclescope.tb_plugin import plugin
from cyclescope.tb_plugin import static_files
from tests import plugin_logs

PREFIX = "/data/plugin/cyclescope/"


def make_client(logdir, *flags):
    tensorboard = program.TensorBoard(
        plugins=[core_plugin.CorePluginLoader(), loader.CyclescopeLoader()]
    )
    tensorboard.configure(argv=[None, "--logdir", str(logdir), "--load_fast=false",
                                "--reload_interval=0", "--reload_task=blocking", *flags])
    ingester = data_ingester.LocalDataIngester(tensorboard.flags)
    ingester.start()
    app = application.TensorBoardWSGIApp(
        tensorboard.flags, tensorboard.plugin_loaders, ingester.data_provider
    )
    return werkzeug_test.Client(app, wrappers.Response)


@pytest.fixture(scope="module")
def logdir(tmp_path_factory):
    path = tmp_path_factory.mktemp("logs")
    return path, plugin_logs.write_experiment(path)


@pytest.fixture(scope="module")
def client(logdir):
    """TensorBoard's default sampling, plus our `fix_flags`."""
    return make_client(logdir[0])


@pytest.fixture(scope="module")
def full_client(logdir):
    """Every scalar kept (`--samples_per_plugin=scalars=0`)."""
    return make_client(logdir[0], "--samples_per_plugin=scalars=0")


def get_json(client, route, **params):
    response = client.get(PREFIX + route, query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    return json.loads(response.get_data(as_text=True))


def test_the_tab_is_enabled_by_our_data(client):
    listing = json.loads(client.get("/data/plugins_listing").get_data())
    assert listing["cyclescope"]["enabled"] is True
    assert listing["cyclescope"]["tab_name"] == "Cyclescope"
    assert listing["cyclescope"]["loading_mechanism"] == {
        "type": "IFRAME", "module_path": PREFIX + "index.js"}


def test_an_empty_log_dir(tmp_path):
    empty = make_client(tmp_path)
    assert get_json(empty, "runs") == {"runs": [], "warnings": []}
    listing = json.loads(empty.get("/data/plugins_listing").get_data())
    assert listing["cyclescope"]["enabled"] is False
    assert empty.get(PREFIX + "lr", query_string={"run": "."}).status_code == 404


def test_runs_say_what_each_run_holds(client):
    runs = {r["run"]: r for r in get_json(client, "runs")["runs"]}
    assert set(runs) == {"exp1", "exp2", "keras_only/train", "future", plugin_logs.XSS_RUN}
    assert runs["exp1"] == {"run": "exp1", "lr": True, "schedule": "triangular2",
                            "snapshots": 12, "dead_relu_layers": 3, "loss": True,
                            "lr_range_test": False, "ensembles": False}
    assert runs["exp2"]["schedule"] == "cosine_restarts" and runs["exp2"]["loss"]
    assert runs["keras_only/train"] == {"run": "keras_only/train", "lr": True, "schedule": None,
                                        "snapshots": 0, "dead_relu_layers": 0, "loss": True,
                                        "lr_range_test": False, "ensembles": False}
    assert runs["future"]["schedule"] is None
    assert runs[plugin_logs.XSS_RUN]["loss"] is False


def test_lr_phases_and_records_are_exact_and_complete(client, logdir):
    expected = logdir[1]["exp1"]
    body = get_json(client, "lr", run="exp1")
    assert body["source"] == "cyclescope" and body["source_run"] == "exp1"
    # Phases from the two schedule records: step 200 until the reset at
    # 2000, then step 100, each cycle count starting at 1.
    starts = list(range(0, 2000, 200)) + list(range(2000, 3000, 100))
    assert [p["start"] for p in body["phases"]] == starts
    assert [p["end"] for p in body["phases"]] == starts[1:] + [3000]
    assert [p["phase"] for p in body["phases"]] == ["rising", "falling"] * 10
    assert [c["cycle"] for c in body["cycles"]] == [1, 2, 3, 4, 5] * 2
    assert body["position"] == {"cycle": 5, "phase": "falling", "step": 2999}
    assert body["schedule"]["step_size"] == 100 and body["schedule"]["offset"] == 2000
    # Records are all kept (the loader would keep 10 without our fix_flags).
    assert body["epochs"] == {"step": list(range(0, 3000, 100)), "epoch": list(range(30))}
    snapshots = body["snapshots"]
    assert [s["index"] for s in snapshots] == list(range(1, 13))
    assert [s["best"] for s in snapshots].index(True) == 11
    assert snapshots[2]["metrics"]["val_accuracy"] is None
    assert snapshots[0]["metrics"]["val_loss"] is None
    assert snapshots[0]["file"] == "Model-1.weights.h5"
    assert snapshots[0]["lr"] == pytest.approx(expected["lr"][249])
    # The LR blocks are kept whole (the Scalars tab's copy has 1000 points);
    # the default `max_points` thins them.
    assert body["total_points"] == 3000 and len(body["points"]["step"]) <= 2000
    assert body["loader_sampled"] is False and body["downsampled"] is True


def test_lr_points_keep_every_apex_exactly(full_client, logdir):
    lr = logdir[1]["exp1"]["lr"]
    body = get_json(full_client, "lr", run="exp1", max_points="300")
    steps = np.array(body["points"]["step"])
    values = np.array(body["points"]["value"])
    assert body["total_points"] == 3000 and len(steps) <= 300
    assert body["downsampled"] is True and body["loader_sampled"] is False
    assert {p["start"] for p in body["phases"]} <= set(steps.tolist())
    np.testing.assert_array_equal(values, lr[steps])
    redrawn = np.interp(np.arange(3000), steps, values)
    np.testing.assert_allclose(redrawn, lr, rtol=2 * np.finfo(np.float32).eps)

    everything = get_json(full_client, "lr", run="exp1", max_points="20000")
    assert everything["points"]["step"] == list(range(3000))
    assert everything["downsampled"] is False


def test_lr_of_a_cosine_schedule(client):
    body = get_json(client, "lr", run="exp2")
    assert [(p["cycle"], p["phase"], p["start"], p["end"]) for p in body["phases"]] == [
        (1, "cosine", 0, 40), (2, "cosine", 40, 80), (3, "cosine", 80, 120)]


def test_lr_without_a_schedule_is_segmented(client):
    keras = get_json(client, "lr", run="keras_only/train")
    assert keras["source"] == "keras" and keras["schedule"] is None
    assert [p["phase"] for p in keras["phases"]] == ["flat", "falling", "flat", "falling", "flat"]
    assert keras["points"]["step"] == list(range(9))

    future = get_json(client, "lr", run="future")
    assert future["schedule"] is None  # a newer schema version: skipped
    assert [p["phase"] for p in future["phases"]] == ["rising", "falling"]
    # Of its epoch records only the readable one is left.
    assert future["epochs"] == {"step": [0], "epoch": [0]}


def test_loss_beside_our_runs(client, full_client):
    batch = get_json(client, "loss", run="exp1")
    assert (batch["source_run"], batch["tag"], batch["step_source"]) == (
        "exp1/train", "batch_loss", "keras_batch")
    assert batch["loader_sampled"] is True
    # Keras's batch 1 ran at our step 0.
    every = get_json(full_client, "loss", run="exp1", max_points="20000")
    assert every["points"]["step"] == list(range(3000)) and every["total_points"] == 3000

    epoch = get_json(client, "loss", run="exp2")
    assert (epoch["tag"], epoch["step_source"]) == ("epoch_loss", "epoch_records")
    # Epoch e ends just before epoch e + 1 starts; the last at the last LR step.
    assert epoch["points"]["step"] == list(range(9, 120, 10))

    keras = get_json(client, "loss", run="keras_only/train")
    assert (keras["source_run"], keras["tag"], keras["step_source"]) == (
        "keras_only/train", "epoch_loss", "epoch")
    assert keras["points"]["step"] == list(range(9))


def test_dead_relu_heatmap(client):
    body = get_json(client, "dead_relu", run="exp1")
    assert [layer["path"] for layer in body["layers"]] == ["dense", "block/conv", "dense_1"]
    assert body["layers"][1] == {"name": "conv", "path": "block/conv", "index": 1, "units": 8}
    assert len(body["checks"]) == 30 and body["checks"][0] == {
        "step": 99, "epoch": 0, "probe_samples": 64, "since_step": None}
    # These checks were written without deaths and revivals: none are made up.
    assert body["died"] == body["revived"] == [[None] * 30] * 3
    assert body["dead"][1][:5] == [None] * 5 and body["dead"][1][5] == 1
    assert body["fraction"][0][29] == pytest.approx(7 / 16)
    assert body["threshold"] == pytest.approx(0.1)


def test_firing_rate_histograms(client):
    body = get_json(client, "histograms", run="exp1", layer="block/conv")
    assert len(body["histograms"]) == 25
    first = body["histograms"][0]
    assert first["step"] == 599 and len(first["buckets"]) == metadata.FIRING_RATE_BUCKETS
    assert sum(bucket[2] for bucket in first["buckets"]) == 8


def test_an_html_run_name_is_just_a_name(client):
    body = get_json(client, "lr", run=plugin_logs.XSS_RUN)
    assert body["run"] == plugin_logs.XSS_RUN
    response = client.get(PREFIX + "loss", query_string={"run": plugin_logs.XSS_RUN})
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/plain")


def test_experiment_prefixed_routes(client):
    response = client.get("/experiment/abc/data/plugin/cyclescope/runs")
    assert response.status_code == 200


BAD_NAMES = ["", "../exp1", "exp1/../../etc/passwd", "ünïcødé ☃", "\x00", "exp1\\train",
             "a" * 1024]


@pytest.mark.parametrize("route", ["lr", "loss", "dead_relu", "histograms"])
@pytest.mark.parametrize("params, status", [
    ({}, 400),
    ({"run": "a" * 1025}, 400),
    ({"run": "x" * 100_000}, 400),
] + [({"run": name, "layer": "dense"}, 404) for name in BAD_NAMES])
def test_bad_run_parameters(client, route, params, status):
    response = client.get(PREFIX + route, query_string=params)
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("route", ["lr", "loss"])
@pytest.mark.parametrize("max_points", [
    "", "abc", "-5", "9", "20001", "1e3", "10.0", " 100", "0x10", "9" * 5000, "١٠٠"])
def test_bad_max_points(client, route, max_points):
    response = client.get(PREFIX + route, query_string={"run": "exp1", "max_points": max_points})
    assert response.status_code == 400


@pytest.mark.parametrize("params, status", [
    ({"run": "exp1"}, 400),
    ({"run": "exp1", "layer": "L" * 1025}, 400),
    ({"run": "exp1", "layer": "nope"}, 404),
    ({"run": "exp1", "layer": "../dense"}, 404),
    ({"run": "exp1", "layer": "{layer}"}, 404),
])
def test_bad_layer_parameters(client, params, status):
    assert client.get(PREFIX + "histograms", query_string=params).status_code == status


def test_only_get_is_served(client):
    assert client.post(PREFIX + "runs").status_code == 405
    assert client.delete(PREFIX + "lr", query_string={"run": "exp1"}).status_code == 405
    assert client.head(PREFIX + "runs").status_code == 200


def test_raw_bytes_in_the_query_never_fail(client):
    for query in ["run=%ff%fe", "run=%", "run=exp1&max_points=%00", "run&run=&&", "run=%ZZ"]:
        response = client.get(PREFIX + "lr?" + query)
        assert response.status_code in (400, 404)


def test_frontend_files_are_served_from_the_allowlist(client):
    served = static_files.allowlist()
    assert "vendor/uPlot.esm.js" in served and "package.json" not in served
    for path, mime in [("index.js", "text/javascript"), ("static/index.js", "text/javascript"),
                       ("static/api.js", "text/javascript"),
                       ("static/vendor/uPlot.esm.js", "text/javascript"),
                       ("static/style.css", "text/css"), ("static/vendor/LICENSE", "text/plain")]:
        response = client.get(PREFIX + path)
        assert response.status_code == 200, path
        assert response.headers["Content-Type"] == mime + "; charset=utf-8"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert b"export async function render" in client.get(PREFIX + "static/index.js").get_data()
    for path in ["api.js", "vendor/uPlot.esm.js", "__init__.py", "static/__init__.py",
                 "static/package.json", "../plugin.py", "static/../plugin.py",
                 "static/..%2f..%2fsetup.py", "static/%2e%2e/setup.py", "%2e%2e/setup.py",
                 "static\\vendor\\LICENSE", "static/vendor", "static/", "static",
                 "static/vendor/../style.css", "static//style.css", "static/STYLE.CSS"]:
        assert client.get(PREFIX + path).status_code == 404, path


def test_the_tab_loads_versioned_files_the_browser_may_keep(client):
    files = static_files.allowlist()
    entry = client.get(PREFIX + "index.js")
    # index.js, told to load the shipped bundle (see the test below).
    version = re.fullmatch(
        r'export \* from "\./static/(v[0-9a-f]{16})/index\.js\?app=bundle\.js";\n',
        entry.get_data(as_text=True)).group(1)
    assert version == static_files.snapshot(files)[0]
    assert entry.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert entry.headers.get_all("Cache-Control") == ["no-cache, must-revalidate"]
    for path in ["bundle.js", "index.js", "app.js", "vendor/uPlot.esm.js", "style.css"]:
        kept = client.get(f"{PREFIX}static/{version}/{path}")
        assert kept.status_code == 200, path
        assert kept.get_data() == files[path][0].read_bytes(), path
        assert kept.headers.get_all("Cache-Control") == ["private, max-age=31536000"], path
        assert kept.headers["Content-Type"] == files[path][1] + "; charset=utf-8"
        assert client.get(f"{PREFIX}static/{path}").headers.get_all("Cache-Control") == [
            "no-cache, must-revalidate"]
    other = "v" + "0" * 16
    for path in [f"static/{other}/app.js", f"static/{version}/../app.js", f"static/{version}/",
                 f"static/{version}", f"static/{version}/package.json", f"{version}/app.js"]:
        assert client.get(PREFIX + path).status_code == 404, path


def test_the_version_names_the_contents(tmp_path):
    (tmp_path / "index.js").write_text("export function render() {}")
    (tmp_path / "app.js").write_text("export const a = 1;")
    version, contents = static_files.snapshot(static_files.allowlist(tmp_path))
    assert contents == {"index.js": b"export function render() {}", "app.js": b"export const a = 1;"}
    assert static_files.snapshot(static_files.allowlist(tmp_path))[0] == version
    (tmp_path / "app.js").write_text("export const a = 2;")
    changed, _ = static_files.snapshot(static_files.allowlist(tmp_path))
    (tmp_path / "app.js").rename(tmp_path / "api.js")
    renamed, _ = static_files.snapshot(static_files.allowlist(tmp_path))
    assert len({version, changed, renamed}) == 3
    assert re.fullmatch(r"v[0-9a-f]{16}", version)


def test_the_shipped_bundle_is_built_from_the_modules_as_they_are():
    _, contents = static_files.snapshot(static_files.allowlist())
    assert static_files.bundle_is_current(contents), (
        "frontend/bundle.js is not built from the modules as they are: "
        "run `python frontend/build_bundle.py` and commit it")
    bundle = contents[static_files.BUNDLE].decode()
    # It exports what app.js does, for index.js (tests/frontend/index.test.mjs
    # imports both), and imports nothing.
    assert re.search(r"^export \{\s*startApp\s*\};$", bundle, re.M)
    code = re.sub(r"^\s*(\*|/\*\*|//).*$", "", bundle, flags=re.M)
    assert not re.search(r"""^\s*(import|export)\b[^\n]*\bfrom\s*["']""", code, re.M)
    assert not re.search(r"""\bimport\s*\(\s*["']""", code)


def _frontend(folder, files):
    for name, text in files.items():
        (folder / name).write_text(text)
    return static_files.snapshot(static_files.allowlist(folder))[1]


def test_the_tab_loads_the_bundle_only_when_built_from_the_modules_as_they_are(tmp_path):
    modules = {"index.js": "export function render() {}", "app.js": "export const a = 1;",
               "style.css": "body {}"}
    contents = _frontend(tmp_path, modules)
    assert static_files.entry_url(contents) == "index.js"  # no bundle
    header = static_files.bundle_header(contents)
    assert re.fullmatch(r"// cyclescope bundle of the modules v[0-9a-f]{16}; "
                        r"made by frontend/build_bundle\.py", header)
    built = _frontend(tmp_path, {"bundle.js": header + "\nexport const a = 1;"})
    assert static_files.bundle_is_current(built)
    assert static_files.entry_url(built) == "index.js?app=bundle.js"
    # The stylesheet is not in the bundle: editing it leaves the bundle good.
    assert static_files.bundle_is_current(_frontend(tmp_path, {"style.css": "p {}"}))
    # An edited module, a new one, a bundle of other modules, or no header:
    # the modules, one by one.
    assert not static_files.bundle_is_current(_frontend(tmp_path, {"app.js": "export const a = 2;"}))
    _frontend(tmp_path, {"app.js": modules["app.js"]})
    assert not static_files.bundle_is_current(_frontend(tmp_path, {"new.js": ""}))
    (tmp_path / "new.js").unlink()
    other = "// cyclescope bundle of the modules v0123456789abcdef; made by ..."
    assert not static_files.bundle_is_current(_frontend(tmp_path, {"bundle.js": other}))
    assert not static_files.bundle_is_current(_frontend(tmp_path, {"bundle.js": "export {};"}))
    assert static_files.bundle_is_current(_frontend(tmp_path, {"bundle.js": header}))


def test_a_stale_bundle_is_said_and_the_modules_are_served(tmp_path, monkeypatch, caplog):
    frontend = tmp_path / "frontend"
    frontend.mkdir()
    _frontend(frontend, {"index.js": "export function render() {}",
                         "bundle.js": "// cyclescope bundle of the modules v0123456789abcdef"})
    shipped = static_files.allowlist
    monkeypatch.setattr(static_files, "allowlist", lambda root=None: shipped(frontend))
    client = make_client(tmp_path / "logs")
    version = static_files.snapshot(shipped(frontend))[0]
    assert client.get(PREFIX + "index.js").get_data(as_text=True) == (
        f'export * from "./static/{version}/index.js";\n')
    assert "bundle.js was not built from the modules as they are" in caplog.text
    assert "python frontend/build_bundle.py" in caplog.text


def test_allowlist_skips_what_must_not_be_served(tmp_path):
    (tmp_path / "index.js").write_text("export function render() {}")
    (tmp_path / "vendor" / "deep" / "er").mkdir(parents=True)
    (tmp_path / "vendor" / "lib.css").write_text("")
    (tmp_path / "vendor" / "deep" / "er" / "x.js").write_text("")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.js").write_text("")
    for name in ["evil.py", ".hidden.js", "page.html", "data.json", "a b.js", "README.md"]:
        (tmp_path / name).write_text("")
    (tmp_path / "link.js").symlink_to("/etc/passwd")
    served = static_files.allowlist(tmp_path)
    assert {p: m for p, (_, m) in served.items()} == {
        "index.js": "text/javascript", "vendor/lib.css": "text/css",
        "vendor/deep/er/x.js": "text/javascript", "README.md": "text/plain"}


def test_fix_flags_keeps_all_our_samples_unless_told_otherwise():
    class Flags:
        samples_per_plugin = {}

    flags = Flags()
    loader.CyclescopeLoader().fix_flags(flags)
    assert flags.samples_per_plugin == {"cyclescope": 0}
    flags.samples_per_plugin = {"cyclescope": 50, "scalars": 10}
    loader.CyclescopeLoader().fix_flags(flags)
    assert flags.samples_per_plugin == {"cyclescope": 50, "scalars": 10}
    assert loader._PLUGIN_NAME == metadata.PLUGIN_NAME


def test_a_failing_plugin_import_disables_only_our_tab(monkeypatch, caplog, logdir):
    import cyclescope.tb_plugin

    # As if the module could not be imported (a broken install).
    monkeypatch.setitem(sys.modules, "cyclescope.tb_plugin.plugin", None)
    monkeypatch.delattr(cyclescope.tb_plugin, "plugin")
    context = base_plugin.TBContext(logdir=str(logdir[0]), data_provider=object())
    with caplog.at_level(logging.ERROR, logger=loader.__name__):
        assert loader.CyclescopeLoader().load(context) is None
    assert "Cyclescope tab is disabled" in caplog.text
    assert "ModuleNotFoundError" in caplog.text


def test_the_entry_point_module_imports_almost_nothing():
    code = ("import sys, cyclescope.tb_plugin.loader; "
            "print(sorted(m.split('.')[0] for m in sys.modules))")
    modules = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, env={**os.environ, "PYTHONWARNINGS": "ignore"}).stdout
    for heavy in ["numpy", "google", "werkzeug", "tensorflow", "keras"]:
        assert "'%s'" % heavy not in modules


def test_plugin_constructed_directly():
    # `load()` hands the context through; the plugin needs only the provider.
    instance = plugin.CyclescopePlugin(base_plugin.TBContext(data_provider=object()))
    assert instance.frontend_metadata().es_module_path == "/index.js"
    assert instance.is_active() is False


def test_routes_over_a_real_keras_fit(tmp_path):
    import keras

    from cyclescope.callbacks import CyclicLR, DeadReluDetector, SnapshotModelCheckpoint, find_lr

    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    run = str(tmp_path / "exp")
    detector = DeadReluDetector(x, log_dir=run)
    reports = []
    model.fit(x, y, batch_size=8, epochs=4, verbose=0, callbacks=[
        CyclicLR(step_size=5, mode="triangular2", log_dir=run),
        SnapshotModelCheckpoint(4, 2, fn_prefix=str(tmp_path / "weights" / "Model"), log_dir=run),
        detector,
        keras.callbacks.LambdaCallback(on_epoch_end=lambda *_: reports.append(detector.last_report)),
        keras.callbacks.TensorBoard(run, update_freq="batch"),
    ])
    range_model = keras.models.clone_model(model)
    range_model.compile(optimizer="sgd", loss="mse")
    found = find_lr(range_model, x, y, num_steps=20, batch_size=8, verbose=0,
                    log_dir=str(tmp_path / "range"))
    client = make_client(tmp_path)

    runs = get_json(client, "runs")["runs"]
    assert runs == [
        {"run": "exp", "lr": True, "schedule": "triangular2", "snapshots": 2,
         "dead_relu_layers": 1, "loss": True, "lr_range_test": False, "ensembles": False},
        {"run": "range", "lr": False, "schedule": None, "snapshots": 0,
         "dead_relu_layers": 0, "loss": False, "lr_range_test": True, "ensembles": False},
    ]
    range_test = get_json(client, "lr_range_test", run="range")
    assert range_test["lrs"] == found.lrs.tolist()
    assert range_test["losses"] == found.losses.tolist()
    assert range_test["raw_losses"] == found.raw_losses.tolist()
    assert (range_test["base_lr"], range_test["max_lr"]) == (found.base_lr, found.max_lr)
    assert (range_test["mode"], range_test["stopped_early"]) == ("exp", found.stopped_early)
    assert range_test["warnings"] == []
    assert client.get(PREFIX + "lr_range_test", query_string={"run": "exp"}).status_code == 404
    lr = get_json(client, "lr", run="exp")
    steps = lr["points"]["step"]
    assert steps[:32] == list(range(32)) and len(steps) <= 33
    assert [p["start"] for p in lr["phases"]] == list(range(0, steps[-1] + 1, 5))
    assert lr["epochs"]["epoch"] == [0, 1, 2, 3]
    assert lr["epochs"]["step"] == [0, 8, 16, 24]
    assert [s["file"] for s in lr["snapshots"]] == ["Model-1.weights.h5", "Model-2.weights.h5"]
    loss = get_json(client, "loss", run="exp")
    assert (loss["source_run"], loss["tag"]) == ("exp/train", "batch_loss")
    assert loss["points"]["step"] == list(range(32))
    dead = get_json(client, "dead_relu", run="exp")
    assert len(dead["layers"]) == 1 and len(dead["checks"]) == 4
    # Deaths and revivals as the detector reported them at each check.
    assert dead["died"] == [[report[0]["died"] for report in reports]]
    assert dead["revived"] == [[report[0]["revived"] for report in reports]]
    assert [c["since_step"] for c in dead["checks"]] == [0, 8, 16, 24]
    assert [report[0]["since_step"] for report in reports] == [0, 8, 16, 24]
    layer = dead["layers"][0]["path"]
    assert len(get_json(client, "histograms", run="exp", layer=layer)["histograms"]) == 4


def test_bodies_are_encoded_as_tensorboard_encodes_json():
    from tensorboard.backend import json_util

    bodies = [
        {"points": {"step": [0, 1, 2], "value": [0.1, None, 1e-300]}, "run": "é\u2028<", "n": (1, 2)},
        {"value": [float("nan"), float("inf"), -float("inf"), 1.5]},
        {"name": b"bytes", "tags": {"b", "a"}, "x": np.float64(0.25), 3: True},
        [],
    ]
    for body in bodies:
        assert plugin._encoded(body) == json.dumps(json_util.Cleanse(body), ensure_ascii=True)
