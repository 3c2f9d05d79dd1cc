"""The published choice problems, typed from the papers."""

from __future__ import annotations

from dyadwatch.models.prospect import (
    PUBLISHED_CHOICES,
    check_prospect,
)

# The published numbers, typed from the papers, independent of the engine's table.
PUBLISHED = {
    "KT1979-P1": ("B", 82),
    "KT1979-P2": ("A", 83),
    "KT1979-P3": ("B", 80),
    "KT1979-P4": ("A", 65),
    "KT1979-P11": ("B", 84),
    "KT1979-P12": ("A", 69),
    "TK1981-asian-gain": ("A", 72),
    "TK1981-asian-loss": ("B", 78),
}


def test_published_table_is_as_printed() -> None:
    assert {p.key: (p.majority, p.percent) for p in PUBLISHED_CHOICES} == PUBLISHED
    for p in PUBLISHED_CHOICES:
        check_prospect(p.a)
        check_prospect(p.b)
