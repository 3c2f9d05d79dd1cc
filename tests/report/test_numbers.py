"""Numbers formatted for people."""

from __future__ import annotations

import numpy as np
import pytest

from dyadwatch.report.build import _render_table
from dyadwatch.report.numbers import human


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2.16e-11, "< 0.001"),
        (-2.47e-05, "> -0.001"),
        (0.0, "0"),
        (0.5, "0.5"),
        (-1.23456, "-1.23"),
        (123.456, "123"),
        (12345.6, "12,346"),
        (1234567, "1,234,567"),
        (True, "yes"),
        (float("nan"), ""),
        (None, ""),
        (float("inf"), "∞"),
        ("text", "text"),
    ],
)
def test_human(value, text):
    assert human(value) == text


def test_tables_never_show_exponents():
    import pandas as pd

    frame = pd.DataFrame({"p": np.array([2.16e-11, 2.47e-05, 0.25])})
    rows = _render_table(frame).rows
    assert [r[0] for r in rows] == ["< 0.001", "< 0.001", "0.25"]
    assert not any("e-" in cell for row in rows for cell in row)
