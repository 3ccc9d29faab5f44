"""Match day (매칭데이): trainee-proposing deferred acceptance with capacities, on arrays.

Rank lists are CSR arrays (:class:`RankLists`): trainee ``t`` ranks the openings
``opening[indptr[t]:indptr[t + 1]]`` best first, and each entry carries the opening's rank of
that trainee (``opening_rank``, lower is better, negative = the opening did not rank them,
so the pair is unacceptable). Lists may be incomplete on both sides. Ties in an opening's
ranking are broken by trainee index, so the outcome is always a deterministic function of
the input.

The algorithm is Gale–Shapley in its sequential form, compiled with numba
(:func:`_da_kernel`): a stack of free trainees; the one on top proposes down their list;
each opening keeps its held trainees in a max-heap on ``(rank, trainee)`` of at most
``capacity`` entries, so a proposal is accepted while there is room, replaces the worst
held trainee when it is better (who then continues down their own list), or is rejected.
Total work is O(E log c) for E list entries and capacity c, with no allocation per
proposal. The trainee-optimal stable matching is unique, so the order in which free
trainees propose does not change the result.

The tests compare the kernel with the ``matching`` library and with an independent,
vectorised numpy implementation of the simultaneous form
(:func:`matchengine.tests.reference.deferred_acceptance_numpy`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._jit import jit

__all__ = [
    "MatchDayResult",
    "RankLists",
    "blocking_pairs",
    "deferred_acceptance",
    "match_day",
    "match_day_from_lists",
    "rank_lists_from_scores",
    "second_round",
]

I64 = NDArray[np.int64]
_INT63 = 2**62


@dataclass(frozen=True, slots=True)
class RankLists:
    """Both sides' rank lists, one entry per (trainee, opening) the trainee ranked."""

    indptr: I64  # (N + 1,)
    opening: I64  # (E,) opening index of each entry, in the trainee's order of preference
    opening_rank: I64  # (E,) the opening's rank of the trainee, < 0 = not ranked

    def __post_init__(self) -> None:
        for name in ("indptr", "opening", "opening_rank"):
            object.__setattr__(self, name, np.asarray(getattr(self, name), dtype=np.int64))
        if self.indptr.ndim != 1 or self.indptr.size < 1 or self.indptr[0] != 0:
            raise ValueError("RankLists: indptr must be 1-D and start at 0")
        if np.any(np.diff(self.indptr) < 0) or self.indptr[-1] != self.opening.size:
            raise ValueError("RankLists: indptr must be non-decreasing and end at len(opening)")
        if self.opening.shape != self.opening_rank.shape:
            raise ValueError("RankLists: opening and opening_rank must have the same length")

    @property
    def n_trainees(self) -> int:
        return int(self.indptr.size - 1)

    def owner(self) -> I64:
        """Trainee index of every entry."""
        return np.repeat(np.arange(self.n_trainees, dtype=np.int64), np.diff(self.indptr))


def _check(lists: RankLists, capacity: I64) -> None:
    if capacity.ndim != 1 or np.any(capacity < 0):
        raise ValueError("capacity must be a 1-D array of non-negative integers")
    if lists.opening.size and (lists.opening.min() < 0 or lists.opening.max() >= capacity.size):
        raise ValueError("RankLists: opening index out of range of capacity")


