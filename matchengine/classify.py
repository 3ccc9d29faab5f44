"""The role classifier: which taxonomy role a posting (or a self-description) is about, with
a calibrated confidence.

Every role gets a small vector of evidence from the text:

``title_alias``
    a role name or alias (the curated ones, and any extra titles the caller passes, e.g.
    O*NET alternate titles of the role's occupation) appears in the title: the share of
    the cleaned title it covers (1 when it is the whole title);
``text_alias``
    one appears in the description (1/0);
``title_similarity``
    how close the cleaned title is to the role's names, aliases and extra titles (the best
    cosine similarity plus a quarter of each of the next four): TF-IDF over words and
    character 3–5-grams, with Hangul decomposed into jamo (so 백앤드 is close to 백엔드) —
    it reads titles no alias spells exactly ("AI 모델 개발자", "Sr. ML Engineer", O*NET
    titles never seen);
``skill_weight``
    the skills found in the text that the role lists, each weighted by how telling it is:
    ``idf = log(roles / roles listing the skill)`` over the taxonomy's role–skill lists, so
    Python, Linux, SQL or Git (listed by many roles) count little and PyTorch or
    digital forensics count much; summed, divided by ``log(roles)``;
``skill_cosine``
    the cosine between the idf-weighted skills found and the idf-weighted skills the role
    lists (how much of what the text asks for is this role's).

The roles are scored ``w · evidence`` and the confidence of each role is the softmax over
all roles (a conditional logit). ``w`` is fitted by maximum likelihood with a small L2
penalty on a labelled set of postings (:func:`fit_coefficients`); the shipped
:data:`COEFFICIENTS` are fitted on ``matchengine/eval/data/postings_ko.jsonl`` and the
evaluation (``python -m matchengine.eval classifier``) measures top-1 accuracy and
calibration on held-out folds, each fold scored with coefficients fitted on the others.

Pure Python plus numpy/scipy (loaded on first use); the taxonomy, vocabulary and extra
titles are inputs.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .contracts import RoleTaxonomy, Vocabulary
from .text import SkillMention, TextExtractor, normalise

if TYPE_CHECKING:
    import numpy as np
    import scipy.sparse as sp
    from numpy.typing import NDArray

__all__ = [
    "COEFFICIENTS",
    "FEATURES",
    "Classification",
    "RoleClassifier",
    "RoleScore",
    "TitleIndex",
    "clean_title",
    "fit_coefficients",
    "title_features",
    "titles_by_role",
]

FEATURES = ("title_alias", "text_alias", "title_similarity", "skill_weight", "skill_cosine")

COEFFICIENTS: tuple[float, ...] = (3.796, 0.0, 6.017, 3.739, 3.143)
"""Fitted on the labelled Korean set, with the O*NET titles of the shared data
(``python -m matchengine.eval classifier --fit``)."""

_DIM = 1 << 20
_WORD = re.compile(r"\w+")
_NEAR = 0.3  # a title this close to a role's title is evidence for it ("≈AI 개발자")
_TITLE_SPLIT = re.compile(r"\s+[—–-]\s+|\s*\n\s*")
_BRACKETS = re.compile(r"\[[^\]]*\]|\([^)]*\)|【[^】]*】|<[^>]*>")
# words a posting title carries that say nothing about the role
_TITLE_NOISE = frozenset(
    {
        "채용",
        "모집",
        "급구",
        "신입",
        "경력",
        "신입/경력",
        "경력직",
        "정규직",
        "계약직",
        "인턴",
        "우대",
        "상시",
        "각",
        "부문",
        "분야",
        "담당",
        "담당자",
        "인원",
        "명",
        "00명",
        "0명",
        "1명",
        "2명",
        "3명",
        "0",
        "공고",
        "구인",
        "구함",
        "모십니다",
        "찾습니다",
        "hiring",
        "wanted",
        "junior",
        "senior",
        "sr",
        "jr",
        "new",
        "grad",
        "및",
        "급여",
        "협의",
        "연봉",
        "지원",
        "트랙",
        "채용연계형",
    }
)


def clean_title(title: str) -> str:
    """The title without bracketed tags ([광주], (신입/경력)) and hiring boilerplate words."""
    text = unicodedata.normalize("NFKC", title)
    text = _BRACKETS.sub(" ", text)
    text = re.sub(r"[—–\-|/·,:;!]+", " ", text)
    words = [w for w in text.split() if w.lower() not in _TITLE_NOISE]
    return " ".join(words)


def title_features(text: str) -> list[str]:
    """Words and character 3–5-grams of each word (Hangul decomposed into jamo)."""
    t = unicodedata.normalize("NFKC", text).lower()
    words = _WORD.findall(t)
    feats = [f"w:{w}" for w in words]
    for w in words:
        padded = f" {unicodedata.normalize('NFD', w)} "
        for n in (3, 4, 5):
            feats.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return feats


def _hash(feat: str) -> int:
    return zlib.crc32(feat.encode()) & (_DIM - 1)


def vectorise(
    texts: Sequence[str], idf: NDArray[np.float64] | None
) -> tuple[sp.csr_matrix, NDArray[np.float64]]:
    """TF-IDF rows (sublinear tf, L2-normalised, hashed into 2²⁰ columns) of ``texts``; the
    idf is computed from ``texts`` when not given."""
    import numpy as np
    import scipy.sparse as sp

    rows: list[int] = []
    cols: list[int] = []
    for i, text in enumerate(texts):
        for f in title_features(text):
            rows.append(i)
            cols.append(_hash(f))
    mat = sp.csr_matrix(
        (np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
        shape=(len(texts), _DIM),
    )
    mat.sum_duplicates()
    if idf is None:
        df = np.bincount(mat.indices, minlength=_DIM)
        idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    mat.data = (1.0 + np.log(mat.data)) * idf[mat.indices]
    norms = np.sqrt(np.asarray(mat.multiply(mat).sum(axis=1)).ravel())
    mat = sp.diags(1.0 / np.maximum(norms, 1e-12)) @ mat
    return mat.tocsr(), idf


class TitleIndex:
    """Known titles of each label (role); answers, per query title, how close it is to each
    label: the best cosine similarity to any of the label's titles plus a quarter of each
    of the next four (a label with several close titles beats one with a single lucky
    neighbour), and which title was closest."""

    runners_up = 4
    runner_up_weight = 0.25

    def __init__(self, titles: Sequence[tuple[int, str]], n_labels: int) -> None:
        import numpy as np

        kept = [(label, t) for label, t in titles if t.strip()]
        kept.sort(key=lambda x: x[0])
        self.n_labels = n_labels
        self.titles = [t for _, t in kept]
        labels = np.asarray([label for label, _ in kept], dtype=np.int64)
        self._matrix, self._idf = vectorise(self.titles, None)
        self._matrix_t = self._matrix.T.tocsr()
        self._starts: NDArray[np.int64] = (
            np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])
            if len(kept)
            else np.zeros(0, dtype=np.int64)
        )
        self._present: NDArray[np.int64] = labels[self._starts]

    def similarity(
        self, queries: Sequence[str], chunk: int = 512
    ) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
        """``(best, which)``: per query and label the best cosine (0 when the label has no
        title) and the index in :attr:`titles` of that title (−1 when none)."""
        import numpy as np

        best = np.zeros((len(queries), self.n_labels))
        which = np.full((len(queries), self.n_labels), -1, dtype=np.int64)
        if not self.titles or not queries:
            return best, which
        x, _ = vectorise(queries, self._idf)
        bounds = np.r_[self._starts, len(self.titles)]
        for lo in range(0, len(queries), chunk):
            sim = (x[lo : lo + chunk] @ self._matrix_t).toarray()
            for k, label in enumerate(self._present):
                a, b = bounds[k], bounds[k + 1]
                block = sim[:, a:b]
                which[lo : lo + chunk, label] = a + np.argmax(block, axis=1)
                if b - a <= self.runners_up:
                    top = -np.sort(-block, axis=1)
                else:
                    top = -np.sort(
                        -np.partition(block, b - a - self.runners_up - 1, axis=1)[
                            :, b - a - self.runners_up - 1 :
                        ],
                        axis=1,
                    )
                best[lo : lo + chunk, label] = top[:, 0] + self.runner_up_weight * top[
                    :, 1 : 1 + self.runners_up
                ].sum(axis=1)
        return best, which


@dataclass(frozen=True, slots=True)
class RoleScore:
    role_id: str
    name: str
    confidence: float  # the softmax probability, 0..1
    score: float  # w · evidence
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Classification:
    skills: tuple[SkillMention, ...]
    roles: tuple[RoleScore, ...]  # best first; empty when no role has any evidence

    @property
    def role_id(self) -> str | None:
        return self.roles[0].role_id if self.roles else None

    @property
    def confidence(self) -> float:
        return self.roles[0].confidence if self.roles else 0.0


class RoleClassifier:
    """Reads the role and skills of a posting title and description."""

    def __init__(
        self,
        vocabulary: Vocabulary,
        taxonomy: RoleTaxonomy,
        *,
        extra_titles: Mapping[str, Sequence[str]] | None = None,
        coefficients: Sequence[float] = COEFFICIENTS,
        extractor: TextExtractor | None = None,
    ) -> None:
        if len(coefficients) != len(FEATURES):
            raise ValueError(
                f"RoleClassifier: {len(FEATURES)} coefficients expected "
                f"({', '.join(FEATURES)}), got {len(coefficients)}"
            )
        self.taxonomy = taxonomy
        self.extractor = extractor or TextExtractor(vocabulary, taxonomy)
        self.coefficients = tuple(float(c) for c in coefficients)
        self._index = taxonomy.index()
        self._names = vocabulary.names()
        n = len(taxonomy.roles)
        titles: list[tuple[int, str]] = []
        for i, role in enumerate(taxonomy.roles):
            for t in (role.name, *role.aliases, *(extra_titles or {}).get(role.id, ())):
                titles.append((i, t))
        self._titles = TitleIndex(titles, n)
        # how telling each skill is: idf over the roles' skill lists
        listing: dict[str, int] = {}
        for role in taxonomy.roles:
            for s in set(role.skills):
                listing[s] = listing.get(s, 0) + 1
        self.idf = {s: math.log(n / k) for s, k in listing.items()} if n else {}
        self._log_n = math.log(n) if n > 1 else 1.0
        self._role_norm = [
            math.sqrt(sum(self.idf[s] ** 2 for s in set(role.skills))) for role in taxonomy.roles
        ]

    def evidence(
        self, title: str, description: str = ""
    ) -> tuple[tuple[SkillMention, ...], NDArray[np.float64], list[list[str]]]:
        """Skills found, the evidence matrix (roles × :data:`FEATURES`) and, per role, the
        words that pointed to it."""
        import numpy as np

        n = len(self.taxonomy.roles)
        x = np.zeros((n, len(FEATURES)))
        words: list[list[str]] = [[] for _ in range(n)]
        skills = self.extractor.skills(f"{title}\n{description}")
        # "title — text" in one field: the part after the first dash or line is text
        head, _, tail = _TITLE_SPLIT.sub("\n", title.strip(), count=1).partition("\n")
        if tail:
            title, description = head, f"{tail}\n{description}"
        cleaned = clean_title(title)
        # a name in the title counts by the share of the title it covers ("Analyst" in
        # "Database Analyst" counts less than "AI 엔지니어" as the whole title)
        title_length = max(1, len(normalise(cleaned)))
        for column, source in ((0, cleaned), (1, description)):
            if not source:
                continue
            for role_id, surface in self.extractor.role_mentions(source):
                i = self._index[role_id]
                share = min(1.0, len(normalise(surface)) / title_length) if column == 0 else 1.0
                x[i, column] = max(x[i, column], share)
                if surface not in words[i]:
                    words[i].append(surface)
        if cleaned:
            best, which = self._titles.similarity([cleaned])
            x[:, 2] = best[0]
            for j in np.flatnonzero(best[0] >= _NEAR).tolist():
                near = self._titles.titles[int(which[0, j])]
                if not x[j, 0] and near not in words[j]:
                    words[j].append(f"≈{near}")
        found = {m.skill_id for m in skills}
        weights = {s: self.idf.get(s, 0.0) for s in found}
        found_norm = math.sqrt(sum(w * w for w in weights.values()))
        for i, role in enumerate(self.taxonomy.roles):
            shared = found & set(role.skills)
            if not shared:
                continue
            total = sum(weights[s] for s in shared)
            x[i, 3] = total / self._log_n
            if found_norm and self._role_norm[i]:
                x[i, 4] = sum(weights[s] ** 2 for s in shared) / (found_norm * self._role_norm[i])
            telling = sorted(shared, key=lambda s: (-weights[s], s))
            words[i].extend(self._names.get(s, s) for s in telling)
        return skills, x, words

    def rank(
        self,
        x: NDArray[np.float64],
        words: Sequence[Sequence[str]],
        coefficients: Sequence[float] | None = None,
    ) -> tuple[list[int], NDArray[np.float64], NDArray[np.float64]]:
        """``(order, scores, confidences)`` of an evidence matrix: the indices of the roles
        with some evidence (a word that points to them), best first, and every role's score
        and softmax confidence."""
        import numpy as np

        scores = x @ np.asarray(self.coefficients if coefficients is None else coefficients)
        probs = softmax(scores) if len(scores) else scores
        listed = [i for i in range(len(words)) if words[i]]
        order = sorted(listed, key=lambda i: (-scores[i], self.taxonomy.roles[i].id))
        return order, scores, probs

    def classify(self, title: str, description: str = "", *, top: int = 3) -> Classification:
        """The skills and the ``top`` most likely roles (best first) with their confidence.
        Roles nothing in the text points to are not listed."""
        skills, x, words = self.evidence(title, description)
        order, scores, probs = self.rank(x, words)
        roles = tuple(
            RoleScore(
                role_id=self.taxonomy.roles[i].id,
                name=self.taxonomy.roles[i].name,
                confidence=round(float(probs[i]), 4),
                score=round(float(scores[i]), 6),
                evidence=tuple(words[i]),
            )
            for i in order[:top]
        )
        return Classification(skills, roles)


def titles_by_role(
    occupation_of: Mapping[str, str], titles_of: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """Extra titles per role from its occupation (e.g. O*NET alternate titles by O*NET-SOC
    code): ``occupation_of`` maps role ids to occupation codes, ``titles_of`` occupation
    codes to titles. Only occupations exactly one role maps to lend their titles (the titles
    of an occupation several roles share tell those roles apart no better than their own
    names do, and would make every one of them look like a match)."""
    roles_of: dict[str, list[str]] = {}
    for role, code in occupation_of.items():
        if code:
            roles_of.setdefault(code, []).append(role)
    return {
        roles[0]: list(titles_of[code])
        for code, roles in sorted(roles_of.items())
        if len(roles) == 1 and titles_of.get(code)
    }


def softmax(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    import numpy as np

    z = np.exp(scores - scores.max())
    out: NDArray[np.float64] = z / z.sum()
    return out


def fit_coefficients(
    evidence: Sequence[NDArray[np.float64]], labels: Sequence[int], *, l2: float = 0.05
) -> tuple[float, ...]:
    """Coefficients that maximise the likelihood of ``labels`` (the index of each example's
    true role in its evidence matrix) under the softmax over roles, minus ``l2 · |w|²``."""
    import numpy as np
    from scipy.optimize import minimize

    pairs = [(x, y) for x, y in zip(evidence, labels, strict=True) if 0 <= y < len(x)]
    if not pairs:
        raise ValueError("fit_coefficients: no example names a role of its evidence matrix")
    xs = np.stack([x for x, _ in pairs])  # examples × roles × features
    ys = np.asarray([y for _, y in pairs])
    truth = xs[np.arange(len(ys)), ys]  # examples × features

    def loss(w: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        s = xs @ w
        s = s - s.max(axis=1, keepdims=True)
        p = np.exp(s)
        z = p.sum(axis=1, keepdims=True)
        p = p / z
        nll = float(-(s[np.arange(len(ys)), ys] - np.log(z[:, 0])).sum())
        grad = -(truth - np.einsum("er,erf->ef", p, xs)).sum(axis=0)
        return nll + l2 * float(w @ w), grad + 2 * l2 * w

    result = minimize(loss, np.ones(xs.shape[2]), jac=True, method="L-BFGS-B")
    return tuple(round(float(c), 3) for c in result.x)
