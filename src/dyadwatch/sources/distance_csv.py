"""Reading a yearly ideal-point distance table (``year,distance`` CSV, other columns kept)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.textfile import read_text

__all__ = ["read_distance_csv"]


def read_distance_csv(path: str | Path) -> pd.DataFrame:
    """A ``year, distance`` table, e.g. ``dyadwatch unga --measure idealpoint --format csv``.

    Raises:
        DyadwatchError: unreadable file, missing columns or non-numeric values.
    """
    text = read_text(Path(path), where="{series}", fix="use a year,distance CSV")
    try:
        frame = pd.read_csv(io.StringIO(text))
    except (ValueError, pd.errors.ParserError) as exc:
        raise DyadwatchError(f"cannot parse {path}: {str(exc).splitlines()[0]}") from None
    missing = {"year", "distance"} - set(frame.columns)
    if missing:
        raise DyadwatchError(
            f"{path} lacks columns {', '.join(sorted(missing))}", fix="use a year,distance CSV"
        )
    for col in ("year", "distance"):
        values = pd.to_numeric(frame[col], errors="coerce")
        if values.isna().any():
            line = int(values.isna().to_numpy().argmax()) + 2
            raise DyadwatchError(f"{path}, line {line}: {col} is not a number")
        frame[col] = values
    return frame
