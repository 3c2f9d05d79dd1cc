"""Building blocks shared by the source readers: raw text columns to canonical events.

Each reader (:mod:`~dyadwatch.sources.gdelt`, :mod:`~dyadwatch.sources.icews`,
:mod:`~dyadwatch.sources.polecat`) is one ibis expression from a table of text columns
``c1 .. cN`` (see :mod:`~dyadwatch.sources.rawfiles`) to a *parsed* table: the canonical event
columns (:data:`~dyadwatch.schema.EVENT_SCHEMA`) plus

* ``year`` — the event's year (the Parquet partition);
* ``reason`` — null for a good row, else why the row goes to the quarantine (the first problem);
* ``filename``, ``line`` — where the row came from (``line`` is null on the parallel DuckDB and
  Spark readers; the import fills it in for quarantined rows);
* ``raw`` — the row's first fields joined by tabs, for quarantined rows only (the import
  replaces it with the whole line read back from the file).

The same expression runs on DuckDB and on Spark; only documented, portable operations are used
(``TRY_CAST`` rather than ``CAST``, regular expressions checked before conversions).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from dyadwatch.cameo import cameo_table
from dyadwatch.schema import EVENT_SCHEMA, MIN_DATE
from dyadwatch.sources.countries import USSR_CODES, USSR_END, country_name_table

__all__ = [
    "PARSED_EXTRA",
    "cameo_lookup",
    "country_lookup",
    "field",
    "is_whole",
    "is_number",
    "date_from_digits",
    "date_range_ok",
    "ussr",
    "first_reason",
    "raw_text",
    "canonical_select",
]

PARSED_EXTRA = ("year", "reason", "filename", "line", "raw")
#: Leading fields kept for a quarantined row: enough to find its line in the file again (the
#: import then copies the whole line into the quarantine file), few enough that the parallel
#: readers need not materialise every column of every row.
RAW_KEY_FIELDS = 3
_INT = r"^-?[0-9]+$"
_NUM = r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$"
EMPTY_LIST = ibis.literal([], type="array<string>")


@lru_cache(maxsize=2)
def _cameo_arrow(scale: str) -> pa.Table:
    table = cameo_table()
    table = table[table[f"goldstein_{scale}"].notna()]
    return pa.table(
        {
            "cameo_code": table.index.astype(str).tolist(),
            "cameo_goldstein": table[f"goldstein_{scale}"].astype(float).tolist(),
            "cameo_quad": table["quad_class"].astype("int8").tolist(),
            "cameo_name_key": table["name"].str.strip().str.lower().tolist(),
        }
    )


def cameo_lookup(scale: str) -> ir.Table:
    """The CAMEO table as an ibis memtable for one Goldstein scale (``gdelt`` or ``icews``).

    Columns ``cameo_code``, ``cameo_goldstein``, ``cameo_quad``, ``cameo_name_key``; codes with no
    score on that scale are left out (so they count as unknown).
    """
    return ibis.memtable(_cameo_arrow(scale))


def country_lookup(suffix: str) -> ir.Table:
    """Country name (lower case) to ISO3, as a memtable with columns suffixed by ``suffix``."""
    table = country_name_table()
    return ibis.memtable(
        pa.table({f"key_{suffix}": table.column("name_key"), f"iso_{suffix}": table.column("iso3")})
    )


def field(t: ir.Table, i: int) -> ir.StringValue:
    """Text column ``c{i}`` (1-based); the readers already give null for empty fields."""
    return t[f"c{i}"]


def is_whole(x: ir.StringValue) -> ir.BooleanValue:
    """True where ``x`` is a (signed) whole number."""
    return x.re_search(_INT).fill_null(False)


def is_number(x: ir.StringValue) -> ir.BooleanValue:
    """True where ``x`` is a decimal number."""
    return x.re_search(_NUM).fill_null(False)


def date_from_digits(x: ir.StringValue) -> ir.DateValue:
    """``YYYYMMDD`` text to a date; null when it is not a real calendar date (portable form)."""
    iso = x.substr(0, 4) + "-" + x.substr(4, 2) + "-" + x.substr(6, 2)
    return ibis.ifelse(x.re_search(r"^[0-9]{8}$").fill_null(False), iso.try_cast("date"), None)


class PortableEngine:
    """What a reader needs from an engine, in its plain portable form.

    The import's engines (:mod:`dyadwatch.ingest`) subclass this: ``view`` materialises an
    intermediate expression as a named view, so that each value is computed once (ibis would
    otherwise inline a shared expression into every column that uses it), and ``yyyymmdd``
    uses the engine's own date parser, the costliest step per row (DuckDB ``try_strptime``,
    Spark ``to_date``); both return null for a string that is not a calendar date, as this
    portable version does.
    """

    def view(self, expr: ir.Table) -> ir.Table:
        return expr

    def yyyymmdd(self, x: ir.StringValue) -> ir.DateValue:
        return date_from_digits(x)


PORTABLE = PortableEngine()


def date_range_ok(d: ir.DateValue, max_date: dt.date) -> ir.BooleanValue:
    """True where ``d`` lies in the canonical range (1946-01-01 to ``max_date``)."""
    return (d >= ibis.literal(MIN_DATE)) & (d <= ibis.literal(max_date))


def ussr(code: ir.StringValue, date: ir.DateValue) -> tuple[ir.StringValue, ir.BooleanValue]:
    """The actor code with USSR/SUN/USR before 1992 turned into RUS, and whether that happened."""
    was = code.isin(list(USSR_CODES)) & (date < ibis.literal(USSR_END))
    was = was.fill_null(False)
    return ibis.ifelse(was, "RUS", code), was


def flags_list(conditions: list[tuple[ir.BooleanValue, str]]) -> ir.ArrayValue:
    """An array of flag names for the conditions that hold (order kept).

    Nearly every row has no flag: the empty list is the cheap first branch, and the list is
    only assembled for the rows that need it.
    """
    conds = [cond.fill_null(False) for cond, _ in conditions]
    out = EMPTY_LIST
    for cond, (_, name) in zip(conds, conditions, strict=True):
        out = out.concat(ibis.ifelse(cond, ibis.literal([name], type="array<string>"), EMPTY_LIST))
    if not conds:
        return EMPTY_LIST
    anything = conds[0]
    for cond in conds[1:]:
        anything = anything | cond
    return ibis.ifelse(anything, out, EMPTY_LIST)


def first_reason(rules: list[tuple[ir.BooleanValue, str]]) -> ir.StringValue:
    """The text of the first rule whose condition holds, else null."""
    return ibis.cases(
        *((cond.fill_null(False), text) for cond, text in rules), else_=ibis.null("string")
    )


def raw_text(t: ir.Table, width: int) -> ir.StringValue:
    """The row's fields joined by tabs (trailing empty fields dropped)."""
    parts = [t[f"c{i}"].fill_null("") for i in range(1, width + 1)]
    return ibis.literal("\t").join(parts).re_replace(r"\t+$", "")


