"""Evaluation of the role classifier: ``python -m matchengine.eval classifier``.

Reads the labelled Korean and mixed Korean/English posting snippets
(``matchengine/eval/data/postings_ko.jsonl``: title, description, role, skills) against the
curated taxonomy the product ships (``careerhub/taxonomy/fixtures/taxonomy.json``, read as
data) and reports, for the product's classifier (:class:`matchengine.classify.RoleClassifier`)
and the named baseline (**alias + typical-skill share**: the reading before issue 16,
``TextExtractor.roles`` with hiring's old strength × lead confidence):

- role top-1 / top-3 accuracy;
- skill precision / recall / F1 (micro, over the labelled skills);
- calibration: a reliability table (confidence bins, how many guesses, mean confidence, share
  right), and the share right among guesses at confidence ≥ 0.8 with how many that is.

The classifier's numbers are **cross-validated**: the snippets are split into k folds
(seeded), and each fold is scored with coefficients fitted on the other folds only. The
O*NET title evaluation runs the same classifier on held-out O*NET alternate titles (SOC 15-
occupations as the roles, as ``manage.py import_onet`` imports them by default), when the
shared data is present.

``--fit`` prints the coefficients fitted on the whole set (what
:data:`matchengine.classify.COEFFICIENTS` holds).
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..classify import (
    COEFFICIENTS,
    FEATURES,
    RoleClassifier,
    fit_coefficients,
    titles_by_role,
)
from ..contracts import Role, RoleTaxonomy, Skill, Vocabulary
from ..text import TextExtractor
from .onet_titles import data_dir, load_titles

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "Example",
    "Metrics",
    "baseline_confidence",
    "evaluate_korean",
    "evaluate_onet",
    "load_examples",
    "load_taxonomy",
    "main",
    "onet_extra_titles",
]

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE / "data" / "postings_ko.jsonl"
TAXONOMY = HERE.parents[1] / "careerhub" / "taxonomy" / "fixtures" / "taxonomy.json"
CONFIDENT = 0.8
BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0001)


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    title: str
    description: str
    role: str
    skills: tuple[str, ...]


def load_examples(path: Path = EXAMPLES) -> list[Example]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out.append(
                    Example(
                        row["id"],
                        row["title"],
                        row.get("description", ""),
                        row["role"],
                        tuple(row.get("skills", ())),
                    )
                )
    return out


def load_taxonomy(path: Path = TAXONOMY) -> tuple[Vocabulary, RoleTaxonomy, dict[str, str]]:
    """The curated taxonomy file as the engine's vocabulary and roles (the same terms the
    product's adapter builds from the database: Korean display names, the English name and
    the aliases as aliases), and each role's O*NET-SOC code."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    vocabulary = Vocabulary(
        tuple(
            Skill(
                s["code"], s["name_ko"], tuple(dict.fromkeys([s["name_en"], *s.get("aliases", [])]))
            )
            for s in data["skills"]
        )
    )
    roles = tuple(
        Role(
            r["code"],
            r["name_ko"],
            r["group"],
            tuple(dict.fromkeys([r["name_en"], *r.get("aliases", [])])),
            tuple(dict.fromkeys([*r["skills"].get("core", []), *r["skills"].get("useful", [])])),
        )
        for r in data["roles"]
    )
    onet = {r["code"]: r.get("onet_code", "") for r in data["roles"]}
    return vocabulary, RoleTaxonomy(roles), onet


def onet_extra_titles(
    onet_codes: dict[str, str], official: dict[str, str], alternates: dict[str, set[str]]
) -> dict[str, list[str]]:
    """The official and alternate O*NET titles of each role's occupation, as the product's
    adapter passes them when O*NET is imported (:func:`matchengine.classify.titles_by_role`)."""
    titles: dict[str, list[str]] = defaultdict(list)
    for code, title in official.items():
        titles[code].append(title)
    for title, codes in sorted(alternates.items()):
        for code in codes:
            titles[code].append(title)
    return titles_by_role(onet_codes, titles)


def baseline_confidence(scores: Sequence[float]) -> float:
    """The confidence hiring gave the old reading (best first): strength (the best score
    over 4, a title hit plus one more piece of evidence, capped at 1) times the lead
    (0.5 + half the best score's margin over the runner-up)."""
    if not scores:
        return 0.0
    best = scores[0]
    runner_up = scores[1] if len(scores) > 1 else 0.0
    return round(min(1.0, best / 4.0) * (0.5 + 0.5 * (best - runner_up) / best), 3)


@dataclass(frozen=True, slots=True)
class Metrics:
    method: str
    n: int
    top1: float
    top3: float
    precision: float
    recall: float
    f1: float
    reliability: tuple[tuple[float, float, int, float, float], ...]  # lo, hi, n, mean conf, right
    confident_right: float  # share right among guesses at confidence ≥ CONFIDENT
    confident_n: int


