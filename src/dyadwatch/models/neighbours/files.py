"""Reading the neighbours tables: the shipped CSV files or a user's, with one-line errors.

Every way a file can fail to be a table (missing, a folder, unreadable, not UTF-8 text, NUL
bytes, empty, a malformed CSV, a missing column) raises one
:class:`~dyadwatch.errors.DyadwatchError` naming the file, so the command line never shows a
traceback for it. A UTF-8 byte-order mark (as spreadsheet programs write it) is accepted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from dyadwatch.errors import DyadwatchError

__all__ = ["data_file", "read_table"]

_FIX_TEXT = "pass a UTF-8 CSV file"


def data_file(name: str) -> Path:
    """The path of a shipped file in ``dyadwatch/data/neighbours/``."""
    return Path(str(resources.files("dyadwatch.data") / "neighbours" / name))


def _read_bytes(path: Path, where: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DyadwatchError(f"file not found: {path}", where=where, fix="check the path") from None
    except IsADirectoryError:
        raise DyadwatchError(f"{path} is a folder", where=where, fix="pass a CSV file") from None
    except OSError as exc:
        raise DyadwatchError(
            f"cannot read {path}: {exc.strerror or exc}", where=where, fix="check the path"
        ) from None


def _decode(raw: bytes, path: Path, where: str, columns: Sequence[str]) -> str:
    if not raw.strip():
        raise DyadwatchError(
            f"{path} is empty", where=where, fix="start it with the header " + ",".join(columns)
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DyadwatchError(
            f"{path} is not UTF-8 text (byte {exc.start} is 0x{raw[exc.start]:02x})",
            where=where,
            fix=_FIX_TEXT,
        ) from None
    if "\x00" in text:
        raise DyadwatchError(
            f"{path} holds NUL bytes: not a CSV text file", where=where, fix=_FIX_TEXT
        )
    return text


def read_table(
    path: Path, columns: Sequence[str], *, param: str | None = None
) -> list[dict[str, str]]:
    """Rows of a CSV file with a header, cells stripped.

    Args:
        path: the file.
        columns: columns the header must have.
        param: the parameter that named the file (``"spells"``), for the error's ``where``.

    Returns:
        One dict per data row, keyed by the header.

    Raises:
        DyadwatchError: the file cannot be read as a CSV table with these columns.
    """
    where = "{" + param + "}" if param else str(path)
    text = _decode(_read_bytes(path, where), path, where, columns)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in columns if c not in header]
    if missing:
        raise DyadwatchError(
            f"no column {missing[0]!r}", where=str(path), fix="header: " + ",".join(columns)
        )
    try:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except csv.Error as exc:
        raise DyadwatchError(
            f"malformed CSV: {exc}",
            where=f"{path.name}, line {reader.line_num}",
            fix="quote fields that hold commas or quotes (RFC 4180)",
        ) from None
