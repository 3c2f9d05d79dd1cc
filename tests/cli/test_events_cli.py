"""``dyadwatch events``, ``leaders``, ``--version`` and the one-line error contract."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter

import pytest

from dyadwatch import __version__
from dyadwatch.cli import main


def run(capsys, *args):
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def test_version(capsys):
    rc, out, _ = run(capsys, "--version")
    assert (rc, out.strip()) == (0, f"dyadwatch {__version__}")


def test_events_csv_has_400_rows_and_6_per_year(capsys, tmp_db):
    rc, out, err = run(
        capsys, "events", "--dyad", "USA-RUS", "--format", "csv", "--db", str(tmp_db)
    )
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    header = out.splitlines()[0].split(",")
    assert header[:9] == [
        "date",
        "actor1",
        "actor2",
        "cameo",
        "goldstein",
        "quad_class",
        "description",
        "citation",
        "tags",
    ]
    assert len(rows) >= 400
    per_year = Counter(r["date"][:4] for r in rows)
    assert all(per_year[str(y)] >= 6 for y in range(1992, 2025)), per_year
    assert {(r["actor1"], r["actor2"]) for r in rows} == {("USA", "RUS"), ("RUS", "USA")}
    assert all(r["cameo"][0] in "012" and len(r["cameo"]) >= 2 for r in rows)  # leading zeros kept


def test_events_filters(capsys, tmp_db):
    rc, out, _ = run(
        capsys,
        "events",
        "--from",
        "2008-08-01",
        "--to",
        "2008-12-31",
        "--format",
        "json",
        "--db",
        str(tmp_db),
    )
    data = json.loads(out)
    assert rc == 0 and data
    assert all("2008-08-01" <= e["date"] <= "2008-12-31" for e in data)
    rc, out, _ = run(
        capsys, "events", "--tag", "reset_attempt", "--format", "json", "--db", str(tmp_db)
    )
    data = json.loads(out)
    assert data and all("reset_attempt" in e["tags"] for e in data)
    rc, out, _ = run(
        capsys, "events", "--directed", "--dyad", "RUS-USA", "--format", "json", "--db", str(tmp_db)
    )
    assert {e["actor1"] for e in json.loads(out)} == {"RUS"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["events", "--dyad", "XXX-YYY"], "unknown actor code 'XXX'"),
        (["events", "--dyad", "USA"], "malformed dyad"),
        (["events", "--from", "2019-13-01"], "malformed date '2019-13-01' (--from)"),
        (["events", "--from", "yesterday"], "malformed date"),
        (
            ["events", "--from", "2010-01-01", "--to", "2009-01-01"],
            "is after the end 2009-01-01 (--from/--to)",
        ),
        (["events", "--tag", "gossip"], "unknown tag 'gossip'"),
        (["events", "--format", "xml"], "--format"),
        (["events", "--bogus"], "No such option"),
        (["leaders", "--country", "FRA"], "no leaders table for FRA"),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(capsys, tmp_db, args, message):
    rc, out, err = run(capsys, *args, *(["--db", str(tmp_db)] if args[0] == "events" else []))
    assert rc == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("error: ")
    assert "Traceback" not in err


def test_console_script_exit_status_and_no_traceback(tmp_db):
    proc = subprocess.run(
        [sys.executable, "-m", "dyadwatch", "events", "--dyad", "XXX-YYY", "--db", str(tmp_db)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def test_leaders_csv(capsys):
    rc, out, _ = run(capsys, "leaders", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rc == 0
    assert list(rows[0]) == ["country", "name", "office", "start", "end"]
    presidents = [(r["country"], r["name"]) for r in rows if r["office"] == "President"]
    assert presidents == [
        ("USA", "George H. W. Bush"),
        ("USA", "Bill Clinton"),
        ("USA", "George W. Bush"),
        ("USA", "Barack Obama"),
        ("USA", "Donald Trump"),
        ("USA", "Joe Biden"),
        ("USA", "Donald Trump"),
        ("RUS", "Boris Yeltsin"),
        ("RUS", "Vladimir Putin"),
        ("RUS", "Dmitry Medvedev"),
        ("RUS", "Vladimir Putin"),
    ]
    assert rows[-1]["end"] == ""  # in office


def test_help_everywhere(capsys):
    for args in (["--help"], ["events", "--help"], ["leaders", "--help"], ["report", "--help"]):
        rc, out, _ = run(capsys, *args)
        assert rc == 0 and "Usage" in out
