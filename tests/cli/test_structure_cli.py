"""``dyadwatch structure``: JSON keys, --series/--transitions, bad input."""

from __future__ import annotations

import json

import pytest

from dyadwatch.cli import main


def run(capsys, *args):
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def test_json_has_the_promised_keys(capsys, tmp_db):
    rc, out, err = run(
        capsys, "structure", "--measures", "none", "--format", "json", "--db", str(tmp_db)
    )
    assert rc == 0, err
    data = json.loads(out)
    for key in (
        "timing_p_leaders",
        "timing_p_structural",
        "honeymoon_effect",
        "honeymoon_half_life_months",
        "variance_share_leaders",
        "variance_share_structural",
        "verdict",
    ):
        assert key in data
    assert data["details"]["timing_leaders"]["n_rotations"] > 300


def test_own_series_and_transitions(capsys, tmp_path, tmp_db):
    series = tmp_path / "s.csv"
    rows = ["period,value"] + [
        f"{1990 + i},{(i % 7) / 7 + (1 if i > 15 else 0)}" for i in range(30)
    ]
    series.write_text("\n".join(rows) + "\n")
    trans = tmp_path / "t.csv"
    trans.write_text("date,label\n1993-01-20,a\n2001-01-20,b\n2009-01-20,c\n")
    rc, out, err = run(
        capsys,
        "structure",
        "--series",
        str(series),
        "--freq",
        "year",
        "--transitions",
        str(trans),
        "--measures",
        "none",
        "--format",
        "json",
        "--db",
        str(tmp_db),
    )
    assert rc == 0, err
    data = json.loads(out)
    assert data["details"]["series"].startswith("series from")
    assert any("tested at that frequency" in n for n in data["details"]["notes"])
    assert data["details"]["timing_leaders"]["n_rotations"] == 30  # years, not months


@pytest.mark.parametrize(
    ("content", "option", "message"),
    [
        ("period,value\n2000-01,abc\n", "--series", "is not a number"),
        ("date,label\nnot-a-date,x\n", "--transitions", "malformed date"),
        ("when,label\n2000-01-01,x\n", "--transitions", "header 'date,label'"),
    ],
)
def test_bad_files_give_one_line(capsys, tmp_path, tmp_db, content, option, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    rc, _, err = run(
        capsys, "structure", "--measures", "none", option, str(path), "--db", str(tmp_db)
    )
    assert rc == 2 and message in err and len(err.strip().splitlines()) == 1


def test_per_measure_table_json(capsys, tmp_path, tmp_db):
    ideal = tmp_path / "ideal.csv"
    ideal.write_text(
        "year,distance\n"
        + "\n".join(f"{y},{1 + (y > 2007) + 0.1 * (y % 3)}" for y in range(1990, 2020))
    )
    rc, out, err = run(
        capsys,
        "structure",
        "--measures",
        "index,kappa,idealpoint",
        "--ideal",
        str(ideal),
        "--format",
        "json",
        "--db",
        str(tmp_db),
    )
    assert rc == 0, err
    data = json.loads(out)
    rows = {r["measure"]: r for r in data["table"]}
    assert rows["kappa"]["freq"] == "year" and rows["index"]["freq"] == "month"
    assert rows["idealpoint"]["n"] == 28  # 1992-2019 at its own frequency
    assert all(r["verdict"] in ("structure", "personality", "undecided") for r in rows.values())
    assert 0 < rows["index"]["share_near_structural"] < 1


def test_bad_ideal_file_is_one_line(capsys, tmp_path, tmp_db):
    bad = tmp_path / "bad.csv"
    bad.write_text("year,distance\n2000,x\n")
    rc, _, err = run(capsys, "structure", "--ideal", str(bad), "--db", str(tmp_db))
    assert rc == 2 and "line 2" in err and len(err.strip().splitlines()) == 1
