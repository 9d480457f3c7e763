"""The snapshots of a run, from its snapshot records."""

from cyclescope.tb_plugin import fields


def from_records(records):
    """Snapshot entries for the `lr` route, sorted by step.

    `best` marks the snapshot with the highest `val_accuracy`, else the
    lowest `val_loss`, else none.

    Args:
        records: [(step, snapshot record)], sorted by step.
    """
    result = []
    for step, record in records:
        result.append(
            {
                "index": fields.integer(record, "index"),
                "epoch": fields.integer(record, "epoch"),
                "step": step,
                "lr": fields.number(record, "lr"),
                "file": fields.text(record, "file"),
                "metrics": fields.scalars(record.get("metrics")),
                "best": False,
            }
        )
    best = _best(result, "val_accuracy", max) or _best(result, "val_loss", min)
    if best is not None:
        best["best"] = True
    return result


def _best(entries, metric, choose):
    scored = [e for e in entries if fields.number(e["metrics"], metric) is not None]
    if not scored:
        return None
    return choose(scored, key=lambda e: e["metrics"][metric])


def ensembles(records):
    """Ensemble evaluations for the `lr` route, sorted by step.

    Args:
        records: [(step, ensemble record)], sorted by step.
    """
    return [
        {
            "step": step,
            "members": fields.items(record, "members", "text"),
            "weights": fields.items(record, "weights", "number"),
            "metrics": fields.scalars(record.get("ensemble")),
            "member_metrics": fields.items(record, "member_metrics", "scalars"),
            "samples": fields.integer(record, "samples"),
        }
        for step, record in records
    ]
