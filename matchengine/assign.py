"""Cohort plan: a capacitated assignment that places the most trainees, then maximises fit.

The plan is a maximum-flow minimum-cost problem on a sparse bipartite graph::

    source ─(1)→ trainee ─(1, −fit)→ opening ─(headcount)→ sink

OR-Tools' ``SimpleMinCostFlow.solve_max_flow_with_min_cost`` returns, among all maximum
flows (= plans placing the most trainees), one of minimum cost (= maximum total fit). That
is the lexicographic objective exactly, with no big-M weight to tune. The solver works on
integers, so fits are scaled by ``scale`` (default 10⁶) and rounded: the plan is optimal
for the rounded fits, i.e. within ``0.5 / scale`` per placed trainee of the real-valued
optimum (exactly optimal when fits are multiples of ``1 / scale``).

Pins (already hired) are fixed before solving and use up their opening's headcount;
exclusions remove candidate pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

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
) -> Plan:
    """Optimal cohort plan over candidate pairs ``(trainee[i], opening[i])`` with ``fit[i]``.

    ``pins`` and ``exclusions`` are ``K × 2`` arrays of ``(trainee, opening)`` pairs.
    Raises ``ValueError`` for out-of-range indices, non-finite fits, a trainee pinned twice
    or pins exceeding an opening's headcount.
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
    key = t * m + o
    pinned_fit = 0.0
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
        nt, no = tu.size, ou.size
        src, snk = nt + no, nt + no + 1
        tails = np.concatenate(
            (np.full(nt, src, dtype=np.int64), t_local, nt + np.arange(no, dtype=np.int64))
        )
        heads = np.concatenate(
            (np.arange(nt, dtype=np.int64), nt + o_local, np.full(no, snk, dtype=np.int64))
        )
        caps = np.concatenate((np.ones(nt + t.size, dtype=np.int64), np.minimum(residual[ou], nt)))
        costs = np.concatenate(
            (
                np.zeros(nt, dtype=np.int64),
                -np.rint(f * scale).astype(np.int64),
                np.zeros(no, dtype=np.int64),
            )
        )
        solver = min_cost_flow.SimpleMinCostFlow()
        solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
        solver.set_node_supply(src, nt)
        solver.set_node_supply(snk, -nt)
        status = solver.solve_max_flow_with_min_cost()
        if status != solver.OPTIMAL:  # pragma: no cover - the graph is always feasible
            raise RuntimeError(f"min-cost flow failed with status {status}")
        arcs = nt + np.arange(t.size, dtype=np.int64)
        chosen = np.asarray(solver.flows(arcs)) > 0
        assignment[t[chosen]] = o[chosen]
        total = float(f[chosen].sum())
    else:
        total = 0.0
    placed = int((assignment >= 0).sum())
    return Plan(assignment, placed, total + pinned_fit, int(pin.shape[0]))
