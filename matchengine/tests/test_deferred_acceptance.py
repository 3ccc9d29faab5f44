"""Match day: stability, capacities, trainee-optimality, determinism, peer equality."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching.algorithms.hospital_resident import hospital_resident
from matching.games.hospital_resident import _make_players

from matchengine.bench.instances import match_day_instance, to_peer_dictionaries
from matchengine.deferred_acceptance import (
    RankLists,
    blocking_pairs,
    deferred_acceptance,
    match_day,
    match_day_from_lists,
    rank_lists_from_scores,
    second_round,
)

from .conftest import run_deep
from .reference import deferred_acceptance_numpy


def small_instance(seed: int, n: int, m: int) -> tuple[RankLists, np.ndarray]:
    rng = np.random.default_rng(seed)
    indptr = [0]
    opening: list[int] = []
    for _ in range(n):
        k = int(rng.integers(0, m + 1))
        opening.extend(rng.permutation(m)[:k].tolist())
        indptr.append(len(opening))
    e = len(opening)
    # each opening ranks a random subset of its applicants in random order
    rank = np.full(e, -1, dtype=np.int64)
    o_arr = np.asarray(opening, dtype=np.int64)
    for h in range(m):
        entries = np.flatnonzero(o_arr == h)
        entries = entries[rng.random(entries.size) < 0.8]
        rank[rng.permutation(entries)] = np.arange(entries.size)
    cap = rng.integers(0, 3, size=m)
    return RankLists(np.asarray(indptr), o_arr, rank), cap


def naive_blocking(lists: RankLists, cap: np.ndarray, asg: np.ndarray) -> list[tuple[int, int]]:
    """Independent, loop-based definition of a blocking pair."""
    n = lists.n_trainees
    prefs = {t: lists.opening[lists.indptr[t] : lists.indptr[t + 1]].tolist() for t in range(n)}
    orank: dict[tuple[int, int], int] = {}
    for t in range(n):
        for e in range(int(lists.indptr[t]), int(lists.indptr[t + 1])):
            if lists.opening_rank[e] >= 0:
                orank[(int(lists.opening[e]), t)] = int(lists.opening_rank[e])
    held: dict[int, list[int]] = {h: [] for h in range(cap.size)}
    for t, h in enumerate(asg.tolist()):
        if h >= 0:
            held[h].append(t)
    out = []
    for t in range(n):
        for h in prefs[t]:
            if (h, t) not in orank:
                continue
            if asg[t] >= 0 and prefs[t].index(asg[t]) <= prefs[t].index(h):
                continue
            if len(held[h]) < cap[h] or any(
                (orank[(h, t)], t) < (orank[(h, u)], u) for u in held[h]
            ):
                out.append((t, h))
                break
    return out


def all_stable(lists: RankLists, cap: np.ndarray) -> list[np.ndarray]:
    n = lists.n_trainees
    options = []
    for t in range(n):
        acc = [
            int(lists.opening[e])
            for e in range(int(lists.indptr[t]), int(lists.indptr[t + 1]))
            if lists.opening_rank[e] >= 0
        ]
        options.append([-1, *acc])
    stable = []
    for combo in itertools.product(*options):
        asg = np.asarray(combo, dtype=np.int64)
        load = np.bincount(asg[asg >= 0], minlength=cap.size)
        if np.any(load > cap):
            continue
        if not naive_blocking(lists, cap, asg):
            stable.append(asg)
    return stable


@pytest.mark.parametrize(
    ("trainee_prefs", "opening_prefs", "capacities", "expected"),
    [
        # classic: both prefer their first choices
        (
            {"a": ["x", "y"], "b": ["y", "x"]},
            {"x": ["a", "b"], "y": ["b", "a"]},
            {"x": 1, "y": 1},
            {"a": "x", "b": "y"},
        ),
        # contested place goes to the opening's favourite; the other moves on
        (
            {"a": ["x", "y"], "b": ["x", "y"]},
            {"x": ["b", "a"], "y": ["a", "b"]},
            {"x": 1, "y": 1},
            {"a": "y", "b": "x"},
        ),
        # capacity two takes both
        ({"a": ["x"], "b": ["x"]}, {"x": ["a", "b"]}, {"x": 2}, {"a": "x", "b": "x"}),
        # company ranks only some applicants: unranked ones are rejected
        ({"a": ["x"], "b": ["x"]}, {"x": ["b"]}, {"x": 2}, {"a": None, "b": "x"}),
        # trainee-optimal, not company-optimal
        (
            {"a": ["x", "y"], "b": ["y", "x"]},
            {"x": ["b", "a"], "y": ["a", "b"]},
            {"x": 1, "y": 1},
            {"a": "x", "b": "y"},
        ),
        # empty list, zero capacity
        ({"a": [], "b": ["x"]}, {"x": ["b"]}, {"x": 0}, {"a": None, "b": None}),
    ],
)
def test_table(
    trainee_prefs: dict[str, list[str]],
    opening_prefs: dict[str, list[str]],
    capacities: dict[str, int],
    expected: dict[str, str | None],
) -> None:
    assert match_day_from_lists(trainee_prefs, opening_prefs, capacities) == expected


def test_unknown_opening_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown opening 'z'"):
        match_day_from_lists({"a": ["z"]}, {}, {"x": 1})


def test_bad_arrays_are_rejected() -> None:
    with pytest.raises(ValueError, match="indptr"):
        RankLists(np.array([1, 2]), np.array([0]), np.array([0]))
    lists = RankLists(np.array([0, 1]), np.array([3]), np.array([0]))
    with pytest.raises(ValueError, match="out of range"):
        deferred_acceptance(lists, np.array([1]))


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 6), m=st.integers(1, 3))
@settings(max_examples=300)
def test_stable_capacities_and_trainee_optimal(seed: int, n: int, m: int) -> None:
    lists, cap = small_instance(seed, n, m)
    asg = deferred_acceptance(lists, cap)
    assert np.all(np.bincount(asg[asg >= 0], minlength=cap.size) <= cap)
    assert naive_blocking(lists, cap, asg) == []
    assert blocking_pairs(lists, cap, asg).shape == (0, 2)
    stable = all_stable(lists, cap)
    assert any(np.array_equal(asg, s) for s in stable)

    def pos(t: int, h: int) -> int:
        row = lists.opening[lists.indptr[t] : lists.indptr[t + 1]].tolist()
        return row.index(h) if h >= 0 else len(row)

    for other in stable:
        for t in range(n):
            assert pos(t, int(asg[t])) <= pos(t, int(other[t]))


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 6), m=st.integers(1, 3))
def test_blocking_pairs_detects_unstable(seed: int, n: int, m: int) -> None:
    lists, cap = small_instance(seed, n, m)
    empty = np.full(n, -1)
    expected = naive_blocking(lists, cap, empty)
    got = blocking_pairs(lists, cap, empty)
    assert sorted({int(t) for t in got[:, 0]}) == sorted(t for t, _ in expected)


@given(seed=st.integers(0, 2**32 - 1))
@settings(max_examples=15)
def test_deterministic_and_order_free(seed: int) -> None:
    inst = match_day_instance(300, seed=seed % 1000, list_length=8)
    a = deferred_acceptance(inst.lists, inst.capacity)
    b = deferred_acceptance(inst.lists, inst.capacity)
    assert np.array_equal(a, b)
    # relabelling openings does not change who gets which opening
    perm = np.random.default_rng(seed).permutation(inst.capacity.size)
    inv = np.argsort(perm)
    relabelled = RankLists(inst.lists.indptr, inv[inst.lists.opening], inst.lists.opening_rank)
    c = deferred_acceptance(relabelled, inst.capacity[perm])
    assert np.array_equal(np.where(c >= 0, perm[np.maximum(c, 0)], -1), a)


def peer_assignment(inst_lists: RankLists, capacity: np.ndarray) -> np.ndarray:
    from matchengine.bench.instances import MatchDayInstance

    r, h, c = to_peer_dictionaries(MatchDayInstance(inst_lists, capacity))

    def solve() -> np.ndarray:
        residents, hospitals = _make_players(r, h, c)
        matching = hospital_resident(residents, hospitals, optimal="resident")
        out = np.full(inst_lists.n_trainees, -1)
        for hosp, res in matching.items():
            for x in res:
                out[x.name] = hosp.name
        return out

    return run_deep(solve)


@pytest.mark.parametrize(
    ("n", "kwargs"),
    [
        (400, {}),  # the benchmark shape: openings = n / 5, headcount 1–5, 20-entry lists
        (400, {"popularity": 3.0}),  # a few very popular companies
        (300, {"list_length": 3}),  # short lists: many unmatched
        (200, {"n_openings": 150, "max_headcount": 1}),  # one-to-one, more places than people
        (120, {"n_openings": 6, "list_length": 6, "ranked_fraction": 1.0}),  # complete lists
        (300, {"ranked_fraction": 0.4}),  # companies rank few applicants
    ],
)
@pytest.mark.parametrize("seed", [1, 2])
def test_identical_to_peer_library(n: int, kwargs: dict[str, float], seed: int) -> None:
    inst = match_day_instance(n, seed=seed, **kwargs)  # type: ignore[arg-type]
    ours = deferred_acceptance(inst.lists, inst.capacity)
    assert np.array_equal(ours, peer_assignment(inst.lists, inst.capacity))


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"popularity": 3.0},
        {"list_length": 3},
        {"n_openings": 700, "max_headcount": 1},
        {"n_openings": 5, "list_length": 5, "ranked_fraction": 1.0, "max_headcount": 40},
        {"ranked_fraction": 0.2},
    ],
)
@pytest.mark.parametrize("seed", [3, 4])
def test_compiled_kernel_equals_vectorised_reference(kwargs: dict[str, float], seed: int) -> None:
    """The sequential compiled kernel and the simultaneous numpy form agree (larger sizes
    than the peer library can run in a test), including zero capacities and big heaps."""
    inst = match_day_instance(3000, seed=seed, **kwargs)  # type: ignore[arg-type]
    cap = inst.capacity.copy()
    cap[::7] = 0
    for c in (inst.capacity, cap):
        ours = deferred_acceptance(inst.lists, c)
        assert np.array_equal(ours, deferred_acceptance_numpy(inst.lists, c))
        assert blocking_pairs(inst.lists, c, ours).shape == (0, 2)


def test_rank_overflow_is_rejected() -> None:
    lists = RankLists(np.array([0, 1, 2]), np.array([0, 0]), np.array([2**61, 0]))
    with pytest.raises(ValueError, match="too large"):
        deferred_acceptance(lists, np.array([1]))
    with pytest.raises(ValueError, match="too large"):
        deferred_acceptance_numpy(lists, np.array([1]))
    assert (
        deferred_acceptance(
            RankLists(np.array([0]), np.array([]), np.array([])), np.array([1])
        ).size
        == 0
    )


def test_second_round_fills_free_places_with_unmatched_only() -> None:
    # round 1: a and b both want x (capacity 1); x prefers a. y is free but nobody ranks it.
    lists = RankLists(np.array([0, 1, 2, 3]), np.array([0, 0, 0]), np.array([0, 1, 2]))
    cap = np.array([1, 2])
    scores_t = np.array([0, 1, 1, 2, 2])
    scores_o = np.array([1, 0, 1, 0, 1])
    fit = np.array([0.9, 0.5, 0.8, 0.7, 0.6])
    r2_lists = rank_lists_from_scores(3, scores_t, scores_o, fit)
    result = match_day(lists, cap, r2_lists)
    assert result.round1.tolist() == [0, -1, -1]
    assert result.round2.tolist() == [-1, 1, 1]
    assert result.final.tolist() == [0, 1, 1]
    assert result.matched_round1 == 1 and result.matched_round2 == 2
    # the round-2 matching is stable for the residual places
    residual = cap - np.bincount(result.round1[result.round1 >= 0], minlength=2)
    assert residual.tolist() == [0, 2]
    direct = second_round(result.round1, r2_lists, cap)
    assert np.array_equal(direct, result.round2)


def test_rank_lists_from_scores_orders_both_sides() -> None:
    lists = rank_lists_from_scores(
        2,
        np.array([0, 0, 1, 1]),
        np.array([0, 1, 0, 1]),
        np.array([0.2, 0.9, 0.9, 0.2]),
        max_length=1,
    )
    assert lists.indptr.tolist() == [0, 1, 2]
    assert lists.opening.tolist() == [1, 0]
    assert lists.opening_rank.tolist() == [0, 0]


def test_huge_capacities_do_not_allocate_huge_heaps() -> None:
    inst = match_day_instance(500, seed=9)
    cap = np.full(inst.capacity.size, 10**15, dtype=np.int64)
    ours = deferred_acceptance(inst.lists, cap)
    assert np.array_equal(ours, deferred_acceptance_numpy(inst.lists, np.minimum(cap, 500)))
