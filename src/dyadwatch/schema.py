"""The canonical event table: one schema for every source, and its validation.

Every source (the curated chronology, GDELT 1.0/2.0, ICEWS, POLECAT) is read into this table.
Dyads are directed: ``actor1`` acts on ``actor2``.

| column | type | meaning |
|---|---|---|
| event_id | string | unique within source |
| source | string | chronology, gdelt1, gdelt2, icews, polecat |
| date | date32 | when the event happened |
| actor1, actor2 | string | ISO 3166-1 alpha-3 (or NATO, EU, UN, OSCE); unknown codes kept |
| actor1_detail, actor2_detail | string | the source's own actor code or name |
| cameo | string | CAMEO code, leading zeros kept |
| goldstein | float64 | from the CAMEO table for the source's scale, never typed |
| quad_class | int8 | 1–4 |
| weight | float64 | how much the event counts (mentions, sources or 1.0) |
| description, citation, url | string | where the source has them |
| tags | list<string> | essay factors and topics (chronology) |
| flags | list<string> | data-quality flags, e.g. ``actor1_ussr`` when USSR became RUS |
| is_root_event | bool | GDELT IsRootEvent (null elsewhere) |
| num_mentions, num_sources, num_articles | int64 | GDELT counts (null elsewhere) |
| avg_tone | float64 | GDELT AvgTone (null elsewhere) |
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:  # pandas is imported where it is used: importing the schema stays cheap
    import pandas as pd

__all__ = [
    "EVENT_SCHEMA",
    "EVENT_COLUMNS",
    "SOURCES",
    "ORGANISATIONS",
    "TAGS",
    "validate_events",
    "empty_events",
    "is_known_actor",
    "conform",
]

SOURCES = ("chronology", "gdelt1", "gdelt2", "icews", "polecat")

#: Organisation actor codes accepted beside ISO3 where the organisation is what acted.
ORGANISATIONS = frozenset({"NATO", "EU", "UN", "OSCE"})

#: Tags: the essay's factors, then topics.
FACTOR_TAGS = (
    "security_demand",
    "threat_real",
    "threat_perceived",
    "threat_contrived",
    "risk_taking",
    "cynicism",
    "norm_violation",
    "norm_compliance",
    "reset_attempt",
    "personal_diplomacy",
    "structural",
)
TOPIC_TAGS = (
    "summit",
    "arms_control",
    "sanctions",
    "expulsion",
    "enlargement",
    "war",
    "election",
    "protest",
    "energy",
    "trade",
    "aid",
    "cyber",
    "interference",
    "terrorism",
    "un",
    "nuclear",
    "espionage",
    "human_rights",
    "leader_change",
)
TAGS = FACTOR_TAGS + TOPIC_TAGS

EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("source", pa.string()),
        ("date", pa.date32()),
        ("actor1", pa.string()),
        ("actor2", pa.string()),
        ("actor1_detail", pa.string()),
        ("actor2_detail", pa.string()),
        ("cameo", pa.string()),
        ("goldstein", pa.float64()),
        ("quad_class", pa.int8()),
        ("weight", pa.float64()),
        ("description", pa.string()),
        ("citation", pa.string()),
        ("url", pa.string()),
        ("tags", pa.list_(pa.string())),
        ("flags", pa.list_(pa.string())),
        ("is_root_event", pa.bool_()),
        ("num_mentions", pa.int64()),
        ("num_sources", pa.int64()),
        ("num_articles", pa.int64()),
        ("avg_tone", pa.float64()),
    ]
)
EVENT_COLUMNS = tuple(EVENT_SCHEMA.names)
REQUIRED = ("event_id", "source", "date", "actor1", "actor2", "cameo", "goldstein", "quad_class")

MIN_DATE = dt.date(1946, 1, 1)
_ISO3 = re.compile(r"^[A-Z]{3}$")


@lru_cache(maxsize=1)
def _iso3_codes() -> frozenset[str]:
    import pycountry

    codes = {c.alpha_3 for c in pycountry.countries}
    codes |= {c.alpha_3 for c in pycountry.historic_countries}
    codes.add("XKX")  # Kosovo: user-assigned code used by the EU, IMF and World Bank
    return frozenset(codes)


def is_known_actor(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 country (current or historic) or an organisation code."""
    return code in ORGANISATIONS or code in _iso3_codes()


def empty_events() -> pd.DataFrame:
    """An empty canonical event frame with the right dtypes."""
    return EVENT_SCHEMA.empty_table().to_pandas()


