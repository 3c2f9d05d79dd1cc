"""The quarantine file: every rejected row with its file, line, reason and text."""

from __future__ import annotations

import csv
from pathlib import Path

from dyadwatch.sources.canonical import RAW_KEY_FIELDS

__all__ = ["write_quarantine", "resolve_lines"]


def resolve_lines(records: list[dict], key_fields: int) -> None:
    """Fill in line numbers and whole-line text of quarantined rows, reading each file once.

    The parallel readers know a bad row's file and first fields but not its line; the file is
    read again (only files with quarantined rows) and rows are matched by line number where
    known, else by their first fields, in order (a repeated header never by line 1, the header
    itself), so the numbers are physical lines of the file.
    """
    from dyadwatch.sources.canonical import REPEATED_HEADER
    from dyadwatch.sources.rawfiles import python_lines

    by_file: dict[str, list[dict]] = {}
    for r in records:
        if r.get("filename"):
            by_file.setdefault(r["filename"], []).append(r)
    for filename, rows in by_file.items():
        path = Path(filename)
        if not path.exists():
            continue
        by_line = {r["line"]: r for r in rows if r.get("line") is not None}
        by_key: dict[str, list[dict]] = {}
        for r in rows:
            if r.get("line") is None:
                by_key.setdefault((r.get("raw") or "").rstrip("\t"), []).append(r)
        if not by_line and not by_key:
            continue
        for numbers, texts, _bad in python_lines(path):
            for number, text in zip(numbers.tolist(), texts, strict=True):
                hit = by_line.pop(number, None)
                if hit is None and by_key:
                    key = "\t".join(text.split("\t")[:key_fields]).rstrip("\t")
                    bucket = by_key.get(key)
                    if bucket and number == 1 and bucket[0].get("reason") == REPEATED_HEADER:
                        bucket = None  # line 1 is the header itself, not its repeat
                    if bucket:
                        hit = bucket.pop(0)
                        hit["line"] = number
                        if not bucket:
                            del by_key[key]
                if hit is not None:
                    hit["raw"] = text
            if not by_line and not by_key:
                break


def write_quarantine(runner, staging, root, import_id, rejects, origin) -> Path:
    bad = runner.read_staging(staging, "bad")
    records: list[dict] = []
    if bad is not None:
        for r in runner.to_rows(bad.select("filename", "line", "reason", "raw")):
            r["filename"] = runner.file_label(r["filename"])
            records.append(r)
    records += rejects
    for r in records:
        if r.get("raw") is not None:
            r["raw"] = r["raw"].rstrip("\r\n")
    resolve_lines(records, RAW_KEY_FIELDS)
    folder = root / "_quarantine"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{import_id}.csv"
    records.sort(key=lambda r: (origin.get(r["filename"], r["filename"] or ""), r["line"] or 0))
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "line", "reason", "row"])
        for r in records:
            writer.writerow(
                [origin.get(r["filename"], r["filename"]), r["line"], r["reason"], r["raw"]]
            )
    return path