@jit
def _da_kernel(indptr: I64, opening: I64, rank: I64, cap: I64) -> I64:  # pragma: no cover
    """Sequential deferred acceptance (compiled; coverage cannot see inside). An opening's
    heap holds keys ``rank · n + trainee`` (unique, lower is better), worst on top."""
    n = indptr.size - 1
    m = cap.size
    off = np.zeros(m + 1, dtype=np.int64)
    for h in range(m):
        off[h + 1] = off[h] + cap[h]
    heap = np.empty(off[m], dtype=np.int64)  # opening h's max-heap: slots off[h]..
    fill = np.zeros(m, dtype=np.int64)
    # the worst key an opening still accepts: its worst held key once full (-1: no place)
    thresh = np.full(m, np.iinfo(np.int64).max, dtype=np.int64)
    for h in range(m):
        if cap[h] == 0:
            thresh[h] = -1
    nxt = indptr[:-1].copy()
    for start in range(n):
        cur = start  # the free trainee proposing now
        e = nxt[cur]
        end = indptr[cur + 1]
        while e < end:
            r = rank[e]
            h = opening[e]
            e += 1
            key = r * n + cur
            if r < 0 or key > thresh[h]:
                continue  # unacceptable, or rejected: next entry of the same trainee
            base = off[h]
            c = cap[h]
            f = fill[h]
            if f < c:  # room: sift the key up from the end
                i = f
                while i > 0:
                    p = (i - 1) // 2
                    if heap[base + p] > key:
                        break
                    heap[base + i] = heap[base + p]
                    i = p
                heap[base + i] = key
                fill[h] = f + 1
                if f + 1 == c:
                    thresh[h] = heap[base]
                break
            # full and better than the worst: replace the worst held trainee, sift down,
            # and let them propose on
            worst = heap[base]
            i = 0
            while True:
                a = 2 * i + 1
                if a >= c:
                    break
                if a + 1 < c and heap[base + a + 1] > heap[base + a]:
                    a += 1
                if heap[base + a] < key:
                    break
                heap[base + i] = heap[base + a]
                i = a
            heap[base + i] = key
            thresh[h] = heap[base]
            nxt[cur] = e
            cur = worst % n
            e = nxt[cur]
            end = indptr[cur + 1]
    assignment = np.full(n, -1, dtype=np.int64)
    for h in range(m):
        for j in range(off[h], off[h] + fill[h]):
            assignment[heap[j] % n] = h
    return assignment


def deferred_acceptance(lists: RankLists, capacity: NDArray[np.integer]) -> I64:
    """Trainee-optimal stable matching. Returns the opening index per trainee, -1 unmatched."""
    cap = np.asarray(capacity, dtype=np.int64)
    _check(lists, cap)
    n = lists.n_trainees
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if (int(lists.opening_rank.max(initial=0)) + 1) * n >= _INT63:
        raise ValueError("opening ranks too large: keep them below 2**62 / n_trainees")
    # an opening never holds more than n trainees: bounds the heaps' memory
    return _da_kernel(lists.indptr, lists.opening, lists.opening_rank, np.minimum(cap, n))


def blocking_pairs(
    lists: RankLists, capacity: NDArray[np.integer], assignment: NDArray[np.integer]
) -> NDArray[np.int64]:
    """Pairs ``(trainee, opening)`` (a ``K × 2`` array) that block ``assignment``.

    A pair blocks when both rank each other, the trainee is unmatched or prefers the opening
    to their match, and the opening has a free place or prefers the trainee to one it holds.
    Also raises if the assignment breaks a capacity or uses an unacceptable pair.
    """
    cap = np.asarray(capacity, dtype=np.int64)
    asg = np.asarray(assignment, dtype=np.int64)
    _check(lists, cap)
    n = lists.n_trainees
    owner = lists.owner()
    acceptable = lists.opening_rank >= 0
    rank_key = np.where(acceptable, lists.opening_rank * n + owner, -1)
    matched_entry = acceptable & (lists.opening == asg[owner])
    if np.any(np.bincount(asg[asg >= 0], minlength=cap.size) > cap):
        raise ValueError("assignment exceeds a capacity")
    has = np.zeros(n, dtype=np.bool_)
    has[owner[matched_entry]] = True
    if np.any((asg >= 0) & ~has):
        raise ValueError("assignment uses a pair that is not mutually acceptable")
    # position of each trainee's match in their list (first occurrence), n+inf if unmatched
    pos_in_list = np.arange(lists.opening.size) - lists.indptr[owner]
    match_pos = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(match_pos, owner[matched_entry], pos_in_list[matched_entry])
    worst = np.full(cap.size, -1, dtype=np.int64)
    np.maximum.at(worst, lists.opening[matched_entry], rank_key[matched_entry])
    load = np.bincount(asg[asg >= 0], minlength=cap.size)
    h = lists.opening
    wants = acceptable & (pos_in_list < match_pos[owner])
    opening_wants = (load[h] < cap[h]) | (rank_key < worst[h])
    block = wants & opening_wants
    return np.stack((owner[block], h[block]), axis=1)


