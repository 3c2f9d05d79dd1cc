"""The structure page in a real browser (Debian's Chromium via Playwright)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_structure_page_draws_every_measure_and_both_tables(browser, live_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    failed = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    page.on(
        "response",
        lambda r: failed.append(r.url) if r.status >= 400 and "favicon" not in r.url else None,
    )
    # failed loads are caught above (the browser's own favicon request is not the page's)
    page.on(
        "console",
        lambda m: (
            failed.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda exc: failed.append(f"page error: {exc}"))
    page.goto(f"{live_server}/structure?dyad=USA-RUS")
    page.wait_for_selector("body[data-ready='1']", timeout=120_000)
    rows = page.locator("#measures-rows tbody tr")
    n = rows.count()
    assert n >= 3
    assert page.get_attribute("#measures-plot", "data-measures") == str(n)
    # one panel a measure: as many y axes as rows of the table
    assert page.locator("#measures-plot .main-svg g.ytick").count() > 0
    assert page.locator("#measures-plot .cartesianlayer .subplot").count() == n
    assert page.locator("#park-table tbody tr").count() == 2
    verdicts = page.locator("#measures-rows tbody tr td:last-child").all_inner_texts()
    robustness = page.inner_text("#robustness")
    for v in set(verdicts):
        assert f"{verdicts.count(v)} {v}" in robustness
    assert "Verdict:" in page.inner_text("#park-text")
    assert "Structure" in page.inner_text("header nav")
    assert failed == []
    context.close()
