"""Gap analysis: hiring demand (role × month × headcount) against supply (trainees who
become available, by role × month).

Per role, supply months are matched to demand months by an exact max-flow min-cost
problem (OR-Tools): first fill as much demand as possible with supply at most
``max_shift`` months away, then minimise the total months between them. What remains is
named:

- **shortage**: demand no supply within ``max_shift`` months can fill;
- **surplus**: supply no demand within ``max_shift`` months can use;
- **timing gap**: demand filled by supply from another month. ``months > 0``: the
  trainees become available ``months`` after the hiring month (hire later, or finish
  training earlier, to close it); ``months < 0``: trainees wait ``-months`` months.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
from ortools.graph.python import min_cost_flow

from .contracts import month_index

__all__ = ["DemandItem", "GapReport", "RoleGap", "SupplyItem", "TimingGap", "analyse_gaps"]


@dataclass(frozen=True, slots=True)
class DemandItem:
    """Headcount a company wants for a role in a month (the month of ``month``)."""

    role: str
    month: date
    headcount: int


@dataclass(frozen=True, slots=True)
class SupplyItem:
    """Trainees of a role who become available in a month (e.g. completers of a course)."""

    role: str
    month: date
    count: int


@dataclass(frozen=True, slots=True)
class TimingGap:
    role: str
    demand_month: date
    supply_month: date
    count: int
    months: int  # supply month − demand month

    def explanation(self, role_name: str | None = None) -> str:
        name = role_name or self.role
        when = f"{self.demand_month.year}년 {self.demand_month.month}월"
        then = f"{self.supply_month.year}년 {self.supply_month.month}월"
        if self.months > 0:
            return (
                f"{name}: {when} 수요 {self.count}명을 {then} 수료생이 충족 — "
                f"채용을 {self.months}개월 늦추거나 수료를 앞당기면 해소"
            )
        return (
            f"{name}: {then} 수료생 {self.count}명이 {when} 채용까지 "
            f"{-self.months}개월 대기 — 채용을 {-self.months}개월 앞당기면 해소"
        )


@dataclass(frozen=True, slots=True)
class RoleGap:
    role: str
    demand: int
    supply: int
    on_time: int  # demand filled by supply of the same month
    shifted: int  # demand filled by supply from another month (see timing gaps)
    shortage: int
    surplus: int
    shortage_by_month: Mapping[date, int]
    surplus_by_month: Mapping[date, int]


@dataclass(frozen=True, slots=True)
class GapReport:
    roles: tuple[RoleGap, ...]
    timing_gaps: tuple[TimingGap, ...]

    @property
    def total_shortage(self) -> int:
        return sum(r.shortage for r in self.roles)

    @property
    def total_surplus(self) -> int:
        return sum(r.surplus for r in self.roles)


def _month_date(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _aggregate(items: Iterable[tuple[str, date, int]]) -> dict[str, dict[int, int]]:
    out: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for role, month, count in items:
        if count < 0:
            raise ValueError(f"negative count for role {role!r} in {month:%Y-%m}")
        if count:
            out[role][month_index(month)] += count
    return out


def analyse_gaps(
    demand: Iterable[DemandItem],
    supply: Iterable[SupplyItem],
    *,
    max_shift: int = 6,
    late_cost: int = 1,
    early_cost: int = 1,
) -> GapReport:
    """Shortages, surpluses and timing gaps per role (roles sorted by id).

    ``late_cost``/``early_cost`` weigh a month of supply arriving after / before the hiring
    month when choosing which months to pair.
    """
    if max_shift < 0:
        raise ValueError("max_shift must be >= 0")
    want = _aggregate((d.role, d.month, d.headcount) for d in demand)
    have = _aggregate((s.role, s.month, s.count) for s in supply)
    roles_out: list[RoleGap] = []
    gaps: list[TimingGap] = []
    for role in sorted(set(want) | set(have)):
        d_months = sorted(want.get(role, {}))
        s_months = sorted(have.get(role, {}))
        d_cnt = [want[role][m] for m in d_months] if role in want else []
        s_cnt = [have[role][m] for m in s_months] if role in have else []
        flows = _pair_months(s_months, s_cnt, d_months, d_cnt, max_shift, late_cost, early_cost)
        filled_d: dict[int, int] = defaultdict(int)
        used_s: dict[int, int] = defaultdict(int)
        on_time = shifted = 0
        for s_m, d_m, n in flows:
            filled_d[d_m] += n
            used_s[s_m] += n
            if s_m == d_m:
                on_time += n
            else:
                shifted += n
                gaps.append(TimingGap(role, _month_date(d_m), _month_date(s_m), n, s_m - d_m))
        short = {
            _month_date(m): c - filled_d[m]
            for m, c in zip(d_months, d_cnt, strict=True)
            if c > filled_d[m]
        }
        extra = {
            _month_date(m): c - used_s[m]
            for m, c in zip(s_months, s_cnt, strict=True)
            if c > used_s[m]
        }
        roles_out.append(
            RoleGap(
                role=role,
                demand=sum(d_cnt),
                supply=sum(s_cnt),
                on_time=on_time,
                shifted=shifted,
                shortage=sum(short.values()),
                surplus=sum(extra.values()),
                shortage_by_month=short,
                surplus_by_month=extra,
            )
        )
    gaps.sort(key=lambda g: (g.role, g.demand_month, g.supply_month))
    return GapReport(tuple(roles_out), tuple(gaps))


def _pair_months(
    s_months: list[int],
    s_cnt: list[int],
    d_months: list[int],
    d_cnt: list[int],
    max_shift: int,
    late_cost: int,
    early_cost: int,
) -> list[tuple[int, int, int]]:
    """Exact: most demand filled, then fewest weighted months apart."""
    if not s_months or not d_months:
        return []
    ns, nd = len(s_months), len(d_months)
    sm = np.asarray(s_months)[:, None]
    dm = np.asarray(d_months)[None, :]
    diff = sm - dm
    ok = np.abs(diff) <= max_shift
    si, di = np.nonzero(ok)
    if si.size == 0:
        return []
    delta = diff[si, di]
    cost = np.where(delta > 0, delta * late_cost, -delta * early_cost).astype(np.int64)
    src, snk = ns + nd, ns + nd + 1
    total = int(sum(s_cnt))
    tails = np.concatenate((np.full(ns, src), si, ns + np.arange(nd))).astype(np.int64)
    heads = np.concatenate((np.arange(ns), ns + di, np.full(nd, snk))).astype(np.int64)
    caps = np.concatenate((s_cnt, np.full(si.size, total), d_cnt)).astype(np.int64)
    costs = np.concatenate((np.zeros(ns), cost, np.zeros(nd))).astype(np.int64)
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    solver.set_node_supply(src, total)
    solver.set_node_supply(snk, -total)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:  # pragma: no cover - always feasible
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flow = np.asarray(solver.flows(ns + np.arange(si.size)))
    return [
        (s_months[int(a)], d_months[int(b)], int(f))
        for a, b, f in zip(si, di, flow, strict=True)
        if f > 0
    ]
