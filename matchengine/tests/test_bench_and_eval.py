"""The benchmark and the O*NET evaluation keep running (smoke runs on tiny inputs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchengine.bench.run import main as bench_main
from matchengine.eval import onet_titles


def test_bench_quick_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "--quick",
        "--match-sizes",
        "600",
        "--plan-sizes",
        "600",
        "--recommend",
        "600x120",
        "--recommend-reverse",
        "600x120",
    ]
    assert bench_main(args) == 0
    out = capsys.readouterr().out
    assert "Match day" in out and "Cohort plan" in out and "Recommendations" in out
    assert " NO" not in out  # every checked result agreed with its baseline
    assert out.count("yes") >= 2


def _write(path: Path, header: str, rows: list[str]) -> None:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def test_eval_on_a_tiny_dataset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    onet = tmp_path / "onet"
    onet.mkdir()
    _write(
        onet / "Occupation Data.txt",
        "O*NET-SOC Code\tTitle\tDescription",
        [
            "15-1252.00\tSoftware Developers\tx",
            "15-2051.00\tData Scientists\tx",
            "29-1141.00\tRegistered Nurses\tx",
        ],
    )
    rows = []
    for code, words in (
        (
            "15-1252.00",
            [
                "Software Engineer",
                "Application Developer",
                "Software Programmer",
                "Backend Software Engineer",
                "Software Application Engineer",
            ],
        ),
        (
            "15-2051.00",
            [
                "Data Science Lead",
                "Machine Learning Scientist",
                "Data Scientist II",
                "Senior Data Scientist",
                "Data Science Analyst",
            ],
        ),
        (
            "29-1141.00",
            [
                "Staff Nurse",
                "Nurse Clinician",
                "Charge Nurse",
                "Clinical Nurse",
                "Nurse Supervisor",
            ],
        ),
    ):
        rows += [f"{code}\t{w}\tn/a\t08" for w in words]
    _write(
        onet / "Alternate Titles.txt",
        "O*NET-SOC Code\tAlternate Title\tShort Title\tSource(s)",
        rows,
    )
    official, alternates = onet_titles.load_titles(onet)
    results = onet_titles.evaluate(official, alternates, test_share=0.5, seed=3)
    engine = next(r for r in results if r.method.startswith("title") and r.subset == "all")
    assert engine.n > 0 and engine.top1 >= 0.5 and engine.top5 == 1.0
    assert onet_titles.main(["--data", str(tmp_path)]) == 0
    assert "most frequent occupation" in capsys.readouterr().out


def test_eval_skips_cleanly_without_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CAREERHUB_SHARED_DATA", str(tmp_path / "nowhere"))
    assert onet_titles.main([]) == 0
    assert "skipping the evaluation" in capsys.readouterr().out


def test_jit_falls_back_when_no_cache_location_is_writable(monkeypatch: pytest.MonkeyPatch) -> None:
    import numba

    from matchengine import _jit

    real = numba.njit
    calls: list[bool] = []

    def njit(**kw: bool) -> object:
        calls.append(kw["cache"])
        if kw["cache"]:
            raise RuntimeError("cannot cache function 'f': no locator available for file")
        return real(cache=kw["cache"], nogil=kw["nogil"])

    monkeypatch.setattr(numba, "njit", njit)

    def double(x: int) -> int:
        return 2 * x

    compiled = _jit.jit(double)
    assert calls == [True, False]
    assert compiled(21) == 42
