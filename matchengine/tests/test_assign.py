"""Cohort plan: optimal (most placed, then most fit) against brute force and HiGHS."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from matchengine.assign import plan_cohort
from matchengine.bench.instances import plan_instance


def random_edges(
    seed: int, n: int, m: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    mask = rng.random((n, m)) < 0.6
    t, o = np.nonzero(mask)
    fit = rng.integers(0, 100, size=t.size) / 100.0  # on the 1/scale grid: exact
    cap = rng.integers(0, 3, size=m)
    return t, o, fit, cap


def brute_force(
    n: int,
    t: np.ndarray,
    o: np.ndarray,
    fit: np.ndarray,
    cap: np.ndarray,
    pins: list[tuple[int, int]],
    excl: set[tuple[int, int]],
) -> tuple[int, float]:
    pinned = dict(pins)
    options: list[list[tuple[int, float]]] = []
    for i in range(n):
        if i in pinned:
            best = [f for a, b, f in zip(t, o, fit, strict=True) if a == i and b == pinned[i]]
            options.append([(pinned[i], max(best) if best else 0.0)])
            continue
        row = [(-1, 0.0)]
        row += [
            (int(b), float(f))
            for a, b, f in zip(t, o, fit, strict=True)
            if a == i and (i, int(b)) not in excl
        ]
        options.append(row)
    best_key = (-1, -1.0)
    for combo in itertools.product(*options):
        load = np.zeros(cap.size, dtype=int)
        for h, _ in combo:
            if h >= 0:
                load[h] += 1
        if np.any(load > cap):
            continue
        key = (sum(h >= 0 for h, _ in combo), round(sum(f for _, f in combo), 9))
        best_key = max(best_key, key)
    return best_key


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 6), m=st.integers(1, 3))
@settings(max_examples=150)
def test_plan_equals_brute_force(seed: int, n: int, m: int) -> None:
    t, o, fit, cap = random_edges(seed, n, m)
    plan = plan_cohort(n, t, o, fit, cap)
    placed, total = brute_force(n, t, o, fit, cap, [], set())
    assert (plan.placed, round(plan.total_fit, 9)) == (placed, total)
    assert np.all(np.bincount(plan.assignment[plan.assignment >= 0], minlength=m) <= cap)
    chosen = {(i, int(h)) for i, h in enumerate(plan.assignment) if h >= 0}
    assert chosen <= set(zip(t.tolist(), o.tolist(), strict=True))


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 6), m=st.integers(1, 3))
@settings(max_examples=100)
def test_pins_and_exclusions_equal_brute_force(seed: int, n: int, m: int) -> None:
    t, o, fit, cap = random_edges(seed, n, m)
    rng = np.random.default_rng(seed + 1)
    cap = cap + 1
    pins = [(0, int(rng.integers(0, m)))]
    excl_idx = rng.random(t.size) < 0.3
    excl = {(int(a), int(b)) for a, b in zip(t[excl_idx], o[excl_idx], strict=True)}
    plan = plan_cohort(
        n, t, o, fit, cap, pins=np.array(pins), exclusions=np.array(sorted(excl)).reshape(-1, 2)
    )
    assert plan.assignment[0] == pins[0][1]
    assert plan.pinned == 1
    for i, h in enumerate(plan.assignment.tolist()):
        assert (i, h) not in excl or (i, h) in pins
    placed, total = brute_force(n, t, o, fit, cap, pins, excl)
    assert (plan.placed, round(plan.total_fit, 9)) == (placed, total)


def highs_plan(
    n: int, t: np.ndarray, o: np.ndarray, fit: np.ndarray, cap: np.ndarray
) -> tuple[int, float]:
    """Independent solver: HiGHS MILP with a lexicographic big-M objective."""
    e = t.size
    big = float(fit.sum()) + 1.0
    rows = np.concatenate((t, n + o))
    a = coo_matrix(
        (np.ones(2 * e), (rows, np.concatenate((np.arange(e), np.arange(e))))),
        shape=(n + cap.size, e),
    )
    ub = np.concatenate((np.ones(n), cap))
    res = milp(
        -(big + fit),
        constraints=LinearConstraint(a.tocsr(), -np.inf, ub),
        integrality=np.ones(e),
        bounds=Bounds(0, 1),
    )
    x = res.x > 0.5
    return int(x.sum()), float(fit[x].sum())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_plan_matches_independent_solver_on_generated_instance(seed: int) -> None:
    inst = plan_instance(400, seed=seed, candidates=6)
    fit = np.round(inst.score, 6)  # on the 1e-6 grid: exact
    plan = plan_cohort(inst.n_trainees, inst.trainee, inst.opening, fit, inst.capacity)
    placed, total = highs_plan(inst.n_trainees, inst.trainee, inst.opening, fit, inst.capacity)
    assert plan.placed == placed
    assert plan.total_fit == pytest.approx(total, abs=1e-6)


def test_places_most_before_fit() -> None:
    # trainee 0 could take the great fit at opening 0, but then trainee 1 has nowhere to go
    t = np.array([0, 0, 1])
    o = np.array([0, 1, 0])
    fit = np.array([1.0, 0.1, 0.2])
    plan = plan_cohort(2, t, o, fit, np.array([1, 1]))
    assert plan.assignment.tolist() == [1, 0]
    assert plan.placed == 2
    assert plan.total_fit == pytest.approx(0.3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pins": np.array([[0, 0], [1, 0]])}, "more pins than headcount"),
        ({"pins": np.array([[0, 0], [0, 1]])}, "pinned more than once"),
        ({"pins": np.array([[5, 0]])}, "index out of range"),
    ],
)
def test_bad_pins(kwargs: dict[str, np.ndarray], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        plan_cohort(2, np.array([0]), np.array([0]), np.array([0.5]), np.array([1, 1]), **kwargs)  # type: ignore[arg-type]


def test_bad_inputs() -> None:
    with pytest.raises(ValueError, match="finite"):
        plan_cohort(1, np.array([0]), np.array([0]), np.array([np.nan]), np.array([1]))
    with pytest.raises(ValueError, match="out of range"):
        plan_cohort(1, np.array([0]), np.array([3]), np.array([0.5]), np.array([1]))
    empty = plan_cohort(3, np.array([], int), np.array([], int), np.array([]), np.array([2]))
    assert empty.placed == 0 and empty.assignment.tolist() == [-1, -1, -1]


def _full_and_reduced(
    n: int, t: np.ndarray, o: np.ndarray, fit: np.ndarray, cap: np.ndarray
) -> tuple[object, object]:
    full = plan_cohort(n, t, o, fit, cap, prune_above=10**12)
    reduced = plan_cohort(n, t, o, fit, cap, prune_above=0)
    return full, reduced


@pytest.mark.parametrize("keep", [(5, 2, 6), (1, 0, 1), (0, 1, 0)])
@pytest.mark.parametrize("seed", [0, 1])
def test_reduced_graph_with_certificate_equals_full_solve(
    seed: int, keep: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reduced-graph path (tiny reductions force several certificate rounds) places as
    many trainees with the same integer cost as the full graph, and as HiGHS."""
    import matchengine.assign as assign

    monkeypatch.setattr(assign, "_PER_TRAINEE", keep[0])
    monkeypatch.setattr(assign, "_PER_PLACE", keep[1])
    monkeypatch.setattr(assign, "_PER_OPENING", keep[2])
    inst = plan_instance(3000, seed=seed)
    fit = np.round(inst.score, 6)  # on the 1e-6 grid: the optimum is exact
    full, reduced = _full_and_reduced(
        inst.n_trainees, inst.trainee, inst.opening, fit, inst.capacity
    )
    assert isinstance(full, assign.Plan) and isinstance(reduced, assign.Plan)
    assert reduced.placed == full.placed
    assert reduced.total_fit == pytest.approx(full.total_fit, abs=1e-6)
    assert np.all(
        np.bincount(reduced.assignment[reduced.assignment >= 0])
        <= inst.capacity[: int(reduced.assignment.max()) + 1]
    )
    small = plan_instance(400, seed=seed, candidates=8)
    sfit = np.round(small.score, 6)
    plan = plan_cohort(
        small.n_trainees, small.trainee, small.opening, sfit, small.capacity, prune_above=0
    )
    placed, total = highs_plan(small.n_trainees, small.trainee, small.opening, sfit, small.capacity)
    assert plan.placed == placed
    assert plan.total_fit == pytest.approx(total, abs=1e-6)


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 7), m=st.integers(1, 3))
@settings(max_examples=60)
def test_reduced_path_equals_brute_force(seed: int, n: int, m: int) -> None:
    import matchengine.assign as assign

    t, o, fit, cap = random_edges(seed, n, m)
    old = assign._PER_TRAINEE, assign._PER_PLACE, assign._PER_OPENING
    assign._PER_TRAINEE, assign._PER_PLACE, assign._PER_OPENING = 1, 0, 0
    try:
        plan = plan_cohort(n, t, o, fit, cap, prune_above=0)
    finally:
        assign._PER_TRAINEE, assign._PER_PLACE, assign._PER_OPENING = old
    assert (plan.placed, round(plan.total_fit, 9)) == brute_force(n, t, o, fit, cap, [], set())


def test_reduced_falls_back_to_the_full_graph_after_its_rounds() -> None:
    from matchengine.assign import _solve, _solve_reduced

    inst = plan_instance(2000, seed=5)
    cost = -np.rint(inst.score * 1e6).astype(np.int64)
    cap = inst.capacity.astype(np.int64)
    full = _solve(inst.trainee, inst.opening, cost, cap, inst.n_trainees)
    fallback = _solve_reduced(inst.trainee, inst.opening, cost, cap, inst.n_trainees, rounds=0)
    assert int(cost[fallback].sum()) == int(cost[full].sum())
    assert int(fallback.sum()) == int(full.sum())


def test_huge_scale_skips_the_certificate_and_stays_optimal() -> None:
    inst = plan_instance(300, seed=4, candidates=5)
    fit = np.round(inst.score, 6)
    a = plan_cohort(inst.n_trainees, inst.trainee, inst.opening, fit, inst.capacity, prune_above=0)
    b = plan_cohort(
        inst.n_trainees, inst.trainee, inst.opening, fit, inst.capacity, prune_above=0, scale=1e15
    )
    assert a.placed == b.placed
    assert a.total_fit == pytest.approx(b.total_fit, abs=1e-6)
