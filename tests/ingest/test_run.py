"""The import: counts reconcile, idempotent, quarantine, refusals, dedup policies, CLI."""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile

import pyarrow as pa
import pytest

from dyadwatch.cli import main
from dyadwatch.errors import DyadwatchError
from dyadwatch.ingest import DedupPolicy, dyad_monthly, ingest
from dyadwatch.sources.synthetic import gdelt1_rows, write_gdelt1_daily_files, write_tsv
from dyadwatch.store import open_store


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "s.duckdb") as s:
        yield s


def _reconciles(s):
    assert s.read == s.accepted + s.quarantined + s.duplicates
    assert s.duplicates == sum(s.duplicates_by_rule.values())
    assert s.quarantined == sum(s.quarantine_reasons.values())


def _lines(table: pa.Table) -> list[str]:
    return ["\t".join(v or "" for v in row.values()) for row in table.to_pylist()]


def test_idempotent_and_visible_in_store(tmp_path, store):
    files = write_gdelt1_daily_files(tmp_path / "g", 3000, days=3, seed=1, zipped=True)
    first = ingest("gdelt1", files, store=store)
    _reconciles(first)
    assert (first.read, first.accepted, first.quarantined) == (3000, 3000, 0)
    assert store.count("gdelt1") == 3000
    assert list(store.parquet_root.glob("source=gdelt1/year=*/*.parquet"))
    again = ingest("gdelt1", files, store=store)
    _reconciles(again)
    assert (again.accepted, again.duplicates) == (0, 3000)
    assert store.count("gdelt1") == 3000
    rows = store.raw.execute("SELECT count(*) FROM ingests").fetchone()[0]
    assert rows == 2


def test_duplicates_within_one_import_keep_one(tmp_path, store):
    table = gdelt1_rows(50, dt.date(2016, 1, 1), seed=2)
    a = write_tsv(table, tmp_path / "a.CSV")
    b = write_tsv(table.slice(0, 20), tmp_path / "b.CSV")
    s = ingest("gdelt1", [a, b], store=store)
    _reconciles(s)
    assert (s.read, s.accepted, s.duplicates_by_rule["event_id"]) == (70, 50, 20)
    assert store.count("gdelt1") == 50


def _malformed_file(tmp_path):
    rows = gdelt1_rows(10, dt.date(2016, 7, 28), seed=3).to_pylist()
    rows[1]["SQLDATE"] = "20160231"  # not a calendar date
    rows[2]["EventCode"] = "999"  # unknown CAMEO code
    rows[3]["GLOBALEVENTID"] = "12x"  # not a number
    rows[4]["SQLDATE"] = "19020101"  # outside the canonical range
    rows[5]["QuadClass"] = "4" if rows[5]["QuadClass"] != "4" else "1"  # shifted columns
    lines = _lines(pa.Table.from_pylist(rows))
    lines[6] = "\t".join(lines[6].split("\t")[:30])  # too few columns
    lines[7] = lines[7] + "\textra\tfields"  # too many
    path = tmp_path / "bad.CSV"
    data = "\n".join(lines[:8]).encode() + b"\n" + b"\xff\xfe" + lines[8].encode() + b"\n"
    path.write_bytes(data + lines[9].encode() + b"\n")
    return path


