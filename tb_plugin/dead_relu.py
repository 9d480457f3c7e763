"""The dead-ReLU heatmap of a run, from its dead-ReLU check records."""

from cyclescope.tb_plugin import fields


def layer_paths(records):
    """The distinct layer paths of the checks, in model order."""
    return [layer["path"] for layer in _layers(records)]


def heatmap(records):
    """The body of the `dead_relu` route, less the run name.

    One row per ReLU layer in model order (position in `model.layers`, then
    first appearance), one column per check; None where a check did not
    report a layer.

    Args:
        records: [(step, dead-ReLU record)], sorted by step.
    """
    layers = _layers(records)
    row_of = {layer["path"]: i for i, layer in enumerate(layers)}
    dead = [[None] * len(records) for _ in layers]
    fraction = [[None] * len(records) for _ in layers]
    died = [[None] * len(records) for _ in layers]
    revived = [[None] * len(records) for _ in layers]
    checks = []
    threshold = None
    for column, (step, record) in enumerate(records):
        entries = _entries(record)
        since = [fields.integer(e["raw"], "since_step") for e in entries]
        checks.append(
            {
                "step": step,
                "epoch": fields.integer(record, "epoch"),
                "probe_samples": fields.integer(record, "probe_samples"),
                # The same for every layer of a check; null for a check with
                # no previous one to compare with.
                "since_step": next((s for s in since if s is not None), None),
            }
        )
        if fields.number(record, "threshold") is not None:
            threshold = fields.number(record, "threshold")
        for entry in entries:
            row = row_of[entry["path"]]
            dead[row][column] = fields.integer(entry["raw"], "dead")
            fraction[row][column] = fields.number(entry["raw"], "fraction")
            died[row][column] = fields.integer(entry["raw"], "died")
            revived[row][column] = fields.integer(entry["raw"], "revived")
    return {
        "layers": [{k: v for k, v in layer.items() if k != "raw"} for layer in layers],
        "checks": checks,
        "dead": dead,
        "fraction": fraction,
        "died": died,
        "revived": revived,
        "threshold": threshold,
    }


def _layers(records):
    """The layers of all checks, described by their latest check."""
    latest = {}
    first_seen = {}
    for _, record in records:
        for entry in _entries(record):
            first_seen.setdefault(entry["path"], len(first_seen))
            latest[entry["path"]] = entry
    order = sorted(
        latest,
        key=lambda path: (
            latest[path]["index"] if latest[path]["index"] is not None else float("inf"),
            first_seen[path],
        ),
    )
    return [latest[path] for path in order]


def _entries(record):
    layers = record.get("layers")
    if not isinstance(layers, list):
        return []
    entries = []
    for raw in layers:
        if not isinstance(raw, dict):
            continue
        name = fields.text(raw, "name")
        path = fields.text(raw, "path") or name
        if path is None:
            continue
        entries.append(
            {
                "name": name if name is not None else path,
                "path": path,
                "index": fields.integer(raw, "index"),
                "units": fields.integer(raw, "units"),
                "raw": raw,
            }
        )
    return entries
