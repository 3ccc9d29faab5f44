"""Cohort plan: a capacitated assignment that places the most trainees, then maximises fit.

The plan is a maximum-flow minimum-cost problem on a sparse bipartite graph::

    source ─(1)→ trainee ─(1, −fit)→ opening ─(headcount)→ sink

OR-Tools' ``SimpleMinCostFlow.solve_max_flow_with_min_cost`` returns, among all maximum
flows (= plans placing the most trainees), one of minimum cost (= maximum total fit). That
is the lexicographic objective exactly, with no big-M weight to tune. The solver works on
integers, so fits are scaled by ``scale`` (default 10⁶) and rounded: the plan is optimal
for the rounded fits, i.e. within ``0.5 / scale`` per placed trainee of the real-valued
optimum (exactly optimal when fits are multiples of ``1 / scale``).

Large instances (more than ``prune_above`` candidate pairs) are solved on a reduced graph
of each trainee's and each opening's best pairs, and the result is proved optimal for the
full graph by a dual certificate (node potentials under which no left-out pair has a
negative reduced cost); left-out pairs that fail the check are added and the reduced graph
is solved again (see ``_solve_reduced``). Same optimum, about 1.5–2× faster, because most
candidate pairs can never be part of an optimal plan.

Pins (already hired) are fixed before solving and use up their opening's headcount;
exclusions remove candidate pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

from . import _flow

__all__ = ["Plan", "plan_cohort"]

I64 = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Plan:
    """``assignment[t]`` = opening index or -1. ``total_fit`` sums the fit of every placed
    trainee whose pair is among the candidates (pins included when they are)."""

    assignment: I64
    placed: int
    total_fit: float
    pinned: int


def _pairs(pairs: NDArray[np.integer] | None, what: str) -> I64:
    if pairs is None:
        return np.zeros((0, 2), dtype=np.int64)
    arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return arr


def _compress(idx: I64, n: int) -> tuple[I64, I64]:
    """Distinct values of ``idx`` (sorted) and each entry's position among them: O(n)."""
    present = np.bincount(idx, minlength=n) > 0
    local = np.cumsum(present) - 1
    return np.flatnonzero(present), local[idx]


def _solve(tl: I64, ol: I64, cost: I64, head_cap: I64, nt: int) -> NDArray[np.bool_]:
    """Max-flow min-cost on ``source →(1) trainee →(1, cost) opening →(head_cap) sink``
    over local indices; returns which arcs carry flow."""
    no = head_cap.size
    src, snk = nt + no, nt + no + 1
    tails = np.concatenate(
        (np.full(nt, src, dtype=np.int64), tl, nt + np.arange(no, dtype=np.int64))
    )
    heads = np.concatenate(
        (np.arange(nt, dtype=np.int64), nt + ol, np.full(no, snk, dtype=np.int64))
    )
    caps = np.concatenate((np.ones(nt + tl.size, dtype=np.int64), head_cap))
    costs = np.concatenate((np.zeros(nt, dtype=np.int64), cost, np.zeros(no, dtype=np.int64)))
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    solver.set_node_supply(src, nt)
    solver.set_node_supply(snk, -nt)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:  # pragma: no cover - the graph is always feasible
        raise RuntimeError(f"min-cost flow failed with status {status}")
    arcs = nt + np.arange(tl.size, dtype=np.int64)
    return np.asarray(solver.flows(arcs)) > 0


# reduced graph: each trainee's 5 best pairs and each opening's 2 best per place + 6. The
# solver's time depends mostly on the number of nodes, and a second round costs a whole
# solve, so the reduction errs on the generous side (1 round at 100k and 1M in the bench)
_PER_TRAINEE, _PER_PLACE, _PER_OPENING = 5, 2, 6


