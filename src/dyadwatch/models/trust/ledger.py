"""The norm ledger: cited acts of compliance and violation, read and checked.

``dyadwatch/data/norms/ledger.csv`` lists cited events, 1991-2025, in which Western states and
institutions or Russia kept to, broke, evaded or left international law, norms and
institutions; the coding rules are in the README beside it. :func:`load_ledger` reads the
shipped file or a user's, :func:`validate_ledger` checks rows from any source and names the
file, line and column of the first bad value.

A user's file is read here with one-line errors for every way it can be unreadable (missing,
a folder, not UTF-8 text, NUL bytes, empty, header only), so the command line never shows a
traceback for it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from dyadwatch.errors import DyadwatchError

__all__ = [
    "ACTS",
    "CITATION_RE",
    "DEFAULT_WEIGHTS",
    "EVENT_ID_RE",
    "LEDGER_COLUMNS",
    "LEDGER_FIRST_YEAR",
    "LEDGER_LAST_YEAR",
    "NEGATIVE_ACTS",
    "PRECISIONS",
    "REQUIRED_TEXT",
    "RUSSIA_ACTORS",
    "SIDES",
    "WESTERN_ACTORS",
    "load_ledger",
    "validate_ledger",
]

ACTS = ("compliance", "violation", "evasion", "withdrawal")
NEGATIVE_ACTS = ("violation", "evasion", "withdrawal")
DEFAULT_WEIGHTS: dict[str, float] = {
    "compliance": 1.0,
    "violation": 1.0,
    "evasion": 0.5,
    "withdrawal": 0.5,
}
WESTERN_ACTORS = frozenset(
    {"USA", "GBR", "FRA", "DEU", "ITA", "CAN", "NLD", "BEL", "ESP", "POL", "NATO", "EU"}
)
RUSSIA_ACTORS = frozenset({"RUS"})
SIDES = ("west", "russia")
PRECISIONS = ("day", "month", "year")
LEDGER_COLUMNS = (
    "event_id",
    "date",
    "date_precision",
    "actor",
    "norm",
    "act",
    "description",
    "citation",
    "moscow_view",
    "moscow_view_citation",
    "coding_note",
    "tags",
)
REQUIRED_TEXT = ("event_id", "date", "date_precision", "actor", "norm", "act", "description")
LEDGER_FIRST_YEAR = 1991
LEDGER_LAST_YEAR = 2025

# Publisher, "Title" (optional details), YYYY[-MM[-DD]]
CITATION_RE = re.compile(r'^[^"]+, "[^"]+"(?: \(.*\))?, \d{4}(?:-\d{2}(?:-\d{2})?)?$')
EVENT_ID_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
_CITATION_FIX = 'write Publisher, "Title", YYYY-MM-DD'


def _ledger_resource() -> Path:
    return Path(str(resources.files("dyadwatch.data") / "norms" / "ledger.csv"))


def _fail(what: str, where: str, fix: str) -> DyadwatchError:
    return DyadwatchError(what, where=where, fix=fix)


# -- one row -------------------------------------------------------------------------------------


def _parse_date(text: str, precision: str, where: str) -> date:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise _fail(
            f"bad date {text!r}", where, "write dates as YYYY-MM-DD (the 1st for month or year)"
        ) from None
    if precision == "month" and value.day != 1:
        raise _fail(
            f"date {text} has date_precision=month but is not the 1st", where, "use YYYY-MM-01"
        )
    if precision == "year" and (value.month, value.day) != (1, 1):
        raise _fail(
            f"date {text} has date_precision=year but is not 1 January", where, "use YYYY-01-01"
        )
    return value


def _side(actors: Sequence[str], where: str) -> str:
    unknown = [a for a in actors if a not in WESTERN_ACTORS | RUSSIA_ACTORS]
    if unknown:
        allowed = ", ".join(sorted(WESTERN_ACTORS | RUSSIA_ACTORS))
        raise _fail(f"unknown actor {unknown[0]!r}", where, f"use one of {allowed}, ';'-separated")
    kinds = {"russia" if a in RUSSIA_ACTORS else "west" for a in actors}
    if len(kinds) > 1:
        raise _fail(
            "one event mixes Russian and Western actors",
            where,
            "split it into one row for each side",
        )
    return kinds.pop()


def _clean(row: Mapping[str, str], source: str, where: str) -> dict[str, str]:
    """The row's ledger columns, stripped; every required text filled."""
    missing = [c for c in LEDGER_COLUMNS if c not in row]
    if missing:
        raise _fail(f"missing column {missing[0]!r}", source, "use the header in the README")
    clean = {c: (row[c] or "").strip() for c in LEDGER_COLUMNS}
    for col in REQUIRED_TEXT:
        if not clean[col]:
            raise _fail(f"empty {col}", f"{where}, column {col}", f"fill in {col}")
    return clean


