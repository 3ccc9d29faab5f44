"""Cohort plan: a capacitated assignment that places the most trainees, then maximises fit.

The plan is a maximum-flow minimum-cost problem on a sparse bipartite graph::

    source ─(1)→ trainee ─(1, −fit)→ opening ─(headcount)→ sink

OR-Tools' ``SimpleMinCostFlow.solve_max_flow_with_min_cost`` returns, among all maximum
flows (= plans placing the most trainees), one of minimum cost (= maximum total fit). That
is the lexicographic objective exactly, with no big-M weight to tune. The solver works on
integers, so fits are scaled by ``scale`` (default 10⁶) and rounded: the plan is optimal
for the rounded fits, i.e. within ``0.5 / scale`` per placed trainee of the real-valued
optimum (exactly optimal when fits are multiples of ``1 / scale``).

Instances with more than ``prune_above`` candidate pairs (all but tiny ones) are solved on
a reduced graph of each opening's best pairs, and the result is proved optimal for the
full graph by a dual certificate (node potentials under which no left-out pair has a
negative reduced cost); left-out pairs that fail the check are added and the flow is
re-optimised from where it was by shortest paths (see ``_solve_reduced``). Same optimum
as the direct solve of the whole graph, 2–3× faster on the benchmark families, because
most candidate pairs and many trainees can never be part of an optimal plan.

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
    #: optimality-certificate checks of the reduced graph (1 = its first optimum was proved
    #: optimal for the whole graph; 0 = the whole graph was solved directly)
    rounds: int = 0
    #: left-out pairs the certificate found and the warm-started repair added
    repaired: int = 0


def _pairs(pairs: NDArray[np.integer] | None, what: str) -> I64:
    if pairs is None:
        return np.zeros((0, 2), dtype=np.int64)
    arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return arr


def _compress(idx: I64, n: int) -> tuple[I64, I64]:
    """Distinct values of ``idx`` (sorted) and each entry's position among them: O(n)."""
    present = np.bincount(idx, minlength=n) > 0
    if present.all():  # nothing to renumber (the usual case): no gather over ``idx``
        return np.arange(n, dtype=np.int64), idx
    local = np.cumsum(present) - 1
    return np.flatnonzero(present), local[idx]


def _solve(tl: I64, ol: I64, cost: I64, head_cap: I64, nt: int) -> NDArray[np.bool_]:
    """Max-flow min-cost on ``source →(1) trainee →(1, cost) opening →(head_cap) sink``
    over local indices; returns which arcs carry flow.

    A trainee with a single pair is not a node: ``source → trainee → opening`` becomes one
    arc ``source →(1, cost) opening`` (the same flows and costs; the solver's time grows
    with the number of nodes, and in a reduced graph about a quarter of the trainees have
    one pair)."""
    no = head_cap.size
    deg = np.bincount(tl, minlength=nt)
    multi = deg > 1
    k = int(multi.sum())
    renum = np.cumsum(multi) - 1
    src, snk = k + no, k + no + 1
    tails = np.concatenate(
        (
            np.full(k, src, dtype=np.int64),
            np.where(multi[tl], renum[tl], src),
            k + np.arange(no, dtype=np.int64),
        )
    )
    heads = np.concatenate((np.arange(k, dtype=np.int64), k + ol, np.full(no, snk, dtype=np.int64)))
    caps = np.concatenate((np.ones(k + tl.size, dtype=np.int64), head_cap))
    costs = np.concatenate((np.zeros(k, dtype=np.int64), cost, np.zeros(no, dtype=np.int64)))
    supply = int((deg > 0).sum())
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    solver.set_node_supply(src, supply)
    solver.set_node_supply(snk, -supply)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:  # pragma: no cover - the graph is always feasible
        raise RuntimeError(f"min-cost flow failed with status {status}")
    arcs = k + np.arange(tl.size, dtype=np.int64)
    return np.asarray(solver.flows(arcs)) > 0


