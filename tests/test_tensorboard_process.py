"""A real `tensorboard` command, under both loaders, finds the plugin through
its entry point and serves it."""

import sys

import numpy as np
import pytest

from tests import plugin_logs
from tests.tensorboard_process import PREFIX, TENSORBOARD, TensorBoard

# Makes importing the plugin module fail, as a broken install would, then
# runs TensorBoard's own main: a test-only launcher, no switch in our code.
_BROKEN_PLUGIN_LAUNCHER = (
    "import sys\n"
    "sys.modules['cyclescope.tb_plugin.plugin'] = None\n"
    "from tensorboard import main\n"
    "sys.argv[0] = 'tensorboard'\n"
    "main.run_main()\n"
)


@pytest.fixture(scope="module")
def logdir(tmp_path_factory):
    """3000 LR steps, 150 epochs, 12 snapshots: more than either loader
    keeps of a plugin it does not know (10 or 100) or of a scalar tag (1000)."""
    path = tmp_path_factory.mktemp("logs")
    expected = plugin_logs.write_cyclic_run(str(path / "exp1"), steps_per_epoch=20)
    plugin_logs.write_keras_run(str(path / "exp1" / "train"), epochs=150, steps_per_epoch=20)
    return path, expected


@pytest.fixture(scope="module", params=["false", "true"], ids=["python", "rust"])
def load_fast(request):
    return request.param


@pytest.fixture(scope="module")
def server(logdir, load_fast):
    """TensorBoard with its default flags."""
    board = TensorBoard(TENSORBOARD, logdir[0], "--load_fast=" + load_fast)
    yield board
    board.stop()


def test_the_entry_point_enables_the_tab(server):
    listing = server.plugins_listing()
    assert listing["cyclescope"]["enabled"] is True
    assert listing["scalars"]["enabled"] is True


def test_lr_cycles_phases_and_every_record(server, logdir):
    server.plugins_listing()
    body = server.get_json(PREFIX + "lr?run=exp1&max_points=20000")
    assert len(body["phases"]) == 20 and len(body["cycles"]) == 10
    assert body["position"] == {"cycle": 5, "phase": "falling", "step": 2999}
    assert len(body["snapshots"]) == 12
    assert body["epochs"]["epoch"] == list(range(150))
    # The Scalars tab's copy is sampled to 1000 points; our LR blocks are
    # kept whole by default.
    assert body["points"]["step"] == list(range(3000))
    np.testing.assert_array_equal(body["points"]["value"], logdir[1]["lr"])
    assert body["downsampled"] is False and body["loader_sampled"] is False
    dead = server.get_json(PREFIX + "dead_relu?run=exp1")
    assert len(dead["checks"]) == 150


def test_the_es_module_is_served_as_javascript(server):
    for path in ["index.js", "static/app.js", "static/vendor/uPlot.esm.js"]:
        status, headers, _ = server.get(PREFIX + path)
        assert status == 200, path
        assert headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_bad_requests_are_400_and_404(server):
    server.plugins_listing()
    assert server.get(PREFIX + "lr")[0] == 400
    assert server.get(PREFIX + "lr?run=exp1&max_points=abc")[0] == 400
    assert server.get(PREFIX + "lr?run=nope")[0] == 404
    assert server.get(PREFIX + "histograms?run=exp1&layer=%2e%2e%2fdense")[0] == 404
    assert server.get(PREFIX + "..%2f..%2fsetup.py")[0] == 404


def test_a_plugin_that_fails_to_load_leaves_tensorboard_running(logdir):
    board = TensorBoard([sys.executable, "-c", _BROKEN_PLUGIN_LAUNCHER], logdir[0],
                        "--load_fast=false")
    try:
        listing = board.get_json("data/plugins_listing")
        assert "cyclescope" not in listing and "scalars" in listing
        assert board.get(PREFIX + "runs")[0] == 404
        tags = board.get_json("data/plugin/scalars/tags")
        assert "learning_rate" in tags["exp1"]
        stderr = "".join(board.stderr)
        assert "The Cyclescope tab is disabled" in stderr and "ModuleNotFoundError" in stderr
    finally:
        board.stop()