def conform(frame: pd.DataFrame) -> pa.Table:
    """Cast a frame with canonical columns (missing optional ones filled with nulls) to Arrow."""
    import pandas as pd

    frame = frame.copy()
    n = len(frame)
    for field in EVENT_SCHEMA:
        if field.name not in frame.columns:
            if pa.types.is_list(field.type):
                frame[field.name] = [[] for _ in range(n)]
            elif field.name == "weight":
                frame[field.name] = 1.0
            else:
                frame[field.name] = None
    frame = frame[list(EVENT_COLUMNS)]
    if n and not isinstance(frame["date"].iloc[0], dt.date):
        frame["date"] = pd.to_datetime(frame["date"]).dt.date
    return pa.Table.from_pandas(frame, schema=EVENT_SCHEMA, preserve_index=False)


def validate_events(
    frame: pd.DataFrame,
    *,
    strict_actors: bool = True,
    scale: str = "gdelt",
    max_date: dt.date | None = None,
    known_tags: tuple[str, ...] | None = TAGS,
) -> pd.DataFrame:
    """Check a canonical event frame and return every violation, one row per problem.

    Args:
        frame: events with the canonical columns.
        strict_actors: reject actors that are not ISO3 or organisation codes (the curated data);
            raw event data keeps unknown codes instead (``strict_actors=False``).
        scale: the Goldstein scale the source uses (``gdelt`` or ``icews``).
        max_date: latest allowed date (default: today).
        known_tags: allowed tags, or None to accept any.

    Returns:
        A frame with columns ``row`` (position in ``frame``), ``event_id``, ``column``, ``value``,
        ``reason``; empty when the frame is valid.
    """
    import pandas as pd

    from dyadwatch.cameo import cameo_table

    problems: list[dict] = []
    max_date = max_date or dt.date.today()
    table = cameo_table()

    def add(i: int, column: str, value: object, reason: str) -> None:
        eid = frame["event_id"].iloc[i] if "event_id" in frame.columns else None
        problems.append(
            {"row": i, "event_id": eid, "column": column, "value": value, "reason": reason}
        )

    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        return pd.DataFrame(
            [
                {
                    "row": -1,
                    "event_id": None,
                    "column": c,
                    "value": None,
                    "reason": "missing column",
                }
                for c in missing
            ]
        )

    ids = frame["event_id"]
    dup = ids.duplicated(keep="first") & ids.notna()
    for i in range(len(frame)):
        row = frame.iloc[i]
        for col in REQUIRED:
            v = row[col]
            if v is None or (isinstance(v, float) and pd.isna(v)) or v == "":
                add(i, col, v, "required value is empty")
        if dup.iloc[i]:
            add(i, "event_id", row["event_id"], "duplicate event_id")
        if row["source"] not in SOURCES:
            add(i, "source", row["source"], f"unknown source; expected one of {', '.join(SOURCES)}")
        d = row["date"]
        if isinstance(d, pd.Timestamp):
            d = d.date()
        if isinstance(d, dt.date):
            if not MIN_DATE <= d <= max_date:
                add(i, "date", d, f"date outside {MIN_DATE}..{max_date}")
        elif d is not None and not (isinstance(d, float) and pd.isna(d)):
            add(i, "date", d, "not a date")
        for col in ("actor1", "actor2"):
            a = row[col]
            if not isinstance(a, str) or not a:
                continue
            if strict_actors and not is_known_actor(a):
                add(i, col, a, "not an ISO 3166-1 alpha-3 code or NATO/EU/UN/OSCE")
        code = row["cameo"]
        if isinstance(code, str) and code:
            if code not in table.index:
                add(i, "cameo", code, "unknown CAMEO code")
            else:
                expected = table.at[code, f"goldstein_{scale}"]
                g = row["goldstein"]
                if pd.isna(expected):
                    add(i, "cameo", code, f"code has no Goldstein score on the {scale} scale")
                elif g is not None and not pd.isna(g) and abs(float(g) - float(expected)) > 1e-9:
                    add(
                        i,
                        "goldstein",
                        g,
                        f"Goldstein for {code} is {expected} on the {scale} scale",
                    )
                q = row["quad_class"]
                if q is not None and not pd.isna(q) and int(q) != int(table.at[code, "quad_class"]):
                    add(
                        i,
                        "quad_class",
                        q,
                        f"quad class for {code} is {table.at[code, 'quad_class']}",
                    )
        q = row["quad_class"]
        if q is not None and not pd.isna(q) and int(q) not in (1, 2, 3, 4):
            add(i, "quad_class", q, "quad class must be 1, 2, 3 or 4")
        if known_tags is not None and "tags" in frame.columns:
            tags = row["tags"]
            if isinstance(tags, (list, tuple)) or hasattr(tags, "tolist"):
                for t in list(tags):
                    if t not in known_tags:
                        add(i, "tags", t, "unknown tag")
    return pd.DataFrame(problems, columns=["row", "event_id", "column", "value", "reason"])
