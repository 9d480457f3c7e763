"""Cycles and phases of a learning-rate series.

With a recorded schedule, phases are computed exactly from its records:

- `cyclic`: cycle n (1-based) of a record rises from
  `offset + (n - 1) * (step_size + step_size_down)` for `step_size` steps,
  then falls for `step_size_down` (a record without it is symmetric). Each
  boundary (exact rational arithmetic on the recorded numbers) is rounded
  up to the first integer step at or after it, so a fractional step size
  gives half-cycles whose lengths differ by one step.
- `one_cycle`: warm-up (`rising`) and annealing (`falling`; with
  `three_phase`, two `falling` phases: back to the initial LR, then to the
  minimum), with torch's `OneCycleLR` boundaries: phase i holds the steps
  up to its end step (`pct_start * total_steps - 1`, `2 * pct_start *
  total_steps - 2`, `total_steps - 1`, in floating point as torch computes
  them) that no earlier phase holds; after the cycle, where the LR holds,
  one `flat` phase. All of it is cycle 1.
- `cosine_restarts`: one `cosine` phase per cycle, from the cycle records,
  else from the epoch records and `epoch_length`.

Each schedule record is in force from its own step until the next one (a
`_reset` writes a new record at the reset step), so phases are clipped to
that range. Without a usable schedule, the series is segmented by the sign of
consecutive differences (`segment`).

Intervals are half-open: `[start, end)`. Phase and cycle entries are dicts
ready for JSON.
"""

import fractions
import math

import numpy as np

from cyclescope.tb_plugin import fields

RISING = "rising"
FALLING = "falling"
FLAT = "flat"
COSINE = "cosine"

# A schedule with more half-cycles than this in range is treated as
# unusable (it would be unreadable anyway), which bounds the work per request.
MAX_HALF_CYCLES = 20000

# Consecutive values closer than this, relative to their magnitude, are
# "flat": float32 storage rounds LRs to about 1e-7.
SEGMENT_RTOL = 1e-6


def from_schedules(schedules, cycle_records, epoch_records, end):
    """Phases and cycles of the schedule records, up to step `end`.

    Args:
        schedules: [(step, schedule record)], sorted by step.
        cycle_records: [(step, cycle record)], sorted by step.
        epoch_records: [(step, epoch record)], sorted by step.
        end: the first step after the series.

    Returns:
        (cycles, phases), or None if a record cannot be used.
    """
    phases = []
    new_cycles = set()  # indices of phases that must start a cycle entry
    previous = None
    for i, (start, record) in enumerate(schedules):
        stop = schedules[i + 1][0] if i + 1 < len(schedules) else end
        if start >= stop:
            continue
        kind = record.get("type")
        if kind == "cyclic":
            part = _cyclic(record, start, stop)
        elif kind == "one_cycle":
            part = _one_cycle(record, start, stop)
        elif kind == "cosine_restarts":
            part = _cosine(record, cycle_records, epoch_records, start, stop)
        else:
            part = None
        if part is None:
            return None
        # A record repeating the previous geometry (a resumed process) carries
        # on its cycle; any other record (a `_reset`) starts a new one.
        geometry = _geometry(record)
        if geometry != previous:
            new_cycles.add(len(phases))
        elif part and phases and _continues(phases[-1], part[0]):
            phases[-1]["end"] = part.pop(0)["end"]
        previous = geometry
        phases.extend(part)
    return _cycles_of(phases, new_cycles), phases


def segment(steps, values, rtol=SEGMENT_RTOL):
    """Phases and cycles of a series with no usable schedule.

    Runs of consecutive differences with the same sign (within `rtol`)
    become `rising`, `falling` or `flat` phases; a cycle starts at every
    rising phase after the first phase.

    Returns:
        (cycles, phases).
    """
    steps = np.asarray(steps)
    values = np.asarray(values, dtype=np.float64)
    if len(steps) == 0:
        return [], []
    diffs = np.diff(values)
    tolerance = rtol * np.maximum(np.abs(values[:-1]), np.abs(values[1:]))
    signs = np.where(diffs > tolerance, 1, np.where(diffs < -tolerance, -1, 0))
    # Difference i joins points i and i + 1; a run of equal signs starting at
    # difference a is a phase starting at point a.
    firsts = np.concatenate([[0], np.flatnonzero(signs[1:] != signs[:-1]) + 1])
    starts = steps[firsts].tolist()
    ends = starts[1:] + [int(steps[-1]) + 1]
    names = {1: RISING, -1: FALLING, 0: FLAT}
    phases = []
    cycle = 1
    for j, first in enumerate(firsts.tolist()):
        name = names[int(signs[first])] if len(signs) else FLAT
        if name == RISING and j > 0:
            cycle += 1
        phases.append({"cycle": cycle, "phase": name, "start": starts[j], "end": ends[j]})
    return _cycles_of(phases), phases


