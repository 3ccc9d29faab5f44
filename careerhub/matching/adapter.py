"""The one adapter between the database and the matching engine (``matchengine``).

Reads trainees, openings (open job postings and reported demand without a posting) and the
role taxonomy with a handful of ``values_list`` queries, turns them into the engine's frozen
dataclasses and arrays, and turns the engine's answers back into plain data that services
store. No other module of careerhub imports ``matchengine`` (an import-linter contract in
``pyproject.toml`` names this module as its only importer).

The taxonomy becomes the engine's terms here, once (:func:`engine_vocabulary`,
:func:`engine_role_taxonomy`): for scoring (:func:`engine_taxonomy`) and for reading
posting text (:class:`EngineTextReader`, the engine's role classifier, registered with
``careerhub.hiring.extraction`` by ``MatchingConfig.ready`` — hiring sits below matching
and cannot import it).

Conventions fixed here:

- **Opening keys**: ``p<pk>`` for a job posting, ``d<pk>`` for a demand line.
- **Skill levels**: careerhub records 1–5 (basic, elementary, intermediate, advanced,
  expert); the engine counts 1–4 (basic, intermediate, advanced, expert). Elementary counts
  as basic: ``{1: 1, 2: 1, 3: 2, 4: 3, 5: 4}``. A posting skill without a level needs
  intermediate.
- **Hiring windows**: a demand line's months; a posting made from demand keeps its line's
  months; any other posting hires from this month (or its deadline, if earlier) until two
  months after its deadline.
- **Availability**: the trainee's own date, else the day after their course ends.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.core.cache import cache
from django.db.models import Q

import matchengine as me
import matchengine.classify as me_classify
import matchengine.scoring as me_scoring
from careerhub.academy.models import Trainee, TraineeSkill
from careerhub.core.signatures import data_signature, digest
from careerhub.hiring.extraction import RoleReading, TextReading
from careerhub.hiring.models import (
    DemandLine,
    DemandResponse,
    DemandSkill,
    JobPosting,
    PostingSkill,
    PostingStatus,
)
from careerhub.outcomes.models import Outcome, OutcomeType
from careerhub.taxonomy.models import JobRole, RoleAlias, RoleRelation, Skill, Source
from careerhub.taxonomy.selectors import TaxonomySnapshot, taxonomy_snapshot

Weights = me.Weights
"""The engine's score weights, named here so that services need not import the engine."""

LEVEL_TO_ENGINE = {1: 1, 2: 1, 3: 2, 4: 3, 5: 4}
DEFAULT_POSTING_LEVEL = 3
POSTING_WINDOW_AFTER_DEADLINE_MONTHS = 2


def engine_level(level: int | None) -> int:
    return LEVEL_TO_ENGINE[int(level or DEFAULT_POSTING_LEVEL)]


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def posting_key(pk: int) -> str:
    return f"p{pk}"


def demand_key(pk: int) -> str:
    return f"d{pk}"


def parse_key(key: str) -> tuple[str, int]:
    """``"p12"`` → ``("posting", 12)``; raises ``ValueError`` for anything else."""
    if len(key) < 2 or key[0] not in "pd" or not key[1:].isdigit():
        raise ValueError(f"not an opening key: {key!r}")
    return ("posting" if key[0] == "p" else "demand"), int(key[1:])


# --- plain data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpeningInfo:
    key: str
    posting_id: int | None
    demand_line_id: int | None
    company_id: int
    company_name: str
    title: str
    role_code: str
    region: str
    headcount: int
    window_start: dt.date
    window_end: dt.date
    required: dict[str, int] = field(default_factory=dict)  # skill code → careerhub level
    preferred: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.company_name} · {self.title}"

    def to_engine(self) -> me.Opening:
        return self.engine

    @cached_property
    def engine(self) -> me.Opening:
        """The engine's dataclass, built once per (cached) opening."""
        return me.Opening(
            id=self.key,
            role=self.role_code,
            headcount=self.headcount,
            window_start=self.window_start,
            window_end=self.window_end,
            required_skills={c: engine_level(v) for c, v in self.required.items()},
            preferred_skills={c: engine_level(v) for c, v in self.preferred.items()},
            region=self.region or None,
        )

    def snapshot(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "role": self.role_code,
            "region": self.region,
            "headcount": self.headcount,
            "window": [self.window_start.isoformat(), self.window_end.isoformat()],
            "required": self.required,
            "preferred": self.preferred,
        }


