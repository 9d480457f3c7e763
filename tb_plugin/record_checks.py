"""What the views cannot use in a run's records, said as warnings.

Records come from event files that anyone can write. Each function takes the
[(step, record)] of one tag, reports to `problems` every field that is
present but unusable (of the wrong type, NaN or infinite, out of range, text
over 1024 characters) and every record or entry skipped for lacking what
its view needs, and returns the records to show. A null field is no
problem: our writer logs NaN as null. The modules that build the views
(`epochs`, `snapshots`, `dead_relu`, `phases`) read fields through `fields`
and so skip the same things silently.
"""

import numpy as np

from cyclescope.tb_plugin import fields
from cyclescope.tb_plugin import metadata
from cyclescope.tb_plugin import problems as problems_lib

_RECORD = ("record", "records")
_LAYER_ENTRY = ("layer entry", "layer entries")
_UNREADABLE = (
    " (a huge number or key, long text, a list or an object); left out",
    "unreadable entry",
    "unreadable entries",
)

_SNAPSHOT_FIELDS = {"index": "integer", "epoch": "integer", "lr": "number", "file": "text"}
_CHECK_FIELDS = {"epoch": "integer", "probe_samples": "integer", "threshold": "number"}
_LAYER_FIELDS = {
    "name": "text",
    "path": "text",
    "index": "integer",
    "units": "integer",
    "dead": "integer",
    "fraction": "number",
    "died": "integer",
    "revived": "integer",
    "since_step": "integer",
    "step": "integer",
}

UNUSABLE_SCHEDULE = (
    "the recorded schedule cannot be used; phases are segmented from the learning rate instead"
)


def epochs(problems, run, records):
    """Epoch records with an integer `epoch`."""
    return _needing(problems, run, metadata.EPOCH_TAG, records, "epoch")


def cycles(problems, run, records):
    """Cycle records with an integer `cycle`."""
    return _needing(problems, run, metadata.CYCLE_TAG, records, "cycle")


def schedule(problems, run, step, record):
    """Warns about the entries of the schedule record shown that are left
    out (`fields.scalars`)."""
    tally = problems_lib.Tally()
    _scalar_dict(tally, step, record, "the schedule")
    tally.report(problems, run, metadata.SCHEDULE_TAG)


def snapshots(problems, run, records):
    """All snapshot records: each is shown, without the fields it cannot use."""
    tally = problems_lib.Tally()
    for step, record in records:
        _optional(tally, step, record, _SNAPSHOT_FIELDS, _RECORD)
        _scalar_dict(tally, step, record.get("metrics"), "`metrics`")
    tally.report(problems, run, metadata.SNAPSHOT_TAG)
    return records


def dead_relu_checks(problems, run, records):
    """Dead-ReLU checks with a `layers` list; within them, a layer entry
    needs a `name` or `path`."""
    tally = problems_lib.Tally()
    usable = []
    for step, record in records:
        layers = record.get("layers")
        if not isinstance(layers, list):
            reason = "is missing" if layers is None else "is not a list"
            tally.count(step, "`layers` %s in {}; skipped" % reason, *_RECORD)
            continue
        usable.append((step, record))
        _optional(tally, step, record, _CHECK_FIELDS, _RECORD)
        for entry in layers:
            if not isinstance(entry, dict):
                tally.count(step, "{} skipped: not an object", *_LAYER_ENTRY)
            elif fields.text(entry, "path") is None and fields.text(entry, "name") is None:
                tally.count(
                    step,
                    "{} skipped: no `name` or `path` that is text of at most %d characters"
                    % fields.MAX_TEXT,
                    *_LAYER_ENTRY,
                )
            else:
                _optional(tally, step, entry, _LAYER_FIELDS, _LAYER_ENTRY)
    tally.report(problems, run, metadata.DEAD_RELU_TAG)
    return usable


def ensembles(problems, run, records):
    """Ensemble evaluations with an `ensemble` metrics object."""
    tally = problems_lib.Tally()
    usable = []
    for step, record in records:
        if not isinstance(record.get("ensemble"), dict):
            tally.count(step, "`ensemble` is missing or not an object in {}; skipped", *_RECORD)
            continue
        usable.append((step, record))
        _scalar_dict(tally, step, record["ensemble"], "`ensemble`")
        for key in ("members", "weights", "member_metrics"):
            if not isinstance(record.get(key), (list, type(None))):
                tally.count(step, "`%s` is not a list in {}; left out" % key, *_RECORD)
    tally.report(problems, run, metadata.ENSEMBLE_TAG)
    return usable


def range_test_curve(problems, run, step, record):
    """(lrs, losses, raw_losses) float64 arrays of an LR range test record,
    cut to the shortest of the three; None, with a warning, when `lrs` or
    `losses` is not a list of numbers."""
    tally = problems_lib.Tally()
    curves = []
    for key in ("lrs", "losses", "raw_losses"):
        values = record.get(key)
        if key == "raw_losses" and values is None:
            values = [None] * len(curves[0])
        if not isinstance(values, list) or not all(
            v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in values
        ):
            tally.count(step, "`%s` is not a list of numbers in {}; skipped" % key, *_RECORD)
            tally.report(problems, run, metadata.LR_RANGE_TEST_TAG)
            return None
        curves.append(np.array([np.nan if v is None else v for v in values], dtype=np.float64))
    length = min(len(c) for c in curves)
    if any(len(c) != length for c in curves):
        tally.count(step, "`lrs`, `losses` and `raw_losses` differ in length in {}; "
                    "cut to %d steps" % length, *_RECORD)
    curves = [c[:length] for c in curves]
    non_finite = int(np.count_nonzero(~np.isfinite(curves[0])))
    if non_finite:
        tally.count(step, "`lrs` has {}; sent as null", "NaN or infinite value",
                    "NaN or infinite values", non_finite)
    tally.report(problems, run, metadata.LR_RANGE_TEST_TAG)
    return tuple(curves)


def _needing(problems, run, tag, records, key):
    tally = problems_lib.Tally()
    usable = []
    for step, record in records:
        reason = "is missing" if record.get(key) is None else fields.problem(record, key, "integer")
        if reason is None:
            usable.append((step, record))
        else:
            tally.count(step, "`%s` %s in {}; skipped" % (key, reason), *_RECORD)
    tally.report(problems, run, tag)
    return usable


def _optional(tally, step, record, kinds, noun):
    for key, kind in kinds.items():
        reason = fields.problem(record, key, kind)
        if reason is not None:
            tally.count(step, "`%s` %s in {}; left out" % (key, reason), *noun)


def _scalar_dict(tally, step, mapping, name):
    if mapping is None:
        return
    if not isinstance(mapping, dict):
        tally.count(step, name + " is not an object in {}; left out", *_RECORD)
        return
    non_finite, left_out = fields.unreadable_scalars(mapping)
    if non_finite:
        tally.count(
            step,
            name + " has {}; sent as null",
            "NaN or infinite value",
            "NaN or infinite values",
            non_finite,
        )
    if left_out:
        why, noun, nouns = _UNREADABLE
        tally.count(step, name + " has {}" + why, noun, nouns, left_out)
