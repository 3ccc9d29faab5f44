"""Compiled kernels of the exact top-k recommendations (see :mod:`matchengine.recommend`).

One query at a time (a trainee, or an opening for the reverse direction), with no
allocation per query: accumulate the skill coverage of every item sharing a skill with the
query through an inverted index, bound every partition of the items by its role, timing
and region fit and its best coverage, visit the partitions best bound first, and inside a
partition bound each item by its exact non-skill part plus its own accumulated coverage,
scoring it exactly only when that could still reach the query's current k-th best. The
running top-k is a binary heap whose root is the worst kept entry (lowest score, then
highest item index), so ties are broken by item index.

Scores are computed with the same float operations in the same order as
:meth:`FitScorer.score_pairs`: ``w_role·role + w_skill·skill + w_timing·timing +
w_region·region`` with ``skill = Σ ω·min(held, needed)/needed`` over the opening's skill
entries in order (1 when the opening lists none).

Everything here runs inside numba (coverage cannot see it); the tests compare the results
with scoring every pair.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ._jit import jit

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
I8 = NDArray[np.int8]
B1 = NDArray[np.bool_]

EPS = 1e-9


@jit
def _worse(s1: float, i1: int, s2: float, i2: int) -> bool:  # pragma: no cover
    return s1 < s2 or (s1 == s2 and i1 > i2)


@jit
def _offer(hs: F64, hi: I64, cnt: int, s: float, item: int) -> int:  # pragma: no cover
    """Offer ``(s, item)`` to the top-k heap of ``cnt`` entries; returns the new count."""
    k = hs.size
    if cnt < k:
        i = cnt
        while i > 0:
            p = (i - 1) // 2
            if not _worse(s, item, hs[p], hi[p]):
                break
            hs[i] = hs[p]
            hi[i] = hi[p]
            i = p
        hs[i] = s
        hi[i] = item
        return cnt + 1
    if not _worse(hs[0], hi[0], s, item):
        return cnt
    i = 0
    while True:
        a = 2 * i + 1
        if a >= k:
            break
        if a + 1 < k and _worse(hs[a + 1], hi[a + 1], hs[a], hi[a]):
            a += 1
        if not _worse(hs[a], hi[a], s, item):
            break
        hs[i] = hs[a]
        hi[i] = hi[a]
        i = a
    hs[i] = s
    hi[i] = item
    return cnt


@jit
def _sift_down_max(val: F64, idx: I64, n: int, i: int) -> None:  # pragma: no cover
    v = val[i]
    x = idx[i]
    while True:
        a = 2 * i + 1
        if a >= n:
            break
        if a + 1 < n and val[a + 1] > val[a]:
            a += 1
        if val[a] <= v:
            break
        val[i] = val[a]
        idx[i] = idx[a]
        i = a
    val[i] = v
    idx[i] = x


@jit
def _coverage(
    levels: I8, o_ptr: I64, o_skill: I64, credit: F64, j: int
) -> float:  # pragma: no cover
    """Skill coverage of the opening at position ``j`` for a trainee with dense ``levels``;
    ``credit[e, held]`` = ω·min(held, needed)/needed of entry ``e`` (0 for held = 0)."""
    lo = o_ptr[j]
    hi = o_ptr[j + 1]
    if hi == lo:
        return 1.0
    cover = 0.0
    for e in range(lo, hi):
        cover += credit[e, levels[o_skill[e]]]
    return cover


@jit
def _sort_heap(hs: F64, hi: I64, cnt: int, out_i: I64, out_s: F64) -> None:  # pragma: no cover
    """Write the heap's entries best first into ``out_*`` (padding: -1, -inf)."""
    k = out_i.size
    for c in range(cnt, k):
        out_i[c] = -1
        out_s[c] = -np.inf
    n = cnt
    while n > 0:
        n -= 1
        out_s[n] = hs[0]
        out_i[n] = hi[0]
        s = hs[n]
        item = hi[n]
        i = 0
        while True:  # sift the last entry down from the root of the shrunk heap
            a = 2 * i + 1
            if a >= n:
                break
            if a + 1 < n and _worse(hs[a + 1], hi[a + 1], hs[a], hi[a]):
                a += 1
            if not _worse(hs[a], hi[a], s, item):
                break
            hs[i] = hs[a]
            hi[i] = hi[a]
            i = a
        hs[i] = s
        hi[i] = item


