"""Epochs on the global-step axis, from the epoch records."""

from cyclescope.tb_plugin import fields


def starts(records):
    """{"step": [...], "epoch": [...]}: the step at which each epoch starts.

    Args:
        records: [(step, epoch record)], sorted by step.
    """
    pairs = [(step, fields.integer(record, "epoch")) for step, record in records]
    pairs = [(step, epoch) for step, epoch in pairs if epoch is not None]
    return {"step": [s for s, _ in pairs], "epoch": [e for _, e in pairs]}


def last_steps(records, last_step):
    """{epoch: the last step of that epoch}.

    An epoch ends just before the next epoch record; the last one at
    `last_step`, the last step the run logged (or at its own start if that
    is earlier).
    """
    table = starts(records)
    result = {}
    for i, (step, epoch) in enumerate(zip(table["step"], table["epoch"])):
        following = table["step"][i + 1] if i + 1 < len(table["step"]) else None
        result[epoch] = following - 1 if following is not None else max(step, last_step)
    return result
