"""Plain, JSON-ready data from pandas/numpy results (NaN becomes None, dates ISO text)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

__all__ = ["plain"]


def plain(value: Any) -> Any:
    """Turn frames' cell values, numpy scalars and arrays, dates and NaN into JSON-ready data."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, pd.DataFrame):
        return [plain(r) for r in value.to_dict(orient="records")]
    if isinstance(value, pd.Series):
        return {str(k): plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if isinstance(value, (datetime, date, pd.Timestamp)):
        return (
            value.isoformat()[:10]
            if isinstance(value, date) and not isinstance(value, datetime)
            else value.isoformat()
        )
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return plain(value.tolist())
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
