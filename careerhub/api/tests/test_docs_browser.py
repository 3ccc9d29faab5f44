"""The interactive docs at /api/v1/docs render in Debian's Chromium under the site's
Content-Security-Policy, from careerhub's own files only (no CDN: works offline)."""

from __future__ import annotations

import pytest

from careerhub.core.tests.browser import chromium_available, chromium_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed"),
]


@pytest.mark.django_db(transaction=True)
def test_docs_render_from_own_files_under_the_csp(live_server):
    outside: list[str] = []
    problems: list[str] = []
    with chromium_page(bypass_csp=False) as page:
        page.on(
            "request",
            lambda r: (
                outside.append(r.url)
                if not r.url.startswith((live_server.url, "data:", "blob:"))
                else None
            ),
        )
        page.on(
            "console",
            lambda m: problems.append(m.text) if m.type in ("error", "warning") else None,
        )
        page.goto(f"{live_server.url}/api/v1/docs", wait_until="networkidle")
        page.wait_for_selector(".opblock")
        paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/postings/{posting_id}/candidates" in paths
    assert "/api/v1/applications/{application_id}/moves" in paths
    assert outside == []
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p]
