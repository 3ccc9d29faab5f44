"""Reference implementations used only by the tests (and checked against by them).

:func:`deferred_acceptance_numpy` is an independent, vectorised implementation of the
simultaneous form of deferred acceptance (all free trainees propose at once; a proposal
below a full opening's threshold is rejected at once; the rest are merged with the
openings' held trainees by one ``argsort`` on a composite ``(opening, key)`` integer), at
O(E log E). It was the engine's match day before the compiled sequential kernel
(:func:`matchengine.deferred_acceptance.deferred_acceptance`); the tests require both to
give the same matching.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from matchengine.deferred_acceptance import _INT63, RankLists, _check
from matchengine.scoring import concat_ranges

I64 = NDArray[np.int64]


def _sort_order(ch: I64, ck: I64, key_space: int, n_openings: int) -> I64:
    """Positions ordered by (opening, key): one argsort of the composite integer when it
    fits in 63 bits, else a lexsort."""
    if n_openings * key_space < _INT63:
        return np.argsort(ch * key_space + ck)
    return np.lexsort((ck, ch))


def deferred_acceptance_numpy(lists: RankLists, capacity: NDArray[np.integer]) -> I64:
    """The trainee-optimal stable matching, vectorised with numpy (the simultaneous form)."""
    cap = np.asarray(capacity, dtype=np.int64)
    _check(lists, cap)
    n, m = lists.n_trainees, int(cap.size)
    assignment = np.full(n, -1, dtype=np.int64)
    if n == 0 or m == 0:
        return assignment

    opening, rank = lists.opening, lists.opening_rank
    max_rank = int(rank.max(initial=0))
    if (max_rank + 1) * n >= _INT63:
        raise ValueError("opening ranks too large: keep them below 2**62 / n_trainees")
    key_space = (max_rank + 1) * n  # key = rank · n + trainee: unique per opening

    off = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(cap, out=off[1:])
    slot_t = np.full(int(off[-1]), -1, dtype=np.int64)
    slot_k = np.zeros(int(off[-1]), dtype=np.int64)
    fill = np.zeros(m, dtype=np.int64)
    full = cap == 0
    worst = np.full(m, -1, dtype=np.int64)  # worst held key, meaningful once full
    nxt = lists.indptr[:-1].copy()
    end = lists.indptr[1:]
    mark = np.zeros(m, dtype=np.bool_)

    def propose(who: I64) -> tuple[I64, I64, I64, I64]:
        """Next proposal of each of ``who``: survivors (trainee, opening, key) and the
        trainees rejected outright (unranked by the opening, or below its full threshold —
        thresholds only improve, so that rejection is final)."""
        e = nxt[who]
        nxt[who] += 1
        h = opening[e]
        r = rank[e]
        k = r * n + who
        out = (r < 0) | (full[h] & (k > worst[h]))
        ok = ~out
        return who[ok], h[ok], k[ok], who[out]

    free = np.flatnonzero(end > nxt)
    while free.size:
        ft, fh, fk, rejected = propose(free)
        ts, hs, ks = [ft], [fh], [fk]
        while rejected.size:
            rejected = rejected[nxt[rejected] < end[rejected]]
            ft, fh, fk, rejected = propose(rejected)
            ts.append(ft)
            hs.append(fh)
            ks.append(fk)
        ft = np.concatenate(ts)
        rejected = ft[:0]
        if ft.size:
            fh, fk = np.concatenate(hs), np.concatenate(ks)
            if fh.size * 8 > m:
                mark[fh] = True
                touched = np.flatnonzero(mark)
                mark[touched] = False
            else:
                touched = np.unique(fh)
            lens = fill[touched]
            held = concat_ranges(off[touched], lens)
            ct = np.concatenate((slot_t[held], ft))
            ch = np.concatenate((np.repeat(touched, lens), fh))
            ck = np.concatenate((slot_k[held], fk))
            order = _sort_order(ch, ck, key_space, m)
            ct, ch, ck = ct[order], ch[order], ck[order]
            starts = np.flatnonzero(np.r_[True, ch[1:] != ch[:-1]])
            sizes = np.diff(np.r_[starts, ch.size])
            pos = np.arange(ch.size) - np.repeat(starts, sizes)
            kept = pos < cap[ch]
            slot = off[ch[kept]] + pos[kept]
            slot_t[slot] = ct[kept]
            slot_k[slot] = ck[kept]
            gh = ch[starts]
            gcap = cap[gh]
            fill[gh] = np.minimum(sizes, gcap)
            now_full = sizes >= gcap
            full[gh[now_full]] = True
            worst[gh[now_full]] = ck[starts[now_full] + gcap[now_full] - 1]
            rejected = ct[~kept]
        free = rejected[nxt[rejected] < end[rejected]]

    slot_owner = np.repeat(np.arange(m, dtype=np.int64), cap)
    filled = slot_t >= 0
    assignment[slot_t[filled]] = slot_owner[filled]
    return assignment
