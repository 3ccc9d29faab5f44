"""Generated instances shaped like the real problem (used by the benchmark and the tests).

Openings = trainees / 5, headcount 1–5, 20-entry rank lists, ~8 skills per item out of ~300.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..deferred_acceptance import RankLists
from ..scoring import OpeningArrays, TraineeArrays

I64 = NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class MatchDayInstance:
    lists: RankLists
    capacity: I64


def distinct_choices(rng: np.random.Generator, rows: int, k: int, m: int) -> I64:
    """``rows × k`` matrix of distinct values in [0, m) per row (in random order)."""
    if k > m:
        raise ValueError("cannot choose more distinct values than exist")
    if k * 4 > m:  # small universes: exact sampling
        return np.argsort(rng.random((rows, m)), axis=1)[:, :k].astype(np.int64)
    step_max = m // k
    steps = rng.integers(1, step_max + 1, size=(rows, k), dtype=np.int64)
    base = rng.integers(0, m, size=(rows, 1), dtype=np.int64)
    vals = (base + np.cumsum(steps, axis=1)) % m
    return rng.permuted(vals, axis=1)


def match_day_instance(
    n_trainees: int,
    *,
    seed: int = 0,
    list_length: int = 20,
    n_openings: int | None = None,
    max_headcount: int = 5,
    ranked_fraction: float = 0.9,
    popularity: float = 0.0,
) -> MatchDayInstance:
    """Trainees rank ``list_length`` distinct openings; each opening ranks a random
    ``ranked_fraction`` of its applicants in random order. ``popularity`` > 0 skews the
    trainees' choices towards low-index openings (a few very popular companies)."""
    rng = np.random.default_rng(seed)
    m = n_openings if n_openings is not None else max(1, n_trainees // 5)
    k = min(list_length, m)
    choice = distinct_choices(rng, n_trainees, k, m)
    if popularity > 0:
        perm = np.argsort(rng.random(m) ** (1.0 + popularity) * np.arange(1, m + 1))
        choice = perm[choice]
        # a trainee's list goes from more to less popular with some noise
        noise = rng.random(choice.shape) + np.argsort(np.argsort(choice, axis=1), axis=1)
        choice = np.take_along_axis(choice, np.argsort(noise, axis=1), axis=1)
    opening = choice.ravel()
    e = opening.size
    owner = np.repeat(np.arange(n_trainees, dtype=np.int64), k)
    prio = rng.permutation(e).astype(np.int64)
    order = np.argsort(opening * e + prio)
    o_sorted = opening[order]
    starts = np.flatnonzero(np.r_[True, o_sorted[1:] != o_sorted[:-1]]) if e else np.zeros(0, int)
    sizes = np.diff(np.r_[starts, e])
    rank = np.empty(e, dtype=np.int64)
    rank[order] = np.arange(e) - np.repeat(starts, sizes)
    unranked = rng.random(e) >= ranked_fraction
    rank[unranked] = -1
    del owner
    indptr = np.arange(0, e + 1, k, dtype=np.int64) if k else np.zeros(n_trainees + 1, np.int64)
    capacity = rng.integers(1, max_headcount + 1, size=m, dtype=np.int64)
    return MatchDayInstance(RankLists(indptr, opening, rank), capacity)


def to_peer_dictionaries(
    inst: MatchDayInstance,
) -> tuple[dict[int, list[int]], dict[int, list[int]], dict[int, int]]:
    """The same instance in the ``matching`` library's format (mutually acceptable pairs only,
    trainees with no acceptable entry left out, as the library requires)."""
    lists = inst.lists
    owner = lists.owner()
    ok = lists.opening_rank >= 0
    t, o, r = owner[ok], lists.opening[ok], lists.opening_rank[ok]
    resident: dict[int, list[int]] = {}
    for ti, oi in zip(t.tolist(), o.tolist(), strict=True):
        resident.setdefault(ti, []).append(oi)
    order = np.lexsort((r, o))
    hospital: dict[int, list[int]] = {h: [] for h in range(inst.capacity.size)}
    for oi, ti in zip(o[order].tolist(), t[order].tolist(), strict=True):
        hospital[oi].append(ti)
    capacities = {h: int(c) for h, c in enumerate(inst.capacity.tolist())}
    return resident, hospital, capacities


@dataclass(frozen=True, slots=True)
class PlanInstance:
    n_trainees: int
    trainee: I64
    opening: I64
    score: NDArray[np.float64]
    capacity: I64


def plan_instance(
    n_trainees: int, *, seed: int = 0, candidates: int = 20, max_headcount: int = 5
) -> PlanInstance:
    """Each trainee has ``candidates`` distinct candidate openings with a fit score in [0, 1)."""
    rng = np.random.default_rng(seed)
    m = max(1, n_trainees // 5)
    k = min(candidates, m)
    choice = distinct_choices(rng, n_trainees, k, m)
    trainee = np.repeat(np.arange(n_trainees, dtype=np.int64), k)
    score = rng.random(n_trainees * k)
    capacity = rng.integers(1, max_headcount + 1, size=m, dtype=np.int64)
    return PlanInstance(n_trainees, trainee, choice.ravel(), score, capacity)


@dataclass(frozen=True, slots=True)
class ScoringInstance:
    trainees: TraineeArrays
    openings: OpeningArrays
    relation: NDArray[np.int8]
    n_regions: int
    n_skills: int


def scoring_instance(
    n_trainees: int,
    n_openings: int,
    *,
    seed: int = 0,
    n_skills: int = 300,
    skills_per_item: int = 8,
    n_roles: int = 20,
    n_groups: int = 5,
    n_regions: int = 17,
    months: int = 12,
    on_role: float = 0.75,
) -> ScoringInstance:
    """Random cohort: roles in groups with a few related pairs, ~8 skills per item of which
    ``on_role`` (share) come from the item's role pool (``on_role=0``: uniformly random)."""
    rng = np.random.default_rng(seed)
    group = np.arange(n_roles) % n_groups
    relation = np.where(group[:, None] == group[None, :], 1, 0).astype(np.int8)
    for _ in range(n_roles):
        a, b = rng.integers(0, n_roles, 2)
        relation[a, b] = relation[b, a] = 2
    np.fill_diagonal(relation, 3)

    pool_size = min(n_skills, 30)

    def skills(
        role: NDArray[np.int64],
    ) -> tuple[I64, NDArray[np.int32], NDArray[np.int8]]:
        """~``skills_per_item`` distinct skills per row, ``on_role`` of them drawn from the
        row's role pool (30 skills per role, neighbouring roles overlap), the rest uniform."""
        rows = role.size
        kmax = min(skills_per_item + 3, n_skills)
        counts = np.clip(rng.integers(skills_per_item - 3, skills_per_item + 4, size=rows), 0, kmax)
        pool = distinct_choices(rng, rows, min(kmax, pool_size), pool_size)
        pool = (pool + (role * (n_skills // max(n_roles, 1)))[:, None]) % n_skills
        anywhere = distinct_choices(rng, rows, kmax, n_skills)
        pick = np.where(
            rng.random((rows, kmax)) < on_role,
            np.pad(pool, ((0, 0), (0, kmax - pool.shape[1])), mode="wrap"),
            anywhere,
        )
        pick[np.arange(kmax)[None, :] >= counts[:, None]] = n_skills
        pick.sort(axis=1)
        dup = np.zeros_like(pick, dtype=np.bool_)
        dup[:, 1:] = pick[:, 1:] == pick[:, :-1]
        pick[dup] = n_skills
        pick.sort(axis=1)
        valid = pick < n_skills
        counts = valid.sum(axis=1)
        idx = pick[valid]
        indptr = np.zeros(rows + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        level = rng.integers(1, 5, size=idx.size).astype(np.int8)
        return indptr, idx.astype(np.int32), level

    n_desired = rng.integers(1, 4, size=n_trainees)
    desired = rng.integers(0, n_roles, size=(n_trainees, 3)).astype(np.int32)
    t_ptr, t_idx, t_lvl = skills(desired[:, 0].astype(np.int64))
    desired[np.arange(3)[None, :] >= n_desired[:, None]] = -1
    trained = np.where(rng.random(n_trainees) < 0.8, desired[:, 0], -1).astype(np.int32)
    regions = np.full((n_trainees, 2), -1, dtype=np.int32)
    regions[:, : min(2, n_regions)] = distinct_choices(
        rng, n_trainees, min(2, n_regions), n_regions
    )
    regions[rng.random(n_trainees) < 0.5, 1] = -1
    regions[rng.random(n_trainees) < 0.1] = -1
    base = 2026 * 12
    trainees = TraineeArrays(
        desired_roles=desired,
        trained_role=trained,
        available_month=(base + rng.integers(0, months, size=n_trainees)).astype(np.int32),
        desired_regions=regions,
        skill_indptr=t_ptr,
        skill_index=t_idx,
        skill_level=t_lvl,
    )
    o_role = rng.integers(0, n_roles, size=n_openings)
    o_ptr, o_idx, o_lvl = skills(o_role)
    start = base + rng.integers(0, months, size=n_openings)
    openings = OpeningArrays(
        role=o_role.astype(np.int32),
        region=np.where(
            rng.random(n_openings) < 0.05, -1, rng.integers(0, n_regions, size=n_openings)
        ).astype(np.int32),
        window_start=start.astype(np.int32),
        window_end=(start + rng.integers(0, 3, size=n_openings)).astype(np.int32),
        headcount=rng.integers(1, 6, size=n_openings).astype(np.int32),
        skill_indptr=o_ptr,
        skill_index=o_idx,
        skill_level=o_lvl,
        skill_required=rng.random(o_idx.size) < 0.6,
    )
    return ScoringInstance(trainees, openings, relation, n_regions, n_skills)


def ranked_plan_instance(
    n_trainees: int,
    *,
    seed: int = 0,
    candidates: int = 20,
    max_fit: int = 1000,
    max_headcount: int = 5,
) -> PlanInstance:
    """The second plan family: each trainee ranks ``candidates`` distinct openings and the
    fits are integers 1–``max_fit``, best first along the trainee's ranking (so many pairs
    tie: ~100 candidates per opening share 1,000 values). Openings = trainees / 5,
    headcount 1–``max_headcount``."""
    rng = np.random.default_rng(seed)
    m = max(1, n_trainees // 5)
    k = min(candidates, m)
    choice = distinct_choices(rng, n_trainees, k, m)
    trainee = np.repeat(np.arange(n_trainees, dtype=np.int64), k)
    fits = -np.sort(-rng.integers(1, max_fit + 1, size=(n_trainees, k)), axis=1)
    capacity = rng.integers(1, max_headcount + 1, size=m, dtype=np.int64)
    return PlanInstance(
        n_trainees, trainee, choice.ravel(), fits.ravel().astype(np.float64), capacity
    )
