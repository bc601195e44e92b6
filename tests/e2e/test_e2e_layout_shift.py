"""Nothing jumps on a phone when the web font arrives.

Pages show text at once in a font the phone has (font-display: swap) and switch to Fira
Sans when it has loaded. The fallback is scaled to Fira Sans' widths and line metrics
(scripts/build_css.mjs), so the switch moves nothing. Without that, the header wrapped
differently in the wider fallback and the whole page jumped by 63 px (a cumulative layout
shift of 0.31, where 0.1 is the limit of "good").
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, ViewportSize

pytestmark = pytest.mark.e2e

# A mid-range phone on a slow mobile connection (Lighthouse's mobile setting): the fonts
# arrive well after the first paint.
PHONE = ViewportSize(width=412, height=823)
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 200_000,
    "uploadThroughput": 96_000,
}

CLS_JS = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


# The English header wraps most differently in the fallback; German a little.
@pytest.mark.parametrize(("path", "language"), [("/", "en-GB"), ("/veranstaltungen/", "de-DE")])
def test_the_page_does_not_jump_when_fira_sans_arrives(
    browser: Browser, site: Any, path: str, language: str
) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1.75, locale=language)
    try:
        page = context.new_page()
        fonts: list[str] = []
        page.on("requestfinished", lambda r: fonts.append(r.url) if ".woff2" in r.url else None)
        network = context.new_cdp_session(page)
        network.send("Network.enable")
        network.send("Network.emulateNetworkConditions", SLOW_4G)
        page.goto(site.url + path)
        page.wait_for_load_state("networkidle")
        # The fonts were fetched and are in use: the test saw the swap it is about.
        assert any("latin-400" in url for url in fonts)
        assert any("latin-600" in url for url in fonts)
        assert page.evaluate("() => document.fonts.check('600 16px \"Fira Sans\"')")
        assert page.evaluate(CLS_JS) < 0.1
    finally:
        context.close()
