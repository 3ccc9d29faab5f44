"""Compiled helpers of the cohort plan (see :mod:`matchengine.assign`).

* :func:`top_per_group` — the reduced graph: each group's cheapest arcs.
* :func:`settle_potentials` — node potentials of a flow's residual graph by FIFO label
  correcting ("SPFA"), from zero (= shortest distances from a virtual root joined to every
  node at cost 0) or warm from earlier potentials. When a min-cost flow is optimal its
  residual graph has no negative cycle, the distances exist, and they are a dual
  certificate: every residual arc ``u → v`` of cost ``c`` has ``d[u] + c ≥ d[v]``. A
  negative cycle, which cannot occur for an optimal flow, is caught by a relaxation budget
  instead of looping.
* :func:`violations` — left-out pairs whose reduced cost is negative under ``d``.
* :func:`repair` — successive shortest paths (Dijkstra on reduced costs) that re-optimise
  the flow after such pairs were added carrying one unit, keeping ``d`` a certificate.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._jit import jit

I64 = NDArray[np.int64]


@jit
def _worse(cost: I64, a: int, b: int) -> bool:  # pragma: no cover - compiled
    """Arc ``a`` ranks after arc ``b``: dearer, or as dear and listed later."""
    return cost[a] > cost[b] or (cost[a] == cost[b] and a > b)


@jit
def top_per_group(
    group: I64, cost: I64, keep: I64, n_groups: int
) -> NDArray[np.bool_]:  # pragma: no cover - compiled
    """Marks, per group, its ``keep[group]`` cheapest arcs (ties: the first listed).

    One pass over the arcs in their own order, each group keeping a bounded max-heap of
    its best arcs so far (worst at the root): an arc is mostly rejected by one look at its
    group's root, so the arcs are never regrouped (that scatter was most of the time)."""
    kmax = max(1, keep.max()) if keep.size else 1
    h_cost = np.empty((n_groups, kmax), dtype=np.int64)
    h_arc = np.empty((n_groups, kmax), dtype=np.int64)
    size = np.zeros(n_groups, dtype=np.int64)
    for a in range(group.size):
        g = group[a]
        k = keep[g]
        if k <= 0:
            continue
        c = cost[a]
        s = size[g]
        if s < k:
            i = s
            size[g] = s + 1
            while i > 0:  # arcs come in index order: a tie is worse than what is there
                p = (i - 1) >> 1
                if h_cost[g, p] > c:
                    break
                h_cost[g, i] = h_cost[g, p]
                h_arc[g, i] = h_arc[g, p]
                i = p
            h_cost[g, i] = c
            h_arc[g, i] = a
        elif c < h_cost[g, 0]:
            i = 0
            while True:
                ch = 2 * i + 1
                if ch >= s:
                    break
                r = ch + 1
                if r < s and (
                    h_cost[g, r] > h_cost[g, ch]
                    or (h_cost[g, r] == h_cost[g, ch] and h_arc[g, r] > h_arc[g, ch])
                ):
                    ch = r
                if h_cost[g, ch] <= c:  # a tie listed earlier is better than the new arc
                    break
                h_cost[g, i] = h_cost[g, ch]
                h_arc[g, i] = h_arc[g, ch]
                i = ch
            h_cost[g, i] = c
            h_arc[g, i] = a
    out = np.zeros(group.size, dtype=np.bool_)
    for g in range(n_groups):
        for i in range(size[g]):
            out[h_arc[g, i]] = True
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


# ---- the residual network of a flow, for the certificate and the warm-started repair ----
#
# Arcs are given as parallel arrays ``tail, head, cap, flow, cost``. Residual arc ``2a`` is
# arc ``a`` forwards (room ``cap − flow``, cost ``cost``), ``2a + 1`` backwards (room
# ``flow``, cost ``−cost``). ``residual_csr`` lists each node's residual arcs; a potential
# ``d`` is a certificate when every residual arc ``u → v`` with room has a non-negative
# reduced cost ``cost + d[u] − d[v]``.


