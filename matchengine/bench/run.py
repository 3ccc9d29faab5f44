"""Benchmark: ``python -m matchengine.bench [--quick] [--sections match,plan,recommend]``.

The engine's inner loops are compiled with numba on first use and cached on disk. The
compile and cache-load times are measured first, each in a fresh process (``jit`` line),
and are excluded from every other timing: each process warms the kernels up on a tiny
instance before it starts the clock.

Prints throughput and ratios side by side on generated instances shaped like the real
problem (openings = trainees / 5, headcount 1–5, 20-entry rank lists, ~8 skills per item
out of ~300). Results are checked, not only timed: match day against the ``matching``
library (identical assignments), the cohort plan against scipy's bipartite matching
(same number placed; same total fit where the exact scipy baseline runs).
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from multiprocessing.queues import Queue
from typing import TypeVar

import numpy as np
import scipy.sparse as sp
from ortools.graph.python import min_cost_flow
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

from ..assign import _solve_reduced, plan_cohort
from ..deferred_acceptance import deferred_acceptance
from ..recommend import recommend_openings, recommend_trainees
from ..scoring import FitScorer
from .instances import (
    MatchDayInstance,
    PlanInstance,
    match_day_instance,
    plan_instance,
    ranked_plan_instance,
    scoring_instance,
    to_peer_dictionaries,
)

T = TypeVar("T")


def timed(fn: Callable[[], T], repeat: int = 1) -> tuple[T, float]:
    """Result of the last call and the best wall time over ``repeat`` calls."""
    best = float("inf")
    out: T
    for _ in range(max(1, repeat)):
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return out, best


def warm_up() -> float:
    """Run every compiled kernel once on a tiny instance; returns the seconds it took (the
    compile time when the cache is empty, else the cache-load time)."""
    t0 = time.perf_counter()
    inst = match_day_instance(50, seed=0)
    deferred_acceptance(inst.lists, inst.capacity)
    plan = plan_instance(60, seed=0)
    plan_cohort(
        plan.n_trainees, plan.trainee, plan.opening, plan.score, plan.capacity, prune_above=0
    )
    # a reduction so small that the certificate fails: compiles the repair kernel too
    cost = -np.rint(plan.score * 1e6).astype(np.int64)
    _solve_reduced(
        plan.trainee, plan.opening, cost, plan.capacity, plan.n_trainees, reduction=(0, 0, 1)
    )
    sc = scoring_instance(40, 10, seed=0)
    scorer = FitScorer(
        sc.trainees, sc.openings, sc.relation, n_regions=sc.n_regions, n_skills=sc.n_skills
    )
    recommend_openings(scorer, 3, workers=1)
    recommend_trainees(scorer, 3, workers=1)
    return time.perf_counter() - t0


def _warm_up_worker(out: Queue[object]) -> None:
    out.put(warm_up())


def bench_jit() -> None:
    """Cold compile (empty cache) and cache load, each in a fresh process."""
    ctx = mp.get_context("spawn")
    times = []
    with tempfile.TemporaryDirectory(prefix="matchengine-numba-") as cache:
        old = os.environ.get("NUMBA_CACHE_DIR")
        os.environ["NUMBA_CACHE_DIR"] = cache
        try:
            for _ in range(2):
                queue: Queue[object] = ctx.Queue()
                proc = ctx.Process(target=_warm_up_worker, args=(queue,))
                proc.start()
                times.append(float(queue.get()))  # type: ignore[arg-type]
                proc.join()
        finally:
            if old is None:
                del os.environ["NUMBA_CACHE_DIR"]
            else:
                os.environ["NUMBA_CACHE_DIR"] = old
    print(
        f"jit (numba): first use with an empty cache {times[0]:.1f} s (compile), in a new "
        f"process with the cache {times[1]:.2f} s (load); both excluded from the timings below",
        flush=True,
    )


def fmt_n(n: int) -> str:
    return (
        f"{n // 1_000_000}M"
        if n >= 1_000_000 and n % 1_000_000 == 0
        else (f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n))
    )


def peer_match(inst: MatchDayInstance) -> tuple[np.ndarray, float, float]:
    """The ``matching`` library's resident-optimal algorithm: assignment, build s, solve s."""
    from matching.algorithms.hospital_resident import hospital_resident
    from matching.games.hospital_resident import _make_players

    r, h, c = to_peer_dictionaries(inst)
    t0 = time.perf_counter()
    residents, hospitals = _make_players(r, h, c)
    t1 = time.perf_counter()
    result = hospital_resident(residents, hospitals, optimal="resident")
    t2 = time.perf_counter()
    out = np.full(inst.lists.n_trainees, -1, dtype=np.int64)
    for hosp, res in result.items():
        for x in res:
            out[x.name] = hosp.name
    return out, t1 - t0, t2 - t1


