"""``dyadwatch report``: the main job."""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import DB, DYAD


@app.command("report")
def report_command(
    dyad: str = DYAD,
    out: Path = typer.Option(Path("report.html"), "--out", help="HTML file to write."),
    pdf: bool = typer.Option(False, "--pdf", help="Also print a PDF beside it (needs Chromium)."),
    db: Path | None = DB,
) -> None:
    """Write one self-contained HTML report (plots embedded, works offline).

    Example: dyadwatch report --dyad USA-RUS --out usa-rus.html
    """
    from dyadwatch.report.build import write_report

    for path in write_report(out, dyad=dyad, db=db, pdf=pdf):
        typer.echo(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
