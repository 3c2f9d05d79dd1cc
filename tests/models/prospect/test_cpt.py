"""CPT: TK1992 identities, Birnbaum's vector, the reference point, the 1979 form."""

from __future__ import annotations

import numpy as np
import pytest

from dyadwatch.models.prospect import (
    CPT,
    ExpectedValue,
    InvalidProspectError,
)


def w_tk(p: float, g: float) -> float:
    """TK1992 weighting written out by hand (independent of the engine)."""
    return p**g / (p**g + (1 - p) ** g) ** (1 / g)


def test_tk92_gain_identity() -> None:
    """V(100 for sure) ~ V(200 with p=.71) ~ 57 with the TK1992 median parameters."""
    m = CPT()
    sure = m.value([(100, 1.0)])
    risky = m.value([(200, 0.71), (0, 0.29)])
    assert sure == pytest.approx(57.54, abs=0.01)
    assert risky == pytest.approx(57.23, abs=0.01)
    assert round(sure) == 58 and round(risky) == 57
    assert abs(sure - risky) / sure < 0.01


def test_tk92_loss_identity() -> None:
    """V(-100) ~ V(-200 with p=.64) ~ -129."""
    m = CPT()
    sure = m.value([(-100, 1.0)])
    risky = m.value([(-200, 0.64), (0, 0.36)])
    assert sure == pytest.approx(-129.47, abs=0.01)
    assert risky == pytest.approx(-129.87, abs=0.01)
    assert abs(sure - risky) / abs(sure) < 0.01


BIRNBAUM = [(10, 0.3), (3, 0.2), (-2, 0.3), (-1, 0.2)]


def test_birnbaum_calculator_vector() -> None:
    m = CPT(alpha=0.8, beta=0.9, gamma=0.6, delta=0.7, lam=2.25)
    assert m.value(BIRNBAUM) == pytest.approx(0.5672, abs=5e-5)


def test_birnbaum_decision_weights_by_hand() -> None:
    m = CPT(alpha=0.8, beta=0.9, gamma=0.6, delta=0.7, lam=2.25)
    expected = [
        w_tk(0.3, 0.6),
        w_tk(0.5, 0.6) - w_tk(0.3, 0.6),
        w_tk(0.3, 0.7),  # -2 is the worst outcome
        w_tk(0.5, 0.7) - w_tk(0.3, 0.7),
    ]
    np.testing.assert_allclose(m.weights(BIRNBAUM), expected, rtol=1e-12)
    # order of the pairs does not matter
    shuffled = [BIRNBAUM[2], BIRNBAUM[0], BIRNBAUM[3], BIRNBAUM[1]]
    np.testing.assert_allclose(
        m.weights(shuffled), [expected[2], expected[0], expected[3], expected[1]], rtol=1e-12
    )
    assert m.value(shuffled) == pytest.approx(m.value(BIRNBAUM), rel=1e-12)


def test_certainty_equivalent_inverts_value() -> None:
    m = CPT()
    ce = m.certainty_equivalent([(200, 0.71), (0, 0.29)])
    assert m.value([(ce, 1.0)]) == pytest.approx(m.value([(200, 0.71), (0, 0.29)]), rel=1e-10)
    assert ce == pytest.approx(57.23 ** (1 / 0.88), rel=1e-3)


def test_reference_point_shifts_outcomes() -> None:
    m = CPT(reference=1000)
    assert m.value([(1100, 1.0)]) == pytest.approx(CPT().value([(100, 1.0)]))
    assert m.certainty_equivalent([(1100, 1.0)]) == pytest.approx(1100)


def test_same_actor_gambles_in_losses_but_not_in_gains() -> None:
    """Over the same final positions, only the reference point differs."""
    gamble = [(0, 0.5), (200, 0.5)]
    sure = [(100, 1.0)]
    in_gains = CPT(reference=0)  # both options are gains
    in_losses = CPT(reference=200)  # the position it wants back is 200: both are losses
    assert in_gains.choose(gamble, sure) == "B"
    assert in_losses.choose(gamble, sure) == "A"
    # an expected-value actor is indifferent and does not care about the frame
    assert ExpectedValue(reference=0).margin(gamble, sure) == 0
    assert ExpectedValue(reference=200).margin(gamble, sure) == 0


def test_separable_strictly_positive_uses_kt79_equation_2() -> None:
    m = CPT(form="separable")
    pr = [(400, 0.25), (100, 0.75)]
    expected = 100**0.88 + w_tk(0.25, 0.61) * (400**0.88 - 100**0.88)
    assert m.value(pr) == pytest.approx(expected, rel=1e-12)
    # regular prospect: weights are w(p) of each probability
    pr = [(400, 0.25), (-100, 0.75)]
    expected = w_tk(0.25, 0.61) * 400**0.88 - 2.25 * w_tk(0.75, 0.69) * 100**0.88
    assert m.value(pr) == pytest.approx(expected, rel=1e-12)


def test_separable_combines_identical_outcomes() -> None:
    m = CPT(form="separable")
    assert m.value([(100, 0.2), (100, 0.3), (0, 0.5)]) == pytest.approx(
        m.value([(100, 0.5), (0, 0.5)])
    )


def test_invalid_parameters_raise() -> None:
    with pytest.raises(InvalidProspectError, match="non-monotone"):
        CPT(gamma=0.2).value([(1, 1.0)])
    with pytest.raises(InvalidProspectError, match="unknown weighting"):
        CPT(weighting="linear").value([(1, 1.0)])
    with pytest.raises(InvalidProspectError, match="lam"):
        CPT(lam=-1).value([(1, 1.0)])
    with pytest.raises(InvalidProspectError, match="sums to"):
        CPT().value_many(np.array([1.0, 2.0]), np.array([[0.5, 0.6]]))
    # Prelec is monotone for any positive gamma
    assert CPT(weighting="prelec", gamma=0.2, delta=0.2).value([(1, 0.5), (0, 0.5)]) > 0
