"""The study layer: the store opened once, every result computed once, notebook display."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import dyadwatch.measures.index as index_module
import dyadwatch.store as store_module
from dyadwatch.errors import DyadwatchError
from dyadwatch.study import Study


@pytest.fixture
def counting(monkeypatch):
    """Count store opens and index builds."""
    counts = {"open": 0, "build": 0}
    real_open, real_build = store_module.open_store, index_module.build_index

    def open_store(*a, **k):
        counts["open"] += 1
        return real_open(*a, **k)

    def build_index(*a, **k):
        counts["build"] += 1
        return real_build(*a, **k)

    monkeypatch.setattr(store_module, "open_store", open_store)
    monkeypatch.setattr(index_module, "build_index", build_index)
    return counts


def test_results_are_lazy_and_computed_once(tmp_db, counting):
    study = Study("USA-RUS", db=tmp_db)
    assert counting == {"open": 0, "build": 0}  # nothing happens until a result is asked for
    first = study.stages
    assert study.stages is first and study.index is study.index
    study.now, study.presidents, study.landmarks, study.structure  # noqa: B018
    assert counting == {"open": 1, "build": 1}
    study.close()


def test_the_report_opens_the_store_once_and_builds_the_index_once(tmp_db, counting, tmp_path):
    from dyadwatch.report.build import write_report

    write_report(tmp_path / "r.html", db=tmp_db)
    assert counting == {"open": 1, "build": 1}


def test_from_series_needs_no_store(counting, tmp_path):
    periods = pd.period_range("2000-01", periods=60, freq="M")
    series = pd.Series(np.r_[np.full(30, 3.0), np.full(30, -3.0)], index=periods, name="demo")
    study = Study.from_series(series, dyad="CHN-USA")
    assert [str(p) for p in study.stages.turning_points()] == ["2002-07"]
    assert study.name == "demo" and not study.from_data
    with pytest.raises(DyadwatchError, match="has no relations index"):
        study.index  # noqa: B018
    csv = tmp_path / "s.csv"
    csv.write_text("period,value\n" + "".join(f"{p},{v}\n" for p, v in series.items()))
    assert Study.from_series(csv).stages.turning_points() == study.stages.turning_points()


def test_bad_arguments_name_the_parameter():
    with pytest.raises(DyadwatchError, match=r"unknown source 'twitter' \(source\)"):
        Study(source="twitter")
    with pytest.raises(DyadwatchError, match=r"horizon"):
        Study(horizon=0)
    with pytest.raises(DyadwatchError, match=r"\(start/end\)"):
        Study(start="2010-01-01", end="2009-01-01")
    with pytest.raises(DyadwatchError, match=r"unknown penalty 'fancy' \(penalty\)"):
        Study(penalty="fancy")
    with pytest.raises(DyadwatchError, match="needs a PeriodIndex"):
        Study.from_series(pd.Series([1.0, 2.0]))


def test_notebook_display(tmp_db):
    with Study("USA-RUS", db=tmp_db) as study:
        assert "computed on first use" in study._repr_html_()
        html = study.stages._repr_html_()
        assert "<table" in html and "euphoria" in html and "Turning points" in html
        assert list(study.to_frame().columns)[:3] == ["start", "end", "stage"]
        assert "<table" in study._repr_html_()  # once computed, the stages show
        for result in (study.stages, study.index, study.now, study.landmarks, study.structure):
            frame = result.to_frame()
            assert isinstance(frame, pd.DataFrame) and len(frame)
            figure = result.plot()
            assert type(figure).__name__ == "Figure" and len(figure.data) >= 1


def test_the_stages_figure_ends_at_the_data(tmp_db):
    with Study("USA-RUS", db=tmp_db) as study:
        fig = study.stages.plot()
        end = pd.Timestamp(fig.layout.xaxis.range[1])
        assert end == study.stages.segments[-1].end.end_time


def test_freshness_and_the_stage_now(tmp_db):
    with Study("USA-RUS", db=tmp_db, today=dt.date(2026, 12, 6)) as study:
        table = study.freshness
        row = table.iloc[0]
        assert row["source"] == "chronology" and row["first"] == dt.date(1991, 12, 25)
        assert row["age_days"] == (dt.date(2026, 12, 6) - row["last"]).days and row["stale"]
        now = study.now
        assert now.as_of == dt.date(2026, 12, 6) and now.newest_event == row["last"]
        assert "days old" in now.caveats[0] and "dyadwatch update" in now.caveats[0]
        assert now.summary()["as of"].startswith("2026-12-06 (newest event")
        assert now.to_dict()["age_days"] == row["age_days"]
    fresh = Study("USA-RUS", db=tmp_db, today=row["last"] + dt.timedelta(days=3))
    assert "Warning" not in fresh.freshness_note and not fresh.now.caveats[0].startswith("The new")


def test_select_events_filters_and_checks(tmp_db):
    with Study("USA-RUS", db=tmp_db, start="2008-08-01", end="2008-08-31") as study:
        wars = study.select_events(tags=("war",))
        assert len(wars) and all("war" in list(t) for t in wars["tags"])
        with pytest.raises(DyadwatchError, match="unknown tag"):
            study.select_events(tags=("gossip",))
        with pytest.raises(DyadwatchError, match="unknown source"):
            study.select_events(sources=["twitter"])
