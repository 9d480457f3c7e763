"""Serves the Cyclescope frontend the way TensorBoard does, with fixture data.

    python tests/frontend/dev_server.py [--port 6007]

then open http://127.0.0.1:6007/ (or /empty/, /errors/ for the other
fixture scenarios, see fixtures/routes.py).

Paths, as under TensorBoard (the scenario name is a path prefix, which also
checks that the tab uses relative URLs only):

    /<scenario>/                                   host page with the iframe
    /<scenario>/data/plugin_entry.html             TensorBoard's bootstrap page
    /<scenario>/data/plugin/cyclescope/index.js    frontend/index.js
    /<scenario>/data/plugin/cyclescope/static/...  the other frontend files
    /<scenario>/data/plugin/cyclescope/<route>     fixture JSON

The plugin page gets TensorBoard's CSP (same-origin scripts plus the hash of
the bootstrap script, no inline handlers), so CSP mistakes show up here.
The host page implements the host side of the IPC: its "Reload" button
sends experimental.DataReloaded to the iframe.
"""

import argparse
import base64
import hashlib
import http.server
import posixpath
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixtures.routes import FixtureRoutes  # noqa: E402

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
SCENARIOS = ("default", "empty", "errors", "many")
MIME = {".js": "text/javascript", ".css": "text/css"}

# Byte for byte what TensorBoard 2.21 serves as data/plugin_entry.html.
BOOTSTRAP = 'import("./index.js").then((m) => void m.render());'
PLUGIN_ENTRY = (
    '<!DOCTYPE html>\n<head><base href="plugin/cyclescope/" /></head>\n'
    f'<body><script type="module">{BOOTSTRAP}</script></body>\n'
)
PLUGIN_CSP = (
    "default-src 'self'; font-src 'self' data:; img-src 'self' data: blob:; "
    "object-src 'none'; style-src 'self' data: 'unsafe-inline'; connect-src 'self'; "
    "script-src 'self' 'unsafe-eval' 'sha256-%s'"
    % base64.b64encode(hashlib.sha256(BOOTSTRAP.encode()).digest()).decode()
)

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


class Handler(http.server.BaseHTTPRequestHandler):
    routes = {name: FixtureRoutes(name) for name in SCENARIOS}

    def log_message(self, fmt, *args):  # keep test output quiet
        if self.server.verbose:
            super().log_message(fmt, *args)

    def do_GET(self):
        url = urlsplit(self.path)
        scenario, _, rest = url.path.lstrip("/").partition("/")
        if scenario not in SCENARIOS:
            scenario, rest = "default", url.path.lstrip("/")
        if rest in ("", "index.html"):
            return self._send(200, "text/html; charset=utf-8", HOST_PAGE.encode())
        if rest == "favicon.ico":
            return self._send(204, "image/x-icon", b"")
        if rest == "host.js":
            return self._send(200, "text/javascript", HOST_JS.encode())
        if rest == "data/plugin_entry.html":
            return self._send(
                200,
                "text/html; charset=utf-8",
                PLUGIN_ENTRY.encode(),
                {"Content-Security-Policy": PLUGIN_CSP},
            )
        prefix = "data/plugin/cyclescope/"
        if not rest.startswith(prefix):
            return self._send(404, "text/plain", b"not found")
        name = rest[len(prefix) :]
        if name == "index.js":
            return self._static("index.js")
        if name.startswith("static/"):
            return self._static(name[len("static/") :])
        status, content_type, body = self.routes[scenario].respond(name, url.query)
        return self._send(status, content_type, body)

    def _static(self, relative):
        clean = posixpath.normpath(relative)
        path = FRONTEND / clean
        if clean.startswith("..") or clean.startswith("/") or not path.is_file():
            return self._send(404, "text/plain", b"not found")
        mime = MIME.get(path.suffix)
        if mime is None:
            return self._send(404, "text/plain", b"not served")
        return self._send(200, mime, path.read_bytes())

    def _send(self, status, content_type, body, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-cache")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


def start(port=0, verbose=False):
    """Starts the server in a thread; returns (server, base_url)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.verbose = verbose
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=6007)
    args = parser.parse_args()
    server, url = start(args.port, verbose=True)
    print(f"Serving {FRONTEND} at {url} (scenarios: {', '.join(SCENARIOS)})", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
