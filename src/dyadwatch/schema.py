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


_PROBLEM_COLUMNS = ["row", "event_id", "column", "value", "reason"]


def validate_events(
    frame: pd.DataFrame,
    *,
    strict_actors: bool = True,
    scale: str = "gdelt",
    max_date: dt.date | None = None,
    known_tags: tuple[str, ...] | None = TAGS,
) -> pd.DataFrame:
    """Check a canonical event frame and return every violation, one row per problem.

    Each rule is one small function below (:data:`_RULES`); a row may break several.

    Args:
        frame: events with the canonical columns.
        strict_actors: reject actors that are not ISO3 or organisation codes (the curated data);
            raw event data keeps unknown codes instead (``strict_actors=False``).
        scale: the Goldstein scale the source uses (``gdelt`` or ``icews``).
        max_date: latest allowed date (default: today).
        known_tags: allowed tags, or None to accept any.

    Returns:
        A frame with columns ``row`` (position in ``frame``), ``event_id``, ``column``, ``value``,
        ``reason``, ordered by row (and by rule within a row); empty when the frame is valid.
    """
    import pandas as pd

    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        rows = [(-1, None, c, None, "missing column") for c in missing]
        return pd.DataFrame(rows, columns=_PROBLEM_COLUMNS)
    rules = _Rules(frame, strict_actors, scale, max_date or dt.date.today(), known_tags)
    found = [p for rule in _RULES for p in rule(rules)]
    found.sort(key=lambda p: p[0])  # stable: the rules' order within a row is kept
    ids = rules.column("event_id")
    problems = [(i, ids[i], col, value, reason) for i, col, value, reason in found]
    return pd.DataFrame(problems, columns=_PROBLEM_COLUMNS)


class _Rules:
    """What the rules share: the frame's columns as Python lists, and the settings."""

    def __init__(self, frame, strict_actors, scale, max_date, known_tags) -> None:
        from dyadwatch.cameo import cameo_table

        self.frame = frame
        self.strict_actors = strict_actors
        self.scale = scale
        self.max_date = max_date
        self.known_tags = known_tags
        self.cameo = cameo_table()
        self._columns: dict[str, list] = {}

    def column(self, name: str) -> list:
        if name not in self._columns:
            self._columns[name] = self.frame[name].tolist()
        return self._columns[name]


def _missing(v: object) -> bool:
    """None, NaN, NaT, pandas' NA or the empty string."""
    if v is None or isinstance(v, str):
        return v is None or v == ""
    try:
        return bool(v != v)  # NaN and NaT differ from themselves
    except TypeError:  # pandas.NA: its comparisons are NA
        return True


def _required_values(r: _Rules):
    for col in REQUIRED:
        for i, v in enumerate(r.column(col)):
            if _missing(v):
                yield i, col, v, "required value is empty"


def _duplicate_ids(r: _Rules):
    seen: set = set()
    for i, v in enumerate(r.column("event_id")):
        if _missing(v) and v != "":
            continue
        if v in seen:
            yield i, "event_id", v, "duplicate event_id"
        seen.add(v)


def _known_sources(r: _Rules):
    for i, v in enumerate(r.column("source")):
        if v not in SOURCES:
            yield i, "source", v, f"unknown source; expected one of {', '.join(SOURCES)}"


def _dates_in_range(r: _Rules):
    for i, d in enumerate(r.column("date")):
        if hasattr(d, "date") and callable(d.date):  # pandas Timestamp or datetime
            d = d.date()
        if isinstance(d, dt.date):
            if not MIN_DATE <= d <= r.max_date:
                yield i, "date", d, f"date outside {MIN_DATE}..{r.max_date}"
        elif not _missing(d):
            yield i, "date", d, "not a date"


def _known_actors(r: _Rules):
    if not r.strict_actors:
        return
    for col in ("actor1", "actor2"):
        for i, a in enumerate(r.column(col)):
            if isinstance(a, str) and a and not is_known_actor(a):
                yield i, col, a, "not an ISO 3166-1 alpha-3 code or NATO/EU/UN/OSCE"


def _cameo_scores(r: _Rules):
    """The CAMEO code is known, and the Goldstein score and quad class are the table's."""
    table, scale = r.cameo, r.scale
    rows = zip(r.column("cameo"), r.column("goldstein"), r.column("quad_class"), strict=True)
    for i, (code, g, q) in enumerate(rows):
        if not isinstance(code, str) or not code:
            continue
        if code not in table.index:
            yield i, "cameo", code, "unknown CAMEO code"
            continue
        expected = table.at[code, f"goldstein_{scale}"]
        if _missing(expected):
            yield i, "cameo", code, f"code has no Goldstein score on the {scale} scale"
        elif not _missing(g) and abs(float(g) - float(expected)) > 1e-9:
            yield i, "goldstein", g, f"Goldstein for {code} is {expected} on the {scale} scale"
        quad = int(table.at[code, "quad_class"])
        if not _missing(q) and int(q) != quad:
            yield i, "quad_class", q, f"quad class for {code} is {quad}"


def _quad_range(r: _Rules):
    for i, q in enumerate(r.column("quad_class")):
        if not _missing(q) and int(q) not in (1, 2, 3, 4):
            yield i, "quad_class", q, "quad class must be 1, 2, 3 or 4"


def _known_tags(r: _Rules):
    if r.known_tags is None or "tags" not in r.frame.columns:
        return
    for i, tags in enumerate(r.column("tags")):
        if isinstance(tags, (list, tuple)) or hasattr(tags, "tolist"):
            for t in list(tags):
                if t not in r.known_tags:
                    yield i, "tags", t, "unknown tag"


#: The rules, in the order their problems are listed within a row.
_RULES = (
    _required_values,
    _duplicate_ids,
    _known_sources,
    _dates_in_range,
    _known_actors,
    _cameo_scores,
    _quad_range,
    _known_tags,
)
