"""Skill and role extraction from Korean and English free text.

Text is tokenised with kiwipiepy (Korean morphology: particles such as 과/을/를 are split
off, so "파이썬과" yields 파이썬). Runs of up to four adjacent content tokens (nouns,
foreign words, numbers, symbols) are joined and normalised (NFKC, lower case, no spaces)
and looked up in an alias dictionary built from the caller's vocabulary: every skill's id,
display name and aliases ("파이썬", "Python", "python3" → one skill; "머신러닝",
"기계학습", "machine learning" → one skill). Overlapping matches keep the longest.

Roles are ranked by alias hits of the role (title hits count three times) plus the share
of the role's typical skills found in the text. The vocabulary and taxonomy are inputs.

The Kiwi analyser is created on first use and reused (it takes a moment to load).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .contracts import RoleTaxonomy, Vocabulary

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

__all__ = ["Extraction", "RoleGuess", "SkillMention", "TextExtractor", "get_kiwi", "normalise"]

# XSN: a noun suffix (생성·형 AI) belongs to the run it ends
_CONTENT_TAGS = ("NN", "SL", "SN", "SH", "SW", "XR", "NR", "XSN")
# Kiwi leaves a sentence's full stop on a Latin word ("AWS.", "ython." of "Python.")
_TRAILING = ".,;:!?)"
_HANGUL = re.compile("[\uac00-\ud7a3]")
_HASH_JOSA = re.compile("#(?=[\uac00-\ud7a3])")
_MAX_RUN = 4
# particles Kiwi sometimes leaves attached to an unknown noun ("파이썬과" as one token)
_JOSA = tuple(
    sorted(
        [
            "과",
            "와",
            "을",
            "를",
            "이",
            "가",
            "은",
            "는",
            "의",
            "에",
            "로",
            "으로",
            "도",
            "만",
            "에서",
            "이나",
            "나",
            "랑",
            "이랑",
            "하고",
            "까지",
            "부터",
        ],
        key=len,
        reverse=True,
    )
)
_kiwi: Kiwi | None = None
_kiwi_lock = threading.Lock()


def get_kiwi() -> Kiwi:
    """The shared Kiwi analyser, created on first use."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                _kiwi = Kiwi()
    return _kiwi


def _unjoined(key: str) -> str:
    return key.replace("-", "").replace("/", "")


