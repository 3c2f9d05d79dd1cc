"""2x2 games: hand-derived equilibria, CPT transforms, nashpy against gambit."""

from __future__ import annotations

import importlib.util
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dyadwatch.models.games import (
    CPTGame,
    Game2x2,
    chicken,
    cpt_indifference,
    equilibria,
    gambit_equilibria,
    prisoners_dilemma,
    stag_hunt,
    transform,
)
from dyadwatch.models.prospect import CPT, ExpectedValue

HAS_GAMBIT = importlib.util.find_spec("pygambit") is not None
needs_gambit = pytest.mark.skipif(
    not HAS_GAMBIT,
    reason="pygambit is not installed (pip install pygambit): the gambit cross-check is skipped",
)


def mixed(eqs):
    return [e for e in eqs if 0 < e[0][1] < 1]


@pytest.mark.parametrize("c", [2, 3, 5, 10, 100])
def test_chicken_mixed_equilibrium_is_one_over_c(c: int) -> None:
    eqs = equilibria(chicken(c))
    assert len(eqs) == 3  # two pure (one swerves, the other goes straight) and one mixed
    ((a, b),) = mixed(eqs)
    assert a[1] == pytest.approx(1 / c, abs=1e-12)
    assert b[1] == pytest.approx(1 / c, abs=1e-12)


@needs_gambit
@pytest.mark.parametrize("c", [2, 3, 5, 10, 100])
def test_chicken_one_over_c_exactly_with_gambit(c: int) -> None:
    eqs = gambit_equilibria(chicken(c))
    assert ([Fraction(c - 1, c), Fraction(1, c)], [Fraction(c - 1, c), Fraction(1, c)]) in eqs
    assert len(eqs) == 3


def test_prisoners_dilemma_and_stag_hunt() -> None:
    ((a, b),) = equilibria(prisoners_dilemma())
    assert a.tolist() == [0.0, 1.0] and b.tolist() == [0.0, 1.0]  # both defect
    eqs = equilibria(stag_hunt())
    assert len(eqs) == 3
    ((a, b),) = mixed(eqs)
    assert a[0] == pytest.approx(3 / 4)  # P(stag) = (hare - alone) / (stag - alone)


def test_cpt_transform_of_chicken_matches_the_formula() -> None:
    """Mixed eq. with v at the status quo: P(straight) = 1 / (1 + lambda (C^beta - 1))."""
    for c in (3.0, 10.0, 50.0):
        for lam in (1.0, 2.25, 4.0):
            g = CPTGame(chicken(c), CPT(lam=lam), CPT(lam=lam))
            ((a, b),) = mixed(g.equilibria())
            assert a[1] == pytest.approx(1 / (1 + lam * (c**0.88 - 1)), rel=1e-10)
    # loss aversion makes going straight rarer than for expected-value players
    assert mixed(CPTGame(chicken(10), CPT(), CPT()).equilibria())[0][0][1] < 0.1


def test_expected_value_transform_is_the_identity() -> None:
    g = chicken(7)
    t = transform(g, ExpectedValue(), ExpectedValue())
    np.testing.assert_array_equal(t.row, g.row)
    np.testing.assert_array_equal(t.col, g.col)


def test_reference_point_changes_the_game() -> None:
    """A row player that regards winning (+1) as its due codes every cell as a loss.

    Indifference of that player: -lam (1-q) - lam q 2^b = -lam q 11^b, so the column player's
    P(straight) = 1 / (1 + 11^b - 2^b) (lambda cancels): more than twice the status-quo value.
    """
    plain = mixed(CPTGame(chicken(10), CPT(), CPT()).equilibria())[0][1][1]
    ((a, b),) = mixed(CPTGame(chicken(10), CPT(reference=1.0), CPT()).equilibria())
    assert b[1] == pytest.approx(1 / (1 + 11**0.88 - 2**0.88), rel=1e-10)
    assert b[1] > 2 * plain


def test_cpt_indifference() -> None:
    g = chicken(10)
    assert cpt_indifference(g, ExpectedValue(), ExpectedValue()) == pytest.approx((0.1, 0.1))
    row = CPT()
    p_row, q_col = cpt_indifference(g, row, CPT())
    lot_swerve = [(g.row[0, 0], 1 - q_col), (g.row[0, 1], q_col)]
    lot_straight = [(g.row[1, 0], 1 - q_col), (g.row[1, 1], q_col)]
    assert row.value(lot_swerve) == pytest.approx(row.value(lot_straight), abs=1e-9)
    # weighting the small chance of a crash up makes going straight rarer still
    assert q_col < mixed(CPTGame(g, CPT(), CPT()).equilibria())[0][1][1]
    assert cpt_indifference(prisoners_dilemma(), CPT(), CPT()) is None


payoff = st.integers(-20, 20)


@needs_gambit
@settings(max_examples=60, deadline=None)
@given(st.lists(payoff, min_size=8, max_size=8), st.sampled_from(["ev", "cpt"]))
def test_nashpy_agrees_with_gambit(values: list[int], prefs: str) -> None:
    a = np.array(values[:4], dtype=float).reshape(2, 2)
    b = np.array(values[4:], dtype=float).reshape(2, 2)
    # skip degenerate games (ties in a best reply), where the solvers enumerate differently
    assume(a[0, 0] != a[1, 0] and a[0, 1] != a[1, 1])
    assume(b[0, 0] != b[0, 1] and b[1, 0] != b[1, 1])
    game = Game2x2("random", a, b, ("s1", "s2"))
    pref = (CPT(), CPT()) if prefs == "cpt" else (ExpectedValue(), ExpectedValue())
    t = transform(game, *pref)
    ours = equilibria(t)
    exact = gambit_equilibria(t)
    assert len(ours) == len(exact)
    for (x, y), (gx, gy) in zip(ours, exact, strict=True):
        np.testing.assert_allclose(x, [float(v) for v in gx], atol=1e-9)
        np.testing.assert_allclose(y, [float(v) for v in gy], atol=1e-9)
