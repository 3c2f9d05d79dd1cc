"""Escalation model: exact solution, Monte Carlo, the essay's claims, scenarios."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import numpy as np
import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.escalation import (
    KAHN_GROUPS,
    KAHN_RUNGS,
    OUTCOMES,
    Actor,
    EscalationModel,
    Rung,
    default_ladder,
    kahn_group,
    load_scenario,
    outcome_figure,
    parse_scenario,
    report_sections,
    self_deterrence,
    shipped_scenarios,
    sweep,
    write_plots,
)
from dyadwatch.models.prospect import CPT, ExpectedValue

# ------------------------------------------------------------------------------------------
# Kahn's ladder
# ------------------------------------------------------------------------------------------


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


# ------------------------------------------------------------------------------------------
# Exact solution: hand-derived games
# ------------------------------------------------------------------------------------------


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


# ------------------------------------------------------------------------------------------
# Monte Carlo against the exact solution
# ------------------------------------------------------------------------------------------


def _assert_close_to_exact(m: EscalationModel, sim, k: float = 5.0) -> None:
    exact = m.outcome_probabilities()
    for row in sim.outcomes.itertuples():
        p = exact[row.outcome]
        se = max(np.sqrt(p * (1 - p) / sim.n), 1.0 / sim.n)
        assert abs(row.probability - p) <= k * se + 1e-12, (row.outcome, row.probability, p)


@pytest.mark.parametrize("method", ["nodes", "crises"])
def test_monte_carlo_matches_exact(method: str) -> None:
    scen = load_scenario("syria2016")
    m = scen.model.clone(seed=11).solve()
    sim = m.simulate(200_000, method=method)
    assert sim.n == 200_000
    _assert_close_to_exact(m, sim)
    # terminal-level agreement, not only the four totals
    exact = m.terminal_probs_.ravel()
    freq = sim.terminal_counts / sim.n
    se = np.sqrt(exact * (1 - exact) / sim.n) + 1.0 / sim.n
    assert np.all(np.abs(freq - exact) <= 6 * se)
    # credibility estimated from visits agrees where the moment comes often enough
    cred = m.credibility()
    for e, s in zip(cred.itertuples(), sim.credibility.itertuples(), strict=True):
        if s.reached >= 1000:
            assert abs(s.credibility - e.credibility) <= 5 * max(s.se, 1 / s.reached)


@pytest.mark.parametrize("style", ["tree", "tables"])
def test_python_loop_is_the_same_model(style: str) -> None:
    m = load_scenario("cuba1962").model.clone(seed=5).solve()
    sim = m.simulate_loop(20_000, style=style)
    _assert_close_to_exact(m, sim)


def test_bluff_concessions_in_simulation_match_exact() -> None:
    scen = load_scenario("ukraine2022")
    m = scen.model.clone(defender_beliefs="credible", seed=3).solve()
    sim = m.simulate(100_000)
    p = m.concessions()["p_bluff_concession"]
    assert abs(sim.bluff_concessions / sim.n - p) <= 5 * np.sqrt(p * (1 - p) / sim.n) + 1e-4


def test_same_seed_same_simulation() -> None:
    a = EscalationModel(seed=42).solve().simulate(50_000)
    b = EscalationModel(seed=42).solve().simulate(50_000)
    c = EscalationModel(seed=43).solve().simulate(50_000)
    np.testing.assert_array_equal(a.terminal_counts, b.terminal_counts)
    assert not np.array_equal(a.terminal_counts, c.terminal_counts)
    la = EscalationModel(seed=42).solve().simulate_loop(2_000)
    lb = EscalationModel(seed=42).solve().simulate_loop(2_000)
    np.testing.assert_array_equal(la.ends, lb.ends)


def test_simulate_rejects_bad_n() -> None:
    m = EscalationModel().solve()
    for bad in (0, -5, 2.5, True):
        with pytest.raises(DyadwatchError, match="positive integer"):
            m.simulate(bad)
    with pytest.raises(DyadwatchError, match="method"):
        m.simulate(10, method="magic")


# ------------------------------------------------------------------------------------------
# The essay's claims
# ------------------------------------------------------------------------------------------


def _with_challenger(model: EscalationModel, **changes) -> EscalationModel:
    ch = copy.copy(model.challenger)
    for k, v in changes.items():
        setattr(ch, k, v)
    return model.clone(challenger=ch)


def test_claim_gamble_in_losses_declined_in_gains() -> None:
    """The same challenger is deterred at the status quo but climbs when it has lost ground."""
    base = load_scenario("syria2016").model
    gains = _with_challenger(base, reference="status_quo").solve()
    losses = _with_challenger(base, reference="lost_position").solve()
    assert gains.outcome_probabilities()["challenger backs down"] > 0.8
    assert gains.terminal_probs_[0, 0] > 0.8  # backed down at rung 0: never challenged
    assert losses.outcome_probabilities()["challenger backs down"] < 0.01
    assert losses.credibility()["credibility"].iloc[0] > 0.99
    assert gains.credibility()["credibility"].iloc[0] < 0.2


def test_claim_loss_domain_challenger_wins_concessions_ev_does_not() -> None:
    """Syria 2016 (local war: war costs ~1.5 stakes, high loss-of-control risk)."""
    base = load_scenario("syria2016").model
    cpt_loss = _with_challenger(base, reference="lost_position").solve()
    ev = _with_challenger(base, preferences=ExpectedValue()).solve()
    assert cpt_loss.outcome_probabilities()["defender backs down"] > 0.9
    assert ev.outcome_probabilities()["defender backs down"] < 0.01
    # it gets them by taking more risk
    assert (
        cpt_loss.outcome_probabilities()["uncontrolled escalation"]
        > ev.outcome_probabilities()["uncontrolled escalation"]
    )


@pytest.mark.slow
def test_claim_b_is_never_reversed_in_the_local_war_regime() -> None:
    """Across a grid of local-war parameters an EV challenger never wins more concessions."""
    base = load_scenario("syria2016").model
    reversed_, held = 0, 0
    for cost_scale in (0.3, 1.0, 3.0):
        for q_scale in (0.5, 1.0, 1.5):
            for war_c in (1.0, 1.5, 2.0):
                for war_d in (2.0, 3.0, 5.0):
                    ladder = [
                        Rung(
                            kahn=r.kahn,
                            cost=r.cost * cost_scale,
                            loss_of_control=min(0.95, r.loss_of_control * q_scale),
                        )
                        for r in base.ladder
                    ]
                    de = copy.copy(base.defender)
                    de.war_cost = war_d
                    m = base.clone(ladder=ladder, defender=de)
                    loss = _with_challenger(m, war_cost=war_c).solve().outcome_probabilities()
                    ev = _with_challenger(m, war_cost=war_c, preferences=ExpectedValue())
                    ev_out = ev.solve().outcome_probabilities()
                    diff = loss["defender backs down"] - ev_out["defender backs down"]
                    reversed_ += diff < -0.01
                    held += diff > 0.5
    assert reversed_ == 0
    assert held >= 5  # the claim holds in part of the grid, not everywhere: see the docs


def test_claim_b_does_not_follow_for_small_catastrophic_risks() -> None:
    """Nuclear regime (default ladder, war costs 10 stakes): probability weighting overweights
    the small chance of catastrophe, and the loss-domain CPT challenger is deterred MORE often
    than an EV challenger. The essay's claim does not follow from CPT here; we say so."""
    base = EscalationModel()
    loss = base.clone(
        challenger=Actor("C", CPT(), reference="lost_position", war_cost=10.0, backdown_cost=0.1)
    ).solve()
    ev = base.clone(
        challenger=Actor("C", ExpectedValue(), war_cost=10.0, backdown_cost=0.1)
    ).solve()
    assert loss.terminal_probs_[0, 0] > ev.terminal_probs_[0, 0] + 0.1
    assert loss.outcome_probabilities()["defender backs down"] < 0.01


