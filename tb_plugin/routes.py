"""The plugin's routes as plain functions, as TensorBoard's own plugins have.

Each takes a `reader.Reader` and parameters already validated by `plugin.py`
(which wraps it in an HTTP route) and returns the JSON-ready body described in
`docs/routes.md`, or raises `tensorboard.errors.NotFoundError`. Every body
ends with `warnings`: what was left out of it and why (`problems.py`).

Example:

```python
data = reader.Reader(context.data_provider, plugin_util.context(environ), "")
body = routes.lr(data, "exp1", max_points=2000, scalars_kept=1000)
```
"""

import math

import numpy as np
from tensorboard import errors

from cyclescope.tb_plugin import dead_relu as dead_relu_lib
from cyclescope.tb_plugin import downsample
from cyclescope.tb_plugin import epochs
from cyclescope.tb_plugin import fields
from cyclescope.tb_plugin import metadata
from cyclescope.tb_plugin import phases
from cyclescope.tb_plugin import reader
from cyclescope.tb_plugin import record_checks
from cyclescope.tb_plugin import snapshots

LOSS_TAGS = (reader.KERAS_BATCH_LOSS_TAG, reader.KERAS_EPOCH_LOSS_TAG)

# The standard scalars that decide what the run list says of a run.
RUN_LIST_SCALAR_TAGS = (metadata.LR_TAG, reader.KERAS_LR_TAG) + LOSS_TAGS

NO_EVENTS = "no readable events: the event files are empty or damaged"


def runs(data):
    """The body of `runs`: every run with something for the tab.

    Args:
        data: a `reader.Reader`.
    """
    record_tags = data.record_tags()
    scalar_tags = data.scalar_tags(RUN_LIST_SCALAR_TAGS)
    ours = set(record_tags) | {
        run for run, tags in scalar_tags.items() if metadata.LR_TAG in tags
    }
    # Keras's runs beside ours are shown through ours (`loss`); other runs
    # with Keras's LR get the fallback view.
    beside_ours = {keras_run for run in ours for keras_run in reader.keras_train_runs(run)}
    keras_only = {
        run
        for run, tags in scalar_tags.items()
        if reader.KERAS_LR_TAG in tags and run not in ours | beside_ours
    }
    # The latest schedule and check say what the list needs; every snapshot
    # is counted.
    details = data.records(ours, (metadata.SCHEDULE_TAG, metadata.DEAD_RELU_TAG), latest_only=True)
    for run, snapshot_records in data.records(ours, (metadata.SNAPSHOT_TAG,)).items():
        details.setdefault(run, {}).update(snapshot_records)
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
                    dead_relu_lib.layer_paths(own.get(metadata.DEAD_RELU_TAG, []))
                ),
                "loss": bool(tags_with_keras & set(LOSS_TAGS)),
                "lr_range_test": metadata.LR_RANGE_TEST_TAG in record_tags.get(run, ()),
                "ensembles": metadata.ENSEMBLE_TAG in record_tags.get(run, ()),
            }
        )
    for run in data.runs_without_events():
        data.problems.add(run, NO_EVENTS)
    return {"runs": result, "warnings": data.problems.entries()}


def lr(data, run, max_points, scalars_kept):
    """The body of `lr`: a run's learning rate, phases and snapshots.

    Args:
        data: a `reader.Reader`.
        run: the run name.
        max_points: the most points to send.
        scalars_kept: how many points per scalar tag the loader keeps
            (`--samples_per_plugin=scalars=N`; 0: all).
    """
    tags = (
        metadata.SCHEDULE_TAG,
        metadata.CYCLE_TAG,
        metadata.EPOCH_TAG,
        metadata.SNAPSHOT_TAG,
        metadata.ENSEMBLE_TAG,
    )
    data.prefetch([run], (metadata.LR_BLOCK_TAG,) + tags)
    source, source_run, tag, series, source_run_sampled = _lr_series(data, run)
    problems = data.problems
    records = {}
    if source == "cyclescope":
        records = data.records([run], tags).get(run, {})
    schedules = records.get(metadata.SCHEDULE_TAG, [])
    epoch_records = record_checks.epochs(problems, run, records.get(metadata.EPOCH_TAG, []))
    snapshot_records = record_checks.snapshots(
        problems, run, records.get(metadata.SNAPSHOT_TAG, [])
    )
    finite = _finite(problems, source_run, tag, series, "learning-rate")
    computed = None
    if schedules:
        record_checks.schedule(problems, run, *schedules[-1])
        computed = phases.from_schedules(
            schedules,
            record_checks.cycles(problems, run, records.get(metadata.CYCLE_TAG, [])),
            epoch_records,
            end=int(series.steps[-1]) + 1,
        )
        if computed is None:
            problems.add(
                run, record_checks.UNUSABLE_SCHEDULE, metadata.SCHEDULE_TAG, schedules[0][0]
            )
    cycles, phase_list = computed or phases.segment(finite.steps, finite.values)
    snapshot_list = snapshots.from_records(snapshot_records)
    boundaries = [p["start"] for p in phase_list] + [s["step"] for s in snapshot_list]
    reservoir = scalars_kept if source_run_sampled else 0
    points = _downsampled(series, len(series), max_points, boundaries, reservoir)
    return {
        "run": run,
        "source": source,
        "source_run": source_run,
        **points,
        "schedule": fields.scalars(schedules[-1][1]) if schedules else None,
        "epochs": epochs.starts(epoch_records),
        "cycles": cycles,
        "phases": phase_list,
        "position": phases.position(phase_list, int(series.steps[-1])),
        "snapshots": snapshot_list,
        "ensembles": snapshots.ensembles(
            record_checks.ensembles(problems, run, records.get(metadata.ENSEMBLE_TAG, []))
        ),
        "warnings": problems.entries(),
    }


