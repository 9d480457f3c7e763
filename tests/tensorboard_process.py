"""A real `tensorboard` process for tests."""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

PREFIX = "data/plugin/cyclescope/"
# The `tensorboard` command of the Python running the tests.
TENSORBOARD = [os.path.join(os.path.dirname(sys.executable), "tensorboard")]
STARTUP_TIMEOUT = 60
_URL = re.compile(r"TensorBoard \S+ at (http://127\.0\.0\.1:\d+/)")

class TensorBoard:
    """A `tensorboard` subprocess on a free port of 127.0.0.1."""

    def __init__(self, command, logdir, *flags):
        argv = command + ["--logdir", str(logdir), "--host", "127.0.0.1", "--port", "0", *flags]
        self.process = subprocess.Popen(argv, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                        text=True, errors="replace")
        self.stderr = []
        self._found = threading.Event()
        self.url = None
        # Drain stderr all along, or a chatty server would block on the pipe.
        threading.Thread(target=self._read_stderr, daemon=True).start()
        if not self._found.wait(STARTUP_TIMEOUT) or self.url is None:
            self.stop()
            raise AssertionError("TensorBoard did not start:\n" + "".join(self.stderr))

    def _read_stderr(self):
        for line in self.process.stderr:
            self.stderr.append(line)
            match = _URL.search(line)
            if match and self.url is None:
                self.url = match.group(1)
                self._found.set()
        self._found.set()

    def get(self, path):
        """(status, headers, body) of a GET."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def get_json(self, path):
        status, headers, body = self.get(path)
        assert status == 200, body
        assert headers["Content-Type"] == "application/json"
        return json.loads(body)

    def plugins_listing(self):
        """The listing once TensorBoard has loaded the log dir (the Rust
        loader loads in the background)."""
        deadline = time.time() + STARTUP_TIMEOUT
        while True:
            listing = self.get_json("data/plugins_listing")
            if listing.get("cyclescope", {}).get("enabled") or time.time() > deadline:
                return listing
            time.sleep(0.2)

    def stop(self):
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
