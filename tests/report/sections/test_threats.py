"""The report's threat sections: the register by ACH and the security spiral."""

from __future__ import annotations

import re

from dyadwatch.models.threats import assess_register
from dyadwatch.report.sections.threats import sections


def test_report_sections_have_captioned_figures():
    sections_ = sections(None)
    assert len(sections_) == 2
    for section in sections_:
        assert section.title and section.summary
        assert section.figures and all(f.caption for f in section.figures)
    assert "register.yaml" in sections_[0].figures[0].caption
    assert "nato_events.csv" in sections_[1].figures[0].caption
    n = len(assess_register())
    assert f"{n} threat claims" in sections_[0].summary


def test_spiral_says_what_its_unit_is_and_its_axis_ends_at_the_data():
    spiral = sections(None)[1]
    assert "model units" not in spiral.summary
    assert "threat units" in spiral.summary and "threshold" in spiral.summary
    fig = spiral.figures[0].figure
    assert tuple(fig.layout.xaxis.range) == (1991, 2025)
    assert "threat units" in fig.layout.yaxis.title.text
    table = spiral.tables[0][1]
    assert list(table.columns) == ["quantity", "value"]
    assert all(isinstance(v, str) and not re.search(r"\de-\d", v) for v in table["value"])


def test_register_table_is_readable():
    table = sections(None)[0].tables[0][1]
    assert "most likely" in table.columns
    assert not table["most likely"].str.contains(";").any()
    assert all(isinstance(v, str) for v in table["score gap to the next"])
