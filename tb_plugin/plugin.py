"""The Cyclescope TensorBoard plugin: HTTP routes and static files.

See `docs/routes.md` for the routes. Every route is GET-only and read-only
and validates its parameters (400 for a missing or oversized one, 404 for an
unknown run or layer); its body comes from the plain function of the same
name in `routes.py`, which reads through `reader.py` only.
"""

import functools
import json
import logging
import re

from werkzeug import wrappers

from tensorboard import errors
from tensorboard import plugin_util
from tensorboard.backend import http_util
from tensorboard.backend import json_util
from tensorboard.plugins import base_plugin

from cyclescope.tb_plugin import metadata
from cyclescope.tb_plugin import reader
from cyclescope.tb_plugin import response_cache
from cyclescope.tb_plugin import routes
from cyclescope.tb_plugin import static_files

DEFAULT_MAX_POINTS = 2000
MIN_MAX_POINTS = 10
MAX_MAX_POINTS = 20000
MAX_NAME_LENGTH = 1024

# Both loaders keep this many points per scalar tag unless
# `--samples_per_plugin=scalars=N` says otherwise.
_LOADER_SCALARS_DEFAULT = 1000

_ALLOWED_METHODS = ("GET", "HEAD")

logger = logging.getLogger(__name__)

# How long the browser may keep a file served under its version (a year:
# other contents are served under another version).
_VERSIONED_EXPIRES_S = 365 * 24 * 3600


def _json_route(compute):
    """Makes `compute(self, request, data)`, data a `reader.Reader` for the
    request, a GET-only JSON route. `compute` validates the parameters and
    returns the body of a function of `routes`."""

    @functools.wraps(compute)
    @wrappers.Request.application
    def route(self, request):
        refusal = _refuse_method(request)
        if refusal is not None:
            return refusal
        data = reader.Reader(
            self._data_provider,
            plugin_util.context(request.environ),
            plugin_util.experiment_id(request.environ),
            self._schema_verdicts,
        )
        return http_util.Respond(request, compute(self, request, data), "application/json")

    return route