def test_claim_estimating_defender_concedes_less_at_no_greater_risk() -> None:
    """Ukraine 2022 and the default model: self-deterrence against credibility estimates."""
    for model in (load_scenario("ukraine2022").model, EscalationModel()):
        sd = self_deterrence(model).set_index("defender")
        cred, est = sd.loc["credible"], sd.loc["estimate"]
        assert cred["p_defender_backs_down"] > 0.9
        assert est["expected_concession"] < cred["expected_concession"] - 0.5
        assert est["p_uncontrolled"] <= cred["p_uncontrolled"]
        # most of the credulous defender's concessions were to threats that would not have
        # been carried out, and they cost it about its stake each
        assert cred["p_bluff_concession"] > 0.9
        assert cred["bluff_concession_cost"] >= cred["p_bluff_concession"]
        assert est["p_bluff_concession"] < 0.01


def test_claim_c_exception_is_documented() -> None:
    """Not a theorem: with the US valuing nuclear war at 40 stakes, no back-down cost and loss of
    control twice as likely, the estimating defender concedes a little less but at a higher
    risk (it stands firm in branches where the challenger's threat is credible)."""
    base = load_scenario("ukraine2022").model
    de = copy.copy(base.defender)
    de.war_cost = 40.0
    de.backdown_cost = 0.0
    ladder = [
        Rung(kahn=r.kahn, cost=r.cost, loss_of_control=r.loss_of_control * 2) for r in base.ladder
    ]
    sd = self_deterrence(base.clone(defender=de, ladder=ladder)).set_index("defender")
    assert sd.loc["estimate", "expected_concession"] < sd.loc["credible", "expected_concession"]
    assert sd.loc["estimate", "p_uncontrolled"] > sd.loc["credible", "p_uncontrolled"]


