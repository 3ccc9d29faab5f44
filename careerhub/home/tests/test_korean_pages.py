"""Every page the demo's roles reach reads as Korean (issue 14, "Korean"): no raw enum values,
no unfilled particle notation (``(으)로``, ``이(가)``, ``을(를)``) and no untranslated English.

The demo program is built once in the test database (rolled back at the end). Each role signs
in and follows the links of its pages from the home page: same origin, GET only, at most
``PER_PATTERN`` addresses of one shape (``/academy/trainees/<n>/``) and ``MAX_PAGES`` pages.
The visible text of each page (tags, scripts and styles stripped; labels a screen reader
reads included) is checked; the failures are listed together, by role and address.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import Client
from django.utils import translation

from careerhub.accounts.models import User
from careerhub.demo.builder import DemoSummary, demo_build

MAX_PAGES = 45
PER_PATTERN = 2
ROLES = (
    "office",
    "institute",
    "association",
    "consultant",
    "recruiter",
    "trainee",
    "committee",
)
# Addresses a crawl must not follow: signing out, switching language, downloads (files, not
# pages), the Django admin (checked on its index only, below) and the API.
SKIP = re.compile(
    r"^/(accounts/logout|i18n|jsi18n|admin|api|static|media)/|\.(pdf|xlsx|csv|zip|png|svg)$|"
    r"/(download|export|file|attachment|xlsx|csv)s?/"
)
# Machine formats where a person expects the product's Korean ones (2027. 2.–2027. 4.;
# 3,600만–4,200만 원): an ISO month range, an amount of 만 원 without its thousands comma.
RAW_FORMATS = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\s*[–~]\s*\d{4}-\d{2}|\b\d{4,}\s*[–~]\s*\d{4,}만")
UNFILLED = re.compile(r"\(으\)로|이\(가\)|을\(를\)|은\(는\)|과\(와\)|와\(과\)|\(이\)")
# Words that are Korean offices' own vocabulary or names, not untranslated English.
ALLOWED_WORDS = {
    "careerhub",
    "ai",
    "cirr",
    "pdf",
    "png",
    "jpeg",
    "jpg",
    "hwp",
    "ip",
    "excel",
    "csv",
    "xlsx",
    "url",
    "email",  # in e-mail addresses only: addresses are removed first
    "id",
    "mou",
    "it",
    "ict",
    "sw",
    "kwcag",
    "english",  # the language switcher names the other language in that language
    "o",
    "net",
    "ko",
    "kr",
    "com",
    "api",  # API 키, REST API: the words Korean public systems use (공공데이터 오픈 API)
    "rest",
}
TEXT_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")
EMAIL_OR_URL = re.compile(
    r"[\w.+*-]+@[\w*-]+(\.[\w-]+)+|https?://\S+|www\.\S+|/[\w/.-]+/(\?[\w=&%.+-]*)?"
)
ENGLISH_WORD = re.compile(r"(?<![\w@.])[A-Za-z][A-Za-z_']+(?![\w@])")


class _VisibleText(HTMLParser):
    """Text a person sees or hears: text nodes outside script/style/template, plus the
    labels of controls (placeholder, aria-label, title, alt, a button's value)."""

    # A datalist's options are search synonyms (파이썬 / Python), not interface text.
    SILENT = {"script", "style", "template", "noscript", "datalist"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._silent = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in self.SILENT:
            self._silent += 1
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        for name in TEXT_ATTRIBUTES:
            if values.get(name):
                self.parts.append(values[name] or "")
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SILENT and self._silent:
            self._silent -= 1

    def handle_data(self, data: str) -> None:
        if not self._silent and data.strip():
            self.parts.append(data)


def _choice_codes() -> set[str]:
    """Every stored choice value of careerhub's models that reads differently from its
    label (``proposed_by_hire``, ``confirmed``): seen on a page, it is a raw code."""
    codes: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("careerhub."):
            continue
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str) and len(value) > 2 and value != str(label):
                    codes.add(value)
    return codes


# Fields people write in (names, titles, descriptions): English there is data shown as
# entered. Not codes kept in plain text fields (an event's kind, a change's name).
WRITTEN = re.compile(r"name|title|description|summary|intro|employer|skills|keywords|place|note")


def _data_words() -> set[str]:
    """English words the program's own records hold (skills such as Python, company and
    project names, job roles such as MLOps): data shown as entered, not interface text."""
    words: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("careerhub."):
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and WRITTEN.search(f.name)
        ]
        for name in fields:
            for value in model._default_manager.values_list(name, flat=True).distinct()[:5000]:
                words.update(w.lower() for w in ENGLISH_WORD.findall(str(value or "")))
    return words


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: object) -> Iterator[dict[str, set[str]]]:
    """One demo build for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        summary: DemoSummary = demo_build()
        assert summary is not None
        yield {"codes": _choice_codes(), "data_words": _data_words()}
        transaction.set_rollback(True)


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def problems_in(html: str, *, codes: set[str], data_words: set[str]) -> tuple[list[str], list[str]]:
    """(problems, links) of one page."""
    parser = _VisibleText()
    parser.feed(html)
    text = " · ".join(" ".join(p.split()) for p in parser.parts)
    problems = []
    for match in UNFILLED.finditer(text):
        problems.append(f"particle: …{text[max(0, match.start() - 20) : match.end()]}")
    for match in RAW_FORMATS.finditer(text):
        problems.append(f"format: {match.group(0)}")
    plain = EMAIL_OR_URL.sub(" ", text)
    for word in sorted(set(ENGLISH_WORD.findall(plain))):
        if word in codes:
            problems.append(f"raw code: {word}")
        elif word.lower() not in ALLOWED_WORDS and word.lower() not in data_words:
            at = plain.index(word)
            problems.append(f"English: {word!r} in …{plain[max(0, at - 30) : at + 40]}…")
    return problems, parser.links


def crawl(
    client: Client, start: str, *, codes: set[str], data_words: set[str]
) -> dict[str, list[str]]:
    """{address: problems} for every page reached from ``start``."""
    found: dict[str, list[str]] = {}
    queue: deque[str] = deque([start])
    seen: set[str] = {start}
    per_shape: dict[str, int] = {}
    pages = 0
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ko")
        if response.status_code in (301, 302):
            continue
        assert response.status_code in (200, 404), (url, response.status_code)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages += 1
        problems, links = problems_in(response.content.decode(), codes=codes, data_words=data_words)
        if problems:
            found[url] = problems
        for href in links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if SKIP.search(parts.path) or href in seen:
                continue
            seen.add(href)
            shape = _shape(parts.path)
            if per_shape.get(shape, 0) >= PER_PATTERN:
                continue
            per_shape[shape] = per_shape.get(shape, 0) + 1
            queue.append(href)
    return found


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{url}\n    " + "\n    ".join(p) for url, p in found.items())


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_reads_as_korean(demo, db, role):
    client = Client()
    client.force_login(User.objects.get(email=f"{role}@demo.careerhub.kr"))
    with translation.override("ko"):
        found = crawl(client, "/", codes=demo["codes"], data_words=demo["data_words"])
    assert not found, f"{role}:\n{_report(found)}"


def test_public_pages_read_as_korean(demo, db):
    found = {}
    for start in ("/", "/apply/", "/accounts/login/"):
        found |= crawl(Client(), start, codes=demo["codes"], data_words=demo["data_words"])
    assert not found, _report(found)


def test_the_admin_index_reads_as_korean(demo, db):
    """The system administrator's index lists every app and model under a Korean name."""
    client = Client()
    client.force_login(User.objects.get(email="admin@demo.careerhub.kr"))
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 200
    problems, _ = problems_in(
        response.content.decode(), codes=demo["codes"], data_words=demo["data_words"]
    )
    assert not problems, problems


