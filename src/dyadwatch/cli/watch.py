"""``dyadwatch watch``: ``update`` on a schedule, with alerts when the stage changes."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import DB, FMT, OUT
from dyadwatch.cli.output import Format, emit, to_json
from dyadwatch.cli.update import (
    BASE_URL,
    DEST,
    LEDGER,
    RETRIES,
    SINCE,
    SOURCES,
    WORKERS,
    update_options,
)


@app.command("watch")
def watch_command(
    every: str = typer.Option("15m", "--every", help="Interval between updates: 15m, 1h, 30s."),
    dyad: str = typer.Option("USA-RUS", "--dyad", help="The dyad whose stage is watched."),
    alerts: Path | None = typer.Option(
        None, "--alerts", help="Alerts file, one JSON line an alert (default: update dir)."
    ),
    log: Path | None = typer.Option(None, "--log", help="Log file (default: update dir)."),
    webhook: str | None = typer.Option(
        None, "--webhook", help="POST each alert as JSON to this URL."
    ),
    threshold: float | None = typer.Option(
        None, "--threshold", help="Alert when P(turning point) rises to this (0-1)."
    ),
    cycles: int | None = typer.Option(None, "--cycles", help="Stop after N cycles."),
    source: list[str] = SOURCES,
    since: str | None = SINCE,
    base_url: str | None = BASE_URL,
    dest: Path | None = DEST,
    ledger: Path | None = LEDGER,
    workers: int = WORKERS,
    retries: int = RETRIES,
    db: Path | None = DB,
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Run update every --every, alert when the stage changes (or --threshold is crossed).

    Each alert is one JSON line with its evidence events, appended to --alerts, printed on
    standard output and POSTed to --webhook if given. Ctrl-C or SIGTERM stops cleanly; the
    log file records every cycle. A cron or systemd timer running `dyadwatch update` is the
    alternative (docs/how-to/update.md).

    Example: dyadwatch watch --every 15m --dyad USA-RUS --webhook http://localhost:9000/hook
    """
    from dyadwatch.api.update import parse_every, update_dir, watch
    from dyadwatch.errors import DyadwatchError

    seconds = parse_every(every)
    if threshold is not None and not 0 < threshold < 1:
        raise DyadwatchError("--threshold must be between 0 and 1", where="--threshold")
    options = update_options(source, since, base_url, dest, ledger, workers, retries, db)
    options["progress"] = False
    folder = update_dir()
    summary = watch(
        seconds,
        dyad=dyad,
        alerts_path=alerts or folder / "alerts.jsonl",
        log_path=log or folder / "watch.log",
        webhook=webhook,
        threshold=threshold,
        cycles=cycles,
        update_options=options,
    )
    if fmt is Format.json:
        text = to_json(summary) + "\n"
        if out is not None:
            out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    elif fmt is Format.csv:
        emit([summary], fmt, out)
    else:
        line = (
            f"watch stopped after {summary['cycles']} cycle(s), {summary['alerts']} alert(s) "
            f"({summary['stopped_by']})"
        )
        emit([summary], fmt, out) if out is not None else None
        typer.echo(line, err=True)