@dataclass(frozen=True)
class TraineeInfo:
    id: int
    name: str
    operator_id: int
    course_id: int
    desired_roles: tuple[str, ...]
    trained_role: str | None
    skills: dict[str, int]  # skill code → careerhub level
    verified: frozenset[str]
    available_from: dt.date
    desired_regions: tuple[str, ...]

    def to_engine(self) -> me.Trainee:
        return me.Trainee(
            id=str(self.id),
            desired_roles=self.desired_roles,
            trained_role=self.trained_role,
            skills={c: engine_level(v) for c, v in self.skills.items()},
            available_from=self.available_from,
            desired_regions=self.desired_regions,
            verified_skills=self.verified & self.skills.keys(),
        )

    def snapshot(self) -> dict:
        return {
            "id": self.id,
            "roles": list(self.desired_roles),
            "trained_role": self.trained_role,
            "skills": self.skills,
            "verified": sorted(self.verified),
            "available_from": self.available_from.isoformat(),
            "regions": list(self.desired_regions),
        }


@dataclass(frozen=True)
class Names:
    roles: dict[str, str]
    skills: dict[str, str]


@dataclass(frozen=True)
class EngineTaxonomy:
    taxonomy: me.RoleTaxonomy
    names: Names
    signature: str


# --- taxonomy in the engine's terms ------------------------------------------------------------


def engine_vocabulary(snapshot: TaxonomySnapshot) -> me.Vocabulary:
    """The skills of ``snapshot`` as the engine's vocabulary (ids are our codes)."""
    return me.Vocabulary(
        skills=tuple(
            me.Skill(
                id=s.code,
                name=s.name_ko or s.name_en,
                aliases=tuple(dict.fromkeys(a for a in (s.name_en, *s.aliases) if a)),
            )
            for s in snapshot.skills
        )
    )


def engine_role_taxonomy(snapshot: TaxonomySnapshot) -> me.RoleTaxonomy:
    """The roles of ``snapshot`` with their groups, aliases, typical skills and the
    (symmetric) related pairs, as the engine's taxonomy (ids are our codes)."""
    related = {
        (min(r.code, rel.role_code), max(r.code, rel.role_code))
        for r in snapshot.roles
        for rel in r.related
    }
    return me.RoleTaxonomy(
        roles=tuple(
            me.Role(
                id=r.code,
                name=r.name_ko or r.name_en,
                group=r.group_code,
                aliases=tuple(dict.fromkeys(a for a in (r.name_en, *r.aliases) if a)),
                skills=tuple(t.skill_code for t in r.typical_skills),
            )
            for r in snapshot.roles
        ),
        related=tuple(sorted(related)),
    )


class EngineTextReader:
    """``careerhub.hiring.extraction.TextReader`` over the engine's role classifier
    (:class:`matchengine.classify.RoleClassifier`), built from one taxonomy snapshot; answers
    in hiring's plain dataclasses. When O*NET is imported, the titles of the occupation a
    role maps to (alone) count as the role's titles too."""

    def __init__(self, snapshot: TaxonomySnapshot) -> None:
        self._classifier = me.RoleClassifier(
            engine_vocabulary(snapshot),
            engine_role_taxonomy(snapshot),
            extra_titles=onet_titles_by_role(snapshot),
        )

    def read(self, title: str, description: str) -> TextReading:
        reading = self._classifier.classify(title, description)
        return TextReading(
            skill_codes=tuple(m.skill_id for m in reading.skills),
            roles=tuple(
                RoleReading(r.role_id, r.score, r.evidence, r.confidence) for r in reading.roles
            ),
        )


def onet_titles_by_role(snapshot: TaxonomySnapshot) -> dict[str, list[str]]:
    """The imported O*NET titles (official and alternate) of each curated role's occupation,
    for occupations exactly one role of ``snapshot`` maps to; empty without the import."""
    occupation_of = {r.code: r.onet_code for r in snapshot.roles if r.source == Source.CURATED}
    titles: dict[str, list[str]] = defaultdict(list)
    occupations = JobRole.objects.filter(
        source=Source.ONET, onet_code__in={c for c in occupation_of.values() if c}
    )
    for code, name in occupations.values_list("onet_code", "name_en"):
        titles[code].append(name)
    for code, alias in (
        RoleAlias.objects.filter(role__in=occupations)
        .order_by("pk")
        .values_list("role__onet_code", "alias")
    ):
        titles[code].append(alias)
    return me_classify.titles_by_role(occupation_of, titles)


