"""The DuckDB engine of the import: raw files to staged Parquet on the store's connection."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import uuid
from pathlib import Path

import ibis
import ibis.expr.types as ir

from dyadwatch.ingest.control_scan import ControlScan
from dyadwatch.ingest.layout import Group
from dyadwatch.sources.canonical import PortableEngine, has_control
from dyadwatch.sources.rawfiles import OVERFLOW, PreparedFile, python_table, sql_string

__all__ = ["DuckDBEngine", "columns_sql"]

_REJECT_REASONS = {
    "INVALID ENCODING": "not valid UTF-8",
    "TOO MANY COLUMNS": "too many tab-separated columns",
    "LINE SIZE OVER MAXIMUM": "line longer than the reader's limit (2 MB)",
    "UNQUOTED VALUE": "malformed quoting",
    "MISSING COLUMNS": "too few columns",
    "CAST ERROR": "malformed value",
}


def columns_sql(width: int) -> str:
    return "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, width + 1)) + "}"


def _raw_schema(width: int) -> ibis.Schema:
    """The raw view's columns (see ``DuckDBEngine._native_view``)."""
    columns = {"filename": "int32", "line": "int64", "bad_encoding": "boolean"}
    return ibis.schema(columns | {f"c{i}": "string" for i in range(1, width + 1)})


@ibis.udf.scalar.builtin(name="try_strptime")
def _try_strptime(text: str, fmt: str) -> dt.datetime:  # DuckDB builtin
    ...


