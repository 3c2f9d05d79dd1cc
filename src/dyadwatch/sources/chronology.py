"""The curated US–Russia chronology shipped with dyadwatch (and any chronology in its format).

Each CSV under ``data/chronology/`` is one era; see that folder's README for the columns. The
Goldstein score and quad class of every row are derived here from its CAMEO code (GDELT's
published scale), never read from the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from dyadwatch.cameo import cameo_table
from dyadwatch.errors import DyadwatchError
from dyadwatch.schema import conform, empty_events, validate_events

__all__ = [
    "CHRONOLOGY_COLUMNS",
    "ReadResult",
    "read_chronology",
    "chronology",
    "shipped_files",
    "ensure_chronology",
]

CHRONOLOGY_COLUMNS = (
    "event_id",
    "date",
    "date_precision",
    "actor1",
    "actor2",
    "actor1_detail",
    "actor2_detail",
    "cameo",
    "description",
    "citation",
    "url",
    "tags",
)
LAST_DATE = dt.date(2026, 12, 6)  # the day the chronology was last checked (2025_2026.csv)


@dataclass
class ReadResult:
    """Accepted canonical events and rejected rows (file, line, column, value, reason)."""

    events: pd.DataFrame
    rejects: pd.DataFrame

    @property
    def read(self) -> int:
        return len(self.events) + self.rejects.drop_duplicates(["file", "line"]).shape[0]


def shipped_files() -> list[Path]:
    """The chronology CSV files shipped in the package, in name order."""
    folder = resources.files("dyadwatch.data").joinpath("chronology")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".csv"))


def _reject(file: Path, line: int, column: str, value: object, reason: str) -> dict:
    return {"file": str(file), "line": line, "column": column, "value": value, "reason": reason}


def _records(path: Path) -> list[dict]:
    """The rows of one chronology CSV as dicts; raises on an unreadable file or a short header."""
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise DyadwatchError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
        except (csv.Error, UnicodeDecodeError) as exc:
            raise DyadwatchError(
                f"cannot parse {path}: {exc}",
                where=f"{path}, line 1",
                fix="save it as UTF-8 CSV",
            ) from None
        missing = [c for c in CHRONOLOGY_COLUMNS if c not in header]
        if missing:
            raise DyadwatchError(
                f"chronology file lacks columns {', '.join(missing)}",
                where=f"{path}, line 1",
                fix="use the header in dyadwatch/data/chronology/README.md",
            )
        try:
            return list(reader)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise DyadwatchError(
                f"cannot parse {path}: {exc}", fix="save it as UTF-8 CSV"
            ) from None


def _event(
    rec: dict, path: Path, line: int, table: pd.DataFrame
) -> tuple[dict | None, dict | None]:
    """``(event, None)`` for a row that parses, ``(None, reject)`` for one that does not."""
    if None in rec:  # more fields than the header
        return None, _reject(path, line, "", rec[None], "more fields than the header")
    code = (rec["cameo"] or "").strip()
    try:
        date = dt.date.fromisoformat((rec["date"] or "").strip())
    except ValueError:
        return None, _reject(path, line, "date", rec["date"], "not a YYYY-MM-DD date")
    if rec["date_precision"] not in ("day", "month"):
        return None, _reject(
            path, line, "date_precision", rec["date_precision"], "must be day or month"
        )
    if code not in table.index or pd.isna(table.at[code, "goldstein_gdelt"]):
        return None, _reject(path, line, "cameo", code, "unknown CAMEO code")
    tags = [t.strip() for t in (rec["tags"] or "").split(";") if t.strip()]
    event = {
        "event_id": rec["event_id"].strip(),
        "source": "chronology",
        "date": date,
        "actor1": rec["actor1"].strip(),
        "actor2": rec["actor2"].strip(),
        "actor1_detail": rec["actor1_detail"].strip() or None,
        "actor2_detail": rec["actor2_detail"].strip() or None,
        "cameo": code,
        "goldstein": float(table.at[code, "goldstein_gdelt"]),
        "quad_class": int(table.at[code, "quad_class"]),
        "weight": 1.0,
        "description": rec["description"].strip(),
        "citation": rec["citation"].strip(),
        "url": rec["url"].strip() or None,
        "tags": tags,
        "flags": [] if rec["date_precision"] == "day" else ["date_month_precision"],
    }
    return event, None


def _problems(frame: pd.DataFrame, max_date: dt.date) -> pd.DataFrame:
    """Schema problems of the parsed events, plus an empty description or citation."""
    problems = validate_events(frame, strict_actors=True, max_date=max_date)
    for col in ("description", "citation"):
        if col in frame.columns:
            for i in frame.index[frame[col].fillna("") == ""]:
                problems.loc[len(problems)] = [
                    i,
                    frame.at[i, "event_id"],
                    col,
                    "",
                    "required value is empty",
                ]
    return problems


def read_chronology(
    paths: list[Path] | None = None, *, max_date: dt.date = LAST_DATE
) -> ReadResult:
    """Read chronology CSV files into canonical events, keeping every rejected row with reasons.

    Args:
        paths: CSV files in the chronology format (default: the shipped ones).
        max_date: latest allowed event date.
    """
    paths = shipped_files() if paths is None else [Path(p) for p in paths]
    table = cameo_table()
    rows: list[dict] = []
    origin: list[tuple[str, int]] = []
    rejects: list[dict] = []
    for path in paths:
        for offset, rec in enumerate(_records(path)):
            line = offset + 2
            event, reject = _event(rec, path, line, table)
            if reject is not None:
                rejects.append(reject)
                continue
            rows.append(event)
            origin.append((str(path), line))
    frame = pd.DataFrame(rows)
    if frame.empty:
        frame = empty_events()
    problems = _problems(frame, max_date)
    bad = sorted(set(problems["row"])) if len(problems) else []
    for rec in problems.itertuples():
        file, line = origin[rec.row]
        rejects.append(_reject(Path(file), line, rec.column, rec.value, rec.reason))
    good = frame.drop(index=bad).sort_values(["date", "event_id"]).reset_index(drop=True)
    reject_frame = pd.DataFrame(rejects, columns=["file", "line", "column", "value", "reason"])
    return ReadResult(good, reject_frame)


@lru_cache(maxsize=1)
def chronology() -> pd.DataFrame:
    """The shipped chronology as canonical events (validated; a bad row is a packaging bug)."""
    result = read_chronology()
    if len(result.rejects):
        first = result.rejects.iloc[0]
        raise DyadwatchError(
            f"the shipped chronology has {len(result.rejects)} invalid rows; first: "
            f"{first['reason']} in column {first['column']}",
            where=f"{Path(first['file']).name}, line {first['line']}",
            fix="report this as a bug",
        )
    return result.events


def fingerprint() -> str:
    """A hash of the shipped chronology files (changes whenever a row changes)."""
    h = hashlib.sha256()
    for path in shipped_files():
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def ensure_chronology(store) -> None:
    """Make the store hold exactly the shipped chronology (replaced when the package's changed)."""
    fp = fingerprint()
    if store.has_load("chronology", fp):
        return
    store.replace_source(conform(chronology()), source="chronology", fingerprint=fp)
