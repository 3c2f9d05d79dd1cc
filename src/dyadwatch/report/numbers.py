"""Numbers for people: table cells without ``2.16e-11``."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["human"]


def human(value: Any) -> str:
    """A table cell: three significant digits, no exponents, thousands separators.

    Examples:
        >>> [human(v) for v in (2.16e-11, -2.47e-05, 0.0, 0.12345, 3.0, 12345.6, 7, None)]
        ['< 0.001', '> -0.001', '0', '0.123', '3', '12,346', '7', '']
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if math.isinf(value):
            return "∞" if value > 0 else "-∞"
        if value == 0:
            return "0"
        if abs(value) < 0.001:
            return "< 0.001" if value > 0 else "> -0.001"
        if abs(value) >= 1e4:
            return f"{value:,.0f}"
        text = f"{value:.3g}"
        return f"{value:.3f}".rstrip("0").rstrip(".") if "e" in text else text
    return str(value)
