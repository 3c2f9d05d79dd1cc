"""Issue 16, point 2: every bad input listed under "Why" has a rule (one test per case)."""

from __future__ import annotations

import bz2
import csv
import datetime as dt
import gzip
import lzma
import os

import pyarrow as pa
import pytest

from dyadwatch.cli import main
from dyadwatch.errors import DyadwatchError
from dyadwatch.ingest import ingest
from dyadwatch.sources.canonical import CONTROL_REASON, REPEATED_HEADER
from dyadwatch.sources.rawfiles import UNTERMINATED
from dyadwatch.sources.synthetic import (
    POLECAT_HEADERS,
    gdelt1_rows,
    gdelt2_rows,
    polecat_rows,
)
from dyadwatch.store import open_store

ICEWS_SAMPLE = "icews_samples/events.2018.sample.tab"


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "s.duckdb") as s:
        yield s


def _text(rows: list[dict]) -> str:
    return "".join("\t".join(v or "" for v in r.values()) + "\n" for r in rows)


def _rows(n: int = 6, seed: int = 5) -> list[dict]:
    return gdelt1_rows(n, dt.date(2016, 7, 28), seed=seed).to_pylist()


def _reconciles(s) -> None:
    assert s.read == s.accepted + s.quarantined + s.duplicates
    assert s.quarantined == sum(s.quarantine_reasons.values())


def _events(store) -> list[dict]:
    return store.arrow(store.events()).to_pylist()


def _quarantine(s) -> list[dict]:
    with open(s.quarantine_file, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _one_bad(tmp_path, store, column: str, value: str):
    rows = _rows()
    rows[2][column] = value
    path = tmp_path / "g.CSV"
    path.write_text(_text(rows), encoding="utf-8")
    s = ingest("gdelt1", [path], store=store)
    _reconciles(s)
    return s


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("Actor1CountryCode", "U\x00A", CONTROL_REASON),
        ("Actor1Code", "GOV\x07", CONTROL_REASON),
        ("SOURCEURL", "https://x.example/a\x00b", CONTROL_REASON),
        ("AvgTone", "1e308", "AvgTone is not a finite number in -100..100"),
        ("AvgTone", "inf", "AvgTone is not a finite number in -100..100"),
        ("AvgTone", "nan", "AvgTone is not a finite number in -100..100"),
        ("AvgTone", "-101", "AvgTone is not a finite number in -100..100"),
        ("NumArticles", "-5", "NumMentions, NumSources or NumArticles is not a whole number"),
        ("NumArticles", "1.5", "NumMentions, NumSources or NumArticles is not a whole number"),
        ("NumMentions", "1e2", "NumMentions, NumSources or NumArticles is not a whole number"),
        ("GLOBALEVENTID", "-5", "GLOBALEVENTID is not a positive whole number"),
        ("GLOBALEVENTID", "1e5", "GLOBALEVENTID is not a positive whole number"),
        ("GLOBALEVENTID", "0", "GLOBALEVENTID is not a positive whole number"),
    ],
)
def test_bad_value_is_quarantined_with_its_reason(tmp_path, store, column, value, reason):
    s = _one_bad(tmp_path, store, column, value)
    assert (s.accepted, s.quarantined) == (5, 1)
    (row,) = _quarantine(s)
    assert row["reason"].startswith(reason)
    assert row["line"] == "3"
    stored = _events(store)
    assert len(stored) == 5
    assert all(e["weight"] >= 0 and int(e["event_id"]) > 0 for e in stored)
    assert all(e["avg_tone"] is None or -100 <= e["avg_tone"] <= 100 for e in stored)
    assert not any("\x00" in (e["actor1"] or "") + (e["url"] or "") for e in stored)


def test_unparseable_goldstein_in_the_file_is_flagged_not_lost(tmp_path, store):
    s = _one_bad(tmp_path, store, "GoldsteinScale", "abc")
    assert (s.accepted, s.quarantined) == (6, 0)
    flagged = [e for e in _events(store) if "goldstein_in_file_invalid" in e["flags"]]
    assert len(flagged) == 1 and flagged[0]["goldstein"] is not None


def _gdelt2_file(tmp_path):
    path = tmp_path / "20160728000000.export.CSV"
    rows = gdelt2_rows(5, dt.date(2016, 7, 28), seed=2).to_pylist()
    path.write_text(_text(rows), encoding="utf-8")
    return path


def _gdelt1_file(tmp_path):
    path = tmp_path / "20160728.export.CSV"
    path.write_text(_text(_rows()), encoding="utf-8")
    return path


