"""Material capabilities: the yearly COW CINC of two countries and their ratio.

Thin functions over :mod:`dyadwatch.sources.capabilities` and
:mod:`dyadwatch.sources.capabilities_download` (Correlates of War, *National Material
Capabilities* v7; Singer, Bremer & Stuckey 1972).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from dyadwatch.sources.downloads import DownloadReport

__all__ = [
    "default_capabilities_path",
    "read_capabilities",
    "dyad_capabilities",
    "download_nmc",
    "nmc_url",
]


def default_capabilities_path() -> Path | None:
    """The NMC table read by default: the downloaded copy in the user data directory, else
    the one under ``../shared/data/capabilities`` (None when there is neither)."""
    from dyadwatch.sources.capabilities import default_capabilities_path as default

    return default()


def read_capabilities(path: str | Path | None = None) -> pd.DataFrame:
    """A COW NMC table (``ccode, year, cinc``, ...), from ``path`` or the default one.

    Raises:
        DyadwatchError: no table found, or a file that is not an NMC CSV.
    """
    from dyadwatch.sources.capabilities import read_capabilities as read

    return read(path)


def dyad_capabilities(frame: pd.DataFrame, dyad: str) -> pd.DataFrame:
    """Yearly CINC of both sides and their ratio: ``year, cinc_A, cinc_B, ratio, log_ratio``.

    Args:
        frame: an NMC table (:func:`read_capabilities`).
        dyad: ``USA-RUS`` (ISO3) or ``2-365`` (COW numbers).
    """
    from dyadwatch.sources.capabilities import dyad_capabilities as of_dyad

    return of_dyad(frame, dyad)


def download_nmc(
    dest: str | Path | None = None, *, base_url: str | None = None, retries: int = 4
) -> tuple[DownloadReport, Path | None]:
    """Fetch COW's NMC file and write ``cow_nmc.csv`` in ``dest`` (default: the user data
    directory's ``capabilities/``); returns the transfer's report and the CSV (None when the
    transfer failed)."""
    from dyadwatch.sources.capabilities_download import download_nmc as download

    return download(dest, base_url=base_url, retries=retries)


def nmc_url(base_url: str | None = None) -> str:
    """The NMC file's URL: ``base_url``, ``$DYADWATCH_COW_URL`` or COW's own."""
    from dyadwatch.sources.capabilities_download import cow_nmc_url

    return cow_nmc_url(base_url)
