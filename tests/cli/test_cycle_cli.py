"""CLI: index, stages, presidents, now, backtest, unga — outputs and one-line errors."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest

from dyadwatch.cli import main
from dyadwatch.cycle.generators import stage_cycle


def run(capsys, *args):
    rc = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def series_file(tmp_path):
    signal, _, _ = stage_cycle(2, noise_std=0.3, duration=(10, 16), seed=1)
    periods = pd.period_range("2001-01", periods=len(signal), freq="M")
    path = tmp_path / "series.csv"
    pd.DataFrame({"period": periods.astype(str), "value": np.round(signal, 3)}).to_csv(
        path, index=False
    )
    return path


def test_stages_series_json_is_a_list_of_monthly_segments(capsys, series_file):
    rc, out, err = run(
        capsys,
        "stages",
        "--method",
        "changepoint",
        "--series",
        series_file,
        "--format",
        "json",
        "--no-hmm",
    )
    assert rc == 0, err
    segments = json.loads(out)
    assert isinstance(segments, list) and len(segments) >= 5
    for seg in segments:
        assert {
            "start",
            "end",
            "stage",
            "confidence",
            "level",
            "trend",
            "turning_point_events",
        } <= set(seg)
        assert len(seg["start"]) == 7 and seg["start"][4] == "-"
    assert segments[0]["start"] == "2001-01"
    assert "note: Turning points" in err


def test_stages_with_hmm_reports_agreement(capsys, series_file):
    rc, out, err = run(
        capsys, "stages", "--method", "changepoint", "--series", series_file, "--format", "csv"
    )
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert all(r["hmm_agreement"] != "" for r in rows)
    assert "Gaussian HMM" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stages", "--method", "changepoint", "--dyad", "USA-XXX"], "unknown actor code 'XXX'"),
        (["index", "--freq", "week"], "--freq week needs day-precise dates"),
        (["index", "--freq", "fortnight"], "unknown frequency 'fortnight'"),
        (["stages", "--method", "changepoint", "--penalty", "cheap"], "unknown penalty 'cheap'"),
        (["stages", "--method", "changepoint", "--dyad", "USA-BRA"], "no events for USA-BRA"),
        (["stages", "--method", "changepoint", "--dyad", "USA-CHN"], "too few to find stages"),
    ],
)
def test_bad_input_gives_one_line(capsys, args, message):
    rc, out, err = run(capsys, *args)
    assert rc == 2
    assert err.startswith("error: ") and message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_non_numeric_series_value(capsys, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("period,value\n2001-01,1\n2001-02,high\n", encoding="utf-8")
    rc, _, err = run(capsys, "stages", "--method", "changepoint", "--series", path)
    assert rc == 2
    assert err.strip() == (
        f"error: value 'high' is not a number ({path}, line 3, column value). "
        "write a decimal number such as -1.25"
    )


def test_year_freq_too_short_for_stages(capsys, tmp_path):
    path = tmp_path / "y.csv"
    path.write_text("period,value\n2001,1\n2002,2\n2003,1\n", encoding="utf-8")
    rc, _, err = run(
        capsys, "stages", "--method", "changepoint", "--series", path, "--freq", "year"
    )
    assert rc == 2 and "too few to find stages" in err


def test_index_csv_lists_empty_months(capsys):
    rc, out, err = run(capsys, "index", "--format", "csv", "--boot", "20")
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    months = [r["period"] for r in rows]
    assert months == sorted(months) and len(months) == len(set(months))
    assert (pd.Period(months[-1], "M") - pd.Period(months[0], "M")).n == len(months) - 1
    assert any(r["empty"] == "True" for r in rows)
    assert "event-impact series" in err


def test_now_and_backtest_on_a_series(capsys, series_file):
    rc, out, err = run(capsys, "now", "--series", series_file, "--format", "json")
    assert rc == 0, err
    now = json.loads(out)
    assert now["stage"] in ("euphoria", "pragmatism", "disillusionment", "crisis", "reset")
    assert sum(now["forecast"]["within_horizon"].values()) == pytest.approx(1.0, abs=1e-3)
    rc, out, err = run(
        capsys, "backtest", "--series", series_file, "--start", "2004-01", "--format", "csv"
    )
    assert rc == 0, err
    scores = list(csv.DictReader(io.StringIO(out)))
    assert [s["forecast"] for s in scores] == ["turning point", "next stage"]


def test_presidents_table(capsys):
    rc, out, err = run(capsys, "presidents", "--by", "term", "--format", "csv")
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {"Bill Clinton", "Vladimir Putin", "Barack Obama"} <= {r["president"] for r in rows}


def test_unga_cli(capsys, shared_data):
    rc, out, err = run(
        capsys,
        "unga",
        "--pair",
        "US-RU",
        "--from",
        "1990",
        "--to",
        "1993",
        "--format",
        "json",
        "--data",
        shared_data / "unga",
    )
    assert rc == 0, err
    rows = json.loads(out)
    assert [r["year"] for r in rows] == [1990, 1991, 1992, 1993]
    assert rows[0]["note"] == "RU is the USSR before 1992" and rows[2]["note"] == ""
    assert "USSR" in err


def test_unga_missing_data_points_to_download(capsys, tmp_path):
    rc, _, err = run(capsys, "unga", "--data", tmp_path)
    assert rc == 2 and "dyadwatch data download unga" in err


def test_stages_ordered_json_keeps_segments_and_adds_probabilities(capsys, series_file):
    rc, out, err = run(capsys, "stages", "--series", series_file, "--format", "json")
    assert rc == 0, err
    doc = json.loads(out)
    assert doc["method"] == "ordered"
    assert {"start", "end", "stage"} <= set(doc["segments"][0])
    row = doc["probabilities"][0]
    assert set(row) == {"period", "euphoria", "pragmatism", "disillusionment", "crisis", "reset"}
    assert abs(sum(v for k, v in row.items() if k != "period") - 1) < 1e-3
    assert {"month", "lo", "hi"} <= set(doc["turning_points"][0])


def test_stages_unknown_method_is_one_error_line(capsys):
    rc, _, err = run(capsys, "stages", "--method", "magic")
    assert rc == 2 and "unknown method 'magic'" in err
