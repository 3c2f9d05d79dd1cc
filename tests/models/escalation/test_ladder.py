"""Kahn's ladder and the default ladder."""

from __future__ import annotations

import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.escalation import KAHN_GROUPS, KAHN_RUNGS, default_ladder, kahn_group


def test_kahn_ladder_has_44_rungs_in_seven_contiguous_groups() -> None:
    assert sorted(KAHN_RUNGS) == list(range(1, 45))
    assert KAHN_RUNGS[44] == "Spasm or insensate war"
    starts = [g[0] for g in KAHN_GROUPS]
    ends = [g[1] for g in KAHN_GROUPS]
    assert starts[0] == 1 and ends[-1] == 44
    assert all(s == e + 1 for s, e in zip(starts[1:], ends[:-1], strict=True))
    assert kahn_group(4) == ("Traditional crises", "Don't rock the boat")
    assert kahn_group(21) == ("Bizarre crises", "No nuclear use")
    with pytest.raises(DyadwatchError, match="45"):
        kahn_group(45)


def test_default_ladder_grows() -> None:
    ladder = default_ladder()
    q = [r.loss_of_control for r in ladder]
    assert q == sorted(q) and q[0] < q[-1]
    assert [r.kahn for r in ladder] == sorted(r.kahn for r in ladder)
