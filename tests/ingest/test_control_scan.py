"""The byte scan that lets the import skip the control-character search in clean files."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from dyadwatch.ingest import control_scan, ingest
from dyadwatch.ingest.control_scan import ControlScan, holds_control_byte
from dyadwatch.sources.canonical import _CONTROL, CONTROL_REASON
from dyadwatch.sources.synthetic import gdelt1_rows
from dyadwatch.store import open_store

CONTROL_BYTES = [b for b in range(256) if b < 32 and b not in (9, 10, 13)] + [127]


@pytest.mark.parametrize("byte", range(256))
def test_every_byte_value_is_classed_as_the_rule_classes_it(tmp_path, byte):
    path = tmp_path / "f.txt"
    path.write_bytes(b"a\tb\r\nc\n" + bytes([byte]) + b"\tz\n")
    import re

    expected = re.search(_CONTROL.encode(), bytes([byte])) is not None
    assert holds_control_byte(path) is expected
    assert expected is (byte in CONTROL_BYTES)


def test_utf8_text_tabs_and_line_ends_are_clean(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text("Moskva\tМосква\t東京\r\nÿ\x85 \u2028\n" * 1000, encoding="utf-8")
    assert not holds_control_byte(path)


@pytest.mark.parametrize("where", ["first", "chunk_end", "next_chunk", "last"])
def test_a_control_byte_is_found_anywhere_in_a_file(tmp_path, monkeypatch, where):
    monkeypatch.setattr(control_scan, "_CHUNK", 64)
    data = bytearray(b"x\ty\n" * 64)  # 256 bytes: four chunks of 64
    pos = {"first": 0, "chunk_end": 63, "next_chunk": 64, "last": len(data) - 2}[where]
    data[pos] = 0
    path = tmp_path / "f.txt"
    path.write_bytes(bytes(data))
    assert holds_control_byte(path)
    data[pos] = ord("x")
    path.write_bytes(bytes(data))
    assert not holds_control_byte(path)


def test_scan_reports_only_the_files_holding_one(tmp_path):
    clean, dirty = tmp_path / "a.txt", tmp_path / "b.txt"
    clean.write_bytes(b"1\t2\n")
    dirty.write_bytes(b"1\t\x1b2\n")
    scan = ControlScan()
    try:
        scan.start([clean, dirty])
        assert scan.holding([clean, dirty]) == {str(dirty)}
        assert scan.holding([clean]) == set()
    finally:
        scan.close()


def _text(rows: list[dict]) -> str:
    return "".join("\t".join(v or "" for v in r.values()) + "\n" for r in rows)


def test_import_quarantines_control_rows_of_one_file_and_keeps_the_clean_file(tmp_path):
    """Two files read together: the dirty file's bad row is quarantined, its other rows and
    the clean file (whose rows are not searched) are accepted; a control byte in a column the
    rule does not read (Actor1Name) makes the file 'dirty' without quarantining that row."""
    day = dt.date(2016, 7, 28)
    dirty_rows = gdelt1_rows(6, day, seed=5).to_pylist()
    dirty_rows[2]["SOURCEURL"] = "https://x.example/a\x07b"
    dirty_rows[4]["Actor1Name"] = "NAME\x01"
    clean_rows = gdelt1_rows(6, day, seed=6, first_id=101).to_pylist()
    (tmp_path / "20160728.export.CSV").write_text(_text(dirty_rows), encoding="utf-8")
    (tmp_path / "20160729.export.CSV").write_text(_text(clean_rows), encoding="utf-8")
    files = sorted(tmp_path.glob("*.export.CSV"))
    with open_store(tmp_path / "s.duckdb") as store:
        s = ingest("gdelt1", files, store=store)
        assert (s.read, s.accepted, s.quarantined) == (12, 11, 1)
        assert s.quarantine_reasons == {CONTROL_REASON: 1}
        with open(s.quarantine_file, newline="", encoding="utf-8") as f:
            (row,) = list(csv.DictReader(f))
        assert row["line"] == "3" and row["file"].endswith("20160728.export.CSV")


def test_wait_returns_when_a_file_cannot_be_read_and_holding_still_raises(tmp_path):
    ok, missing = tmp_path / "a.txt", tmp_path / "gone.txt"
    ok.write_bytes(b"1\t2\n")
    scan = ControlScan()
    try:
        scan.start([ok, missing])
        scan.wait()  # no exception: the import refuses the missing file with its own reason
        assert scan.holding([ok]) == set()
        with pytest.raises(FileNotFoundError):
            scan.holding([missing])
    finally:
        scan.close()


def test_an_import_of_a_missing_file_is_refused_not_raised_by_the_scan(tmp_path):
    from dyadwatch.errors import DyadwatchError

    with pytest.raises(DyadwatchError, match="gone.export.CSV"):
        ingest("gdelt1", [tmp_path / "gone.export.CSV"], db=tmp_path / "s.duckdb")
