"""``dyadwatch report``: a self-contained HTML page with the timeline and the cited events."""

from __future__ import annotations

import re

import pytest

from dyadwatch.cli import main
from dyadwatch.report.build import build_report, write_report


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> str:
    return build_report("USA-RUS", db=tmp_path_factory.mktemp("r") / "s.duckdb")


def test_report_is_self_contained(html):
    assert "<script src=" not in html and "<link " not in html
    # plotly.js itself (the first script) mentions URLs in code it never runs offline
    head, _, rest = html.partition("</script>")
    assert "plotly.js v" in head
    assert not re.search(r"""(src|href)\s*=\s*["']https?://""", rest)
    assert "Plotly.newPlot" in html  # figures are inline plotly with the library embedded


def test_report_has_timeline_presidents_and_citations(html):
    assert "Timeline of USA–RUS relations" in html
    for name in ("Clinton", "G. W. Bush", "Obama", "Trump", "Biden"):
        assert name in html
    assert "Events and their sources" in html
    assert "Alaska" in html  # the 2025 summit is in the chronology and the report


def test_cli_writes_the_file(tmp_path, capsys):
    out = tmp_path / "sub" / "r.html"
    rc = main(["report", "--out", str(out), "--db", str(tmp_path / "s.duckdb")])
    assert rc == 0 and out.stat().st_size > 1_000_000
    assert "wrote" in capsys.readouterr().out


def test_unwritable_output_is_a_clear_error(tmp_path, capsys):
    target = tmp_path / "file"
    target.write_text("x")
    rc = main(["report", "--out", str(target / "r.html"), "--db", str(tmp_path / "s.duckdb")])
    assert rc == 2
    assert "cannot write" in capsys.readouterr().err


def test_pdf_without_chromium_says_how_to_fix(tmp_path, monkeypatch):
    import dyadwatch.report.build as build

    monkeypatch.setattr(build, "_chromium", lambda: None)
    from dyadwatch.errors import DyadwatchError

    with pytest.raises(DyadwatchError, match="apt-get install chromium"):
        write_report(tmp_path / "r.html", db=tmp_path / "s.duckdb", pdf=True)


@pytest.mark.slow
def test_pdf_is_printed_when_chromium_is_there(tmp_path):
    import os

    from dyadwatch.report.build import _chromium

    if _chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium (apt-get install chromium)")
        pytest.skip("Chromium not installed")
    html, pdf = write_report(tmp_path / "r.html", db=tmp_path / "s.duckdb", pdf=True)
    assert pdf.suffix == ".pdf" and pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 50_000


def test_report_has_every_landed_section(html):
    import re

    titles = re.findall(r"<h2>(.*?)</h2>", html)
    for start in (
        "Timeline of USA–RUS relations",
        "The cycle",
        "Stages by administration",
        "Structure or personality?",
        "The stage now",
        "Threats: real, perceived or contrived",
        "The NATO-enlargement paradox",
        "UN General Assembly",
        "Tolerance for risk",
        "Cynicism",
        "Security demand",
        "Events and their sources",
    ):
        assert any(t.startswith(start) for t in titles), start


def test_report_text_shows_no_exponents(html):
    import re

    text = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    assert not re.findall(r"\d\.?\d*e[-+]\d\d", text), "raw float in the report's text"