def loss(data, run, max_points, scalars_kept):
    """The body of `loss`: Keras's training loss on our step axis.

    Args as for `lr`.
    """
    keras_runs = reader.keras_train_runs(run)
    last_steps = data.last_steps([run] + keras_runs, (metadata.LR_TAG,) + LOSS_TAGS)
    last_lr_step = last_steps.get(run, {}).get(metadata.LR_TAG)
    ours = last_lr_step is not None or run in data.record_tags([run])
    # A run of Keras's own has its LR per epoch: its epoch loss shares that
    # axis.
    tags = LOSS_TAGS if ours else LOSS_TAGS[::-1]
    for source_run in _keras_runs(run, ours):
        for tag in tags:
            logged = None
            if tag in last_steps.get(source_run, {}):
                logged = _read_loss(data, run, ours, source_run, tag)
            if logged is not None:
                series, step_source = _loss_on_global_steps(
                    data, run, ours, tag, logged, last_lr_step
                )
                _finite(data.problems, source_run, tag, series, "loss")
                return {
                    "run": run,
                    "source_run": source_run,
                    "tag": tag,
                    "step_source": step_source,
                    **_downsampled(series, len(logged), max_points, (), scalars_kept),
                    "warnings": data.problems.entries(),
                }
    raise errors.NotFoundError("No Keras loss for run %r" % run)


def dead_relu(data, run):
    """The body of `dead_relu`: the dead-ReLU heatmap of a run.

    Args:
        data: a `reader.Reader`.
        run: the run name.
    """
    checks = _records_or_not_found(data, run, metadata.DEAD_RELU_TAG, "dead-ReLU checks")
    usable = record_checks.dead_relu_checks(data.problems, run, checks)
    return {"run": run, **dead_relu_lib.heatmap(usable), "warnings": data.problems.entries()}


def lr_range_test(data, run):
    """The body of `lr_range_test`: the latest LR range test of a run.

    Args:
        data: a `reader.Reader`.
        run: the run name.
    """
    step, record = _records_or_not_found(
        data, run, metadata.LR_RANGE_TEST_TAG, "LR range test"
    )[-1]
    curve = record_checks.range_test_curve(data.problems, run, step, record)
    if curve is None:
        raise errors.NotFoundError("The LR range test of run %r cannot be read" % run)
    lrs, losses, raw_losses = curve
    base_lr, max_lr = fields.number(record, "base_lr"), fields.number(record, "max_lr")
    return {
        "run": run,
        "step": step,
        "lrs": _json_numbers(lrs),
        "losses": _json_numbers(losses),
        "raw_losses": _json_numbers(raw_losses),
        "base_lr": base_lr,
        "max_lr": max_lr,
        "mode": fields.text(record, "mode"),
        "start_lr": fields.number(record, "start_lr"),
        "end_lr": fields.number(record, "end_lr"),
        "stopped_early": record.get("stopped_early") is True,
        "warnings": data.problems.entries(),
    }