def bench_match(sizes: Sequence[int], peer_max: int, seed: int) -> None:
    print("\n== Match day: trainee-proposing deferred acceptance (20-entry lists) ==")
    print(
        f"{'trainees':>9} {'openings':>9} {'entries':>10} {'ours s':>8} {'trainees/s':>12} "
        f"{'matched':>9} {'peer s':>8} {'peer+build':>10} {'ratio':>8} {'identical':>9}"
    )
    for n in sizes:
        inst = match_day_instance(n, seed=seed)
        repeat = 3 if n <= 100_000 else 2
        ours, t = timed(partial(deferred_acceptance, inst.lists, inst.capacity), repeat)
        peer_cols = f"{'-':>8} {'-':>10} {'-':>8} {'-':>9}"
        if n <= peer_max:
            peer, build, solve = peer_match(inst)
            same = bool(np.array_equal(peer, ours))
            peer_cols = (
                f"{solve:8.2f} {solve + build:10.2f} {solve / t:7.0f}x {'yes' if same else 'NO':>9}"
            )
        print(
            f"{fmt_n(n):>9} {inst.capacity.size:>9} {inst.lists.opening.size:>10} {t:8.3f} "
            f"{n / t:12,.0f} {int((ours >= 0).sum()):>9} {peer_cols}",
            flush=True,
        )
    print("ratio = peer solve time / our time (peer 'build' = creating its player objects)")
    print(f"load average {os.getloadavg()[0]:.2f}")


def scipy_cardinality(inst: PlanInstance) -> tuple[int, float]:
    """Baseline: Hopcroft–Karp on the graph with one column per place (headcount copies)."""
    cap = inst.capacity
    t0 = time.perf_counter()
    slot_start = np.cumsum(cap) - cap
    reps = cap[inst.opening]
    rows = np.repeat(inst.trainee, reps)
    cols = np.repeat(slot_start[inst.opening], reps) + (
        np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
    )
    graph = sp.csr_matrix(
        (np.ones(rows.size, dtype=np.int8), (rows, cols)), shape=(inst.n_trainees, int(cap.sum()))
    )
    match = maximum_bipartite_matching(graph, perm_type="column")
    return int((match >= 0).sum()), time.perf_counter() - t0


def scipy_exact(inst: PlanInstance) -> tuple[int, float, float]:
    """Baseline with the same objective: min-weight full matching (LAPJVsp) on the place-
    expanded graph plus one private "unplaced" column per trainee; costs make placing one
    more trainee outweigh any difference in fit."""
    cap = inst.capacity
    n = inst.n_trainees
    t0 = time.perf_counter()
    slot_start = np.cumsum(cap) - cap
    reps = cap[inst.opening]
    rows = np.repeat(inst.trainee, reps)
    cols = np.repeat(slot_start[inst.opening], reps) + (
        np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
    )
    eps = 1.0 / (n + 1)
    cost = 1.0 + eps * (1.0 - np.repeat(inst.score, reps))
    s = int(cap.sum())
    graph = sp.csr_matrix(
        (
            np.concatenate((cost, np.full(n, 3.0))),
            (np.concatenate((rows, np.arange(n))), np.concatenate((cols, s + np.arange(n)))),
        ),
        shape=(n, s + n),
    )
    _, col = min_weight_full_bipartite_matching(graph)
    placed = col < s
    slot_opening = np.repeat(np.arange(cap.size), cap)
    chosen = slot_opening[col[placed]]
    t = np.flatnonzero(placed)
    key = inst.trainee * cap.size + inst.opening
    order = np.argsort(key)
    pos = order[np.searchsorted(key[order], t * cap.size + chosen)]
    return int(placed.sum()), float(inst.score[pos].sum()), time.perf_counter() - t0