def _check_event_id(event_id: str, where: str, seen: dict[str, int], line: int) -> None:
    if not EVENT_ID_RE.match(event_id):
        raise _fail(
            f"bad event_id {event_id!r}",
            f"{where}, column event_id",
            "use YYYY-MM-DD-short-kebab-name",
        )
    if event_id in seen:
        raise _fail(
            f"duplicate event_id {event_id!r} (first on line {seen[event_id]})",
            f"{where}, column event_id",
            "make every event_id unique",
        )
    seen[event_id] = line


def _check_when(clean: dict[str, str], where: str, first_year: int, last_year: int) -> date:
    precision = clean["date_precision"]
    if precision not in PRECISIONS:
        raise _fail(
            f"bad date_precision {precision!r}",
            f"{where}, column date_precision",
            "use day, month or year",
        )
    day = _parse_date(clean["date"], precision, f"{where}, column date")
    if not clean["event_id"].startswith(clean["date"]):
        raise _fail(
            f"event_id {clean['event_id']!r} does not start with its date {clean['date']}",
            f"{where}, column event_id",
            "start the slug with the event date",
        )
    if not first_year <= day.year <= last_year:
        raise _fail(
            f"year {day.year} outside {first_year}-{last_year}",
            f"{where}, column date",
            "keep the ledger to the covered years",
        )
    return day


def _check_citations(clean: dict[str, str], where: str) -> None:
    if not CITATION_RE.match(clean["citation"]):
        raise _fail("citation missing or malformed", f"{where}, column citation", _CITATION_FIX)
    view, view_cit = clean["moscow_view"], clean["moscow_view_citation"]
    if bool(view) != bool(view_cit):
        raise _fail(
            "moscow_view and moscow_view_citation must be filled together",
            f"{where}, column moscow_view",
            "add the citation for Moscow's framing, or leave both empty",
        )
    if view_cit and not CITATION_RE.match(view_cit):
        raise _fail(
            "moscow_view_citation malformed", f"{where}, column moscow_view_citation", _CITATION_FIX
        )


def _record(
    row: Mapping[str, str],
    line: int,
    source: str,
    seen: dict[str, int],
    years: tuple[int, int],
) -> dict[str, Any]:
    """One checked, typed ledger row; checks run in the column order of the README."""
    where = f"{source}, line {line}"
    clean = _clean(row, source, where)
    _check_event_id(clean["event_id"], where, seen, line)
    day = _check_when(clean, where, *years)
    if clean["act"] not in ACTS:
        raise _fail(
            f"unknown act {clean['act']!r}", f"{where}, column act", f"use one of {', '.join(ACTS)}"
        )
    actors = [a.strip() for a in clean["actor"].split(";") if a.strip()]
    side = _side(actors, f"{where}, column actor")
    _check_citations(clean, where)
    tags = [t.strip() for t in clean["tags"].split(";") if t.strip()]
    return {**clean, "day": day, "year": day.year, "actors": actors, "tag_list": tags, "side": side}


