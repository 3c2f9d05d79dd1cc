"""ICEWS coded event files into canonical events.

ICEWS (Boschee et al. 2015, Harvard Dataverse doi:10.7910/DVN/28075) ships one tab-separated
file per year (and, from late 2018, weekly files), with a header row of names such as
``Event ID``, ``Event Date``, ``Source Name``, ``Source Country``, ``CAMEO Code``,
``Target Country``; fields are never quoted. The reader is header-driven: it finds columns by
name (``Event ID`` and ``event_id`` both work, so the R package's cleaned CSV reads too) and
refuses a file that lacks the ones it needs, naming them.

Mapping:

* ``event_id`` = ``{Event ID}_{Event Date}``: ICEWS's Event ID is *not* unique on its own; with
  the event date it is (Beger, *icews* R package vignette "ICEWS event data", 2020);
* ``actor1``/``actor2`` from Source/Target Country, full English names mapped to ISO3 by
  :mod:`~dyadwatch.sources.countries` (pycountry plus a documented override table); a name
  that does not map is kept as given with the flag ``actor1_unmapped_country``; empty is null;
* ``actor1_detail``/``actor2_detail`` Source/Target Name; ``description`` Event Text;
  ``citation`` Publisher and Story ID;
* ``goldstein`` and ``quad_class`` from the shipped CAMEO table on *ICEWS's* Goldstein scale
  (it differs from GDELT's on 016, 022, 164, 165 and has 1213); the file's Intensity is only
  checked (flag ``goldstein_differs_from_file``);
* ``weight`` = 1.0: ICEWS has no mention counts, every coded event counts once.

The 2017 quirks (file ``Events.2017.20201006.tab``; icews R package issues #57, #73, #74): its
dates are ``M/D/YYYY`` instead of ``YYYY-MM-DD`` — both are read; and it has no ``CAMEO Code``
column — the code is then recovered from ``Event Text`` by the codebook name (flag
``cameo_from_event_text``); a text that names no code, or more than one, quarantines the row.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.canonical import (
    PORTABLE,
    REPEATED_HEADER,
    PortableEngine,
    cameo_by_name,
    cameo_lookup,
    canonical_select,
    country_lookup,
    date_range_ok,
    field,
    finite_in,
    first_reason,
    flags_list,
    header_positions,
    is_number,
    is_positive_id,
    ussr,
)

__all__ = ["ICEWS_ALIASES", "ICEWS_REQUIRED", "icews_layout", "icews_events", "parse_any_date"]

#: Logical column -> accepted header names (normalised: lower case, spaces as underscores).
ICEWS_ALIASES: dict[str, tuple[str, ...]] = {
    "event_id": ("event_id",),
    "event_date": ("event_date",),
    "source_name": ("source_name",),
    "source_country": ("source_country",),
    "event_text": ("event_text",),
    "cameo_code": ("cameo_code",),
    "intensity": ("intensity",),
    "target_name": ("target_name",),
    "target_country": ("target_country",),
    "story_id": ("story_id",),
    "publisher": ("publisher",),
}
ICEWS_REQUIRED = ("event_id", "event_date", "source_country", "target_country")


def icews_layout(header: list[str], *, where: str) -> dict[str, int]:
    """Column positions for an ICEWS header; raises when a needed column is missing."""
    pos = header_positions(header, ICEWS_ALIASES)
    missing = [c for c in ICEWS_REQUIRED if c not in pos]
    if "cameo_code" not in pos and "event_text" not in pos:
        missing.append("cameo_code (or event_text)")
    if missing:
        raise DyadwatchError(
            f"ICEWS header lacks {', '.join(missing)}",
            where=f"{where}, line 1",
            fix="pass ICEWS event files with their header row (Event ID, Event Date, ...)",
        )
    return pos


def parse_any_date(x: ir.StringValue) -> ir.DateValue:
    """``YYYY-MM-DD`` (optionally followed by a time) or ``M/D/YYYY`` text to a date, else null."""
    iso = x.substr(0, 10)
    us = x.re_search(r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$").fill_null(False)
    month = x.re_extract(r"^([0-9]{1,2})/", 1).lpad(2, "0")
    day = x.re_extract(r"^[0-9]{1,2}/([0-9]{1,2})/", 1).lpad(2, "0")
    year = x.re_extract(r"/([0-9]{4})$", 1)
    from_us = (year + "-" + month + "-" + day).try_cast("date")
    is_iso = x.re_search(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$").fill_null(False)
    return ibis.cases((is_iso, iso.try_cast("date")), (us, from_us), else_=ibis.null("date"))


def _country(
    t: ir.Table, value: ir.StringValue, key: ir.StringValue, iso: ir.StringValue
) -> tuple[ir.StringValue, ir.BooleanValue]:
    code = ibis.ifelse(iso.notnull(), iso, value)
    unmapped = value.notnull() & iso.isnull()
    return code, unmapped


def _header_again(event_id: ir.StringValue) -> ir.BooleanValue:
    """True where the Event ID field holds the header's own name (a header repeated mid-file)."""
    names = [*ICEWS_ALIASES["event_id"], "event id"]
    return event_id.lower().isin(sorted(set(names))).fill_null(False)