def _metrics(
    method: str,
    examples: Sequence[Example],
    ranked: Sequence[Sequence[str]],
    confidence: Sequence[float],
    skills: Sequence[Sequence[str]],
) -> Metrics:
    n = len(examples)
    right = [bool(r) and r[0] == e.role for r, e in zip(ranked, examples, strict=True)]
    top3 = [e.role in r[:3] for r, e in zip(ranked, examples, strict=True)]
    tp = fp = fn = 0
    for found, e in zip(skills, examples, strict=True):
        truth = set(e.skills)
        got = set(found)
        tp += len(got & truth)
        fp += len(got - truth)
        fn += len(truth - got)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    table = []
    for lo, hi in itertools.pairwise(BINS):
        idx = [i for i, c in enumerate(confidence) if lo <= c < hi]
        if idx:
            table.append(
                (
                    lo,
                    min(hi, 1.0),
                    len(idx),
                    sum(confidence[i] for i in idx) / len(idx),
                    sum(right[i] for i in idx) / len(idx),
                )
            )
    sure = [i for i, c in enumerate(confidence) if c >= CONFIDENT]
    return Metrics(
        method,
        n,
        sum(right) / n if n else 0.0,
        sum(top3) / n if n else 0.0,
        precision,
        recall,
        f1,
        tuple(table),
        sum(right[i] for i in sure) / len(sure) if sure else 0.0,
        len(sure),
    )


def folds_of(n: int, k: int, seed: int) -> list[int]:
    import numpy as np

    order = np.random.default_rng(seed).permutation(n)
    fold = [0] * n
    for rank, i in enumerate(order):
        fold[int(i)] = rank % k
    return fold


