"""A full disk: the import fails with one clean line, exit 2, and the store is as it was.

The store lives on a small tmpfs mounted for the test (root only, and only where ``mount``
works; skipped with the reason elsewhere). Two places to run out of room: while the import
writes its staging files (the tmpfs has 64 KiB to spare), and at the commit (the import
pauses once its files are in place, the test fills the disk, then the manifest cannot be
written). After each, the store opens with its previous rows; with room again, the same
import gives exactly the clean figures.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import ICEWS_ROWS, MIXED, copy_store, counts, leftovers, run, start, stop, summary

GDELT_BEFORE = {"gdelt1": MIXED["accepted"]}


def _mount(point: Path, kib: int) -> None:
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={kib}k", "tmpfs", str(point)],
        capture_output=True,
        text=True,
        timeout=20,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")


def _remount(point: Path, kib: int) -> None:
    subprocess.run(["mount", "-o", f"remount,size={kib}k", str(point)], check=True, timeout=20)


def _used_kib(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) // 1024


@pytest.fixture
def small_disk(tmp_path, base_gdelt):
    """A tmpfs holding a copy of a store with the GDELT sample, with 64 KiB to spare."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (run as root, or in CI's container)")
    if shutil.which("mount") is None:
        pytest.skip("no mount command on this machine")
    point = tmp_path / "disk"
    point.mkdir()
    size = _used_kib(base_gdelt.parent) + 64 + 64  # the files, page rounding, and 64 KiB free
    _mount(point, size)
    try:
        yield copy_store(base_gdelt, point), point, size
    finally:
        subprocess.run(["umount", str(point)], capture_output=True, timeout=20)


@pytest.fixture(scope="module")
def base_gdelt(samples, tmp_path_factory):
    db = tmp_path_factory.mktemp("gdelt") / "store.duckdb"
    done = run("ingest", "gdelt1", str(samples["mixed"]), "--db", str(db))
    assert summary(done.stdout) == MIXED, done.stderr
    return db


def _one_clean_error(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: cannot write the import into ")
    assert "No space left on device" in lines[0] and "the store is unchanged" in lines[0]
    assert done.stdout == ""
    print(f"\n{lines[0]}")
    return lines[0]


def _fill(folder: Path) -> Path:
    """Write a file until the disk is full; return it."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        with contextlib.suppress(OSError):
            while os.write(fd, b"\0" * 4096):
                pass
        with contextlib.suppress(OSError):
            while os.write(fd, b"\0"):  # the last part of a page
                pass
    finally:
        os.close(fd)
    return filler


def _retry_is_clean(store: Path, samples) -> None:
    again = run("ingest", "icews", str(samples["icews"]), "--db", str(store))
    assert again.returncode == 0, again.stderr
    assert summary(again.stdout)["accepted"] == ICEWS_ROWS
    assert counts(store).by_source == GDELT_BEFORE | {"icews": ICEWS_ROWS}
    assert leftovers(store) == []


@pytest.mark.slow
def test_full_disk_while_staging(small_disk, samples):
    store, point, size = small_disk
    before = counts(store)
    assert before.by_source == GDELT_BEFORE
    done = run("ingest", "icews", str(samples["icews"]), "--db", str(store))
    _one_clean_error(done)
    after = counts(store)
    assert (after.by_source, after.generation) == (before.by_source, before.generation)
    _remount(point, size + 4096)
    _retry_is_clean(store, samples)


@pytest.mark.slow
def test_full_disk_at_the_commit(small_disk, samples):
    store, point, size = small_disk
    _remount(point, size + 4096)  # room for the import's files...
    before = counts(store)
    proc = start(
        "ingest",
        "icews",
        str(samples["icews"]),
        "--db",
        str(store),
        DYADWATCH_PAUSE_AT="writing",
        DYADWATCH_PAUSE_SECONDS="2",
    )
    try:
        root = store.parent / f"{store.name}.parquet"
        deadline = time.monotonic() + 30
        while not list(root.glob("source=icews/year=*/*.parquet")):
            assert proc.poll() is None and time.monotonic() < deadline, stop(proc)
            time.sleep(0.02)
        filler = _fill(point)  # ...but none for the manifest
        out, err = proc.communicate(timeout=30)
    finally:
        stop(proc)
    _one_clean_error(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    after = counts(store)
    assert (after.by_source, after.generation) == (before.by_source, before.generation)
    with pytest.raises(OSError) as full:
        (point / "probe").write_bytes(b"\0" * 8192)
    assert full.value.errno == errno.ENOSPC  # the disk really was full
    filler.unlink()
    _retry_is_clean(store, samples)
