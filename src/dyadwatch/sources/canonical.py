"""Building blocks shared by the source readers: raw text columns to canonical events.

Each reader (:mod:`~dyadwatch.sources.gdelt`, :mod:`~dyadwatch.sources.icews`,
:mod:`~dyadwatch.sources.polecat`) is one ibis expression from a table of text columns
``c1 .. cN`` (see :mod:`~dyadwatch.sources.rawfiles`) to a *parsed* table: the canonical event
columns (:data:`~dyadwatch.schema.EVENT_SCHEMA`) plus

* ``year`` — the event's year (the Parquet partition);
* ``reason`` — null for a good row, else why the row goes to the quarantine (the first problem);
* ``filename``, ``line`` — where the row came from: the file's path on Spark, its number in the
  import on DuckDB (a small integer is cheaper to stage than a path in every row; the import
  maps it back); ``line`` is null on the parallel DuckDB and Spark readers, and the import
  fills it in for quarantined rows;
* ``raw`` — the row's first fields joined by tabs, for quarantined rows only (the import
  replaces it with the whole line read back from the file).

The same expression runs on DuckDB and on Spark; only documented, portable operations are used
(``TRY_CAST`` rather than ``CAST``, regular expressions checked before conversions).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from functools import lru_cache
from importlib import resources

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from dyadwatch.schema import EVENT_SCHEMA, MIN_DATE
from dyadwatch.sources.countries import USSR_CODES, USSR_END, country_name_table

__all__ = [
    "PARSED_EXTRA",
    "cameo_lookup",
    "country_lookup",
    "field",
    "is_whole",
    "is_number",
    "is_count",
    "is_positive_id",
    "finite_in",
    "has_control",
    "CONTROL_REASON",
    "REPEATED_HEADER",
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
#: A count: digits only (no sign, no fraction, no exponent), at most 18 so it fits an int64.
_COUNT = r"^[0-9]{1,18}$"
#: An id: a positive whole number that fits an int64 (``1e5``, ``-5``, ``007`` are not ids).
_ID = r"^[1-9][0-9]{0,17}$"
#: C0 control characters other than tab, LF and CR, and DEL: never part of a name or a URL.
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
CONTROL_REASON = "control character (NUL or another C0 code) in a text field"
REPEATED_HEADER = "repeated header line"
EMPTY_LIST = ibis.literal([], type="array<string>")


@lru_cache(maxsize=1)
def _cameo_rows() -> tuple[dict[str, str], ...]:
    """The shipped CAMEO table (``data/cameo.csv``, :func:`dyadwatch.cameo.cameo_table`) as rows.

    Read with the csv module rather than through :func:`~dyadwatch.cameo.cameo_table`, so that
    an import does not load pandas (about 0.4 s) for a 300-row table; a test checks that both
    give the same values.
    """
    data = resources.files("dyadwatch.data").joinpath("cameo.csv")
    with data.open("r", encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def _column(values: list, type_: pa.DataType) -> pa.Array:
    """A null-free Arrow column from Python values, built from buffers.

    ``pa.array`` would do, but it imports pandas (about 0.4 s) to check whether its input is a
    pandas object; an import that needs no pandas should not pay for that.
    """
    from array import array

    n = len(values)
    if pa.types.is_string(type_):
        data = [v.encode("utf-8") for v in values]
        offsets = array("i", [0])
        for item in data:
            offsets.append(offsets[-1] + len(item))
        buffers = [None, pa.py_buffer(offsets.tobytes()), pa.py_buffer(b"".join(data))]
    else:
        code = {pa.float64(): "d", pa.int64(): "q"}[type_]
        buffers = [None, pa.py_buffer(array(code, values).tobytes())]
    return pa.Array.from_buffers(type_, n, buffers)


@lru_cache(maxsize=2)
def _cameo_arrow(scale: str) -> pa.Table:
    rows = [r for r in _cameo_rows() if r[f"goldstein_{scale}"].strip()]
    return pa.Table.from_arrays(
        [
            _column([r["code"] for r in rows], pa.string()),
            _column([float(r[f"goldstein_{scale}"]) for r in rows], pa.float64()),
            _column([int(r["quad_class"]) for r in rows], pa.int64()),
            _column([r["name"].strip().lower() for r in rows], pa.string()),
        ],
        names=["cameo_code", "cameo_goldstein", "cameo_quad", "cameo_name_key"],
    )


def cameo_lookup(scale: str, engine: PortableEngine | None = None) -> ir.Table:
    """The CAMEO table for one Goldstein scale (``gdelt`` or ``icews``), as a table to join.

    Columns ``cameo_code``, ``cameo_goldstein``, ``cameo_quad``, ``cameo_name_key``; codes with no
    score on that scale are left out (so they count as unknown). ``engine`` decides how the
    table is made (:meth:`PortableEngine.lookup`; an ibis memtable by default).
    """
    return (engine or PORTABLE).lookup(f"cameo_{scale}", _cameo_arrow(scale))


def country_lookup(suffix: str, engine: PortableEngine | None = None) -> ir.Table:
    """Country name (lower case) to ISO3, with columns suffixed by ``suffix``, as a table."""
    table = country_name_table()
    table = pa.Table.from_arrays(
        [table.column("name_key"), table.column("iso3")],
        names=[f"key_{suffix}", f"iso_{suffix}"],
    )
    return (engine or PORTABLE).lookup(f"country_{suffix}", table)


def field(t: ir.Table, i: int) -> ir.StringValue:
    """Text column ``c{i}`` (1-based); the readers already give null for empty fields."""
    return t[f"c{i}"]


def is_whole(x: ir.StringValue) -> ir.BooleanValue:
    """True where ``x`` is a (signed) whole number."""
    return x.re_search(_INT).fill_null(False)


def is_number(x: ir.StringValue) -> ir.BooleanValue:
    """True where ``x`` is a decimal number."""
    return x.re_search(_NUM).fill_null(False)


def is_count(x: ir.StringValue) -> ir.BooleanValue:
    """True where ``x`` is a count: a whole number 0 or more, written with digits only.

    Checked on the text, not after a cast: DuckDB's ``TRY_CAST('1.5' AS BIGINT)`` rounds to 2
    and ``TRY_CAST('1e5' AS BIGINT)`` gives 100000, so a cast alone lets such values through.
    """
    return x.re_search(_COUNT).fill_null(False)


def is_positive_id(x: ir.StringValue) -> ir.BooleanValue:
    """True where ``x`` is a positive whole number (digits only, no leading zero)."""
    return x.re_search(_ID).fill_null(False)


def finite_in(x: ir.NumericValue, low: float, high: float) -> ir.BooleanValue:
    """True where ``x`` is a finite number in ``low..high`` (NaN and infinities are not).

    NaN compares greater than every number on DuckDB and on Spark, so ``x <= high`` excludes it.
    """
    return ((x >= low) & (x <= high)).fill_null(False)


def has_control(values: list[ir.StringValue]) -> ir.BooleanValue:
    """True where any of the text ``values`` holds a control character (see ``_CONTROL``).

    One regular expression over the values joined (nulls as empty text) rather than one per
    column: on 1M rows of five GDELT-like text columns, DuckDB took 0.44 s for the joined search
    and 0.56 s for five searches (2 cores, loaded machine, 2026-12-07).
    """
    if len(values) == 1:
        return values[0].re_search(_CONTROL).fill_null(False)
    joined = ibis.literal("").join([v.fill_null("") for v in values])
    return joined.re_search(_CONTROL).fill_null(False)


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
    portable version does. ``lookup`` turns a small Arrow table into a joinable table (an ibis
    memtable here; the DuckDB engine registers it directly, as ``ibis.memtable`` imports pandas).
    """

    def view(self, expr: ir.Table) -> ir.Table:
        return expr

    def lookup(self, name: str, table: pa.Table) -> ir.Table:
        """A small lookup table (CAMEO codes, country names) that the engine can join."""
        return ibis.memtable(table)

    def yyyymmdd(self, x: ir.StringValue) -> ir.DateValue:
        return date_from_digits(x)

    def control_rows(self, t: ir.Table, texts: list[ir.StringValue]) -> ir.BooleanValue | None:
        """Where the rule :data:`CONTROL_REASON` holds: here, a search of every row's ``texts``.

        An engine that knows which of the files being read hold no control byte at all may
        narrow the search to the rows of the others (``None``: no row can hold one); see
        :mod:`dyadwatch.ingest.control_scan`.
        """
        return has_control(texts)


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
    only assembled for the rows that need it, as one flat expression (an array of the names
    that apply, nulls filtered out). Concatenating one-element lists instead compiles, on
    DuckDB, to an expression that doubles in size with each flag, and costs about a tenth of
    the parse even where no row is flagged.
    """
    conds = [cond.fill_null(False) for cond, _ in conditions]
    if not conds:
        return EMPTY_LIST
    names = ibis.array(
        [
            ibis.ifelse(cond, ibis.literal(name), ibis.null("string"))
            for cond, (_, name) in zip(conds, conditions, strict=True)
        ]
    )
    anything = conds[0]
    for cond in conds[1:]:
        anything = anything | cond
    return ibis.ifelse(anything, names.filter(lambda x: x.notnull()), EMPTY_LIST)


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
    texts = [
        v
        for name, v in values.items()
        if v is not None and name in _TEXT_FIELDS and not isinstance(v, ir.Scalar)
    ]
    control = engine.control_rows(t, texts) if texts else None
    if control is not None:
        reason = ibis.coalesce(reason, ibis.ifelse(control, CONTROL_REASON, ibis.null("string")))
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


#: Canonical text columns checked for control characters.
_TEXT_FIELDS = frozenset(
    {"event_id", "actor1", "actor2", "actor1_detail", "actor2_detail", "cameo"}
    | {"description", "citation", "url"}
)

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
    rows = [r for r in _cameo_rows() if len(r["code"]) >= 3 and r["goldstein_icews"].strip()]
    keys = [r["name"].strip().lower() for r in rows]
    counts = Counter(keys)
    unique = [(k, r["code"]) for k, r in zip(keys, rows, strict=True) if counts[k] == 1]
    return pa.Table.from_arrays(
        [
            _column([k for k, _ in unique], pa.string()),
            _column([c for _, c in unique], pa.string()),
        ],
        names=["text_key", "text_code"],
    )


def cameo_by_name(engine: PortableEngine | None = None) -> ir.Table:
    """CAMEO codebook names (lower case) to codes, for files that give only the event text."""
    return (engine or PORTABLE).lookup("cameo_names", _cameo_names())
