"""The neighbours report section: heatmap, chain and survival, with cited captions."""

from __future__ import annotations

import re

from dyadwatch.report.sections.neighbours import sections


def test_report_section_builds_with_captions():
    sections_ = sections(None)
    assert len(sections_) == 1
    section = sections_[0]
    assert len(section.figures) >= 2
    heat = section.figures[0].figure
    assert heat.data[0].type == "heatmap"
    assert len(heat.data[0].y) == 16 and len(heat.data[0].x) == 35
    for fig in section.figures:
        assert "alignment_spells.csv" in fig.caption
    assert "Markov" in section.figures[1].caption
    assert "neutral spells" in section.summary


def test_numbers_are_percentages_and_tables_are_readable():
    (section,) = sections(None)
    assert not re.search(r"\b0\.\d{2,}\b|e-\d\d", section.summary)
    assert re.search(r"another neutral year in \d{1,3}% of cases", section.summary)
    spells = section.tables[1][1]
    assert list(spells.columns) == ["country", "from", "to", "years", "ended"]
    assert "Ukraine" in set(spells["country"])
    assert set(spells["ended"]) <= {"aligned", "opposed", "still neutral in 2025 (censored)"}
    acts = section.tables[2][1]
    assert "Georgia" in set(acts["country"])


def test_each_caption_names_its_own_method():
    (section,) = sections(None)
    heat, matrix, km = (f.caption for f in section.figures)
    assert "Red: aligned" in heat and "1991–2025" in heat
    assert "Markov" in matrix and "in percent" in matrix
    assert "Kaplan-Meier" in km and "95%" in km and "right-censored" in km
    layout = section.figures[2].figure.layout
    assert layout.xaxis.range[0] == 0 and layout.yaxis.tickformat == ".0%"
