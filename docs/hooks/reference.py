"""mkdocs hook: the Reference pages, generated from the public API (``dyadwatch._EXPORTS``).

Every public name gets a mkdocstrings block on the page of its layer, so the reference cannot
fall behind the API: a name added to ``_EXPORTS`` appears on the next build, and a name whose
module moved is found where ``_EXPORTS`` now says it lives.
"""

from __future__ import annotations

import importlib

from mkdocs.structure.files import File

#: page -> (title, introduction, module prefixes whose public names it documents)
PAGES = {
    "reference/study.md": (
        "Study and the public functions",
        "`dw.Study` opens the store once and computes each result on first use; the functions "
        "beside it are one-line shortcuts over a `Study`.",
        ("dyadwatch.study", "dyadwatch.api"),
    ),
    "reference/data.md": (
        "Data: events, the store, sources",
        "The canonical event table, the store that holds it and the readers of each source.",
        (
            "dyadwatch.store",
            "dyadwatch.sources",
            "dyadwatch.schema",
            "dyadwatch.cameo",
            "dyadwatch.dyads",
            "dyadwatch.errors",
            "dyadwatch.queries",
        ),
    ),
    "reference/cycle.md": (
        "Measures and the cycle",
        "The relations index, UN vote alignment, the stages and the landmarks test.",
        ("dyadwatch.measures", "dyadwatch.cycle"),
    ),
    "reference/claims.md": (
        "Structure versus personality",
        "The tests of the essay's second claim.",
        ("dyadwatch.claims",),
    ),
    "reference/models.md": (
        "Models: risk, threats, trust, neighbours",
        "Prospect theory, the escalation game, ACH and signal detection, the security spiral, "
        "norm trust and the neighbours' alignment.",
        ("dyadwatch.models",),
    ),
    "reference/outputs.md": (
        "Outputs: the report and the web app",
        "The HTML report and the dashboard's application factory.",
        ("dyadwatch.report", "dyadwatch.web", "dyadwatch.plots"),
    ),
}
FALLBACK_PAGE = "reference/data.md"


def page_of(module: str) -> str:
    """The reference page that documents a name defined in ``module``."""
    for page, (_title, _intro, prefixes) in PAGES.items():
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return page
    return FALLBACK_PAGE


def pages() -> dict[str, str]:
    """Markdown of every reference page, from ``dyadwatch._EXPORTS`` in its order."""
    exports = importlib.import_module("dyadwatch")._EXPORTS
    names: dict[str, list[str]] = {page: [] for page in PAGES}
    for name, module in exports.items():
        names[page_of(module)].append(f"{module}.{name}")
    out = {}
    for page, (title, intro, _prefixes) in PAGES.items():
        blocks = "\n\n".join(f"::: {path}" for path in names[page])
        out[page] = f"# {title}\n\n{intro}\n\n{blocks}\n"
    return out


def on_files(files, config, **kwargs):
    for page, text in pages().items():
        files.append(File.generated(config, page, content=text))
    return files
