"""``dyadwatch capabilities``: yearly COW CINC of a pair and their capability ratio."""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import DYAD, FMT, OUT, out_path
from dyadwatch.cli.output import Format, emit


@app.command("capabilities")
def capabilities_command(
    dyad: str = DYAD,
    file: Path | None = typer.Option(
        None,
        "--file",
        help="A COW NMC CSV (default: the downloaded copy in the user data directory, "
        "then ../shared/data/capabilities).",
    ),
    start: int | None = typer.Option(None, "--from", help="First year, e.g. 1992."),
    end: int | None = typer.Option(None, "--to", help="Last year, e.g. 2022."),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Yearly CINC of each side (COW National Material Capabilities) and the ratio A/B.

    Get the full table first with: dyadwatch data download nmc

    Example: dyadwatch capabilities --dyad USA-RUS --from 1992 --format csv
    """
    from dyadwatch.api.capabilities import (
        default_capabilities_path,
        dyad_capabilities,
        read_capabilities,
    )
    from dyadwatch.errors import DyadwatchError

    out = out_path(out)
    path = file or default_capabilities_path()
    table = dyad_capabilities(read_capabilities(path), dyad)
    if start is not None:
        table = table[table["year"] >= start]
    if end is not None:
        table = table[table["year"] <= end]
    if table.empty:
        raise DyadwatchError(
            f"no year with both sides in {start or '...'}–{end or '...'}",
            where="--from/--to",
            fix="widen the range",
        )
    table = table.round({"ratio": 3, "log_ratio": 3})
    first, last = int(table["year"].min()), int(table["year"].max())
    emit(table, fmt, out, title=f"COW CINC, {dyad} {first}–{last} (from {path})")
