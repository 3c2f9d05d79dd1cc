"""The norm-trust report section: one section, cited captions, numbers a reader can read."""

from __future__ import annotations

import re

from dyadwatch.report.sections.trust import sections


def test_report_section_builds():
    sections_ = sections(None)
    assert len(sections_) == 1
    section = sections_[0]
    assert section.figures and section.tables
    caption = section.figures[0].caption
    assert "ledger.csv" in caption and "Jøsang" in caption and "Kydd" in caption
    assert "cited events" in section.summary


def test_summary_and_tables_speak_in_percent_and_years():
    (section,) = sections(None)
    # no raw probabilities like 0.58 or 2.47e-05 in the text: beliefs are percentages
    assert not re.search(r"\b0\.\d{2,}\b|e-\d\d", section.summary)
    assert re.search(r"posterior belief of \d{1,3}%", section.summary)
    recovery = section.tables[0][1]
    assert list(recovery.columns) == [
        "asymmetry a",
        "belief now",
        "years needed",
        "reached in",
        "long-run belief",
    ]
    assert recovery["belief now"].str.fullmatch(r"\d{1,3}%").all()
    assert recovery["long-run belief"].str.fullmatch(r"\d{1,3}%").all()
    assert recovery["years needed"].str.fullmatch(r"\d+|never").all()
    counts = section.tables[1][1]
    assert set(counts["side"]) == {"West", "Russia"}


def test_caption_names_source_method_units_and_range():
    (section,) = sections(None)
    caption = section.figures[0].caption
    assert "in percent" in caption and "1991–2025" in caption and "90%" in caption
    layout = section.figures[0].figure.layout
    assert tuple(layout.xaxis.range) == (1991, 2025)
    assert layout.yaxis.tickformat == ".0%"
