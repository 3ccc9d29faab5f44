"""O*NET title classification: ``python -m matchengine.eval.onet_titles [--data DIR]``.

Classifies O*NET alternate job titles ("Alternate Titles.txt") into occupations (O*NET-SOC
codes) on a held-out split of the distinct titles, and reports top-1 / top-5 accuracy for
all occupations and for the computer and mathematical ones (SOC 15-), next to two named
baselines:

- **most frequent occupation**: always predicts the occupations with the most training
  titles;
- **official title TF-IDF**: nearest official occupation title only (no alternate titles).

The method under test, **title TF-IDF 1-NN**: character 3–5-grams and words (TF-IDF,
L2-normalised, hashed into 2²⁰ dimensions with scipy.sparse: the role classifier's title
features, :func:`matchengine.classify.vectorise`) of the official title plus the training
alternate titles; an occupation's score for a title is its best cosine similarity to any of
that occupation's known titles. The product's own classifier on the same split is
``python -m matchengine.eval classifier``. A title listed under several occupations counts
as correct if any of them is predicted.

The data is read from ``$CAREERHUB_SHARED_DATA/onet`` or ``<repo>/../shared/data/onet``; when
it is absent the script says so and exits cleanly (status 0).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..classify import vectorise

__all__ = ["Result", "data_dir", "evaluate", "load_titles", "main"]


def data_dir(explicit: str | None = None) -> Path:
    """Where the shared reference data lives (may not exist)."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("CAREERHUB_SHARED_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def load_titles(onet: Path) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Official titles by code, and alternate title → set of codes."""
    official = {r["O*NET-SOC Code"]: r["Title"] for r in _read_tsv(onet / "Occupation Data.txt")}
    alternates: dict[str, set[str]] = defaultdict(set)
    for r in _read_tsv(onet / "Alternate Titles.txt"):
        code = r["O*NET-SOC Code"]
        for title in (r["Alternate Title"], r.get("Short Title", "n/a")):
            if title and title != "n/a" and code in official:
                alternates[title.strip()].add(code)
    return official, dict(alternates)


@dataclass(frozen=True, slots=True)
class Result:
    method: str
    subset: str
    n: int
    top1: float
    top5: float


def _rank_by_similarity(
    test: Sequence[str],
    train: Sequence[str],
    train_label: NDArray[np.int64],
    n_labels: int,
    chunk: int = 512,
) -> NDArray[np.int64]:
    """Top-5 labels per test title: best cosine to any training title of the label."""
    x_train, idf = vectorise(train, None)
    x_test, _ = vectorise(test, idf)
    order = np.argsort(train_label, kind="stable")
    x_train_t = x_train[order].T.tocsr()
    labels = train_label[order]
    starts = np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])
    present = labels[starts]
    kk = min(5, n_labels)
    out = np.full((len(test), 5), -1, dtype=np.int64)
    for lo in range(0, len(test), chunk):
        sim = (x_test[lo : lo + chunk] @ x_train_t).toarray()
        best = np.full((sim.shape[0], n_labels), -1.0)
        best[:, present] = np.maximum.reduceat(sim, starts, axis=1)
        top = np.argpartition(-best, kk - 1, axis=1)[:, :kk]
        top_sorted = np.take_along_axis(
            top, np.argsort(-np.take_along_axis(best, top, axis=1), axis=1, kind="stable"), axis=1
        )
        out[lo : lo + chunk, :kk] = top_sorted
    return out


def evaluate(
    official: dict[str, str],
    alternates: dict[str, set[str]],
    *,
    test_share: float = 0.2,
    seed: int = 0,
    prefix: str = "15-",
) -> list[Result]:
    codes = sorted(official)
    code_idx = {c: i for i, c in enumerate(codes)}
    titles = sorted(alternates)
    rng = np.random.default_rng(seed)
    is_test = rng.random(len(titles)) < test_share
    train_titles = [t for t, x in zip(titles, is_test, strict=True) if not x]
    test_titles = [t for t, x in zip(titles, is_test, strict=True) if x]
    truth = [{code_idx[c] for c in alternates[t]} for t in test_titles]
    in_subset = np.array([any(codes[c].startswith(prefix) for c in s) for s in truth])

    # method: official titles + training alternate titles, 1-NN per occupation
    docs = [official[c] for c in codes]
    labels = list(range(len(codes)))
    for t in train_titles:
        for c in alternates[t]:
            docs.append(t)
            labels.append(code_idx[c])
    ranked = {
        "title TF-IDF 1-NN": _rank_by_similarity(test_titles, docs, np.asarray(labels), len(codes)),
        "baseline: official title TF-IDF": _rank_by_similarity(
            test_titles, [official[c] for c in codes], np.arange(len(codes)), len(codes)
        ),
    }
    freq = Counter(code_idx[c] for t in train_titles for c in alternates[t])
    common = [c for c, _ in freq.most_common(5)]
    ranked["baseline: most frequent occupation"] = np.tile(
        np.asarray(common), (len(test_titles), 1)
    )

    results: list[Result] = []
    for method, top in ranked.items():
        hit1 = np.array([top[i, 0] in truth[i] for i in range(len(truth))])
        hit5 = np.array([bool(set(top[i].tolist()) & truth[i]) for i in range(len(truth))])
        for subset, mask in ((f"SOC {prefix}", in_subset), ("all", np.ones_like(in_subset))):
            n = int(mask.sum())
            results.append(
                Result(
                    method,
                    subset,
                    n,
                    float(hit1[mask].mean()) if n else 0.0,
                    float(hit5[mask].mean()) if n else 0.0,
                )
            )
    return results


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m matchengine.eval.onet_titles", description=__doc__)
    p.add_argument("--data", help="the shared data folder (default: env or ../shared/data)")
    p.add_argument("--test-share", type=float, default=0.2)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    onet = data_dir(a.data) / "onet"
    needed = [onet / "Occupation Data.txt", onet / "Alternate Titles.txt"]
    missing = [str(f) for f in needed if not f.is_file()]
    if missing:
        print(
            f"O*NET data not found ({', '.join(missing)}); skipping the evaluation. "
            "Set CAREERHUB_SHARED_DATA to the shared data folder to run it."
        )
        return 0
    t0 = time.perf_counter()
    official, alternates = load_titles(onet)
    results = evaluate(official, alternates, test_share=a.test_share, seed=a.seed)
    print(
        f"O*NET alternate titles → occupation ({len(official)} occupations, "
        f"{len(alternates)} distinct titles, {a.test_share:.0%} held out, seed {a.seed})"
    )
    print(f"{'method':<36} {'subset':<8} {'titles':>7} {'top-1':>7} {'top-5':>7}")
    for r in results:
        print(f"{r.method:<36} {r.subset:<8} {r.n:>7} {r.top1:7.1%} {r.top5:7.1%}")
    print(f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
