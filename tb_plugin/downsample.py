"""Downsampling that keeps the shape of a series.

Which points are kept, in order of priority:

1. the first and last points and every given boundary step (phase starts,
   snapshots) present in the series;
2. every local extremum (both ends of a plateau) and every breakpoint, where
   the slope changes: through these, a piecewise-linear series (a triangular
   schedule) is redrawn exactly by straight lines;
3. with the points left in the budget, the minimum and maximum of each of
   equally sized buckets, which keeps the envelope of curves and noise.

If the points of (2) do not fit in the budget (a noisy loss), only (1) and
(3) are kept. Kept points are original points: exact steps and values.
"""

import numpy as np

# A point is a breakpoint if it leaves the chord of its neighbours by more
# than this, relative to its magnitude: well above float32 rounding (~1e-7),
# which would otherwise make every point of a stored linear ramp one.
BREAKPOINT_RTOL = 1e-6


def keep_indices(steps, values, max_points, boundaries=()):
    """Indices of the points to keep, sorted, at most `max_points` of them.

    Args:
        steps: sorted int array without duplicates.
        values: float array of the same length (NaN allowed).
        max_points: the budget, at least 2.
        boundaries: steps that must be kept when present in `steps`.
    """
    steps = np.asarray(steps)
    values = np.asarray(values, dtype=np.float64)
    n = len(steps)
    if n <= max_points:
        return np.arange(n)
    required = np.union1d([0, n - 1], _indices_of(steps, boundaries))
    if len(required) >= max_points:
        # More boundaries than budget: spread the budget over them.
        return required[np.linspace(0, len(required) - 1, max_points).astype(int)]
    shape = np.union1d(required, np.union1d(_extrema(values), _breakpoints(steps, values)))
    kept = shape if len(shape) <= max_points else required
    return np.union1d(kept, _bucket_extremes(values, (max_points - len(kept)) // 2))


def _indices_of(steps, wanted):
    wanted = np.asarray(list(wanted), dtype=np.int64)
    positions = np.searchsorted(steps, wanted)
    positions = positions[positions < len(steps)]
    return positions[np.isin(steps[positions], wanted)]


def _extrema(values):
    """Both ends of every run of equal values higher or lower than both of
    its neighbours."""
    signs = np.sign(np.diff(values))
    moving = np.flatnonzero(signs != 0)  # NaN compares unequal: kept as moving
    turns = np.flatnonzero(signs[moving[:-1]] != signs[moving[1:]])
    # The run between difference moving[t] and moving[t + 1] spans points
    # moving[t] + 1 .. moving[t + 1].
    return np.union1d(moving[turns] + 1, moving[turns + 1])


def _breakpoints(steps, values):
    if len(values) < 3:
        return np.array([], dtype=np.int64)
    x = steps.astype(np.float64)
    before, middle, after = values[:-2], values[1:-1], values[2:]
    fraction = (x[1:-1] - x[:-2]) / (x[2:] - x[:-2])
    deviation = np.abs(middle - (before + (after - before) * fraction))
    scale = np.maximum(np.maximum(np.abs(before), np.abs(middle)), np.abs(after))
    return np.flatnonzero(deviation > BREAKPOINT_RTOL * scale) + 1


def _bucket_extremes(values, buckets):
    """The indices of the minimum and maximum of `buckets` equal slices (as
    `np.argmin` and `np.argmax` of each slice: the first of equal values,
    the first NaN in a slice holding one)."""
    if buckets < 1 or len(values) == 0:
        return np.array([], dtype=np.int64)
    edges = np.linspace(0, len(values), buckets + 1).astype(np.int64)
    starts = np.unique(edges[:-1][edges[:-1] < edges[1:]])
    slice_of = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(values))))
    nan = np.isnan(values)
    has_nan = np.logical_or.reduceat(nan, starts)
    kept = []
    for extreme in (np.minimum, np.maximum):
        # NaN propagates: a slice holding one has NaN as its extreme.
        target = extreme.reduceat(values, starts)[slice_of]
        hit = np.where(has_nan[slice_of], nan, values == target)
        first = np.flatnonzero(hit)
        kept.append(first[np.unique(slice_of[first], return_index=True)[1]])
    return np.concatenate(kept).astype(np.int64)
