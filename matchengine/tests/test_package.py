"""The package's public API and its lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import matchengine

HEAVY = ("numba", "ortools", "scipy")
ROOT = Path(__file__).resolve().parents[2]


def _loaded_after(code: str) -> dict[str, bool]:
    """Which of ``HEAVY`` a fresh interpreter has imported after running ``code``."""
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter, a fixed probe
        [sys.executable, "-c", probe], cwd=ROOT, check=True, capture_output=True, text=True
    )
    loaded: dict[str, bool] = json.loads(out.stdout.strip().splitlines()[-1])
    return loaded


def test_text_extraction_does_not_import_numba_or_ortools() -> None:
    loaded = _loaded_after(
        "import matchengine\n"
        "from matchengine import TextExtractor, default_taxonomy, default_vocabulary\n"
        "TextExtractor(default_vocabulary(), default_taxonomy())"
    )
    assert loaded == dict.fromkeys(HEAVY, False)


def test_an_entry_point_loads_what_it_needs() -> None:
    loaded = _loaded_after("import matchengine\nmatchengine.plan_cohort")
    assert loaded["ortools"] and loaded["numba"]


@pytest.mark.parametrize("name", matchengine.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(matchengine, name) is not None
    assert name in dir(matchengine)


@pytest.mark.parametrize(
    ("name", "module"),
    [("FitScorer", "scoring"), ("encode", "scoring"), ("blocking_pairs", "deferred_acceptance")],
)
def test_array_layer_names_point_to_their_submodule(name: str, module: str) -> None:
    with pytest.raises(AttributeError, match=f"matchengine.{module}"):
        getattr(matchengine, name)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        matchengine.nope  # noqa: B018
    assert not hasattr(matchengine, "nope")


def test_submodules_are_attributes() -> None:
    assert matchengine.scoring.FitScorer.__name__ == "FitScorer"
