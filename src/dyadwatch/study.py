"""The study layer: one dyad (or one series), the store opened once, results computed lazily.

Work in progress: this module grows into the layer every front end talks to.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import pandas as pd

from dyadwatch.dyads import Dyad, parse_dyad

__all__ = ["Study"]


class Study:
    """A study of one dyad."""

    def __init__(self, dyad: str = "USA-RUS", *, db: str | Path | None = None) -> None:
        self.dyad = dyad
        self.db = db

    @cached_property
    def pair(self) -> Dyad:
        return parse_dyad(self.dyad)

    @cached_property
    def unga(self) -> pd.DataFrame:
        from dyadwatch.measures.unga import unga_alignment

        return unga_alignment(f"{self.pair.a}-{self.pair.b}")
