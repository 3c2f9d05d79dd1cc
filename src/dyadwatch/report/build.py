"""``dyadwatch report``: one self-contained HTML file (plots embedded, no external requests)."""

from __future__ import annotations

import datetime as dt
import importlib
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from dyadwatch import __version__
from dyadwatch.cameo import QUAD_NAMES
from dyadwatch.dyads import parse_dyad
from dyadwatch.errors import DyadwatchError
from dyadwatch.report.section import Figure, Section
from dyadwatch.report.timeline import timeline_figure

__all__ = ["build_report", "write_report", "core_sections", "SECTION_PROVIDERS"]

#: Modules whose ``report_sections(dyad=..., db=...)`` (or ``report_sections()``) add sections.
SECTION_PROVIDERS: list[str] = [
    "dyadwatch.claims.sections",
    "dyadwatch.cycle.sections",
    "dyadwatch.report.sections.unga",
    "dyadwatch.report.sections.risk",
    "dyadwatch.report.sections.threats",
    "dyadwatch.models.trust",
    "dyadwatch.models.neighbours",
]


@dataclass
class _RenderedTable:
    columns: list[str]
    rows: list[list[str]]


def core_sections(dyad: str = "USA-RUS", db: str | Path | None = None) -> list[Section]:
    """The sections every report has: the timeline with leaders' terms and the cited chronology."""
    from dyadwatch.api import events, leaders_table

    frame = events(dyad, db=db)
    pair = parse_dyad(dyad)
    counts = frame.groupby("quad_class").size().reindex([1, 2, 3, 4], fill_value=0)
    first = pd.to_datetime(frame["date"]).min() if len(frame) else None
    last = pd.to_datetime(frame["date"]).max() if len(frame) else None
    summary = (
        f"{len(frame)} events between {pair.a} and {pair.b}"
        + (f", {first:%Y-%m-%d} to {last:%Y-%m-%d}" if first is not None else "")
        + ". By quad class: "
        + ", ".join(f"{QUAD_NAMES[q]} {int(n)}" for q, n in counts.items())
        + (f". Mean Goldstein score {frame['goldstein'].mean():+.2f}." if len(frame) else ".")
    )
    sources = ", ".join(sorted(frame["source"].unique())) if len(frame) else "none"
    timeline = Section(
        title=f"Timeline of {pair.a}–{pair.b} relations",
        summary=summary,
        figures=[
            Figure(
                timeline_figure(frame, title=f"{pair.a}–{pair.b} events"),
                caption=(
                    f"Each dot is one event (source: {sources}); height is its Goldstein (1992) "
                    "score derived from the CAMEO code (GDELT's scale); colour is the quad class. "
                    "Bands mark US presidents' terms (leaders table). Hover for the description "
                    "and citation."
                ),
            )
        ],
        order=10,
    )
    table = frame.assign(
        date=pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d"),
        tags=frame["tags"].map(lambda t: ", ".join(list(t)) if t is not None else ""),
    )[["date", "actor1", "actor2", "cameo", "goldstein", "description", "citation", "tags"]]
    chronology = Section(
        title="Events and their sources",
        summary="Every event shown above, with its CAMEO code, Goldstein score and citation.",
        tables=[(f"{len(table)} events; source: {sources}.", table)],
        order=90,
    )
    terms = leaders_table().assign(
        start=lambda f: f["start"].astype(str),
        end=lambda f: f["end"].map(lambda d: d or "in office"),
    )[["country", "name", "office", "start", "end", "note"]]
    leaders_section = Section(
        title="Leaders",
        summary="US presidents and Russian presidents and prime ministers (shipped leaders table).",
        tables=[("Terms end on the day the successor took office.", terms)],
        order=95,
    )
    return [timeline, chronology, leaders_section]


def _provider_sections(dyad: str, db: str | Path | None) -> list[Section]:
    sections: list[Section] = []
    for name in SECTION_PROVIDERS:
        module = importlib.import_module(name)
        if hasattr(module, "sections"):
            from dyadwatch.study import Study

            sections.extend(module.sections(Study(dyad, db=db)))
            continue
        provide: Callable[..., list[Section]] = module.report_sections
        try:
            sections.extend(provide(dyad=dyad, db=db))
        except TypeError:
            sections.extend(provide())
    return sections


def _render_table(frame: pd.DataFrame) -> _RenderedTable:
    def cell(v) -> str:
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return ""
        if isinstance(v, float):
            return f"{v:.3g}" if abs(v) < 1e4 else f"{v:,.0f}"
        return str(v)

    return _RenderedTable(
        [str(c) for c in frame.columns],
        [[cell(v) for v in row] for row in frame.itertuples(index=False)],
    )


def build_report(dyad: str = "USA-RUS", db: str | Path | None = None) -> str:
    """Render the whole report as one HTML string."""
    import plotly.offline

    pair = parse_dyad(dyad)
    sections = core_sections(dyad, db) + _provider_sections(str(pair), db)
    sections.sort(key=lambda s: s.order)
    rendered = []
    for s in sections:
        rendered.append(
            {
                "title": s.title,
                "summary": s.summary,
                "figures": [
                    {
                        "html": f.figure.to_html(
                            include_plotlyjs=False, full_html=False, config={"displaylogo": False}
                        ),
                        "caption": f.caption,
                    }
                    for f in s.figures
                ],
                "tables": [(c, _render_table(t)) for c, t in s.tables],
            }
        )
    env = Environment(
        loader=PackageLoader("dyadwatch.report", "templates"), autoescape=select_autoescape()
    )
    return env.get_template("report.html.j2").render(
        title=f"dyadwatch report: {pair.a}–{pair.b}",
        version=__version__,
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        data_note="the store (the shipped, cited chronology plus any imported event data)",
        plotlyjs=plotly.offline.get_plotlyjs(),
        sections=rendered,
    )


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def write_report(
    out: str | Path = "report.html",
    *,
    dyad: str = "USA-RUS",
    db: str | Path | None = None,
    pdf: bool = False,
) -> list[Path]:
    """Write the HTML report (and a PDF beside it with ``pdf=True``); return the files written."""
    out = Path(out)
    browser = _chromium() if pdf else None
    if pdf and browser is None:
        raise DyadwatchError(
            "--pdf needs a headless Chromium to print the page",
            fix="install it (Debian: apt-get install chromium) or drop --pdf",
        )
    existed = out.exists()
    try:  # fail before the (slow) build when the target cannot be written
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise DyadwatchError(
            f"cannot write {out}: {exc.strerror}", fix="pass --out with a writable path"
        ) from None
    try:
        html = build_report(dyad, db)
    except BaseException:
        if not existed:
            out.unlink(missing_ok=True)
        raise
    out.write_text(html, encoding="utf-8")
    written = [out]
    if pdf:
        target = out.with_suffix(".pdf")
        with tempfile.TemporaryDirectory() as profile:
            proc = subprocess.run(
                [
                    browser,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--no-first-run",
                    f"--user-data-dir={profile}",
                    "--virtual-time-budget=10000",
                    "--no-pdf-header-footer",
                    f"--print-to-pdf={target}",
                    out.resolve().as_uri(),
                ],
                capture_output=True,
                text=True,
                timeout=180,
            )
        if proc.returncode != 0 or not target.exists():
            raise DyadwatchError(f"Chromium could not print {out} to PDF (exit {proc.returncode})")
        written.append(target)
    return written
