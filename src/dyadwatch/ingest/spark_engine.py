"""The Spark engine of the import: the same parsed expressions on a Spark session."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import ibis
import ibis.expr.types as ir

from dyadwatch.ingest.layout import Group
from dyadwatch.sources.canonical import PortableEngine
from dyadwatch.sources.rawfiles import OVERFLOW, PreparedFile

__all__ = ["SparkEngine"]


@ibis.udf.scalar.builtin(name="to_date")
def _to_date(text: str, fmt: str) -> dt.date:  # Spark builtin
    ...


class SparkEngine(PortableEngine):
    """The same parsed expressions on a Spark session (local mode or a cluster)."""

    name = "spark"

    def __init__(self, store, backend=None) -> None:
        from dyadwatch.store import spark_backend

        self.store = store
        self.con = backend or spark_backend()
        self.session = self.con._session

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def number_files(self, files: list[PreparedFile]) -> None:
        """Spark's staged rows carry the file's path (``input_file_name``): nothing to do."""

    def file_label(self, value) -> str | None:
        return value

    def staged_counts(self, staging: Path) -> dict[tuple[str, str | None], int]:
        """Rows staged per (kind, reason), counted from the staged files."""
        counts: dict[tuple[str, str | None], int] = {}
        for kind in ("ok", "bad", "drop"):
            t = self.read_staging(staging, kind)
            if t is None:
                continue
            if kind == "ok":
                counts[("ok", None)] = self.scalar(t.count())
            else:
                for row in self.to_rows(t.group_by("reason").aggregate(n=t.count())):
                    counts[(kind, row["reason"])] = int(row["n"])
        return counts

    def mention_confidence(self, files: list[PreparedFile]) -> tuple[ir.Table, dict]:
        """The Mentions files reduced to ``event_id, max_confidence, mentions`` (cached)."""
        from pyspark.sql import functions as F
        from pyspark.sql.types import StringType, StructField, StructType

        from dyadwatch.sources.gdelt import MENTIONS_COLUMNS, mentions_confidence

        width = len(MENTIONS_COLUMNS) + OVERFLOW
        schema = StructType([StructField(f"c{i}", StringType(), True) for i in range(1, width + 1)])
        df = (
            self.session.read.options(sep="\t", header="false", quote="", mode="PERMISSIVE")
            .schema(schema)
            .csv([str(f.path) for f in files])
        )
        view = f"_mraw_{uuid.uuid4().hex[:8]}"
        df.createOrReplaceTempView(view)
        conf = self.session.sql(self.con.compile(mentions_confidence(self.con.table(view))))
        conf = conf.cache()
        name = f"_conf_{uuid.uuid4().hex[:8]}"
        conf.createOrReplaceTempView(name)
        events, rows = conf.agg(F.count(F.lit(1)), F.sum("mentions")).collect()[0]
        info = {"files": len(files), "rows": int(rows or 0), "events": int(events)}
        return self.con.table(name), info

    def write_parsed(self, group: Group, staging: Path, part: int, policy_kind) -> list[dict]:
        from pyspark.sql import functions as F
        from pyspark.sql.types import StringType, StructField, StructType

        schema = StructType(
            [StructField(f"c{i}", StringType(), True) for i in range(1, group.width + 1)]
        )
        reader = self.session.read.options(
            sep=group.delimiter,
            header=str(group.header).lower(),
            quote='"' if group.delimiter == "," else "",
            escape='"' if group.delimiter == "," else "\\",
            mode="PERMISSIVE",
            multiLine="false",
            encoding="UTF-8",
            ignoreLeadingWhiteSpace="false",
            ignoreTrailingWhiteSpace="false",
        )
        df = reader.schema(schema).csv([str(f.path) for f in group.files])
        allcols = F.concat_ws("\t", *[F.col(f"c{i}") for i in range(1, group.width + 1)])
        df = df.select(
            F.expr("url_decode(regexp_replace(input_file_name(), '^file:(//)?', ''))").alias(
                "filename"
            ),
            F.lit(None).cast("bigint").alias("line"),
            (F.instr(allcols, "\ufffd") > 0).alias("bad_encoding"),
            *[F.col(f"c{i}") for i in range(1, group.width + 1)],
        )
        name = f"_raw_{uuid.uuid4().hex[:8]}"
        df.createOrReplaceTempView(name)
        expr = policy_kind(group.build(self.con.table(name), self))
        self._write(expr, staging / f"part{part}", ["kind", "year"])
        return []

    def _write(self, expr: ir.Table, path: Path, partition_by: list[str]) -> None:
        from pyspark.sql import functions as F

        self.con._run_pre_execute_hooks(expr)
        df = self.session.sql(self.con.compile(expr))
        # Spark types an empty array literal as ARRAY<VOID>, which Parquet cannot store
        for name in ("tags", "flags"):
            if name in df.columns:
                df = df.withColumn(name, F.col(name).cast("array<string>"))
        df.write.mode("overwrite").partitionBy(*partition_by).parquet(str(path))

    def yyyymmdd(self, x: ir.StringValue) -> ir.DateValue:
        ok = x.re_search(r"^[0-9]{8}$").fill_null(False)
        return ibis.ifelse(ok, _to_date(x, "yyyyMMdd"), None)

    def view(self, expr: ir.Table) -> ir.Table:
        """Materialise ``expr`` as a temporary Spark view (each value computed once)."""
        self.con._run_pre_execute_hooks(expr)
        name = f"_stage_{uuid.uuid4().hex[:10]}"
        self.session.sql(self.con.compile(expr)).createOrReplaceTempView(name)
        return self.con.table(name)

    def read_staging(self, staging: Path, kind: str) -> ir.Table | None:
        files = list(staging.glob(f"part*/kind={kind}/year=*/*.parquet"))
        if not files:
            return None
        from pyspark.sql import functions as F

        df = None
        for folder in sorted({p.parent for p in files}):
            year = int(folder.name.split("=", 1)[1])
            part = self.session.read.parquet(str(folder)).withColumn("year", F.lit(year))
            df = part if df is None else df.unionByName(part)
        df = df.withColumn("kind", F.lit(kind))
        name = f"_stage_{kind}_{uuid.uuid4().hex[:8]}"
        df.createOrReplaceTempView(name)
        return self.con.table(name)

    def existing(self, source: str) -> ir.Table | None:
        files = self.store.parquet_files(source)
        parts = []
        if files:
            df = self.session.read.parquet(*sorted({str(p.parent) for p in files}))
            name = f"_existing_{uuid.uuid4().hex[:8]}"
            df.select("event_id", "date", "actor1", "actor2", "cameo").createOrReplaceTempView(name)
            parts.append(self.con.table(name))
        table = self.store.con.table("events")
        small = self.store.con.to_pyarrow(
            table.filter(table.source == source).select(
                "event_id", "date", "actor1", "actor2", "cameo"
            )
        )
        if small.num_rows:
            parts.append(ibis.memtable(small))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else parts[0].union(parts[1])

    def write_final(self, expr: ir.Table, target: Path) -> int | None:
        self._write(expr, target, ["year"])
        return None  # not counted while writing: the caller counts

    def to_rows(self, expr: ir.Table) -> list[dict]:
        return self.con.to_pyarrow(expr).to_pylist()

    def scalar(self, expr) -> int:
        return int(self.con.execute(expr) or 0)
