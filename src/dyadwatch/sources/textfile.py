"""Reading a text file a user names, with one clear error line for every way it can fail.

A missing file, a folder, a symlink loop, a file the user may not read, binary content (NUL
bytes or bytes that are not UTF-8) and an empty file each get their own message naming the
file and, for binary content, the byte offset; none of them shows a traceback.
"""

from __future__ import annotations

import errno
from pathlib import Path

from dyadwatch.errors import DyadwatchError

__all__ = ["read_text"]


def read_text(path: str | Path, *, where: str, kind: str = "CSV", fix: str | None = None) -> str:
    """The file's text, decoded as UTF-8 (a byte-order mark is dropped).

    Args:
        path: the file.
        where: the parameter that named it (``"{series}"``), for the message.
        kind: what the file should be (``"CSV"``, ``"YAML"``), for the message.
        fix: how to fix a bad file (default: "pass a UTF-8 text {kind} file").

    Raises:
        DyadwatchError: the file cannot be read, is binary, or is empty.
    """
    path = Path(path)
    fix = fix or f"pass a UTF-8 text {kind} file"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DyadwatchError(_os_problem(path, exc), where=where, fix=fix) from None
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise DyadwatchError(
            f"{path} is a binary file, not a {kind} (NUL byte at offset {at})", where=where, fix=fix
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DyadwatchError(
            f"{path} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            where=where,
            fix=fix,
        ) from None
    if not text.strip():
        raise DyadwatchError(f"{path} is empty", where=where, fix=fix)
    return text


def _os_problem(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return f"file not found: {path}"
    if exc.errno == errno.EISDIR:
        return f"{path} is a folder, not a file"
    if exc.errno == errno.ELOOP:
        return f"{path} is a symbolic link loop"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"no permission to read {path}"
    return f"cannot read {path}: {exc.strerror or exc}"
