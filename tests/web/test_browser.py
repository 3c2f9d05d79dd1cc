"""The dashboard in a real browser (Debian's Chromium via Playwright)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    failed = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    page.on("response", lambda resp: failed.append(resp.url) if resp.status >= 500 else None)
    # a Content-Security-Policy violation is a console error; the pages must cause none
    page.on(
        "console",
        lambda msg: (
            failed.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda exc: failed.append(f"page error: {exc}"))
    return context, page, failed


def test_overview_renders_timeline_and_click_opens_citation(browser, live_server, tmp_path):
    context, page, failed = _page(browser)
    page.goto(f"{live_server}/?dyad=USA-RUS")
    page.wait_for_selector("#timeline .main-svg", timeout=20_000)
    n = int(page.get_attribute("#timeline", "data-events") or 0)
    assert n >= 400
    page.wait_for_selector("#now-body .stage", timeout=60_000)
    page.wait_for_selector("#presidents-body table", timeout=60_000)
    assert page.inner_text("#now-body .stage") in {
        "euphoria",
        "pragmatism",
        "disillusionment",
        "crisis",
        "reset",
    }
    assert "Barack Obama" in page.inner_text("#presidents-body")
    page.wait_for_selector("#landmarks-body table", timeout=60_000)
    landmarks = page.inner_text("#landmarks-body")
    assert "invasion-2022" in landmarks and "landmarks have a detected turning point" in landmarks
    shot = tmp_path / "overview.png"
    page.screenshot(path=str(shot), full_page=True)
    from PIL import Image

    img = Image.open(shot).convert("L")
    lo, hi = img.getextrema()
    assert hi - lo > 100  # not blank
    assert len(set(img.resize((64, 64)).tobytes())) > 20
    # click the first point of the first trace
    point = page.locator("#timeline .scatterlayer .trace .points path").first
    point.click(force=True)
    page.wait_for_selector("#event-detail:not([hidden]) .citation", timeout=10_000)
    assert "Source:" in page.inner_text("#event-detail")
    assert failed == []
    context.close()


def test_event_explorer_filters_and_shows_citation(browser, live_server):
    context, page, failed = _page(browser)
    page.goto(f"{live_server}/events?dyad=USA-RUS")
    page.wait_for_selector("#events-table tbody tr", timeout=20_000)
    page.fill("input[name=q]", "Primakov")
    page.click("#filters button[type=submit]")
    page.wait_for_function(
        "() => document.querySelector('#count').textContent.match(/^[0-9]+ events/)"
        " && document.querySelectorAll('#events-table tbody tr').length < 20"
    )
    page.click("#events-table tbody tr >> nth=0")
    text = page.inner_text("#event-detail")
    assert "Primakov" in text and "Source:" in text
    assert failed == []
    context.close()


def test_report_file_opens_with_no_failed_requests(browser, tmp_path):
    from dyadwatch.report.build import write_report

    (html,) = write_report(tmp_path / "report.html", db=tmp_path / "s.duckdb")
    context, page, failed = _page(browser)
    requests = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(html.resolve().as_uri())
    page.wait_for_selector(".plotly .main-svg", timeout=30_000)
    assert failed == []
    assert all(url.startswith(("file://", "data:", "blob:", "about:")) for url in requests), (
        requests
    )
    context.close()


def test_ach_form_updates_the_ranking(browser, live_server):
    context, page, failed = _page(browser)
    page.goto(f"{live_server}/threats")
    page.wait_for_selector("#ach-ranking", timeout=20_000)
    before = page.inner_text("#ach-ranking")
    assert before.startswith("perceived")  # the starter matrix
    # make 'perceived' very inconsistent with every item: it must drop to last
    selects = page.locator("#ach-matrix select[data-h=perceived]")
    for i in range(selects.count()):
        selects.nth(i).select_option("II")
    page.wait_for_function(
        "() => document.querySelector('#ach-ranking').textContent.trim().endsWith('perceived')"
    )
    assert page.inner_text("#ach-ranking") != before
    page.wait_for_selector("#register tbody tr", timeout=20_000)
    assert page.locator("#register tbody tr").count() >= 30
    assert failed == []
    context.close()


def test_models_page_draws_trust_and_neighbours(browser, live_server):
    context, page, failed = _page(browser)
    page.goto(f"{live_server}/models")
    page.wait_for_selector("#trust-plot .main-svg", timeout=20_000)
    page.wait_for_selector("#neighbours-plot .main-svg", timeout=20_000)
    assert "aligned" in page.inner_text("#neighbours-matrix")
    assert failed == []
    context.close()


def test_risk_page_runs_a_scenario(browser, live_server):
    context, page, failed = _page(browser)
    page.goto(f"{live_server}/risk")
    page.wait_for_selector("#risk-tables table", timeout=30_000)
    assert "Self-deterrence" in page.inner_text("#risk-tables")
    page.wait_for_selector("#risk-plot .main-svg")
    assert failed == []
    context.close()
