"""The structure report section: the per-measure table and Park's comparison, from the Study."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from dyadwatch.report.sections.structure import _what_it_says, sections
from dyadwatch.study import Study


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    with Study("USA-RUS", db=tmp_path_factory.mktemp("report") / "s.duckdb") as s:
        yield s


@pytest.fixture(scope="module")
def built(study):
    return sections(study)


def test_two_sections_the_test_first(built):
    assert [s.title for s in built] == [
        "Structure or personality? The test on each measure",
        "Structure or personality? The relations index in detail",
    ]
    assert [s.order for s in built] == [30, 31]


def test_per_measure_table_is_the_studys(study, built):
    tests = study.structure_summary["measures"]["tests"]
    caption, table = built[0].tables[0]
    assert list(table["measure"]) == list(tests)
    assert list(table["verdict"]) == [t.verdict for t in tests.values()]
    for (_, row), t in zip(table.iterrows(), tests.values(), strict=True):
        assert row["held-out log density: leaders"] == f"{t.heldout.lpd['personality']:.3f}"
        assert (
            row["leaders − structure (se)"] == f"{t.heldout.difference:+.3f} ({t.heldout.se:.3f})"
        )
        assert row["breaks"] == len(t.breaks)
        assert row["span"].startswith(f"{t.start}–{t.end} ({t.n} ")
    assert "higher predicts better" in caption


def test_park_table_and_text(study, built):
    park = study.structure_summary["park"]
    caption, table = built[0].tables[1]
    assert list(table["model"]) == ["leaders", "structure"]
    assert table["held-out log density (h-block)"].tolist() == [
        f"{park.blocked.lpd['personality']:.3f}",
        f"{park.blocked.lpd['structure']:.3f}",
    ]
    assert caption.endswith(f"Verdict: {park.verdict}.")
    assert park.text in built[0].summary


def test_summary_says_what_the_verdicts_say(study, built):
    summary = built[0].summary
    tests = study.structure_summary["measures"]["tests"]
    verdicts = {t.verdict for t in tests.values()} | {study.structure_summary["park"].verdict}
    assert summary.startswith("The verdict holds across" if len(verdicts) == 1 else "The verdict")
    assert ("No test decides" in summary) == (verdicts == {"undecided"})
    for t in tests.values():
        assert t.text in summary
    assert "H-structure" in summary and "H-personality" in summary


def test_figure_has_a_panel_per_measure_and_ends_at_the_data(study, built):
    tests = study.structure_summary["measures"]["tests"]
    fig = built[0].figures[0].figure
    assert len([k for k in fig.layout.to_plotly_json() if k.startswith("yaxis")]) == len(tests)
    lo, hi = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert lo == pd.Period(min(t.start for t in tests.values()), freq="M").to_timestamp()
    assert hi == pd.Period(tests["index"].end, freq="M").to_timestamp()
    assert "register" in built[0].figures[0].caption


def test_no_exponents_in_text_or_tables(built):
    for section in built:
        assert not re.search(r"\d\.?\d*e[-+]\d\d", section.summary)
        for _, frame in section.tables:
            assert not re.search(r"\d\.?\d*e[-+]\d\d", frame.to_string())


@pytest.mark.parametrize(
    ("verdicts", "park", "words"),
    [
        (["undecided", "undecided"], "undecided", "No test decides"),
        (["structure", "undecided"], "undecided", "decides for structure"),
        (["undecided"], "leaders", "decides for the presidents"),
        (["structure", "personality"], "undecided", "disagree"),
        (["undecided"], None, "No test decides"),
    ],
)
def test_what_it_says_follows_the_verdicts(verdicts, park, words):
    tests = {str(i): SimpleNamespace(verdict=v) for i, v in enumerate(verdicts)}
    res = _what_it_says(tests, SimpleNamespace(verdict=park) if park else None)
    assert words in res


def test_a_series_of_ones_own_gets_the_index_row_and_no_park():
    rng = np.random.default_rng(3)
    idx = pd.period_range("1995-01", "2015-12", freq="M")
    values = np.r_[np.zeros(120), np.full(len(idx) - 120, 3.0)] + rng.normal(0, 0.3, len(idx))
    with Study.from_series(pd.Series(values, index=idx, name="stepped")) as s:
        built = sections(s)
    table = built[0].tables[0][1]
    assert list(table["measure"]) == ["index"]
    assert len(built[0].tables) == 1
    assert "Park comparison: not run" in built[0].summary
