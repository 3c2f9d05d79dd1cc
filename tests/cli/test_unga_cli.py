"""``dyadwatch unga``: --measure agreement|kappa|pi|idealpoint, and ``unga idealpoints``."""

from __future__ import annotations

import csv
import io
import json

import pytest

from dyadwatch.cli import main
from dyadwatch.sources.unga import shipped_unga_dir


@pytest.fixture(autouse=True)
def shipped_only(monkeypatch):
    """Read the shipped votes only (a user's downloaded sessions would force a refit)."""
    monkeypatch.setenv("DYADWATCH_UNGA_DIR", str(shipped_unga_dir()))


def run(capsys, *args):
    rc = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return rc, out, err


def test_idealpoint_distance_csv_covers_1946_to_2019(capsys):
    rc, out, err = run(
        capsys, "unga", "--dyad", "US-RU", "--measure", "idealpoint", "--format", "csv"
    )
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [int(r["year"]) for r in rows] == list(range(1946, 2020))
    for r in rows:
        assert float(r["lo"]) <= float(r["distance"]) <= float(r["hi"])
    assert rows[0]["note"] == "RU is the USSR before 1992" and "fitting" not in err


@pytest.mark.parametrize("measure", ["agreement", "kappa", "pi"])
def test_alignment_measures_with_iso3_codes(capsys, measure):
    rc, out, err = run(
        capsys,
        "unga",
        "--dyad",
        "USA-RUS",
        "--measure",
        measure,
        "--from",
        "2000",
        "--to",
        "2003",
        "--format",
        "json",
    )
    assert rc == 0, err
    rows = json.loads(out)
    assert [r["year"] for r in rows] == [2000, 2001, 2002, 2003]
    assert set(rows[0]) == {"year", "pair", "roll_calls", "both_voted", measure, "note"}
    assert all(-1 <= r[measure] <= 1 for r in rows)


def test_every_country_in_a_year(capsys, tmp_path):
    out_file = tmp_path / "ip.csv"
    rc, _, err = run(
        capsys, "unga", "idealpoints", "--year", "2019", "--format", "csv", "--out", out_file
    )
    assert rc == 0, err
    rows = list(csv.DictReader(out_file.open()))
    assert len(rows) > 180 and rows[0]["country"] == "United States"
    assert all(float(r["lo"]) <= float(r["position"]) <= float(r["hi"]) for r in rows)


def test_bad_input_is_one_line(capsys):
    rc, _, err = run(capsys, "unga", "--measure", "idealpoint", "--issue", "hr")
    assert rc == 2 and "--issue" in err and "Traceback" not in err
    rc, _, err = run(capsys, "unga", "--measure", "nonsense")
    assert rc == 2
    rc, _, err = run(capsys, "unga", "idealpoints", "--year", "1900")
    assert rc == 2 and "--year" in err


def test_outputs_say_the_votes_range_and_age(capsys, monkeypatch):
    from dyadwatch.sources.unga import read_unvotes

    monkeypatch.setenv("DYADWATCH_TODAY", "2026-12-07")
    last = read_unvotes().roll_calls["date"].max().date()
    for args in (("unga", "--dyad", "US-RU", "--format", "csv"), ("unga", "idealpoints")):
        rc, out, err = run(capsys, *args)
        assert rc == 0, err
        text = out + err
        assert "UN votes as of 2026-12-07: " in text and f"to {last} (" in text
        assert "dyadwatch data download unga" in text  # 2019 is years old: names the command
    assert "UN votes as of" not in run(capsys, "unga", "--format", "csv")[1]  # a note: stderr
