"""Cycles and phases from schedule records, and the fallback segmentation."""

import fractions
import math

import numpy as np
import pytest

from cyclescope.tb_plugin import phases


def cyclic(step_size, offset=0, mode="triangular"):
    return {"type": "cyclic", "mode": mode, "base_lr": 0.001, "max_lr": 0.006,
            "step_size": step_size, "gamma": 1.0, "scale_mode": "cycle", "offset": offset}


def spans(phase_list):
    return [(p["cycle"], p["phase"], p["start"], p["end"]) for p in phase_list]


def test_triangular_half_cycles_from_the_schedule():
    cycles, phase_list = phases.from_schedules([(0, cyclic(2000))], [], [], end=9100)
    assert spans(phase_list) == [
        (1, "rising", 0, 2000), (1, "falling", 2000, 4000),
        (2, "rising", 4000, 6000), (2, "falling", 6000, 8000),
        (3, "rising", 8000, 9100),
    ]
    assert cycles == [
        {"cycle": 1, "start": 0, "end": 4000},
        {"cycle": 2, "start": 4000, "end": 8000},
        {"cycle": 3, "start": 8000, "end": 9100},
    ]
    assert phases.position(phase_list, 9099) == {"cycle": 3, "phase": "rising", "step": 9099}


@pytest.mark.parametrize("step_size", [2.5, 1.1, 3.3333333333333335, 1000.7])
def test_fractional_step_size_rounds_boundaries_up(step_size):
    end = int(40 * step_size)
    _, phase_list = phases.from_schedules([(0, cyclic(step_size))], [], [], end=end)
    exact = fractions.Fraction(step_size)
    # Every step lies in the half-cycle floor(step / step_size), computed
    # exactly; boundaries are the first steps of each half-cycle.
    for phase in phase_list:
        for step in {phase["start"], phase["end"] - 1}:
            half = math.floor(step / exact)
            assert phase["phase"] == ("rising" if half % 2 == 0 else "falling")
            assert phase["cycle"] == half // 2 + 1
    starts = [p["start"] for p in phase_list]
    assert starts == [math.ceil(k * exact) for k in range(len(starts))]
    assert [p["end"] for p in phase_list[:-1]] == starts[1:]


def test_fractional_boundaries_example():
    _, phase_list = phases.from_schedules([(0, cyclic(2.5))], [], [], end=11)
    assert [p["start"] for p in phase_list] == [0, 3, 5, 8, 10]


def test_a_reset_starts_a_new_cycle_count_at_its_step():
    records = [(0, cyclic(2000)), (5000, cyclic(1000, offset=5000))]
    cycles, phase_list = phases.from_schedules(records, [], [], end=9000)
    assert spans(phase_list) == [
        (1, "rising", 0, 2000), (1, "falling", 2000, 4000), (2, "rising", 4000, 5000),
        (1, "rising", 5000, 6000), (1, "falling", 6000, 7000),
        (2, "rising", 7000, 8000), (2, "falling", 8000, 9000),
    ]
    assert [(c["cycle"], c["start"], c["end"]) for c in cycles] == [
        (1, 0, 4000), (2, 4000, 5000), (1, 5000, 7000), (2, 7000, 9000),
    ]


def test_a_reset_inside_the_first_half_cycle_is_still_a_new_cycle():
    records = [(0, cyclic(2000)), (1500, cyclic(2000, offset=1500))]
    cycles, phase_list = phases.from_schedules(records, [], [], end=2000)
    assert spans(phase_list) == [(1, "rising", 0, 1500), (1, "rising", 1500, 2000)]
    assert len(cycles) == 2


def test_a_resumed_run_repeating_its_schedule_continues_the_cycle():
    records = [(0, cyclic(2000)), (3000, cyclic(2000))]
    cycles, phase_list = phases.from_schedules(records, [], [], end=6000)
    assert spans(phase_list) == [
        (1, "rising", 0, 2000), (1, "falling", 2000, 4000), (2, "rising", 4000, 6000),
    ]
    assert len(cycles) == 2


def test_schedule_recorded_after_the_series_began_and_offset_before():
    _, phase_list = phases.from_schedules([(4500, cyclic(1000, offset=0))], [], [], end=6000)
    assert spans(phase_list) == [(3, "rising", 4500, 5000), (3, "falling", 5000, 6000)]


def cosine(epoch_length=4):
    return {"type": "cosine_restarts", "init_lr": 0.1, "epoch_length": epoch_length,
            "steps_per_epoch": 10, "offset": 0}


def test_cosine_restarts_one_phase_per_cycle_from_cycle_records():
    cycle_records = [(0, {"cycle": 1}), (40, {"cycle": 2}), (80, {"cycle": 3})]
    cycles, phase_list = phases.from_schedules([(0, cosine())], cycle_records, [], end=100)
    assert spans(phase_list) == [(1, "cosine", 0, 40), (2, "cosine", 40, 80), (3, "cosine", 80, 100)]
    assert len(cycles) == 3


