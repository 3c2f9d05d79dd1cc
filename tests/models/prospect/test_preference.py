"""Properties every preference model keeps: certainty equivalents, dominance, reflection."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyadwatch.models.prospect import (
    CPT,
    ExpectedUtility,
    ExpectedValue,
)

outcome = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)


@st.composite
def prospects(draw: st.DrawFn, min_size: int = 1, max_size: int = 5) -> list[tuple[float, float]]:
    xs = draw(st.lists(outcome, min_size=min_size, max_size=max_size))
    raw = draw(st.lists(st.floats(0.01, 1.0), min_size=len(xs), max_size=len(xs)))
    total = sum(raw)
    ps = [r / total for r in raw]
    ps[-1] = 1.0 - sum(ps[:-1])
    return list(zip(xs, ps, strict=True))


models = st.sampled_from(
    [
        CPT(),
        CPT(weighting="prelec"),
        CPT(alpha=0.8, beta=0.9, gamma=0.6, delta=0.7),
        ExpectedValue(),
    ]
)


@settings(max_examples=200, deadline=None)
@given(prospects(), models)
def test_certainty_equivalent_lies_within_the_outcomes(pr: list, model) -> None:
    ce = model.certainty_equivalent(pr)
    xs = [x for x, _ in pr]
    assert min(xs) - 1e-6 * (1 + abs(min(xs))) <= ce <= max(xs) + 1e-6 * (1 + abs(max(xs)))


@settings(max_examples=200, deadline=None)
@given(prospects(), models, st.floats(0.1, 500.0))
def test_first_order_dominance(pr: list, model, bump: float) -> None:
    """Raising the best outcome never lowers the value (CPT respects dominance)."""
    i = max(range(len(pr)), key=lambda k: pr[k][0])
    better = list(pr)
    better[i] = (pr[i][0] + bump, pr[i][1])
    assert model.value(better) >= model.value(pr) - 1e-9


@settings(max_examples=100, deadline=None)
@given(prospects(max_size=4))
def test_reflection_symmetry_without_loss_aversion(pr: list) -> None:
    m = CPT(alpha=0.8, beta=0.8, lam=1.0, gamma=0.65, delta=0.65)
    mirrored = [(-x, p) for x, p in pr]
    assert m.value(mirrored) == pytest.approx(-m.value(pr), rel=1e-9, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(prospects(max_size=4))
def test_value_many_matches_value_and_ev_is_the_mean(pr: list) -> None:
    xs = np.array([x for x, _ in pr])
    ps = np.array([[p for _, p in pr]])
    m = CPT()
    assert m.value_many(xs, ps)[0] == pytest.approx(m.value(pr), rel=1e-9, abs=1e-9)
    assert ExpectedValue().value(pr) == pytest.approx(float(xs @ ps[0]), rel=1e-9, abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0.0, 1e4), min_size=1, max_size=5))
def test_cumulative_weights_of_gains_sum_to_one(xs: list[float]) -> None:
    pr = [(x, 1.0 / len(xs)) for x in xs]
    assert CPT().weights(pr).sum() == pytest.approx(1.0)


def test_sure_thing_is_its_own_certainty_equivalent() -> None:
    for model in (CPT(), CPT(form="separable"), ExpectedUtility(0.01), ExpectedValue()):
        for x in (-250.0, 0.0, 42.0):
            assert model.certainty_equivalent([(x, 1.0)]) == pytest.approx(x, abs=1e-9)