def evaluate_korean(
    examples: Sequence[Example],
    classifier: RoleClassifier,
    *,
    k: int = 5,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> list[Metrics]:
    """The classifier (k-fold cross-validated coefficients), the classifier with its shipped
    coefficients (fitted on all the set: an optimistic number, for reference) and the
    baseline, on ``examples``."""
    import numpy as np

    index = classifier.taxonomy.index()
    evidence: list[NDArray[np.float64]] = []
    words: list[list[list[str]]] = []
    found: list[list[str]] = []
    for e in examples:
        skills, x, pointers = classifier.evidence(e.title, e.description)
        evidence.append(x)
        words.append(pointers)
        found.append([m.skill_id for m in skills])
    labels = [index.get(e.role, -1) for e in examples]
    fold = folds_of(len(examples), k, seed)
    ranked_cv: list[list[str]] = [[] for _ in examples]
    conf_cv = [0.0] * len(examples)
    for f in range(k):
        train = [i for i in range(len(examples)) if fold[i] != f]
        w = np.asarray(fit_coefficients([evidence[i] for i in train], [labels[i] for i in train]))
        if progress:
            progress(f"fold {f + 1}/{k}: {dict(zip(FEATURES, w.tolist(), strict=True))}")
        for i in range(len(examples)):
            if fold[i] == f:
                ranked_cv[i], conf_cv[i] = _ranked(classifier, evidence[i], words[i], w.tolist())
    ranked_all: list[list[str]] = []
    conf_all: list[float] = []
    for x, w_ in zip(evidence, words, strict=True):
        r, c = _ranked(classifier, x, w_, classifier.coefficients)
        ranked_all.append(r)
        conf_all.append(c)
    base = TextExtractor(classifier.extractor.vocabulary, classifier.taxonomy)
    ranked_base: list[list[str]] = []
    conf_base: list[float] = []
    found_base: list[list[str]] = []
    for e in examples:
        ext = base.extract(e.title, e.description)
        ranked_base.append([g.role_id for g in ext.roles])
        conf_base.append(baseline_confidence([g.score for g in ext.roles]))
        found_base.append([m.skill_id for m in ext.skills])
    return [
        _metrics(f"classifier ({k}-fold CV)", examples, ranked_cv, conf_cv, found),
        _metrics("classifier (shipped, fitted on all)", examples, ranked_all, conf_all, found),
        _metrics("baseline: alias + skill share", examples, ranked_base, conf_base, found_base),
    ]


def _ranked(
    classifier: RoleClassifier,
    x: NDArray[np.float64],
    words: Sequence[Sequence[str]],
    coefficients: Sequence[float],
) -> tuple[list[str], float]:
    order, _, probs = classifier.rank(x, words, coefficients)
    ids = classifier.taxonomy.ids
    return [ids[i] for i in order], float(probs[order[0]]) if order else 0.0


@dataclass(frozen=True, slots=True)
class OnetResult:
    method: str
    candidates: str
    n: int
    top1: float
    top3: float


def evaluate_onet(
    vocabulary: Vocabulary,
    official: dict[str, str],
    alternates: dict[str, set[str]],
    *,
    prefix: str = "15-",
    test_share: float = 0.2,
    seed: int = 0,
    coefficients: Sequence[float] = COEFFICIENTS,
) -> list[OnetResult]:
    """The classifier on held-out O*NET alternate titles of SOC ``prefix`` occupations: the
    occupations are its roles (the official title as the name, the training alternate titles
    as aliases); a title listed under several occupations counts as right if any is
    predicted. Same split as :mod:`matchengine.eval.onet_titles` (seeded, by distinct title)."""
    import numpy as np

    titles = sorted(alternates)
    is_test = np.random.default_rng(seed).random(len(titles)) < test_share
    test = [
        t
        for t, x in zip(titles, is_test, strict=True)
        if x and any(c.startswith(prefix) for c in alternates[t])
    ]
    train_titles: dict[str, list[str]] = defaultdict(list)
    for t, x in zip(titles, is_test, strict=True):
        if not x:
            for c in alternates[t]:
                train_titles[c].append(t)
    results = []
    for label, codes in (
        (f"SOC {prefix} occupations", sorted(c for c in official if c.startswith(prefix))),
        ("all occupations", sorted(official)),
    ):
        taxonomy = RoleTaxonomy(
            tuple(Role(c, official[c], c[:2], tuple(train_titles.get(c, ()))) for c in codes)
        )
        clf = RoleClassifier(vocabulary, taxonomy, coefficients=coefficients)
        for method in ("classifier", "baseline: alias + skill share"):
            top1 = top3 = 0
            for t in test:
                if method == "classifier":
                    got = [r.role_id for r in clf.classify(t, top=3).roles]
                else:
                    got = [g.role_id for g in clf.extractor.extract(t).roles]
                top1 += bool(got) and got[0] in alternates[t]
                top3 += bool(set(got[:3]) & alternates[t])
            results.append(OnetResult(method, label, len(test), top1 / len(test), top3 / len(test)))
    return results


def _print_metrics(results: Sequence[Metrics]) -> None:
    print(
        f"{'method':<38} {'n':>4} {'top-1':>7} {'top-3':>7} {'skill P':>8} {'R':>6} {'F1':>6}"
        f" {'≥0.8 right':>11} {'≥0.8 n':>7}"
    )
    for m in results:
        print(
            f"{m.method:<38} {m.n:>4} {m.top1:7.1%} {m.top3:7.1%} {m.precision:8.3f}"
            f" {m.recall:6.3f} {m.f1:6.3f} {m.confident_right:11.1%} {m.confident_n:>7}"
        )
    for m in results:
        print(f"\nreliability — {m.method}")
        print(f"  {'confidence':<12} {'n':>4} {'mean':>6} {'right':>7}")
        for lo, hi, n, mean, right in m.reliability:
            print(f"  {lo:.1f}–{hi:.1f}{'':<5} {n:>4} {mean:6.2f} {right:7.1%}")


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m matchengine.eval classifier", description=__doc__)
    p.add_argument("--examples", type=Path, default=EXAMPLES)
    p.add_argument("--taxonomy", type=Path, default=TAXONOMY)
    p.add_argument("--data", help="the shared data folder (default: env or ../shared/data)")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--fit", action="store_true", help="print coefficients fitted on all")
    p.add_argument("--no-onet", action="store_true", help="skip the O*NET title evaluation")
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    vocabulary, taxonomy, onet_codes = load_taxonomy(a.taxonomy)
    onet = data_dir(a.data) / "onet"
    have_onet = (onet / "Occupation Data.txt").is_file() and (
        onet / "Alternate Titles.txt"
    ).is_file()
    official: dict[str, str] = {}
    alternates: dict[str, set[str]] = {}
    if have_onet:
        official, alternates = load_titles(onet)
    extra = onet_extra_titles(onet_codes, official, alternates) if have_onet else {}
    classifier = RoleClassifier(vocabulary, taxonomy, extra_titles=extra)
    examples = load_examples(a.examples)
    if a.fit:
        index = taxonomy.index()
        evidence = [classifier.evidence(e.title, e.description)[1] for e in examples]
        w = fit_coefficients(evidence, [index.get(e.role, -1) for e in examples])
        print(f"coefficients fitted on all {len(examples)} examples: {w}")
        print(f"  ({', '.join(FEATURES)})")
        return 0
    print(
        f"Korean postings: {len(examples)} labelled snippets, {len(taxonomy.roles)} roles, "
        f"{len(vocabulary.skills)} skills; O*NET titles for roles: "
        f"{'yes' if have_onet else 'no (shared data absent)'}"
    )
    _print_metrics(evaluate_korean(examples, classifier, k=a.folds, seed=a.seed))
    if a.no_onet:
        pass
    elif not have_onet:
        print("\nO*NET data not found; skipping the O*NET title evaluation.")
    else:
        print("\nO*NET alternate titles → occupation, held out (20 %, seed 0), SOC 15- titles")
        print(f"{'method':<32} {'candidates':<22} {'titles':>7} {'top-1':>7} {'top-3':>7}")
        for r in evaluate_onet(vocabulary, official, alternates, seed=a.seed):
            print(f"{r.method:<32} {r.candidates:<22} {r.n:>7} {r.top1:7.1%} {r.top3:7.1%}")
    print(f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