def histograms(data, run, layer):
    """The body of `histograms`: a layer's firing-rate histograms.

    Args:
        data: a `reader.Reader`.
        run: the run name.
        layer: a layer `path` from `dead_relu`.
    """
    tag = metadata.FIRING_RATE_TAG.format(layer=layer)
    found = data.histograms(run, tag)
    if found is None:
        raise errors.NotFoundError(
            "No firing-rate histograms of layer %r in run %r" % (layer, run)
        )
    non_finite = [(step, int(np.count_nonzero(~np.isfinite(b)))) for step, b in found]
    total = sum(count for _, count in non_finite)
    if total:
        data.problems.add(
            run,
            "%d of %d bucket values are NaN or infinite; sent as null"
            % (total, sum(buckets.size for _, buckets in found)),
            tag,
            next(step for step, count in non_finite if count),
        )
    return {
        "run": run,
        "layer": layer,
        "histograms": [
            {"step": step, "buckets": [_json_numbers(row) for row in buckets]}
            for step, buckets in found
        ],
        "warnings": data.problems.entries(),
    }


def _records_or_not_found(data, run, tag, what):
    """The [(step, record)] of `tag` in `run`; NotFoundError if none."""
    found = data.records([run], [tag]).get(run, {}).get(tag)
    if not found:
        raise errors.NotFoundError("No %s in run %r" % (what, run))
    return found


def _keras_runs(run, ours):
    """Where Keras's own summaries for `run` are: beside our run, or in the
    run itself when it is one of Keras's."""
    return reader.keras_train_runs(run) if ours else [run]


def _lr_series(data, run):
    """(source, source run, tag, Series, whether the loader samples it) of
    the LR shown for `run`: our whole LR blocks, else the Scalars tab's copy
    (from logs written before the blocks existed), else Keras's epoch LR."""
    series = data.learning_rate(run)
    if series is not None:
        return "cyclescope", run, metadata.LR_BLOCK_TAG, series, False
    series = data.scalars(run, metadata.LR_TAG)
    if series is not None:
        return "cyclescope", run, metadata.LR_TAG, series, True
    for source_run in [run] + reader.keras_train_runs(run):
        series = data.scalars(source_run, reader.KERAS_LR_TAG)
        if series is not None:
            return "keras", source_run, reader.KERAS_LR_TAG, series, True
    raise errors.NotFoundError("No learning-rate data for run %r" % run)


def _finite(problems, run, tag, series, what):
    """The finite points of `series`; warns about the others, which the
    body sends as null."""
    finite = np.isfinite(series.values)
    if finite.all():
        return series
    bad = np.flatnonzero(~finite)
    problems.add(
        run,
        "%d of %d %s values are NaN or infinite; sent as null" % (len(bad), len(series), what),
        tag,
        series.steps[bad[0]],
    )
    return reader.Series(series.steps[finite], series.values[finite])


def _read_loss(data, run, ours, source_run, tag):
    """The `Series` of Keras's loss `tag` in `source_run`, or None; with the
    epoch records that put an epoch loss on our steps (`_loss_on_global_steps`)
    read at the same time (the scalars read adds no warning, so the order of
    the warnings does not depend on which read ends first)."""
    if not (ours and tag == reader.KERAS_EPOCH_LOSS_TAG):
        return data.scalars(source_run, tag)
    logged, _ = reader.at_once(
        lambda: data.scalars(source_run, tag),
        lambda: data.prefetch([run], [metadata.EPOCH_TAG]),
    )
    return logged


def _loss_on_global_steps(data, run, ours, tag, series, last_lr_step):
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
        epoch_records = record_checks.epochs(
            data.problems, run, epoch_records.get(metadata.EPOCH_TAG, [])
        )
    if not epoch_records:
        return series, "epoch"
    ends = epochs.last_steps(epoch_records, last_lr_step if last_lr_step is not None else -1)
    pairs = sorted(
        (ends[epoch], value)
        for epoch, value in zip(series.steps.tolist(), series.values.tolist())
        if epoch in ends
    )
    steps = np.array([s for s, _ in pairs], dtype=np.int64)
    values = np.array([v for _, v in pairs], dtype=np.float64)
    return reader.Series(steps, values), "epoch_records"


def _downsampled(series, loaded, max_points, boundaries, reservoir):
    """The `points`, `total_points`, `downsampled` and `loader_sampled` keys
    for `series`, of which the loader held `loaded` points in a reservoir of
    `reservoir` points (0: unlimited)."""
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


def _schedule_name(record):
    if record.get("type") in ("cosine_restarts", "one_cycle"):
        return record["type"]
    return fields.text(record, "mode")


def _json_numbers(values):
    """Plain Python floats, with None for NaN and infinities."""
    return [
        v if math.isfinite(v) else None
        for v in np.asarray(values, dtype=np.float64).tolist()
    ]
