"""Selection into courses: applicant-proposing deferred acceptance with course capacities.

This is the college-admissions problem (Gale and Shapley, 1962): every applicant ranks up to
three courses, every course ranks its eligible applicants by screening score, and each
course has a capacity. Applicants propose to their choices in order; a course keeps its best
``capacity`` proposers and rejects the rest, who move on to their next choice. The result is
stable (no applicant and course both prefer each other to what they got) and the best stable
outcome for every applicant, so an applicant selected by a higher choice is never held by a
lower one, and stating true preferences never hurts.

Plain data in, plain data out (no Django): the services feed it from the database.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

Key = tuple  # a course's sort key for an applicant: smaller is better


@dataclass(frozen=True)
class Candidate:
    applicant: Hashable
    preferences: tuple[Hashable, ...]  # course ids, best first


@dataclass(frozen=True)
class Placement:
    assigned: Mapping[Hashable, Hashable | None]  # applicant -> course or None
    selected: Mapping[Hashable, tuple[Hashable, ...]]  # course -> applicants, best first
    waitlist: Mapping[Hashable, tuple[Hashable, ...]]  # course -> applicants, best first


def place(
    *,
    candidates: Sequence[Candidate],
    capacities: Mapping[Hashable, int],
    ranking: Mapping[tuple[Hashable, Hashable], Key],
) -> Placement:
    """Place ``candidates`` into courses.

    ``ranking[(course, applicant)]`` is the course's sort key for the applicant (smaller is
    better, keys must be distinct within a course); a missing pair means the applicant is not
    eligible for that course (not fully screened, below a pass mark, or excluded).

    The waitlist of a course lists, best first, the eligible applicants who prefer it to what
    they got (or got nothing); applicants placed by a higher choice are not on it.
    """
    prefs = {
        c.applicant: [p for p in c.preferences if (p, c.applicant) in ranking] for c in candidates
    }
    next_index = dict.fromkeys(prefs, 0)
    held: dict[Hashable, list[Hashable]] = {course: [] for course in capacities}
    free = [c.applicant for c in candidates]
    while free:
        applicant = free.pop()
        options = prefs[applicant]
        if next_index[applicant] >= len(options):
            continue
        course = options[next_index[applicant]]
        next_index[applicant] += 1
        capacity = capacities.get(course, 0)
        holding = held.setdefault(course, [])
        holding.append(applicant)
        holding.sort(key=lambda a, c=course: ranking[(c, a)])
        if len(holding) > capacity:
            free.append(holding.pop())
    assigned: dict[Hashable, Hashable | None] = dict.fromkeys(prefs)
    for course, holding in held.items():
        for applicant in holding:
            assigned[applicant] = course
    waitlist: dict[Hashable, list[Hashable]] = {course: [] for course in held}
    for candidate in candidates:
        got = assigned[candidate.applicant]
        for course in prefs[candidate.applicant]:
            if course == got:
                break
            waitlist.setdefault(course, []).append(candidate.applicant)
    return Placement(
        assigned=assigned,
        selected={course: tuple(holding) for course, holding in held.items()},
        waitlist={
            course: tuple(sorted(people, key=lambda a, c=course: ranking[(c, a)]))
            for course, people in waitlist.items()
        },
    )