def _icews_file(tmp_path, shared_data):
    return shared_data / ICEWS_SAMPLE


def _polecat_file(tmp_path, shared_data):
    path = tmp_path / "polecat.tsv"
    lines = ["\t".join(POLECAT_HEADERS["title"])] + ["\t".join(r) for r in polecat_rows(4)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("given", "make", "named"),
    [
        ("gdelt1", "gdelt2", "GDELT 2.0 event file"),
        ("gdelt2", "gdelt1", "GDELT 1.0 event file"),
        ("gdelt1", "icews", "ICEWS event file"),
        ("gdelt2", "polecat", "POLECAT event file"),
        ("icews", "polecat", "POLECAT event file"),
        ("polecat", "icews", "ICEWS event file"),
        ("icews", "gdelt2", "GDELT 2.0 event file"),
    ],
)
def test_another_sources_file_is_refused_up_front(tmp_path, store, shared_data, given, make, named):
    path = {
        "gdelt1": lambda: _gdelt1_file(tmp_path),
        "gdelt2": lambda: _gdelt2_file(tmp_path),
        "icews": lambda: _icews_file(tmp_path, shared_data),
        "polecat": lambda: _polecat_file(tmp_path, shared_data),
    }[make]()
    with pytest.raises(DyadwatchError, match=f"looks like an? {named}") as err:
        ingest(given, [path], store=store)
    assert f"dyadwatch ingest {make}" in err.value.line()
    assert _events(store) == []


def _cli(args, capsys):
    rc = main(args)
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def _good_bytes() -> bytes:
    return _text(_rows()).encode()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("cut.CSV.gz", gzip.compress(_good_bytes())[:-30], "not a readable gzip file"),
        ("junk.CSV.gz", b"\x1f\x8b\x08\x00" + os.urandom(200), "not a readable gzip file"),
        ("cut.CSV.bz2", bz2.compress(_good_bytes())[:-20], "not a readable bzip2 file"),
        ("junk.CSV.xz", b"\xfd7zXZ\x00" + b"\x00" * 60, "not a readable xz file"),
    ],
)
def test_decompression_errors_are_one_line_exit_2(tmp_path, capsys, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    rc, out, err = _cli(["ingest", "gdelt1", str(path), "--db", str(tmp_path / "s.duckdb")], capsys)
    assert rc == 2
    assert says in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".xz"])