def canonical_select(
    t: ir.Table,
    values: dict[str, ir.Value],
    reason: ir.StringValue,
    width: int,
    engine: PortableEngine = PORTABLE,
) -> ir.Table:
    """Assemble the parsed table: canonical columns (typed) plus year, reason, origin and raw.

    The staged values are materialised by ``engine.view`` so that each is computed once.
    """
    staged = {}
    for f in EVENT_SCHEMA:
        v = values.get(f.name)
        if v is None:
            if pa.types.is_list(f.type):
                v = EMPTY_LIST
            elif f.name == "weight":
                v = ibis.literal(1.0)
            else:
                v = ibis.null()
        staged[f"v_{f.name}"] = v.cast(_IBIS_TYPES[str(f.type)])
    keep = ["filename", "line"] + [f"c{i}" for i in range(1, min(width, RAW_KEY_FIELDS) + 1)]
    s = engine.view(t.select(*keep, reason=reason, **staged))
    ok = s.reason.isnull()
    cols = {f.name: s[f"v_{f.name}"] for f in EVENT_SCHEMA}
    for name in ("event_id", "date"):
        cols[name] = ibis.ifelse(ok, cols[name], ibis.null().cast(_IBIS_TYPES[name]))
    cols["year"] = ibis.ifelse(ok, s.v_date.year(), 0).cast("int32")
    cols["reason"] = s.reason
    cols["filename"] = s.filename
    cols["line"] = s.line.cast("int64")
    cols["raw"] = ibis.ifelse(ok, ibis.null("string"), raw_text(s, min(width, RAW_KEY_FIELDS)))
    return s.select(**cols)


_IBIS_TYPES = {
    "string": "string",
    "date32[day]": "date",
    "double": "float64",
    "int8": "int8",
    "int64": "int64",
    "bool": "boolean",
    "list<item: string>": "array<string>",
    "event_id": "string",
    "date": "date",
}


def normalise_name(name: str) -> str:
    """Header name to a comparable key: ``"Event ID"`` and ``"event_id"`` both give ``event_id``."""
    return "_".join(name.strip().lstrip("\ufeff").lower().replace("-", " ").split())


def header_positions(header: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """1-based position of each logical column found in ``header`` (first alias that matches)."""
    keys = [normalise_name(h) for h in header]
    found: dict[str, int] = {}
    for logical, names in aliases.items():
        for name in names:
            if name in keys:
                found[logical] = keys.index(name) + 1
                break
    return found


@lru_cache(maxsize=1)
def _cameo_names() -> pa.Table:
    table = cameo_table()
    table = table[(table.index.str.len() >= 3) & table["goldstein_icews"].notna()]
    keys = table["name"].str.strip().str.lower()
    counts = keys.value_counts()
    unique = keys[keys.map(counts) == 1]
    return pa.table({"text_key": unique.tolist(), "text_code": unique.index.astype(str).tolist()})


def cameo_by_name() -> ir.Table:
    """CAMEO codebook names (lower case) to codes, for files that give only the event text."""
    return ibis.memtable(_cameo_names())