# ------------------------------------------------------------------------------------------
# Sweep
# ------------------------------------------------------------------------------------------


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


# ------------------------------------------------------------------------------------------
# Scenarios
# ------------------------------------------------------------------------------------------

CITATION = re.compile(r'^.+, ".+".*\d{4}-\d{2}-\d{2}$')


@pytest.mark.parametrize("name", ["cuba1962", "ukraine2022", "syria2016"])
def test_shipped_scenarios_load_and_cite(name: str) -> None:
    assert name in shipped_scenarios()
    sc = load_scenario(name)
    assert sc.name == name
    assert len(sc.facts) >= 3
    for fact in sc.facts:
        assert CITATION.match(fact["citation"]), fact["citation"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fact["date"])
        assert fact["citation"].endswith(fact["date"])
    assert "assumption" in sc.assumptions.lower()
    text = (
        Path(__file__).resolve().parents[2]
        / "src"
        / "dyadwatch"
        / "data"
        / "scenarios"
        / f"{name}.yaml"
    ).read_text(encoding="utf-8")
    assert "MODELLING ASSUMPTIONS, NOT FACTS" in text
    m = sc.model.clone().solve()
    assert sum(m.outcome_probabilities().values()) == pytest.approx(1.0)


def test_cuba_ends_without_war_mostly() -> None:
    m = load_scenario("cuba1962").model.clone().solve()
    out = m.outcome_probabilities()
    assert out["uncontrolled escalation"] < 0.01
    assert out["settlement"] + out["challenger backs down"] > 0.95


GOOD = """\
title: test
assumptions: Modelling assumptions.
facts:
  - {date: "2020-01-01", fact: something, citation: 'Publisher, "Title", 2020-01-01'}
challenger:
  preferences: {model: cpt}
  reference: lost_position
defender:
  preferences: {model: ev}
ladder:
  - {kahn: 3, cost: 0.01, loss_of_control: 0.01}
  - {kahn: 9, cost: 0.1, loss_of_control: 0.2}
"""


