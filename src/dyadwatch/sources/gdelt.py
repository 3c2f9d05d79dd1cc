"""GDELT 1.0 and 2.0 event files into canonical events.

Layouts (tab-separated, no header; Leetaru & Schrodt 2013, *GDELT 1.0 Event Database Data
Format Codebook V1.03*; GDELT 2.0 *Event Codebook V2.0*, 2015):

* GDELT 1.0 historical files (1979 to 2013-03-31, yearly then monthly ``.zip``): 57 columns.
* GDELT 1.0 daily files (from 2013-04-01, ``YYYYMMDD.export.CSV.zip``): 58 columns, the 58th
  being SOURCEURL. Both layouts share the first 57 columns, so one reader takes either, even
  mixed in one file (the shared sample file is).
* GDELT 2.0 15-minute files (from 2015-02-18, ``YYYYMMDDHHMMSS.export.CSV.zip``): 61 columns:
  the three geography blocks gain an ADM2Code, DATEADDED becomes ``YYYYMMDDHHMMSS``.
* GDELT 2.0 Mentions (``.mentions.CSV.zip``, 16 columns): one row per article mentioning an
  event, with the coder's Confidence (10–100); :func:`mentions_confidence` reduces it to the
  maximum confidence per GlobalEventID, for the import's quality filter
  (``dyadwatch ingest gdelt2 ... --mentions ... --min-confidence N``, rules ``min_confidence``
  and ``no_mentions`` in :mod:`dyadwatch.ingest`).

Mapping to the canonical table:

* ``event_id`` GLOBALEVENTID; ``date`` SQLDATE (when the event happened, not DATEADDED);
* ``actor1``/``actor2`` Actor1CountryCode/Actor2CountryCode — never the FIPS codes of the
  geography columns; empty codes are null (GDELT codes no country for about half its events;
  those rows are kept, so the store's daily totals match GDELT's own normalisation files);
  USSR/SUN/USR before 1992 become RUS with the flag ``actor1_ussr``/``actor2_ussr``; other codes
  kept as given;
* ``actor1_detail``/``actor2_detail`` Actor1Code/Actor2Code (e.g. ``USAGOV``);
* ``cameo`` EventCode as text; ``goldstein`` and ``quad_class`` from the shipped CAMEO table on
  GDELT's scale (the file's GoldsteinScale is checked: a difference adds the flag
  ``goldstein_differs_from_file``; a QuadClass that disagrees with the code quarantines the row,
  which catches shifted columns);
* ``weight`` = NumArticles: the number of source documents that mentioned the event when it was
  first seen (GDELT's own suggestion for weighting by importance); NumMentions, NumSources,
  NumArticles, AvgTone, IsRootEvent and SOURCEURL (as ``url``) are kept.

Rows are quarantined (with the reason) when a field is malformed: wrong column count, a
GLOBALEVENTID that is not a positive whole number (``-5``, ``1e5``), a SQLDATE that is not a
real date or lies outside 1946-01-01..today, an unknown CAMEO code, counts that are not whole
numbers 0 or more (``-5``, ``1.5``), an AvgTone that is not a finite number in -100..100
(``1e308``, ``inf``, ``nan``; the tone is a percentage difference, GDELT codebook), IsRootEvent
not 0/1, a control character (NUL...) in a stored text field. A GoldsteinScale in the file that
is not a number in -10..10 leaves the row usable (the score comes from the CAMEO table) and
adds the flag ``goldstein_in_file_invalid``.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from dyadwatch.sources.canonical import (
    PORTABLE,
    PortableEngine,
    cameo_lookup,
    canonical_select,
    date_range_ok,
    field,
    finite_in,
    first_reason,
    flags_list,
    is_count,
    is_positive_id,
    is_whole,
    ussr,
)

__all__ = [
    "GDELT1_COLUMNS",
    "GDELT2_COLUMNS",
    "MENTIONS_COLUMNS",
    "LAYOUTS",
    "gdelt_events",
    "mentions_confidence",
]

_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_EVENT = (
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
)
_GEO1 = ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")
_GEO2 = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_HEAD = ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
_ACTORS = tuple(f"Actor1{c}" for c in _ACTOR) + tuple(f"Actor2{c}" for c in _ACTOR)

#: GDELT 1.0 columns (58: the daily layout; the historical layout is the first 57).
GDELT1_COLUMNS = (
    _HEAD
    + _ACTORS
    + _EVENT
    + tuple(f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in _GEO1)
    + ("DATEADDED", "SOURCEURL")
)
#: GDELT 2.0 event columns (61).
GDELT2_COLUMNS = (
    _HEAD
    + _ACTORS
    + _EVENT
    + tuple(f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in _GEO2)
    + ("DATEADDED", "SOURCEURL")
)
#: GDELT 2.0 Mentions columns (16).
MENTIONS_COLUMNS = (
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)

#: source -> (columns, minimum and maximum number of fields a row may have)
LAYOUTS = {
    "gdelt1": (GDELT1_COLUMNS, 57, 58),
    "gdelt2": (GDELT2_COLUMNS, 61, 61),
}


def _pos(columns: tuple[str, ...], name: str) -> int:
    return columns.index(name) + 1


def _counts(columns: tuple[str, ...]) -> list[str]:
    """The raw columns of NumMentions, NumSources and NumArticles."""
    return [f"c{_pos(columns, n)}" for n in ("NumMentions", "NumSources", "NumArticles")]


def _parsed_once(
    raw: ir.Table, columns: tuple[str, ...], *, max_fields: int, width: int, engine: PortableEngine
) -> ir.Table:
    """Raw rows joined to the CAMEO table, with every value the rules read parsed once."""

    def p(name: str) -> str:
        return f"c{_pos(columns, name)}"

    cameo = cameo_lookup("gdelt", engine)
    t = raw.left_join(cameo, raw[p("EventCode")] == cameo.cameo_code)
    t = t.select(raw, cameo.cameo_goldstein, cameo.cameo_quad)
    counts = _counts(columns)
    too_many = ibis.literal(False)
    for i in range(max_fields + 1, width + 1):
        too_many |= t[f"c{i}"].notnull()
    return engine.view(
        t.mutate(
            _date=engine.yyyymmdd(t[p("SQLDATE")]),
            _mentions=t[counts[0]].try_cast("int64"),
            _sources=t[counts[1]].try_cast("int64"),
            _articles=t[counts[2]].try_cast("int64"),
            _tone=t[p("AvgTone")].try_cast("float64"),
            _gold=t[p("GoldsteinScale")].try_cast("float64"),
            _too_many=too_many,
        )
    )


def _reason(s1: ir.Table, source: str, max_date: dt.date) -> ir.StringValue:
    """The first quarantine reason that applies to a parsed row (null when it is accepted)."""
    columns, min_fields, max_fields = LAYOUTS[source]

    def p(name: str) -> str:
        return f"c{_pos(columns, name)}"

    date = s1._date
    counts = _counts(columns)
    tone, root, quad_file = s1[p("AvgTone")], s1[p("IsRootEvent")], s1[p("QuadClass")]
    rules = [
        (s1.bad_encoding, "not valid UTF-8"),
        (s1._too_many, f"more than {max_fields} tab-separated columns"),
        (s1[f"c{min_fields}"].isnull(), f"fewer than {min_fields} tab-separated columns"),
        (~is_positive_id(s1[p("GLOBALEVENTID")]), "GLOBALEVENTID is not a positive whole number"),
        (date.isnull(), "SQLDATE is not a YYYYMMDD calendar date"),
        (~date_range_ok(date, max_date), f"SQLDATE outside 1946-01-01..{max_date}"),
        (s1.cameo_goldstein.isnull(), "unknown CAMEO code in EventCode"),
        (
            quad_file.notnull() & (quad_file != s1.cameo_quad.cast("string")),
            "QuadClass disagrees with the CAMEO code (columns shifted?)",
        ),
        (
            ~is_count(s1[counts[0]]) | ~is_count(s1[counts[1]]) | ~is_count(s1[counts[2]]),
            "NumMentions, NumSources or NumArticles is not a whole number 0 or more",
        ),
        (
            tone.notnull() & ~finite_in(s1._tone, -100.0, 100.0),
            "AvgTone is not a finite number in -100..100",
        ),
        (root.notnull() & ~root.isin(["0", "1"]), "IsRootEvent is not 0 or 1"),
    ]
    return first_reason(rules)


def gdelt_events(
    raw: ir.Table, source: str, *, width: int, max_date: dt.date, engine: PortableEngine = PORTABLE
) -> ir.Table:
    """Parse raw GDELT rows (text columns ``c1..c{width}``) into the parsed canonical table.

    Args:
        raw: table with ``filename``, ``line``, ``bad_encoding`` and ``c1..c{width}``.
        source: ``gdelt1`` or ``gdelt2``.
        width: number of text columns read (the layout's maximum plus spare columns).
        max_date: latest allowed event date.
        engine: materialises intermediate steps and parses dates the engine's way (see
            :class:`~dyadwatch.sources.canonical.PortableEngine`).
    """
    columns, _, max_fields = LAYOUTS[source]

    def p(name: str) -> str:
        return f"c{_pos(columns, name)}"

    s1 = _parsed_once(raw, columns, max_fields=max_fields, width=width, engine=engine)
    date = s1._date
    reason = _reason(s1, source, max_date)
    a1, ussr1 = ussr(s1[p("Actor1CountryCode")], date)
    a2, ussr2 = ussr(s1[p("Actor2CountryCode")], date)
    differs = (s1._gold - s1.cameo_goldstein).abs() > 1e-9
    gold_file = s1[p("GoldsteinScale")]
    values = {
        "event_id": s1[p("GLOBALEVENTID")],
        "source": ibis.literal(source),
        "date": date,
        "actor1": a1,
        "actor2": a2,
        "actor1_detail": s1[p("Actor1Code")],
        "actor2_detail": s1[p("Actor2Code")],
        "cameo": s1[p("EventCode")],
        "goldstein": s1.cameo_goldstein,
        "quad_class": s1.cameo_quad,
        "weight": s1._articles.cast("float64"),
        "url": s1[p("SOURCEURL")] if "SOURCEURL" in columns else None,
        "flags": flags_list(
            [
                (ussr1, "actor1_ussr"),
                (ussr2, "actor2_ussr"),
                (differs, "goldstein_differs_from_file"),
                (
                    gold_file.notnull() & ~finite_in(s1._gold, -10.0, 10.0),
                    "goldstein_in_file_invalid",
                ),
            ]
        ),
        "is_root_event": s1[p("IsRootEvent")] == "1",
        "num_mentions": s1._mentions,
        "num_sources": s1._sources,
        "num_articles": s1._articles,
        "avg_tone": s1._tone,
    }
    return canonical_select(s1, values, reason, width, engine)


def mentions_confidence(raw: ir.Table) -> ir.Table:
    """GDELT 2.0 Mentions rows to ``(event_id, max_confidence, mentions)`` per GlobalEventID.

    ``raw`` has the text columns ``c1..cN`` of the 16-column layout (:data:`MENTIONS_COLUMNS`);
    rows whose GLOBALEVENTID or Confidence is not a whole number are skipped (they rate
    nothing), ``mentions`` counts the rows used.
    """
    eid = field(raw, 1)
    conf = field(raw, MENTIONS_COLUMNS.index("Confidence") + 1)
    ok = is_whole(eid) & is_whole(conf)
    t = raw.filter(ok).select(event_id=eid, confidence=conf.try_cast("int64"))
    return t.group_by("event_id").aggregate(max_confidence=t.confidence.max(), mentions=t.count())
