"""Reading Correlates of War National Material Capabilities (NMC) files.

The NMC data (Singer, Bremer & Stuckey 1972; v6, Greig & Enterline 2021) give, per country and
year, military expenditure and personnel, iron and steel production, energy consumption, total
and urban population, and the composite index CINC. A file needs at least ``ccode, year, cinc``.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.textfile import read_text

__all__ = ["read_capabilities"]


def read_capabilities(path: str | Path) -> pd.DataFrame:
    """The NMC table of a CSV file (``ccode``, ``year``, ``cinc`` and any other columns).

    Raises:
        DyadwatchError: an unreadable, binary or empty file, or missing columns.
    """
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