class CyclescopePlugin(base_plugin.TBPlugin):
    """The Cyclescope tab: LR cycles and phases, snapshots, dead ReLUs."""

    plugin_name = metadata.PLUGIN_NAME

    def __init__(self, context):
        """Instantiated by `loader.CyclescopeLoader`.

        Args:
            context: a `base_plugin.TBContext`.
        """
        self._data_provider = context.data_provider
        self._scalars_kept = (context.sampling_hints or {}).get(
            reader.SCALARS_PLUGIN, _LOADER_SCALARS_DEFAULT
        )
        self._static = static_files.allowlist()
        # The contents served under static/<version>/ (what the tab loads):
        # read once, so that a version always means the same bytes.
        self._version, self._contents = static_files.snapshot(self._static)
        self._entry_url = static_files.entry_url(self._contents)
        if static_files.BUNDLE in self._contents and self._entry_url == static_files.ENTRY:
            logger.warning(
                "cyclescope: frontend/%s was not built from the modules as they are; "
                "the tab loads them one by one (python frontend/build_bundle.py rebuilds it)",
                static_files.BUNDLE,
            )
        self._schema_verdicts = reader.SchemaVerdicts()
        self._responses = response_cache.ResponseCache()

    def get_plugin_apps(self):
        apps = {
            "/runs": self.runs_route,
            "/lr": self.lr_route,
            "/loss": self.loss_route,
            "/dead_relu": self.dead_relu_route,
            "/histograms": self.histograms_route,
            "/lr_range_test": self.lr_range_test_route,
        }
        # One exact route per allowlisted file: nothing else can be asked
        # for. static/<path> reads the file at each request, never cached;
        # static/<version>/<path> is what the tab loads, cached for good.
        for path, (entry, mime) in self._static.items():
            apps["/static/" + path] = _static_route(entry.read_bytes, mime)
            body = self._contents[path]
            apps["/static/%s/%s" % (self._version, path)] = _static_route(
                lambda body=body: body, mime, expires=_VERSIONED_EXPIRES_S
            )
        if static_files.ENTRY in self._static:
            # TensorBoard asks for this module at an unversioned path: it
            # only points at the versioned one (which loads the bundle).
            entry = "export * from %s;\n" % json.dumps(
                "./static/%s/%s" % (self._version, self._entry_url)
            )
            apps["/index.js"] = _static_route(entry.encode, "text/javascript")
        return apps

    def is_active(self):
        return False  # TensorBoard activates the tab when our records exist.

    def frontend_metadata(self):
        return base_plugin.FrontendMetadata(
            es_module_path="/index.js", tab_name="Cyclescope"
        )

    @_json_route
    def runs_route(self, request, data):
        # Three listing calls, made at once (`reader.at_once`); the body
        # reads their answers.
        fingerprint = reader.at_once(
            lambda: data.fingerprint(None),
            lambda: data.scalars_fingerprint(None, routes.RUN_LIST_SCALAR_TAGS),
            data.runs_fingerprint,
        )
        return self._responses.get_or_compute(
            ("runs",), tuple(fingerprint), lambda: _encoded(routes.runs(data))
        )

    @_json_route
    def lr_route(self, request, data):
        run = _name_param(request, "run")
        max_points = _max_points_param(request)
        fingerprint = data.fingerprint([run])
        if not data.has_tag(run, metadata.LR_BLOCK_TAG):
            # The LR comes from standard scalars (older logs, Keras's own).
            fingerprint = data.fingerprint(
                [run],
                scalar_runs=[run] + reader.keras_train_runs(run),
                scalar_tags=(metadata.LR_TAG, reader.KERAS_LR_TAG),
            )
        return self._responses.get_or_compute(
            ("lr", run, max_points),
            fingerprint,
            lambda: _encoded(routes.lr(data, run, max_points, self._scalars_kept)),
        )

    @_json_route
    def loss_route(self, request, data):
        run = _name_param(request, "run")
        max_points = _max_points_param(request)
        fingerprint = data.fingerprint(
            [run],
            scalar_runs=[run] + reader.keras_train_runs(run),
            scalar_tags=(metadata.LR_TAG,) + routes.LOSS_TAGS,
        )
        return self._responses.get_or_compute(
            ("loss", run, max_points),
            fingerprint,
            lambda: _encoded(routes.loss(data, run, max_points, self._scalars_kept)),
        )

    @_json_route
    def dead_relu_route(self, request, data):
        run = _name_param(request, "run")
        return self._responses.get_or_compute(
            ("dead_relu", run),
            data.fingerprint([run], [metadata.DEAD_RELU_TAG]),
            lambda: _encoded(routes.dead_relu(data, run)),
        )

    @_json_route
    def lr_range_test_route(self, request, data):
        return routes.lr_range_test(data, _name_param(request, "run"))

    @_json_route
    def histograms_route(self, request, data):
        run = _name_param(request, "run")
        layer = _name_param(request, "layer")
        tag = metadata.FIRING_RATE_TAG.format(layer=layer)
        return self._responses.get_or_compute(
            ("histograms", run, layer),
            data.fingerprint([run], [tag], reader.HISTOGRAMS_PLUGIN),
            lambda: _encoded(routes.histograms(data, run, layer)),
        )


def _encoded(body):
    """`body` as `http_util.Respond` encodes a JSON body, so that a cached
    body is not encoded again for every request."""
    try:
        # The same text when nothing needs cleansing, as the routes send
        # NaN and infinities as null: without a walk over every point.
        return json.dumps(body, ensure_ascii=True, allow_nan=False)
    except (TypeError, ValueError):
        return json.dumps(json_util.Cleanse(body), ensure_ascii=True)


def _name_param(request, key):
    value = request.args.get(key)
    if value is None:
        raise errors.InvalidArgumentError("Missing parameter %r" % key)
    if len(value) > MAX_NAME_LENGTH:
        raise errors.InvalidArgumentError(
            "Parameter %r is longer than %d characters" % (key, MAX_NAME_LENGTH)
        )
    return value


def _max_points_param(request):
    value = request.args.get("max_points")
    if value is None:
        return DEFAULT_MAX_POINTS
    if not re.fullmatch(r"[0-9]{1,6}", value) or not (
        MIN_MAX_POINTS <= int(value) <= MAX_MAX_POINTS
    ):
        raise errors.InvalidArgumentError(
            "max_points must be an integer from %d to %d"
            % (MIN_MAX_POINTS, MAX_MAX_POINTS)
        )
    return int(value)


def _refuse_method(request):
    """A 405 response unless the request is a GET (or HEAD), else None."""
    if request.method in _ALLOWED_METHODS:
        return None
    return http_util.Respond(
        request,
        "Only GET is supported",
        "text/plain",
        code=405,
        headers=[("Allow", ", ".join(_ALLOWED_METHODS))],
    )


def _static_route(read, mime, expires=0):
    """A route serving what `read()` returns (a frontend file), `expires`
    seconds cacheable (0: never)."""

    @wrappers.Request.application
    def route(request):
        refusal = _refuse_method(request)
        if refusal is not None:
            return refusal
        return http_util.Respond(request, read(), mime, expires=expires)

    return route
