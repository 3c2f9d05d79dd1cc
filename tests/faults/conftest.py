"""Helpers for the fault tests: real ``dyadwatch`` processes on throwaway stores.

Every test here runs the command line as a subprocess (``python -m dyadwatch``) with the
worktree's code, a store under ``tmp_path`` and a time limit, and kills what it started.
The inputs are the real samples in ``../shared/data`` (see its README):

* ``base``: the ICEWS 2018 sample (3,705 events), imported once per session and copied;
* ``mixed``: the GDELT 1.0 sample (710 events) plus five of its rows repeated and two broken
  rows (one cut short, one with the date 2016-13-99), so that a clean import prints
  ``read 717 = accepted 710 + quarantined 2 + duplicates 5``.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from dyadwatch.store import open_store

SRC = Path(__file__).resolve().parents[2] / "src"
SUMMARY = re.compile(
    r"read ([\d,]+) = accepted ([\d,]+) \+ quarantined ([\d,]+) \+ duplicates ([\d,]+)"
)
MIXED = {"read": 717, "accepted": 710, "quarantined": 2, "duplicates": 5}
ICEWS_ROWS = 3705
TIMEOUT = 60  # seconds, for any one command


def env(**extra: str) -> dict[str, str]:
    """The environment of a child: this worktree's code first, no fault variables unless
    given, a short lock timeout."""
    e = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DYADWATCH_KILL", "DYADWATCH_PAUSE", "DYADWATCH_LOCK"))
    }
    e["PYTHONPATH"] = str(SRC) + os.pathsep + e.get("PYTHONPATH", "")
    e["DYADWATCH_LOCK_TIMEOUT"] = "30"
    e.update(extra)
    return e


def cli(*args: str) -> list[str]:
    """The argv of ``python -m dyadwatch ARGS``."""
    return [sys.executable, "-m", "dyadwatch", *args]


def run(*args: str, timeout: float = TIMEOUT, **extra: str) -> subprocess.CompletedProcess:
    """Run ``dyadwatch ARGS`` to the end (text output captured)."""
    return subprocess.run(
        cli(*args), env=env(**extra), capture_output=True, text=True, timeout=timeout
    )


def start(*args: str, **extra: str) -> subprocess.Popen:
    """Start ``dyadwatch ARGS`` in the background (text output captured)."""
    return subprocess.Popen(
        cli(*args),
        env=env(**extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def summary(stdout: str) -> dict[str, int]:
    """The ``read = accepted + quarantined + duplicates`` figures an import printed."""
    m = SUMMARY.search(stdout)
    assert m, f"no summary line in {stdout!r}"
    read, accepted, quarantined, duplicates = (int(g.replace(",", "")) for g in m.groups())
    assert read == accepted + quarantined + duplicates
    return {
        "read": read,
        "accepted": accepted,
        "quarantined": quarantined,
        "duplicates": duplicates,
    }


@dataclass
class Counts:
    """What a reader that opens the store now sees."""

    by_source: dict[str, int]
    distinct: int  # distinct (source, event_id)
    total: int
    generation: int


def counts(db: Path) -> Counts:
    """Open the store as a reader and count its events (it must open)."""
    with open_store(db, read_only=True) as store:
        rel = store.events_relation()
        rows = store.raw.execute(
            f"SELECT source, count(*) FROM {rel} GROUP BY source ORDER BY source"
        ).fetchall()
        distinct = store.raw.execute(
            f"SELECT count(*) FROM (SELECT DISTINCT source, event_id FROM {rel})"
        ).fetchall()[0][0]
        return Counts(
            {s: n for s, n in rows}, distinct, sum(n for _, n in rows), store.manifest.generation
        )


def leftovers(db: Path) -> list[str]:
    """Files a killed import left that no commit lists (staging, temp manifests, orphans)."""
    root = db.parent / f"{db.name}.parquet"
    with open_store(db, read_only=True) as store:
        listed = {str(p) for p in store.parquet_files()}
        imports = {r[0] for r in store.raw.execute("SELECT import_id FROM ingests").fetchall()}
    out = [str(p) for p in root.glob("source=*/year=*/*.parquet") if str(p) not in listed]
    out += [str(p) for p in root.glob(".manifest.json.*.tmp")]
    out += [str(p) for p in root.glob("_staging/*")]
    out += [str(p) for p in root.glob("_quarantine/*.csv") if p.stem not in imports]
    return sorted(out)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen) -> tuple[str, str]:
    """Stop a process this test started (by its own handle) and collect its output."""
    if proc.poll() is None:
        proc.kill()
    try:
        return proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        return "", ""


@pytest.fixture(scope="session")
def samples(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real inputs (see the module docstring)."""
    icews = shared_data / "icews_samples" / "events.2018.sample.tab"
    gdelt = shared_data / "gdelt_samples" / "gdelt1_events_sample.tsv"
    lines = gdelt.read_text(encoding="utf-8").splitlines()
    cut = lines[299].split("\t")
    cut[0] = "999000299"  # a new id, so the cut row is the only one that has it
    bad_date = lines[399].split("\t")
    bad_date[0], bad_date[1] = "999000399", "20161399"
    mixed = tmp_path_factory.mktemp("inputs") / "gdelt1_mixed.tsv"
    body = lines + lines[:5] + ["\t".join(cut[:20]), "\t".join(bad_date)]
    mixed.write_text("\n".join(body) + "\n", encoding="utf-8")
    return {"icews": icews, "gdelt": gdelt, "mixed": mixed}


@pytest.fixture(scope="session")
def base_store(samples, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the ICEWS sample (made once; copy it with :func:`copy_store`)."""
    db = tmp_path_factory.mktemp("base") / "store.duckdb"
    done = run("ingest", "icews", str(samples["icews"]), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert summary(done.stdout)["accepted"] == ICEWS_ROWS
    return db


def copy_store(db: Path, folder: Path) -> Path:
    """A copy of the store at ``db`` (file and Parquet folder) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / db.name
    shutil.copy2(db, target)
    shutil.copytree(db.parent / f"{db.name}.parquet", folder / f"{db.name}.parquet")
    return target


@pytest.fixture
def store(base_store: Path, tmp_path: Path) -> Path:
    """A fresh copy of the base store for one test."""
    return copy_store(base_store, tmp_path / "store")


LIMIT = 120  # seconds: no fault test may take longer, whatever hangs


@pytest.fixture(autouse=True)
def _time_limit():
    """Fail (not hang) a fault test that runs past :data:`LIMIT` seconds."""
    import signal

    def expired(signum, frame):
        raise TimeoutError(f"the fault test ran past {LIMIT} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(LIMIT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
