"""Compiled helper of the cohort plan: node potentials of a residual graph.

:func:`potentials` computes shortest-path distances from a virtual root joined to every
node at cost 0 (FIFO label correcting, "SPFA"). When a min-cost flow is optimal its
residual graph has no negative cycle, the distances exist, and they are a dual
certificate: every residual arc ``u → v`` of cost ``c`` has ``d[u] + c ≥ d[v]``. The cohort
plan solves a reduced graph and uses the certificate to prove that no left-out arc could
improve the plan (see :mod:`matchengine.assign`). A negative cycle, which cannot occur for
an optimal flow, is caught by a relaxation budget instead of looping.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._jit import jit

I64 = NDArray[np.int64]


@jit
def potentials(
    n_nodes: int, tails: I64, heads: I64, costs: I64, budget: int
) -> tuple[I64, bool]:  # pragma: no cover - compiled
    """Distances ``d`` (≤ 0) and whether they converged within ``budget`` relaxations."""
    ptr = np.zeros(n_nodes + 1, dtype=np.int64)
    for a in range(tails.size):
        ptr[tails[a] + 1] += 1
    for v in range(n_nodes):
        ptr[v + 1] += ptr[v]
    fill = ptr[:-1].copy()
    adj_h = np.empty(tails.size, dtype=np.int64)
    adj_c = np.empty(tails.size, dtype=np.int64)
    for a in range(tails.size):
        slot = fill[tails[a]]
        fill[tails[a]] = slot + 1
        adj_h[slot] = heads[a]
        adj_c[slot] = costs[a]
    d = np.zeros(n_nodes, dtype=np.int64)
    queue = np.empty(n_nodes + 1, dtype=np.int64)
    queued = np.ones(n_nodes, dtype=np.bool_)
    for v in range(n_nodes):
        queue[v] = v
    head = 0
    size = n_nodes
    cap = n_nodes + 1
    tail = n_nodes % cap
    work = 0
    while size > 0:
        v = queue[head]
        head = (head + 1) % cap
        size -= 1
        queued[v] = False
        dv = d[v]
        for x in range(ptr[v], ptr[v + 1]):
            w = adj_h[x]
            nd = dv + adj_c[x]
            if nd < d[w]:
                d[w] = nd
                if not queued[w]:
                    queued[w] = True
                    queue[tail] = w
                    tail = (tail + 1) % cap
                    size += 1
        work += ptr[v + 1] - ptr[v]
        if work > budget:
            return d, False
    return d, True


@jit
def top_per_group(
    group: I64, cost: I64, keep: I64, n_groups: int
) -> NDArray[np.bool_]:  # pragma: no cover - compiled
    """Marks, per group, its ``keep[group]`` cheapest arcs (ties: any, deterministically)."""
    ptr = np.zeros(n_groups + 1, dtype=np.int64)
    for a in range(group.size):
        ptr[group[a] + 1] += 1
    for g in range(n_groups):
        ptr[g + 1] += ptr[g]
    fill = ptr[:-1].copy()
    by_group = np.empty(group.size, dtype=np.int64)
    for a in range(group.size):
        by_group[fill[group[a]]] = a
        fill[group[a]] += 1
    out = np.zeros(group.size, dtype=np.bool_)
    for g in range(n_groups):
        lo = ptr[g]
        hi = ptr[g + 1]
        if hi - lo <= keep[g]:
            for x in range(lo, hi):
                out[by_group[x]] = True
            continue
        arcs = by_group[lo:hi]
        best = np.argsort(cost[arcs], kind="mergesort")
        for x in range(keep[g]):
            out[arcs[best[x]]] = True
    return out


@jit
def violations(
    keep: NDArray[np.bool_], tl: I64, ol: I64, cost: I64, d: I64, nt: int
) -> I64:  # pragma: no cover - compiled
    """Arcs left out of the reduced graph whose reduced cost is negative:
    ``d[t] + cost < d[nt + o]``."""
    count = 0
    for a in range(tl.size):
        if not keep[a] and d[tl[a]] + cost[a] < d[nt + ol[a]]:
            count += 1
    out = np.empty(count, dtype=np.int64)
    count = 0
    for a in range(tl.size):
        if not keep[a] and d[tl[a]] + cost[a] < d[nt + ol[a]]:
            out[count] = a
            count += 1
    return out
