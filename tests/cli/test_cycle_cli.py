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
from dyadwatch.stagenames import STAGES


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


@pytest.fixture
def cycle_file(tmp_path):
    from dyadwatch.cycle.simulate import simulate_cycle

    level = simulate_cycle(96, seed=4).level
    path = tmp_path / "cycle.csv"
    pd.DataFrame({"period": level.index.astype(str), "value": level.round(4)}).to_csv(
        path, index=False
    )
    return path


def test_stages_ordered_table_says_which_stages_appear_and_the_kappa(capsys, cycle_file):
    from dyadwatch.study import Study

    rc, out, err = run(capsys, "stages", "--series", cycle_file)
    assert rc == 0, err
    assert "ordered semi-Markov model" in out
    study = Study.from_series(cycle_file)
    seen = [s for s in STAGES if s in set(study.ordered_stages.path())]
    assert f"note: Stages that appear: {', '.join(seen)}" in out
    assert f"Cohen's kappa {study.method_agreement:.2f}" in out
    for tp in study.ordered_stages.turning_points().itertuples():
        assert f"{tp.month} ({tp.lo} to {tp.hi})" in out


def test_stages_ordered_json_has_kappa_and_stages_present(capsys, cycle_file):
    rc, out, err = run(capsys, "stages", "--series", cycle_file, "--format", "json")
    assert rc == 0, err
    doc = json.loads(out)
    assert doc["stages_present"] == [
        s for s in STAGES if s in {seg["stage"] for seg in doc["segments"]}
    ]
    assert -1 <= doc["kappa_changepoint"] <= 1
    assert "Cohen's kappa" in err


def test_stages_changepoint_json_to_a_file(capsys, cycle_file, tmp_path):
    target = tmp_path / "cp.json"
    rc, out, err = run(
        capsys,
        "stages",
        "--series",
        cycle_file,
        "--method",
        "changepoint",
        "--no-hmm",
        "--format",
        "json",
        "--out",
        target,
    )
    assert rc == 0, err
    assert out == ""
    segments = json.loads(target.read_text(encoding="utf-8"))
    assert segments[0]["start"] == "1990-01" and "hmm_agreement" in segments[0]


@pytest.mark.slow
def test_stages_compare_json_and_csv(capsys, cycle_file, tmp_path):
    rc, out, err = run(capsys, "stages", "--series", cycle_file, "--compare", "--format", "json")
    assert rc == 0, err
    doc = json.loads(out)
    models = [r["model"] for r in doc["table"]]
    assert sorted(models) == sorted(
        ["ordered-5", "unordered-5", "hsmm-3", "hsmm-2", "changepoint", "one-regime"]
    )
    cv = [r["cv_loglik"] for r in doc["table"]]
    assert cv == sorted(cv, reverse=True)  # ranked by held-out log-likelihood
    assert doc["supported"] in ("supported", "weakly supported", "not supported")
    if doc["supported"] != "not supported":
        assert models[0] == "ordered-5"
    assert f"note: Verdict: {doc['supported']}: {doc['verdict']}." in err
    target = tmp_path / "compare.csv"
    rc, out, err = run(
        capsys, "stages", "--series", cycle_file, "--compare", "--format", "csv", "--out", target
    )
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["model"] for r in rows] == models  # the same (deterministic) comparison
    assert {"cv_loglik", "aic", "bic", "params"} <= set(rows[0])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stages", "--compare", "--method", "changepoint"], "drop --method with --compare"),
        (["now", "--outlook", "--series", "SERIES"], "--outlook reads the dyad's own events"),
        (["stages", "--series", "SHORT"], "the stage model needs 24 or more"),
    ],
)
def test_new_options_bad_input_is_one_line(capsys, args, message, cycle_file, tmp_path):
    short = tmp_path / "short.csv"
    short.write_text(
        "period,value\n" + "".join(f"2001-{m:02d},{m % 3}\n" for m in range(1, 13)),
        encoding="utf-8",
    )
    args = [{"SERIES": cycle_file, "SHORT": short}.get(a, a) for a in args]
    rc, out, err = run(capsys, *args)
    assert rc == 2, err
    assert err.startswith("error: ") and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_plain_now_loads_no_fused_measure(cycle_file):
    """``now`` is a start-up target: without --outlook it fits no state-space model."""
    import subprocess
    import sys

    code = (
        "import sys; from dyadwatch.cli import main; "
        f"rc = main(['now', '--series', {str(cycle_file)!r}, '--format', 'json']); "
        "print(rc, [m for m in ('statsmodels', 'plotly', 'dyadwatch.measures.fused') "
        "if m in sys.modules])"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.stdout.strip().splitlines()[-1] == "0 []", proc.stderr[-2000:]


@pytest.mark.slow
def test_now_outlook_on_the_builtin_data(capsys):
    rc, out, err = run(capsys, "now", "--outlook", "--format", "json")
    assert rc == 0, err
    look = json.loads(out)["outlook"]
    m = look["measure"]
    assert m["lo"] < m["mean"] < m["hi"] and m["ci"] == 0.9
    assert look["arrow"] in ("improved", "deteriorated", "unchanged")
    for name in ("risk_alert", "opportunity"):
        assert 0 <= look[name]["p_within_6_months"] <= 1
    from dyadwatch.study import Study

    o, model = look["ordered"], Study("USA-RUS").ordered_stages
    assert o["stage"] == model.path().iloc[-1] and o["month"] == str(model.path().index[-1])
    assert sum(o["probabilities"].values()) == pytest.approx(1, abs=0.01)
    rc, out, err = run(capsys, "now", "--outlook")
    assert rc == 0, err
    assert f"fused measure {m['month']}" in out and "risk alert: P(crisis" in out
    assert f"ordered model {o['month']}" in out and "change-point method" not in out
    rc, out, err = run(capsys, "now")
    assert "the change-point method's" in out  # plain now says which method its stage is