def test_cosine_restarts_from_epoch_records_without_cycle_records():
    epoch_records = [(10 * e, {"epoch": e}) for e in range(10)]
    _, phase_list = phases.from_schedules([(0, cosine(4))], [], epoch_records, end=100)
    assert spans(phase_list) == [(1, "cosine", 0, 40), (2, "cosine", 40, 80), (3, "cosine", 80, 100)]


def test_cosine_resumed_mid_cycle_keeps_the_cycle_in_force():
    cycle_records = [(0, {"cycle": 1}), (40, {"cycle": 2})]
    records = [(0, cosine()), (55, cosine())]
    cycles, phase_list = phases.from_schedules(records, cycle_records, [], end=70)
    assert spans(phase_list) == [(1, "cosine", 0, 40), (2, "cosine", 40, 70)]
    assert len(cycles) == 2


@pytest.mark.parametrize("record", [
    cyclic(0), cyclic(0.5), cyclic(float("nan")), cyclic("2000"), {"type": "cyclic"},
    {"type": "warmup"}, cosine(0),
])
def test_unusable_records_give_none(record):
    assert phases.from_schedules([(0, record)], [], [], end=100) is None


def test_too_many_half_cycles_give_none():
    assert phases.from_schedules([(0, cyclic(1))], [], [], end=10**12) is None


def test_segment_a_triangle_without_a_schedule():
    steps = np.arange(0, 12)
    values = np.array([0, 1, 2, 3, 2, 1, 0, 1, 2, 2, 2, 1], dtype=np.float32) * 1e-3
    cycles, phase_list = phases.segment(steps, values)
    assert spans(phase_list) == [
        (1, "rising", 0, 3), (1, "falling", 3, 6), (2, "rising", 6, 8),
        (2, "flat", 8, 10), (2, "falling", 10, 12),
    ]
    assert [(c["cycle"], c["start"], c["end"]) for c in cycles] == [(1, 0, 6), (2, 6, 12)]


def test_segment_ignores_float32_rounding_and_handles_tiny_series():
    values = np.float32(0.001) + np.array([0, 1e-12, -1e-12, 0])
    assert spans(phases.segment(np.arange(4), values)[1]) == [(1, "flat", 0, 4)]
    assert spans(phases.segment(np.array([7]), np.array([0.1]))[1]) == [(1, "flat", 7, 8)]
    assert phases.segment(np.array([], dtype=int), np.array([])) == ([], [])


def test_segment_step_decay_is_one_cycle():
    values = np.repeat([0.1, 0.01, 0.001], 3)
    cycles, phase_list = phases.segment(np.arange(9) * 5, values)
    assert [p["phase"] for p in phase_list] == ["flat", "falling", "flat", "falling", "flat"]
    assert cycles == [{"cycle": 1, "start": 0, "end": 41}]


def test_position_outside_any_phase_is_none():
    assert phases.position([], 5) is None


def asymmetric(up, down, offset=0):
    return {**cyclic(up, offset), "step_size_down": down}


def test_asymmetric_cycles_rise_for_step_size_and_fall_for_step_size_down():
    cycles, phase_list = phases.from_schedules([(0, asymmetric(3, 6))], [], [], end=21)
    assert spans(phase_list) == [
        (1, "rising", 0, 3), (1, "falling", 3, 9),
        (2, "rising", 9, 12), (2, "falling", 12, 18),
        (3, "rising", 18, 21),
    ]
    assert [(c["cycle"], c["start"], c["end"]) for c in cycles] == [(1, 0, 9), (2, 9, 18), (3, 18, 21)]


@pytest.mark.parametrize("up,down,offset", [(2.5, 4.25, 0), (1.1, 3.3333333333333335, 7), (700.3, 55.5, 3)])
def test_fractional_asymmetric_boundaries_follow_the_position_in_the_cycle(up, down, offset):
    end = offset + int(12 * (up + down))
    _, phase_list = phases.from_schedules([(offset, asymmetric(up, down, offset))], [], [], end=end)
    period, rise = fractions.Fraction(up) + fractions.Fraction(down), fractions.Fraction(up)
    # A step rises while its position in the cycle, computed exactly, is
    # below step_size (torch's `x <= step_ratio` also holds the peak, where
    # both halves give the same LR); its cycle is torch's floor(1 + k / total).
    expected = []
    for step in range(offset, end):
        k = step - offset
        cycle = math.floor(1 + k / period)
        name = "rising" if k - (cycle - 1) * period < rise else "falling"
        if expected and tuple(expected[-1][:2]) == (cycle, name):
            expected[-1][3] = step + 1
        else:
            expected.append([cycle, name, step, step + 1])
    assert spans(phase_list) == [tuple(e) for e in expected]


