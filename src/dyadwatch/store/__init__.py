"""The event store: canonical events in a DuckDB file plus imported Parquet files.

Readers never block and never hold a file lock for long; one writer at a time (see
``docs/explanation/store.md``):

* :mod:`~dyadwatch.store.core` -- :class:`Store` and :func:`open_store`: every store works on
  an in-memory DuckDB connection; the small tables of the DuckDB file are copied in at open
  under a shared lock, and writes to them go through to the file under an exclusive one;
* :mod:`~dyadwatch.store.manifest` -- the list of imported Parquet files, switched atomically;
* :mod:`~dyadwatch.store.lock` -- ``flock`` locks, waiting with a message and a timeout;
* :mod:`~dyadwatch.store.faults` -- the kill points the fault tests use.
"""

from dyadwatch.store.core import LoadResult, Store, open_store
from dyadwatch.store.paths import default_db_path
from dyadwatch.store.spark import spark_backend

__all__ = ["Store", "open_store", "default_db_path", "LoadResult", "spark_backend"]
