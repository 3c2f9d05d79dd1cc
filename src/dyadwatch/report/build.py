"""``dyadwatch report``: one self-contained HTML file (plots embedded, no external requests)."""

from __future__ import annotations

import datetime as dt
import importlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from dyadwatch import __version__
from dyadwatch.errors import DyadwatchError
from dyadwatch.freshness import STALE_DAYS
from dyadwatch.report.numbers import human
from dyadwatch.report.section import Section
from dyadwatch.study import Study

__all__ = ["build_report", "write_report", "SECTION_MODULES"]

#: Modules of :mod:`dyadwatch.report.sections` whose ``sections(study)`` make the report.
SECTION_MODULES: list[str] = [
    "dyadwatch.report.sections.timeline",
    "dyadwatch.report.sections.cycle",
    "dyadwatch.report.sections.structure",
    "dyadwatch.report.sections.unga",
    "dyadwatch.report.sections.trust",
    "dyadwatch.report.sections.neighbours",
]
#: Model modules that still provide ``report_sections()`` themselves (being moved).
LEGACY_PROVIDERS: list[str] = [
    "dyadwatch.models.escalation",
    "dyadwatch.models.threats",
]


@dataclass
class _RenderedTable:
    columns: list[str]
    rows: list[list[str]]


def report_sections(study) -> list[Section]:
    """Every section of the report for ``study``, in reading order."""
    sections: list[Section] = []
    for name in SECTION_MODULES:
        sections.extend(importlib.import_module(name).sections(study))
    for name in LEGACY_PROVIDERS:
        module = importlib.import_module(name)
        if hasattr(module, "report_sections"):
            sections.extend(module.report_sections())
    return sorted(sections, key=lambda s: s.order)


def _scalar(v):
    """numpy scalars as Python numbers, so that :func:`human` formats them."""
    import numpy as np

    return v.item() if isinstance(v, np.generic) else v


def _render_table(frame: pd.DataFrame) -> _RenderedTable:
    return _RenderedTable(
        [str(c) for c in frame.columns],
        [[human(_scalar(v)) for v in row] for row in frame.itertuples(index=False)],
    )


def build_report(study: Study | str = "USA-RUS", db: str | Path | None = None) -> str:
    """Render the whole report as one HTML string.

    Args:
        study: a :class:`~dyadwatch.study.Study`, or a dyad (then a Study over ``db``).
        db: the store, when ``study`` is a dyad.
    """
    import plotly.offline

    if not isinstance(study, Study):
        study = Study(study, db=db)
    pair = study.pair
    sections = report_sections(study)
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
        freshness=study.freshness_note,
        stale=bool(len(study.freshness)) and min(study.freshness["age_days"]) > STALE_DAYS,
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
            "{pdf} needs a headless Chromium to print the page",
            fix="install it (Debian: apt-get install chromium) or drop {pdf}",
        )
    existed = out.exists()
    try:  # fail before the (slow) build when the target cannot be written
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise DyadwatchError(
            f"cannot write {out}: {exc.strerror}", fix="pass {out} with a writable path"
        ) from None
    try:
        with Study(dyad, db=db) as study:
            html = build_report(study)
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
