"""The UN ideal points, fitted once: a fit shipped in the package and a cache for newer votes.

A full 1946–2019 fit takes minutes (``benchmarks/idealpoints.py``), too slow for every report,
so :func:`ideal_points` looks, in order, for

1. the fit shipped in ``dyadwatch/data/unga/idealpoints.parquet`` (made by
   ``scripts/make_shipped_idealpoints.py`` from the shipped votes, CC0 like them), used when
   its key equals the key of the votes and settings asked for;
2. ``idealpoints-<key>.parquet`` in the user data directory's ``cache/`` (platformdirs);
3. a fresh fit, written to that cache.

The *key* hashes the votes and roll calls the model reads
(:func:`dyadwatch.sources.unga.content_hash`), the estimator settings, the year range, the
bridging switch and :data:`FIT_VERSION`: newer sessions downloaded with
``dyadwatch data download unga`` change the votes, hence the key, hence trigger one refit.
Bump :data:`FIT_VERSION` when the estimator's code changes its optimum.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from dyadwatch.measures.idealpoints.unga import SETTINGS, unga_ideal_points
from dyadwatch.sources.unga import (
    UNVotes,
    content_hash,
    read_cached,
    read_unvotes,
    shipped_unga_dir,
    write_cached,
)

__all__ = [
    "FIT_VERSION",
    "fit_key",
    "fit_status",
    "ideal_points",
    "read_fit",
    "write_fit",
    "shipped_fit_path",
]

#: version of the estimator's output; part of every key
FIT_VERSION = 1
_META = b"dyadwatch.fit_key"
_COLUMNS = ["country", "country_code", "session", "year", "position", "sd", "lo", "hi", "votes"]


def shipped_fit_path() -> Path:
    """The fit of the shipped votes with :data:`SETTINGS`."""
    return shipped_unga_dir() / "idealpoints.parquet"


def fit_key(
    data: UNVotes,
    settings: dict | None = None,
    *,
    bridges: bool = True,
    start: int | None = None,
    end: int | None = None,
) -> str:
    """The hash naming a fit of ``data`` with ``settings`` (defaults :data:`SETTINGS`)."""
    spec = {
        "votes": content_hash(data),
        "settings": SETTINGS | dict(settings or {}),
        "bridges": bridges,
        "start": start,
        "end": end,
        "version": FIT_VERSION,
    }
    text = json.dumps(spec, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def write_fit(frame: pd.DataFrame, path: str | Path, key: str) -> Path:
    """Write a fit compactly (float32 positions, int16 sessions, zstd) with its key."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    small = frame[_COLUMNS].astype(
        {"session": "int16", "year": "int16", "votes": "int32"}
        | {c: "float32" for c in ("position", "sd", "lo", "hi")}
    )
    table = pa.Table.from_pandas(small, preserve_index=False)
    table = table.replace_schema_metadata({_META: key.encode()})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd", compression_level=22)
    return path


def read_fit(path: str | Path) -> tuple[pd.DataFrame, str] | None:
    """``(frame, key)`` of a fit written by :func:`write_fit`, or None when absent/unreadable."""
    import pyarrow.parquet as pq

    path = Path(path)
    if not path.is_file():
        return None
    try:
        table = pq.read_table(path)
    except (OSError, ValueError):
        return None
    key = (table.schema.metadata or {}).get(_META, b"").decode()
    frame = table.to_pandas()
    for col in ("session", "year", "votes"):
        frame[col] = frame[col].astype(int)
    for col in ("position", "sd", "lo", "hi"):
        frame[col] = frame[col].astype(float)
    return frame, key


def fit_status(data: UNVotes | None = None, **settings) -> str:
    """``shipped``, ``cached`` or ``fit`` (what :func:`ideal_points` would do)."""
    data = read_unvotes() if data is None else data
    key = fit_key(data, settings)
    shipped = read_fit(shipped_fit_path())
    if shipped is not None and shipped[1] == key:
        return "shipped"
    return "cached" if read_cached(f"idealpoints-{key}") is not None else "fit"


def ideal_points(
    data: UNVotes | None = None,
    *,
    refit: bool = False,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    **settings,
) -> pd.DataFrame:
    """Every country's position per session (``country, country_code, session, year,
    position, sd, lo, hi, votes``; ``lo``/``hi`` the 95 % interval), from the shipped fit, the
    cache or a fresh fit (module docstring). ``.attrs['fit']`` says which.

    Args:
        data: the UN votes (default :func:`~dyadwatch.sources.unga.read_unvotes`).
        refit: fit even when a shipped or cached fit matches.
        cache: read and write the user cache.
        cache_dir: the cache folder (default the user data directory's ``cache/``).
        **settings: keywords of :class:`~.model.DynamicIRT` overriding :data:`SETTINGS`.
    """
    data = read_unvotes() if data is None else data
    key = fit_key(data, settings)
    name = f"idealpoints-{key}"
    if not refit:
        shipped = read_fit(shipped_fit_path())
        if shipped is not None and shipped[1] == key:
            shipped[0].attrs = {"fit": "shipped", "key": key}
            return shipped[0]
        cached = read_cached(name, cache_dir) if cache else None
        if cached is not None:
            cached.attrs = {"fit": "cached", "key": key}
            return cached
    frame = unga_ideal_points(data, **settings)[_COLUMNS]
    diagnostics = dict(frame.attrs)
    if cache:
        write_cached(name, frame, cache_dir)
    frame.attrs = {"fit": "fitted", "key": key, **diagnostics}
    return frame
