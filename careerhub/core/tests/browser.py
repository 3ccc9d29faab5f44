"""Browser-test helpers: Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager

CHROMIUM = os.environ.get("CAREERHUB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


@contextmanager
def chromium_page(*, locale: str = "ko-KR", bypass_csp: bool = True) -> Iterator[object]:
    """A page in Debian's Chromium. The Content-Security-Policy is bypassed by default because
    axe-core is injected as an inline script; the CSP test passes ``bypass_csp=False``."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (fixtures, assertions) are still synchronous and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                locale=locale, viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()


# --- accessibility: axe-core, vendored from the npm registry (MPL-2.0, header kept) ----------

AXE_SCRIPT = os.path.join(os.path.dirname(__file__), "vendor", "axe.min.js")
# KWCAG 2.2 follows WCAG 2.x A and AA; axe checks the automatable part of it.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core on the loaded page; the violations of the given impacts, each with the
    rule id, its help text and the offending elements (for a readable assertion message)."""
    page.add_script_tag(path=AXE_SCRIPT)
    results = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }""",
        AXE_TAGS,
    )
    return [v for v in results if v["impact"] in impacts]
