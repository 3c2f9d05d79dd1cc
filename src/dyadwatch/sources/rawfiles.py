"""Raw delimited event files into engine tables of text columns ``c1 .. cN``.

Every source is read the same way: each line is split on tabs into text columns ``c1 .. cN``
(``N`` = the layout's width plus :data:`OVERFLOW` spare columns, so that rows with too many
fields are seen, not silently cut), empty fields are null, and blank lines are not rows. The
source modules then turn these columns into canonical events with one ibis expression that runs
unchanged on DuckDB and on Spark.

* DuckDB (the fast path) reads the files with ``read_csv`` in parallel; lines it cannot parse
  (not UTF-8, more than ``N`` fields, over the line-size limit) land in its rejects table with
  their line numbers and go to the quarantine.
* When DuckDB's reader cannot read a file at all (mixed line endings, binary junk), that file
  falls back to :func:`python_lines`, a slower exact reader that never fails on bytes: it keeps
  line numbers and marks lines that are not valid UTF-8.
* Spark reads the same files with its CSV reader (``--engine spark``); lines that are not UTF-8
  arrive with U+FFFD and are quarantined by the shared expression.

Zipped files (GDELT ships ``.zip``) are unpacked to a staging folder first; a truncated or
corrupt zip, an empty file or a UTF-16 file is *refused* with a one-line reason.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy and pyarrow.compute serve the fallback reader only: imported there
    import numpy as np
    import pyarrow as pa

__all__ = [
    "OVERFLOW",
    "PreparedFile",
    "RefusedFile",
    "prepare_files",
    "python_lines",
    "read_header",
]

#: Spare columns read past a layout's width, to see rows with too many fields.
OVERFLOW = 8
_CHUNK = 16 << 20


@dataclass
class PreparedFile:
    """A file ready to read: its original path and the plain-text path the engines read."""

    original: Path
    path: Path
    header: list[str] | None = None
    first_fields: int | None = None
    extracted: bool = False
    #: Rows rejected before the engines read the file (an unterminated last line), as the
    #: engines' reader rejects: ``filename``, ``line``, ``reason``, ``raw``.
    rejects: list[dict] = field(default_factory=list)


@dataclass
class RefusedFile:
    """A file that cannot be read at all, with a one-line reason and a fix."""

    path: Path
    reason: str
    fix: str = ""

    def line(self) -> str:
        return f"{self.path}: {self.reason}" + (f". {self.fix}" if self.fix else "")


@dataclass
class Prepared:
    files: list[PreparedFile] = field(default_factory=list)
    refused: list[RefusedFile] = field(default_factory=list)


def _decode_header(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace")
    return text.lstrip("\ufeff").rstrip("\r\n")


def read_header(path: Path) -> tuple[list[str], int | None]:
    """The first line of a file split on tabs, and the field count of its second line."""
    with path.open("rb") as f:
        first = f.readline()
        second = f.readline()
    names = [n.strip() for n in _decode_header(first).split("\t")]
    fields = len(second.rstrip(b"\r\n").split(b"\t")) if second.strip() else None
    return names, fields


def prepare_files(paths: list[Path], staging: Path, *, header: bool) -> Prepared:
    """Check files and unpack zips; return readable files and refused ones with reasons.

    Args:
        paths: files as given by the user (plain text or ``.zip`` holding one text file).
        staging: folder for unpacked files (deleted by the caller afterwards).
        header: whether the format has a header row (read and returned per file).
    """
    out = Prepared()
    for original in paths:
        original = Path(original)
        missing = _missing(original)
        if missing:
            out.refused.append(missing)
            continue
        if original.is_dir():
            out.refused.append(
                RefusedFile(original, "is a folder", "pass the files in it (e.g. folder/*.zip)")
            )
            continue
        unpacked = _unpack(original, staging)
        if isinstance(unpacked, RefusedFile):
            out.refused.append(unpacked)
            continue
        path, extracted = unpacked
        refused = _unreadable_content(original, path)
        if refused is not None:
            out.refused.append(refused)
            continue
        prepared = PreparedFile(original, path, extracted=extracted)
        _cut_unterminated(prepared, staging, header=header)
        if header:
            prepared.header, prepared.first_fields = read_header(path)
        out.files.append(prepared)
    return out


def _unpack(original: Path, staging: Path) -> tuple[Path, bool] | RefusedFile:
    """The text file to read (unpacked into ``staging`` from a zip, gzip, bzip2 or xz file),
    and whether it was unpacked; or why the archive cannot be read."""
    suffix = original.suffix.lower()
    if suffix == ".zip":
        try:
            return _unzip(original, staging), True
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return RefusedFile(
                original,
                f"not a readable zip file ({reason})",
                "download it again (dyadwatch data download resumes and checks MD5)",
            )
    if suffix in _STREAMS:
        try:
            return _decompress(original, staging), True
        except _STREAM_ERRORS as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return RefusedFile(
                original,
                f"not a readable {_STREAMS[suffix][0]} file ({reason})",
                "download it again, or check it with the archiver's test option",
            )
    return original, False


def _unreadable_content(original: Path, path: Path) -> RefusedFile | None:
    """Why the (unpacked) file cannot be an event file: empty, UTF-16 or binary; else None."""
    if path.stat().st_size == 0:
        return RefusedFile(original, "file is empty", "download it again or leave it out")
    with path.open("rb") as f:
        head = f.read(4)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return RefusedFile(
            original,
            "file is UTF-16, not UTF-8",
            "convert it, e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8",
        )
    if _binary(head + _peek(path)):
        return RefusedFile(
            original,
            "not a text file (binary content at its start)",
            "pass the event file itself (tab-separated text, .zip, .gz, .bz2 or .xz)",
        )
    return None


#: Single-stream compressions read by suffix: name and opener.
_STREAMS = {
    ".gz": ("gzip", "gzip"),
    ".bz2": ("bzip2", "bz2"),
    ".xz": ("xz", "lzma"),
}
UNTERMINATED = "last line has no line end (file cut short?)"


def _stream_errors() -> tuple[type[BaseException], ...]:
    import bz2  # noqa: F401  (bz2 raises OSError)
    import gzip
    import lzma
    import zlib

    return (EOFError, OSError, gzip.BadGzipFile, lzma.LZMAError, zlib.error, ValueError)


_STREAM_ERRORS = _stream_errors()


_PEEK = 1 << 16


def _peek(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.read(_PEEK)


def _binary(start: bytes) -> bool:
    """True when a file's first 64 KiB are not text: many NULs or many bytes not UTF-8.

    A stray NUL or a few bad bytes in a real file are rows for the quarantine; a file whose
    start is over 1 % NUL bytes or 10 % undecodable is not an event file at all.
    """
    if not start:
        return False
    if start.count(0) * 100 > len(start):
        return True
    text = start.decode("utf-8", errors="replace")
    return text.count("\ufffd") * 10 > max(len(text), 1)


def _missing(path: Path) -> RefusedFile | None:
    """Why ``path`` cannot be opened at all (missing, a symlink loop, a folder), else None."""
    if path.is_symlink():
        try:
            path.resolve(strict=True)
        except RuntimeError:
            return RefusedFile(path, "symbolic link loop", "point the link at a real file")
        except OSError as exc:
            if "loop" in str(exc).lower() or getattr(exc, "errno", None) == 40:
                return RefusedFile(path, "symbolic link loop", "point the link at a real file")
            return RefusedFile(path, "broken symbolic link", "point the link at a real file")
    if not path.exists():
        return RefusedFile(path, "file not found", "check the path")
    return None


def _decompress(path: Path, staging: Path) -> Path:
    """A ``.gz``, ``.bz2`` or ``.xz`` file unpacked to ``staging`` (read to its end: checked)."""
    import importlib

    module = importlib.import_module(_STREAMS[path.suffix.lower()][1])
    staging.mkdir(parents=True, exist_ok=True)
    target = staging / f"{len(list(staging.iterdir())):05d}_{path.stem}"
    try:
        with module.open(path, "rb") as src, target.open("wb") as dst:
            while True:
                block = src.read(_CHUNK)
                if not block:
                    break
                dst.write(block)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def _count_lines(path: Path, end: int) -> int:
    """Line ends (\\n, \\r\\n or a lone \\r, as :func:`python_lines`) in the first ``end`` bytes."""
    n = 0
    last = b""
    with path.open("rb") as f:
        left = end
        while left > 0:
            block = f.read(min(_CHUNK, left))
            if not block:
                break
            left -= len(block)
            n += block.count(b"\n") + block.count(b"\r") - block.count(b"\r\n")
            if last == b"\r" and block[:1] == b"\n":
                n -= 1
            last = block[-1:]
    return n


def _cut_unterminated(prepared: PreparedFile, staging: Path, *, header: bool) -> None:
    """Quarantine a last line with no line end: it may be a row cut short (a truncated URL).

    The engines then read a copy of the file without that line (the file itself is never
    changed; an unpacked copy is cut in place). A one-line file with a header is its header.
    """
    path = prepared.path
    size = path.stat().st_size
    with path.open("rb") as f:
        f.seek(size - 1)
        if f.read(1) in (b"\n", b"\r"):
            return
        pos, cut = size, -1
        while pos > 0 and cut < 0:
            start = max(0, pos - (1 << 16))
            f.seek(start)
            block = f.read(pos - start)
            cut = max(block.rfind(b"\n"), block.rfind(b"\r"))
            if cut >= 0:
                cut += start
            pos = start
        f.seek(cut + 1)
        tail = f.read()
    if cut < 0 and header:
        return
    line = _count_lines(path, cut + 1) + 1
    if prepared.extracted:
        os.truncate(path, cut + 1)
    else:
        staging.mkdir(parents=True, exist_ok=True)
        target = staging / f"{len(list(staging.iterdir())):05d}_{path.name}"
        with path.open("rb") as src, target.open("wb") as dst:
            left = cut + 1
            while left > 0:
                block = src.read(min(_CHUNK, left))
                if not block:
                    break
                dst.write(block)
                left -= len(block)
        prepared.path = target
    prepared.rejects.append(
        {
            "filename": str(prepared.path),
            "line": line,
            "reason": UNTERMINATED,
            "raw": tail.decode("utf-8", errors="replace"),
        }
    )


def _unzip(path: Path, staging: Path) -> Path:
    staging.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path) as zf:
        members = [m for m in zf.infolist() if not m.is_dir()]
        if len(members) != 1:
            raise ValueError(f"expected one file inside, found {len(members)}")
        member = members[0]
        target = staging / f"{len(list(staging.iterdir())):05d}_{Path(member.filename).name}"
        with zf.open(member) as src, target.open("wb") as dst:
            while True:
                block = src.read(_CHUNK)  # CRC is checked when the member is read to its end
                if not block:
                    break
                dst.write(block)
    return target


def _line_bounds(buf: bytes, final: bool) -> tuple[np.ndarray, np.ndarray, int]:
    """Start and end offsets of complete lines in ``buf`` (\\n, \\r\\n or lone \\r end a line)."""
    import numpy as np

    arr = np.frombuffer(buf, np.uint8)
    is_nl = arr == 10
    is_cr = arr == 13
    if len(arr):
        nxt = np.empty_like(is_nl)
        nxt[:-1] = is_nl[1:]
        nxt[-1] = False
        lone_cr = is_cr & ~nxt
        if not final and is_cr[-1]:
            lone_cr[-1] = False  # a \r at the end of a chunk may be half of \r\n
        ends = np.flatnonzero(is_nl | lone_cr)
    else:
        ends = np.array([], dtype=np.int64)
    consumed = int(ends[-1]) + 1 if len(ends) else 0
    starts = np.r_[0, ends[:-1] + 1] if len(ends) else np.array([], dtype=np.int64)
    if final and consumed < len(buf):
        starts = np.r_[starts, consumed]
        ends = np.r_[ends, len(buf)]
        consumed = len(buf)
    # strip the \r of \r\n
    ends = ends.copy()
    has_cr = (ends > starts) & (ends < len(arr)) & is_nl[np.minimum(ends, len(arr) - 1)]
    if len(ends):
        prev = np.maximum(ends - 1, 0)
        has_cr &= is_cr[prev] & (ends - 1 >= starts)
        ends = np.where(has_cr, ends - 1, ends)
    return starts.astype(np.int64), ends.astype(np.int64), consumed


def python_lines(path: Path, *, skip_header: bool = False):
    """Yield ``(line_numbers, texts, bad_utf8)`` batches for every non-blank line of a file.

    Never fails on content: bytes that are not UTF-8 are replaced (U+FFFD) and the line is
    marked. Line numbers count every line, blank ones included, from 1.
    """
    import numpy as np

    line0 = 1
    carry = b""
    with path.open("rb") as f:
        while True:
            block = f.read(_CHUNK)
            final = not block
            buf = carry + block
            if not buf:
                break
            starts, ends, consumed = _line_bounds(buf, final)
            carry = buf[consumed:]
            n = len(starts)
            if n:
                numbers = np.arange(line0, line0 + n)
                line0 += n
                texts: list[str] = []
                bad: list[bool] = []
                keep: list[int] = []
                for i, (s, e) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
                    if e <= s:
                        continue
                    if skip_header and numbers[i] == 1:
                        continue
                    chunk = buf[s:e]
                    try:
                        texts.append(chunk.decode("utf-8"))
                        bad.append(False)
                    except UnicodeDecodeError:
                        texts.append(chunk.decode("utf-8", errors="replace"))
                        bad.append(True)
                    keep.append(i)
                if keep:
                    yield numbers[keep], texts, bad
            if final:
                break


def python_table(
    path: Path, width: int, *, skip_header: bool, file_label: str, delimiter: str = "\t"
) -> pa.Table:
    """A whole file as a table ``filename, line, bad_encoding, c1..cN`` (the fallback path).

    Tab-separated files are split exactly (no quoting); comma-separated ones (the ICEWS R
    package's cleaned CSV) go through Python's csv module.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    names = [f"c{i}" for i in range(1, width + 1)]
    if delimiter != "\t":
        return _python_csv_table(path, width, skip_header=skip_header, file_label=file_label)
    parts = []
    for numbers, texts, bad in python_lines(path, skip_header=skip_header):
        n = len(texts)
        split = pc.split_pattern(pa.array(texts, type=pa.string()), "\t")
        fixed = pc.list_slice(split, 0, width, return_fixed_size_list=True)
        flat = fixed.flatten()
        flat = pc.if_else(pc.equal(flat, ""), pa.scalar(None, pa.string()), flat)
        base = np.arange(n, dtype=np.int64) * width
        cols = [pc.take(flat, pa.array(base + i)) for i in range(width)]
        parts.append(
            pa.table(
                [
                    pa.array([file_label] * n, type=pa.string()),
                    pa.array(numbers, type=pa.int64()),
                    pa.array(bad, type=pa.bool_()),
                    *cols,
                ],
                names=["filename", "line", "bad_encoding", *names],
            )
        )
    if not parts:
        schema = pa.schema(
            [("filename", pa.string()), ("line", pa.int64()), ("bad_encoding", pa.bool_())]
            + [(n, pa.string()) for n in names]
        )
        return schema.empty_table()
    return pa.concat_tables(parts)


def _python_csv_table(path: Path, width: int, *, skip_header: bool, file_label: str) -> pa.Table:
    import csv
    import io

    import pyarrow as pa

    names = [f"c{i}" for i in range(1, width + 1)]
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    bad_file = "\ufffd" in text and "\ufffd" not in raw.decode("utf-8", errors="ignore")
    rows: list[list[str | None]] = []
    lines: list[int] = []
    bad: list[bool] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error:
            rec = ["\ufffd"]
        number = start
        start = reader.line_num + 1
        if skip_header and number == 1:
            continue
        if not rec or all(not v for v in rec):
            continue
        values = [v if v != "" else None for v in rec[:width]]
        values += [None] * (width - len(values))
        rows.append(values)
        lines.append(number)
        bad.append(bad_file and any(v and "\ufffd" in v for v in rec))
    cols = [pa.array([r[i] for r in rows], type=pa.string()) for i in range(width)]
    return pa.table(
        [
            pa.array([file_label] * len(rows), type=pa.string()),
            pa.array(lines, type=pa.int64()),
            pa.array(bad, type=pa.bool_()),
            *cols,
        ],
        names=["filename", "line", "bad_encoding", *names],
    )


def sql_string(text: str) -> str:
    """Quote a string for SQL."""
    return "'" + text.replace("'", "''") + "'"
