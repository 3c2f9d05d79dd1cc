"""Import raw event files (GDELT 1.0/2.0, ICEWS, POLECAT) into the store, at scale.

``ingest(source, paths)`` streams the files through the source's reader (one ibis expression,
:mod:`dyadwatch.sources`) on DuckDB (default) or Spark, and writes the accepted events as
Parquet partitioned by source and year under the store (:attr:`dyadwatch.store.Store.
parquet_root`). Memory stays bounded: DuckDB reads the files in parallel and writes as it goes
(its ``memory_limit`` is set for the import and it spills to disk past it); nothing is gathered
in Python.

Every row read ends up in exactly one of three counts, so ``read = accepted + quarantined +
duplicates`` always holds:

* **quarantined** — the row is malformed (wrong column count, not UTF-8, bad date, unknown
  CAMEO code, ...). Each import writes a quarantine CSV (``file, line, reason, row``) under
  ``<store>.parquet/_quarantine/``.
* **duplicates** — the row is dropped by the deduplication policy (:class:`DedupPolicy`):

  - ``event_id`` (always on): an event whose id is already in the store, or seen earlier in
    the same import (GDELT: GlobalEventID; ICEWS: Event ID + Event Date; POLECAT: Event ID).
    This makes imports idempotent: the same files twice add nothing.
  - ``not_root`` (``root_only``, GDELT): events with IsRootEvent = 0 — events found outside the
    lead paragraphs of an article, which GDELT documents as less reliable.
  - ``min_sources`` (GDELT): events reported by fewer than N sources (NumSources).
  - ``min_confidence`` (``min_confidence``, GDELT 2.0 with its Mentions files): events whose
    best-rated mention has a coding Confidence below N. GDELT 2.0's Mentions table has one
    row per article that mentions an event, with the coder's Confidence (10 to 100 %; GDELT
    2.0 *Event Codebook V2.0*, 2015); an event is kept when any article mentions it with at
    least N (:func:`dyadwatch.sources.gdelt.mentions_confidence` takes the maximum).
  - ``no_mentions`` (with ``min_confidence``): events that no row of the given Mentions files
    names. Every GDELT 2.0 event has at least its first mention in the Mentions file of the
    same 15-minute interval, so these mean the Mentions files do not match the event files;
    a quality filter keeps only what it can rate, so they are dropped and counted apart
    (the CLI warns). Importing the same event files again without the filter adds them.
  - ``one_a_day``: at most one event per day for each directed dyad and CAMEO code (the
    "one-a-day" filter of Schrodt's event data practice), keeping the one with the most
    sources, then the lowest id; events without both actors are not filtered.

  The rules are checked in this order (``event_id`` and ``one_a_day`` last, on the rows the
  others keep); the first that applies names the drop.

* **accepted** — written to the store.

Files that cannot be read at all (missing, empty, truncated zip, UTF-16) are *refused* before
anything is written, with a one-line reason; ``skip_bad_files=True`` imports the others.

On DuckDB an import is one ``COPY`` from the files to Parquet staging (read, parse, validate
and write in one parallel pass), then a check for repeated ids and a move of the staged files
into the store; rows are re-read only when some must be dropped as duplicates. What it costs,
measured, is in ``benchmarks/README.md`` (section Ingest).
"""

from __future__ import annotations

from dyadwatch.ingest.mentions import mention_paths
from dyadwatch.ingest.monthly import dyad_monthly
from dyadwatch.ingest.policy import DedupPolicy
from dyadwatch.ingest.run import ENGINES, INGEST_SOURCES, ingest
from dyadwatch.ingest.summary import IngestSummary

__all__ = [
    "INGEST_SOURCES",
    "ENGINES",
    "DedupPolicy",
    "IngestSummary",
    "ingest",
    "dyad_monthly",
    "mention_paths",
]
