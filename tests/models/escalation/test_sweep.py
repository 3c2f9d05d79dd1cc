"""Sweeps over loss aversion and the reference point."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.escalation import EscalationModel, load_scenario, sweep
from dyadwatch.models.prospect import ExpectedValue


def _with_challenger(model: EscalationModel, **changes) -> EscalationModel:
    ch = copy.copy(model.challenger)
    for k, v in changes.items():
        setattr(ch, k, v)
    return model.clone(challenger=ch)


def test_sweep_shape_and_loss_domain_invariance() -> None:
    model = load_scenario("syria2016").model
    frame = sweep(model, lams=(1.0, 2.25, 4.0), references=("status_quo", "lost_position", 0.5))
    assert len(frame) == 9
    totals = frame[
        ["challenger_backs_down", "defender_backs_down", "settlement", "uncontrolled_escalation"]
    ].sum(axis=1)
    np.testing.assert_allclose(totals, 1.0, atol=1e-12)
    # every outcome is a loss from the lost position, so lambda scales all values alike
    lost = frame[frame["reference"] == "lost_position"]
    np.testing.assert_allclose(
        lost["defender_backs_down"], lost["defender_backs_down"].iloc[0], rtol=1e-9
    )
    with pytest.raises(DyadwatchError, match="actor"):
        sweep(model, actor="referee")
    ev_model = _with_challenger(model, preferences=ExpectedValue())
    with pytest.raises(DyadwatchError, match="CPT"):
        sweep(ev_model)
