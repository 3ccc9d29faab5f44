"""KWCAG 2.2 beyond axe, in Debian's Chromium on the demo program (issue 14, Accessibility).

Every demo role walks the pages it can reach on a 320 px wide screen; on every page:
- every id an ``aria-describedby`` or ``aria-labelledby`` names is on the page,
- no link says only a number (a screen reader's list of links must say what each opens),
- nothing scrolls sideways (reflow, WCAG 1.4.10): the page is at most 320 px wide,
- a focusable box is a named region (and only a box that scrolls is focusable),
- axe finds no serious or critical violation;
and across the walk, two different pages never share a title. Then: after an invalid submit
focus is on the error summary, the title says 오류, and the summary's links lead to the fields;
on a phone the menu folds behind a button and the office dashboard does not scroll sideways.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from urllib.parse import urljoin, urlparse

import pytest

from careerhub.core.tests.browser import axe_violations, chromium_available, chromium_page
from careerhub.demo.builder import DEMO_PASSWORD, demo_build

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]

ROLES = ("office", "institute", "consultant", "recruiter", "trainee", "committee")
PAGES_PER_ROLE = 16
SAME_SHAPE_PER_ROLE = 2  # /companies/1/ and /companies/2/ have one shape: check two of each
NOT_PAGES = re.compile(
    r"/(logout|download|export|admin|media|files|static|i18n)/|\.(pdf|xlsx|csv)$|format="
)

PAGE_CHECKS = """() => {
  const missing = [];
  for (const attr of ['aria-describedby', 'aria-labelledby']) {
    for (const el of document.querySelectorAll('[' + attr + ']')) {
      for (const id of el.getAttribute(attr).split(/\\s+/)) {
        if (id && !document.getElementById(id)) missing.push((el.id || el.name) + ' -> #' + id);
      }
    }
  }
  const bare = [...document.querySelectorAll('main a[href]')].filter(a =>
      /^[\\d,]+(\\.\\d+)?%?$/.test(a.textContent.trim()) &&
      !a.getAttribute('aria-label') && !a.getAttribute('aria-labelledby'))
    .map(a => a.textContent.trim());
  const boxes = [...document.querySelectorAll('div[tabindex="0"], section[tabindex="0"]')];
  const unnamed = boxes.filter(b => !(b.getAttribute('role') &&
      (b.getAttribute('aria-label') || b.getAttribute('aria-labelledby'))))
    .map(b => b.className);
  const needless = boxes.filter(b => b.scrollWidth <= b.clientWidth + 1 &&
      b.scrollHeight <= b.clientHeight + 1).map(b => b.className);
  const main = document.querySelector('main');
  return {
    title: document.title,
    missing, unnamed, needless, bare,
    width: document.scrollingElement.scrollWidth,
    content: main ? main.innerText : '',
    links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
  };
}"""


@pytest.fixture
def demo(transactional_db, live_server, settings):
    settings.SITE_URL = live_server.url
    return demo_build()


def _log_in(page, url: str, role: str) -> None:
    page.goto(f"{url}/login/")
    page.get_by_label("이메일").fill(f"{role}@demo.careerhub.kr")
    page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{url}/")


def _walk(page, url: str, start: str, limit: int) -> list[dict]:
    """Breadth first over the same-site links from ``start``: at most ``limit`` pages and
    SAME_SHAPE_PER_ROLE pages per URL shape (ids replaced), each checked as it loads."""
    queue, seen, shapes, pages = [start], set(), defaultdict(int), []
    while queue and len(pages) < limit:
        path = queue.pop(0)
        shape = re.sub(r"\d+", "N", path.split("?")[0])
        if path in seen or shapes[shape] >= SAME_SHAPE_PER_ROLE:
            continue
        seen.add(path)
        response = page.goto(url + path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        shapes[shape] += 1
        found = page.evaluate(PAGE_CHECKS)
        found["path"] = urlparse(page.url).path
        found["asked"] = path
        found["status"] = response.status
        found["axe"] = axe_violations(page)
        pages.append(found)
        for href in found.pop("links"):
            target = urlparse(urljoin(page.url, href))
            if target.netloc != urlparse(url).netloc:
                continue
            nxt = target.path + (f"?{target.query}" if target.query else "")
            if not NOT_PAGES.search(nxt) and nxt not in seen:
                queue.append(nxt)
    return pages


def test_every_role_reaches_pages_that_reflow_name_their_parts_and_have_titles_of_their_own(
    demo, live_server
):
    url = live_server.url
    problems: list[str] = []
    titles: dict[str, dict[str, str]] = defaultdict(dict)  # title -> {path: content hash}
    walked = 0
    with chromium_page() as page:
        page.set_viewport_size({"width": 320, "height": 800})
        walks = [("anonymous", "/apply/")] + [(role, "/") for role in ROLES]
        for role, start in walks:
            page.context.clear_cookies()
            if role != "anonymous":
                _log_in(page, url, role)
            pages = _walk(page, url, start, PAGES_PER_ROLE)
            assert len(pages) >= 5, f"{role} reached only {[p['path'] for p in pages]}"
            walked += len(pages)
            for p in pages:
                where = f"{role} {p['asked']}"
                if p["status"] >= 500:
                    problems.append(f"{where}: answered {p['status']}")
                if p["missing"]:
                    problems.append(f"{where}: aria-describedby names no element: {p['missing']}")
                if p["bare"]:
                    problems.append(f"{where}: links that say only a number: {p['bare'][:5]}")
                if p["width"] > 321:
                    problems.append(f"{where}: {p['width']} px wide at 320 px")
                if p["unnamed"]:
                    problems.append(f"{where}: focusable boxes without a name: {p['unnamed']}")
                if p["needless"]:
                    problems.append(f"{where}: focusable boxes that do not scroll: {p['needless']}")
                if p["axe"]:
                    problems.append(f"{where}: axe {p['axe']}")
                digest = hashlib.sha256(p["content"].encode()).hexdigest()
                titles[p["title"]][p["path"]] = digest
    # Two pages may share a title only when they are one page under two addresses
    # (/academy/trainees/me/ is the trainee's own record): the same content.
    for title, paths in titles.items():
        if len(set(paths.values())) > 1:
            problems.append(f"title {title!r} is shared by {sorted(paths)}")
    assert walked >= 70
    assert problems == [], "\n".join(problems)


def test_an_invalid_submit_focuses_the_error_summary_and_a_phone_folds_the_menu(demo, live_server):
    url = live_server.url
    with chromium_page() as page:
        _log_in(page, url, "office")
        page.goto(f"{url}/companies/new/")
        page.get_by_label("사업자등록번호").fill("123-45-6789")
        page.get_by_role("button", name="저장").click()
        page.wait_for_load_state()
        assert page.title().startswith("오류: ")
        focused = page.evaluate("document.activeElement.id")
        assert focused == "error-summary"
        summary = page.get_by_test_id("error-summary")
        assert summary.get_by_role("heading").inner_text() == "다음 내용을 고쳐 주세요"
        links = summary.get_by_role("link")
        assert links.count() == 2
        assert links.nth(0).inner_text().startswith("기업명: ")
        links.nth(1).click()
        assert page.evaluate("document.activeElement.id") == "id_business_number"
        assert axe_violations(page) == []

        # The public link form: the server's Korean message, not the browser's bubble.
        page.context.clear_cookies()
        page.goto(f"{url}/apply/")
        link = page.locator("a[href$='/link/']").first
        link.click()
        page.wait_for_load_state()
        assert page.evaluate("document.querySelector('main form[method=post]').noValidate")
        page.locator("main input[type=email]").fill("not an address")
        page.locator("main form[method=post] button[type=submit]").click()
        page.wait_for_load_state()
        assert page.title().startswith("오류: ")
        assert page.evaluate("document.activeElement.id") == "error-summary"

        # On a phone the menu folds behind a button and the office dashboard fits the width.
        page.context.clear_cookies()
        page.set_viewport_size({"width": 390, "height": 844})
        _log_in(page, url, "office")
        page.goto(f"{url}/reports/office/")
        menu = page.get_by_role("navigation", name="주 메뉴")
        button = page.get_by_role("button", name="메뉴")
        assert button.get_attribute("aria-controls") == "site-nav"
        assert button.get_attribute("aria-expanded") == "false"
        assert not menu.is_visible()
        # the page begins with its own heading, not with the menu
        heading_top = page.get_by_role("heading", level=1).bounding_box()["y"]
        assert heading_top < 250
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 391
        button.click()
        assert button.get_attribute("aria-expanded") == "true"
        assert menu.is_visible()
        menu.get_by_role("link").first.focus()
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false"
        assert not menu.is_visible()
        assert page.evaluate("document.activeElement.dataset.navToggle") == ""
        # on a wide screen there is no button and the menu is always there
        page.set_viewport_size({"width": 1280, "height": 900})
        assert not button.is_visible()
        assert menu.is_visible()
