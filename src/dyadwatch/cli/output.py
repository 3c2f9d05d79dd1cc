"""Shared output for CLI commands: ``--format table|csv|json`` and ``--out PATH``."""

from __future__ import annotations

import enum
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyadwatch.errors import DyadwatchError

if TYPE_CHECKING:  # pandas and rich load only when a command prints (start-up stays fast)
    import pandas as pd


class Format(str, enum.Enum):
    """Output formats every result-printing command accepts."""

    table = "table"
    csv = "csv"
    json = "json"


def to_json(obj: Any) -> str:
    """Serialise results (frames, dicts, dataclass-like records) to indented JSON."""
    import pandas as pd

    from dyadwatch.serialise import plain

    if isinstance(obj, pd.DataFrame):
        obj = frame_records(obj)
    return json.dumps(plain(obj), indent=2, ensure_ascii=False)


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of a frame as plain dicts, with dates as ISO strings and NaN as None."""
    from dyadwatch.serialise import plain

    out = []
    for row in frame.to_dict(orient="records"):
        out.append({k: plain(v) for k, v in row.items()})
    return out


def _plain_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Datetime columns holding whole days become ``YYYY-MM-DD`` text."""
    import pandas as pd

    frame = frame.copy()
    for col in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            values = frame[col]
            if (values.dropna() == values.dropna().dt.normalize()).all():
                frame[col] = values.dt.strftime("%Y-%m-%d")
    return frame


def _cell(value: Any) -> str:
    from dyadwatch.serialise import plain

    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, list):
        return ";".join(map(str, value))
    return str(value)


def writable_out(value: Path | None) -> Path | None:
    """Check an ``--out`` path before the command works (a Typer callback).

    The file is opened for appending, which fails exactly where writing would (a folder,
    ``/proc``, a missing parent folder, no permission); a file it created is removed again.
    """
    if value is None:
        return None
    path = Path(value)
    existed = path.exists()
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise DyadwatchError(
            f"cannot write {path}: {_why(exc)}",
            where="{out}",
            fix="pass a file in a folder that exists and that you can write to",
        ) from None
    if not existed:
        path.unlink(missing_ok=True)
    return value


def _why(exc: OSError) -> str:
    if isinstance(exc, IsADirectoryError):
        return "it is a folder"
    if isinstance(exc, FileNotFoundError):
        return "its folder does not exist"
    return (exc.strerror or type(exc).__name__).lower()


def _write(out: Path, write) -> None:
    """Run ``write(handle)`` on ``out``; an OS error becomes one line (what, where, fix)."""
    try:
        with open(out, "w", encoding="utf-8") as handle:
            write(handle)
    except OSError as exc:
        raise DyadwatchError(
            f"cannot write {out}: {_why(exc)}",
            where="{out}",
            fix="pass a file in a folder that exists and that you can write to",
        ) from None


def write_text(out: Path, text: str) -> None:
    """Write ``text`` to ``out``; an OS error is one clear line."""
    _write(out, lambda handle: handle.write(text))


def emit(
    data: pd.DataFrame | Sequence[Mapping[str, Any]] | Mapping[str, Any],
    fmt: Format,
    out: Path | None = None,
    *,
    title: str | None = None,
) -> None:
    """Write ``data`` in the requested format to ``out`` or standard output.

    Args:
        data: a frame, a list of records, or one mapping (printed as key/value pairs).
        fmt: table (rich, for people), csv or json (for scripts).
        out: file to write instead of standard output.
        title: table title (table format only).
    """
    import pandas as pd
    from rich.console import Console
    from rich.table import Table

    if isinstance(data, Mapping) and fmt is not Format.json:
        data = pd.DataFrame({"key": list(data.keys()), "value": [_cell(v) for v in data.values()]})
    if not isinstance(data, (pd.DataFrame, Mapping)):
        data = pd.DataFrame(list(data))
    if fmt is Format.json:
        text = to_json(_plain_dates(data) if isinstance(data, pd.DataFrame) else data)
    elif fmt is Format.csv:
        frame = _plain_dates(data)
        for col in frame.columns:
            if frame[col].dtype == object and any(
                isinstance(v, (list, tuple)) or hasattr(v, "tolist") for v in frame[col]
            ):
                frame[col] = frame[col].map(
                    lambda v: (
                        ";".join(map(str, list(v)))
                        if isinstance(v, (list, tuple)) or hasattr(v, "tolist")
                        else v
                    )
                )
        text = frame.to_csv(index=False, lineterminator="\n")
    else:
        data = _plain_dates(data)
        table = Table(title=title, show_lines=False)
        for col in data.columns:
            table.add_column(str(col), overflow="fold")
        for row in data.itertuples(index=False):
            table.add_row(*(_cell(v) for v in row))
        if out is not None:
            _write(out, lambda handle: Console(file=handle, width=200).print(table))
        else:
            Console(width=None if sys.stdout.isatty() else 200).print(table)
        return
    if out is not None:
        _write(out, lambda handle: handle.write(text if text.endswith("\n") else text + "\n"))
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
