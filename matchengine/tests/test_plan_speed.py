"""The fast cohort plan (reduced graph, certificate, warm-started repair) is exactly as good
as the direct OR-Tools solve of the whole graph, on both benchmark families and on small
random instances with ties, too many or too few places, and trainees with no openings."""

from __future__ import annotations

import numpy as np
import pytest

import matchengine.assign as assign
from matchengine import _flow
from matchengine.assign import plan_cohort
from matchengine.bench.instances import PlanInstance, plan_instance, ranked_plan_instance
from matchengine.bench.run import direct_plan


def random_instance(seed: int) -> PlanInstance:
    """Small instance: some trainees list no opening, fits are integers from a narrow range
    (many ties) or uniform, headcounts are from 0 to far more than the demand."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 80))
    m = int(rng.integers(1, 25))
    per = rng.integers(0, min(m, 8) + 1, size=n)
    per[rng.random(n) < 0.15] = 0  # trainees with no candidate opening
    trainee = np.repeat(np.arange(n, dtype=np.int64), per)
    opening = np.concatenate([rng.choice(m, size=k, replace=False) for k in per]).astype(np.int64)
    if seed % 3 == 0:
        fit = rng.random(trainee.size)
    else:
        fit = rng.integers(1, 1 + int(rng.choice([2, 5, 1000])), size=trainee.size).astype(float)
    shape = seed % 4
    if shape == 0:  # places for far fewer than the trainees
        capacity = rng.integers(0, 2, size=m)
    elif shape == 1:  # more places than trainees
        capacity = rng.integers(n // m + 1, n // m + 4, size=m)
    else:
        capacity = rng.integers(0, 6, size=m)
    return PlanInstance(n, trainee, opening, fit, capacity.astype(np.int64))


def _same_as_direct(inst: PlanInstance, plan: assign.Plan) -> None:
    placed, cost, fit, _ = direct_plan(inst)
    on = plan.assignment[inst.trainee] == inst.opening
    assert plan.placed == placed
    assert int(-np.rint(inst.score[on] * 1e6).sum()) == cost
    assert plan.total_fit == pytest.approx(fit, abs=1e-6)
    load = np.bincount(plan.assignment[plan.assignment >= 0], minlength=inst.capacity.size)
    assert np.all(load <= inst.capacity)
    assert int(on.sum()) == plan.placed  # every placement is one of the candidate pairs


@pytest.mark.parametrize("reduction", [(0, 1, 10), (0, 0, 1), (1, 0, 0), (2, 1, 0)])
def test_reduced_plan_equals_direct_solve_on_random_instances(
    reduction: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tiny reductions leave most optimal pairs out, so the certificate fails and the
    repair (or a re-solve) must find them; the result is still exactly optimal."""
    monkeypatch.setattr(assign, "_PER_TRAINEE", reduction[0])
    monkeypatch.setattr(assign, "_PER_PLACE", reduction[1])
    monkeypatch.setattr(assign, "_PER_OPENING", reduction[2])
    repaired = 0
    for seed in range(60):
        inst = random_instance(seed)
        plan = plan_cohort(
            inst.n_trainees, inst.trainee, inst.opening, inst.score, inst.capacity, prune_above=0
        )
        _same_as_direct(inst, plan)
        assert plan.rounds >= (1 if np.any(inst.capacity[inst.opening] > 0) else 0)
        repaired += plan.repaired
    if reduction != (0, 1, 10):
        assert repaired > 0  # the repair path was exercised


@pytest.mark.parametrize("family", [plan_instance, ranked_plan_instance])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_both_bench_families_equal_direct_solve(family: object, seed: int) -> None:
    inst = family(3000, seed=seed)  # type: ignore[operator]
    plan = plan_cohort(
        inst.n_trainees, inst.trainee, inst.opening, inst.score, inst.capacity, prune_above=0
    )
    _same_as_direct(inst, plan)
    assert plan.rounds >= 1


def test_ranked_family_shape() -> None:
    inst = ranked_plan_instance(500, seed=3)
    fits = inst.score.reshape(500, 20)
    assert np.all(np.diff(fits, axis=1) <= 0)  # best first along each ranking
    assert fits.min() >= 1 and fits.max() <= 1000 and np.all(fits == np.round(fits))
    assert all(np.unique(row).size == 20 for row in inst.opening.reshape(500, 20))


def test_rounds_reported() -> None:
    inst = ranked_plan_instance(2000, seed=1)
    direct = plan_cohort(
        inst.n_trainees, inst.trainee, inst.opening, inst.score, inst.capacity, prune_above=10**9
    )
    assert direct.rounds == 0 and direct.repaired == 0
    fast = plan_cohort(
        inst.n_trainees, inst.trainee, inst.opening, inst.score, inst.capacity, prune_above=0
    )
    assert fast.rounds >= 1 and fast.placed == direct.placed
    stats = assign._Stats()
    cost = -np.rint(inst.score * 1e6).astype(np.int64)
    chosen = assign._solve_reduced(
        inst.trainee, inst.opening, cost, inst.capacity, inst.n_trainees,
        stats=stats, reduction=(0, 0, 1),
    )  # fmt: skip
    assert stats.rounds >= 2 and stats.repaired > 0 and stats.paths > 0
    assert int(cost[chosen].sum()) == direct_plan(inst)[1]


