"""Landmarks: the register, its validation, and the three questions asked of each landmark."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from dyadwatch.cli import main
from dyadwatch.cycle.landmarks import LANDMARK_COLUMNS, check_landmarks, load_landmarks
from dyadwatch.cycle.stages import STAGES, detect_stages
from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.chronology import chronology

HEADER = ",".join(LANDMARK_COLUMNS)


# -------------------------------------------------------------------------------- register


def test_builtin_register_is_complete_and_anchored_in_the_chronology():
    lm = load_landmarks()
    assert len(lm) == 9
    assert lm["landmark_id"].is_unique
    chron = chronology()
    by_id = dict(zip(chron["event_id"], pd.to_datetime(chron["date"]), strict=True))
    for row in lm.itertuples():
        assert row.until >= row.month
        assert row.expected and set(row.expected) <= set(STAGES)
        assert row.citation.strip()
        # the anchoring chronology event exists and falls inside the landmark's span
        when = pd.Period(by_id[row.chronology_event], freq="M")
        assert row.month <= when <= row.until, row.landmark_id


@pytest.mark.shared_data
def test_essay_quotes_are_verbatim(shared_data):
    essay = (shared_data.parent / "seed" / "000_0223ce2a9b38ceed.txt").read_text(encoding="utf-8")
    for quote in load_landmarks()["essay_quote"]:
        assert quote in essay, quote


def test_same_register_for_either_order_of_the_pair():
    assert load_landmarks(dyad="rus-usa")["landmark_id"].tolist() == (
        load_landmarks(dyad="USA-RUS")["landmark_id"].tolist()
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("a,2001-13,,x,reset,c", "bad month '2001-13'"),
        ("a,2001-05,2001-02,x,reset,c", "until 2001-02 is before month 2001-05"),
        ("a,2001-05,,x,thaw,c", "unknown stage 'thaw'"),
        ("a,2001-05,,x,reset,", "missing citation"),
        ("a,2001-05,,x,reset,c\na,2002-05,,y,crisis,c", "empty or duplicate landmark_id 'a'"),
    ],
)
def test_bad_rows_are_refused_with_file_and_line(tmp_path, body, message):
    path = tmp_path / "lm.csv"
    path.write_text(HEADER + "\n" + body + "\n", encoding="utf-8")
    with pytest.raises(DyadwatchError) as err:
        load_landmarks(path)
    line = err.value.line()
    assert message in line
    assert f"{path}:" in line


def test_bad_files_are_refused(tmp_path):
    with pytest.raises(DyadwatchError, match="file not found"):
        load_landmarks(tmp_path / "missing.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "\na,2001-05,,Kosovo caf\xe9,reset,c\n").encode("latin-1"))
    with pytest.raises(DyadwatchError, match="not UTF-8"):
        load_landmarks(latin)
    short = tmp_path / "short.csv"
    short.write_text("landmark_id,month\na,2001-05\n", encoding="utf-8")
    with pytest.raises(DyadwatchError, match="lacks column"):
        load_landmarks(short)
    empty = tmp_path / "empty.csv"
    empty.write_text(HEADER + "\n", encoding="utf-8")
    with pytest.raises(DyadwatchError, match="no landmarks"):
        load_landmarks(empty)
    with pytest.raises(DyadwatchError, match="no built-in landmarks for CHN-USA"):
        load_landmarks(dyad="CHN-USA")


# -------------------------------------------------------------------- the three questions


def _series(seed: int = 3) -> pd.Series:
    """Monthly 1995-01..2009-12: level 2, a fall to -3 in 2000-01, a rise to 1 in 2005-01."""
    rng = np.random.default_rng(seed)
    periods = pd.period_range("1995-01", "2009-12", freq="M")
    level = np.where(periods < pd.Period("2000-01", "M"), 2.0, -3.0)
    level = np.where(periods >= pd.Period("2005-01", "M"), 1.0, level)
    return pd.Series(level + rng.normal(0, 0.5, len(periods)), index=periods)


def _landmarks(rows) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "landmark_id": lid,
                "month": pd.Period(m, "M"),
                "until": pd.Period(u or m, "M"),
                "name": lid,
                "expected": tuple(e.split(";")) if e else (),
                "citation": "test",
            }
            for lid, m, u, e in rows
        ]
    )


@pytest.fixture(scope="module")
def synthetic():
    result = detect_stages(_series(), compare_hmm=False)
    table = _landmarks(
        [
            ("fall", "2000-02", None, "crisis"),  # one month after the true break
            ("rise", "2004-10", "2004-11", "euphoria"),  # a span ending 2 months before it
            ("nothing", "2002-06", None, ""),  # mid-segment: no break, no shift
            ("too-early", "1994-06", None, ""),  # before the data
        ]
    )
    return result, check_landmarks(result, table, n_resamples=1999, seed=1)


def test_true_breaks_are_found_with_distance_and_a_clear_shift(synthetic):
    result, res = synthetic
    assert [str(p) for p in result.turning_points()] == ["2000-01", "2005-01"]
    t = res.table.set_index("landmark_id")
    assert t.loc["fall", "found"] and t.loc["fall", "turning_point"] == "2000-01"
    assert t.loc["fall", "distance_months"] == -1
    assert t.loc["rise", "found"] and t.loc["rise", "distance_months"] == 2
    # the shift estimate recovers the true jump and its interval covers it
    assert t.loc["fall", "shift_lo"] < -5 < t.loc["fall", "shift_hi"]
    assert t.loc["fall", "p_value"] < 0.01 and t.loc["fall", "p_holm"] < 0.05
    # a robust break: still there at 8 times the penalty
    assert t.loc["fall", "persistence"] == pytest.approx(8.0)
    assert t.loc["fall", "verdict"] == "found"


def test_labels_are_checked_against_the_expected_stage(synthetic):
    result, res = synthetic
    t = res.table.set_index("landmark_id")
    stage_2000 = next(s.stage for s in result.segments if str(s.start) == "2000-01")
    assert t.loc["fall", "stage"] == stage_2000
    assert t.loc["fall", "label_ok"] == (stage_2000 == "crisis")
    stage_2005 = next(s.stage for s in result.segments if str(s.start) == "2005-01")
    assert t.loc["rise", "label_ok"] == (stage_2005 == "euphoria")
    if stage_2005 != "euphoria":
        assert "Stage differs from the essay's at rise" in res.summary()


def test_no_break_no_shift_and_too_few(synthetic):
    _, res = synthetic
    t = res.table.set_index("landmark_id")
    nothing = t.loc["nothing"]
    assert not nothing["found"]
    assert abs(nothing["shift"]) < 1.0 and nothing["p_holm"] > 0.05
    assert nothing["verdict"] in ("no clear shift", "turning point only at other penalties")
    if nothing["verdict"] == "turning point only at other penalties":
        assert nothing["persistence"] < 1
    early = t.loc["too-early"]
    assert early["n_before"] == 0 and np.isnan(early["shift"])
    assert early["verdict"] in ("too few events", "turning point only at other penalties")
    assert res.found == 2
    summary = res.summary()
    assert summary.startswith("2 of 4 landmarks have a detected turning point within ±3 months")


def test_settings_are_validated():
    result = detect_stages(_series(), compare_hmm=False)
    with pytest.raises(DyadwatchError, match="tolerance must be 0 or more"):
        check_landmarks(result, _landmarks([("a", "2000-01", None, "")]), tolerance=-1)


def test_persistence_does_not_change_the_run(synthetic):
    result, _ = synthetic
    cp = result.detector.changepoints_
    assert cp.penalty_ == pytest.approx(result.detector.penalty_)


# -------------------------------------------------------------------------------- the CLI


def test_cli_json_on_the_chronology(capsys):
    rc = main(["landmarks", "--detail", "--format", "json"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    data = json.loads(out)
    assert len(data["landmarks"]) == 9
    assert data["found"] == sum(r["found"] for r in data["landmarks"])
    assert data["summary"].startswith(f"{data['found']} of 9 landmarks")
    ids = {r["landmark_id"]: r for r in data["landmarks"]}
    # the full-scale invasion is a turning point into a crisis in the chronology
    assert ids["invasion-2022"]["found"] and ids["invasion-2022"]["stage"] == "crisis"


def test_cli_table_and_errors(capsys, tmp_path):
    rc = main(["landmarks", "--detail"])
    out, _ = capsys.readouterr()
    assert rc == 0 and "Landmarks:" in out and "note: " in out
    rc = main(["landmarks", "--dyad", "CHN-USA"])
    _, err = capsys.readouterr()
    assert rc == 2
    assert err.strip().splitlines() == [err.strip()]
    assert err.startswith("error: no built-in landmarks for CHN-USA (--dyad). pass --file")
    bad = tmp_path / "lm.csv"
    bad.write_text(HEADER + "\na,2001-5x,,x,reset,c\n", encoding="utf-8")
    rc = main(["landmarks", "--file", str(bad)])
    _, err = capsys.readouterr()
    assert rc == 2 and f"({bad}:2)" in err and "Traceback" not in err


def test_landmarks_per_method_names_the_stage_found():
    from dyadwatch.cycle.landmarks import landmarks_per_method

    lms = pd.DataFrame(
        {
            "landmark_id": ["a", "b"],
            "month": pd.PeriodIndex(["2008-08", "2014-02"], freq="M"),
            "until": pd.PeriodIndex(["2008-08", "2014-03"], freq="M"),
            "expected": [("crisis",), ("crisis",)],
        }
    )
    segs = pd.DataFrame(
        {"start": ["2000-01", "2008-06", "2014-07"], "stage": ["euphoria", "crisis", "reset"]}
    )
    out = landmarks_per_method({"m": segs}, lms, tolerance=3)
    assert out["found"].tolist() == [True, False]
    assert (
        out.loc[0, "stage"] == "crisis"
        and out.loc[0, "months_off"] == -2
        and out.loc[0, "stage_ok"]
    )
