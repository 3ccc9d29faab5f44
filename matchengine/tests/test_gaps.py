"""Gap analysis: shortages, surpluses and timing gaps per role."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchengine import DemandItem, SupplyItem, analyse_gaps


def d(role: str, month: int, n: int) -> DemandItem:
    return DemandItem(role, date(2026, month, 1), n)


def s(role: str, month: int, n: int) -> SupplyItem:
    return SupplyItem(role, date(2026, month, 1), n)


@pytest.mark.parametrize(
    ("demand", "supply", "expected"),
    [
        # on time: nothing to report
        ([d("de", 3, 4)], [s("de", 3, 4)], {"de": (4, 4, 4, 0, 0, 0)}),
        # shortage
        ([d("de", 3, 5)], [s("de", 3, 2)], {"de": (5, 2, 2, 0, 3, 0)}),
        # surplus
        ([d("de", 3, 1)], [s("de", 3, 4)], {"de": (1, 4, 1, 0, 0, 3)}),
        # timing gap: completers arrive two months after the hiring month
        ([d("de", 3, 3)], [s("de", 5, 3)], {"de": (3, 3, 0, 3, 0, 0)}),
        # too far apart to pair (max_shift 6): shortage and surplus
        ([d("de", 1, 2)], [s("de", 9, 2)], {"de": (2, 2, 0, 0, 2, 2)}),
        # roles do not substitute for each other
        ([d("de", 3, 2)], [s("ml", 3, 2)], {"de": (2, 0, 0, 0, 2, 0), "ml": (0, 2, 0, 0, 0, 2)}),
    ],
)
def test_table(
    demand: list[DemandItem], supply: list[SupplyItem], expected: dict[str, tuple[int, ...]]
) -> None:
    report = analyse_gaps(demand, supply)
    got = {
        r.role: (r.demand, r.supply, r.on_time, r.shifted, r.shortage, r.surplus)
        for r in report.roles
    }
    assert got == expected


def test_timing_gap_names_the_months_that_close_it() -> None:
    report = analyse_gaps([d("de", 3, 3), d("de", 8, 1)], [s("de", 5, 3), s("de", 6, 1)])
    late, wait = report.timing_gaps
    assert (late.demand_month, late.supply_month, late.count, late.months) == (
        date(2026, 3, 1),
        date(2026, 5, 1),
        3,
        2,
    )
    assert late.explanation("데이터 엔지니어") == (
        "데이터 엔지니어: 2026년 3월 수요 3명을 2026년 5월 수료생이 충족 — "
        "채용을 2개월 늦추거나 수료를 앞당기면 해소"
    )
    assert wait.months == -2
    assert "2개월 대기" in wait.explanation()


def test_prefers_nearest_months() -> None:
    # supply in March and July, demand in April and August: pair Mar→Apr, Jul→Aug (2 months)
    report = analyse_gaps([d("x", 4, 1), d("x", 8, 1)], [s("x", 3, 1), s("x", 7, 1)])
    assert sorted((g.demand_month.month, g.supply_month.month) for g in report.timing_gaps) == [
        (4, 3),
        (8, 7),
    ]


def test_shortage_by_month_and_totals() -> None:
    report = analyse_gaps([d("x", 2, 3), d("x", 10, 2)], [s("x", 2, 1)], max_shift=1)
    (role,) = report.roles
    assert role.shortage_by_month == {date(2026, 2, 1): 2, date(2026, 10, 1): 2}
    assert report.total_shortage == 4 and report.total_surplus == 0


def test_rejects_negative_counts() -> None:
    with pytest.raises(ValueError, match="negative count"):
        analyse_gaps([d("x", 1, -1)], [])


counts = st.lists(st.tuples(st.integers(1, 12), st.integers(0, 5)), max_size=6)


@given(demand=counts, supply=counts, shift=st.integers(0, 4))
def test_conservation(
    demand: list[tuple[int, int]], supply: list[tuple[int, int]], shift: int
) -> None:
    report = analyse_gaps(
        [d("r", m, n) for m, n in demand], [s("r", m, n) for m, n in supply], max_shift=shift
    )
    for role in report.roles:
        filled = role.on_time + role.shifted
        assert role.demand == filled + role.shortage
        assert role.supply == filled + role.surplus
    for g in report.timing_gaps:
        assert 0 < abs(g.months) <= shift