# --- taxonomy (cached per process, invalidated by a cheap signature) ---------------------------

_taxonomy_lock = threading.Lock()
_taxonomy_cache: dict[str, EngineTaxonomy] = {}


TAXONOMY_SIGNATURE_KEY = "matching:taxonomy-signature"
TAXONOMY_SIGNATURE_SECONDS = 60


def taxonomy_signature() -> str:
    """A digest of everything the engine's taxonomy and display names are built from.

    Reading every role and skill costs three queries of hundreds of rows, and each
    recommendation page asks twice; the digest is kept in the shared cache, dropped by any
    save or delete of a role, group, relation or skill (``taxonomy_changed``) and recomputed
    at least once a minute (for changes made without signals, e.g. a bulk load)."""
    signature = cache.get(TAXONOMY_SIGNATURE_KEY)
    if signature is None:
        signature = digest(
            list(
                JobRole.objects.order_by("pk").values_list("pk", "code", "group__code", "name_ko")
            ),
            list(RoleRelation.objects.order_by("pk").values_list("from_role_id", "to_role_id")),
            list(Skill.objects.order_by("pk").values_list("pk", "code", "name_ko")),
        )
        cache.set(TAXONOMY_SIGNATURE_KEY, signature, TAXONOMY_SIGNATURE_SECONDS)
    return signature


def taxonomy_changed(**_kwargs: object) -> None:
    """Signal receiver: the taxonomy changed, so its digest is computed again."""
    cache.delete(TAXONOMY_SIGNATURE_KEY)


def engine_taxonomy() -> EngineTaxonomy:
    """The role taxonomy as the engine wants it, with Korean display names."""
    signature = taxonomy_signature()
    cached = _taxonomy_cache.get("current")
    if cached is not None and cached.signature == signature:
        return cached
    with _taxonomy_lock:
        snap = taxonomy_snapshot()
        result = EngineTaxonomy(
            # aliases and typical skills come along; scoring reads only ids, names, groups
            # and relations, which the signature covers
            taxonomy=engine_role_taxonomy(snap),
            names=Names(
                roles={r.code: r.name_ko for r in snap.roles},
                skills={s.code: s.name_ko for s in snap.skills},
            ),
            signature=signature,
        )
        _taxonomy_cache["current"] = result
        return result


# --- loading -----------------------------------------------------------------------------------


def placed_trainee_ids(trainee_ids: Iterable[int] | None = None, *, today: dt.date) -> set[int]:
    """Trainees already in a job or a start-up (an outcome not rejected and not ended)."""
    qs = Outcome.objects.filter(
        outcome_type__in=(OutcomeType.EMPLOYED, OutcomeType.STARTUP),
    ).exclude(status=Outcome.Status.REJECTED)
    qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    if trainee_ids is not None:
        qs = qs.filter(trainee_id__in=list(trainee_ids))
    return set(qs.values_list("trainee_id", flat=True))


def matchable_trainees(queryset, *, today: dt.date):
    """Of ``queryset``: not dropped out and not already placed."""
    placed = Outcome.objects.filter(
        outcome_type__in=(OutcomeType.EMPLOYED, OutcomeType.STARTUP),
    ).exclude(status=Outcome.Status.REJECTED)
    placed = placed.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    return queryset.exclude(status=Trainee.Status.DROPPED).exclude(
        pk__in=placed.values("trainee_id")
    )


def consenting(queryset):
    """Of ``queryset``: trainees with an active consent to provision to companies."""
    return queryset.filter(pk__in=Trainee.objects.consenting_to_companies().values("pk"))


