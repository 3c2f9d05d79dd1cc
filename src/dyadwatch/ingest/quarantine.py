"""The quarantine file: every rejected row with its file, line, reason and text."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from dyadwatch.sources.canonical import RAW_KEY_FIELDS

__all__ = ["write_quarantine", "resolve_lines"]


def resolve_lines(records: list[dict], key_fields: int, groups: Sequence = ()) -> None:
    """Fill in line numbers and whole-line text of quarantined rows, reading each file once.

    The parallel readers know a bad row's file and first fields but not its line; the file is
    read again (only files with quarantined rows) and rows are matched by line number where
    known, else by their first fields (a repeated header never by line 1, the header itself).
    When more lines share those fields than rows were rejected with them (a repeated event id
    with the same date, one copy good and one bad), those lines alone are parsed again with
    their physical line numbers by the import's own parser (``groups``, see
    :mod:`dyadwatch.ingest.layout`) and the rejected ones get the rows, so the numbers are the
    physical lines of the rejected rows themselves.
    """
    from dyadwatch.sources.rawfiles import python_lines

    by_file: dict[str, list[dict]] = {}
    for r in records:
        if r.get("filename"):
            by_file.setdefault(r["filename"], []).append(r)
    group_of = {str(f.path): g for g in groups for f in g.files}
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
        candidates: dict[str, list[tuple[int, str]]] = {}
        for numbers, texts, _bad in python_lines(path):
            for number, text in zip(numbers.tolist(), texts, strict=True):
                hit = by_line.pop(number, None)
                if hit is not None:
                    hit["raw"] = text
                elif by_key:
                    key = "\t".join(text.split("\t")[:key_fields]).rstrip("\t")
                    if key in by_key and not _is_header(number, by_key[key]):
                        candidates.setdefault(key, []).append((number, text))
            if not by_line and not by_key:
                break
        _assign(by_key, candidates, path, group_of.get(filename))


def _is_header(number: int, bucket: list[dict]) -> bool:
    from dyadwatch.sources.canonical import REPEATED_HEADER

    return number == 1 and bucket[0].get("reason") == REPEATED_HEADER


def _assign(by_key: dict, candidates: dict, path: Path, group) -> None:
    """Give each keyed record a candidate line: the rejected ones first when lines are
    ambiguous (re-parsed), in file order, a record's own reason first."""
    ambiguous = [
        (n, t)
        for key, lines in candidates.items()
        if len(lines) > len(by_key[key])
        for n, t in lines
    ]
    reasons = _reparse(path, group, ambiguous) if ambiguous and group is not None else {}
    for key, bucket in by_key.items():
        lines = candidates.get(key, [])
        if len(lines) > len(bucket) and reasons:
            bad = [(n, t) for n, t in lines if reasons.get(n) is not None]
            good = [(n, t) for n, t in lines if reasons.get(n) is None]
            order = []
            for r in bucket:  # the same reason first, then any rejected line
                pick = next((x for x in bad if reasons[x[0]] == r.get("reason")), None)
                pick = pick or (bad[0] if bad else None)
                if pick is not None:
                    bad.remove(pick)
                order.append(pick)
            rest = iter(sorted(bad) + good)
            lines = [x if x is not None else next(rest) for x in order]
        for r, (number, text) in zip(bucket, lines, strict=False):
            r["line"] = number
            r["raw"] = text


def _reparse(path: Path, group, lines: list[tuple[int, str]]) -> dict[int, str | None]:
    """The import's reason (``None``: not rejected) for each of ``lines`` of ``path``."""
    import tempfile

    import ibis

    from dyadwatch.sources.canonical import PORTABLE
    from dyadwatch.sources.rawfiles import python_table

    lines = sorted(lines)
    with tempfile.TemporaryDirectory(prefix="dw-quarantine-") as tmp:
        copy = Path(tmp) / path.name
        copy.write_text("".join(t + "\n" for _, t in lines), encoding="utf-8")
        table = python_table(
            copy, group.width, skip_header=False, file_label=str(path), delimiter=group.delimiter
        )
    parsed = group.build(ibis.memtable(table), PORTABLE).select("line", "reason")
    con = ibis.duckdb.connect()
    try:
        result = con.to_pyarrow(parsed).to_pylist()
    finally:
        con.disconnect()
    return {lines[r["line"] - 1][0]: r["reason"] for r in result}


def write_quarantine(runner, staging, root, import_id, rejects, origin, groups=()) -> Path:
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
    resolve_lines(records, RAW_KEY_FIELDS, groups)
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