def test_minimal_scenario_parses() -> None:
    sc = parse_scenario(GOOD, where="t.yaml")
    assert sc.model.start == 0 and len(sc.model.ladder) == 2
    assert isinstance(sc.model.defender.preferences, ExpectedValue)
    sc.model.clone().solve()


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        (
            "title: test\n",
            "title: test\nmood: tense\n",
            ["unknown key 'mood'", "line 2", "key mood"],
        ),
        (
            "  reference: lost_position\n",
            "  reference: lost_position\n  resolve: 3\n",
            ["unknown key 'resolve'", "line 8", "challenger.resolve"],
        ),
        (
            "loss_of_control: 0.2}",
            "loss_of_control: 1.2}",
            [
                "loss_of_control=1.2 is out of range for a probability",
                "line 12",
                "ladder[1].loss_of_control",
            ],
        ),
        (
            "defender:\n  preferences: {model: ev}\n",
            "",
            ["missing required key 'defender'", "line 1"],
        ),
        (
            "{model: cpt}",
            "{model: cpt, lam: -2}",
            ["lam=-2", "line 6", "challenger.preferences.lam"],
        ),
        ("{model: ev}", "{model: ev, lam: 2}", ["lam does not apply to ev", "line 9"]),
        ("{model: cpt}", "{model: prospect}", ["model='prospect' is not valid", "line 6"]),
        ("reference: lost_position", "reference: revenge", ["reference='revenge'", "line 7"]),
        ("{kahn: 3,", "{kahn: 30,", ["Kahn numbers out of order", "line 11"]),
        ("{kahn: 3,", "{kahn: 50,", ["kahn=50 is out of range", "line 11"]),
        ("title: test\n", "title: test\ntitle: again\n", ["duplicate key 'title'", "line 2"]),
        ("ladder:\n", "balance: {p_win: 2}\nladder:\n", ["p_win=2", "line 10", "balance.p_win"]),
        (
            "ladder:\n",
            "start: {rung: 0, first_mover: defender}\nladder:\n",
            ["challenger moves first", "line 10"],
        ),
        (
            "  - {kahn: 3, cost: 0.01, loss_of_control: 0.01}\n",
            "  - [1, 2]\n",
            ["ladder[0] must be a mapping", "line 11"],
        ),
        ("facts:\n", "facts: [\n", ["invalid YAML", "line"]),
    ],
)
def test_bad_scenarios_name_key_and_line(old: str, new: str, fragments: list[str]) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    with pytest.raises(DyadwatchError) as info:
        parse_scenario(text, where="bad.yaml")
    msg = str(info.value)
    assert "bad.yaml" in msg
    for frag in fragments:
        assert frag in msg, msg


def test_load_scenario_errors(tmp_path: Path) -> None:
    with pytest.raises(DyadwatchError, match="no shipped scenario"):
        load_scenario("atlantis1999")
    with pytest.raises(DyadwatchError, match="not found"):
        load_scenario(tmp_path / "missing.yaml")
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_scenario(path).name == "mine"


# ------------------------------------------------------------------------------------------
# Figures and report
# ------------------------------------------------------------------------------------------


def test_plots_and_report_sections(tmp_path: Path) -> None:
    m = EscalationModel().solve()
    fig = outcome_figure(m)
    assert len(fig.data) == 4
    path = write_plots([fig], tmp_path / "plot.html")
    html = path.read_text(encoding="utf-8")
    assert "plotly" in html.lower() and len(html) > 10_000
    sections = report_sections()
    assert len(sections) == 1
    sec = sections[0]
    assert sec.figures and all(
        "Source:" in f.caption and "Method:" in f.caption for f in sec.figures
    )
    assert "modelling assumption" in sec.summary
    # the summary is generated from the numbers
    sd = self_deterrence(load_scenario("ukraine2022").model)
    assert f"{sd.iloc[0]['p_defender_backs_down']:.2f}" in sec.summary
    assert len(sec.tables) == 1 and len(sec.tables[0][1]) == 2


def test_default_ladder_grows() -> None:
    ladder = default_ladder()
    q = [r.loss_of_control for r in ladder]
    assert q == sorted(q) and q[0] < q[-1]
    assert [r.kahn for r in ladder] == sorted(r.kahn for r in ladder)


def test_control_characters_in_a_scenario_are_a_clear_error():
    from dyadwatch.errors import DyadwatchError
    from dyadwatch.models.escalation import parse_scenario

    with pytest.raises(DyadwatchError, match="invalid YAML: unacceptable character"):
        parse_scenario("title: x\x1f\n", where="bad.yaml")