def load_trainees(trainee_ids: Sequence[int]) -> list[TraineeInfo]:
    """Trainees as plain data, in the order of ``trainee_ids`` (unknown ids are skipped)."""
    ids = list(trainee_ids)
    if not ids:
        return []
    rows: dict[int, tuple] = {}
    for chunk in _chunks(ids):
        for row in Trainee.objects.filter(pk__in=chunk).values_list(
            "pk",
            "name",
            "course__operator_id",
            "course_id",
            "course__track_role__code",
            "available_from",
            "course__end_date",
            "desired_regions",
        ):
            rows[row[0]] = row
    roles: dict[int, list[str]] = defaultdict(list)
    skills: dict[int, dict[str, int]] = defaultdict(dict)
    verified: dict[int, set[str]] = defaultdict(set)
    through = Trainee.desired_roles.through
    for chunk in _chunks(ids):
        for trainee_id, code in (
            through.objects.filter(trainee_id__in=chunk)
            .order_by("trainee_id", "pk")
            .values_list("trainee_id", "jobrole__code")
        ):
            roles[trainee_id].append(code)
        for trainee_id, code, level, is_verified in TraineeSkill.objects.filter(
            trainee_id__in=chunk
        ).values_list("trainee_id", "skill__code", "level", "verified"):
            skills[trainee_id][code] = level
            if is_verified:
                verified[trainee_id].add(code)
    out = []
    for pk in ids:
        row = rows.get(pk)
        if row is None:
            continue
        _, name, operator_id, course_id, track, available, course_end, regions = row
        out.append(
            TraineeInfo(
                id=pk,
                name=name,
                operator_id=operator_id,
                course_id=course_id,
                desired_roles=tuple(roles.get(pk, ())),
                trained_role=track,
                skills=dict(skills.get(pk, {})),
                verified=frozenset(verified.get(pk, ())),
                available_from=available or (course_end + dt.timedelta(days=1)),
                desired_regions=tuple(r for r in (regions or []) if r),
            )
        )
    return out


def _chunks(ids: Sequence[int], size: int = 900) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])


def open_postings(*, today: dt.date):
    return JobPosting.objects.filter(
        status=PostingStatus.OPEN, deadline__gte=today, role__isnull=False
    )


def open_demand_lines(*, today: dt.date):
    """Submitted demand still ahead of us that no posting has taken up yet."""
    return DemandLine.objects.filter(
        response__status=DemandResponse.Status.SUBMITTED,
        latest_month__gte=month_start(today),
    ).exclude(postings__isnull=False)


def load_openings(
    *,
    today: dt.date,
    posting_ids: Sequence[int] | None = None,
    include_demand: bool = True,
) -> list[OpeningInfo]:
    """Open postings (all, or the given ones regardless of status) and, optionally, open
    demand lines — as plain data, postings first, each ordered by id."""
    if posting_ids is None:
        postings = open_postings(today=today)
    else:
        postings = JobPosting.objects.filter(pk__in=list(posting_ids), role__isnull=False)
    p_rows = list(
        postings.order_by("pk").values_list(
            "pk",
            "company_id",
            "company__name",
            "title",
            "role__code",
            "region",
            "headcount",
            "deadline",
            "demand_line__earliest_month",
            "demand_line__latest_month",
        )
    )
    p_skills: dict[int, tuple[dict, dict]] = defaultdict(lambda: ({}, {}))
    ids = [r[0] for r in p_rows]
    for chunk in _chunks(ids):
        for pid, code, required, level in PostingSkill.objects.filter(
            posting_id__in=chunk
        ).values_list("posting_id", "skill__code", "required", "level"):
            p_skills[pid][0 if required else 1][code] = level or DEFAULT_POSTING_LEVEL
    this_month = month_start(today)
    out: list[OpeningInfo] = []
    for pid, cid, cname, title, role, region, headcount, deadline, d_from, d_to in p_rows:
        if d_from and d_to:
            start, end = month_start(d_from), month_start(d_to)
        else:
            start = min(this_month, month_start(deadline))
            end = add_months(deadline, POSTING_WINDOW_AFTER_DEADLINE_MONTHS)
        required, preferred = p_skills[pid]
        out.append(
            OpeningInfo(
                key=posting_key(pid),
                posting_id=pid,
                demand_line_id=None,
                company_id=cid,
                company_name=cname,
                title=title,
                role_code=role,
                region=region or "",
                headcount=headcount,
                window_start=start,
                window_end=max(start, end),
                required=dict(required),
                preferred=dict(preferred),
            )
        )
    if include_demand and posting_ids is None:
        out.extend(_load_demand(today=today))
    return out