def _solve_reduced(
    tl: I64, ol: I64, cost: I64, head_cap: I64, nt: int, rounds: int = 4
) -> NDArray[np.bool_]:
    """The same optimum as :func:`_solve`, usually several times faster on large graphs.

    Most candidate pairs cannot be in an optimal plan. Solve on a reduced graph (each
    trainee's 5 best pairs and each opening's ``2·headcount + 6`` best), then check the
    result against every pair left out with a dual certificate: node potentials ``d``
    (shortest distances in the residual graph of the reduced optimum, which has no negative
    cycle) on the lexicographic objective written as one cost, ``−M`` per placed trainee
    plus ``cost`` per pair, with ``M`` larger than any change of total cost a path can make.
    If no left-out pair ``t → o`` has ``d[t] + cost < d[o]``, the residual graph of the
    full problem has no negative cycle either, so the plan is optimal for the full graph
    (most placed, then least cost). Otherwise the violating pairs join the reduced graph
    and it is solved again; after ``rounds`` tries (never seen on generated instances) the
    full graph is solved directly.
    """
    no = head_cap.size
    keep = _flow.top_per_group(tl, cost, np.full(nt, _PER_TRAINEE, dtype=np.int64), nt)
    keep |= _flow.top_per_group(ol, cost, _PER_PLACE * head_cap + _PER_OPENING, no)
    span = int(np.abs(cost).max(initial=0)) + 1
    big = span * (2 * (nt + no) + 4)
    src, snk = nt + no, nt + no + 1
    for _ in range(rounds):
        idx = np.flatnonzero(keep)
        flow = _solve(tl[idx], ol[idx], cost[idx], head_cap, nt)
        used = idx[flow]
        unused = idx[~flow]
        placed = np.zeros(nt, dtype=np.bool_)
        placed[tl[used]] = True
        load = np.bincount(ol[used], minlength=no)
        trainees = np.arange(nt, dtype=np.int64)
        openings = nt + np.arange(no, dtype=np.int64)
        # residual arcs of the circulation (return arc sink → source at cost 0)
        tails = np.concatenate(
            (
                np.full(int((~placed).sum()), src),
                trainees[placed],
                tl[unused],
                nt + ol[used],
                openings[load < head_cap],
                np.full(int((load > 0).sum()), snk),
                [snk, src],
            )
        ).astype(np.int64)
        heads = np.concatenate(
            (
                trainees[~placed],
                np.full(int(placed.sum()), src),
                nt + ol[unused],
                tl[used],
                np.full(int((load < head_cap).sum()), snk),
                openings[load > 0],
                [src, snk],
            )
        ).astype(np.int64)
        costs = np.concatenate(
            (
                np.full(int((~placed).sum()), -big),
                np.full(int(placed.sum()), big),
                cost[unused],
                -cost[used],
                np.zeros(int((load < head_cap).sum()) + int((load > 0).sum()) + 2),
            )
        ).astype(np.int64)
        d, ok = _flow.potentials(nt + no + 2, tails, heads, costs, 200 * tails.size + 10**6)
        if not ok:  # pragma: no cover - only if the reduced solve were not optimal
            break
        bad = _flow.violations(keep, tl, ol, cost, d, nt)
        if bad.size == 0:
            chosen = np.zeros(tl.size, dtype=np.bool_)
            chosen[used] = True
            return chosen
        keep[bad] = True
    return _solve(tl, ol, cost, head_cap, nt)


