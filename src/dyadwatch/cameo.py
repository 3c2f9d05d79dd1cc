"""The CAMEO event codebook with Goldstein scores and quad classes.

The table in ``data/cameo.csv`` carries, for every CAMEO 1.1b3 code, its name (CAMEO manual,
Schrodt 2012, as distributed in the ICEWS codebook), its Goldstein (1992) conflict–cooperation
score as published in GDELT's lookup table and in ICEWS's codebook (they differ on 016, 022, 164
and 165; 1213 exists only in ICEWS), and its quad class (GDELT: roots 01–05 verbal cooperation,
06–09 material cooperation, 10–14 verbal conflict, 15–20 material conflict).

Goldstein scores anywhere in dyadwatch are looked up here from the code; they are never typed.

References:
    Goldstein, J. S. (1992). A Conflict-Cooperation Scale for WEIS Events Data.
    Journal of Conflict Resolution 36(2), 369–385.
    Schrodt, P. A. (2012). CAMEO Conflict and Mediation Event Observations Event and Actor
    Codebook, version 1.1b3.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pandas as pd

from dyadwatch.errors import DyadwatchError

__all__ = ["cameo_table", "goldstein", "quad_class", "cameo_name", "QUAD_NAMES"]

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

_SCALES = ("gdelt", "icews")


@lru_cache(maxsize=1)
def cameo_table() -> pd.DataFrame:
    """The shipped CAMEO table, indexed by code (text, leading zeros kept).

    Columns: ``root``, ``name``, ``goldstein_gdelt``, ``goldstein_icews``, ``quad_class``.
    """
    with resources.files("dyadwatch.data").joinpath("cameo.csv").open("r", encoding="utf-8") as f:
        table = pd.read_csv(f, dtype={"code": str, "root": str, "name": str})
    return table.set_index("code")


def quad_for_root(root: str | int) -> int:
    """Quad class of a CAMEO root code (1–4), GDELT's mapping."""
    r = int(root)
    if not 1 <= r <= 20:
        raise ValueError(f"CAMEO root code out of range: {root!r}")
    return 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4


def _row(code: str) -> pd.Series:
    table = cameo_table()
    if code not in table.index:
        raise DyadwatchError(
            f"unknown CAMEO code {code!r}",
            fix="use a code from the CAMEO 1.1b3 codebook, as text with leading zeros (e.g. '036')",
        )
    return table.loc[code]


def goldstein(code: str, scale: str = "gdelt") -> float:
    """Goldstein score of a CAMEO code on GDELT's or ICEWS's published scale."""
    if scale not in _SCALES:
        raise ValueError(f"scale must be one of {_SCALES}, got {scale!r}")
    value = _row(code)[f"goldstein_{scale}"]
    if pd.isna(value):
        raise DyadwatchError(f"CAMEO code {code!r} has no Goldstein score on the {scale} scale")
    return float(value)


def quad_class(code: str) -> int:
    """Quad class of a CAMEO code.

    1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    """
    return int(_row(code)["quad_class"])


def cameo_name(code: str) -> str:
    """The codebook name of a CAMEO code."""
    return str(_row(code)["name"])
