"""``dyadwatch ingest`` and ``dyadwatch data download|totals|normfile``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.output import Format, emit, to_json, writable_out, write_text

data_app = typer.Typer(
    help="Fetch raw event data and inspect source totals.\n\n"
    "Example: dyadwatch data download gdelt1 --from 2016-01-01 --to 2016-01-31 --dest gdelt/",
    no_args_is_help=True,
)
app.add_typer(data_app, name="data")

FMT = typer.Option(Format.table, "--format", help="table, csv or json.")
OUT = typer.Option(
    None, "--out", help="Write to this file instead of stdout.", callback=writable_out
)
DB = typer.Option(None, "--db", help="DuckDB store file (default: $DYADWATCH_DB or user data dir).")


def _emit_summary(summary: dict, line: str, fmt: Format, out: Path | None) -> None:
    if fmt is Format.json:
        text = to_json(summary) + "\n"
        if out is not None:
            write_text(out, text)
        else:
            sys.stdout.write(text)
        return
    if fmt is Format.csv:
        flat = {k: v for k, v in summary.items() if not isinstance(v, (dict, list))}
        emit([flat], fmt, out)
        return
    if out is not None:
        write_text(out, line + "\n")
    else:
        typer.echo(line)


@app.command("ingest")
def ingest_command(
    source: str = typer.Argument(..., help="gdelt1, gdelt2, icews or polecat."),
    paths: list[Path] = typer.Argument(..., help="Raw files (plain, .zip, .gz, .bz2 or .xz)."),
    db: Path | None = DB,
    engine: str = typer.Option("duckdb", "--engine", help="duckdb (default) or spark."),
    root_only: bool = typer.Option(
        False, "--root-only", help="GDELT: keep root events only (IsRootEvent = 1)."
    ),
    min_sources: int = typer.Option(
        0, "--min-sources", help="GDELT: keep events reported by at least N sources."
    ),
    one_a_day: bool = typer.Option(
        False, "--one-a-day", help="Keep one event per day, directed dyad and CAMEO code."
    ),
    mentions: list[str] | None = typer.Option(
        None,
        "--mentions",
        help="GDELT 2.0: Mentions files for --min-confidence (repeat the option, or give a "
        "folder or a quoted glob, e.g. --mentions 'g2/*.mentions.CSV.zip').",
    ),
    min_confidence: int = typer.Option(
        0,
        "--min-confidence",
        help="GDELT 2.0: keep events that some article mentions with Confidence >= N "
        "(10-100); events with no Mentions row are dropped too (rule no_mentions).",
    ),
    skip_bad_files: bool = typer.Option(
        False, "--skip-bad-files", help="Import the readable files when some cannot be read."
    ),
    memory_limit: str = typer.Option(
        "1GB", "--memory-limit", help="DuckDB memory limit during the import (spills beyond)."
    ),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Import raw event files into the store (Parquet by source and year), deduplicated.

    Prints read = accepted + quarantined + duplicates; malformed rows go to a quarantine CSV
    (file, line, reason, row) whose path is printed. Importing the same files again adds nothing.

    GDELT 2.0 quality filter: with --min-confidence N and the Mentions files of the same
    15-minute intervals, events whose best-rated mention has Confidence below N are dropped
    (rule min_confidence), and so are events no Mentions row names (rule no_mentions); both
    count as duplicates, so read = accepted + quarantined + duplicates still holds.

    Example: dyadwatch ingest gdelt1 gdelt/*.export.CSV.zip --root-only --format json

    Example: dyadwatch ingest gdelt2 g2/*.export.CSV.zip --mentions g2/ --min-confidence 50
    """
    from dyadwatch.api.data import ingest_files

    with _spinner(f"importing {len(paths)} {source} file(s)..."):
        summary = ingest_files(
            source,
            paths,
            db=db,
            engine=engine,
            root_only=root_only,
            min_sources=min_sources,
            one_a_day=one_a_day,
            min_confidence=min_confidence,
            skip_bad_files=skip_bad_files,
            memory_limit=memory_limit,
            mentions=mentions,
        )
    _import_warnings(summary)
    _emit_summary(summary.as_dict(), summary.line(), fmt, out)


def _spinner(text: str):
    """A spinner on a terminal, nothing when standard error is piped."""
    import contextlib

    if not sys.stderr.isatty():
        return contextlib.nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(text)


def _import_warnings(summary) -> None:
    """The import's warnings on standard error: skipped files, nothing accepted, unrated."""
    for refused in summary.files_refused:
        typer.echo(f"warning: skipped {refused}", err=True)
    if summary.warning():
        typer.echo(f"warning: {summary.warning()}", err=True)
    unrated = summary.duplicates_by_rule.get("no_mentions", 0)
    if unrated:
        typer.echo(
            f"warning: {unrated:,} event(s) had no row in the Mentions files and were dropped "
            "(rule no_mentions); pass the Mentions files of the same 15-minute intervals",
            err=True,
        )


