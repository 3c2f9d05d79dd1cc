"""Reading landmarks: the essay's dated turns of a relationship, or a user's own file.

A landmarks CSV has the columns ``landmark_id, month, until, name, expected_stage, citation``
(``month``/``until`` as ``YYYY-MM``; ``until`` may be empty for a single month;
``expected_stage`` empty or ``;``-separated stage names). The shipped file for USA–RUS holds
the essay's nine landmarks (``dyadwatch/data/landmarks/essay_usa_rus.csv``, see its README).
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.textfile import read_text
from dyadwatch.stagenames import STAGES

__all__ = ["LANDMARK_COLUMNS", "load_landmarks", "builtin_landmarks"]

#: Columns of a landmarks file (``until`` may be empty: a single month).
LANDMARK_COLUMNS = ("landmark_id", "month", "until", "name", "expected_stage", "citation")


_BUILTIN = {"USA-RUS": "essay_usa_rus.csv"}


def load_landmarks(path: str | Path | None = None, *, dyad: str = "USA-RUS") -> pd.DataFrame:
    """Read a landmarks CSV (default: the essay's US–Russia landmarks shipped with dyadwatch).

    Required columns: ``landmark_id, month, until, name, expected_stage, citation``;
    ``month``/``until`` as ``YYYY-MM``; ``expected_stage`` empty or ``;``-separated stage names.
    Other columns (e.g. ``essay_quote``, ``chronology_event``) are kept.

    Raises:
        DyadwatchError: no built-in landmarks for ``dyad``, unreadable file, missing column, bad
            month, unknown stage, ``until`` before ``month``, missing citation, duplicate id.
    """
    if path is None:
        key = "-".join(sorted(dyad.upper().split("-")))
        builtin = {"-".join(sorted(k.split("-"))): v for k, v in _BUILTIN.items()}
        if key not in builtin:
            raise DyadwatchError(
                f"no built-in landmarks for {dyad.upper()}",
                where="{dyad}",
                fix="pass {landmarks} with a CSV of landmarks (columns: "
                + ", ".join(LANDMARK_COLUMNS)
                + ")",
            )
        text = resources.files("dyadwatch.data").joinpath("landmarks", builtin[key])
        where = f"dyadwatch/data/landmarks/{builtin[key]}"
        rows = list(csv.DictReader(text.read_text(encoding="utf-8").splitlines()))
    else:
        path = Path(path)
        where = str(path)
        text = read_text(path, where="{landmarks}", fix="pass a UTF-8 CSV of landmarks")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    if not rows:
        raise DyadwatchError(f"no landmarks in {where}", fix="add one row per landmark")
    missing = [c for c in LANDMARK_COLUMNS if c not in rows[0]]
    if missing:
        raise DyadwatchError(
            f"{where} lacks column(s) {', '.join(missing)}",
            fix="the header must have " + ", ".join(LANDMARK_COLUMNS),
        )
    seen: set[str] = set()
    out = []
    for line, row in enumerate(rows, start=2):
        at = f"{where}:{line}"
        lid = (row["landmark_id"] or "").strip()
        if not lid or lid in seen:
            raise DyadwatchError(
                f"empty or duplicate landmark_id {lid!r}", where=at, fix="give each a unique id"
            )
        seen.add(lid)
        month = _month(row["month"], at, "month")
        until = _month(row["until"], at, "until") if (row["until"] or "").strip() else month
        if until < month:
            raise DyadwatchError(
                f"until {until} is before month {month}", where=at, fix="swap them"
            )
        expected = tuple(s.strip() for s in (row["expected_stage"] or "").split(";") if s.strip())
        bad = [s for s in expected if s not in STAGES]
        if bad:
            raise DyadwatchError(
                f"unknown stage {bad[0]!r}", where=at, fix="use " + ", ".join(STAGES)
            )
        if not (row["citation"] or "").strip():
            raise DyadwatchError("missing citation", where=at, fix="say where the landmark is from")
        out.append(row | {"landmark_id": lid, "month": month, "until": until, "expected": expected})
    return pd.DataFrame(out)


def builtin_landmarks(dyad: str) -> bool:
    """True when dyadwatch ships landmarks for the (unordered) pair."""
    key = "-".join(sorted(dyad.upper().split("-")))
    return key in {"-".join(sorted(k.split("-"))) for k in _BUILTIN}


def _month(text: str | None, at: str, column: str) -> pd.Period:
    try:
        return pd.Period(str(text).strip(), freq="M")
    except (ValueError, TypeError):
        raise DyadwatchError(
            f"bad {column} {text!r}", where=at, fix="write it as YYYY-MM"
        ) from None
