"""Russian coercive acts against the neighbours: wars, gas cut-offs, cyber attacks, each cited.

``dyadwatch/data/neighbours/coercive_acts.csv``: ``act_id, country, date, date_precision,
kind, description, citation`` (coding rules in the README beside it).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.neighbours.coding import CITATION_RE, FIRST_YEAR, ISO3_RE, LAST_YEAR
from dyadwatch.models.neighbours.files import data_file, read_table

__all__ = ["COERCION_COLUMNS", "load_coercive_acts"]

COERCION_COLUMNS = (
    "act_id",
    "country",
    "date",
    "date_precision",
    "kind",
    "description",
    "citation",
)


def _check_act(row: Mapping[str, str], where: str, seen: set[str]) -> None:
    if row["act_id"] in seen or not row["act_id"]:
        raise DyadwatchError(f"duplicate or empty act_id {row['act_id']!r}", where=where)
    seen.add(row["act_id"])
    if not ISO3_RE.match(row["country"]):
        raise DyadwatchError(f"bad country {row['country']!r}", where=f"{where}, column country")
    try:
        day = pd.Timestamp(row["date"]).date()
    except ValueError:
        raise DyadwatchError(f"bad date {row['date']!r}", where=f"{where}, column date") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DyadwatchError(f"year {day.year} out of range", where=f"{where}, column date")
    if row["date_precision"] not in ("day", "month", "year"):
        raise DyadwatchError("bad date_precision", where=f"{where}, column date_precision")
    if not row["description"] or not CITATION_RE.match(row["citation"]):
        raise DyadwatchError(
            "description or citation missing or malformed",
            where=f"{where}, column citation",
            fix='write Publisher, "Title", YYYY-MM-DD',
        )


def load_coercive_acts(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the cited table of Russian coercive acts against neighbours.

    Raises:
        DyadwatchError: the file cannot be read as the table, or a row is bad (with its line).
    """
    file = Path(path) if path is not None else data_file("coercive_acts.csv")
    rows = read_table(file, COERCION_COLUMNS)
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        _check_act(row, f"{file.name}, line {line}", seen)
    frame = pd.DataFrame(rows, columns=list(COERCION_COLUMNS))
    frame["year"] = frame["date"].str[:4].astype(int)
    return frame.sort_values(["date", "act_id"]).reset_index(drop=True)
