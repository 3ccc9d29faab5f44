"""Placement with preferences and capacities, table-driven: every expected result written out.

Applicants are letters; a course ranks applicants by the number given (smaller is better);
an applicant missing from a course's ranking is not eligible there.
"""

from __future__ import annotations

import itertools
import random

import pytest

from careerhub.intake.selection import Candidate, place

CASES = [
    pytest.param(
        # Everybody wants X (capacity 2): the two best get it, the rest fall to Y.
        {"X": 2, "Y": 2},
        {"a": "XY", "b": "XY", "c": "XY", "d": "XY"},
        {"X": "abcd", "Y": "dcba"},
        {"a": "X", "b": "X", "c": "Y", "d": "Y"},
        {"X": "cd", "Y": ""},
        id="capacity-then-second-choice",
    ),
    pytest.param(
        # a is selected by their first choice X, so Y does not hold a place for them: b gets it.
        {"X": 1, "Y": 1},
        {"a": "XY", "b": "Y"},
        {"X": "a", "Y": "ab"},
        {"a": "X", "b": "Y"},
        {"X": "", "Y": ""},
        id="higher-choice-releases-lower",
    ),
    pytest.param(
        # c is best at X but X is c's second choice; c gets first choice Y, so a keeps X and b
        # waits for X. Nobody waits at Y: c got it.
        {"X": 1, "Y": 1},
        {"a": "X", "b": "X", "c": "YX"},
        {"X": "cab", "Y": "c"},
        {"a": "X", "b": None, "c": "Y"},
        {"X": "b", "Y": ""},
        id="stable-not-greedy",
    ),
    pytest.param(
        # b prefers X but is placed at Y; b waits for X ahead of d (X ranks b before d).
        {"X": 1, "Y": 2},
        {"a": "X", "b": "XY", "c": "Y", "d": "X"},
        {"X": "abd", "Y": "bc"},
        {"a": "X", "b": "Y", "c": "Y", "d": None},
        {"X": "bd", "Y": ""},
        id="waitlist-at-higher-choice",
    ),
    pytest.param(
        # Not eligible at X (e.g. failed the interview): straight to the second choice.
        {"X": 3, "Y": 1},
        {"a": "XY", "b": "XY"},
        {"X": "b", "Y": "ab"},
        {"a": "Y", "b": "X"},
        {"X": "", "Y": ""},
        id="ineligible-choice-skipped",
    ),
    pytest.param(
        # Three courses, a chain of displacements: c bumps b at Y, b bumps a at X, a bumps c
        # at Y, c ends at Z. Each waits at the choices they preferred, in the course's order.
        {"X": 1, "Y": 1, "Z": 1},
        {"a": "XYZ", "b": "YXZ", "c": "XYZ"},
        {"X": "bac", "Y": "acb", "Z": "abc"},
        {"a": "Y", "b": "X", "c": "Z"},
        {"X": "ac", "Y": "cb", "Z": ""},
        id="displacement-chain",
    ),
    pytest.param(
        # More places than applicants: everyone eligible is placed, nobody waits.
        {"X": 5},
        {"a": "X", "b": "X", "c": "X"},
        {"X": "ab"},
        {"a": "X", "b": "X", "c": None},
        {"X": ""},
        id="under-subscribed",
    ),
]


def _run(capacities, preferences, rankings):
    ranking = {
        (course, applicant): (i,)
        for course, order in rankings.items()
        for i, applicant in enumerate(order)
    }
    candidates = [Candidate(a, tuple(p)) for a, p in preferences.items()]
    return place(candidates=candidates, capacities=capacities, ranking=ranking)


@pytest.mark.parametrize(("capacities", "preferences", "rankings", "assigned", "waitlist"), CASES)
def test_placement_table(capacities, preferences, rankings, assigned, waitlist):
    result = _run(capacities, preferences, rankings)
    assert dict(result.assigned) == assigned
    assert {c: "".join(result.waitlist.get(c, ())) for c in capacities} == waitlist
    for course, capacity in capacities.items():
        assert len(result.selected[course]) <= capacity


def _stable(capacities, preferences, rankings, result) -> bool:
    rank = {(c, a): i for c, order in rankings.items() for i, a in enumerate(order)}
    for applicant, prefs in preferences.items():
        got = result.assigned[applicant]
        for course in prefs:
            if course == got:
                break
            if (course, applicant) not in rank:
                continue
            held = result.selected[course]
            if len(held) < capacities[course]:
                return False  # a free place they want and are eligible for
            if any(rank[(course, applicant)] < rank[(course, h)] for h in held):
                return False  # the course prefers them to someone it holds
    return True


def test_random_instances_are_stable_and_match_brute_force():
    """Against an independent check: the result is stable, and no other stable assignment is
    better for any applicant (brute force over all assignments of small instances)."""
    rng = random.Random(7)
    for _ in range(150):
        courses = "XYZ"[: rng.randint(1, 3)]
        capacities = {c: rng.randint(1, 2) for c in courses}
        people = "abcde"[: rng.randint(1, 5)]
        preferences = {
            p: "".join(rng.sample(courses, rng.randint(1, len(courses)))) for p in people
        }
        rankings = {c: "".join(rng.sample(people, rng.randint(0, len(people)))) for c in courses}
        result = _run(capacities, preferences, rankings)
        assert _stable(capacities, preferences, rankings, result)
        rank = {(c, a): i for c, order in rankings.items() for i, a in enumerate(order)}
        options = {p: [None] + [c for c in preferences[p] if (c, p) in rank] for p in people}
        for combo in itertools.product(*(options[p] for p in people)):
            assignment = dict(zip(people, combo, strict=True))
            if any(sum(1 for v in assignment.values() if v == c) > capacities[c] for c in courses):
                continue
            fake = type("R", (), {})()
            fake.assigned = assignment
            fake.selected = {c: tuple(p for p in people if assignment[p] == c) for c in courses}
            if not _stable(capacities, preferences, rankings, fake):
                continue
            for p in people:  # applicant-optimal: nobody does better in another stable one
                mine = result.assigned[p]
                other = assignment[p]
                pos = {c: i for i, c in enumerate(preferences[p])}
                assert pos.get(mine, 99) <= pos.get(other, 99)