def direct_plan(inst: PlanInstance, scale: float = 1_000_000.0) -> tuple[int, int, float, float]:
    """Baseline: OR-Tools ``SimpleMinCostFlow.solve_max_flow_with_min_cost`` on the whole
    graph (``source →(1) trainee →(1, −fit) opening →(headcount) sink``, every candidate
    pair, the same integer costs as the engine: fits × ``scale``, rounded). Returns placed,
    total integer cost, total fit and seconds (building the arrays included)."""
    t0 = time.perf_counter()
    n, m = inst.n_trainees, inst.capacity.size
    cost = -np.rint(inst.score * scale).astype(np.int64)
    src, snk = n + m, n + m + 1
    tails = np.concatenate((np.full(n, src), inst.trainee, n + np.arange(m)))
    heads = np.concatenate((np.arange(n), n + inst.opening, np.full(m, snk)))
    caps = np.concatenate((np.ones(n + inst.trainee.size, dtype=np.int64), inst.capacity))
    costs = np.concatenate((np.zeros(n, dtype=np.int64), cost, np.zeros(m, dtype=np.int64)))
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    solver.set_node_supply(src, n)
    solver.set_node_supply(snk, -n)
    if solver.solve_max_flow_with_min_cost() != solver.OPTIMAL:  # pragma: no cover
        raise RuntimeError("the direct min-cost flow failed")
    chosen = np.asarray(solver.flows(n + np.arange(inst.trainee.size))) > 0
    elapsed = time.perf_counter() - t0
    return int(chosen.sum()), int(cost[chosen].sum()), float(inst.score[chosen].sum()), elapsed


PLAN_FAMILIES: dict[str, Callable[..., PlanInstance]] = {
    "bench": plan_instance,
    "ranked": ranked_plan_instance,
}


def bench_plan(
    sizes: Sequence[int],
    exact_max: int,
    cardinality_max: int,
    seed: int,
    families: Sequence[str] = ("bench", "ranked"),
    repeat: int = 1,
) -> None:
    print("\n== Cohort plan: most placed, then most fit (20 candidate openings each) ==")
    print(
        f"{'family':>6} {'trainees':>9} {'pairs':>10} {'plan s':>7} {'direct s':>8} "
        f"{'faster':>7} {'placed':>8} {'direct':>8} {'total fit':>14} {'direct fit':>14} "
        f"{'same':>5} {'rounds':>6} {'added':>6} {'HK s':>6} {'LAPJV s':>7} {'check':>5} "
        f"{'load':>5}"
    )
    for family in families:
        for n in sizes:
            inst = PLAN_FAMILIES[family](n, seed=seed)
            # engine and direct solve alternate, best of each: the load of a shared machine
            # changes by the minute, and both should see the same moments
            t = d_t = float("inf")
            for _ in range(repeat):
                plan, t1 = timed(
                    partial(
                        plan_cohort,
                        inst.n_trainees,
                        inst.trainee,
                        inst.opening,
                        inst.score,
                        inst.capacity,
                    )
                )
                gc.collect()
                d_placed, d_cost, d_fit, d_t1 = direct_plan(inst)
                t, d_t = min(t, t1), min(d_t, d_t1)
            on = plan.assignment[inst.trainee] == inst.opening
            p_cost = int(-np.rint(inst.score[on] * 1_000_000.0).sum())
            same = plan.placed == d_placed and p_cost == d_cost
            check, hk, ex = True, "-", "-"
            if n <= cardinality_max:
                hk_placed, hk_t = scipy_cardinality(inst)
                hk = f"{hk_t:.2f}"
                check &= hk_placed == plan.placed
            if n <= exact_max:
                ex_placed, ex_fit, ex_t = scipy_exact(inst)
                ex = f"{ex_t:.2f}"
                # our fits are rounded to 1e-6 per pair: optimal within n * 5e-7
                check &= ex_placed == plan.placed and abs(ex_fit - plan.total_fit) <= n * 5e-7
            print(
                f"{family:>6} {fmt_n(n):>9} {inst.trainee.size:>10} {t:7.2f} {d_t:8.2f} "
                f"{d_t / t:6.2f}x {plan.placed:>8} {d_placed:>8} {plan.total_fit:14.3f} "
                f"{d_fit:14.3f} {'yes' if same else 'NO':>5} {plan.rounds:>6} "
                f"{plan.repaired:>6} {hk:>6} {ex:>7} {'yes' if check else 'NO':>5} "
                f"{os.getloadavg()[0]:5.2f}",
                flush=True,
            )
    print(
        "family bench: fits uniform in [0, 1); ranked: 20 ranked openings per trainee, integer "
        "fits 1-1000, best first.\ndirect = OR-Tools solve_max_flow_with_min_cost on the whole "
        "graph with the same integer costs (the baseline); faster = direct s / plan s, best "
        f"of {repeat} alternating run(s) of each in this process; same = identical placed "
        "count and total integer cost; rounds = optimality-certificate checks of the reduced "
        "graph (1 = its first optimum was already proved optimal), added = left-out pairs "
        "the certificate found and the repair added.\nHK = scipy maximum_bipartite_matching "
        "(count only), LAPJV = scipy min_weight_full_bipartite_matching with the same "
        "objective; check = both agree with the plan where they ran"
    )


