"""One CLI vocabulary: the options every command shares, and the table of flags.

``--dyad``, ``--from``, ``--to``, ``--db``, ``--format`` and ``--out`` mean the same in every
command. The core names parameters (``start``, ``end``) in its errors; :data:`FLAGS` is the one
place where a parameter becomes a flag (``start`` -> ``--from``), used by
:func:`dyadwatch.cli.main` to print an error in the user's own terms.
"""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.output import Format, writable_out
from dyadwatch.errors import PARAMETERS

__all__ = [
    "FLAGS",
    "DYAD",
    "START",
    "END",
    "DB",
    "FMT",
    "OUT",
    "SOURCE",
    "SERIES",
    "PENALTY",
    "FREQ",
    "SEED",
    "out_path",
]

#: parameter name -> the flag that sets it (all others: ``--name-with-dashes``).
FLAGS: dict[str, str] = {p: "--" + p.replace("_", "-") for p in PARAMETERS} | {
    "start": "--from",
    "end": "--to",
    "n_boot": "--boot",
    "landmarks": "--file",
    "file": "FILE",
    "weights": "--weight",
}

DYAD = typer.Option("USA-RUS", "--dyad", help="Actor pair, ISO3 (or ISO2) codes, e.g. USA-RUS.")
START = typer.Option(None, "--from", help="First date, YYYY-MM-DD (or YYYY-MM, YYYY).")
END = typer.Option(None, "--to", help="Last date, YYYY-MM-DD (or YYYY-MM, YYYY).")
DB = typer.Option(
    None, "--db", help="DuckDB store file (default: $DYADWATCH_DB or the user data directory)."
)
FMT = typer.Option(Format.table, "--format", help="table (for people), csv or json (for scripts).")
OUT = typer.Option(
    None, "--out", help="Write to this file instead of standard output.", callback=writable_out
)
SOURCE = typer.Option(
    "chronology",
    "--source",
    help="chronology, gdelt1, gdelt2, icews, polecat, or all (every source in the store).",
)
SERIES = typer.Option(
    None, "--series", help="Run on your own series: a CSV with the header period,value."
)
PENALTY = typer.Option(
    "hq",
    "--penalty",
    help="Change-point penalty: hq (default), bic, aic, cv (cross-validated), or a number.",
)
FREQ = typer.Option("month", "--freq", help="week, month, quarter or year.")
SEED = typer.Option(0, "--seed", help="Random seed (the same seed gives the same result).")


def out_path(out: Path | None) -> Path | None:
    """Check that ``--out`` can be written before any work is done.

    Raises:
        DyadwatchError: the folder does not exist or the file cannot be opened for writing.
    """
    from dyadwatch.errors import DyadwatchError

    if out is None:
        return None
    path = Path(out)
    if path.is_dir():
        raise DyadwatchError(
            f"{path} is a folder", where="{out}", fix="pass a file name, e.g. --out result.csv"
        )
    existed = path.exists()
    try:
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise DyadwatchError(
            f"cannot write {path}: {exc.strerror or exc}",
            where="{out}",
            fix="pass --out with a path in a folder you can write to",
        ) from None
    if not existed:
        path.unlink(missing_ok=True)
    return path
