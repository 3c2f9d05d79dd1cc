"""Where a store's files live."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["default_db_path", "parquet_root", "db_lock_path", "writer_lock_path"]


def default_db_path() -> Path:
    """Where the store lives unless told otherwise: ``$DYADWATCH_DB`` or the user data dir."""
    env = os.environ.get("DYADWATCH_DB")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("dyadwatch", appauthor=False)) / "dyadwatch.duckdb"


def parquet_root(db: Path) -> Path:
    """The folder of imported Parquet files beside the DuckDB file."""
    return db.parent / f"{db.name}.parquet"


def db_lock_path(db: Path) -> Path:
    """Lock file guarding the DuckDB file itself (held for milliseconds)."""
    return db.parent / f"{db.name}.lock"


def writer_lock_path(db: Path) -> Path:
    """Lock file held by the one writer (an import) for its whole run."""
    return db.parent / f"{db.name}.writer.lock"