# The reduced graph: each opening's ``_PER_PLACE · headcount + _PER_OPENING`` best pairs,
# and the ``_PER_TRAINEE`` best pairs of every trainee already in one of those lists.
# Trainees in none (usually a quarter of them, nearly all left unplaced) are left out of
# the solve altogether: the solver's time depends mostly on the number of nodes. Pairs the
# reduction misses are found by the certificate and added by a warm-started repair.
_PER_TRAINEE, _PER_PLACE, _PER_OPENING = 0, 1, 10
# the repair gives up (and the graph is solved again) after this many scans per arc
_REPAIR_WORK = 50


@dataclass(slots=True)
class _Stats:
    """What a reduced solve did (``Plan.rounds`` and ``Plan.repaired``)."""

    rounds: int = 0  # certificate checks (1 = the first reduced optimum was proved optimal)
    repaired: int = 0  # left-out pairs added after failing the check
    paths: int = 0  # shortest paths of the warm-started repair
    resolves: int = 0  # times the repair gave up and a graph was solved again from scratch


def _solve_reduced(
    tl: I64,
    ol: I64,
    cost: I64,
    head_cap: I64,
    nt: int,
    rounds: int = 8,
    *,
    stats: _Stats | None = None,
    reduction: tuple[int, int, int] | None = None,
) -> NDArray[np.bool_]:
    """The same optimum as :func:`_solve`, several times faster on large graphs.

    Most candidate pairs cannot be in an optimal plan, and most trainees who are in no
    opening's shortlist stay unplaced. Solve on a reduced graph (see ``_PER_*`` above),
    then prove the result optimal for the full graph with a dual certificate: node
    potentials ``d`` of the circulation ``source → trainee → opening → sink → source`` on
    the lexicographic objective written as one cost, ``−M`` per placed trainee (on the
    ``source → trainee`` arc) plus ``cost`` per pair, with ``M`` larger than any change of
    total cost a path can make, under which every residual arc has a non-negative reduced
    cost (``settle_potentials``: shortest distances, so they exist exactly when the flow is
    optimal on the reduced graph). If no left-out pair ``t → o`` has ``d[t] + cost <
    d[o]``, the residual graph of the full problem has no negative cycle either, so the
    plan is optimal for the full graph (most placed, then least cost). Otherwise the
    violating pairs join the graph carrying one unit each (their reduced cost is
    negative), and successive shortest paths from the openings that now have one trainee
    too many to the trainees that now have two places (``_flow.repair``, Dijkstra on the
    reduced costs) re-optimise the flow near those pairs while keeping ``d`` a
    certificate; the check is then run again with the new ``d``. If the repair gives up
    (a budget), the graph with the added pairs is solved again from scratch; after
    ``rounds`` checks the full graph is solved directly (never seen on generated
    instances). ``stats`` (if given) records the rounds; ``reduction`` overrides
    ``(_PER_TRAINEE, _PER_PLACE, _PER_OPENING)``.
    """
    stats = stats if stats is not None else _Stats()
    per_trainee, per_place, per_opening = (
        reduction if reduction is not None else (_PER_TRAINEE, _PER_PLACE, _PER_OPENING)
    )
    if rounds <= 0:
        return _solve(tl, ol, cost, head_cap, nt)
    no = head_cap.size
    keep = _flow.top_per_group(ol, cost, per_place * head_cap + per_opening, no)
    if per_trainee > 0:
        listed = np.zeros(nt, dtype=np.bool_)
        listed[tl[keep]] = True
        keep |= _flow.top_per_group(tl, cost, np.where(listed, per_trainee, 0), nt)
    span = int(np.abs(cost).max(initial=0)) + 1
    big = span * (2 * (nt + no) + 4)
    src, snk = nt + no, nt + no + 1
    n_nodes = nt + no + 2
    d = np.zeros(n_nodes, dtype=np.int64)
    arcs: tuple[I64, I64, I64, I64, I64, I64] | None = None
    for _ in range(rounds):
        if arcs is None:
            # solve the current reduced graph from scratch (trainees with no pair left out)
            idx = np.flatnonzero(keep)
            tu, t_local = _compress(tl[idx], nt)
            chosen = _solve(t_local, ol[idx], cost[idx], head_cap, tu.size)
            used = idx[chosen]
            placed = np.zeros(nt, dtype=np.int64)
            placed[tl[used]] = 1
            load = np.bincount(ol[used], minlength=no).astype(np.int64)
            # arcs: source → trainee, trainee → opening (kept pairs), opening → sink, return
            tail = np.concatenate((np.full(nt, src), tl[idx], nt + np.arange(no), [snk]))
            head = np.concatenate((np.arange(nt), nt + ol[idx], np.full(no, snk), [src]))
            cap = np.concatenate((np.ones(nt + idx.size, dtype=np.int64), head_cap, [nt]))
            acost = np.concatenate((np.full(nt, -big), cost[idx], np.zeros(no + 1, dtype=np.int64)))
            flow = np.concatenate((placed, chosen.astype(np.int64), load, [int(placed.sum())]))
            pair = np.concatenate((np.full(nt, -1), idx, np.full(no + 1, -1)))
            arcs = (tail.astype(np.int64), head.astype(np.int64), cap, acost, flow, pair)
            d = np.zeros(n_nodes, dtype=np.int64)
        tail, head, cap, acost, flow, pair = arcs
        ptr, slot = _flow.residual_csr(n_nodes, tail, head)
        stats.rounds += 1
        ok = _flow.settle_potentials(
            ptr, slot, tail, head, cap, flow, acost, d, 200 * tail.size + 10**6
        )
        if not ok:  # pragma: no cover - only if the flow were not optimal on its graph
            arcs = None
            stats.resolves += 1
            continue
        bad = _flow.violations(keep, tl, ol, cost, d, nt)
        if bad.size == 0:
            out = np.zeros(tl.size, dtype=np.bool_)
            on = pair >= 0
            out[pair[on][flow[on] > 0]] = True
            return out
        stats.repaired += int(bad.size)
        keep[bad] = True
        # the violating pairs carry one unit each, then the flow is balanced again
        excess = np.zeros(n_nodes, dtype=np.int64)
        np.subtract.at(excess, tl[bad], 1)
        np.add.at(excess, nt + ol[bad], 1)
        tail = np.concatenate((tail, tl[bad]))
        head = np.concatenate((head, nt + ol[bad]))
        cap = np.concatenate((cap, np.ones(bad.size, dtype=np.int64)))
        acost = np.concatenate((acost, cost[bad]))
        flow = np.concatenate((flow, np.ones(bad.size, dtype=np.int64)))
        pair = np.concatenate((pair, bad))
        ptr, slot = _flow.residual_csr(n_nodes, tail, head)
        # unplaced trainees sit at the top of their range (d[src] − M: the source arc has
        # reduced cost 0), so a shortest path reaching the source would visit all of them;
        # for the repair they move to the bottom (as low as their pairs allow), and back
        # afterwards — both are valid potentials, the top one is the stronger certificate
        _flow.lower_unplaced(tail, head, flow, acost, d, excess, nt, src, big)
        paths = _flow.repair(
            ptr, slot, tail, head, cap, flow, acost, d, excess, _REPAIR_WORK * tail.size, nt
        )
        if paths >= 0:
            unplaced = flow[:nt] == 0
            d[:nt][unplaced] = d[src] - big
        if paths < 0:
            arcs = None
            stats.resolves += 1
            continue
        stats.paths += paths
        arcs = (tail, head, cap, acost, flow, pair)
    stats.resolves += 1
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
    prune_above: int = 5_000,
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
    if not usable.all():
        t, o, f = t[usable], o[usable], f[usable]

    stats = _Stats()
    if t.size:
        tu, t_local = _compress(t, n_trainees)
        ou, o_local = _compress(o, m)
        cost = -np.rint(f * scale).astype(np.int64)
        head_cap = np.minimum(residual[ou], tu.size)
        span = int(np.abs(cost).max(initial=0)) + 1
        if t.size > prune_above and span * (tu.size + ou.size + 2) < 2**58:
            chosen = _solve_reduced(t_local, o_local, cost, head_cap, tu.size, stats=stats)
        else:
            chosen = _solve(t_local, o_local, cost, head_cap, tu.size)
        assignment[t[chosen]] = o[chosen]
        total = float(f[chosen].sum())
    else:
        total = 0.0
    placed = int((assignment >= 0).sum())
    return Plan(
        assignment,
        placed,
        total + pinned_fit,
        int(pin.shape[0]),
        rounds=stats.rounds,
        repaired=stats.repaired,
    )