def position(phases, step):
    """Where `step` lies: {"cycle", "phase", "step"}, or None."""
    for phase in phases:
        if phase["start"] <= step < phase["end"]:
            return {"cycle": phase["cycle"], "phase": phase["phase"], "step": step}
    return None


def _cyclic(record, start, stop):
    up = fields.number(record, "step_size")
    down = fields.number(record, "step_size_down") if "step_size_down" in record else up
    offset = fields.number(record, "offset")
    offset = 0.0 if offset is None else offset
    if up is None or down is None or up < 1 or down < 1:
        return None
    up, down = fractions.Fraction(up), fractions.Fraction(down)
    period = up + down
    origin = fractions.Fraction(offset)

    def first_step(k):
        """The first step of half-cycle k (even: rising, odd: falling)."""
        return math.ceil(origin + (k // 2) * period + (k % 2) * up)

    first = 2 * math.floor((start - origin) / period)
    last = 2 * math.ceil((stop - origin) / period)
    if last - first > MAX_HALF_CYCLES:
        return None
    phases = []
    for k in range(first, last):
        lo, hi = max(start, first_step(k)), min(stop, first_step(k + 1))
        if lo < hi:
            name = RISING if k % 2 == 0 else FALLING
            phases.append({"cycle": k // 2 + 1, "phase": name, "start": lo, "end": hi})
    return phases


def _one_cycle(record, start, stop):
    total = fields.integer(record, "total_steps")
    pct_start = fields.number(record, "pct_start")
    offset = fields.integer(record, "offset")
    offset = 0 if offset is None else offset
    three_phase = record.get("three_phase", False)
    if total is None or total < 1 or pct_start is None or not 0 <= pct_start <= 1:
        return None
    if not isinstance(three_phase, bool):
        return None
    ends = [float(pct_start * total) - 1]
    names = [RISING, FALLING]
    if three_phase:
        ends.append(float(2 * pct_start * total) - 2)
        names.append(FALLING)
    # Phase i holds the integer steps k <= ends[i] that no earlier one holds;
    # the last phase holds the rest of the cycle.
    bounds = [0]
    for end in ends:
        bounds.append(min(max(bounds[-1], math.floor(end) + 1), total))
    bounds.append(total)
    phases = []
    spans = [(name, bounds[i], bounds[i + 1]) for i, name in enumerate(names)]
    for name, lo, hi in spans + [(FLAT, total, math.inf)]:
        lo, hi = max(start, offset + lo), min(stop, offset + hi)
        if lo < hi:
            phases.append({"cycle": 1, "phase": name, "start": lo, "end": hi})
    return phases


def _cosine(record, cycle_records, epoch_records, start, stop):
    starts = [(step, fields.integer(r, "cycle")) for step, r in cycle_records]
    starts = [(step, cycle) for step, cycle in starts if cycle is not None]
    if not starts:
        epochs_per_cycle = fields.integer(record, "epoch_length")
        if epochs_per_cycle is None or epochs_per_cycle < 1:
            return None
        for step, r in epoch_records:
            epoch = fields.integer(r, "epoch")
            if epoch is not None and epoch >= 0 and epoch % epochs_per_cycle == 0:
                starts.append((step, epoch // epochs_per_cycle + 1))
    # The cycle in force at `start` begins at the last cycle start at or
    # before it.
    before = [item for item in starts if item[0] <= start]
    inside = [item for item in starts if start < item[0] < stop]
    bounds = before[-1:] + inside
    phases = []
    for i, (step, cycle) in enumerate(bounds):
        hi = bounds[i + 1][0] if i + 1 < len(bounds) else stop
        phases.append({"cycle": cycle, "phase": COSINE, "start": max(step, start), "end": hi})
    return phases


def _geometry(record):
    keys = ("type", "offset", "step_size", "step_size_down", "epoch_length",
            "steps_per_epoch", "total_steps", "pct_start", "three_phase")
    record = dict(record)
    if record.get("type") == "cyclic":
        record.setdefault("step_size_down", record.get("step_size"))
    return tuple(record.get(key) for key in keys)


def _continues(phase, following):
    return (
        phase["cycle"] == following["cycle"]
        and phase["phase"] == following["phase"]
        and phase["end"] == following["start"]
    )


def _cycles_of(phases, new_cycles=()):
    """One cycle per run of contiguous phases with the same cycle number,
    also split before the phases listed in `new_cycles`."""
    cycles = []
    for i, phase in enumerate(phases):
        if (
            cycles
            and i not in new_cycles
            and cycles[-1]["cycle"] == phase["cycle"]
            and cycles[-1]["end"] == phase["start"]
        ):
            cycles[-1]["end"] = phase["end"]
        else:
            cycles.append({"cycle": phase["cycle"], "start": phase["start"], "end": phase["end"]})
    return cycles