def test_repair_that_gives_up_falls_back_to_a_solve(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assign, "_REPAIR_WORK", 0)
    inst = plan_instance(1500, seed=2)
    stats = assign._Stats()
    cost = -np.rint(inst.score * 1e6).astype(np.int64)
    chosen = assign._solve_reduced(
        inst.trainee, inst.opening, cost, inst.capacity, inst.n_trainees,
        stats=stats, reduction=(0, 0, 1),
    )  # fmt: skip
    assert stats.resolves >= 1 and stats.paths == 0
    placed, total, _, _ = direct_plan(inst)
    assert int(chosen.sum()) == placed and int(cost[chosen].sum()) == total


def test_repair_keeps_the_potentials_a_certificate() -> None:
    """After the repair, every residual arc with room has a non-negative reduced cost and
    the flow is balanced (checked here in numpy, independently of the kernels)."""
    rng = np.random.default_rng(7)
    # a path network 0 → 1 → 2 → 3 plus shortcuts; start from the zero flow, then saturate
    # one negative arc and let the repair balance it
    tail = np.array([0, 1, 2, 0, 1, 3, 2], dtype=np.int64)
    head = np.array([1, 2, 3, 2, 3, 0, 0], dtype=np.int64)
    cap = np.array([2, 2, 2, 1, 1, 5, 1], dtype=np.int64)
    cost = rng.integers(-5, 6, size=tail.size).astype(np.int64)
    flow = np.zeros(tail.size, dtype=np.int64)
    d = np.zeros(4, dtype=np.int64)
    ptr, slot = _flow.residual_csr(4, tail, head)
    assert _flow.settle_potentials(ptr, slot, tail, head, cap, flow, cost, d, 10**6) is (
        not _has_negative_cycle(tail, head, cap, flow, cost)
    )
    # a network built so that one added arc must be repaired
    tail = np.array([0, 1, 2, 2], dtype=np.int64)
    head = np.array([1, 2, 0, 1], dtype=np.int64)
    cap = np.array([1, 1, 1, 1], dtype=np.int64)
    cost = np.array([-3, -2, 0, -9], dtype=np.int64)
    flow = np.array([1, 1, 1, 0], dtype=np.int64)  # the cycle 0 → 1 → 2 → 0 carries one unit
    d = np.zeros(3, dtype=np.int64)
    ptr, slot = _flow.residual_csr(3, tail[:3], head[:3])
    assert _flow.settle_potentials(
        ptr, slot, tail[:3], head[:3], cap[:3], flow[:3], cost[:3], d, 10**6
    )
    # arc 2 → 1 of cost −9 has a negative reduced cost: saturate it and repair
    assert cost[3] + d[2] - d[1] < 0
    flow[3] = 1
    excess = np.array([0, 1, -1], dtype=np.int64)
    ptr, slot = _flow.residual_csr(3, tail, head)
    paths = _flow.repair(ptr, slot, tail, head, cap, flow, cost, d, excess, 10**6)
    assert paths == 1 and np.all(excess == 0)
    inflow = np.bincount(head, weights=flow, minlength=3)
    outflow = np.bincount(tail, weights=flow, minlength=3)
    assert np.all(inflow == outflow)
    # the unit now goes round 1 → 2 → 1 (cost −11) instead of 0 → 1 → 2 → 0 (cost −5)
    assert flow.tolist() == [0, 1, 0, 1]
    rc = cost + d[tail] - d[head]
    assert np.all(rc[flow < cap] >= 0) and np.all(rc[flow > 0] <= 0)
    assert _flow.repair(ptr, slot, tail, head, cap, flow, cost, d, np.array([0, 1, -1]), 0) == -1


def _has_negative_cycle(
    tail: np.ndarray, head: np.ndarray, cap: np.ndarray, flow: np.ndarray, cost: np.ndarray
) -> bool:
    """Bellman–Ford on the residual graph (plain Python)."""
    arcs = [
        (int(u), int(v), int(c))
        for u, v, k, f, c in zip(tail, head, cap, flow, cost, strict=True)
        if f < k
    ]
    arcs += [
        (int(v), int(u), -int(c))
        for u, v, f, c in zip(tail, head, flow, cost, strict=True)
        if f > 0
    ]
    n = int(max(tail.max(), head.max())) + 1
    dist = [0] * n
    for _ in range(n):
        changed = False
        for u, v, c in arcs:
            if dist[u] + c < dist[v]:
                dist[v] = dist[u] + c
                changed = True
        if not changed:
            return False
    return True
