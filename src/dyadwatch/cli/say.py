"""Method notes after a command's output."""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.output import Format

__all__ = ["say", "freshness", "register_note"]


def say(lines: list[str], fmt: Format, out: Path | None) -> None:
    """Print notes: after a table on standard output; on standard error for csv/json or a file,
    so that pipes and files hold only the data."""
    if not lines:
        return
    text = "\n".join(f"note: {line}" for line in lines)
    typer.echo(text, err=not (fmt is Format.table and out is None))


def freshness(study, fmt: Format, out: Path | None, *, stage: bool = True) -> None:
    """The data's range and the age of the newest event after an output (with a warning when
    the data are stale; see :mod:`dyadwatch.freshness`)."""
    say([study.freshness_text(stage=stage)], fmt, out)


def register_note(
    name: str, dates, fmt: Format, out: Path | None, *, rows: int | None = None
) -> None:
    """The range and newest entry's age of a curated register (``dates``: its entries' dates,
    or years for a yearly register; ``rows``: its entries, default one a date), after an
    output."""
    import datetime as dt

    import pandas as pd

    from dyadwatch.freshness import register_line

    values = pd.Series(list(dates)).dropna()
    if values.empty:
        return
    if pd.api.types.is_numeric_dtype(values):  # years: the register codes whole years
        first, last = dt.date(int(values.min()), 1, 1), dt.date(int(values.max()), 12, 31)
    else:
        stamps = pd.to_datetime(values)
        first, last = stamps.min().date(), stamps.max().date()
    say([register_line(name, first, last, len(values) if rows is None else rows)], fmt, out)
