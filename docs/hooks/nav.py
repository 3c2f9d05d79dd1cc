"""mkdocs hook: append every page that mkdocs.yml's nav does not list to its folder's section.

Other work adds pages (``docs/explanation/store.md``, ``docs/idealpoints.md``...) without
editing the nav: a page in ``tutorials/``, ``how-to/``, ``explanation/`` or ``reference/`` joins
that section, after the listed pages, in file-name order; a page at the top of ``docs/`` joins
Explanation. With ``validation.nav.omitted_files: warn`` and ``--strict`` a page that still ends
up outside the nav (a new folder) fails the build instead of vanishing.
"""

from __future__ import annotations

from pathlib import Path

PAGE_SUFFIXES = (".md", ".ipynb")
FOLDER_OF_SECTION = {
    "Tutorials": "tutorials",
    "How-to guides": "how-to",
    "Explanation": "explanation",
    "Reference": "reference",
}
TOP_LEVEL_SECTION = "Explanation"


def _listed(nav) -> set[str]:
    found: set[str] = set()
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found |= _listed(value)
        elif isinstance(value, str):
            found.add(value)
    return found


def _section(nav, title: str) -> list | None:
    for item in nav:
        if isinstance(item, dict) and title in item and isinstance(item[title], list):
            return item[title]
    return None


def _hidden(parts: tuple[str, ...]) -> bool:
    return parts[0] == "hooks" or any(part.startswith(".") for part in parts)


def on_config(config, **kwargs):
    nav = config.get("nav")
    if not nav:
        return config
    docs = Path(config["docs_dir"])
    listed = _listed(nav)
    pages = sorted(
        p.relative_to(docs).as_posix()
        for p in docs.rglob("*")
        if p.suffix in PAGE_SUFFIXES and not _hidden(p.relative_to(docs).parts)
    )
    for page in pages:
        if page in listed:
            continue
        folder = page.split("/")[0] if "/" in page else None
        title = next((t for t, f in FOLDER_OF_SECTION.items() if f == folder), None)
        if folder is None:
            title = TOP_LEVEL_SECTION
        section = _section(nav, title) if title else None
        if section is not None:
            section.append(page)
    return config
