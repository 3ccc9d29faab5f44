"""What a posting's title and description say about its role and skills, with a confidence.

The reading of the text itself (Korean morphology, the alias dictionary) is the matching
engine's, and hiring sits below matching, so hiring does not import it: it names what it
needs as a :class:`TextReader` protocol over plain data, and the matching app registers
its implementation at start-up (``MatchingConfig.ready`` → :func:`register_text_reader`).
The reader is the engine's role classifier (one for every place that reads a role);
what hiring decides from a reading — the best role, the review threshold — stays here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from careerhub.taxonomy.selectors import TaxonomySnapshot, taxonomy_snapshot

CONFIDENT = 0.8
"""Below this, an imported posting waits for a staff member's review before publication.
The reader's confidence is calibrated (``python -m matchengine.eval classifier``: of the
guesses at 0.8 or more on held-out labelled postings, more than 8 in 10 are right)."""


# --- the hook: what hiring needs from a text reader --------------------------------------------


@dataclass(frozen=True)
class RoleReading:
    """A role the text points to: its taxonomy code, a score (higher is better), the words
    that pointed to it and the probability that it is the text's role (0..1, calibrated)."""

    role_code: str
    score: float
    evidence: tuple[str, ...]
    confidence: float


@dataclass(frozen=True)
class TextReading:
    """Skills (taxonomy codes, in order of appearance) and likely roles (best first)."""

    skill_codes: tuple[str, ...]
    roles: tuple[RoleReading, ...]


class TextReader(Protocol):
    """Reads one posting's title and description against the taxonomy it was built from."""

    def read(self, title: str, description: str) -> TextReading: ...


TextReaderFactory = Callable[[TaxonomySnapshot], TextReader]
"""Builds a :class:`TextReader` from a taxonomy snapshot (roles, skills and their aliases)."""

_factory: TextReaderFactory | None = None


def register_text_reader(factory: TextReaderFactory | None) -> None:
    """Install the factory :func:`text_reader` uses (``None`` removes it). The matching app
    registers the engine's reader when Django starts."""
    global _factory
    _factory = factory


def text_reader(snapshot: TaxonomySnapshot) -> TextReader:
    """A reader for ``snapshot`` from the registered factory."""
    if _factory is None:
        raise RuntimeError(
            "No text reader is registered: careerhub.hiring reads posting text through a "
            "reader that the matching app registers when Django starts "
            "(careerhub.matching.apps.MatchingConfig.ready calls "
            "careerhub.hiring.extraction.register_text_reader). Add 'careerhub.matching' to "
            "INSTALLED_APPS and call django.setup(), or register a reader yourself."
        )
    return _factory(snapshot)


# --- hiring's own reading of a posting ---------------------------------------------------------


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


def posting_guess(reading: TextReading) -> PostingGuess:
    """The best role of ``reading`` with the reader's confidence in it (0..1)."""
    skills = reading.skill_codes
    if not reading.roles:
        return PostingGuess(None, 0.0, skills, (), ())
    best = reading.roles[0]
    return PostingGuess(
        role_code=best.role_code,
        role_confidence=round(best.confidence, 3),
        skill_codes=skills,
        evidence=best.evidence,
        alternatives=tuple(r.role_code for r in reading.roles[1:]),
    )


class PostingReader:
    """Reads postings with one text reader built from the current curated taxonomy."""

    def __init__(self, snapshot: TaxonomySnapshot | None = None) -> None:
        snapshot = snapshot or taxonomy_snapshot(include_onet=False)
        self.text_reader = text_reader(snapshot)

    def read(self, title: str, description: str) -> PostingGuess:
        return posting_guess(self.text_reader.read(title, description))
