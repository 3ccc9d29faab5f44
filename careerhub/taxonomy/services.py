"""Writes to the taxonomy: load the curated fixture, import O*NET.

Both loaders upsert by natural code inside one transaction and are idempotent: running them
again creates nothing and updates nothing unless the source changed.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

CURATED_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "taxonomy.json"
ONET_OTHER_GROUP = "onet-other"

# Relatedness tiers in O*NET "Related Occupations.txt" and the strength each one gets.
ONET_TIER_STRENGTH = {"Primary-Short": 0.8, "Primary-Long": 0.6, "Supplemental": 0.4}
# A curated role and the O*NET occupation it names are nearly the same job.
CURATED_ONET_LINK_STRENGTH = 0.9

# O*NET commodity titles (the technology's kind) mapped to a skill category; default: tool.
_COMMODITY_CATEGORY = {
    "Object or component oriented development software": Skill.Category.LANGUAGE,
    "Data base management system software": Skill.Category.DATA,
    "Data base user interface and query software": Skill.Category.DATA,
    "Business intelligence and data analysis software": Skill.Category.DATA,
    "Analytical or scientific software": Skill.Category.DATA,
    "Cloud-based management software": Skill.Category.INFRA,
    "Cloud-based platform as a service PaaS software": Skill.Category.INFRA,
    "Operating system software": Skill.Category.INFRA,
    "Network monitoring software": Skill.Category.INFRA,
    "Application server software": Skill.Category.INFRA,
    "Web platform development software": Skill.Category.FRAMEWORK,
    "Development environment software": Skill.Category.FRAMEWORK,
}


# How each kind of record a load counts is named in summaries.
KIND_LABELS = {
    "groups": gettext_lazy("Role groups"),
    "roles": gettext_lazy("Roles"),
    "role_aliases": gettext_lazy("Role aliases"),
    "skills": gettext_lazy("Skills"),
    "skill_aliases": gettext_lazy("Skill aliases"),
    "role_skills": gettext_lazy("Role skills"),
    "relations": gettext_lazy("Role relations"),
}


class TaxonomyDataError(ValueError):
    """The source data (fixture or O*NET folder) is missing or malformed."""


@dataclass(frozen=True)
class LoadResult:
    """What a load changed, per kind of record (``roles``, ``skills``, ``skill_aliases`` ...)."""

    created: Mapping[str, int] = field(default_factory=dict)
    updated: Mapping[str, int] = field(default_factory=dict)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    @property
    def total_updated(self) -> int:
        return sum(self.updated.values())

    @property
    def changed(self) -> bool:
        return bool(self.total_created or self.total_updated)


class _Tally:
    def __init__(self) -> None:
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()

    def result(self) -> LoadResult:
        return LoadResult(created=dict(self.created), updated=dict(self.updated))


def _upsert(
    tally: _Tally,
    kind: str,
    obj: models.Model | None,
    model: type[models.Model],
    values: Mapping[str, Any],
    **lookup: Any,
) -> Any:
    """Create ``model(**lookup, **values)`` or update ``obj`` where a value differs.

    Validates with ``full_clean`` before every save; uniqueness is the database's job.
    """
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        tally.created[kind] += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save(update_fields=changed)
        tally.updated[kind] += 1
    return obj


# --- curated fixture ----------------------------------------------------------------------


def _read_fixture(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError as exc:
        raise TaxonomyDataError(_("Taxonomy file not found: %(path)s") % {"path": path}) from exc
    except json.JSONDecodeError as exc:
        raise TaxonomyDataError(
            _("Taxonomy file is not valid JSON: %(path)s (%(error)s)")
            % {"path": path, "error": exc}
        ) from exc
    for key in ("groups", "skills", "roles", "relations"):
        if not isinstance(data.get(key), list):
            raise TaxonomyDataError(
                _("Taxonomy file %(path)s has no list named %(key)s.") % {"path": path, "key": key}
            )
    return data


def taxonomy_load_curated(*, actor: Any = None, path: Path | str | None = None) -> LoadResult:
    """Upsert the hand-curated roles, skills, aliases and relations by their codes.

    ``path`` defaults to the fixture shipped with the app. Nothing is deleted: records added
    by hand or by the O*NET import stay. An alias key the fixture gives to a skill is moved
    to that skill if another skill held it (the curated vocabulary wins).
    """
    data = _read_fixture(Path(path) if path else CURATED_FIXTURE)
    tally = _Tally()
    with transaction.atomic():
        groups = _load_groups(tally, data["groups"])
        skills = _load_skills(tally, data["skills"])
        roles = _load_roles(tally, data["roles"], groups, skills)
        _load_relations(tally, data["relations"], roles)
    return tally.result()


def _load_groups(tally: _Tally, rows: list[dict[str, Any]]) -> dict[str, RoleGroup]:
    existing = {g.code: g for g in RoleGroup.objects.all()}
    out = {}
    for row in rows:
        values = {"name_ko": row["name_ko"], "name_en": row["name_en"], "order": row["order"]}
        code = row["code"]
        out[code] = _upsert(tally, "groups", existing.get(code), RoleGroup, values, code=code)
    return out


def _load_skills(tally: _Tally, rows: list[dict[str, Any]]) -> dict[str, Skill]:
    existing = {s.code: s for s in Skill.objects.all()}
    aliases = {a.key: a for a in SkillAlias.objects.all()}
    out: dict[str, Skill] = {}
    for row in rows:
        code = row["code"]
        values = {
            "name_ko": row["name_ko"],
            "name_en": row["name_en"],
            "category": row["category"],
            "source": Source.CURATED,
        }
        skill = _upsert(tally, "skills", existing.get(code), Skill, values, code=code)
        out[code] = skill
        seen: set[str] = set()
        for text in (row["name_ko"], row["name_en"], *row.get("aliases", ())):
            key = alias_key(text)
            if not key or key in seen:
                continue
            seen.add(key)
            alias = aliases.get(key)
            if alias is not None and alias.skill_id == skill.pk:
                continue  # keep the spelling first written; the key is what matters
            values = {"skill": skill, "alias": text.strip()}
            aliases[key] = _upsert(tally, "skill_aliases", alias, SkillAlias, values, key=key)
    return out


def _load_roles(
    tally: _Tally,
    rows: list[dict[str, Any]],
    groups: dict[str, RoleGroup],
    skills: dict[str, Skill],
) -> dict[str, JobRole]:
    existing = {r.code: r for r in JobRole.objects.all()}
    role_aliases = {(a.role_id, a.key): a for a in RoleAlias.objects.all()}
    role_skills = {(rs.role_id, rs.skill_id): rs for rs in RoleSkill.objects.all()}
    out: dict[str, JobRole] = {}
    for row in rows:
        code = row["code"]
        try:
            group = groups[row["group"]]
            wanted = {skills[c]: RoleSkill.Importance.CORE for c in row["skills"].get("core", ())}
            for c in row["skills"].get("useful", ()):
                wanted.setdefault(skills[c], RoleSkill.Importance.USEFUL)
        except KeyError as exc:
            raise TaxonomyDataError(
                _("Role %(role)s refers to an unknown code %(code)s.")
                % {"role": code, "code": exc.args[0]}
            ) from exc
        values = {
            "name_ko": row["name_ko"],
            "name_en": row["name_en"],
            "group": group,
            "keco_code": row.get("keco_code", ""),
            "onet_code": row.get("onet_code", ""),
            "description": row.get("description", ""),
            "source": Source.CURATED,
        }
        role = _upsert(tally, "roles", existing.get(code), JobRole, values, code=code)
        out[code] = role
        for text in (row["name_ko"], row["name_en"], *row.get("aliases", ())):
            key = alias_key(text)
            if key and (role.pk, key) not in role_aliases:
                role_aliases[(role.pk, key)] = _upsert(
                    tally,
                    "role_aliases",
                    None,
                    RoleAlias,
                    {"alias": text.strip()},
                    role=role,
                    key=key,
                )
        for skill, importance in wanted.items():
            rs = role_skills.get((role.pk, skill.pk))
            _upsert(
                tally,
                "role_skills",
                rs,
                RoleSkill,
                {"importance": int(importance)},
                role=role,
                skill=skill,
            )
    return out


def _load_relations(tally: _Tally, rows: list[dict[str, Any]], roles: dict[str, JobRole]) -> None:
    existing = {(r.from_role_id, r.to_role_id): r for r in RoleRelation.objects.all()}
    for row in rows:
        try:
            a, b = roles[row["a"]], roles[row["b"]]
        except KeyError as exc:
            raise TaxonomyDataError(
                _("A relation refers to an unknown role %(code)s.") % {"code": exc.args[0]}
            ) from exc
        for src, dst in ((a, b), (b, a)):
            _upsert(
                tally,
                "relations",
                existing.get((src.pk, dst.pk)),
                RoleRelation,
                {"strength": float(row["strength"])},
                from_role=src,
                to_role=dst,
            )


# --- O*NET import -------------------------------------------------------------------------

ONET_FILES = {
    "occupations": "Occupation Data.txt",
    "titles": "Alternate Titles.txt",
    "technology": "Technology Skills.txt",
    "related": "Related Occupations.txt",
}


def onet_role_code(soc_code: str) -> str:
    """``15-2051.00`` → ``onet-15-2051-00``."""
    return "onet-" + soc_code.replace(".", "-")


def _read_tsv(path: Path, required: Iterable[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in required if c not in (reader.fieldnames or ())]
        if missing:
            raise TaxonomyDataError(
                _("%(file)s lacks the columns: %(columns)s")
                % {"file": path.name, "columns": ", ".join(missing)}
            )
        return list(reader)


def _onet_extras() -> tuple[dict[str, str], dict[str, str]]:
    """Korean names and group mapping for O*NET codes, kept in the curated fixture."""
    onet = _read_fixture(CURATED_FIXTURE).get("onet", {})
    return dict(onet.get("names_ko", {})), dict(onet.get("groups_by_prefix", {}))


def _group_code_for(soc_code: str, by_prefix: Mapping[str, str]) -> str:
    for prefix in sorted(by_prefix, key=len, reverse=True):
        if soc_code.startswith(prefix):
            return by_prefix[prefix]
    return ONET_OTHER_GROUP


def _new_skill_code(name: str, key: str, taken: set[str]) -> str:
    base = ("onet-" + (slugify(name) or "skill"))[:72].rstrip("-")
    code = base
    if code in taken:
        code = f"{base[:65]}-{hashlib.sha1(key.encode()).hexdigest()[:6]}"  # noqa: S324
    taken.add(code)
    return code


def _full_clean_all(objs: Iterable[models.Model]) -> None:
    errors = []
    for obj in objs:
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors.append(f"{obj!r}: {exc}")
            if len(errors) >= 5:
                break
    if errors:
        raise TaxonomyDataError("; ".join(errors))


def taxonomy_import_onet(
    *, actor: Any = None, path: Path | str, soc_prefix: str | None = "15-"
) -> LoadResult:
    """Import O*NET occupations (filtered by ``soc_prefix``; ``None`` = all) as roles.

    Occupations → ``JobRole(source=onet)``, alternate titles → ``RoleAlias``, technology
    skills → ``Skill`` (matched to existing skills by alias key first) and ``RoleSkill``
    (hot technology → core), related occupations → ``RoleRelation`` in both directions with
    the stronger tier, and every curated role whose ``onet_code`` matches is linked to its
    occupation. Works in bulk, in one transaction; a second run changes nothing.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise TaxonomyDataError(_("O*NET folder not found: %(path)s") % {"path": folder})
    missing = [name for name in ONET_FILES.values() if not (folder / name).is_file()]
    if missing:
        raise TaxonomyDataError(
            _("O*NET folder %(path)s lacks the files: %(files)s")
            % {"path": folder, "files": ", ".join(missing)}
        )
    prefix = soc_prefix or ""
    occupations = [
        row
        for row in _read_tsv(
            folder / ONET_FILES["occupations"], ("O*NET-SOC Code", "Title", "Description")
        )
        if row["O*NET-SOC Code"].startswith(prefix)
    ]
    wanted = {row["O*NET-SOC Code"] for row in occupations}

    def rows(kind: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
        return [
            r
            for r in _read_tsv(folder / ONET_FILES[kind], columns)
            if r["O*NET-SOC Code"] in wanted
        ]

    titles = rows("titles", ("O*NET-SOC Code", "Alternate Title"))
    technology = rows(
        "technology", ("O*NET-SOC Code", "Example", "Commodity Title", "Hot Technology")
    )
    related = rows("related", ("O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier"))

    names_ko, groups_by_prefix = _onet_extras()
    tally = _Tally()
    with transaction.atomic():
        roles = _onet_roles(tally, occupations, names_ko, groups_by_prefix)
        _onet_aliases(tally, titles, roles)
        _onet_skills(tally, technology, roles)
        _onet_relations(tally, related, roles)
    return tally.result()


def _onet_roles(
    tally: _Tally,
    occupations: list[dict[str, str]],
    names_ko: Mapping[str, str],
    groups_by_prefix: Mapping[str, str],
) -> dict[str, JobRole]:
    groups = {g.code: g for g in RoleGroup.objects.all()}
    if ONET_OTHER_GROUP not in groups:
        other = RoleGroup(
            code=ONET_OTHER_GROUP,
            name_ko="기타 직업 (O*NET)",
            name_en="Other occupations (O*NET)",
            order=900,
        )
        other.full_clean()
        other.save()
        tally.created["groups"] += 1
        groups[ONET_OTHER_GROUP] = other
    existing = {r.code: r for r in JobRole.objects.filter(source=Source.ONET)}
    to_create, to_update = [], []
    update_fields = ["name_ko", "name_en", "group", "onet_code", "description"]
    for row in occupations:
        soc = row["O*NET-SOC Code"]
        title = row["Title"].strip()
        group_code = _group_code_for(soc, groups_by_prefix)
        values = {
            "name_en": title,
            "name_ko": names_ko.get(soc, title),
            "group": groups.get(group_code, groups[ONET_OTHER_GROUP]),
            "onet_code": soc,
            "description": row["Description"].strip(),
        }
        role = existing.get(onet_role_code(soc))
        if role is None:
            role = JobRole(code=onet_role_code(soc), source=Source.ONET, **values)
            to_create.append(role)
        elif any(getattr(role, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(role, k, v)
            to_update.append(role)
    _full_clean_all(to_create + to_update)
    JobRole.objects.bulk_create(to_create, batch_size=500)
    JobRole.objects.bulk_update(to_update, update_fields, batch_size=500)
    tally.created["roles"] += len(to_create)
    tally.updated["roles"] += len(to_update)
    by_soc = {
        r.onet_code: r
        for r in JobRole.objects.filter(
            source=Source.ONET, onet_code__in=[o["O*NET-SOC Code"] for o in occupations]
        )
    }
    return by_soc


def _onet_aliases(
    tally: _Tally, titles: list[dict[str, str]], roles: Mapping[str, JobRole]
) -> None:
    role_ids = [r.pk for r in roles.values()]
    have = set(RoleAlias.objects.filter(role_id__in=role_ids).values_list("role_id", "key"))
    new = []
    for row in titles:
        role = roles[row["O*NET-SOC Code"]]
        text = row["Alternate Title"].strip()[:200]
        key = alias_key(text)
        if key and (role.pk, key) not in have:
            have.add((role.pk, key))
            new.append(RoleAlias(role=role, alias=text, key=key))
    _full_clean_all(new)
    RoleAlias.objects.bulk_create(new, batch_size=1000)
    tally.created["role_aliases"] += len(new)


def _onet_skills(
    tally: _Tally, technology: list[dict[str, str]], roles: Mapping[str, JobRole]
) -> None:
    by_key: dict[str, int] = dict(SkillAlias.objects.values_list("key", "skill_id"))
    taken = set(Skill.objects.values_list("code", flat=True))
    # 1. skills: reuse any skill an alias key already names; create the rest
    new_skills: dict[str, Skill] = {}
    for row in technology:
        name = row["Example"].strip()[:200]
        key = alias_key(name)
        if not key or key in by_key or key in new_skills:
            continue
        new_skills[key] = Skill(
            code=_new_skill_code(name, key, taken),
            name_en=name,
            name_ko=name,
            category=_COMMODITY_CATEGORY.get(row["Commodity Title"], Skill.Category.TOOL),
            source=Source.ONET,
        )
    _full_clean_all(new_skills.values())
    Skill.objects.bulk_create(new_skills.values(), batch_size=500)
    if new_skills:
        ids = dict(
            Skill.objects.filter(code__in=[s.code for s in new_skills.values()]).values_list(
                "code", "id"
            )
        )
        new_aliases = [
            SkillAlias(skill_id=ids[s.code], alias=s.name_en, key=key)
            for key, s in new_skills.items()
        ]
        SkillAlias.objects.bulk_create(new_aliases, batch_size=1000)
        by_key.update({a.key: a.skill_id for a in new_aliases})
        tally.created["skills"] += len(new_skills)
        tally.created["skill_aliases"] += len(new_aliases)
    # 2. role skills: hot technology → core, else useful; the strongest wins on duplicates
    wanted: dict[tuple[int, int], int] = {}
    for row in technology:
        key = alias_key(row["Example"].strip()[:200])
        if not key:
            continue
        pair = (roles[row["O*NET-SOC Code"]].pk, by_key[key])
        hot = row["Hot Technology"].strip().upper() == "Y"
        importance = RoleSkill.Importance.CORE if hot else RoleSkill.Importance.USEFUL
        wanted[pair] = max(wanted.get(pair, 0), int(importance))
    existing = {
        (rs.role_id, rs.skill_id): rs
        for rs in RoleSkill.objects.filter(role_id__in=[r.pk for r in roles.values()])
    }
    create, update = [], []
    for (role_id, skill_id), importance in wanted.items():
        rs = existing.get((role_id, skill_id))
        if rs is None:
            create.append(RoleSkill(role_id=role_id, skill_id=skill_id, importance=importance))
        elif rs.importance != importance:
            rs.importance = importance
            update.append(rs)
    RoleSkill.objects.bulk_create(create, batch_size=1000)
    RoleSkill.objects.bulk_update(update, ["importance"], batch_size=1000)
    tally.created["role_skills"] += len(create)
    tally.updated["role_skills"] += len(update)


def _onet_relations(
    tally: _Tally, related: list[dict[str, str]], roles: Mapping[str, JobRole]
) -> None:
    strength: dict[tuple[int, int], float] = defaultdict(float)
    for row in related:
        a, b = roles.get(row["O*NET-SOC Code"]), roles.get(row["Related O*NET-SOC Code"])
        tier = ONET_TIER_STRENGTH.get(row["Relatedness Tier"].strip())
        if a is None or b is None or tier is None or a.pk == b.pk:
            continue  # the related occupation lies outside the imported subset
        for pair in ((a.pk, b.pk), (b.pk, a.pk)):
            strength[pair] = max(strength[pair], tier)
    # curated roles that name an imported occupation are linked to it
    curated = JobRole.objects.filter(source=Source.CURATED, onet_code__in=list(roles))
    for role in curated.only("pk", "onet_code"):
        target = roles[role.onet_code]
        for pair in ((role.pk, target.pk), (target.pk, role.pk)):
            strength[pair] = max(strength[pair], CURATED_ONET_LINK_STRENGTH)
    ids = {pk for pair in strength for pk in pair}
    existing = {
        (r.from_role_id, r.to_role_id): r
        for r in RoleRelation.objects.filter(from_role_id__in=ids, to_role_id__in=ids)
    }
    create, update = [], []
    for (src, dst), value in strength.items():
        rel = existing.get((src, dst))
        if rel is None:
            create.append(RoleRelation(from_role_id=src, to_role_id=dst, strength=value))
        elif rel.strength != value:
            rel.strength = value
            update.append(rel)
    RoleRelation.objects.bulk_create(create, batch_size=1000)
    RoleRelation.objects.bulk_update(update, ["strength"], batch_size=1000)
    tally.created["relations"] += len(create)
    tally.updated["relations"] += len(update)
