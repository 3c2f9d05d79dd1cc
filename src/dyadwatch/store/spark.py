"""The Spark backend for stores that outgrow one machine."""

from __future__ import annotations

import os
import sys

__all__ = ["spark_backend"]


def spark_backend(master: str | None = None, *, config: dict[str, str] | None = None):
    """An ibis pyspark backend on a Spark session (local mode unless told otherwise).

    The master comes from ``master``, else ``$DYADWATCH_SPARK_MASTER``, else ``local[*]``;
    ``config`` adds Spark settings (e.g. ``{"spark.executor.memory": "8g"}``). ANSI mode is
    switched off for the session so that ibis' portable expressions behave as on DuckDB.

    Raises:
        MissingExtraError: pyspark is not installed (``pip install 'dyadwatch[spark]'``).
    """
    try:
        import ibis
        from pyspark.sql import SparkSession
    except ImportError:
        from dyadwatch.errors import MissingExtraError

        raise MissingExtraError("pyspark", "spark") from None
    master = master or os.environ.get("DYADWATCH_SPARK_MASTER") or "local[*]"
    builder = (
        SparkSession.builder.master(master)
        .appName("dyadwatch")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", str(sys.stderr.isatty()).lower())
        .config("spark.sql.shuffle.partitions", os.environ.get("DYADWATCH_SPARK_PARTITIONS", "8"))
    )
    for key, value in (config or {}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    return ibis.pyspark.connect(session)