def _status_mib(field: str) -> float:
    """A memory field of /proc/self/status (Linux) in MiB; ru_maxrss as a fallback."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    """Reset the peak-RSS mark (Linux ≥ 4.0); harmless where unsupported."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:
        pass


def _recommend_worker(
    direction: str, n_trainees: int, n_openings: int, k: int, seed: int, out: Queue[object]
) -> None:
    inst = scoring_instance(n_trainees, n_openings, seed=seed)
    scorer = FitScorer(
        inst.trainees,
        inst.openings,
        inst.relation,
        n_regions=inst.n_regions,
        n_skills=inst.n_skills,
    )
    fn = recommend_openings if direction == "openings" else recommend_trainees
    warm_up()  # compiled kernels loaded before the clock starts (see bench_jit)
    gc.collect()
    before = _status_mib("VmRSS")
    _reset_peak()
    t0 = time.perf_counter()
    fn(scorer, k)
    t = time.perf_counter() - t0
    out.put((t, before, _status_mib("VmHWM")))


def bench_recommend(sizes: Sequence[tuple[str, int, int]], k: int, seed: int) -> None:
    """Each run in a fresh process, so its peak memory is its own."""
    print(f"\n== Recommendations: exact top-{k} over the full fit score ==")
    ctx = mp.get_context("spawn")
    for direction, nt, no in sizes:
        queue: Queue[object] = ctx.Queue()
        proc = ctx.Process(target=_recommend_worker, args=(direction, nt, no, k, seed, queue))
        proc.start()
        result = queue.get()
        assert isinstance(result, tuple)
        t, rss0, rss1 = float(result[0]), float(result[1]), float(result[2])
        proc.join()
        queries = nt if direction == "openings" else no
        label = f"{k} {direction} per {'trainee' if direction == 'openings' else 'opening'}"
        print(
            f"{fmt_n(nt)} trainees x {fmt_n(no)} openings, {label}: {t:6.2f} s  "
            f"{queries / t:10,.0f} queries/s  {nt * no / t / 1e6:8.1f} M pairs/s (equivalent)  "
            f"peak RSS {rss1:7.0f} MiB (inputs {rss0:5.0f} MiB)  "
            f"load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m matchengine.bench", description=__doc__)
    p.add_argument("--quick", action="store_true", help="small sizes (smoke run, seconds)")
    p.add_argument("--sections", default="match,plan,recommend")
    p.add_argument("--match-sizes", default="10000,100000,1000000")
    p.add_argument("--plan-sizes", default="10000,100000,1000000")
    p.add_argument(
        "--plan-families", default="bench,ranked", help="plan instance families: bench,ranked"
    )
    p.add_argument("--plan-repeat", type=int, default=1, help="alternating runs per plan size")
    p.add_argument(
        "--recommend", default="100000x20000", help="TRAINEESxOPENINGS, openings/trainee"
    )
    p.add_argument(
        "--recommend-reverse", default="100000x20000", help="TRAINEESxOPENINGS, trainees/opening"
    )
    p.add_argument("--peer-max", type=int, default=100_000, help="largest size run on the peer")
    p.add_argument("--exact-baseline-max", type=int, default=10_000)
    p.add_argument("--cardinality-baseline-max", type=int, default=1_000_000)
    p.add_argument("-k", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--no-jit-report", action="store_true", help="skip measuring compile/cache-load time"
    )
    a = p.parse_args(argv)
    if a.quick:
        a.match_sizes, a.plan_sizes, a.recommend = "2000,10000", "2000,10000", "5000x1000"
        a.recommend_reverse = "5000x1000"
        a.peer_max = min(a.peer_max, 10_000)
    sections = set(a.sections.split(","))
    import numba

    print(
        f"matchengine bench — python {sys.version.split()[0]}, numpy {np.__version__}, "
        f"numba {numba.__version__}, load average {os.getloadavg()[0]:.2f} "
        f"(2-core machine: ~2+ means other work competes for the cores)"
    )
    if not a.no_jit_report:
        bench_jit()
    warm_up()
    if "match" in sections:
        bench_match([int(x) for x in a.match_sizes.split(",")], a.peer_max, a.seed)
    if "plan" in sections:
        bench_plan(
            [int(x) for x in a.plan_sizes.split(",")],
            a.exact_baseline_max,
            a.cardinality_baseline_max,
            a.seed,
            a.plan_families.split(","),
            a.plan_repeat,
        )
    if "recommend" in sections:
        fwd = [int(x) for x in a.recommend.lower().split("x")]
        rev = [int(x) for x in a.recommend_reverse.lower().split("x")]
        bench_recommend([("openings", fwd[0], fwd[1]), ("trainees", rev[0], rev[1])], a.k, a.seed)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
