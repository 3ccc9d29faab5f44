"""Top-k recommendations in both directions for a whole cohort at once.

Exact top-k under the full fit score (role + skill + timing + region), computed without
scoring every pair. Items (openings, or trainees for the reverse direction) are grouped
into partitions by role. For every query and partition an upper bound of the score is
cheap to compute (role fit is constant per partition; timing and region take their best
value in the partition; skill coverage is at most 1). Each query visits its partitions in
decreasing bound order and stops as soon as the bound falls below its current k-th best
score, so the answer is exactly the top-k of all pairs. All queries advance together:
round ``j`` evaluates, per partition, the dense block of queries whose ``j``-th partition
it is, in chunks of at most ``chunk_pairs`` pairs (bounded memory).

Skill coverage in a block is one sparse product (scipy.sparse) of "thermometer" skill
features: a trainee holding skill ``s`` at level ``l`` has features ``(s, 1..l)``; an
opening needing ``s`` at level ``n`` has features ``(s, 1..n)`` with value ``ω / n``, so the
product is Σ ω·min(l, n)/n — the same coverage as :meth:`FitScorer.score_pairs`.

Ties are broken by item index (lower first), so results are deterministic; the reported
scores are recomputed with :meth:`FitScorer.score_pairs` so they equal the explanations.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .contracts import MAX_LEVEL
from .scoring import FitScorer, months_apart
from .scoring import concat_ranges as _ranges

__all__ = ["TopK", "recommend_openings", "recommend_trainees"]

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class TopK:
    """Row ``q``: the best ``k`` items for query ``q``, best first (index -1 = no item)."""

    query: I64  # query indices (trainees or openings), one per row
    index: I64  # (Q, k)
    score: F64  # (Q, k), -inf where index is -1


def _thermometer(
    indptr: I64,
    index: NDArray[np.int32],
    level: NDArray[np.int8],
    values: F64,
    n_rows: int,
    n_skills: int,
) -> sp.csr_matrix:
    """Rows with features ``s * MAX_LEVEL + (j - 1)`` for j = 1..level, valued ``values``."""
    lv = level.astype(np.int64)
    owner = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(indptr))
    rep = np.repeat(np.arange(lv.size), lv)
    step = np.arange(rep.size) - np.repeat(np.cumsum(lv) - lv, lv)
    cols = index.astype(np.int64)[rep] * MAX_LEVEL + step
    mat = sp.csr_matrix(
        (values[rep], (owner[rep], cols)), shape=(n_rows, max(n_skills, 1) * MAX_LEVEL)
    )
    mat.sum_duplicates()
    return mat


class _Features:
    """Shared precomputation: thermometer skill features and the timing table."""

    def __init__(self, scorer: FitScorer) -> None:
        self.s = scorer
        t, o = scorer.trainees, scorer.openings
        self.n_feat = max(scorer.n_skills, 1) * MAX_LEVEL
        self.tfeat = _thermometer(
            t.skill_indptr,
            t.skill_index,
            t.skill_level,
            np.ones(t.skill_index.size),
            t.n,
            scorer.n_skills,
        )
        need = o.skill_level.astype(np.float64)
        self.ofeat = _thermometer(
            o.skill_indptr,
            o.skill_index,
            o.skill_level,
            scorer._opening_entry_weight / np.maximum(need, 1),
            o.n,
            scorer.n_skills,
        )
        self.no_skills = np.diff(o.skill_indptr) == 0
        self.region_col = np.where(o.region < 0, scorer.n_regions, o.region).astype(np.int64)
        self.months, self.month_of = np.unique(t.available_month, return_inverse=True)
        apart = months_apart(
            self.months.astype(np.int64)[:, None],
            o.window_start.astype(np.int64)[None, :],
            o.window_end.astype(np.int64)[None, :],
        )
        self.timing = np.clip(1.0 - scorer.weights.timing_penalty_per_month * apart, 0.0, 1.0)


def _shift(mat: sp.csr_matrix, part: I64, width: int, n_parts: int) -> sp.csr_matrix:
    """Move row i's features into the feature block of partition ``part[i]``, so that a
    product only pairs rows and columns of the same partition."""
    rows = np.repeat(part, np.diff(mat.indptr))
    idx_type = np.int32 if width * n_parts < 2**31 and mat.nnz < 2**31 else np.int64
    return sp.csr_matrix(
        (
            mat.data,
            (mat.indices + rows * width).astype(idx_type),
            mat.indptr.astype(idx_type),
        ),
        shape=(mat.shape[0], width * n_parts),
    )


class _Evaluator:
    """Scores each active query against the items ``order[lo:hi]`` of one partition, padded
    to a dense block; padding has item -1 and score -inf."""

    def __init__(
        self,
        order: I64,
        offsets: I64,
        query_feat: sp.csr_matrix,
        item_feat: sp.csr_matrix,
        width: int,
        base: Callable[[I64, I64, I64], F64],
        skill_weight: float,
    ) -> None:
        self.order = order
        self.n_parts = offsets.size - 1
        self.width = width
        self.query_feat = query_feat
        part_of = np.repeat(np.arange(self.n_parts), np.diff(offsets))
        self.items_t = _shift(item_feat[order], part_of, width, self.n_parts).T.tocsr()
        self.base = base
        self.w_skill = skill_weight

    def __call__(self, qs: I64, part: I64, lo: I64, hi: I64) -> tuple[I64, F64]:
        sizes = hi - lo
        bmax = max(int(sizes.max()), 1)
        col = np.arange(bmax)
        pos = lo[:, None] + col[None, :]
        pad = col[None, :] >= sizes[:, None]
        pos[pad] = 0
        items = self.order[pos]
        scores = self.base(qs, part, items)
        x = _shift(self.query_feat[qs], part, self.width, self.n_parts)
        prod = (x @ self.items_t).tocsr()
        rows = np.repeat(np.arange(qs.size), np.diff(prod.indptr))
        rel = prod.indices - lo[rows]
        inside = (rel >= 0) & (rel < sizes[rows])
        scores[rows[inside], rel[inside]] += self.w_skill * prod.data[inside]
        scores[pad] = -np.inf
        items[pad] = -1
        return items, scores


Bounds = Callable[[I64], tuple[F64, F64]]
Ranges = Callable[[I64, I64, I64], tuple[I64, I64]]
_NO_LIMIT = 2**29


def _topk(
    queries: I64,
    k: int,
    bounds: Bounds,
    ranges: Ranges,
    evaluate: _Evaluator,
    timing_weight: float,
    penalty: float,
    chunk_pairs: int,
) -> tuple[I64, F64]:
    """Exact top-k for ``queries`` (local indices into the caller's query list).

    ``bounds(queries)`` gives ``upper[q, p]`` (bounds every score in partition p) and its
    timing share. Round j evaluates, for every query still active, its j-th best partition;
    a query stops once its next bound is below its k-th best score. Inside a partition only
    items whose timing can still lift them to the k-th best score are evaluated: items are
    sorted by month, and ``ranges(q, p, d)`` gives the slice within ``d`` months."""
    n_queries = queries.size
    upper, timing_bound = bounds(queries)
    best_i = np.full((n_queries, k), -1, dtype=np.int64)
    best_s = np.full((n_queries, k), -np.inf)
    n_parts = upper.shape[1]
    visit = np.argsort(-upper.astype(np.float32), axis=1)
    active = np.arange(n_queries)
    for j in range(n_parts):
        part = visit[active, j]
        bound = upper[active, part]
        tau = best_s[active].min(axis=1)
        keep = (bound >= tau - _EPS) & (bound > -np.inf)
        active, part, tau = active[keep], part[keep], tau[keep]
        if active.size == 0:
            break
        months = np.full(active.size, _NO_LIMIT, dtype=np.int64)
        if timing_weight > 0 and penalty > 0:
            slack = tau - (bound[keep] - timing_bound[active, part])
            tight = slack > 0
            limit = (1.0 - slack[tight] / timing_weight) / penalty
            months[tight] = np.floor(limit + 1e-9).astype(np.int64)
        lo, hi = ranges(queries[active], part, months)
        sizes = hi - lo
        by_size = np.argsort(sizes, kind="stable")
        active, part, lo, hi, sizes = (
            active[by_size],
            part[by_size],
            lo[by_size],
            hi[by_size],
            sizes[by_size],
        )
        c0 = int(np.searchsorted(sizes, 1))  # skip empty ranges
        while c0 < active.size:
            # sizes ascend, so rows × widest stays within chunk_pairs with little padding
            cost = np.arange(1, active.size - c0 + 1) * sizes[c0:]
            c1 = c0 + max(1, int(np.searchsorted(cost, chunk_pairs, side="right")))
            # and widths within 2× of each other (+32), so padding stays small
            c1 = min(c1, max(c0 + 1, int(np.searchsorted(sizes, 2 * sizes[c0] + 32, "right"))))
            sl = slice(c0, c1)
            items, scores = evaluate(queries[active[sl]], part[sl], lo[sl], hi[sl])
            _merge(best_i, best_s, active[sl], items, scores, k)
            c0 = c1
    return best_i, best_s


def _topk_chunks(
    n_queries: int,
    k: int,
    bounds: Bounds,
    ranges: Ranges,
    evaluate: _Evaluator,
    timing_weight: float,
    penalty: float,
    chunk_pairs: int,
    query_chunk: int,
    workers: int | None,
) -> I64:
    """Queries in chunks (bounded memory), chunks spread over threads (numpy and scipy
    release the GIL in the heavy operations)."""
    starts = list(range(0, n_queries, query_chunk))

    def run(lo: int) -> I64:
        qs = np.arange(lo, min(n_queries, lo + query_chunk))
        return _topk(qs, k, bounds, ranges, evaluate, timing_weight, penalty, chunk_pairs)[0]

    n_workers = min(workers or os.cpu_count() or 1, len(starts))
    if n_workers <= 1:
        parts = [run(lo) for lo in starts]
    else:
        with ThreadPoolExecutor(n_workers) as pool:
            parts = list(pool.map(run, starts))
    return np.concatenate(parts) if parts else np.zeros((0, k), dtype=np.int64)


def _merge(best_i: I64, best_s: F64, qs: I64, items: I64, scores: F64, k: int) -> None:
    """Fold a dense block into the running top-k of rows ``qs``: keep the k largest by
    (score descending, item ascending). Padding has item -1 and score -inf.

    Only entries that can enter the top-k (score >= the row's current k-th best, and >= the
    block's own k-th best) are packed into a narrow matrix before the exact merge."""
    b = scores.shape[1]
    best_row = best_s[qs]
    tau = best_row.min(axis=1)
    if b > k:
        open_rows = np.flatnonzero(tau == -np.inf)
        if open_rows.size:
            kth = np.partition(scores[open_rows], b - k, axis=1)[:, b - k]
            tau[open_rows] = np.maximum(tau[open_rows], kth)
    mask = scores >= tau[:, None]
    mask &= items >= 0
    count = mask.sum(axis=1)
    rows = np.flatnonzero(count)
    if rows.size == 0:
        return
    r, col = np.nonzero(mask)
    width = int(count.max())
    first = np.cumsum(count) - count
    slot = np.arange(r.size) - first[r]
    where = np.searchsorted(rows, r)
    packed_s = np.full((rows.size, width), -np.inf)
    packed_i = np.full((rows.size, width), -1, dtype=np.int64)
    packed_s[where, slot] = scores[r, col]
    packed_i[where, slot] = items[r, col]
    _merge_dense(best_i, best_s, qs[rows], packed_i, packed_s, k)


def _merge_dense(best_i: I64, best_s: F64, qs: I64, items: I64, scores: F64, k: int) -> None:
    all_s = np.concatenate((best_s[qs], scores), axis=1)
    all_i = np.concatenate((best_i[qs], items), axis=1)
    c, width = all_s.shape
    kth = np.partition(all_s, width - k, axis=1)[:, width - k]
    above = all_s > kth[:, None]
    tied = all_s == kth[:, None]
    need = k - above.sum(axis=1)
    n_tied = tied.sum(axis=1)
    cut = np.full(c, np.iinfo(np.int64).max)
    rows = np.flatnonzero(n_tied > need)
    if rows.size:  # too many tied at the k-th score: lowest item indices win
        big = np.iinfo(np.int64).max
        tie_items = np.sort(np.where(tied[rows], all_i[rows], big), axis=1)
        cut[rows] = tie_items[np.arange(rows.size), need[rows] - 1]
    # at most k - 1 scores are above the k-th, and tied items are distinct, so exactly
    # min(k, valid) entries are chosen; padding (-inf) is never chosen
    chosen = above | (tied & (all_i <= cut[:, None]) & (all_s > -np.inf))
    slot = np.cumsum(chosen, axis=1) - 1
    r, col = np.nonzero(chosen)
    new_i = np.full((c, k), -1, dtype=np.int64)
    new_s = np.full((c, k), -np.inf)
    new_i[r, slot[r, col]] = all_i[r, col]
    new_s[r, slot[r, col]] = all_s[r, col]
    best_i[qs] = new_i
    best_s[qs] = new_s


def _skill_bound(scorer: FitScorer, o_pool: I64, o_part: I64, n_parts: int) -> F64:
    """``(S·L) × P`` table: the most skill coverage one held (skill, level) can earn in any
    opening of each partition. A trainee's coverage in a partition is at most the sum over
    their skills, capped at 1."""
    o = scorer.openings
    counts = np.diff(o.skill_indptr)[o_pool]
    entries = _ranges(o.skill_indptr[o_pool], counts)
    part = np.repeat(o_part, counts)
    need = o.skill_level[entries].astype(np.float64)
    weight = scorer._opening_entry_weight[entries]
    skill = o.skill_index[entries].astype(np.int64)
    table = np.zeros((max(scorer.n_skills, 1) * MAX_LEVEL, n_parts))
    for held in range(1, MAX_LEVEL + 1):
        value = weight * np.minimum(held, need) / need
        np.maximum.at(table, (skill * MAX_LEVEL + held - 1, part), value)
    return table


def _trainee_skill_onehot(scorer: FitScorer, t_idx: I64) -> sp.csr_matrix:
    """Rows: trainees; one feature ``s·L + level - 1`` per held skill."""
    t = scorer.trainees
    full = sp.csr_matrix(
        (
            np.ones(t.skill_index.size),
            t.skill_index.astype(np.int64) * MAX_LEVEL + t.skill_level.astype(np.int64) - 1,
            t.skill_indptr,
        ),
        shape=(t.n, max(scorer.n_skills, 1) * MAX_LEVEL),
    )
    return full[t_idx]


def _partition_top_levels(scorer: FitScorer, t_order: I64, offsets: I64) -> F64:
    """``P × S``: the highest level of each skill held by any trainee of each partition."""
    t = scorer.trainees
    n_parts = offsets.size - 1
    part_of = np.full(t.n, -1, dtype=np.int64)
    part_of[t_order] = np.repeat(np.arange(n_parts), np.diff(offsets))
    owner = np.repeat(np.arange(t.n), np.diff(t.skill_indptr))
    ok = part_of[owner] >= 0
    top = np.zeros((n_parts, max(scorer.n_skills, 1)))
    np.maximum.at(top, (part_of[owner[ok]], t.skill_index[ok]), t.skill_level[ok])
    return top


def _opening_skill_bound(scorer: FitScorer, q: I64, top: F64) -> F64:
    """``Q × P``: the most coverage opening q can get from any trainee of partition p."""
    o = scorer.openings
    n_parts = top.shape[0]
    counts = np.diff(o.skill_indptr)[q]
    entries = _ranges(o.skill_indptr[q], counts)
    need = o.skill_level[entries].astype(np.float64)
    weight = scorer._opening_entry_weight[entries] / need
    owner_q = np.repeat(np.arange(q.size), counts)
    skill = o.skill_index[entries]
    out = np.ones((q.size, n_parts))
    for p in range(n_parts):
        vals = weight * np.minimum(top[p, skill], need)
        sums = np.bincount(owner_q, weights=vals, minlength=q.size)
        out[:, p] = np.where(counts > 0, sums, 1.0)
    return np.minimum(out, 1.0)


def _group_max(values: F64, order: I64, offsets: I64) -> F64:
    """Column-wise max of ``values[:, order]`` over each partition → (rows, P); 0 if empty."""
    out = np.zeros((values.shape[0], offsets.size - 1))
    sizes = np.diff(offsets)
    nonempty = np.flatnonzero(sizes > 0)
    if nonempty.size:
        out[:, nonempty] = np.maximum.reduceat(values[:, order], offsets[nonempty], axis=1)
    return out


def _rescore(scorer: FitScorer, queries: I64, idx: I64, trainee_side: bool) -> tuple[I64, F64]:
    """Exact scores of the chosen pairs via score_pairs, re-sorted (ties by index)."""
    q = np.repeat(queries, idx.shape[1])
    it = idx.ravel()
    ok = it >= 0
    flat = np.full(it.size, -np.inf)
    if ok.any():
        t, o = (q[ok], it[ok]) if trainee_side else (it[ok], q[ok])
        flat[ok] = scorer.score_pairs(t, o).total
    score = flat.reshape(idx.shape)
    order = np.lexsort((np.where(idx < 0, np.iinfo(np.int64).max, idx), -score), axis=1)
    return np.take_along_axis(idx, order, axis=1), np.take_along_axis(score, order, axis=1)


def _partition(keys: I64, pool: I64, n_parts: int) -> tuple[I64, I64]:
    """Items of ``pool`` ordered by partition key, and the partition offsets."""
    order = np.argsort(keys, kind="stable")
    return pool[order], np.searchsorted(keys[order], np.arange(n_parts + 1))


_KEY = np.int64(2**32)
_SHIFT = np.int64(2**31)


def _empty(q: I64, k: int) -> TopK:
    return TopK(q, np.full((q.size, k), -1, np.int64), np.full((q.size, k), -np.inf))


def recommend_openings(
    scorer: FitScorer,
    k: int = 20,
    *,
    trainees: NDArray[np.integer] | None = None,
    openings: NDArray[np.integer] | None = None,
    chunk_pairs: int = 1_000_000,
    query_chunk: int = 16_384,
    workers: int | None = None,
) -> TopK:
    """Top-``k`` openings for each trainee (all trainees, or the given subset), chosen among
    all openings or the given subset (e.g. open postings only)."""
    if k < 1:
        raise ValueError("k must be >= 1")
    s = scorer
    q = np.arange(s.trainees.n) if trainees is None else np.asarray(trainees, dtype=np.int64)
    pool = np.arange(s.openings.n) if openings is None else np.asarray(openings, dtype=np.int64)
    if q.size == 0 or pool.size == 0:
        return _empty(q, k)
    f = _Features(s)
    g1 = s.n_regions + 1
    n_parts = s.n_roles * g1
    # partitions: (role, region) — role fit and region fit are constant inside one;
    # inside a partition openings are sorted by window start
    keys = s.openings.role[pool].astype(np.int64) * g1 + f.region_col[pool]
    start = s.openings.window_start[pool].astype(np.int64)
    perm = np.lexsort((start, keys))
    order = pool[perm]
    offsets = np.searchsorted(keys[perm], np.arange(n_parts + 1))
    part_of = np.repeat(np.arange(n_parts), np.diff(offsets))
    part_role = np.arange(n_parts) // g1
    part_region = np.arange(n_parts) % g1
    empty = np.diff(offsets) == 0
    w = s.w
    skill_table = _skill_bound(s, order, part_of, n_parts)
    has_empty = np.zeros(n_parts, dtype=np.bool_)
    has_empty[part_of[f.no_skills[order]]] = True
    timing_table = w[2] * _group_max(f.timing, order, offsets)
    onehot = _trainee_skill_onehot(s, q)
    month_idx = f.month_of[q]
    month = s.trainees.available_month[q].astype(np.int64)
    role_fit, region_fit = s.trainee_role_fit, s.trainee_region_fit
    longest = int((s.openings.window_end[pool] - s.openings.window_start[pool]).max())
    item_key = part_of * _KEY + start[perm] + _SHIFT
    no_skill = w[1] * f.no_skills

    def bounds(qs: I64) -> tuple[F64, F64]:
        t = q[qs]
        skill = np.minimum(onehot[qs] @ skill_table, 1.0)
        skill[:, has_empty] = 1.0  # an opening that lists no skills covers fully
        timing = timing_table[month_idx[qs]]
        upper = w[0] * role_fit[np.ix_(t, part_role)]
        upper += w[1] * skill
        upper += timing
        upper += w[3] * region_fit[np.ix_(t, part_region)]
        upper += _EPS
        upper[:, empty] = -np.inf
        return upper, timing

    def ranges(qs: I64, part: I64, months: I64) -> tuple[I64, I64]:
        at = part * _KEY + _SHIFT + month[qs]
        lo = np.searchsorted(item_key, at - months - longest)
        hi = np.searchsorted(item_key, at + months, side="right")
        return lo, hi

    def base(qs: I64, part: I64, items: I64) -> F64:
        t = q[qs]
        const = w[0] * role_fit[t, part_role[part]] + w[3] * region_fit[t, part_region[part]]
        out: F64 = f.timing[month_idx[qs][:, None], items]
        out *= w[2]
        out += const[:, None]
        out += no_skill[items]
        return out

    evaluate = _Evaluator(order, offsets, f.tfeat[q], f.ofeat, f.n_feat, base, float(w[1]))
    idx = _topk_chunks(
        q.size,
        k,
        bounds,
        ranges,
        evaluate,
        float(w[2]),
        s.weights.timing_penalty_per_month,
        chunk_pairs,
        query_chunk,
        workers,
    )
    idx, score = _rescore(s, q, idx, trainee_side=True)
    return TopK(q, idx, score)


def recommend_trainees(
    scorer: FitScorer,
    k: int = 20,
    *,
    openings: NDArray[np.integer] | None = None,
    trainees: NDArray[np.integer] | None = None,
    chunk_pairs: int = 1_000_000,
    query_chunk: int = 16_384,
    workers: int | None = None,
) -> TopK:
    """Top-``k`` trainees for each opening, chosen among all trainees or the given subset
    (pass only the trainees who consented to being recommended)."""
    if k < 1:
        raise ValueError("k must be >= 1")
    s = scorer
    q = np.arange(s.openings.n) if openings is None else np.asarray(openings, dtype=np.int64)
    pool = np.arange(s.trainees.n) if trainees is None else np.asarray(trainees, dtype=np.int64)
    if q.size == 0 or pool.size == 0:
        return _empty(q, k)
    f = _Features(s)
    g1 = s.n_regions + 1
    n_parts = s.n_roles * g1
    # partitions: (best-fitting role, first desired region or none), sorted by month inside
    primary = np.argmax(s.trainee_role_fit[pool], axis=1).astype(np.int64)
    first_region = s.trainees.desired_regions[pool, 0].astype(np.int64)
    keys = primary * g1 + np.where(first_region < 0, s.n_regions, first_region)
    t_month = s.trainees.available_month[pool].astype(np.int64)
    perm = np.lexsort((t_month, keys))
    order = pool[perm]
    offsets = np.searchsorted(keys[perm], np.arange(n_parts + 1))
    part_of = np.repeat(np.arange(n_parts), np.diff(offsets))
    empty = np.diff(offsets) == 0
    w = s.w
    role_max = _group_max(s.trainee_role_fit.T, order, offsets)  # roles × P
    region_max = _group_max(s.trainee_region_fit.T, order, offsets)  # (G + 1) × P
    top = _partition_top_levels(s, order, offsets)
    month_present = np.zeros((f.months.size, n_parts), dtype=np.bool_)
    month_present[f.month_of[order], part_of] = True
    role_q = s.openings.role[q].astype(np.int64)
    region_q = f.region_col[q]
    start_q = s.openings.window_start[q].astype(np.int64)
    end_q = s.openings.window_end[q].astype(np.int64)
    item_key = part_of * _KEY + t_month[perm] + _SHIFT
    role_fit, region_fit = s.trainee_role_fit, s.trainee_region_fit
    no_skill = w[1] * f.no_skills[q]

    def bounds(qs: I64) -> tuple[F64, F64]:
        o = q[qs]
        timing = np.zeros((qs.size, n_parts))
        for u in range(f.months.size):
            cols = month_present[u]
            timing[:, cols] = np.maximum(timing[:, cols], f.timing[u, o][:, None])
        timing *= w[2]
        upper = w[0] * role_max[role_q[qs]]
        upper += w[1] * _opening_skill_bound(s, o, top)
        upper += timing
        upper += w[3] * region_max[region_q[qs]]
        upper += _EPS
        upper[:, empty] = -np.inf
        return upper, timing

    def ranges(qs: I64, part: I64, months: I64) -> tuple[I64, I64]:
        at = part * _KEY + _SHIFT
        lo = np.searchsorted(item_key, at + start_q[qs] - months)
        hi = np.searchsorted(item_key, at + end_q[qs] + months, side="right")
        return lo, hi

    def base(qs: I64, part: I64, items: I64) -> F64:
        o = q[qs]
        out = role_fit[items, role_q[qs][:, None]]
        out *= w[0]
        out += w[3] * region_fit[items, region_q[qs][:, None]]
        out += w[2] * f.timing[f.month_of[items], o[:, None]]
        out += no_skill[qs][:, None]
        return out

    evaluate = _Evaluator(order, offsets, f.ofeat[q], f.tfeat, f.n_feat, base, float(w[1]))
    idx = _topk_chunks(
        q.size,
        k,
        bounds,
        ranges,
        evaluate,
        float(w[2]),
        s.weights.timing_penalty_per_month,
        chunk_pairs,
        query_chunk,
        workers,
    )
    idx, score = _rescore(s, q, idx, trainee_side=False)
    return TopK(q, idx, score)
