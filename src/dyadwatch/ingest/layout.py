"""Files grouped by layout, each group with the source reader that parses it."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dyadwatch.sources.rawfiles import OVERFLOW, PreparedFile

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["Group", "groups"]


@dataclass
class Group:
    """Files sharing one layout, and how to parse them."""

    files: list[PreparedFile]
    width: int
    header: bool
    build: object  # callable(raw: ir.Table) -> ir.Table (parsed)
    delimiter: str = "\t"


def groups(source: str, files: list[PreparedFile], max_date: dt.date) -> list[Group]:
    """The files grouped by layout; a file whose layout is another source's is refused."""
    from dyadwatch.ingest.sniff import refuse_foreign

    refuse_foreign(source, files)
    if source in ("gdelt1", "gdelt2"):
        from dyadwatch.sources.gdelt import LAYOUTS, gdelt_events

        width = LAYOUTS[source][2] + OVERFLOW

        def build(raw: ir.Table, view, _w: int = width) -> ir.Table:
            return gdelt_events(raw, source, width=_w, max_date=max_date, engine=view)

        return [Group(files, width, False, build)] if files else []
    by_header: dict[tuple[str, ...], list[PreparedFile]] = {}
    for f in files:
        by_header.setdefault(tuple(f.header or []), []).append(f)
    groups = []
    for header, members in by_header.items():
        where = str(members[0].original)
        delimiter = "\t"
        names = list(header)
        if len(names) == 1 and "," in names[0]:
            delimiter = ","
            names = next(csv.reader([names[0]]))
        if source == "icews":
            from dyadwatch.sources.icews import icews_events, icews_layout

            pos = icews_layout(names, where=where)
            fn = icews_events
        else:
            from dyadwatch.sources.polecat import polecat_events, polecat_header, polecat_layout

            names = polecat_header(names, members[0].first_fields)
            pos = polecat_layout(names, where=where)
            fn = polecat_events
        width = len(names) + OVERFLOW

        def build(raw, view, _pos=pos, _w=width, _n=len(names), _fn=fn):
            return _fn(raw, _pos, width=_w, n_header=_n, max_date=max_date, engine=view)

        groups.append(Group(members, width, True, build, delimiter))
    return groups
