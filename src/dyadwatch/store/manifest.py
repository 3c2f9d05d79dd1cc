"""The manifest: which imported Parquet files the store holds, switched atomically.

``<store>.parquet/manifest.json`` lists every committed Parquet file (paths relative to the
folder) and every finished import's summary, with a ``generation`` that grows by one per
commit. A file not in the manifest does not exist for readers: an import writes its files
first, then commits by writing a new manifest to a temporary file, ``fsync``-ing it and
``os.replace``-ing it over the old one (atomic on POSIX), then ``fsync``-ing the folder. A
process killed at any point leaves either the old manifest or the new one, never a mixture;
files it wrote but did not commit are removed by the next writer (:func:`orphans`).

A store written before manifests existed (no ``manifest.json``) is read as listing every
``source=*/year=*/*.parquet`` file on disk; its first import writes the manifest.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from dyadwatch.errors import DyadwatchError
from dyadwatch.store.faults import kill_point

__all__ = ["Manifest", "read_manifest", "write_manifest", "orphans", "MANIFEST"]

MANIFEST = "manifest.json"
_PATTERN = "source=*/year=*/*.parquet"


@dataclass
class Manifest:
    """The committed state of the Parquet part: files, imports, generation."""

    generation: int = 0
    files: list[str] = field(default_factory=list)
    imports: list[dict] = field(default_factory=list)

    def paths(self, root: Path, source: str | None = None) -> list[Path]:
        """The committed files (absolute), optionally of one source."""
        prefix = f"source={source}/" if source else ""
        return [root / f for f in self.files if f.startswith(prefix)]


def stamp(root: Path) -> tuple[int, int] | None:
    """A cheap change marker for the manifest (``st_mtime_ns``, inode), ``None`` if absent."""
    try:
        st = (root / MANIFEST).stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_ino)


def read_manifest(root: Path) -> Manifest:
    """The committed manifest (or the legacy listing of the files on disk)."""
    path = root / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        files = sorted(str(p.relative_to(root)) for p in root.glob(_PATTERN))
        return Manifest(0, files, [])
    except (OSError, ValueError) as exc:
        raise DyadwatchError(
            f"cannot read the store's manifest {path}: {exc}",
            fix="restore it from a backup, or delete the .parquet folder and import again",
        ) from None
    return Manifest(int(data["generation"]), list(data["files"]), list(data.get("imports", [])))


def write_manifest(root: Path, manifest: Manifest, *, kill: bool = True) -> None:
    """Commit ``manifest``: temp file, fsync, atomic ``os.replace``, fsync of the folder."""
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".{MANIFEST}.{os.getpid()}.tmp"
    body = {
        "generation": manifest.generation,
        "files": manifest.files,
        "imports": manifest.imports,
    }
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(body, fh, indent=0)
            fh.flush()
            os.fsync(fh.fileno())
        if kill:
            kill_point("switching")
        os.replace(tmp, root / MANIFEST)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if kill:
        kill_point("switched")
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def orphans(root: Path, manifest: Manifest, imports: set[str] | None = None) -> list[Path]:
    """Files on disk that no commit lists (a killed import's): Parquet files, temp manifests,
    and quarantine files ``_quarantine/<import_id>.csv`` of imports not in ``imports`` (the
    committed import ids; default: the manifest's)."""
    listed = set(manifest.files)
    found = [p for p in root.glob(_PATTERN) if str(p.relative_to(root)) not in listed]
    known = imports if imports is not None else {i["import_id"] for i in manifest.imports}
    found += [p for p in root.glob("_quarantine/*.csv") if p.stem not in known]
    return found + list(root.glob(f".{MANIFEST}.*.tmp"))
