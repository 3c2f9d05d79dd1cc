"""A report section: what each feature contributes to ``dyadwatch report``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass
class Figure:
    """A plotly figure with its caption (data source and method, always)."""

    figure: Any  # plotly.graph_objects.Figure
    caption: str


@dataclass
class Section:
    """One section of the report.

    Attributes:
        title: the heading.
        summary: one or more paragraphs of plain text generated from the numbers.
        figures: plotly figures with captions.
        tables: (caption, frame) pairs rendered as HTML tables.
        order: sort key; lower comes first.
    """

    title: str
    summary: str = ""
    figures: list[Figure] = field(default_factory=list)
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)
    order: int = 100