def test_a_record_without_step_size_down_is_symmetric_and_continues_one_with_it():
    records = [(0, cyclic(2000)), (3000, asymmetric(2000, 2000))]
    cycles, phase_list = phases.from_schedules(records, [], [], end=6000)
    assert spans(phase_list) == [
        (1, "rising", 0, 2000), (1, "falling", 2000, 4000), (2, "rising", 4000, 6000),
    ]
    assert len(cycles) == 2


def one_cycle(total_steps, pct_start=0.3, three_phase=False, offset=0):
    return {"type": "one_cycle", "max_lr": 0.1, "total_steps": total_steps, "pct_start": pct_start,
            "anneal_strategy": "cos", "div_factor": 25.0, "final_div_factor": 1e4,
            "three_phase": three_phase, "offset": offset, "steps_per_epoch": 10}


def torch_phase_of(k, total_steps, pct_start, three_phase):
    """The phase torch's OneCycleLR.get_lr puts step k in, written out from
    its source: the first phase whose `end_step` is >= k, else the last."""
    if three_phase:
        ends = [float(pct_start * total_steps) - 1, float(2 * pct_start * total_steps) - 2, total_steps - 1]
    else:
        ends = [float(pct_start * total_steps) - 1, total_steps - 1]
    for i, end_step in enumerate(ends):
        if k <= end_step or i == len(ends) - 1:
            return i


@pytest.mark.parametrize("total_steps,pct_start,three_phase", [
    (100, 0.3, False), (37, 0.25, False), (10, 0.1, False), (12, 0.0, False), (1, 0.3, False),
    (1000, 0.2857, False), (40, 0.35, True), (23, 0.3, True), (7, 0.5, True), (11, 0.99, False),
])
def test_one_cycle_phases_have_torchs_boundaries(total_steps, pct_start, three_phase):
    record = one_cycle(total_steps, pct_start, three_phase, offset=5)
    end = 5 + total_steps + 4
    cycles, phase_list = phases.from_schedules([(5, record)], [], [], end=end)
    names = ["rising", "falling", "falling"]
    for step in range(5, end):
        where = phases.position(phase_list, step)
        k = step - 5
        expected = "flat" if k >= total_steps else names[torch_phase_of(k, total_steps, pct_start, three_phase)]
        assert (where["phase"], where["cycle"]) == (expected, 1), step
    assert phase_list[-1] == {"cycle": 1, "phase": "flat", "start": 5 + total_steps, "end": end}
    assert cycles == [{"cycle": 1, "start": 5, "end": end}]
    # The two falling phases of three_phase stay apart: each is drawn.
    if three_phase:
        assert [p["phase"] for p in phase_list] == ["rising", "falling", "falling", "flat"]


def test_one_cycle_phases_match_torchs_own_phase_ends():
    torch = pytest.importorskip("torch")
    total_steps, pct_start = 1000, 0.2857
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=0.1, momentum=0.9)
    for three_phase in (False, True):
        scheduler = torch.optim.lr_scheduler.OneCycleLR(
            optimizer, 0.1, total_steps=total_steps, pct_start=pct_start, three_phase=three_phase)
        torch_ends = [phase["end_step"] for phase in scheduler._schedule_phases]
        _, phase_list = phases.from_schedules(
            [(0, one_cycle(total_steps, pct_start, three_phase))], [], [], end=total_steps)
        # Each phase ends after the last integer step <= torch's end step.
        assert [p["end"] for p in phase_list] == [math.floor(e) + 1 for e in torch_ends]


def test_one_cycle_resumed_with_the_same_record_continues_and_a_new_cycle_restarts():
    records = [(0, one_cycle(20)), (8, one_cycle(20)), (30, one_cycle(10, offset=30))]
    cycles, phase_list = phases.from_schedules(records, [], [], end=36)
    assert spans(phase_list) == [
        (1, "rising", 0, 6), (1, "falling", 6, 20), (1, "flat", 20, 30),
        (1, "rising", 30, 33), (1, "falling", 33, 36),
    ]
    assert [(c["start"], c["end"]) for c in cycles] == [(0, 30), (30, 36)]


@pytest.mark.parametrize("record", [
    asymmetric(3, 0.5), asymmetric(3, "6"), asymmetric(3, None),
    one_cycle(0), one_cycle(10.5), one_cycle(10, pct_start=1.5), one_cycle(10, pct_start="0.3"),
    {**one_cycle(10), "three_phase": "yes"}, {"type": "one_cycle"},
])
def test_unusable_asymmetric_and_one_cycle_records_give_none(record):
    assert phases.from_schedules([(0, record)], [], [], end=100) is None