@jit
def residual_csr(n_nodes: int, tail: I64, head: I64) -> tuple[I64, I64]:  # pragma: no cover
    """CSR of the residual arcs leaving each node: ``ptr`` (n + 1) and slots ``2a``/``2a+1``."""
    ptr = np.zeros(n_nodes + 1, dtype=np.int64)
    for a in range(tail.size):
        ptr[tail[a] + 1] += 1
        ptr[head[a] + 1] += 1
    for v in range(n_nodes):
        ptr[v + 1] += ptr[v]
    fill = ptr[:-1].copy()
    slot = np.empty(2 * tail.size, dtype=np.int64)
    for a in range(tail.size):
        slot[fill[tail[a]]] = 2 * a
        fill[tail[a]] += 1
        slot[fill[head[a]]] = 2 * a + 1
        fill[head[a]] += 1
    return ptr, slot


@jit
def settle_potentials(
    ptr: I64, slot: I64, tail: I64, head: I64, cap: I64, flow: I64, cost: I64, d: I64, budget: int
) -> bool:  # pragma: no cover - compiled
    """Lowers ``d`` in place until no residual arc has a negative reduced cost (FIFO label
    correcting from the given ``d``; ``d = 0`` = distances from a virtual root joined to
    every node at cost 0). From potentials that are already a certificate this is one pass
    over the arcs, so it also verifies them. False when ``budget`` relaxations did not
    suffice (a negative cycle: the flow is not optimal)."""
    n = d.size
    queue = np.empty(n + 1, dtype=np.int64)
    queued = np.ones(n, dtype=np.bool_)
    for v in range(n):
        queue[v] = v
    cap_q = n + 1
    head_q = 0
    tail_q = n % cap_q
    size = n
    work = 0
    while size > 0:
        v = queue[head_q]
        head_q = (head_q + 1) % cap_q
        size -= 1
        queued[v] = False
        dv = d[v]
        for x in range(ptr[v], ptr[v + 1]):
            s = slot[x]
            a = s >> 1
            if s & 1 == 0:
                if flow[a] >= cap[a]:
                    continue
                w = head[a]
                nd = dv + cost[a]
            else:
                if flow[a] <= 0:
                    continue
                w = tail[a]
                nd = dv - cost[a]
            if nd < d[w]:
                d[w] = nd
                if not queued[w]:
                    queued[w] = True
                    queue[tail_q] = w
                    tail_q = (tail_q + 1) % cap_q
                    size += 1
        work += ptr[v + 1] - ptr[v]
        if work > budget:
            return False
    return True


@jit
def _sift_up(heap: I64, pos: I64, key: I64, i: int) -> None:  # pragma: no cover - compiled
    v = heap[i]
    while i > 0:
        p = (i - 1) >> 1
        if key[heap[p]] <= key[v]:
            break
        heap[i] = heap[p]
        pos[heap[i]] = i
        i = p
    heap[i] = v
    pos[v] = i


@jit
def _sift_down(heap: I64, pos: I64, key: I64, i: int, size: int) -> None:  # pragma: no cover
    v = heap[i]
    while True:
        c = 2 * i + 1
        if c >= size:
            break
        if c + 1 < size and key[heap[c + 1]] < key[heap[c]]:
            c += 1
        if key[heap[c]] >= key[v]:
            break
        heap[i] = heap[c]
        pos[heap[i]] = i
        i = c
    heap[i] = v
    pos[v] = i


