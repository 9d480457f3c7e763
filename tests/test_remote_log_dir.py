"""A `log_dir` on S3: the callbacks write to a local moto S3 server, and a
real TensorBoard reads the run back from the bucket."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import boto3
import keras
import numpy as np
import pytest

from cyclescope.callbacks import CyclicLR, DeadReluDetector
from cyclescope.tb_plugin.summary_writer import SummaryWriter
from tests.tensorboard_process import PREFIX, TensorBoard
from tests.test_cyclic_lr import smith_lr

pytestmark = pytest.mark.backends

BUCKET = "bucket"
TIMEOUT = 60
# TensorBoard reads S3 through its TensorFlow-free gfile only where TensorFlow
# cannot be imported: tf.io.gfile has had no S3 since TF 2.6. A test-only
# launcher makes `import tensorflow` fail, then runs TensorBoard's own main.
NO_TENSORFLOW_TENSORBOARD = [
    sys.executable,
    "-c",
    "import sys\n"
    "sys.modules['tensorflow'] = None\n"
    "from tensorboard import main\n"
    "sys.argv[0] = 'tensorboard'\n"
    "main.run_main()\n",
]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _poll(fetch, timeout=TIMEOUT):
    """`fetch()`'s first truthy result, retried until `timeout`."""
    deadline = time.time() + timeout
    while True:
        result = fetch()
        if result or time.time() > deadline:
            return result
        time.sleep(0.5)


@pytest.fixture(scope="module")
def moto_endpoint():
    """A moto S3 server on a free port of 127.0.0.1."""
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def answers():
            assert process.poll() is None, "moto_server exited"
            try:
                urllib.request.urlopen(endpoint, timeout=5).close()
            except urllib.error.HTTPError:
                pass  # an answer all the same
            except OSError:
                return False
            return True

        assert _poll(answers), "moto_server did not answer"
        yield endpoint
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def s3(moto_endpoint, monkeypatch, tmp_path):
    """A boto3 client of an empty `BUCKET`, with this process and its
    children pointed at moto."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        # No user config or profile can point anywhere else.
        "AWS_CONFIG_FILE": str(tmp_path / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-aws-credentials"),
        # TensorBoard's S3 filesystem reads S3_ENDPOINT once, when gfile is
        # imported: that holds for the TensorBoard process. In this process
        # gfile is imported already; botocore reads AWS_ENDPOINT_URL_S3 for
        # every client it makes.
        "S3_ENDPOINT": moto_endpoint,
        "AWS_ENDPOINT_URL_S3": moto_endpoint,
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL",
                 "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"):
        monkeypatch.delenv(name, raising=False)
    # gfile makes its clients from boto3's default session: a fresh one reads
    # the environment above.
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    client = boto3.client("s3", endpoint_url=moto_endpoint)
    client.create_bucket(Bucket=BUCKET)
    try:
        yield client
    finally:
        urllib.request.urlopen(
            urllib.request.Request(moto_endpoint + "/moto-api/reset", method="POST"), timeout=10
        ).close()


def _keys(client, prefix):
    listing = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return [o["Key"] for o in listing.get("Contents", [])]


def test_acquire_writes_an_event_file_under_the_prefix(s3):
    writer = SummaryWriter.acquire(f"s3://{BUCKET}/x/")
    try:
        assert writer.log_dir == f"s3://{BUCKET}/x"
        assert SummaryWriter.acquire(f"s3://{BUCKET}/x") is writer
        writer.release()
        # Beside the empty "x/" that gfile's makedirs puts for the folder.
        [name] = [key for key in _keys(s3, "x/") if key != "x/"]
        assert re.fullmatch(r"x/events\.out\.tfevents\.\d{10}\.[^/]+\.\d+\.\d{8}\.cyclescope", name)
        size = s3.head_object(Bucket=BUCKET, Key=name)["ContentLength"]
        assert size > 0  # the file version event, uploaded when the file opens
        writer.scalars("learning_rate", [0], [0.5])
        writer.flush()
        assert s3.head_object(Bucket=BUCKET, Key=name)["ContentLength"] > size
    finally:
        writer.release()


def test_tensorboard_reads_a_run_written_to_s3(s3):
    keras.utils.set_random_seed(0)
    x = np.ones((6, 1), dtype="float32")
    model = keras.Sequential(
        [keras.Input((1,)), keras.layers.Dense(2, activation="relu"), keras.layers.Dense(1)]
    )
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    log_dir = f"s3://{BUCKET}/logs/run1"
    callbacks = [CyclicLR(0.01, 0.05, 3, log_dir=log_dir), DeadReluDetector(x, log_dir=log_dir)]
    epochs = 3
    model.fit(x, x, batch_size=1, epochs=epochs, verbose=0, callbacks=callbacks)
    steps = epochs * len(x)
    assert any("events.out.tfevents." in key for key in _keys(s3, "logs/run1/"))
    # A run still being written: every flush uploads the whole object again.
    live = SummaryWriter.acquire(f"s3://{BUCKET}/logs/live")
    try:
        live.scalars("loss", [0], [1.0])
        live.flush()
        # Not the bucket root: TensorBoard's S3 filesystem fails on
        # `s3://bucket` and takes `s3://bucket/` for a file.
        board = TensorBoard(NO_TENSORFLOW_TENSORBOARD, f"s3://{BUCKET}/logs",
                            "--load_fast=false", "--reload_interval", "1")
        try:
            _check_tensorboard(board, steps, live)
        finally:
            board.stop()
    finally:
        live.release()


def _check_tensorboard(board, steps, live):
    def points(run, tag, count):
        status, _, body = board.get(f"data/plugin/scalars/scalars?run={run}&tag={tag}")
        result = json.loads(body) if status == 200 else []
        return result if len(result) >= count else None

    lr = _poll(lambda: points("run1", "learning_rate", steps))
    assert lr, "".join(board.stderr)
    assert [step for _, step, _ in lr] == list(range(steps))
    np.testing.assert_allclose(
        [value for _, _, value in lr],
        [smith_lr(k, 0.01, 0.05, 3) for k in range(steps)],
        rtol=1e-6,
    )
    runs = board.get_json(PREFIX + "runs")["runs"]
    [run] = [r for r in runs if r["run"] == "run1"]
    assert run["lr"] is True
    assert run["schedule"] == "triangular"
    assert run["dead_relu_layers"] == 1

    assert _poll(lambda: points("live", "loss", 1)), "".join(board.stderr)
    live.scalars("loss", [1], [0.5])
    live.flush()
    loss = _poll(lambda: points("live", "loss", 2))
    assert loss, "".join(board.stderr)
    assert [(step, value) for _, step, value in loss] == [(0, 1.0), (1, 0.5)]
