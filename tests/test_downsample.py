"""Downsampling keeps extrema, breakpoints and boundaries exactly."""

import numpy as np
import pytest

from cyclescope.tb_plugin import downsample


def triangular(steps, step_size, base=0.001, top=0.006, mode="triangular", gamma=0.99994):
    """keras-contrib's CyclicLR formula."""
    cycle = np.floor(1 + steps / (2 * step_size))
    x = np.abs(steps / step_size - 2 * cycle + 1)
    scale = {"triangular": 1.0, "triangular2": 1 / 2.0 ** (cycle - 1),
             "exp_range": gamma ** steps}[mode]
    return base + (top - base) * np.maximum(0, 1 - x) * scale


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_200k_steps_50_cycles_keep_every_apex_and_trough(dtype):
    steps = np.arange(200_000)
    values = triangular(steps, 2000).astype(dtype).astype(np.float64)
    keep = downsample.keep_indices(steps, values, 2000)
    assert len(keep) <= 2000
    apexes = np.arange(2000, 200_000, 4000)
    troughs = np.arange(0, 200_000, 4000)
    assert len(apexes) == 50 and len(troughs) == 50
    assert set(apexes) <= set(steps[keep]) and set(troughs) <= set(steps[keep])
    # Original points, exact steps and values.
    np.testing.assert_array_equal(values[keep], values[steps[keep]])
    # The line through the kept points is the series itself, up to the
    # rounding of float32 storage (an ulp at each end of a segment).
    redrawn = np.interp(steps, steps[keep], values[keep])
    tolerance = 2 * np.finfo(np.float32).eps if dtype is np.float32 else 1e-12
    np.testing.assert_allclose(redrawn, values, rtol=tolerance, atol=0)


@pytest.mark.parametrize("mode", ["triangular2", "exp_range"])
def test_other_cyclic_modes_keep_their_apexes_and_troughs(mode):
    steps = np.arange(20_000)
    values = triangular(steps, 1000, mode=mode).astype(np.float32).astype(np.float64)
    keep = set(downsample.keep_indices(steps, values, 500).tolist())
    # exp_range peaks a little before the triangle's apex: its local maxima.
    peaks = [i for i in range(1, 19_999) if values[i - 1] < values[i] >= values[i + 1]]
    troughs = [i for i in range(1, 19_999) if values[i - 1] > values[i] <= values[i + 1]]
    assert len(peaks) == 10 and len(troughs) == 9
    assert set(peaks) | set(troughs) <= keep
    if mode == "triangular2":
        assert peaks == list(range(1000, 20_000, 2000))


def test_short_series_are_untouched():
    np.testing.assert_array_equal(downsample.keep_indices(np.arange(5), np.ones(5), 10), np.arange(5))


def test_boundaries_and_ends_are_kept():
    steps = np.arange(0, 30_000, 3)
    values = np.sin(steps / 500.0)
    boundaries = [3, 999, 15_000, 29_997, 1]  # 1 is not a step of the series
    keep = downsample.keep_indices(steps, values, 100, boundaries)
    kept_steps = set(steps[keep].tolist())
    assert {0, 3, 999, 15_000, 29_997} <= kept_steps and 1 not in kept_steps
    assert len(keep) <= 100


def test_plateau_ends_are_kept():
    values = np.concatenate([np.linspace(0, 1, 5000), np.ones(3000), np.linspace(1, 0, 5000)])
    steps = np.arange(len(values))
    kept = set(downsample.keep_indices(steps, values, 50).tolist())
    assert {4999, 8000} <= kept
    redrawn = np.interp(steps, steps[sorted(kept)], values[sorted(kept)])
    np.testing.assert_allclose(redrawn, values, atol=1e-12)


def test_noisy_series_fits_the_budget_and_keeps_its_envelope():
    rng = np.random.default_rng(0)
    values = 2.0 * np.exp(-np.arange(100_000) / 30_000) + rng.normal(0, 0.05, 100_000)
    steps = np.arange(100_000) * 2
    keep = downsample.keep_indices(steps, values, 1000, boundaries=[0, 500])
    assert len(keep) <= 1000
    kept = set(keep.tolist())
    assert {0, 250, 99_999, int(np.argmin(values)), int(np.argmax(values))} <= kept
    assert np.all(np.diff(keep) > 0)


def test_nan_values_do_not_break_it():
    values = np.linspace(0, 1, 10_000)
    values[100:300] = np.nan
    keep = downsample.keep_indices(np.arange(10_000), values, 100)
    assert len(keep) <= 100 and keep[0] == 0 and keep[-1] == 9_999


def test_more_boundaries_than_budget():
    steps = np.arange(10_000)
    keep = downsample.keep_indices(steps, np.zeros(10_000), 20, boundaries=steps[::2])
    assert len(keep) == 20 and keep[0] == 0 and keep[-1] == 9_999


def _bucket_extremes_one_by_one(values, buckets):
    """np.argmin and np.argmax of each of `buckets` equal slices, one slice at a time."""
    edges = np.linspace(0, len(values), buckets + 1).astype(np.int64)
    kept = set()
    for lo, hi in zip(edges[:-1], edges[1:]):
        if lo < hi:
            kept |= {lo + int(np.argmin(values[lo:hi])), lo + int(np.argmax(values[lo:hi]))}
    return kept


@pytest.mark.parametrize("length,buckets", [(1, 1), (5, 3), (7, 7), (7, 20), (1000, 37), (20_000, 999)])
def test_bucket_extremes_are_each_slices_argmin_and_argmax(length, buckets):
    rng = np.random.default_rng(length + buckets)
    for values in [rng.standard_normal(length),
                   rng.integers(0, 3, length).astype(np.float64),  # ties: the first one counts
                   np.where(rng.random(length) < 0.05, np.nan, rng.standard_normal(length)),
                   np.full(length, np.nan)]:
        got = downsample._bucket_extremes(values, buckets)
        assert got.dtype == np.int64
        assert set(got.tolist()) == _bucket_extremes_one_by_one(values, buckets)
