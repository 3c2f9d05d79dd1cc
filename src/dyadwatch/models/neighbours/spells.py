"""Alignment spells: who was aligned, neutral or opposed when, each spell cited.

``dyadwatch/data/neighbours/alignment_spells.csv`` holds spells ``country, start_year,
end_year, status, status_military, basis, citation``. ``status`` follows the code book
(:mod:`.coding`); ``status_military`` is a sensitivity coding in which EU membership or
application does not count. :func:`validate_spells` checks the values of every row, then that
each country's spells are disjoint and cover the years without a gap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.neighbours.coding import (
    CITATION_RE,
    COUNTRIES,
    FIRST_YEAR,
    ISO3_RE,
    LAST_YEAR,
    STATUSES,
)
from dyadwatch.models.neighbours.files import data_file, read_table

__all__ = ["SPELL_COLUMNS", "load_spells", "validate_spells"]

SPELL_COLUMNS = (
    "country",
    "start_year",
    "end_year",
    "status",
    "status_military",
    "basis",
    "citation",
)


def _years(row: Mapping[str, str], where: str, first_year: int, last_year: int) -> list[int]:
    years = []
    for col in ("start_year", "end_year"):
        try:
            years.append(int(row.get(col, "")))
        except ValueError:
            raise DyadwatchError(
                f"bad {col} {row.get(col)!r}", where=f"{where}, column {col}", fix="use YYYY"
            ) from None
    start, end = years
    if start > end:
        raise DyadwatchError(
            f"start_year {start} after end_year {end}",
            where=f"{where}, column start_year",
            fix="swap them",
        )
    if start < first_year or end > last_year:
        raise DyadwatchError(
            f"spell {start}-{end} outside {first_year}-{last_year}",
            where=f"{where}, column start_year",
            fix="keep spells within the covered years",
        )
    return years


def _spell(
    row: Mapping[str, str], line: int, source: str, first_year: int, last_year: int
) -> dict[str, Any]:
    """One checked spell: code, years, both statuses, basis and citation."""
    where = f"{source}, line {line}"
    country = row.get("country", "")
    if not ISO3_RE.match(country):
        raise DyadwatchError(
            f"bad country code {country!r}", where=f"{where}, column country", fix="use ISO3"
        )
    start, end = _years(row, where, first_year, last_year)
    for col in ("status", "status_military"):
        if row.get(col) not in STATUSES:
            raise DyadwatchError(
                f"bad {col} {row.get(col)!r}",
                where=f"{where}, column {col}",
                fix="use aligned, neutral or opposed",
            )
    if not row.get("basis"):
        raise DyadwatchError("empty basis", where=f"{where}, column basis", fix="say why")
    if not CITATION_RE.match(row.get("citation", "")):
        raise DyadwatchError(
            "citation missing or malformed",
            where=f"{where}, column citation",
            fix='write Publisher, "Title", YYYY-MM-DD',
        )
    return {
        "country": country,
        "start_year": start,
        "end_year": end,
        "status": row["status"],
        "status_military": row["status_military"],
        "basis": row["basis"],
        "citation": row["citation"],
        "line_no": line,
    }


def _check_coverage(frame: pd.DataFrame, source: str, first_year: int, last_year: int) -> None:
    """Each country's spells are disjoint and cover ``first_year..last_year`` with no gap."""
    for country, group in frame.groupby("country", sort=False):
        expected = first_year
        for rec in group.sort_values("start_year").itertuples(index=False):
            if rec.start_year < expected:
                raise DyadwatchError(
                    f"{country}: spell {rec.start_year}-{rec.end_year} overlaps the previous one",
                    where=f"{source}, line {rec.line_no}",
                    fix="make spells of one country disjoint",
                )
            if rec.start_year > expected:
                raise DyadwatchError(
                    f"{country}: no spell covers {expected}-{rec.start_year - 1}",
                    where=f"{source}, line {rec.line_no}",
                    fix="add a spell so the years are contiguous",
                )
            expected = rec.end_year + 1
        if expected != last_year + 1:
            raise DyadwatchError(
                f"{country}: spells end in {expected - 1}, not {last_year}",
                where=source,
                fix=f"extend the last spell to {last_year}",
            )


def validate_spells(
    rows: Iterable[Mapping[str, str]],
    *,
    source: str = "alignment_spells.csv",
    first_year: int = FIRST_YEAR,
    last_year: int = LAST_YEAR,
    required: Iterable[str] | None = tuple(COUNTRIES),
) -> pd.DataFrame:
    """Check alignment spells and return them typed and sorted.

    Checks: allowed status values, ISO3 codes, years in range and ordered, a citation on every
    spell, no overlapping spells, and every country covering ``first_year..last_year`` with no
    gap; ``required`` countries must be present.

    Raises:
        DyadwatchError: naming the file, line and column (or country) of the first problem.
    """
    records = [
        _spell(row, line, source, first_year, last_year) for line, row in enumerate(rows, start=2)
    ]
    frame = pd.DataFrame.from_records(records, columns=[*SPELL_COLUMNS, "line_no"])
    _check_coverage(frame, source, first_year, last_year)
    missing = sorted(set(required or ()) - set(frame["country"]))
    if missing:
        raise DyadwatchError(
            f"no spells for {', '.join(missing)}", where=source, fix="add the missing countries"
        )
    frame = frame.drop(columns="line_no").sort_values(["country", "start_year"])
    return frame.reset_index(drop=True)


def load_spells(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the alignment spells (the shipped table unless ``path`` is given).

    Raises:
        DyadwatchError: the file cannot be read as the spells table, or a spell is bad.
    """
    if path is None:
        file = data_file("alignment_spells.csv")
        return validate_spells(read_table(file, SPELL_COLUMNS), source=file.name)
    file = Path(path)
    return validate_spells(read_table(file, SPELL_COLUMNS, param="spells"), source=file.name)