@jit
def repair(
    ptr: I64,
    slot: I64,
    tail: I64,
    head: I64,
    cap: I64,
    flow: I64,
    cost: I64,
    d: I64,
    excess: I64,
    budget: int,
    free_below: int = 0,
) -> int:  # pragma: no cover - compiled
    """Successive shortest paths from every node with ``excess > 0`` to the nearest one with
    ``excess < 0`` (Dijkstra on reduced costs, which must all be ≥ 0 on arcs with room), one
    unit at a time; ``flow``, ``d`` and ``excess`` are updated in place and ``d`` stays a
    certificate for the network (reduced costs ≥ 0). This re-optimises a flow after a few
    arcs of negative reduced cost were saturated, touching only the nodes near them.
    Returns the number of paths, or −1 when it gave up (a negative reduced cost met, no
    path, or more than ``budget`` arc scans): the caller then solves from scratch."""
    n = d.size
    inf = np.iinfo(np.int64).max
    dist = np.full(n, inf, dtype=np.int64)
    pred = np.full(n, -1, dtype=np.int64)
    done = np.zeros(n, dtype=np.bool_)
    pos = np.full(n, -1, dtype=np.int64)
    heap = np.empty(n, dtype=np.int64)
    touched = np.empty(n, dtype=np.int64)
    settled = np.empty(n, dtype=np.int64)
    work = 0
    paths = 0
    for s in range(n):
        while excess[s] > 0:
            n_touched = 0
            n_settled = 0
            dist[s] = 0
            touched[n_touched] = s
            n_touched += 1
            heap[0] = s
            pos[s] = 0
            size = 1
            target = -1
            while size > 0:
                v = heap[0]
                pos[v] = -1
                size -= 1
                if size > 0:
                    heap[0] = heap[size]
                    pos[heap[0]] = 0
                    _sift_down(heap, pos, dist, 0, size)
                done[v] = True
                settled[n_settled] = v
                n_settled += 1
                if excess[v] < 0:
                    target = v
                    break
                dv = dist[v]
                pv = d[v]
                for x in range(ptr[v], ptr[v + 1]):
                    sl = slot[x]
                    a = sl >> 1
                    if sl & 1 == 0:
                        if flow[a] >= cap[a]:
                            continue
                        w = head[a]
                        rc = cost[a] + pv - d[w]
                    else:
                        if flow[a] <= 0:
                            continue
                        w = tail[a]
                        rc = pv - cost[a] - d[w]
                    if done[w]:
                        continue
                    if rc < 0:
                        return -1
                    nd = dv + rc
                    if (
                        nd < dist[w]
                        and w < free_below
                        and sl == 2 * w
                        and flow[w] == 0
                        and excess[w] == 0
                    ):
                        # w is an unplaced trainee reached by its only way in, the source
                        # arc ``w`` (see ``lower_unplaced``): each path through the source
                        # erodes the reduced cost of that arc, so lower d[w] again as far as
                        # its pairs allow before deciding whether to visit it
                        low = d[w]
                        first = True
                        for y in range(ptr[w], ptr[w + 1]):
                            sy = slot[y]
                            b = sy >> 1
                            if sy & 1 == 0 and flow[b] < cap[b]:
                                v2 = d[head[b]] - cost[b]
                                if first or v2 > low:
                                    low = v2
                                    first = False
                        if not first and low < d[w]:
                            d[w] = low
                            rc = cost[a] + pv - d[w]
                            nd = dv + rc
                    if nd < dist[w]:
                        if dist[w] == inf:
                            touched[n_touched] = w
                            n_touched += 1
                        dist[w] = nd
                        pred[w] = sl
                        if pos[w] < 0:
                            heap[size] = w
                            pos[w] = size
                            size += 1
                        _sift_up(heap, pos, dist, pos[w])
                work += ptr[v + 1] - ptr[v]
                if work > budget:
                    return -1
            if target < 0:
                return -1
            top = dist[target]
            for i in range(n_settled):
                v = settled[i]
                d[v] += dist[v] - top
            v = target
            while v != s:
                sl = pred[v]
                a = sl >> 1
                if sl & 1 == 0:
                    flow[a] += 1
                    v = tail[a]
                else:
                    flow[a] -= 1
                    v = head[a]
            excess[s] -= 1
            excess[target] += 1
            paths += 1
            for i in range(n_touched):
                v = touched[i]
                dist[v] = inf
                pred[v] = -1
                done[v] = False
                pos[v] = -1
    return paths


@jit
def lower_unplaced(
    tail: I64, head: I64, flow: I64, cost: I64, d: I64, excess: I64, nt: int, src: int, big: int
) -> None:  # pragma: no cover - compiled
    """Sets ``d`` of every unplaced, balanced trainee (arcs ``0..nt-1`` are ``source →
    trainee``; other arcs leaving a trainee go to openings) to the lowest value its unused
    pairs allow, ``max(d[o] − cost)``, so its source arc gets a positive reduced cost."""
    low = np.full(nt, d[src] - 2 * big, dtype=np.int64)
    for a in range(nt, tail.size):
        t = tail[a]
        if t < nt and flow[a] == 0:
            v = d[head[a]] - cost[a]
            if v > low[t]:
                low[t] = v
    for t in range(nt):
        if flow[t] == 0 and excess[t] == 0 and low[t] < d[t]:
            d[t] = low[t]
