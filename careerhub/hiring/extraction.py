"""The bridge to the engine's text functions: the taxonomy as the engine's vocabulary, and
what a title and description say about a posting's role and skills, with a confidence."""

from __future__ import annotations

from dataclasses import dataclass

import matchengine
from careerhub.taxonomy.selectors import TaxonomySnapshot, taxonomy_snapshot

CONFIDENT = 0.6
"""Below this, an imported posting waits for a staff member's review before publication."""

_FULL_SCORE = 4.0  # a title hit (3) plus a description hit or half the typical skills


@dataclass(frozen=True)
class PostingGuess:
    role_code: str | None
    role_confidence: float  # 0..1
    skill_codes: tuple[str, ...]
    evidence: tuple[str, ...]
    alternatives: tuple[str, ...]  # other likely role codes, best first

    @property
    def confident(self) -> bool:
        return self.role_code is not None and self.role_confidence >= CONFIDENT


def engine_inputs(
    snapshot: TaxonomySnapshot,
) -> tuple[matchengine.Vocabulary, matchengine.RoleTaxonomy]:
    """The curated taxonomy in the engine's terms (ids are our codes)."""
    vocabulary = matchengine.Vocabulary(
        skills=tuple(
            matchengine.Skill(
                id=s.code,
                name=s.name_ko or s.name_en,
                aliases=tuple(sorted({s.name_en, *s.alias_keys} - {""})),
            )
            for s in snapshot.skills
        )
    )
    related = {tuple(sorted((r.code, rel.role_code))) for r in snapshot.roles for rel in r.related}
    taxonomy = matchengine.RoleTaxonomy(
        roles=tuple(
            matchengine.Role(
                id=r.code,
                name=r.name_ko or r.name_en,
                group=r.group_code,
                aliases=tuple(sorted({r.name_en, *r.alias_keys} - {""})),
                skills=tuple(t.skill_code for t in r.typical_skills),
            )
            for r in snapshot.roles
        ),
        related=tuple(sorted(related)),
    )
    return vocabulary, taxonomy


class PostingReader:
    """Reads postings with one engine extractor built from the current taxonomy."""

    def __init__(self, snapshot: TaxonomySnapshot | None = None) -> None:
        snapshot = snapshot or taxonomy_snapshot(include_onet=False)
        vocabulary, taxonomy = engine_inputs(snapshot)
        self.extractor = matchengine.TextExtractor(vocabulary, taxonomy)

    def read(self, title: str, description: str) -> PostingGuess:
        extraction = self.extractor.extract(title, description)
        skills = tuple(m.skill_id for m in extraction.skills)
        if not extraction.roles:
            return PostingGuess(None, 0.0, skills, (), ())
        best = extraction.roles[0]
        runner_up = extraction.roles[1].score if len(extraction.roles) > 1 else 0.0
        strength = min(1.0, best.score / _FULL_SCORE)
        margin = (best.score - runner_up) / best.score
        confidence = round(strength * (0.5 + 0.5 * margin), 3)
        return PostingGuess(
            role_code=best.role_id,
            role_confidence=confidence,
            skill_codes=skills,
            evidence=best.evidence,
            alternatives=tuple(g.role_id for g in extraction.roles[1:]),
        )