def rank_lists_from_scores(
    n_trainees: int,
    trainee: NDArray[np.integer],
    opening: NDArray[np.integer],
    score: NDArray[np.floating],
    *,
    max_length: int | None = None,
) -> RankLists:
    """Rank lists in which both sides rank by fit score (best first, ties by index).

    Useful for a second round (offer unfilled places to unmatched trainees by fit) or for
    simulating a match day. ``max_length`` truncates each trainee's list.
    """
    t = np.asarray(trainee, dtype=np.int64)
    o = np.asarray(opening, dtype=np.int64)
    s = np.asarray(score, dtype=np.float64)
    by_trainee = np.lexsort((o, -s, t))
    t, o, s = t[by_trainee], o[by_trainee], s[by_trainee]
    counts = np.bincount(t, minlength=n_trainees)
    if max_length is not None:
        starts = np.cumsum(counts) - counts
        pos = np.arange(t.size) - np.repeat(starts, counts)
        keep = pos < max_length
        t, o, s = t[keep], o[keep], s[keep]
        counts = np.minimum(counts, max_length)
    by_opening = np.lexsort((t, -s, o))
    o_sorted = o[by_opening]
    starts = np.flatnonzero(np.r_[True, o_sorted[1:] != o_sorted[:-1]])
    sizes = np.diff(np.r_[starts, o.size])
    rank = np.empty(o.size, dtype=np.int64)
    rank[by_opening] = np.arange(o.size) - np.repeat(starts, sizes)
    indptr = np.zeros(n_trainees + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return RankLists(indptr, o, rank)


def second_round(
    first: NDArray[np.integer], lists: RankLists, capacity: NDArray[np.integer]
) -> I64:
    """Offer the places left after ``first`` to the trainees it left unmatched.

    ``lists`` are the second-round rank lists (e.g. from :func:`rank_lists_from_scores`);
    entries of already-matched trainees and of openings without a free place are ignored.
    Returns the second-round assignment (-1 for trainees not placed in this round).
    """
    cap = np.asarray(capacity, dtype=np.int64)
    asg = np.asarray(first, dtype=np.int64)
    residual = cap - np.bincount(asg[asg >= 0], minlength=cap.size)
    if np.any(residual < 0):
        raise ValueError("first-round assignment exceeds a capacity")
    owner = lists.owner()
    usable = (asg[owner] < 0) & (residual[lists.opening] > 0)
    rank = np.where(usable, lists.opening_rank, -1)
    return deferred_acceptance(RankLists(lists.indptr, lists.opening, rank), residual)


@dataclass(frozen=True, slots=True)
class MatchDayResult:
    """Assignments per trainee (opening index or -1) after each round."""

    round1: I64
    round2: I64
    final: I64

    @property
    def matched_round1(self) -> int:
        return int((self.round1 >= 0).sum())

    @property
    def matched_round2(self) -> int:
        return int((self.round2 >= 0).sum())


def match_day(
    lists: RankLists,
    capacity: NDArray[np.integer],
    second_round_lists: RankLists | None = None,
) -> MatchDayResult:
    """Round 1: deferred acceptance on the submitted lists. Round 2 (optional): the same on
    ``second_round_lists`` restricted to unmatched trainees and unfilled places."""
    r1 = deferred_acceptance(lists, capacity)
    if second_round_lists is None:
        r2 = np.full_like(r1, -1)
    else:
        if second_round_lists.n_trainees != lists.n_trainees:
            raise ValueError("second-round lists must cover the same trainees")
        r2 = second_round(r1, second_round_lists, capacity)
    return MatchDayResult(r1, r2, np.where(r1 >= 0, r1, r2))


def match_day_from_lists(
    trainee_prefs: Mapping[str, Sequence[str]],
    opening_prefs: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int],
) -> dict[str, str | None]:
    """Deferred acceptance on id-keyed rank lists (best first). A trainee an opening did not
    rank is unacceptable to it; unknown opening ids in a trainee's list are an error."""
    trainees = list(trainee_prefs)
    openings = list(capacities)
    o_index = {o: i for i, o in enumerate(openings)}
    for o in opening_prefs:
        if o not in o_index:
            raise ValueError(f"opening {o!r} has a rank list but no capacity")
    rank_of: dict[tuple[str, str], int] = {}
    for o, ranked in opening_prefs.items():
        for r, t in enumerate(ranked):
            rank_of.setdefault((o, t), r)
    indptr = [0]
    opp: list[int] = []
    ranks: list[int] = []
    for t in trainees:
        for o in trainee_prefs[t]:
            if o not in o_index:
                raise ValueError(f"trainee {t!r} ranks unknown opening {o!r}")
            opp.append(o_index[o])
            ranks.append(rank_of.get((o, t), -1))
        indptr.append(len(opp))
    cap = np.asarray([capacities[o] for o in openings], dtype=np.int64)
    asg = deferred_acceptance(
        RankLists(np.asarray(indptr), np.asarray(opp), np.asarray(ranks)), cap
    )
    return {
        t: (openings[a] if a >= 0 else None) for t, a in zip(trainees, asg.tolist(), strict=True)
    }