@jit
def topk_openings(
    queries: I64,
    k: int,
    t_ptr: I64,
    t_skill: I64,
    t_level: I8,
    role_fit: F64,
    region_fit: F64,
    month_of: I64,
    p_role: I64,
    p_region: I64,
    offsets: I64,
    item: I64,
    o_ptr: I64,
    o_skill: I64,
    credit: F64,
    inv_ptr: I64,
    inv_pos: I64,
    inv_part: I64,
    inv_credit: F64,
    timing: F64,
    timing_max: F64,
    w: F64,
    n_skills: int,
    out_i: I64,
    out_s: F64,
) -> None:  # pragma: no cover
    """Top-k openings of each trainee in ``queries`` into ``out_i``/``out_s``, best first.

    Openings are laid out by partition (``offsets``; ``item`` = opening index of each
    position; ``o_ptr``/``o_skill`` their skill entries per position, ``credit[e, held]``
    each entry's coverage credit; ``inv_*``: for each skill, the positions that list it
    and the entry's credits). ``timing[u, j]`` is the timing fit of month class
    ``u`` at position ``j``; ``timing_max[u, p]`` = w_timing × its max over partition p.

    Per trainee, the coverage of every opening sharing a skill is accumulated through the
    inverted index (an upper estimate within rounding; all other openings cover 0, or 1
    when they list no skills), which bounds each partition by its best coverage and each
    opening by its own; the exact score is computed only where the bound reaches the k-th
    best so far.
    """
    n_parts = p_role.size
    n_pos = item.size
    levels = np.zeros(max(n_skills, 1), dtype=np.int8)
    # cov[j]: this trainee's accumulated coverage of position j; 0 between trainees except
    # 1 for openings listing no skills (never in a posting list)
    cov = np.zeros(n_pos)
    no_skill = np.zeros(n_parts)
    for p in range(n_parts):
        for j in range(offsets[p], offsets[p + 1]):
            if o_ptr[j + 1] == o_ptr[j]:
                no_skill[p] = 1.0
                cov[j] = 1.0
    best_cov = np.empty(n_parts)
    hv = np.empty(n_parts)
    hp = np.empty(n_parts, dtype=np.int64)
    hs = np.empty(k)
    hi = np.empty(k, dtype=np.int64)
    w0, w1, w2, w3 = w[0], w[1], w[2], w[3]
    for qi in range(queries.size):
        t = queries[qi]
        u = month_of[t]
        s0 = t_ptr[t]
        s1 = t_ptr[t + 1]
        best_cov[:] = no_skill
        for e in range(s0, s1):
            sk = t_skill[e]
            held = t_level[e]
            levels[sk] = held
            row = inv_credit[held]
            for x in range(inv_ptr[sk], inv_ptr[sk + 1]):
                j = inv_pos[x]
                c = cov[j] + row[x]
                cov[j] = c
                p = inv_part[x]
                best_cov[p] = max(best_cov[p], c)
        n_heap = 0
        for p in range(n_parts):
            if offsets[p + 1] == offsets[p]:
                continue
            hv[n_heap] = (
                w0 * role_fit[t, p_role[p]]
                + w1 * min(best_cov[p], 1.0)
                + timing_max[u, p]
                + w3 * region_fit[t, p_region[p]]
                + EPS
            )
            hp[n_heap] = p
            n_heap += 1
        for i in range(n_heap // 2 - 1, -1, -1):
            _sift_down_max(hv, hp, n_heap, i)
        cnt = 0
        tau = -np.inf
        while n_heap > 0:
            p = hp[0]
            if hv[0] < tau:
                break
            n_heap -= 1
            if n_heap > 0:
                hv[0] = hv[n_heap]
                hp[0] = hp[n_heap]
                _sift_down_max(hv, hp, n_heap, 0)
            role = role_fit[t, p_role[p]]
            region = region_fit[t, p_region[p]]
            rest = w0 * role + w3 * region + EPS
            for j in range(offsets[p], offsets[p + 1]):
                tim = timing[u, j]
                if rest + w1 * cov[j] + w2 * tim < tau:
                    continue
                sk = _coverage(levels, o_ptr, o_skill, credit, j)
                score = w0 * role + w1 * sk + w2 * tim + w3 * region
                cnt = _offer(hs, hi, cnt, score, item[j])
                if cnt == k:
                    tau = hs[0]
        for e in range(s0, s1):
            sk = t_skill[e]
            levels[sk] = 0
            for x in range(inv_ptr[sk], inv_ptr[sk + 1]):
                cov[inv_pos[x]] = 0.0
        _sort_heap(hs, hi, cnt, out_i[qi], out_s[qi])


@jit
def topk_trainees(
    queries: I64,
    k: int,
    o_ptr: I64,
    o_skill: I64,
    credit: F64,
    inv_ptr: I64,
    inv_pos: I64,
    inv_part: I64,
    inv_level: I8,
    item: I64,
    offsets: I64,
    p_role: F64,
    p_month: I64,
    region_max: F64,
    region_fit: F64,
    region_col: I64,
    timing: F64,
    levels: I8,
    w: F64,
    out_i: I64,
    out_s: F64,
) -> None:  # pragma: no cover
    """Top-k trainees of each opening in ``queries`` (all of one role), best first.

    Trainees are laid out by partition (``offsets``; ``item`` = trainee index of each
    position): inside a partition the role fit for this role (``p_role``) and the
    availability month class (``p_month``) are constant, ``region_max[p, g]`` bounds the
    region fit. ``inv_*``: for each skill, the positions of the trainees holding it, their
    partitions and levels. ``credit[e, held]`` as in :func:`topk_openings`; ``levels`` is
    the dense trainee × skill level matrix; ``timing[u, o]`` the timing fit of month class
    ``u`` and opening ``o``. Coverage accumulated over the opening's entries in order is the
    exact coverage (same additions as ``score_pairs``), used here as a bound.
    """
    n_parts = p_month.size
    cov = np.zeros(item.size)
    best_cov = np.empty(n_parts)
    hv = np.empty(n_parts)
    hp = np.empty(n_parts, dtype=np.int64)
    hs = np.empty(k)
    hi = np.empty(k, dtype=np.int64)
    w0, w1, w2, w3 = w[0], w[1], w[2], w[3]
    for qi in range(queries.size):
        o = queries[qi]
        g = region_col[o]
        lo = o_ptr[o]
        hi_e = o_ptr[o + 1]
        full = hi_e == lo
        best_cov[:] = 1.0 if full else 0.0
        for e in range(lo, hi_e):
            sk = o_skill[e]
            for x in range(inv_ptr[sk], inv_ptr[sk + 1]):
                j = inv_pos[x]
                c = cov[j] + credit[e, inv_level[x]]
                cov[j] = c
                p = inv_part[x]
                best_cov[p] = max(best_cov[p], c)
        n_heap = 0
        for p in range(n_parts):
            if offsets[p + 1] == offsets[p]:
                continue
            hv[n_heap] = (
                w0 * p_role[p]
                + w1 * min(best_cov[p], 1.0)
                + w2 * timing[p_month[p], o]
                + w3 * region_max[p, g]
                + EPS
            )
            hp[n_heap] = p
            n_heap += 1
        for i in range(n_heap // 2 - 1, -1, -1):
            _sift_down_max(hv, hp, n_heap, i)
        cnt = 0
        tau = -np.inf
        while n_heap > 0:
            p = hp[0]
            if hv[0] < tau:
                break
            n_heap -= 1
            if n_heap > 0:
                hv[0] = hv[n_heap]
                hp[0] = hp[n_heap]
                _sift_down_max(hv, hp, n_heap, 0)
            role = p_role[p]
            tim = timing[p_month[p], o]
            rest = w0 * role + w2 * tim + EPS
            for j in range(offsets[p], offsets[p + 1]):
                cb = 1.0 if full else cov[j]
                if rest + w1 * cb + w3 * region_max[p, g] < tau:
                    continue  # not even with the partition's best region fit
                t = item[j]
                region = region_fit[t, g]
                if rest + w1 * cb + w3 * region < tau:
                    continue
                sk = 1.0
                if not full:
                    sk = 0.0
                    for e in range(lo, hi_e):
                        sk += credit[e, levels[t, o_skill[e]]]
                score = w0 * role + w1 * sk + w2 * tim + w3 * region
                cnt = _offer(hs, hi, cnt, score, t)
                if cnt == k:
                    tau = hs[0]
        for e in range(lo, hi_e):
            sk = o_skill[e]
            for x in range(inv_ptr[sk], inv_ptr[sk + 1]):
                cov[inv_pos[x]] = 0.0
        _sort_heap(hs, hi, cnt, out_i[qi], out_s[qi])
