"""Invalid prospects raise clear errors, whichever model values them."""

from __future__ import annotations

import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.prospect import (
    CPT,
    ExpectedValue,
    InvalidProspectError,
)


@pytest.mark.parametrize(
    ("prospect", "fragment"),
    [
        ([(100, 0.5), (0, 0.4)], "sum to 0.9"),
        ([(100, 1.2), (0, -0.2)], "outside [0, 1]"),
        ([(100, float("nan")), (0, 0.5)], "non-finite probability"),
        ([(float("nan"), 0.5), (0, 0.5)], "non-finite outcome"),
        ([(float("inf"), 1.0)], "non-finite outcome"),
        ([], "empty"),
        ([(1, 2, 3)], "pairs"),
        (["ab"], "pairs"),
    ],
)
def test_invalid_prospects_raise_clear_errors(prospect: list, fragment: str) -> None:
    for model in (CPT(), CPT(form="separable"), ExpectedValue()):
        with pytest.raises(InvalidProspectError, match=None) as info:
            model.value(prospect)
        assert fragment in str(info.value)
        assert isinstance(info.value, DyadwatchError) and isinstance(info.value, ValueError)
