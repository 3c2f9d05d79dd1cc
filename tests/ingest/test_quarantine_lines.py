"""Issue 16, point 2: a quarantined row is reported at its own physical line.

Two lines of a file can share their leading fields (the same GLOBALEVENTID and date, e.g. a
repeated row): the quarantine must name the line of the row that was rejected, not the first
line that looks like it.
"""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from dyadwatch.ingest import ingest
from dyadwatch.sources.synthetic import gdelt1_rows
from dyadwatch.store import open_store


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "s.duckdb") as s:
        yield s


def _text(rows: list[dict]) -> str:
    return "".join("\t".join(v or "" for v in r.values()) + "\n" for r in rows)


def _quarantine(s) -> list[dict]:
    with open(s.quarantine_file, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
@pytest.mark.parametrize("blank_lines", [False, True])
def test_second_of_two_lines_with_one_event_id_is_quarantined_at_its_line(
    tmp_path, store, engine, blank_lines
):
    if engine == "spark":
        pytest.importorskip("pyspark")
    rows = gdelt1_rows(8, dt.date(2016, 7, 28), seed=3).to_pylist()
    twin = dict(rows[1])  # line 2's id, date and month again
    twin["AvgTone"] = "nan"
    twin["SOURCEURL"] = "https://x.example/the-bad-one"
    rows.insert(5, twin)  # line 6 (line 7 with a blank line before it)
    text = _text(rows)
    if blank_lines:
        lines = text.splitlines(keepends=True)
        text = "".join(lines[:3] + ["\n"] + lines[3:])
    path = tmp_path / "g.CSV"
    path.write_text(text, encoding="utf-8")
    s = ingest("gdelt1", [path], store=store, engine=engine)
    assert s.read == s.accepted + s.quarantined + s.duplicates == 9
    assert s.quarantined == 1
    (bad,) = _quarantine(s)
    expected = 7 if blank_lines else 6
    assert int(bad["line"]) == expected
    assert bad["row"].endswith("https://x.example/the-bad-one")
    assert text.splitlines()[expected - 1] == bad["row"]


def test_several_bad_twins_keep_their_own_lines(tmp_path, store):
    rows = gdelt1_rows(6, dt.date(2016, 7, 28), seed=4).to_pylist()
    out = list(rows)
    for k, value in enumerate(["x1", "x2"]):  # two bad copies of row 0, after a good copy
        twin = dict(rows[0])
        twin["AvgTone"] = value
        twin["SOURCEURL"] = f"https://x.example/bad-{k}"
        out.append(twin)
    path = tmp_path / "g.CSV"
    text = _text(out)
    path.write_text(text, encoding="utf-8")
    s = ingest("gdelt1", [path], store=store)
    lines = sorted((int(r["line"]), r["row"]) for r in _quarantine(s))
    assert [n for n, _ in lines] == [7, 8]
    assert [row for _, row in lines] == text.splitlines()[6:8]
