"""Reading a user's own transitions: a ``date,label`` CSV (e.g. changes of government)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.textfile import read_text

__all__ = ["read_transitions_csv"]


def read_transitions_csv(path: str | Path) -> list[pd.Period]:
    """Read a ``date,label`` CSV of transitions; return their months, oldest first.

    Raises:
        DyadwatchError: an unreadable, binary or empty file, a wrong header, or a malformed date
            (with its line).
    """
    path = Path(path)
    text = read_text(path, where="{transitions}", fix="write a CSV with the header date,label")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    if header[:1] != ["date"]:
        raise DyadwatchError(
            f"{path} must start with the header 'date,label'",
            where=f"{path}, line 1",
            fix="name the columns date,label",
        )
    out = []
    for line, row in enumerate(reader, start=2):
        if not row or not row[0].strip():
            continue
        try:
            out.append(pd.Period(pd.Timestamp(row[0].strip()), freq="M"))
        except (ValueError, TypeError):
            raise DyadwatchError(
                f"malformed date {row[0]!r}",
                where=f"{path}, line {line}, column date",
                fix="write YYYY-MM-DD",
            ) from None
    if not out:
        raise DyadwatchError(f"{path} has no transitions", where="{transitions}")
    return sorted(out)
