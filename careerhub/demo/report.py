"""The demo summary as lines for a terminal: counts, then the demo logins as a Korean table."""

from __future__ import annotations

import unicodedata

from careerhub.demo.builder import DemoSummary

ROLE_LABELS = {
    "program_staff": "사업단 직원",
    "operator_staff": "교육운영기관 담당자",
    "consultant": "취업 컨설턴트",
    "recruiter": "기업 채용담당자",
    "trainee": "교육생",
    "committee": "취업지원위원회 위원",
    "superuser": "시스템 관리자",
}
DEFAULT_SCOPES = {
    "program_staff": "사업 전체",
    "committee": "수요·공급 요약, 회의록",
    "superuser": "Django 관리자 화면 (/admin/)",
}


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def table_lines(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip()

    return [line(header), "  ".join("─" * w for w in widths), *(line(row) for row in rows)]


def summary_lines(summary: DemoSummary, *, seconds: float | None = None) -> list[str]:
    t = summary.totals
    took = f", {seconds:.1f}초" if seconds is not None else ""
    lines = [
        f"데모 데이터 준비 완료 (seed {summary.seed}{took})",
        f"  교육운영기관 {t['operators']} · 협력기업(교육원) {t['institute_partners']} · "
        f"기업 {t['companies']} (광주 사무소 {t['companies_with_office']})",
        f"  기수 {t['cohorts']} · 과정 {t['courses']} · 교육생 {t['trainees']:,} "
        f"(3기 {t['cohort3_trainees']:,}) · 보유 기술 {t['trainee_skills']:,} · "
        f"동의 {t['consents']:,}",
        *(
            [f"  4기 지원 접수 중: 과정 {t['cohort4_courses']}개 — 공개 지원 페이지 /apply/"]
            if t.get("cohort4_open")
            else []
        ),
        f"  이번 실행에서 새로 만든 행: {summary.created_total:,}"
        + ("" if summary.created_total else " (이미 모두 있음)"),
        "",
        f"데모 로그인 — 비밀번호는 모두 {summary.password}",
    ]
    rows = [
        (
            ROLE_LABELS.get(row.role, row.role),
            row.email,
            row.scope or DEFAULT_SCOPES.get(row.role, ""),
        )
        for row in summary.logins
    ]
    lines += table_lines(("역할", "이메일", "범위"), rows)
    if summary.passwords_reset:
        lines.append("(비밀번호를 모두 다시 설정했습니다.)")
    else:
        lines.append(
            "(비밀번호는 계정을 처음 만들 때만 설정합니다. 다시 설정하려면 --reset-passwords)"
        )
    return lines
