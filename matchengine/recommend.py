"""Top-k recommendations in both directions for a whole cohort at once.

Exact top-k under the full fit score (role + skill + timing + region), computed without
scoring every pair, by compiled kernels (:mod:`matchengine._topk`, numba). Items
(openings, or trainees for the reverse direction) are grouped into partitions inside which
role fit is constant, and for openings region fit, for trainees timing. Per query, the
skill coverage of every item that shares a skill with the query is accumulated through an
inverted index (skill → items listing it); all other items cover 0 (or fully, for an
opening that lists no skills). That gives each partition a tight bound (its role fit, its
best timing and region fit, its best accumulated coverage capped at 1) and each item its
own. Partitions are visited best bound first and the visit stops when the bound falls
below the query's k-th best score; inside a partition an item is scored exactly only when
its own bound reaches the k-th best. Bounds carry a 1e-9 slack because coverage
accumulated skill by skill may differ from the exact sum in the last bits.

Scores are computed with the same float operations, in the same order, as
:meth:`FitScorer.score_pairs`, so the reported scores are bit for bit the ones
``score_pairs`` and the explanations give, and ties are broken by item index (lower first)
on exactly those values: results are deterministic and independent of threads and chunks.
Queries are spread over threads (the kernels release the GIL). Memory beyond the inputs
and the ``queries × k`` output: O(items + skill entries) for the layout and the index, a
timing table of (distinct availability months × openings) floats, and for the reverse
direction the scorer's dense trainee × skill level matrix (int8, built once per scorer).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from . import _topk as _k
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


def _group_max(values: F64, order: I64, offsets: I64) -> F64:
    """Column-wise max of ``values[:, order]`` over each partition → (rows, P); 0 if empty."""
    out = np.zeros((values.shape[0], offsets.size - 1))
    sizes = np.diff(offsets)
    nonempty = np.flatnonzero(sizes > 0)
    if nonempty.size:
        out[:, nonempty] = np.maximum.reduceat(values[:, order], offsets[nonempty], axis=1)
    return out


def _empty(q: I64, k: int) -> TopK:
    return TopK(q, np.full((q.size, k), -1, np.int64), np.full((q.size, k), -np.inf))


def _run_chunks(
    kernel: Callable[..., None],
    queries: I64,
    args: tuple[object, ...],
    k: int,
    query_chunk: int,
    workers: int | None,
) -> tuple[I64, F64]:
    """``kernel(queries[lo:hi], *args, out_i[lo:hi], out_s[lo:hi])`` over chunks of
    queries, spread over threads (the kernels release the GIL)."""
    n = queries.size
    out_i = np.empty((n, k), dtype=np.int64)
    out_s = np.empty((n, k), dtype=np.float64)
    step = max(1, query_chunk)
    starts = list(range(0, n, step))

    def run(lo: int) -> None:
        hi = min(n, lo + step)
        kernel(queries[lo:hi], *args, out_i[lo:hi], out_s[lo:hi])

    n_workers = min(workers or os.cpu_count() or 1, len(starts))
    if n_workers <= 1:
        for lo in starts:
            run(lo)
    else:
        with ThreadPoolExecutor(n_workers) as pool:
            list(pool.map(run, starts))
    return out_i, out_s


def _opening_rows(s: FitScorer, order: I64) -> tuple[I64, I64, F64]:
    """Skill entries of the openings ``order`` laid out contiguously in that order: row
    pointers, skill, and ``credit[e, key]`` for every skill key (held level, verified or
    declared) — the very values :meth:`FitScorer.skill_coverage` reads."""
    o = s.openings
    counts = np.diff(o.skill_indptr)[order]
    entries = _ranges(o.skill_indptr[order], counts)
    ptr = np.zeros(order.size + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    credit = s.entry_credit()[entries]
    return ptr, o.skill_index[entries].astype(np.int64), np.ascontiguousarray(credit)


def recommend_openings(
    scorer: FitScorer,
    k: int = 20,
    *,
    trainees: NDArray[np.integer] | None = None,
    openings: NDArray[np.integer] | None = None,
    query_chunk: int = 2048,
    workers: int | None = None,
) -> TopK:
    """Top-``k`` openings for each trainee (all trainees, or the given subset), chosen among
    all openings or the given subset (e.g. open postings only).

    Openings are partitioned by (role, region): role and region fit are constant inside a
    partition. Per trainee, the coverage of every opening sharing one of the trainee's
    skills is accumulated through the inverted index; other openings cover 0 (1 if they
    list no skills). A partition's bound is its role and region fit, the best timing of its
    openings for the trainee's availability month and its best accumulated coverage
    (capped at 1). The compiled kernel visits partitions best bound first and stops when
    the bound falls below the k-th best score; inside a partition an opening is scored
    exactly only when its exact role, region and timing parts plus its own accumulated
    coverage can reach the k-th best. ``query_chunk`` trainees form one unit of work for
    the threads.
    """
    if k < 1:
        raise ValueError("k must be >= 1")
    s = scorer
    q = np.arange(s.trainees.n) if trainees is None else np.asarray(trainees, dtype=np.int64)
    pool = np.arange(s.openings.n) if openings is None else np.asarray(openings, dtype=np.int64)
    if q.size == 0 or pool.size == 0:
        return _empty(q, k)
    t, o = s.trainees, s.openings
    g1 = s.n_regions + 1
    n_parts = s.n_roles * g1
    region_col = np.where(o.region < 0, s.n_regions, o.region).astype(np.int64)
    keys = o.role[pool].astype(np.int64) * g1 + region_col[pool]
    perm = np.argsort(keys, kind="stable")
    order = pool[perm]
    offsets = np.searchsorted(keys[perm], np.arange(n_parts + 1))
    months, month_of = np.unique(t.available_month, return_inverse=True)
    apart = months_apart(
        months.astype(np.int64)[:, None],
        o.window_start[order].astype(np.int64)[None, :],
        o.window_end[order].astype(np.int64)[None, :],
    )
    timing = np.clip(1.0 - s.weights.timing_penalty_per_month * apart, 0.0, 1.0)
    w = np.ascontiguousarray(s.w, dtype=np.float64)
    timing_max = np.ascontiguousarray(w[2] * _group_max(timing, np.arange(order.size), offsets))
    o_ptr, o_skill, credit = _opening_rows(s, order)
    by_skill = np.argsort(o_skill, kind="stable")
    inv_ptr = np.searchsorted(o_skill[by_skill], np.arange(max(s.n_skills, 1) + 1))
    inv_pos = np.repeat(np.arange(order.size, dtype=np.int64), np.diff(o_ptr))[by_skill]
    inv_part = np.repeat(np.arange(n_parts, dtype=np.int64), np.diff(offsets))[inv_pos]
    inv_credit = np.ascontiguousarray(credit[by_skill].T)
    t_skill = t.skill_index.astype(np.int64)
    t_key = np.ascontiguousarray(t.skill_key())
    role_fit = np.ascontiguousarray(s.trainee_role_fit)
    region_fit = np.ascontiguousarray(s.trainee_region_fit)
    month_of = month_of.astype(np.int64)
    p_role = np.arange(n_parts, dtype=np.int64) // g1
    p_region = np.arange(n_parts, dtype=np.int64) % g1
    args = (
        k, t.skill_indptr, t_skill, t_key, role_fit, region_fit, month_of, p_role,
        p_region, offsets, order, o_ptr, o_skill, credit, inv_ptr, inv_pos, inv_part,
        inv_credit, timing, timing_max, w, s.n_skills,
    )  # fmt: skip
    out_i, out_s = _run_chunks(_k.topk_openings, q, args, k, query_chunk, workers)
    return TopK(q, out_i, out_s)


def recommend_trainees(
    scorer: FitScorer,
    k: int = 20,
    *,
    openings: NDArray[np.integer] | None = None,
    trainees: NDArray[np.integer] | None = None,
    query_chunk: int = 512,
    workers: int | None = None,
) -> TopK:
    """Top-``k`` trainees for each opening, chosen among all trainees or the given subset
    (pass only the trainees who consented to being recommended).

    Openings are handled role by role. For role ``r`` the trainees are partitioned by
    (their role fit for ``r``, availability month, first desired region): role fit and
    timing are constant inside a partition and its region fit is bounded by the best of its
    members for the opening's region. Per opening, the exact skill coverage of every trainee
    holding one of its skills is accumulated through an inverted index (all others cover
    0; everyone covers an opening that lists no skills fully), which bounds each partition
    by its best coverage; the compiled kernel visits partitions best bound first and
    scores a trainee only when its bound (its own coverage and region fit) reaches the k-th
    best so far. ``query_chunk`` openings form one unit of work for the threads.
    """
    if k < 1:
        raise ValueError("k must be >= 1")
    s = scorer
    q = np.arange(s.openings.n) if openings is None else np.asarray(openings, dtype=np.int64)
    pool = np.arange(s.trainees.n) if trainees is None else np.asarray(trainees, dtype=np.int64)
    if q.size == 0 or pool.size == 0:
        return _empty(q, k)
    t, o = s.trainees, s.openings
    g1 = s.n_regions + 1
    n = t.n
    months, month_of = np.unique(t.available_month, return_inverse=True)
    n_months = months.size
    apart = months_apart(
        months.astype(np.int64)[:, None],
        o.window_start.astype(np.int64)[None, :],
        o.window_end.astype(np.int64)[None, :],
    )
    timing = np.clip(1.0 - s.weights.timing_penalty_per_month * apart, 0.0, 1.0)
    region_col = np.where(o.region < 0, s.n_regions, o.region).astype(np.int64)
    first_region = t.desired_regions[:, 0].astype(np.int64)
    first_region = np.where(first_region < 0, s.n_regions, first_region)
    # postings: for each skill, the pool trainees holding it and their levels
    in_pool = np.zeros(n, dtype=np.bool_)
    in_pool[pool] = True
    owner = np.repeat(np.arange(n, dtype=np.int64), np.diff(t.skill_indptr))
    by_skill = np.argsort(t.skill_index, kind="stable")
    by_skill = by_skill[in_pool[owner[by_skill]]]
    post_skill = t.skill_index[by_skill].astype(np.int64)
    inv_ptr = np.searchsorted(post_skill, np.arange(max(s.n_skills, 1) + 1))
    post_trainee = owner[by_skill]
    inv_level = np.ascontiguousarray(t.skill_key()[by_skill])  # skill keys, not levels
    o_ptr = o.skill_indptr.astype(np.int64)
    o_skill = o.skill_index.astype(np.int64)
    credit = s.entry_credit()
    levels = s.trainee_keys()  # skill keys: the credit tables' column
    region_fit = np.ascontiguousarray(s.trainee_region_fit)
    w = np.ascontiguousarray(s.w, dtype=np.float64)
    out_i = np.empty((q.size, k), dtype=np.int64)
    out_s = np.empty((q.size, k), dtype=np.float64)
    q_role = o.role[q].astype(np.int64)
    for r in np.unique(q_role).tolist():
        rows = np.flatnonzero(q_role == r)
        fit = s.trainee_role_fit[pool, r]
        values, fit_class = np.unique(-fit, return_inverse=True)  # best role fit first
        keys = (fit_class * n_months + month_of[pool]) * g1 + first_region[pool]
        n_parts = values.size * n_months * g1
        perm = np.argsort(keys, kind="stable")
        order = pool[perm]
        offsets = np.searchsorted(keys[perm], np.arange(n_parts + 1))
        part_of = np.repeat(np.arange(n_parts, dtype=np.int64), np.diff(offsets))
        pos_of = np.empty(n, dtype=np.int64)
        pos_of[order] = np.arange(order.size)
        inv_pos = pos_of[post_trainee]
        inv_part = part_of[inv_pos]
        p_role = np.repeat(-values, n_months * g1).astype(np.float64)
        p_month = np.tile(np.repeat(np.arange(n_months, dtype=np.int64), g1), values.size)
        region_max = np.ascontiguousarray(
            _group_max(s.trainee_region_fit.T, order, offsets).T, dtype=np.float64
        )
        args = (
            k, o_ptr, o_skill, credit, inv_ptr, inv_pos, inv_part, inv_level, order, offsets,
            p_role, p_month, region_max, region_fit, region_col, timing, levels, w,
        )  # fmt: skip
        sub_i, sub_s = _run_chunks(_k.topk_trainees, q[rows], args, k, query_chunk, workers)
        out_i[rows] = sub_i
        out_s[rows] = sub_s
    return TopK(q, out_i, out_s)
