"""Reading Correlates of War National Material Capabilities (NMC) files.

The NMC data (Singer, Bremer & Stuckey 1972; v6, Greig & Enterline 2021) give, per country and
year, military expenditure and personnel, iron and steel production, energy consumption, total
and urban population, and the composite index CINC. A file needs at least ``ccode, year, cinc``.

Without a path, :func:`default_capabilities_path` picks, in order: ``$DYADWATCH_CAPABILITIES``
(a file), ``capabilities/cow_nmc.csv`` in the user data directory (written by
``dyadwatch data download nmc``, :mod:`.capabilities_download`), then the US/Russia extract of a
development checkout, ``../shared/data/capabilities/cow_nmc_US_RUS.csv``
(``$DYADWATCH_SHARED_DATA`` overrides the folder).

Countries are matched by COW state number (``ccode``); :data:`COW_CODES` maps the ISO 3166-1
alpha-3 codes of the usual dyads to them (from the COW State System Membership list, v2016),
and a file with a ``stateabb`` column is matched on the COW abbreviation as well.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.textfile import read_text

__all__ = [
    "COW_CODES",
    "read_capabilities",
    "user_capabilities_dir",
    "default_capabilities_path",
    "cow_code",
    "dyad_capabilities",
]

#: ISO 3166-1 alpha-3 to COW state number (COW State System Membership, v2016).
COW_CODES = {
    "USA": 2, "CUB": 40, "CAN": 20, "MEX": 70, "BRA": 140, "GBR": 200, "NLD": 210,
    "FRA": 220, "ESP": 230, "DEU": 255, "POL": 290, "ITA": 325, "RUS": 365, "UKR": 369,
    "BLR": 370, "GEO": 372, "IRN": 630, "TUR": 640, "IRQ": 645, "EGY": 651, "SYR": 652,
    "ISR": 666, "SAU": 670, "KAZ": 705, "CHN": 710, "PRK": 731, "KOR": 732, "JPN": 740,
    "IND": 750, "PAK": 770, "AUS": 900,
}  # fmt: skip


def read_capabilities(path: str | Path | None = None) -> pd.DataFrame:
    """The NMC table of a CSV file (``ccode``, ``year``, ``cinc`` and any other columns).

    Args:
        path: the file (default: :func:`default_capabilities_path`).

    Raises:
        DyadwatchError: no file, an unreadable, binary or empty file, or missing columns.
    """
    if path is None:
        path = default_capabilities_path()
        if path is None:
            raise DyadwatchError(
                "no COW NMC file found",
                where="{capabilities}",
                fix="run: dyadwatch data download nmc (or pass --capabilities FILE)",
            )
    path = Path(path)
    text = read_text(path, where="{capabilities}", fix="use a COW NMC CSV (ccode, year, cinc)")
    try:
        frame = pd.read_csv(io.StringIO(text))
    except (ValueError, pd.errors.ParserError) as exc:
        raise DyadwatchError(
            f"cannot parse {path}: {str(exc).splitlines()[0]}", where="{capabilities}"
        ) from None
    need = {"ccode", "year", "cinc"}
    if not need <= set(frame.columns):
        raise DyadwatchError(
            f"{path} lacks columns {', '.join(sorted(need - set(frame.columns)))}",
            where="{capabilities}",
            fix="use a COW NMC file (ccode, year, cinc)",
        )
    return frame


def user_capabilities_dir() -> Path:
    """``capabilities/`` in the user data directory (where the NMC download goes)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("dyadwatch", appauthor=False)) / "capabilities"


def default_capabilities_path() -> Path | None:
    """The NMC file read without a path (module docstring), or None when there is none."""
    env = os.environ.get("DYADWATCH_CAPABILITIES")
    shared = os.environ.get("DYADWATCH_SHARED_DATA")
    checkout = Path(__file__).resolve().parents[3].parent / "shared" / "data"
    for p in (
        Path(env) if env else None,
        user_capabilities_dir() / "cow_nmc.csv",
        (Path(shared) if shared else checkout) / "capabilities" / "cow_nmc_US_RUS.csv",
    ):
        if p is not None and p.is_file():
            return p
    return None


def cow_code(code: str) -> int:
    """COW state number of an ISO3 code (``RUS``) or of a number given as text (``365``)."""
    c = code.strip().upper()
    if c.isdigit():
        return int(c)
    if c not in COW_CODES:
        raise DyadwatchError(
            f"no COW state number known for {code!r}",
            where="{dyad}",
            fix=f"use the COW number (e.g. 2-365) or one of {', '.join(sorted(COW_CODES))}",
        )
    return COW_CODES[c]


def dyad_capabilities(frame: pd.DataFrame, dyad: str) -> pd.DataFrame:
    """Yearly CINC of both sides and their ratio: ``year, cinc_A, cinc_B, ratio, log_ratio``.

    Args:
        frame: an NMC table (:func:`read_capabilities`).
        dyad: ``USA-RUS`` (ISO3) or ``2-365`` (COW numbers).

    Raises:
        DyadwatchError: a malformed dyad, or a side the table does not cover.
    """
    parts = [p for p in dyad.replace("–", "-").split("-") if p.strip()]
    if len(parts) != 2:
        raise DyadwatchError(f"malformed dyad {dyad!r}", where="{dyad}", fix="write USA-RUS")
    cols = {}
    for p in parts:
        code = cow_code(p)
        rows = frame[pd.to_numeric(frame["ccode"], errors="coerce") == code]
        if rows.empty and "stateabb" in frame.columns:
            rows = frame[frame["stateabb"].astype(str).str.upper() == p.strip().upper()]
        if rows.empty:
            raise DyadwatchError(
                f"the capabilities table has no rows for {p} (COW {code})",
                where="{capabilities}",
                fix="download the full table: dyadwatch data download nmc",
            )
        cinc = pd.to_numeric(rows["cinc"], errors="coerce")
        cols[f"cinc_{p.strip().upper()}"] = pd.Series(
            cinc.to_numpy(), index=pd.to_numeric(rows["year"]).astype(int).to_numpy()
        )
    out = pd.DataFrame(cols).dropna()
    a, b = out.columns
    out["ratio"] = out[a] / out[b]
    out["log_ratio"] = np.log(out["ratio"])
    return out.rename_axis("year").reset_index()
