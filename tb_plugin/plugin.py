"""The Cyclescope TensorBoard plugin: HTTP routes and static files.

See `docs/routes.md` for the routes. Every route is GET-only and read-only,
validates its parameters (400 for a missing or oversized one, 404 for an
unknown run or layer) and reads through the data provider only.
"""

import functools
import math
import re

import numpy as np
from werkzeug import wrappers

from tensorboard import errors
from tensorboard import plugin_util
from tensorboard.backend import http_util
from tensorboard.plugins import base_plugin

from cyclescope.tb_plugin import dead_relu
from cyclescope.tb_plugin import downsample
from cyclescope.tb_plugin import epochs
from cyclescope.tb_plugin import fields
from cyclescope.tb_plugin import metadata
from cyclescope.tb_plugin import phases
from cyclescope.tb_plugin import reader
from cyclescope.tb_plugin import snapshots
from cyclescope.tb_plugin import static_files

DEFAULT_MAX_POINTS = 2000
MIN_MAX_POINTS = 10
MAX_MAX_POINTS = 20000
MAX_NAME_LENGTH = 1024

# Both loaders keep this many points per scalar tag unless
# `--samples_per_plugin=scalars=N` says otherwise.
_LOADER_SCALARS_DEFAULT = 1000

_LOSS_TAGS = (reader.KERAS_BATCH_LOSS_TAG, reader.KERAS_EPOCH_LOSS_TAG)
_ALLOWED_METHODS = ("GET", "HEAD")


def _json_route(compute):
    """Makes `compute(self, request, data)`, data a `reader.Reader` for the
    request, a GET-only JSON route."""

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

    def get_plugin_apps(self):
        apps = {
            "/runs": self.runs_route,
            "/lr": self.lr_route,
            "/loss": self.loss_route,
            "/dead_relu": self.dead_relu_route,
            "/histograms": self.histograms_route,
        }
        # One exact route per allowlisted file: nothing else can be asked for.
        for path, (entry, mime) in self._static.items():
            apps["/static/" + path] = _static_route(entry, mime)
        if "index.js" in self._static:
            apps["/index.js"] = apps["/static/index.js"]
        return apps

    def is_active(self):
        return False  # TensorBoard activates the tab when our records exist.

    def frontend_metadata(self):
        return base_plugin.FrontendMetadata(
            es_module_path="/index.js", tab_name="Cyclescope"
        )

    @_json_route
    def runs_route(self, request, data):
        record_tags = data.record_tags()
        scalar_tags = data.scalar_tags((metadata.LR_TAG, reader.KERAS_LR_TAG) + _LOSS_TAGS)
        ours = set(record_tags) | {
            run for run, tags in scalar_tags.items() if metadata.LR_TAG in tags
        }
        # Keras's runs beside ours are shown through ours (`loss`); other
        # runs with Keras's LR get the fallback view.
        beside_ours = {keras_run for run in ours for keras_run in reader.keras_train_runs(run)}
        keras_only = {
            run
            for run, tags in scalar_tags.items()
            if reader.KERAS_LR_TAG in tags and run not in ours | beside_ours
        }
        details = data.records(
            ours, (metadata.SCHEDULE_TAG, metadata.SNAPSHOT_TAG, metadata.DEAD_RELU_TAG)
        )
        result = []
        for run in sorted(ours | keras_only):
            own = details.get(run, {})
            schedules = own.get(metadata.SCHEDULE_TAG)
            tags_with_keras = set().union(
                *(scalar_tags.get(r, set()) for r in [run] + _keras_runs(run, run in ours))
            )
            result.append(
                {
                    "run": run,
                    "lr": bool(tags_with_keras & {metadata.LR_TAG, reader.KERAS_LR_TAG}),
                    "schedule": _schedule_name(schedules[-1][1]) if schedules else None,
                    "snapshots": len(own.get(metadata.SNAPSHOT_TAG, [])),
                    "dead_relu_layers": len(
                        dead_relu.layer_paths(own.get(metadata.DEAD_RELU_TAG, []))
                    ),
                    "loss": bool(tags_with_keras & set(_LOSS_TAGS)),
                }
            )
        return {"runs": result}

    @_json_route
    def lr_route(self, request, data):
        run = _name_param(request, "run")
        max_points = _max_points_param(request)
        source, source_run, series, source_run_sampled = _lr_series(data, run)
        records = {}
        if source == "cyclescope":
            tags = (
                metadata.SCHEDULE_TAG,
                metadata.CYCLE_TAG,
                metadata.EPOCH_TAG,
                metadata.SNAPSHOT_TAG,
            )
            records = data.records([run], tags).get(run, {})
        schedules = records.get(metadata.SCHEDULE_TAG, [])
        computed = None
        if schedules:
            computed = phases.from_schedules(
                schedules,
                records.get(metadata.CYCLE_TAG, []),
                records.get(metadata.EPOCH_TAG, []),
                end=int(series.steps[-1]) + 1,
            )
        cycles, phase_list = computed or phases.segment(series.steps, series.values)
        snapshot_list = snapshots.from_records(records.get(metadata.SNAPSHOT_TAG, []))
        boundaries = [p["start"] for p in phase_list] + [s["step"] for s in snapshot_list]
        reservoir = self._scalars_kept if source_run_sampled else 0
        points = self._downsampled(series, len(series), max_points, boundaries, reservoir)
        return {
            "run": run,
            "source": source,
            "source_run": source_run,
            **points,
            "schedule": fields.scalars(schedules[-1][1]) if schedules else None,
            "epochs": epochs.starts(records.get(metadata.EPOCH_TAG, [])),
            "cycles": cycles,
            "phases": phase_list,
            "position": phases.position(phase_list, int(series.steps[-1])),
            "snapshots": snapshot_list,
        }

    @_json_route
    def loss_route(self, request, data):
        run = _name_param(request, "run")
        max_points = _max_points_param(request)
        ours = run in data.record_tags() or data.last_step(run, metadata.LR_TAG) is not None
        # A run of Keras's own has its LR per epoch: its epoch loss shares
        # that axis.
        tags = _LOSS_TAGS if ours else _LOSS_TAGS[::-1]
        for source_run in _keras_runs(run, ours):
            for tag in tags:
                logged = data.scalars(source_run, tag)
                if logged is not None:
                    series, step_source = _loss_on_global_steps(data, run, ours, tag, logged)
                    return {
                        "run": run,
                        "source_run": source_run,
                        "tag": tag,
                        "step_source": step_source,
                        **self._downsampled(
                            series, len(logged), max_points, (), self._scalars_kept
                        ),
                    }
        raise errors.NotFoundError("No Keras loss for run %r" % run)

    def _downsampled(self, series, loaded, max_points, boundaries, reservoir):
        """The `points`, `total_points`, `downsampled` and `loader_sampled`
        keys for `series`, of which the loader held `loaded` points in a
        reservoir of `reservoir` points (0: unlimited)."""
        keep = downsample.keep_indices(series.steps, series.values, max_points, boundaries)
        # A full reservoir: the loader dropped points at random.
        loader_sampled = 0 < reservoir <= loaded
        return {
            "points": {
                "step": series.steps[keep].tolist(),
                "value": _json_numbers(series.values[keep]),
            },
            "total_points": loaded,
            "downsampled": len(keep) < loaded or loader_sampled,
            "loader_sampled": loader_sampled,
        }

    @_json_route
    def dead_relu_route(self, request, data):
        run = _name_param(request, "run")
        checks = data.records([run], [metadata.DEAD_RELU_TAG]).get(run, {})
        checks = checks.get(metadata.DEAD_RELU_TAG)
        if not checks:
            raise errors.NotFoundError("No dead-ReLU checks in run %r" % run)
        return {"run": run, **dead_relu.heatmap(checks)}

    @_json_route
    def histograms_route(self, request, data):
        run = _name_param(request, "run")
        layer = _name_param(request, "layer")
        histograms = data.histograms(run, metadata.FIRING_RATE_TAG.format(layer=layer))
        if histograms is None:
            raise errors.NotFoundError(
                "No firing-rate histograms of layer %r in run %r" % (layer, run)
            )
        return {
            "run": run,
            "layer": layer,
            "histograms": [
                {"step": step, "buckets": [_json_numbers(row) for row in buckets]}
                for step, buckets in histograms
            ],
        }