def normalise(text: str) -> str:
    """NFKC, lower case, whitespace removed: the form aliases are compared in."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


@dataclass(frozen=True, slots=True)
class SkillMention:
    skill_id: str
    name: str
    surfaces: tuple[str, ...]  # how it appeared in the text
    count: int


@dataclass(frozen=True, slots=True)
class RoleGuess:
    role_id: str
    name: str
    score: float
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Extraction:
    skills: tuple[SkillMention, ...]
    roles: tuple[RoleGuess, ...]


@dataclass(frozen=True, slots=True)
class _Match:
    key: str
    start: int
    end: int
    surface: str


class TextExtractor:
    """Extracts vocabulary skills and likely taxonomy roles from text."""

    def __init__(self, vocabulary: Vocabulary, taxonomy: RoleTaxonomy | None = None) -> None:
        self.vocabulary = vocabulary
        self.taxonomy = taxonomy
        self._skill_alias: dict[str, str] = {}
        for skill in vocabulary.skills:
            for alias in (skill.id, skill.name, *skill.aliases):
                key = normalise(alias)
                if key:
                    self._skill_alias.setdefault(key, skill.id)
                    # Kiwi drops a hyphen or slash between words: scikit + learn, IDS + IPS
                    self._skill_alias.setdefault(_unjoined(key), skill.id)
        self._role_alias: dict[str, str] = {}
        if taxonomy is not None:
            for role in taxonomy.roles:
                for alias in (role.id, role.name, *role.aliases):
                    key = normalise(alias)
                    if key:
                        self._role_alias.setdefault(key, role.id)
                        self._role_alias.setdefault(_unjoined(key), role.id)
        self._names = vocabulary.names()
        # Korean words of the aliases are kept whole: Kiwi splits loanwords it does not
        # know (도커 → 도 + 크 + 어, 펌웨어 → 퍼 + ㅁ + 웨어), so they are passed to it as
        # ready-made tokens where a word starts with one (longest first; 도커로 → 도커 + 로)
        pieces = {
            piece
            for key_source in (
                *(a for s in vocabulary.skills for a in (s.name, *s.aliases)),
                *(a for r in (taxonomy.roles if taxonomy else ()) for a in (r.name, *r.aliases)),
            )
            for piece in unicodedata.normalize("NFKC", key_source).split()
            if len(piece) >= 2 and _HANGUL.search(piece)
        }
        self._pieces = (
            re.compile(
                "(?<![\uac00-\ud7a3])(?:"
                + "|".join(re.escape(p) for p in sorted(pieces, key=lambda p: (-len(p), p)))
                + ")"
            )
            if pieces
            else None
        )

    def _matches(self, text: str, table: dict[str, str]) -> list[_Match]:
        text = _HASH_JOSA.sub("# ", unicodedata.normalize("NFKC", text))  # C#으로 → C# 으로
        spans = (
            [(m.start(), m.end(), "NNP") for m in self._pieces.finditer(text)]
            if self._pieces is not None
            else None
        )
        tokens = [
            t
            for t in get_kiwi().tokenize(text, pretokenized=spans or None)
            if t.tag.startswith(_CONTENT_TAGS)
        ]
        found: list[_Match] = []
        for i in range(len(tokens)):
            key = ""
            for j in range(i, min(i + _MAX_RUN, len(tokens))):
                if j > i and tokens[j].start > tokens[j - 1].start + tokens[j - 1].len + 1:
                    break  # not adjacent (at most one space between)
                form = tokens[j].form
                stripped = form.rstrip(_TRAILING) if tokens[j].tag == "SL" else form
                if not stripped:
                    break
                key += normalise(stripped)
                start, end = tokens[i].start, tokens[j].start + len(stripped)
                if key in table:
                    found.append(_Match(table[key], start, end, text[start:end]))
                elif j == i and tokens[i].tag.startswith("NN"):
                    for josa in _JOSA:
                        stem = key[: -len(josa)]
                        if key.endswith(josa) and len(stem) >= 2 and stem in table:
                            cut = end - len(josa)
                            found.append(_Match(table[stem], start, cut, text[start:cut]))
                            break
                if stripped != form:
                    break  # punctuation ends the run
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        kept: list[_Match] = []
        for m in found:
            if all(m.end <= k.start or m.start >= k.end for k in kept):
                kept.append(m)
        kept.sort(key=lambda m: m.start)
        return kept

    def skills(self, text: str) -> tuple[SkillMention, ...]:
        """Vocabulary skills mentioned in ``text``, in order of first mention."""
        order: list[str] = []
        surfaces: dict[str, list[str]] = {}
        for m in self._matches(text, self._skill_alias):
            if m.key not in surfaces:
                order.append(m.key)
                surfaces[m.key] = []
            surfaces[m.key].append(m.surface)
        return tuple(
            SkillMention(
                s, self._names.get(s, s), tuple(dict.fromkeys(surfaces[s])), len(surfaces[s])
            )
            for s in order
        )

    def role_mentions(self, text: str) -> tuple[tuple[str, str], ...]:
        """``(role id, surface)`` of every role name or alias in ``text``, in order."""
        return tuple((m.key, m.surface) for m in self._matches(text, self._role_alias))

    def roles(
        self, text: str, *, title: str = "", skills: Sequence[str] | None = None, top: int = 3
    ) -> tuple[RoleGuess, ...]:
        """The most likely roles (best first, at most ``top``; empty without a taxonomy).

        The reading before issue 16, kept as the evaluation's named baseline: the product
        reads roles with :class:`matchengine.classify.RoleClassifier`."""
        if self.taxonomy is None:
            return ()
        hits: Counter[str] = Counter()
        evidence: dict[str, list[str]] = {}
        for source, weight in ((title, 3.0), (text, 1.0)):
            if not source:
                continue
            for m in self._matches(source, self._role_alias):
                hits[m.key] += int(weight)
                evidence.setdefault(m.key, []).append(m.surface)
        held = (
            set(skills)
            if skills is not None
            else {m.skill_id for m in self.skills(f"{title}\n{text}")}
        )
        guesses: list[RoleGuess] = []
        for role in self.taxonomy.roles:
            typical = set(role.skills)
            overlap = sorted(held & typical)
            score = float(hits[role.id]) + (2.0 * len(overlap) / len(typical) if typical else 0.0)
            if score > 0:
                ev = [*dict.fromkeys(evidence.get(role.id, []))]
                ev += [self._names.get(s, s) for s in overlap]
                guesses.append(RoleGuess(role.id, role.name, round(score, 6), tuple(ev)))
        guesses.sort(key=lambda g: (-g.score, g.role_id))
        return tuple(guesses[:top])

    def extract(self, title: str, description: str = "") -> Extraction:
        """Skills and likely roles of a posting (title + description) or a self-description."""
        skills = self.skills(f"{title}\n{description}")
        roles = self.roles(description, title=title, skills=[s.skill_id for s in skills])
        return Extraction(skills, roles)
