"""The report's risk section: captions, a summary generated from the numbers, readable tables."""

from __future__ import annotations

import re

import pytest

from dyadwatch.models.escalation import load_scenario, self_deterrence
from dyadwatch.report.sections.risk import percent, sections, stakes


def test_report_sections() -> None:
    sections_ = sections(None)
    assert len(sections_) == 1
    sec = sections_[0]
    assert sec.figures and all(
        "Source:" in f.caption and "Method:" in f.caption for f in sec.figures
    )
    assert "modelling assumption" in sec.summary
    # the summary is generated from the numbers (printed for people: see percent())
    sd = self_deterrence(load_scenario("ukraine2022").model)
    assert percent(sd.iloc[0]["p_defender_backs_down"]) in sec.summary
    assert len(sec.tables) == 1 and len(sec.tables[0][1]) == 2


def test_tables_and_summary_print_no_raw_floats() -> None:
    sec = sections(None)[0]
    table = sec.tables[0][1]
    cells = [str(v) for v in table.to_numpy().ravel()]
    for text in [sec.summary, *cells]:
        assert not re.search(r"\de-\d", text), text  # no 2.16e-11
    # the estimating defender almost never backs down: a bound, not a number of 11 decimals
    assert table.iloc[1]["P(defender backs down)"] == "< 0.01 %"


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (0.0, "0 %"),
        (2.16e-11, "< 0.01 %"),
        (2.47e-05, "< 0.01 %"),
        (0.0023, "0.23 %"),
        (0.5, "50.0 %"),
        (0.973, "97.3 %"),
        (0.9989, "99.89 %"),
        (0.99999, "> 99.99 %"),
        (1.0, "100 %"),
    ],
)
def test_percent(p: float, text: str) -> None:
    assert percent(p) == text


def test_stakes() -> None:
    assert stakes(0.0) == "0"
    assert stakes(2.37e-11) == "< 0.001"
    assert stakes(1.0987) == "1.1"
