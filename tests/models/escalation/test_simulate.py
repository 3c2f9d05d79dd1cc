"""Monte Carlo crises against the exact solution; seeds; bad arguments."""

from __future__ import annotations

import numpy as np
import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.escalation import EscalationModel, load_scenario


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
