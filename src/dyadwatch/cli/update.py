"""``dyadwatch update``: download what the sources announce that is new, import it, re-estimate."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import DB, FMT, OUT
from dyadwatch.cli.output import Format, emit, to_json

SOURCES = typer.Option(
    ["gdelt2"], "--source", help="gdelt2 (default), gdelt1 or polecat; repeat for several."
)
SINCE = typer.Option(
    None, "--since", help="Follow the sources back to this day (a first back-fill), YYYY-MM-DD."
)
BASE_URL = typer.Option(
    None, "--base-url", help="Mirror or test server (default: $DYADWATCH_GDELT_URL)."
)
DEST = typer.Option(
    None, "--dest", help="Raw files folder (default: update/raw/SOURCE in the user data dir)."
)
LEDGER = typer.Option(
    None, "--ledger", help="Ledger file (default: $DYADWATCH_UPDATE_DIR/ledger.jsonl)."
)
WORKERS = typer.Option(4, "--workers", help="Parallel downloads.")
RETRIES = typer.Option(2, "--retries", help="Retries per file (exponential backoff).")
STAGE_DYAD = typer.Option(
    "USA-RUS", "--dyad", help="Re-estimate this dyad's stage afterwards ('' for none)."
)


def update_options(sources, since, base_url, dest, ledger, workers, retries, db) -> dict:
    from dyadwatch.api.data import parse_date

    return dict(
        sources=sources,
        since=parse_date(since, option="--since"),
        base_url=base_url,
        dest=dest,
        ledger=ledger,
        workers=workers,
        retries=retries,
        db=db,
    )


@app.command("update")
def update_command(
    source: list[str] = SOURCES,
    since: str | None = SINCE,
    dyad: str = STAGE_DYAD,
    base_url: str | None = BASE_URL,
    dest: Path | None = DEST,
    ledger: Path | None = LEDGER,
    workers: int = WORKERS,
    retries: int = RETRIES,
    gaps: bool = typer.Option(False, "--gaps", help="Print the gaps (file, state, reason)."),
    db: Path | None = DB,
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Download what is new (size and MD5 checked, resumed), import it, re-estimate the stage.

    Every file the source's list announces is kept in a ledger with its fate (imported,
    empty, missing, bad_checksum, truncated, refused, failed); gaps are retried on the next
    update and reported, never skipped silently. A second run right after downloads nothing.

    Example: dyadwatch update --since 2025-11-01

    Example: dyadwatch update --source gdelt1 --gaps --format csv
    """
    from dyadwatch.api.update import update

    options = update_options(source, since, base_url, dest, ledger, workers, retries, db)
    result = update(dyad=dyad or None, **options)
    if fmt is Format.json:
        text = to_json(result.as_dict()) + "\n"
        if out is not None:
            out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return
    rows = result.gap_rows() if gaps else result.rows()
    if rows or fmt is Format.csv:
        emit(rows, fmt, out, title="gaps" if gaps else "update")
    if fmt is Format.table:
        typer.echo(result.line(), err=out is not None)