# -- the ledger ----------------------------------------------------------------------------------


def validate_ledger(
    rows: Iterable[Mapping[str, str]],
    *,
    source: str = "ledger.csv",
    first_year: int = LEDGER_FIRST_YEAR,
    last_year: int = LEDGER_LAST_YEAR,
) -> pd.DataFrame:
    """Check ledger rows and return them as a typed frame.

    Args:
        rows: dicts with the :data:`LEDGER_COLUMNS` (e.g. from ``csv.DictReader``).
        source: file name used in error messages.
        first_year: earliest allowed event year.
        last_year: latest allowed event year.

    Returns:
        A frame with the ledger columns plus ``year`` (int), ``day`` (datetime.date),
        ``actors`` and ``tag_list`` (lists) and ``side`` (``west`` or ``russia``).

    Raises:
        DyadwatchError: naming the file, line and column of the first bad value.
    """
    seen: dict[str, int] = {}
    records = [
        _record(row, line, source, seen, (first_year, last_year))
        for line, row in enumerate(rows, start=2)
    ]
    columns = [*LEDGER_COLUMNS, "day", "year", "actors", "tag_list", "side"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    if not frame.empty:
        frame = frame.sort_values(["day", "event_id"], kind="stable").reset_index(drop=True)
    frame["year"] = frame["year"].astype("int64")
    return frame


def _read_text(file: Path) -> str:
    """The file's text, or one line saying why it cannot be a ledger."""
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise DyadwatchError(
            f"ledger file not found: {file}",
            where="{ledger}",
            fix="pass an existing CSV as {ledger}",
        ) from None
    except IsADirectoryError:
        raise DyadwatchError(
            f"{file} is a folder, not a ledger file", where="{ledger}", fix="pass a CSV file"
        ) from None
    except OSError as exc:
        raise DyadwatchError(
            f"cannot read {file}: {exc.strerror or exc}", where="{ledger}", fix="check the path"
        ) from None
    if not raw.strip():
        raise DyadwatchError(
            f"{file} is empty", where="{ledger}", fix="use the header " + ",".join(LEDGER_COLUMNS)
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DyadwatchError(
            f"{file} is not UTF-8 text (byte {exc.start} is 0x{raw[exc.start]:02x})",
            where="{ledger}",
            fix="pass the ledger as a UTF-8 CSV file",
        ) from None
    if "\x00" in text:
        raise DyadwatchError(
            f"{file} holds NUL bytes: not a CSV text file",
            where="{ledger}",
            fix="pass the ledger as a UTF-8 CSV file",
        )
    return text


def load_ledger(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the norm ledger (the shipped one unless ``path`` is given).

    Args:
        path: a CSV file with the ledger columns; default the shipped
            ``dyadwatch/data/norms/ledger.csv``.

    Returns:
        The validated frame (see :func:`validate_ledger`).

    Raises:
        DyadwatchError: the file is missing, unreadable, not UTF-8 text, empty, without the
            ledger's header or without events, or a row is bad (with its line and column).
    """
    file = Path(path) if path is not None else _ledger_resource()
    reader = csv.DictReader(io.StringIO(_read_text(file), newline=""))
    header = reader.fieldnames or []
    missing = [c for c in LEDGER_COLUMNS if c not in header]
    if missing:
        raise DyadwatchError(
            f"ledger has no column {missing[0]!r}",
            where=str(file),
            fix="use the header " + ",".join(LEDGER_COLUMNS),
        )
    try:
        frame = validate_ledger(reader, source=file.name)
    except csv.Error as exc:
        raise DyadwatchError(
            f"malformed CSV: {exc}",
            where=f"{file.name}, line {reader.line_num}",
            fix="quote fields that hold commas or quotes (RFC 4180)",
        ) from None
    if frame.empty:
        raise DyadwatchError(
            f"{file} has a header but no events", where="{ledger}", fix="add one row per event"
        )
    return frame