def test_good_compressed_files_import(tmp_path, store, suffix):
    packer = {".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress}[suffix]
    path = tmp_path / f"g.CSV{suffix}"
    path.write_bytes(packer(_good_bytes()))
    s = ingest("gdelt1", [path], store=store)
    assert (s.read, s.accepted) == (6, 6)


def test_symlink_loop_has_its_own_message(tmp_path, capsys):
    a, b = tmp_path / "a.CSV", tmp_path / "b.CSV"
    a.symlink_to(b)
    b.symlink_to(a)
    rc, _, err = _cli(["ingest", "gdelt1", str(a), "--db", str(tmp_path / "s.duckdb")], capsys)
    assert rc == 2
    assert "symbolic link loop" in err and "not found" not in err


def test_unterminated_last_line_is_quarantined_not_stored(tmp_path, store):
    text = _text(_rows())
    cut = text[: text.rstrip("\n").rfind("/")]  # the last URL cut short, no line end
    path = tmp_path / "g.CSV"
    path.write_text(cut, encoding="utf-8")
    s = ingest("gdelt1", [path], store=store)
    _reconciles(s)
    assert (s.read, s.accepted, s.quarantined) == (6, 5, 1)
    (row,) = _quarantine(s)
    assert (row["line"], row["reason"]) == ("6", UNTERMINATED)
    assert row["row"] == cut.splitlines()[-1]
    assert row["file"] == str(path)
    urls = [e["url"] for e in _events(store)]
    assert cut.splitlines()[-1].split("\t")[-1] not in urls


def test_icews_header_only_warns_and_says_why(tmp_path, capsys, shared_data):
    header = (shared_data / ICEWS_SAMPLE).read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "header.tab"
    path.write_text(header + "\n", encoding="utf-8")
    rc, out, err = _cli(["ingest", "icews", str(path), "--db", str(tmp_path / "s.duckdb")], capsys)
    assert rc == 0
    assert "read 0 = accepted 0 + quarantined 0 + duplicates 0" in out
    assert "warning: no row accepted: the files hold no data rows" in err


def test_all_quarantined_warns_with_the_reason(tmp_path, capsys):
    rows = _rows(3)
    for r in rows:
        r["AvgTone"] = "inf"
    path = tmp_path / "g.CSV"
    path.write_text(_text(rows), encoding="utf-8")
    rc, out, err = _cli(["ingest", "gdelt1", str(path), "--db", str(tmp_path / "s.duckdb")], capsys)
    assert rc == 0
    assert "read 3 = accepted 0 + quarantined 3 + duplicates 0" in out
    assert "no row accepted: 3 quarantined (most often: AvgTone is not a finite" in err


def test_reimport_warns_all_duplicates(tmp_path, capsys):
    path = _gdelt1_file(tmp_path)
    db = str(tmp_path / "s.duckdb")
    assert _cli(["ingest", "gdelt1", str(path), "--db", db], capsys)[0] == 0
    rc, out, err = _cli(["ingest", "gdelt1", str(path), "--db", db], capsys)
    assert rc == 0 and "read 6 = accepted 0 + quarantined 0 + duplicates 6" in out
    assert "no row accepted: 6 duplicates (event_id 6)" in err


def test_repeated_icews_header_reports_its_physical_line(tmp_path, store, shared_data):
    lines = (shared_data / ICEWS_SAMPLE).read_text(encoding="utf-8").splitlines()[:40]
    lines.insert(20, lines[0])  # physical line 21
    path = tmp_path / "events.tab"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    s = ingest("icews", [path], store=store)
    _reconciles(s)
    bad = [r for r in _quarantine(s) if r["reason"] == REPEATED_HEADER]
    assert [r["line"] for r in bad] == ["21"]


def test_repeated_icews_header_on_the_exact_reader(tmp_path, store, shared_data):
    lines = (shared_data / ICEWS_SAMPLE).read_text(encoding="utf-8").splitlines()[:40]
    lines.insert(20, lines[0])
    path = tmp_path / "events.tab"
    body = "\n".join(lines[:10]) + "\r\n" + "\n".join(lines[10:]) + "\r"  # mixed line ends
    path.write_bytes(body.encode() + b"\n")
    s = ingest("icews", [path], store=store)
    _reconciles(s)
    bad = [r for r in _quarantine(s) if r["reason"] == REPEATED_HEADER]
    assert [r["line"] for r in bad] == ["21"]


def test_ids_survive_as_given(tmp_path, store):
    table = pa.Table.from_pylist(_rows(3))
    path = tmp_path / "g.CSV"
    path.write_text(_text(table.to_pylist()), encoding="utf-8")
    ingest("gdelt1", [path], store=store)
    ids = sorted(e["event_id"] for e in _events(store))
    assert ids == sorted(r["GLOBALEVENTID"] for r in table.to_pylist())


@pytest.mark.slow
def test_spark_applies_the_same_rules(tmp_path):
    """The rules are portable ibis: Spark quarantines and flags the same rows as DuckDB."""
    pytest.importorskip("pyspark", reason="pip install 'dyadwatch[spark]'")
    from dyadwatch.store import spark_backend

    rows = _rows(14, seed=9)
    bad = [
        ("Actor1CountryCode", "U\x00A"),
        ("AvgTone", "1e308"),
        ("AvgTone", "inf"),
        ("AvgTone", "nan"),
        ("NumArticles", "-5"),
        ("NumArticles", "1.5"),
        ("GLOBALEVENTID", "1e5"),
        ("GLOBALEVENTID", "-5"),
        ("GoldsteinScale", "abc"),
    ]
    for i, (column, value) in enumerate(bad):
        rows[i][column] = value
    path = tmp_path / "g.CSV"
    path.write_text(_text(rows), encoding="utf-8")
    backend = spark_backend("local[2]", config={"spark.driver.memory": "1g"})
    backend._session.sparkContext.setLogLevel("ERROR")
    results = {}
    try:
        for engine in ("duckdb", "spark"):
            with open_store(tmp_path / f"{engine}.duckdb") as store:
                kw = {"spark": backend} if engine == "spark" else {}
                s = ingest("gdelt1", [path], store=store, engine=engine, **kw)
                _reconciles(s)
                flagged = sum("goldstein_in_file_invalid" in e["flags"] for e in _events(store))
                results[engine] = (s.accepted, s.quarantine_reasons, flagged)
    finally:
        backend._session.stop()
    assert results["duckdb"] == results["spark"]
    assert results["duckdb"][0] == 6 and results["duckdb"][2] == 1