def plan_cohort(
    n_trainees: int,
    trainee: NDArray[np.integer],
    opening: NDArray[np.integer],
    fit: NDArray[np.floating],
    capacity: NDArray[np.integer],
    *,
    pins: NDArray[np.integer] | None = None,
    exclusions: NDArray[np.integer] | None = None,
    scale: float = 1_000_000.0,
    prune_above: int = 100_000,
) -> Plan:
    """Optimal cohort plan over candidate pairs ``(trainee[i], opening[i])`` with ``fit[i]``.

    ``pins`` and ``exclusions`` are ``K × 2`` arrays of ``(trainee, opening)`` pairs.
    Raises ``ValueError`` for out-of-range indices, non-finite fits, a trainee pinned twice
    or pins exceeding an opening's headcount.

    With more than ``prune_above`` candidate pairs the solver first runs on a reduced
    graph and proves the result optimal for the full one (see :func:`_solve_reduced`;
    skipped when ``scale`` is so large that the certificate's integers could overflow).
    """
    t = np.asarray(trainee, dtype=np.int64)
    o = np.asarray(opening, dtype=np.int64)
    f = np.asarray(fit, dtype=np.float64)
    cap = np.asarray(capacity, dtype=np.int64)
    m = int(cap.size)
    if not (t.shape == o.shape == f.shape) or t.ndim != 1:
        raise ValueError("trainee, opening and fit must be 1-D arrays of the same length")
    if t.size and (t.min() < 0 or t.max() >= n_trainees or o.min() < 0 or o.max() >= m):
        raise ValueError("candidate pair index out of range")
    if not np.all(np.isfinite(f)):
        raise ValueError("fit values must be finite")
    if np.any(cap < 0):
        raise ValueError("capacity must be non-negative")
    if scale <= 0 or np.abs(f).max(initial=0.0) * scale * (n_trainees + m + 2) >= 2**62:
        raise ValueError("scale too large for the fit values (integer overflow)")

    pin = _pairs(pins, "pins")
    excl = _pairs(exclusions, "exclusions")
    for arr, what in ((pin, "pins"), (excl, "exclusions")):
        if arr.size and (
            arr[:, 0].min() < 0 or arr[:, 0].max() >= n_trainees or arr[:, 1].min() < 0
        ) | (arr[:, 1].max() >= m):
            raise ValueError(f"{what}: index out of range")
    if np.unique(pin[:, 0]).size != pin.shape[0]:
        raise ValueError("pins: a trainee is pinned more than once")
    residual = cap - np.bincount(pin[:, 1], minlength=m)
    if np.any(residual < 0):
        bad = int(np.flatnonzero(residual < 0)[0])
        raise ValueError(f"pins: opening {bad} has more pins than headcount")

    assignment = np.full(n_trainees, -1, dtype=np.int64)
    assignment[pin[:, 0]] = pin[:, 1]
    pinned_fit = 0.0
    if pin.size or excl.size:
        key = t * m + o
    if pin.size:
        hit = np.isin(key, pin[:, 0] * m + pin[:, 1])
        # a pair listed twice counts once, with its best fit
        uk, first = np.unique(key[hit], return_index=True)
        best = np.full(uk.size, -np.inf)
        np.maximum.at(best, np.searchsorted(uk, key[hit]), f[hit])
        pinned_fit = float(best.sum()) if uk.size else 0.0
        del first

    usable = residual[o] > 0
    if pin.size:
        pinned = np.zeros(n_trainees, dtype=np.bool_)
        pinned[pin[:, 0]] = True
        usable &= ~pinned[t]
    if excl.size:
        usable &= ~np.isin(key, excl[:, 0] * m + excl[:, 1])
    t, o, f = t[usable], o[usable], f[usable]

    if t.size:
        tu, t_local = _compress(t, n_trainees)
        ou, o_local = _compress(o, m)
        cost = -np.rint(f * scale).astype(np.int64)
        head_cap = np.minimum(residual[ou], tu.size)
        span = int(np.abs(cost).max(initial=0)) + 1
        if t.size > prune_above and span * (tu.size + ou.size + 2) < 2**58:
            chosen = _solve_reduced(t_local, o_local, cost, head_cap, tu.size)
        else:
            chosen = _solve(t_local, o_local, cost, head_cap, tu.size)
        assignment[t[chosen]] = o[chosen]
        total = float(f[chosen].sum())
    else:
        total = 0.0
    placed = int((assignment >= 0).sum())
    return Plan(assignment, placed, total + pinned_fit, int(pin.shape[0]))