def test_the_checks_find_what_they_look_for():
    """The checks themselves: each kind of problem is found in a page that has it."""
    html = (
        "<html><body><script>var skipped = 'English';</script>"
        "<p>'종료'(으)로 변경 · 지원동기이(가) 비어 있습니다</p>"
        "<td>created · confirmed</td><button>Apply</button>"
        '<input placeholder="Search"><a href="mailto:x@demo.careerhub.kr">x@demo.careerhub.kr</a>'
        "<p>careerhub AI CIRR</p><td>2027-02–2027-04</td><td>3600–4200만 원</td></body></html>"
    )
    problems, _ = problems_in(html, codes={"confirmed", "created"}, data_words=set())
    joined = "\n".join(problems)
    assert "particle: …'종료'(으)로" in joined and "지원동기이(가)" in joined
    assert "raw code: confirmed" in joined and "raw code: created" in joined
    assert "format: 2027-02–2027-04" in joined and "format: 3600–4200만" in joined
    assert "English: 'Apply'" in joined and "English: 'Search'" in joined
    flagged = {p.split("'")[1] for p in problems if p.startswith("English")}
    assert flagged == {"Apply", "Search"}  # not the script, the address, careerhub, AI, CIRR


def test_the_recruiter_home_and_a_postings_candidates_count_the_same_trainees(demo, db):
    """Issue 14: the home said 313 consenting trainees, the candidates page "239명 중에서":
    both now count one talent pool (consenting, not dropped out, not placed)."""
    from careerhub.accounts.actors import actor_for
    from careerhub.hiring.models import JobPosting
    from careerhub.home.selectors import home_sections_for
    from careerhub.matching.services.candidates import candidates_refresh

    user = User.objects.get(email="recruiter@demo.careerhub.kr")
    actor = actor_for(user)
    label = translation.gettext("Trainees open to offers who share their profile with companies")
    shown = next(
        f.value for s in home_sections_for(actor=actor) for f in s.figures if str(f.label) == label
    )
    posting = JobPosting.objects.filter(
        company_id__in=actor.recruiter_company_ids, role__isnull=False
    ).first()
    assert posting is not None
    run = candidates_refresh(actor=actor, posting=posting, force=True)
    assert shown == run.considered > 0