def _load_demand(*, today: dt.date) -> list[OpeningInfo]:
    from django.utils.translation import gettext as _

    rows = list(
        open_demand_lines(today=today)
        .order_by("pk")
        .values_list(
            "pk",
            "response__company_id",
            "response__company__name",
            "role__code",
            "role__name_ko",
            "region",
            "headcount",
            "earliest_month",
            "latest_month",
        )
    )
    skills: dict[int, tuple[dict, dict]] = defaultdict(lambda: ({}, {}))
    ids = [r[0] for r in rows]
    for chunk in _chunks(ids):
        for lid, code, required, level in DemandSkill.objects.filter(line_id__in=chunk).values_list(
            "line_id", "skill__code", "required", "level"
        ):
            skills[lid][0 if required else 1][code] = level
    out = []
    for lid, cid, cname, role, role_name, region, headcount, d_from, d_to in rows:
        required, preferred = skills[lid]
        out.append(
            OpeningInfo(
                key=demand_key(lid),
                posting_id=None,
                demand_line_id=lid,
                company_id=cid,
                company_name=cname,
                title=_("%(role)s (reported demand)") % {"role": role_name},
                role_code=role,
                region=region or "",
                headcount=headcount,
                window_start=month_start(d_from),
                window_end=month_start(d_to),
                required=dict(required),
                preferred=dict(preferred),
            )
        )
    return out


_openings_lock = threading.Lock()
_openings_cache: dict[str, tuple[str, list[OpeningInfo]]] = {}


def load_openings_current(*, today: dt.date, signature: str | None = None) -> list[OpeningInfo]:
    """All open openings, reused from this process's cache while their signature holds
    (a recommendation page then needs only the cheap signature query, not 2,000 rows)."""
    signature = signature or openings_signature(today=today)
    cached = _openings_cache.get("current")
    if cached is not None and cached[0] == signature:
        return cached[1]
    openings = load_openings(today=today)
    with _openings_lock:
        _openings_cache["current"] = (signature, openings)
    return openings


def openings_signature(*, today: dt.date) -> str:
    """Changes whenever an opening the engine would see changes (cheap aggregates, one
    query)."""
    values = data_signature(
        (open_postings(today=today), "updated_at"),
        (open_postings(today=today), "pk"),
        (PostingSkill.objects.all(), "pk"),
        (open_demand_lines(today=today), "updated_at"),
        (DemandSkill.objects.all(), "pk"),
    )
    return "|".join(str(v) for v in (today, *values))


# --- problems ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """One explained pair, with names resolved (plain data for services to store)."""

    total: float
    role: float
    skill: float
    timing: float
    region: float
    role_relation: int
    matched_skills: tuple[str, ...]
    missing_skills: tuple[str, ...]
    verified_skills: tuple[str, ...]  # the opening's skills the trainee holds verified
    required_met: int
    required_total: int
    months_apart: int
    reason: str
    reason_en: str


class Problem:
    """Trainees and openings encoded once for the engine; indexes are positions in the lists."""

    def __init__(
        self,
        trainees: Sequence[TraineeInfo],
        openings: Sequence[OpeningInfo],
        *,
        weights: me.Weights | None = None,
        taxonomy: EngineTaxonomy | None = None,
    ) -> None:
        self.trainees = list(trainees)
        self.openings = list(openings)
        self.tax = taxonomy or engine_taxonomy()
        self.weights = weights or me.Weights()
        self.encoded = me_scoring.encode(
            [t.to_engine() for t in self.trainees],
            [o.to_engine() for o in self.openings],
            self.tax.taxonomy,
        )
        self.scorer = me_scoring.FitScorer.from_encoded(
            self.encoded, self.tax.taxonomy, self.weights
        )
        self.trainee_index = {t.id: i for i, t in enumerate(self.trainees)}
        self.opening_index = {o.key: i for i, o in enumerate(self.openings)}
        self._role_names = [r.name for r in self.tax.taxonomy.roles]
        self._region_names: list[str] | None = None  # labelled once, on the first explain

    def explain(self, t: int, o: int) -> Breakdown:
        if self._region_names is None:
            self._region_names = [_region_label(r) for r in self.encoded.region_names]
        b = self.scorer.explain(
            t,
            o,
            trainee_id=str(self.trainees[t].id),
            opening_id=self.openings[o].key,
            skill_ids=self.encoded.skill_ids,
            skill_names=self.tax.names.skills,
            role_names=self._role_names,
            region_names=self._region_names,
        )
        return Breakdown(
            total=round(min(max(b.total, 0.0), 1.0), 6),
            role=b.role,
            skill=b.skill,
            timing=b.timing,
            region=b.region,
            role_relation=int(b.role_relation),
            matched_skills=b.matched_skills,
            missing_skills=b.missing_required,
            verified_skills=b.verified_skills,
            required_met=b.required_met,
            required_total=b.required_total,
            months_apart=b.months_apart,
            reason=b.explanation,
            reason_en=b.explanation_en,
        )

    def top_openings(
        self,
        k: int,
        *,
        trainees: Sequence[int] | None = None,
        openings: Sequence[int] | None = None,
    ) -> me.TopK:
        return me.recommend_openings(
            self.scorer,
            k,
            trainees=None if trainees is None else np.asarray(trainees, dtype=np.int64),
            openings=None if openings is None else np.asarray(openings, dtype=np.int64),
            workers=1,
        )

    def top_trainees(
        self, k: int, *, openings: Sequence[int], trainees: Sequence[int] | None = None
    ) -> me.TopK:
        return me.recommend_trainees(
            self.scorer,
            k,
            openings=np.asarray(openings, dtype=np.int64),
            trainees=None if trainees is None else np.asarray(trainees, dtype=np.int64),
            workers=1,
        )

    def score(self, t_idx: np.ndarray, o_idx: np.ndarray) -> me_scoring.PairScores:
        return self.scorer.score_pairs(t_idx, o_idx)

    def plan(
        self,
        t_idx: np.ndarray,
        o_idx: np.ndarray,
        fit: np.ndarray,
        *,
        pins: np.ndarray | None,
        exclusions: np.ndarray | None,
    ) -> me.Plan:
        capacity = np.asarray([o.headcount for o in self.openings], dtype=np.int64)
        return me.plan_cohort(
            len(self.trainees), t_idx, o_idx, fit, capacity, pins=pins, exclusions=exclusions
        )