def _keras_runs(run, ours):
    """Where Keras's own summaries for `run` are: beside our run, or in the
    run itself when it is one of Keras's."""
    return reader.keras_train_runs(run) if ours else [run]


def _lr_series(data, run):
    """(source, source run, Series, whether the loader samples it) of the LR
    shown for `run`: our whole LR blocks, else the Scalars tab's copy (from
    logs written before the blocks existed), else Keras's epoch LR."""
    series = data.learning_rate(run)
    if series is not None:
        return "cyclescope", run, series, False
    series = data.scalars(run, metadata.LR_TAG)
    if series is not None:
        return "cyclescope", run, series, True
    for source_run in [run] + reader.keras_train_runs(run):
        series = data.scalars(source_run, reader.KERAS_LR_TAG)
        if series is not None:
            return "keras", source_run, series, True
    raise errors.NotFoundError("No learning-rate data for run %r" % run)


def _loss_on_global_steps(data, run, ours, tag, series):
    """Moves Keras's loss onto our step axis; returns (series, step_source).

    Keras logs `batch_loss` at its batch count in the current `fit()`
    (1, 2, ...): batch b ran at step b - 1 when training started at step 0.
    It logs `epoch_loss` at the epoch number: our epoch records give the
    epoch's last step.
    """
    if tag == reader.KERAS_BATCH_LOSS_TAG:
        return reader.Series(series.steps - 1, series.values), "keras_batch"
    epoch_records = []
    if ours:
        epoch_records = data.records([run], [metadata.EPOCH_TAG]).get(run, {})
        epoch_records = epoch_records.get(metadata.EPOCH_TAG, [])
    if not epoch_records:
        return series, "epoch"
    last_lr_step = data.last_step(run, metadata.LR_TAG)
    ends = epochs.last_steps(epoch_records, last_lr_step if last_lr_step is not None else -1)
    pairs = sorted(
        (ends[epoch], value)
        for epoch, value in zip(series.steps.tolist(), series.values.tolist())
        if epoch in ends
    )
    steps = np.array([s for s, _ in pairs], dtype=np.int64)
    values = np.array([v for _, v in pairs], dtype=np.float64)
    return reader.Series(steps, values), "epoch_records"


def _schedule_name(record):
    if record.get("type") == "cosine_restarts":
        return "cosine_restarts"
    return fields.text(record, "mode")


def _json_numbers(values):
    """Plain Python floats, with None for NaN and infinities."""
    return [
        v if math.isfinite(v) else None
        for v in np.asarray(values, dtype=np.float64).tolist()
    ]


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


def _static_route(entry, mime):
    """A route serving one allowlisted frontend file."""

    @wrappers.Request.application
    def route(request):
        refusal = _refuse_method(request)
        if refusal is not None:
            return refusal
        return http_util.Respond(request, entry.read_bytes(), mime)

    return route
