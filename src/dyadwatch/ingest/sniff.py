"""Which source a file's layout belongs to, from its first lines: refusing the wrong one up front.

A GDELT 2.0 file given as ``gdelt1`` (or an ICEWS file as ``gdelt1``...) would otherwise be read
row by row into the quarantine with exit status 0. The layouts tell the sources apart cheaply:
GDELT 1.0 rows have 57 or 58 tab-separated fields, GDELT 2.0 event rows 61, Mentions rows 16,
all without a header and with a numeric first field (GLOBALEVENTID); ICEWS and POLECAT files
start with a header whose names their readers know (:data:`~dyadwatch.sources.icews.ICEWS_ALIASES`,
:data:`~dyadwatch.sources.polecat.POLECAT_ALIASES`).
"""

from __future__ import annotations

import re
from collections import Counter

from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.rawfiles import PreparedFile

__all__ = ["SAMPLE_LINES", "looks_like", "refuse_foreign"]

#: Non-blank lines read from the top of each file.
SAMPLE_LINES = 20
_NAMES = {
    "gdelt1": "a GDELT 1.0 event file",
    "gdelt2": "a GDELT 2.0 event file",
    "mentions": "a GDELT 2.0 Mentions file",
    "icews": "an ICEWS event file",
    "polecat": "a POLECAT event file",
}
_WIDTHS = {57: "gdelt1", 58: "gdelt1", 61: "gdelt2", 16: "mentions"}
_ID = re.compile(r"^[0-9]+$")


def _sample(path) -> list[str]:
    lines: list[str] = []
    with path.open("rb") as f:
        for raw in f:
            text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if text.strip():
                lines.append(text)
            if len(lines) >= SAMPLE_LINES:
                break
    return lines


def _header_source(first: str) -> str | None:
    from dyadwatch.sources.canonical import header_positions
    from dyadwatch.sources.icews import ICEWS_ALIASES, ICEWS_REQUIRED
    from dyadwatch.sources.polecat import POLECAT_ALIASES, POLECAT_REQUIRED

    names = first.lstrip("\ufeff").split("\t")
    if len(names) == 1 and "," in names[0]:
        names = names[0].split(",")
    names = [n.strip().strip('"') for n in names]
    for source, aliases, required in (
        ("polecat", POLECAT_ALIASES, POLECAT_REQUIRED),
        ("icews", ICEWS_ALIASES, ICEWS_REQUIRED),
    ):
        pos = header_positions(names, aliases)
        if all(c in pos for c in required):
            return source
    return None


def looks_like(path) -> tuple[str | None, str]:
    """The source whose layout the file's first lines have, and the evidence, else ``None``."""
    lines = _sample(path)
    if not lines:
        return None, "no lines"
    by_header = _header_source(lines[0])
    if by_header:
        return by_header, "its header names"
    widths = Counter(len(line.split("\t")) for line in lines if _ID.match(line.split("\t")[0]))
    if not widths:
        return None, "no numeric first field"
    width, n = widths.most_common(1)[0]
    if n * 2 <= len(lines) or width not in _WIDTHS:
        return None, f"{width} tab-separated fields"
    return _WIDTHS[width], f"{width} tab-separated fields"


def refuse_foreign(source: str, files: list[PreparedFile]) -> None:
    """Raise when a file's layout is another source's, naming the source it looks like.

    Files whose layout matches no source pass: their rows are checked (and quarantined) one by
    one as before.
    """
    for f in files:
        seen, evidence = looks_like(f.path)
        if seen is None or seen == source:
            continue
        if seen == "mentions":
            fix = f"pass it with --mentions {f.original} (gdelt2 only), not as an event file"
        else:
            fix = f"import it as {seen}: dyadwatch ingest {seen} {f.original}"
        raise DyadwatchError(
            f"{f.original} looks like {_NAMES[seen]} ({evidence}), not {_NAMES[source]}",
            where="SOURCE",
            fix=fix,
        )
