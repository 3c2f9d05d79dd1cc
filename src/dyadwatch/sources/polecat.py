"""POLECAT event files into canonical events.

POLECAT (Halterman et al. 2023, *PLOVER and POLECAT: A New Political Event Ontology and
Dataset*; Harvard Dataverse doi:10.7910/DVN/AJGVIT) continues ICEWS from 2018 with the PLOVER
ontology instead of CAMEO. Its weekly and yearly files are tab-separated with a header, and the
column names differ between releases (``Event ID``/``event_id``, ``Actor Country``/
``actor_country``, ...), so the reader is header-driven: :data:`POLECAT_ALIASES` lists the
names accepted for each column. Two known release quirks are handled (Beger, "POLECAT Event
Data", 2024): a header with a stray ``Headline`` name that the rows lack (the name is dropped),
and rows with extra empty trailing tabs (ignored while empty).

Mapping:

* ``event_id`` Event ID; ``date`` Event Date (first 10 characters, ``YYYY-MM-DD``);
* ``actor1``/``actor2`` Actor/Recipient Country: ISO3 codes are kept, names are mapped as for
  ICEWS; unknown values kept as given (flag ``actorN_unmapped_country``);
* ``cameo``: PLOVER has no CAMEO codes. :data:`PLOVER_TO_CAMEO` gives, for each PLOVER event
  type, the generic CAMEO code of the root that the Open Event Data Alliance crosswalk
  (``CAMEO2PLOVER-2021.txt`` in the PLOVER repository) maps to it — e.g. CONSULT → 040,
  ASSAULT → 180 (the crosswalk maps roots 18–20 to ASSAULT; 180 is used); types without a CAMEO
  counterpart quarantine the row. The original type is kept in ``description``
  (``PLOVER:TYPE/mode``) and the flag ``cameo_from_plover`` is set;
* ``goldstein``/``quad_class`` from that code on ICEWS's scale (POLECAT succeeds ICEWS);
* ``weight`` = 1.0.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.canonical import (
    PORTABLE,
    REPEATED_HEADER,
    PortableEngine,
    cameo_lookup,
    canonical_select,
    country_lookup,
    date_range_ok,
    field,
    first_reason,
    flags_list,
    header_positions,
    normalise_name,
    ussr,
)

__all__ = [
    "POLECAT_ALIASES",
    "POLECAT_REQUIRED",
    "PLOVER_TO_CAMEO",
    "polecat_header",
    "polecat_layout",
    "polecat_events",
]

POLECAT_ALIASES: dict[str, tuple[str, ...]] = {
    "event_id": ("event_id", "id", "eventid"),
    "event_date": ("event_date", "date", "story_date"),
    "event_type": ("event_type", "plover_event_type", "type"),
    "event_mode": ("event_mode", "mode"),
    "actor_country": ("actor_country", "source_country", "actor_country_code"),
    "recipient_country": ("recipient_country", "target_country", "recipient_country_code"),
    "actor_name": ("actor_name", "source_name", "actor"),
    "recipient_name": ("recipient_name", "target_name", "recipient"),
    "publisher": ("publisher", "source", "feed"),
    "url": ("url", "story_url", "source_url"),
}
POLECAT_REQUIRED = ("event_id", "event_date", "event_type", "actor_country", "recipient_country")

#: PLOVER event type -> generic CAMEO code of its root in the OEDA CAMEO2PLOVER-2021 crosswalk.
PLOVER_TO_CAMEO: dict[str, str] = {
    "AGREE": "030",
    "CONSULT": "040",
    "SUPPORT": "050",
    "COOPERATE": "060",
    "AID": "070",
    "CONCEDE": "080",
    "RETREAT": "080",
    "INVESTIGATE": "090",
    "DEMAND": "100",
    "DISAPPROVE": "110",
    "ACCUSE": "112",
    "REJECT": "120",
    "THREATEN": "130",
    "PROTEST": "140",
    "MOBILIZE": "150",
    "SANCTION": "160",
    "COERCE": "170",
    "ASSAULT": "180",
}


def polecat_header(header: list[str], first_fields: int | None) -> list[str]:
    """The header as the rows use it (drops a stray ``Headline`` the rows lack)."""
    keys = [normalise_name(h) for h in header]
    if "headline" in keys and first_fields is not None and first_fields < len(header):
        i = keys.index("headline")
        return header[:i] + header[i + 1 :]
    return header


def polecat_layout(header: list[str], *, where: str) -> dict[str, int]:
    """Column positions for a POLECAT header; raises when a needed column is missing."""
    pos = header_positions(header, POLECAT_ALIASES)
    missing = [c for c in POLECAT_REQUIRED if c not in pos]
    if missing:
        raise DyadwatchError(
            f"POLECAT header lacks {', '.join(missing)}",
            where=f"{where}, line 1",
            fix="pass POLECAT event files with their header row (Event ID, Event Date, ...)",
        )
    return pos


def _plover() -> ir.Table:
    return ibis.memtable(
        pa.table(
            {
                "plover_type": list(PLOVER_TO_CAMEO),
                "plover_code": list(PLOVER_TO_CAMEO.values()),
            }
        )
    )


def _with_lookups(raw: ir.Table, pos: dict[str, int], engine: PortableEngine) -> ir.Table:
    """Raw rows joined to the PLOVER crosswalk, the CAMEO table and the country names."""
    plover = _plover()
    t = raw.left_join(plover, field(raw, pos["event_type"]).upper() == plover.plover_type)
    t = t.select(raw, plover.plover_code)
    cameo = cameo_lookup("icews", engine)
    t = t.left_join(cameo, t.plover_code == cameo.cameo_code).select(
        t, cameo.cameo_goldstein, cameo.cameo_quad
    )
    for side, name in (("a1", "actor_country"), ("a2", "recipient_country")):
        look = country_lookup(side, engine)
        t = t.left_join(look, field(t, pos[name]).lower() == look[f"key_{side}"]).select(
            t, look[f"iso_{side}"]
        )
    return t


def _parsed_once(
    t: ir.Table, pos: dict[str, int], *, width: int, n_header: int, engine: PortableEngine
) -> ir.Table:
    """``t`` with the date (``_date``) and the too-many-fields test (``_too_many``) parsed once."""
    iso = field(t, pos["event_date"]).substr(0, 10)
    too_many = ibis.literal(False)
    for i in range(n_header + 1, width + 1):
        too_many |= t[f"c{i}"].notnull()
    return engine.view(
        t.mutate(
            _date=ibis.ifelse(
                iso.re_search(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$").fill_null(False),
                iso.try_cast("date"),
                None,
            ),
            _too_many=too_many,
        )
    )


def _reason(
    t: ir.Table, event_id: ir.StringValue, *, n_header: int, max_date: dt.date
) -> ir.StringValue:
    """The first quarantine reason that applies to a row (null when it is accepted)."""
    date = t._date
    rules = [
        (t.bad_encoding, "not valid UTF-8"),
        (t._too_many, f"more fields than the {n_header} header columns"),
        (event_id.isnull(), "Event ID is empty"),
        (
            event_id.lower().isin(["event_id", "event id", "id", "eventid"]).fill_null(False),
            REPEATED_HEADER,
        ),
        (date.isnull(), "Event Date is not a YYYY-MM-DD date"),
        (~date_range_ok(date, max_date), f"Event Date outside 1946-01-01..{max_date}"),
        (t.plover_code.isnull(), "PLOVER event type with no CAMEO counterpart"),
    ]
    return first_reason(rules)


def _actors(t: ir.Table, pos: dict[str, int]) -> tuple[list, list]:
    """``([actor1, actor2], flags)``: ISO3 codes (names mapped, USSR after 1991 kept) and flags."""
    actors = []
    flags = []
    for side, name, n in (("a1", "actor_country", 1), ("a2", "recipient_country", 2)):
        value = field(t, pos[name])
        iso_col = t[f"iso_{side}"]
        code = ibis.ifelse(iso_col.notnull(), iso_col, value)
        code, was = ussr(code, t._date)
        actors.append(code)
        flags += [
            (was, f"actor{n}_ussr"),
            (value.notnull() & iso_col.isnull(), f"actor{n}_unmapped_country"),
        ]
    flags.append((ibis.literal(True), "cameo_from_plover"))
    return actors, flags


def polecat_events(
    raw: ir.Table,
    pos: dict[str, int],
    *,
    width: int,
    n_header: int,
    max_date: dt.date,
    engine: PortableEngine = PORTABLE,
) -> ir.Table:
    """Parse raw POLECAT rows into the parsed canonical table (see :mod:`.canonical`)."""
    t = _with_lookups(raw, pos, engine)
    t = _parsed_once(t, pos, width=width, n_header=n_header, engine=engine)

    def c(name: str) -> ir.StringValue | None:
        return field(t, pos[name]) if name in pos else None

    reason = _reason(t, c("event_id"), n_header=n_header, max_date=max_date)
    actors, flags = _actors(t, pos)
    mode = c("event_mode")
    description = "PLOVER:" + c("event_type").upper()
    if mode is not None:
        description = ibis.ifelse(mode.notnull(), description + "/" + mode, description)
    values = {
        "event_id": c("event_id"),
        "source": ibis.literal("polecat"),
        "date": t._date,
        "actor1": actors[0],
        "actor2": actors[1],
        "actor1_detail": c("actor_name"),
        "actor2_detail": c("recipient_name"),
        "cameo": t.plover_code,
        "goldstein": t.cameo_goldstein,
        "quad_class": t.cameo_quad,
        "weight": ibis.literal(1.0),
        "description": description,
        "citation": c("publisher"),
        "url": c("url"),
        "flags": flags_list(flags),
    }
    return canonical_select(t, values, reason, width, engine)
