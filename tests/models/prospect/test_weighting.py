"""Probability weighting functions: endpoints, Prelec's fixed point, overweighting."""

from __future__ import annotations

import math

import pytest

from dyadwatch.models.prospect import (
    prelec_weight,
    tk92_weight,
)


def test_weighting_endpoints_and_prelec_fixed_point() -> None:
    for g in (0.3, 0.61, 1.0, 1.5):
        assert tk92_weight(0.0, g) == 0.0 and tk92_weight(1.0, g) == pytest.approx(1.0)
        assert prelec_weight(0.0, g) == 0.0 and prelec_weight(1.0, g) == 1.0
        assert prelec_weight(1 / math.e, g) == pytest.approx(1 / math.e)
    assert tk92_weight(0.01, 0.61) > 0.01  # small probabilities overweighted
    assert tk92_weight(0.9, 0.61) < 0.9