def _region_label(value: str) -> str:
    from careerhub.core.choices import Region

    return str(dict(Region.choices).get(value, value))


# --- warm-up -----------------------------------------------------------------------------------


def engine_warm_up(*, today: dt.date | None = None) -> int:
    """Load what a process's first recommendation would otherwise pay for: the engine's
    compiled code (numba keeps it on disk, but loading it into a process takes seconds),
    the taxonomy and the open openings (both cached per process). The web server runs this
    in a thread of every new worker (gunicorn.conf.py ``post_worker_init``). Returns how
    many openings it scored."""
    from django.utils import timezone

    today = today or timezone.localdate()
    taxonomy = engine_taxonomy()
    openings = load_openings_current(today=today)
    trainees = load_trainees(list(Trainee.objects.order_by("pk").values_list("pk", flat=True)[:2]))
    if not (trainees and openings):
        return 0
    problem = Problem(trainees, openings, taxonomy=taxonomy)
    top = problem.top_openings(min(20, len(openings)))
    problem.top_trainees(min(30, len(trainees)), openings=[0])
    problem.explain(0, max(0, int(top.index[0][0])))
    return len(openings)


# --- match day and gaps ------------------------------------------------------------------------


def deferred_acceptance(
    trainee_lists: Sequence[Sequence[int]],
    opening_rank: dict[tuple[int, int], int],
    capacity: Sequence[int],
) -> tuple[list[int], int]:
    """Trainee-proposing deferred acceptance. ``trainee_lists[t]`` are opening indexes best
    first; ``opening_rank[(o, t)]`` is the opening's rank of trainee ``t`` (absent = not
    ranked, so unacceptable). Returns each trainee's opening (-1 = unmatched) and the number
    of blocking pairs (0 for a stable result)."""
    # here, not at the top: the compiled kernels (numba) load only when a match day runs
    import matchengine.deferred_acceptance as me_da

    indptr = [0]
    opening: list[int] = []
    rank: list[int] = []
    for t, lst in enumerate(trainee_lists):
        for o in lst:
            opening.append(o)
            rank.append(opening_rank.get((o, t), -1))
        indptr.append(len(opening))
    lists = me.RankLists(
        np.asarray(indptr, dtype=np.int64),
        np.asarray(opening, dtype=np.int64),
        np.asarray(rank, dtype=np.int64),
    )
    cap = np.asarray(list(capacity), dtype=np.int64)
    assignment = me_da.deferred_acceptance(lists, cap)
    blocking = me_da.blocking_pairs(lists, cap, assignment)
    return [int(a) for a in assignment], int(blocking.shape[0])


def analyse_gaps(
    demand: Iterable[tuple[str, dt.date, int]],
    supply: Iterable[tuple[str, dt.date, int]],
    *,
    max_shift: int,
) -> me.GapReport:
    return me.analyse_gaps(
        [me.DemandItem(role, month, n) for role, month, n in demand],
        [me.SupplyItem(role, month, n) for role, month, n in supply],
        max_shift=max_shift,
    )