def _with_lookups(raw: ir.Table, pos: dict[str, int], engine: PortableEngine) -> ir.Table:
    """Raw rows joined to the country names (``iso_a1``, ``iso_a2``) and the CAMEO table.

    The CAMEO code (``_code``) is the file's ``CAMEO Code``, or, in the 2017 layout that lacks
    it, the code whose codebook name is the row's ``Event Text``.
    """
    source_country = field(raw, pos["source_country"])
    c1 = country_lookup("a1", engine)
    c2 = country_lookup("a2", engine)
    t = raw.left_join(c1, source_country.lower() == c1.key_a1)
    t = t.select(raw, c1.iso_a1)
    t = t.left_join(c2, field(t, pos["target_country"]).lower() == c2.key_a2).select(t, c2.iso_a2)
    cameo = cameo_lookup("icews", engine)
    if "cameo_code" not in pos:
        names = cameo_by_name(engine)
        t = t.left_join(names, field(t, pos["event_text"]).lower() == names.text_key).select(
            t, names.text_code
        )
        code_expr = t.text_code
    else:
        code_expr = field(t, pos["cameo_code"])
    t = t.mutate(_code=code_expr)
    return t.left_join(cameo, t._code == cameo.cameo_code).select(
        t, cameo.cameo_goldstein, cameo.cameo_quad
    )


def _parsed_once(
    t: ir.Table, pos: dict[str, int], *, width: int, n_header: int, engine: PortableEngine
) -> ir.Table:
    """``t`` with the values the rules read parsed once: ``_date``, ``_too_many``, ``_eid_ok``."""
    too_many = ibis.literal(False)
    for i in range(n_header + 1, width + 1):
        too_many |= t[f"c{i}"].notnull()
    return engine.view(
        t.mutate(
            _date=parse_any_date(field(t, pos["event_date"])),
            _too_many=too_many,
            _eid_ok=is_positive_id(field(t, pos["event_id"])),
        )
    )


def _value(t: ir.Table, pos: dict[str, int], name: str) -> ir.StringValue | None:
    """The text of a logical column (null for R's ``NA``), or ``None`` when the file lacks it."""
    if name not in pos:
        return None
    value = field(t, pos[name])
    return ibis.ifelse(value == "NA", ibis.null("string"), value)  # R's missing value


def _reason(
    t: ir.Table, pos: dict[str, int], *, n_header: int, max_date: dt.date
) -> ir.StringValue:
    """The first quarantine reason that applies to a row (null when it is accepted)."""
    date = t._date
    from_text = "cameo_code" not in pos
    rules = [
        (t.bad_encoding, "not valid UTF-8"),
        (t._too_many, f"more fields than the {n_header} header columns"),
        (_header_again(field(t, pos["event_id"])), REPEATED_HEADER),
        (~t._eid_ok, "Event ID is not a positive whole number"),
        (date.isnull(), "Event Date is not a YYYY-MM-DD (or M/D/YYYY) date"),
        (~date_range_ok(date, max_date), f"Event Date outside 1946-01-01..{max_date}"),
        (
            t.cameo_goldstein.isnull(),
            "Event Text names no unique CAMEO code" if from_text else "unknown CAMEO code",
        ),
    ]
    return first_reason(rules)


def _intensity_flags(t: ir.Table, intensity: ir.StringValue | None) -> list:
    """Flags on the file's own Intensity, checked against the CAMEO table's Goldstein score."""
    if intensity is None:
        return []
    return [
        (
            intensity.notnull() & ~finite_in(intensity.try_cast("float64"), -10.0, 10.0),
            "goldstein_in_file_invalid",
        ),
        (
            is_number(intensity)
            & ((intensity.try_cast("float64") - t.cameo_goldstein).abs() > 1e-9),
            "goldstein_differs_from_file",
        ),
    ]


def _citation(publisher: ir.StringValue | None, story: ir.StringValue | None):
    """``Publisher, story {Story ID}`` where both are known, the publisher alone otherwise."""
    if publisher is None:
        return None
    if story is None:
        return publisher
    return ibis.ifelse(
        story.notnull(), publisher.fill_null("ICEWS") + ", story " + story, publisher
    )


def icews_events(
    raw: ir.Table,
    pos: dict[str, int],
    *,
    width: int,
    n_header: int,
    max_date: dt.date,
    engine: PortableEngine = PORTABLE,
) -> ir.Table:
    """Parse raw ICEWS rows into the parsed canonical table (see :mod:`.canonical`)."""
    t = _with_lookups(raw, pos, engine)
    t = _parsed_once(t, pos, width=width, n_header=n_header, engine=engine)

    def c(name: str) -> ir.StringValue | None:
        return _value(t, pos, name)

    date = t._date
    reason = _reason(t, pos, n_header=n_header, max_date=max_date)
    a1, un1 = _country(t, c("source_country"), None, t.iso_a1)
    a2, un2 = _country(t, c("target_country"), None, t.iso_a2)
    a1, ussr1 = ussr(a1, date)
    a2, ussr2 = ussr(a2, date)
    flags = [
        (ussr1, "actor1_ussr"),
        (ussr2, "actor2_ussr"),
        (un1, "actor1_unmapped_country"),
        (un2, "actor2_unmapped_country"),
        *_intensity_flags(t, c("intensity")),
    ]
    if "cameo_code" not in pos:
        flags.append((ibis.literal(True), "cameo_from_event_text"))
    values = {
        "event_id": c("event_id") + "_" + date.cast("string"),
        "source": ibis.literal("icews"),
        "date": date,
        "actor1": a1,
        "actor2": a2,
        "actor1_detail": c("source_name"),
        "actor2_detail": c("target_name"),
        "cameo": t._code,
        "goldstein": t.cameo_goldstein,
        "quad_class": t.cameo_quad,
        "weight": ibis.literal(1.0),
        "description": c("event_text"),
        "citation": _citation(c("publisher"), c("story_id")),
        "flags": flags_list(flags),
    }
    return canonical_select(t, values, reason, width, engine)