@data_app.command("download")
def download_command(
    source: str = typer.Argument(
        ..., help="gdelt1, gdelt2, gdelt2-mentions, normfiles, icews, polecat, unga or nmc."
    ),
    start: str | None = typer.Option(None, "--from", help="First date, YYYY-MM-DD (or YYYY)."),
    end: str | None = typer.Option(None, "--to", help="Last date, YYYY-MM-DD (or YYYY)."),
    dest: Path | None = typer.Option(
        None,
        "--dest",
        help="Folder to download into (default: the current folder; for unga, unga/ in the "
        "user data directory, which the UNGA reader then reads over the shipped votes; for nmc, "
        "capabilities/ there, read before ../shared/data).",
    ),
    base_url: str | None = typer.Option(
        None,
        "--base-url",
        help="Mirror or test server (default: $DYADWATCH_GDELT_URL / $DYADWATCH_DATAVERSE_URL; "
        "for nmc the file's URL, default $DYADWATCH_COW_URL or COW's NMCv7.zip).",
    ),
    workers: int = typer.Option(4, "--workers", help="Parallel connections."),
    retries: int = typer.Option(4, "--retries", help="Retries per file (exponential backoff)."),
    list_only: bool = typer.Option(False, "--list", help="List the files, download nothing."),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Download raw files with the source's own file list and checksums, resumably.

    Prints what was downloaded, already present, missing on the server, or failed.

    Example: dyadwatch data download gdelt2 --from 2016-07-28 --to 2016-07-28 --dest g2/
    """
    from dyadwatch.api.data import default_download_dir, download_files, parse_date, remote_files

    # --- COW NMC (helper D) ---
    if source == "nmc":
        from dyadwatch.api.capabilities import download_nmc
        from dyadwatch.api.capabilities import nmc_url as files_url

        report, written = download_nmc(dest, base_url=base_url, retries=retries)
        line = report.line() + (f"; table: {written}" if written else "")
        _emit_summary(report.as_dict() | {"table": str(written or "")}, line, fmt, out)
        if written is None:
            from dyadwatch.errors import DyadwatchError

            raise DyadwatchError(
                "the NMC file was not downloaded", where=files_url(base_url), fix="check the URL"
            )
        return
    # --- end COW NMC ---
    kind = "export"
    if source == "gdelt2-mentions":
        source, kind = "gdelt2", "mentions"
    files = remote_files(
        source,
        parse_date(start, option="--from"),
        _end_date(end),
        base_url=base_url,
        kind=kind,
    )
    if list_only:
        emit(
            [{"name": f.name, "url": f.url, "size": f.size, "md5": f.md5} for f in files],
            fmt,
            out,
            title=f"{source} files ({len(files)})",
        )
        return
    if dest is None:
        dest = default_download_dir(source)
    report = download_files(files, dest, workers=workers, retries=retries)
    _emit_summary(report.as_dict(), report.line(), fmt, out)
    if report.failed:
        raise typer.Exit(1)


def _end_date(text: str | None):
    """``--to``: YYYY means 31 December, YYYY-MM the month's last day."""
    import datetime as dt

    from dyadwatch.api.data import parse_date

    day = parse_date(text, option="--to")
    if day is None or text is None:
        return day
    raw = text.strip()
    if len(raw) == 4:
        return dt.date(day.year, 12, 31)
    if len(raw) == 7:
        nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return day


@data_app.command("totals")
def totals_command(
    source: str = typer.Option("gdelt1", "--source", help="Source whose totals to show."),
    freq: str = typer.Option("month", "--freq", help="day, week, month, quarter or year."),
    normfile: Path | None = typer.Option(
        None, "--normfile", help="Use this GDELT normfile instead of the store's totals."
    ),
    db: Path | None = DB,
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Total events of a source per period (GDELT's normfile if registered, else the store's).

    Example: dyadwatch data totals --source gdelt1 --freq year --format csv
    """
    from dyadwatch.api.data import source_totals

    frame = source_totals(source, freq=freq, normfile=normfile, db=db)
    emit(frame, fmt, out, title=f"{source} events per {freq}")


@data_app.command("normfile")
def normfile_command(
    path: Path = typer.Argument(..., help="GDELT normfiles daily.csv or monthly.csv."),
    source: str = typer.Option("gdelt1", "--source", help="Source the totals belong to."),
    db: Path | None = DB,
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Register a GDELT normfile in the store, so volume normalisation uses GDELT's totals.

    Example: dyadwatch data normfile normfiles-daily.csv --source gdelt1
    """
    from dyadwatch.api.data import add_normfile

    target, rows = add_normfile(path, source=source, db=db)
    summary = {"source": source, "rows": rows, "path": str(target)}
    _emit_summary(summary, f"registered {rows:,} totals for {source}: {target}", fmt, out)