class DuckDBEngine(PortableEngine):
    """Raw files into parsed tables, and writes, on the store's DuckDB connection.

    Speed matters here (issue #3), so the SQL that ibis compiles is run by DuckDB directly and
    the bookkeeping around it is kept off the rows' path:

    * each file gets a number (its rank in path order, so sorting by number sorts by path as
      the Spark engine does); the staged rows carry that number as ``filename`` instead of the
      path (writing a long path into every row cost 10-20 % of the staging ``COPY``), and the
      quarantine maps it back;
    * the staging ``COPY`` returns its per-file row counts (``RETURN_STATS``), so accepted rows
      are counted without reading the staging files again;
    * the deduplication checks read the staged ``event_id`` column only, and the store's own
      events are not consulted when it holds none of the source;
    * the control-character rule is searched for only in the rows of files whose bytes hold
      such a character (:mod:`~dyadwatch.ingest.control_scan`, scanned in the background
      from the start of :func:`~dyadwatch.ingest.ingest` on, while ibis loads).
    """

    name = "duckdb"

    def __init__(self, store, memory_limit: str | None, scan: ControlScan | None = None) -> None:
        self.store = store
        self.con = store.con
        self.raw = store.raw
        self._saved: dict[str, str] = {}
        self._settings = {"preserve_insertion_order": "false"}
        if memory_limit:
            self._settings["memory_limit"] = memory_limit
        self._settings["temp_directory"] = str(store.parquet_root / "_spill")
        self._settings["partitioned_write_flush_threshold"] = "100000"
        self.numbers: dict[str, int] = {}  # file path -> number
        self.paths: dict[int, str] = {}  # number -> file path
        self.written: dict[str, list[tuple[str, int]]] = {}  # part -> [(staged file, rows)]
        self._lookups: list[str] = []
        self._temp_tables: list[str] = []
        self._scan = scan or ControlScan()  # the import's scan, started before ibis loads
        #: numbers of the files being read that hold a control byte; None: unknown (all rows)
        self._control: set[int] | None = None

    def __enter__(self):
        for key, value in self._settings.items():
            with contextlib.suppress(Exception):
                self._saved[key] = str(
                    self.raw.execute(f"SELECT current_setting('{key}')").fetchone()[0]
                )
                self.raw.execute(f"SET {key} = {sql_string(value)}")
        return self

    def __exit__(self, *exc) -> None:
        self._scan.close()
        for key, value in self._saved.items():
            with contextlib.suppress(Exception):
                self.raw.execute(f"SET {key} = {sql_string(value)}")
        for view in self._lookups:
            with contextlib.suppress(Exception):
                self.raw.unregister(view)
        for name in self._temp_tables:
            with contextlib.suppress(Exception):
                self.raw.execute(f"DROP TABLE IF EXISTS {name}")

    def number_files(self, files: list[PreparedFile]) -> None:
        """Number the import's files in path order (the staged rows' ``filename``)."""
        for i, path in enumerate(sorted({str(f.path) for f in files})):
            self.numbers[path] = i
            self.paths[i] = path
        self._scan.start([f.path for f in files])

    def file_label(self, value) -> str | None:
        """The path of a staged row's file."""
        return self.paths.get(value, value) if value is not None else None

    def _native_view(self, group: Group, files: list[PreparedFile], tag: str) -> str:
        files = sorted(files, key=lambda f: self.numbers[str(f.path)])
        numbers = [self.numbers[str(f.path)] for f in files]
        if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            number = f"CAST(file_index AS INTEGER) + {numbers[0]}"
        else:
            number = f"CAST({numbers}[CAST(file_index AS BIGINT) + 1] AS INTEGER)"
        paths = "[" + ", ".join(sql_string(str(f.path)) for f in files) + "]"
        quote = "'\"'" if group.delimiter == "," else "''"
        view = f"_raw_{tag}"
        self.raw.execute(
            f"""CREATE OR REPLACE TEMP VIEW {view} AS
            SELECT {number} AS filename, CAST(NULL AS BIGINT) AS line,
                   false AS bad_encoding, *
            FROM read_csv({paths}, delim={sql_string(group.delimiter)},
                header={str(group.header).lower()}, quote={quote}, escape={quote},
                columns={columns_sql(group.width)}, auto_detect=false, null_padding=true,
                ignore_errors=true, store_rejects=true, rejects_table='_rj_{tag}',
                rejects_scan='_rs_{tag}')"""
        )
        return view

    def write_parsed(self, group: Group, staging: Path, part: int, policy_kind) -> list[dict]:
        """Parse the group's files into ``staging/partN/kind=K/year=Y``; return reader rejects."""
        import duckdb

        content_errors = (duckdb.InvalidInputException, duckdb.ConversionException)
        staging.mkdir(parents=True, exist_ok=True)
        rejects: list[dict] = []
        try:
            self._write_native(group, group.files, staging, part, policy_kind, rejects)
            return rejects
        except content_errors:  # the reader failed on content: go file by file
            rejects.clear()
            self._drop_part(staging, part)
        for j, f in enumerate(group.files):
            sub = f"{part}_{j}"
            try:
                self._write_native(group, [f], staging, sub, policy_kind, rejects)
            except content_errors:
                self._drop_part(staging, sub)
                rejects[:] = [r for r in rejects if r["filename"] != str(f.path)]
                table = python_table(
                    f.path,
                    group.width,
                    skip_header=group.header,
                    file_label=str(f.path),
                    delimiter=group.delimiter,
                )
                import pyarrow as pa

                number = pa.array([self.numbers[str(f.path)]] * table.num_rows, pa.int32())
                table = table.set_column(0, "filename", number)
                name = f"_py_{uuid.uuid4().hex[:8]}"
                self.raw.register(name, table)
                try:
                    self._copy(group.build(self.con.table(name), self), staging, sub, policy_kind)
                finally:
                    self.raw.unregister(name)
        return rejects

    def _drop_part(self, staging: Path, part) -> None:
        shutil.rmtree(staging / f"part{part}", ignore_errors=True)
        self.written.pop(str(part), None)

    def _write_native(self, group, files, staging, part, policy_kind, rejects) -> None:
        tag = f"{uuid.uuid4().hex[:8]}"
        view = self._native_view(group, files, tag)
        held = self._scan.holding([f.path for f in files])
        self._control = {self.numbers[path] for path in held}
        try:
            raw = ibis.table(_raw_schema(group.width), name=view)
            parsed = group.build(raw, self)
            self._control = None
            self._copy(parsed, staging, part, policy_kind)
            rows = self.raw.execute(
                f"""SELECT s.file_path, e.line, e.error_type, e.csv_line
                FROM _rj_{tag} e JOIN _rs_{tag} s USING (scan_id, file_id)"""
            ).fetchall()
        finally:
            self._control = None
            self.raw.execute(f"DROP VIEW IF EXISTS {view}")
        seen = set()
        for path, line, kind, text in rows:
            if (path, line) in seen:
                continue
            seen.add((path, line))
            rejects.append(
                {
                    "filename": path,
                    "line": int(line) if line is not None else None,
                    "reason": _REJECT_REASONS.get(kind, kind.lower()),
                    "raw": text,
                }
            )
        with contextlib.suppress(Exception):
            self.raw.execute(f"DROP TABLE IF EXISTS _rj_{tag}")
            self.raw.execute(f"DROP TABLE IF EXISTS _rs_{tag}")

    def yyyymmdd(self, x: ir.StringValue) -> ir.DateValue:
        return ibis.ifelse(x.length() == 8, _try_strptime(x, "%Y%m%d").cast("date"), None)

    def control_rows(self, t: ir.Table, texts: list[ir.StringValue]) -> ir.BooleanValue | None:
        """The control-character search, only on the rows of files whose bytes hold one.

        ``None`` (no search) when none of the files being read does; every row is searched
        when the files are not known (the exact Python reader's fallback tables).
        """
        if self._control is None:
            return has_control(texts)
        if not self._control:
            return None
        return t.filename.isin(sorted(self._control)) & has_control(texts)

    def lookup(self, name: str, table) -> ir.Table:
        """Register a small Arrow lookup table with DuckDB (no ibis memtable: no pandas)."""
        view = f"_lookup_{name}"
        if view not in self._lookups:
            self.raw.register(view, table)
            self._lookups.append(view)
        return self.con.table(view)

    def view(self, expr: ir.Table) -> ir.Table:
        """Materialise ``expr`` as a temporary view (each value computed once)."""
        self.con._run_pre_execute_hooks(expr)
        name = f"_stage_{uuid.uuid4().hex[:10]}"
        self.raw.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {self.con.compile(expr)}")
        return ibis.table(expr.schema(), name=name)  # the schema is known: no DESCRIBE

    def _copy(self, parsed: ir.Table, staging: Path, part, policy_kind) -> None:
        expr = policy_kind(parsed)
        self.con._run_pre_execute_hooks(expr)
        sql = self.con.compile(expr)
        target = staging / f"part{part}"
        stats = self.raw.execute(
            f"COPY ({sql}) TO {sql_string(str(target))} (FORMAT parquet, "
            "PARTITION_BY (kind, year), OVERWRITE_OR_IGNORE true, RETURN_STATS)"
        ).fetchall()
        self.written[str(part)] = [(str(row[0]), int(row[1])) for row in stats]

    def mention_confidence(self, files: list[PreparedFile]) -> tuple[ir.Table, dict]:
        """The Mentions files reduced to ``event_id, max_confidence, mentions`` (a temp table).

        Lines that do not parse are skipped (they rate no event); a file DuckDB's reader cannot
        read at all goes through the exact Python reader, as event files do.
        """
        import duckdb

        from dyadwatch.sources.gdelt import MENTIONS_COLUMNS, mentions_confidence

        width = len(MENTIONS_COLUMNS) + OVERFLOW
        tag = uuid.uuid4().hex[:8]
        view = f"_mraw_{tag}"
        paths = "[" + ", ".join(sql_string(str(f.path)) for f in files) + "]"
        self.raw.execute(
            f"""CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM read_csv({paths},
                delim='\t', header=false, quote='', escape='', columns={columns_sql(width)},
                auto_detect=false, null_padding=true, ignore_errors=true)"""
        )
        raw = ibis.table({f"c{i}": "string" for i in range(1, width + 1)}, name=view)
        expr = mentions_confidence(raw)
        name = f"_conf_{tag}"
        try:
            self.raw.execute(f"CREATE TEMP TABLE {name} AS {self.con.compile(expr)}")
        except (duckdb.InvalidInputException, duckdb.ConversionException):
            import pyarrow as pa

            tables = [
                python_table(f.path, width, skip_header=False, file_label=str(f.path))
                for f in files
            ]
            self.raw.register(f"_mpy_{tag}", pa.concat_tables(tables))
            self._lookups.append(f"_mpy_{tag}")
            self.raw.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM _mpy_{tag}")
            self.raw.execute(f"CREATE TEMP TABLE {name} AS {self.con.compile(expr)}")
        finally:
            self._temp_tables.append(name)
        events, rows = self.raw.execute(
            f"SELECT count(*), coalesce(sum(mentions), 0) FROM {name}"
        ).fetchall()[0]
        info = {"files": len(files), "rows": int(rows), "events": int(events)}
        return ibis.table(expr.schema(), name=name), info

    def staged_counts(self, staging: Path) -> dict[tuple[str, str | None], int]:
        """Rows staged per (kind, reason): ok rows from the COPY's own counts."""
        files = [f for part in self.written.values() for f in part]
        counts: dict[tuple[str, str | None], int] = {}
        n_ok = sum(n for path, n in files if f"{os.sep}kind=ok{os.sep}" in path)
        if n_ok:
            counts[("ok", None)] = n_ok
        for kind in ("bad", "drop"):
            if not any(f"{os.sep}kind={kind}{os.sep}" in path for path, _ in files):
                continue
            glob = sql_string(str(staging / "part*" / f"kind={kind}" / "year=*" / "*.parquet"))
            for reason, n in self.raw.execute(
                f"SELECT reason, count(*) FROM read_parquet({glob}) GROUP BY reason"
            ).fetchall():
                counts[(kind, reason)] = int(n)
        return counts

    def read_staging(self, staging: Path, kind: str) -> ir.Table | None:
        files = list(staging.glob(f"part*/kind={kind}/year=*/*.parquet"))
        if not files:
            return None
        glob = sql_string(str(staging / "part*" / f"kind={kind}" / "year=*" / "*.parquet"))
        name = f"_stage_{kind}_{uuid.uuid4().hex[:8]}"
        self.raw.execute(
            f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM read_parquet({glob}, "
            "hive_partitioning = true, hive_types = {'kind': VARCHAR, 'year': INTEGER})"
        )
        return self.con.table(name)

    def existing(self, source: str) -> ir.Table | None:
        """The store's events of ``source``; ``None`` when it holds none (nothing to check)."""
        if not self.store.parquet_files(source):
            sql = "SELECT count(*) FROM events WHERE source = ?"
            if not self.raw.execute(sql, [source]).fetchall()[0][0]:
                return None
        return self.store.source_events(source)

    def write_final(self, expr: ir.Table, target: Path) -> int:
        self.con._run_pre_execute_hooks(expr)
        sql = self.con.compile(expr)
        stats = self.raw.execute(
            f"COPY ({sql}) TO {sql_string(str(target))} (FORMAT parquet, "
            "PARTITION_BY (year), OVERWRITE_OR_IGNORE true, RETURN_STATS)"
        ).fetchall()
        return sum(int(row[1]) for row in stats)

    def to_rows(self, expr: ir.Table) -> list[dict]:
        return self.store.arrow(expr).to_pylist()

    def scalar(self, expr) -> int:
        self.con._run_pre_execute_hooks(expr)
        return int(self.raw.execute(self.con.compile(expr)).fetchall()[0][0] or 0)