def test_malformed_rows_are_quarantined_with_reasons(tmp_path, store):
    path = _malformed_file(tmp_path)
    s = ingest("gdelt1", [path], store=store)
    _reconciles(s)
    assert (s.read, s.accepted, s.quarantined) == (10, 2, 8)
    with open(s.quarantine_file, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_line = {int(r["line"]): r for r in rows}
    assert sorted(by_line) == [2, 3, 4, 5, 6, 7, 8, 9]
    assert "calendar date" in by_line[2]["reason"]
    assert "CAMEO" in by_line[3]["reason"]
    assert "GLOBALEVENTID" in by_line[4]["reason"]
    assert "outside" in by_line[5]["reason"]
    assert "QuadClass" in by_line[6]["reason"]
    assert "fewer than 57" in by_line[7]["reason"]
    assert "too many" in by_line[8]["reason"] or "more than 58" in by_line[8]["reason"]
    assert "UTF-8" in by_line[9]["reason"]
    assert all(r["file"] == str(path) for r in rows)
    assert by_line[2]["row"].split("\t")[1] == "20160231"  # the whole line is kept


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"PK\x03\x04 truncated", "zip"),
        ("\ufeffx\ty\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_unreadable_files_are_refused(tmp_path, store, content, reason):
    name = "x.zip" if reason == "zip" else "x.CSV"
    bad = tmp_path / name
    bad.write_bytes(content)
    with pytest.raises(DyadwatchError, match=reason):
        ingest("gdelt1", [bad], store=store)
    assert store.count("gdelt1") == 0


def test_truncated_real_zip_is_refused_and_skippable(tmp_path, store):
    good = write_gdelt1_daily_files(tmp_path / "g", 100, days=2, seed=4, zipped=True)
    data = good[1].read_bytes()
    good[1].write_bytes(data[: len(data) // 2])
    with pytest.raises(DyadwatchError, match="zip"):
        ingest("gdelt1", good, store=store)
    s = ingest("gdelt1", good, store=store, skip_bad_files=True)
    assert s.accepted == 50 and len(s.files_refused) == 1


def test_mixed_line_endings_fall_back_to_the_exact_reader(tmp_path, store):
    lines = _lines(gdelt1_rows(6, dt.date(2016, 1, 1), seed=5))
    path = tmp_path / "mixed.CSV"
    path.write_bytes(("\r\n".join(lines[:3]) + "\n" + "\n".join(lines[3:]) + "\r\n").encode())
    s = ingest("gdelt1", [path], store=store)
    assert (s.read, s.accepted) == (6, 6)


def test_policies(tmp_path, store):
    table = gdelt1_rows(400, dt.date(2016, 3, 1), seed=6)
    rows = table.to_pylist()
    n_root = sum(r["IsRootEvent"] == "1" for r in rows)
    path = write_tsv(table, tmp_path / "p.CSV")
    s = ingest("gdelt1", [path], store=store, policy=DedupPolicy(root_only=True))
    _reconciles(s)
    assert s.accepted == n_root and s.duplicates_by_rule["not_root"] == 400 - n_root


def test_min_sources_and_one_a_day(tmp_path):
    table = gdelt1_rows(600, dt.date(2016, 3, 1), seed=7)
    rows = table.to_pylist()
    path = write_tsv(table, tmp_path / "p.CSV")
    with open_store(":memory:") as s1:
        res = ingest("gdelt1", [path], store=s1, policy=DedupPolicy(min_sources=2))
        _reconciles(res)
        assert res.accepted == sum(int(r["NumSources"]) >= 2 for r in rows)
    with open_store(":memory:") as s2:
        res = ingest("gdelt1", [path], store=s2, policy=DedupPolicy(one_a_day=True))
        _reconciles(res)
        dyadic = [r for r in rows if r["Actor1CountryCode"] and r["Actor2CountryCode"]]
        keys = {
            (r["SQLDATE"], r["Actor1CountryCode"], r["Actor2CountryCode"], r["EventCode"])
            for r in dyadic
        }
        assert res.accepted == len(rows) - len(dyadic) + len(keys)
        assert res.duplicates_by_rule["one_a_day"] == len(dyadic) - len(keys)


def test_monthly_dyad_matches_plain_python(tmp_path, store):
    table = gdelt1_rows(3000, dt.date(2016, 5, 2), seed=8)
    ingest("gdelt1", [write_tsv(table, tmp_path / "m.CSV")], store=store)
    got = dyad_monthly(store.events(), "USA", "RUS").to_pandas()
    expected: dict[str, int] = {}
    for r in table.to_pylist():
        pair = {r["Actor1CountryCode"], r["Actor2CountryCode"]}
        if pair == {"USA", "RUS"}:
            month = r["SQLDATE"][:6]
            expected[month] = expected.get(month, 0) + 1
    got_map = {f"{d:%Y%m}": int(n) for d, n in zip(got["month"], got["events"], strict=True)}
    assert got_map == expected


def test_cli_summary_json_and_events(tmp_path, capsys):
    files = write_gdelt1_daily_files(tmp_path / "g", 500, days=2, seed=9)
    db = tmp_path / "cli.duckdb"
    rc = main(["ingest", "gdelt1", *map(str, files), "--db", str(db), "--format", "json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert out["read"] == out["accepted"] + out["quarantined"] + out["duplicates"] == 500
    rc = main(
        ["events", "--dyad", "USA-RUS", "--source", "gdelt1", "--db", str(db), "--format", "csv"]
    )
    assert rc == 0
    text = capsys.readouterr().out
    assert text.startswith("date,actor1,actor2") and ",gdelt1," in text
    rc = main(["ingest", "gdelt1", str(tmp_path / "nope.zip"), "--db", str(db)])
    assert rc == 2
    assert capsys.readouterr().err.startswith("error: cannot read")


def test_zip_with_two_members_is_refused(tmp_path, store):
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.CSV", "x")
        zf.writestr("b.CSV", "y")
    with pytest.raises(DyadwatchError, match="one file"):
        ingest("gdelt1", [path], store=store)
