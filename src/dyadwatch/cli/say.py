"""Method notes after a command's output."""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.output import Format

__all__ = ["say"]


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
