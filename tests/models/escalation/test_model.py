"""The escalation model's exact solution: hand-derived games, distributions, bad parameters."""

from __future__ import annotations

import numpy as np
import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.escalation import OUTCOMES, Actor, EscalationModel, Rung
from dyadwatch.models.prospect import ExpectedValue


def one_rung(q: float = 0.0, war_c: float = 10.0, war_d: float = 10.0) -> EscalationModel:
    """One rung, expected-value players, the defender moves first (solved by hand below)."""
    return EscalationModel(
        challenger=Actor("C", ExpectedValue(), stake=1.0, war_cost=war_c, backdown_cost=0.1),
        defender=Actor("D", ExpectedValue(), stake=1.0, war_cost=war_d),
        ladder=[Rung(name="only", cost=0.0, loss_of_control=q)],
        p_win=0.5,
        start=1,
        first_mover="defender",
        noise=0.0,
    )


def test_hand_solved_settlement() -> None:
    """C: back down -0.1 < hold (settlement) 0 > war 0.5-10; so D holds (0 > -1): settlement."""
    out = one_rung().solve().outcome_probabilities()
    assert out == {
        "challenger backs down": 0.0,
        "defender backs down": 0.0,
        "settlement": 1.0,
        "uncontrolled escalation": 0.0,
    }


def test_hand_solved_resolute_challenger_wins() -> None:
    """With war costing C only 0.2, C would escalate (0.5 - 0.2 > 0); D (war -10.5) backs down."""
    m = one_rung(war_c=0.2).solve()
    assert m.outcome_probabilities()["defender backs down"] == 1.0
    cred = m.credibility()
    assert cred["credibility"].iloc[0] == 1.0  # the threat to go to war would be carried out
    assert m.concessions()["p_bluff_concession"] == 0.0


def test_hand_solved_loss_of_control() -> None:
    """q = 0.1 when D holds: EV of holding -0.1 * 5.5 = -0.55 > -1, so D holds; UE = 0.1."""
    m = one_rung(q=0.1, war_d=5.0).solve()
    out = m.outcome_probabilities()
    assert out["uncontrolled escalation"] == pytest.approx(0.1, abs=1e-15)
    assert out["settlement"] == pytest.approx(0.9, abs=1e-15)
    # with war costing D 10, holding is worth -1.05 < -1: D backs down
    m = one_rung(q=0.1, war_d=10.0).solve()
    assert m.outcome_probabilities()["defender backs down"] == pytest.approx(1.0)


def test_solution_is_a_probability_distribution() -> None:
    m = EscalationModel(seed=0).solve()
    assert m.terminal_probs_.sum() == pytest.approx(1.0, abs=1e-12)
    assert sum(m.outcome_probabilities().values()) == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(m.probs_.sum(axis=1), 1.0, atol=1e-12)
    assert m.reach_[m.root_] == 1.0
    assert (m.reach_ >= 0).all() and (m.reach_ <= 1 + 1e-12).all()
    table = m.rung_table()
    assert table[list(OUTCOMES)].to_numpy().sum() == pytest.approx(1.0, abs=1e-12)


def test_noise_zero_gives_pure_choices() -> None:
    m = EscalationModel(noise=0.0).solve()
    assert set(np.unique(m.probs_)) <= {0.0, 1.0}


def test_status_quo_root_has_no_hold() -> None:
    m = EscalationModel().solve()
    assert m.probs_[m.root_, 1] == 0.0  # hold is not a move at the status quo
    assert m.policy().iloc[0]["mover"] == "challenger"


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"p_win": 1.5}, "p_win"),
        ({"settlement_share": -0.1}, "settlement_share"),
        ({"start": 0, "first_mover": "defender"}, "challenger moves first"),
        ({"start": 99}, "start"),
        ({"noise": -1}, "noise"),
        ({"defender_beliefs": "paranoid"}, "defender_beliefs"),
        ({"ladder": []}, "no rungs"),
        ({"ladder": [Rung(name="x", loss_of_control=2.0)]}, "loss_of_control"),
    ],
)
def test_bad_parameters_raise(kwargs: dict, fragment: str) -> None:
    with pytest.raises(DyadwatchError, match=fragment):
        EscalationModel(**kwargs).solve()


def test_estimator_contract() -> None:
    """Parameters stored unchanged, fit returns self, learned state ends in _, seed repeats."""
    ladder = [Rung(name="only", cost=0.0, loss_of_control=0.1)]
    m = EscalationModel(ladder=ladder, p_win=0.4, seed=3)
    assert m.ladder is ladder and m.get_params()["p_win"] == 0.4 and m.challenger is None
    before = set(vars(m))
    assert m.fit() is m
    assert m.ladder is ladder and m.challenger is None  # fit does not touch the parameters
    learned = set(vars(m)) - before
    assert learned and all(name.endswith("_") for name in learned), sorted(learned)
    assert m.solve() is m
    a = EscalationModel(seed=9).fit().simulate(5_000)
    b = EscalationModel(seed=9).fit().simulate(5_000)
    np.testing.assert_array_equal(a.terminal_counts, b.terminal_counts)


def test_unsolved_model_says_how_to_fix() -> None:
    with pytest.raises(DyadwatchError, match=r"call \.fit\(\)"):
        EscalationModel().outcome_probabilities()
