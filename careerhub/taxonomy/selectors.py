"""Reads from the taxonomy. The taxonomy is public reference data: no actor scoping needed.

``taxonomy_snapshot`` hands the whole vocabulary to the matching adapter as frozen
dataclasses, so the engine never sees a model.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from careerhub.taxonomy.models import (
    JobRole,
    RoleAlias,
    RoleGroup,
    RoleRelation,
    RoleSkill,
    Skill,
    SkillAlias,
    Source,
    alias_key,
)


@dataclass(frozen=True)
class GroupInfo:
    code: str
    name_ko: str
    name_en: str
    order: int


@dataclass(frozen=True)
class SkillInfo:
    id: int
    code: str
    name_ko: str
    name_en: str
    category: str
    source: str
    alias_keys: frozenset[str]
    aliases: tuple[str, ...] = ()  # as written (the keys drop spaces and punctuation)


@dataclass(frozen=True)
class RoleSkillInfo:
    skill_code: str
    importance: int  # 2 = core, 1 = useful


@dataclass(frozen=True)
class RelationInfo:
    role_code: str
    strength: float  # 0..1


@dataclass(frozen=True)
class RoleInfo:
    id: int
    code: str
    name_ko: str
    name_en: str
    group_code: str
    keco_code: str
    onet_code: str
    source: str
    alias_keys: frozenset[str]
    typical_skills: tuple[RoleSkillInfo, ...]
    related: tuple[RelationInfo, ...]
    aliases: tuple[str, ...] = ()  # as written (the keys drop spaces and punctuation)


@dataclass(frozen=True)
class TaxonomySnapshot:
    groups: tuple[GroupInfo, ...]
    roles: tuple[RoleInfo, ...]
    skills: tuple[SkillInfo, ...]

    def role(self, code: str) -> RoleInfo | None:
        return next((r for r in self.roles if r.code == code), None)

    def skill(self, code: str) -> SkillInfo | None:
        return next((s for s in self.skills if s.code == code), None)

    def skill_code_by_key(self) -> dict[str, str]:
        """Alias key → skill code, for normalising free-text skill names."""
        return {key: s.code for s in self.skills for key in s.alias_keys}


def skill_resolve(*, text: str) -> Skill | None:
    """The skill a free-text name means (파이썬, Python, python3 → the same skill), or None.

    Matches alias keys first, then the Korean or English name ignoring case.
    """
    key = alias_key(text)
    if not key:
        return None
    alias = SkillAlias.objects.select_related("skill").filter(key=key).first()
    if alias is not None:
        return alias.skill
    stripped = text.strip()
    return (
        Skill.objects.filter(Q(name_ko__iexact=stripped) | Q(name_en__iexact=stripped))
        .order_by("source", "pk")
        .first()
    )


def skill_search(*, query: str, limit: int = 10) -> list[Skill]:
    """Skills for autocomplete, best first: exact key, key prefix, then substring matches.

    Curated skills come before skills imported from O*NET within each rank.
    """
    key = alias_key(query)
    text = query.strip()
    if not key or limit <= 0:
        return []
    ranked: dict[int, tuple[int, int, str]] = {}

    def consider(skill_id: int, rank: int, source: str, name: str) -> None:
        entry = (rank, 0 if source == Source.CURATED else 1, name.lower())
        if skill_id not in ranked or entry < ranked[skill_id]:
            ranked[skill_id] = entry

    pool = limit * 5
    exact = SkillAlias.objects.filter(key=key).values_list(
        "skill_id", "key", "skill__source", "skill__name_en"
    )
    for skill_id, _key, source, name in exact:
        consider(skill_id, 0, source, name)
    aliases = (
        SkillAlias.objects.filter(key__startswith=key)
        .values_list("skill_id", "key", "skill__source", "skill__name_en")
        .order_by("skill__source", "key")[:pool]
    )
    for skill_id, akey, source, name in aliases:
        consider(skill_id, 0 if akey == key else 1, source, name)
    if len(ranked) < limit:
        contains = (
            Skill.objects.filter(
                Q(name_ko__icontains=text)
                | Q(name_en__icontains=text)
                | Q(aliases__alias__icontains=text)
            )
            .values_list("pk", "source", "name_en")
            .order_by("source", "name_en")
            .distinct()[:pool]
        )
        for skill_id, source, name in contains:
            consider(skill_id, 2, source, name)
    best = sorted(ranked, key=lambda pk: ranked[pk])[:limit]
    by_pk = Skill.objects.in_bulk(best)
    return [by_pk[pk] for pk in best]


def role_list(*, source: str | None = None, group: str | None = None) -> QuerySet[JobRole]:
    """Roles ordered by group and Korean name, with their group loaded."""
    qs = JobRole.objects.select_related("group")
    if source is not None:
        qs = qs.filter(source=source)
    if group is not None:
        qs = qs.filter(group__code=group)
    return qs.order_by("group__order", "name_ko", "code")


def role_resolve(*, text: str) -> JobRole | None:
    """The role a free-text title means (code, alias, or name), curated roles first."""
    key = alias_key(text)
    if not key:
        return None
    role = JobRole.objects.filter(code=text.strip()).first()
    if role is not None:
        return role
    return (
        JobRole.objects.filter(aliases__key=key)
        .order_by("source", "pk")  # "curated" sorts before "onet"
        .first()
    )


def taxonomy_snapshot(*, include_onet: bool = True) -> TaxonomySnapshot:
    """The whole taxonomy as frozen dataclasses (a handful of queries, no models leak out)."""
    roles_qs = JobRole.objects.select_related("group").order_by("group__order", "code")
    if not include_onet:
        roles_qs = roles_qs.filter(source=Source.CURATED)
    roles = list(roles_qs)
    role_ids = {r.pk for r in roles}
    code_by_role = {r.pk: r.code for r in roles}

    skill_aliases: dict[int, set[str]] = defaultdict(set)
    skill_alias_texts: dict[int, list[str]] = defaultdict(list)
    for skill_id, key, text in SkillAlias.objects.values_list("skill_id", "key", "alias").order_by(
        "pk"
    ):
        skill_aliases[skill_id].add(key)
        skill_alias_texts[skill_id].append(text)
    skills_qs = Skill.objects.order_by("code")
    if not include_onet:
        skills_qs = skills_qs.filter(source=Source.CURATED)
    skills = [
        SkillInfo(
            id=s.pk,
            code=s.code,
            name_ko=s.name_ko,
            name_en=s.name_en,
            category=s.category,
            source=s.source,
            alias_keys=frozenset(skill_aliases[s.pk] | {alias_key(s.name_ko), alias_key(s.name_en)})
            - {""},
            aliases=tuple(skill_alias_texts[s.pk]),
        )
        for s in skills_qs
    ]
    skill_code = {s.id: s.code for s in skills}

    typical: dict[int, list[RoleSkillInfo]] = defaultdict(list)
    for role_id, skill_id, importance in RoleSkill.objects.values_list(
        "role_id", "skill_id", "importance"
    ).order_by("role_id", "-importance", "skill__code"):
        if role_id in role_ids and skill_id in skill_code:
            typical[role_id].append(RoleSkillInfo(skill_code[skill_id], importance))

    related: dict[int, list[RelationInfo]] = defaultdict(list)
    for src, dst, strength in RoleRelation.objects.values_list(
        "from_role_id", "to_role_id", "strength"
    ).order_by("from_role_id", "-strength", "to_role_id"):
        if src in role_ids and dst in role_ids:
            related[src].append(RelationInfo(code_by_role[dst], strength))

    role_aliases: dict[int, set[str]] = defaultdict(set)
    role_alias_texts: dict[int, list[str]] = defaultdict(list)
    for role_id, key, text in RoleAlias.objects.values_list("role_id", "key", "alias").order_by(
        "pk"
    ):
        role_aliases[role_id].add(key)
        role_alias_texts[role_id].append(text)

    return TaxonomySnapshot(
        groups=tuple(
            GroupInfo(g.code, g.name_ko, g.name_en, g.order) for g in RoleGroup.objects.all()
        ),
        roles=tuple(
            RoleInfo(
                id=r.pk,
                code=r.code,
                name_ko=r.name_ko,
                name_en=r.name_en,
                group_code=r.group.code,
                keco_code=r.keco_code,
                onet_code=r.onet_code,
                source=r.source,
                alias_keys=frozenset(role_aliases[r.pk]),
                typical_skills=tuple(typical[r.pk]),
                related=tuple(related[r.pk]),
                aliases=tuple(role_alias_texts[r.pk]),
            )
            for r in roles
        ),
        skills=tuple(skills),
    )
