"""Serves the Cyclescope tab through real TensorBoards over fixture logs.

    python tests/frontend/dev_server.py [--port 6007]

then open http://127.0.0.1:6007/ (or /empty/, /many/, /damaged/, /errors/
for the other scenarios, see fixtures/make_logs.py).

The logs are written by the real callbacks in tiny Keras fits, once per
version of the code that writes them (fixtures/make_logs.py, cached under
test-artifacts/frontend-logs: the first start takes a minute or two). Each
scenario gets its own `tensorboard` process (tests/tensorboard_process.py),
whose plugin serves the frontend of this working tree (an editable install),
as it was when the server started: after editing a file, restart the server
(the tab then loads the modules one by one until `python
frontend/build_bundle.py` rebuilds the bundle). This server puts them all under one port, the
scenario name as a path prefix, which also checks that the tab uses
relative URLs only:

    /<scenario>/          host page with the iframe; its "Reload" button sends
                          experimental.DataReloaded over TensorBoard's plugin IPC
    /<scenario>/data/...  that scenario's TensorBoard: plugin_entry.html with
                          TensorBoard's CSP, the plugin's static files, its routes

"errors" shows the default logs with the lr and dead_relu routes of one run
answered by an HTTP 500, to see how the tab shows a route that fails.
"""

import argparse
import http.server
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from fixtures import make_logs  # noqa: E402
from tests import tensorboard_process  # noqa: E402
from tests.tensorboard_process import TENSORBOARD, TensorBoard  # noqa: E402

SCENARIOS = ("default", "empty", "errors", "many", "damaged")
# The scenario whose TensorBoard serves each one.
LOGS = {"errors": "default"}
FAILING_RUN = make_logs.TRIANGULAR2_RUN
FAILING_ROUTES = ("lr", "dead_relu")
READY_TIMEOUT = 180
# Four TensorBoards starting side by side on a busy machine take longer than
# the one a test starts.
tensorboard_process.STARTUP_TIMEOUT = READY_TIMEOUT
# Headers of TensorBoard's answers passed on as they are.
PASSED_HEADERS = ("Content-Type", "Content-Security-Policy", "X-Content-Type-Options", "Cache-Control")

HOST_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Cyclescope dev host</title>
<style>
  html, body { margin: 0; height: 100%; font: 13px system-ui, sans-serif; }
  body { display: flex; flex-direction: column; }
  header { display: flex; gap: 12px; align-items: center; padding: 6px 12px;
           background: #f57c00; color: #fff; }
  header button { margin-left: auto; }
  iframe { flex: 1; border: 0; width: 100%; }
</style></head>
<body><header><b>TensorBoard</b><span>CYCLESCOPE (dev host)</span>
<button id="reload" type="button">Reload</button></header>
<iframe src="data/plugin_entry.html?name=cyclescope"></iframe>
<script src="host.js"></script></body></html>
"""

# The host side of TensorBoard's plugin IPC, reduced to DataReloaded.
HOST_JS = """
let port = null;
let nextId = 0;
window.addEventListener("message", (event) => {
  if (event.data !== "experimental.bootstrap" || !event.ports[0]) return;
  port = event.ports[0];
  port.onmessage = (e) => { window.lastReply = JSON.parse(e.data); };
});
document.getElementById("reload").addEventListener("click", () => {
  if (!port) return;
  port.postMessage(JSON.stringify({type: "experimental.DataReloaded", id: nextId++,
                                   payload: null, error: null, isReply: false}));
});
"""


class Boards:
    """One TensorBoard per log folder, started side by side."""

    def __init__(self, root, expected):
        self.boards = {}
        self.errors = []
        threads = [
            threading.Thread(target=self._start, args=(name, root / name, expected[name]["runs"]))
            for name in set(LOGS.get(s, s) for s in SCENARIOS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if self.errors:
            self.stop()
            raise RuntimeError("\n".join(self.errors))

    def _start(self, name, logdir, runs):
        try:
            board = TensorBoard(TENSORBOARD, logdir)
            self.boards[name] = board
            wait_for_runs(board, runs)
        except Exception as error:  # reported by __init__, in the main thread
            self.errors.append(f"{name}: {error}")

    def of(self, scenario):
        return self.boards[LOGS.get(scenario, scenario)]

    def stop(self):
        for board in self.boards.values():
            board.stop()


def wait_for_runs(board, count):
    """Until the runs route lists all `count` runs (TensorBoard loads the logs in the background)."""
    deadline = time.time() + READY_TIMEOUT
    while True:
        listed = len(board.get_json("data/plugin/cyclescope/runs")["runs"])
        if listed == count:
            return
        if time.time() > deadline:
            raise AssertionError(f"TensorBoard lists {listed} runs, not {count}")
        time.sleep(0.2)


class Handler(http.server.BaseHTTPRequestHandler):
    boards = None  # set by start()

    def log_message(self, fmt, *args):  # keep test output quiet
        if self.server.verbose:
            super().log_message(fmt, *args)

    def do_GET(self):
        url = urlsplit(self.path)
        scenario, _, rest = url.path.lstrip("/").partition("/")
        if scenario not in SCENARIOS:
            scenario, rest = "default", url.path.lstrip("/")
        if rest in ("", "index.html"):
            return self._send(200, {"Content-Type": "text/html; charset=utf-8"}, HOST_PAGE.encode())
        if rest == "favicon.ico":
            return self._send(204, {"Content-Type": "image/x-icon"}, b"")
        if rest == "host.js":
            return self._send(200, {"Content-Type": "text/javascript"}, HOST_JS.encode())
        if scenario == "errors" and self._fails(rest, url.query):
            body = b"Simulated failure of the data provider"
            return self._send(500, {"Content-Type": "text/plain; charset=utf-8"}, body)
        path = rest + (f"?{url.query}" if url.query else "")
        status, headers, body = self.boards.of(scenario).get(path)
        return self._send(status, {k: headers[k] for k in PASSED_HEADERS if headers[k]}, body)

    @staticmethod
    def _fails(rest, query):
        route = rest.removeprefix("data/plugin/cyclescope/")
        return route in FAILING_ROUTES and parse_qs(query).get("run") == [FAILING_RUN]

    def _send(self, status, headers, body):
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def start(port=0, verbose=False):
    """Writes the logs if needed, starts the TensorBoards and the server in
    a thread; returns (server, base_url, expected). `server.shutdown()`
    stops it all."""
    root = make_logs.ensure()
    expected = make_logs.read_expected(root)
    boards = Boards(root, expected)
    Handler.boards = boards
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.verbose = verbose
    shutdown = server.shutdown

    def stop_all():
        shutdown()
        boards.stop()

    server.shutdown = stop_all
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/", expected


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=6007)
    args = parser.parse_args()
    started = time.time()
    server, url, _ = start(args.port, verbose=True)
    print(
        f"Serving at {url} (scenarios: {', '.join(SCENARIOS)}), started in {time.time() - started:.0f} s",
        flush=True,
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
