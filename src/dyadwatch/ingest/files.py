"""Refusing an import whose files cannot be read, and the fingerprint of its files."""

from __future__ import annotations

import hashlib

from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.rawfiles import PreparedFile

__all__ = ["check_prepared", "files_fingerprint"]


def check_prepared(prepared, skip_bad_files: bool, *, kind: str = "", where=None) -> None:
    """Refuse the import when a file cannot be read (unless skipping) or none can.

    Args:
        kind: what the files are, for the message (``""`` for event files, ``"Mentions "``).
        where: the option the files came from.
    """
    if prepared.refused and not skip_bad_files:
        first = prepared.refused[0]
        n = len(prepared.refused)
        more = f" (and {n - 1} more)" if n > 1 else ""
        raise DyadwatchError(
            f"cannot read {kind}file {first.path}: {first.reason}{more}",
            where=where,
            fix=(first.fix + "; " if first.fix else "")
            + "or pass --skip-bad-files to import the others",
        )
    if not prepared.files:
        first = prepared.refused[0].line() if prepared.refused else "no files given"
        raise DyadwatchError(
            f"none of the {kind}files can be read: " + first,
            where=where,
            fix="check the paths and re-download the files",
        )


def files_fingerprint(files: list[PreparedFile]) -> str:
    h = hashlib.sha256()
    for f in files:
        st = f.original.stat()
        h.update(f"{f.original.name}:{st.st_size}:{int(st.st_mtime)}".encode())
    return h.hexdigest()[:16]
