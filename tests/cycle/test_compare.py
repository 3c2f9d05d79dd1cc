"""The test of the claim: blocked-CV comparison of the ordered cycle with its rivals."""

import pytest

from dyadwatch.cycle.compare import compare_models
from dyadwatch.cycle.simulate import simulate_cycle, simulate_noise


@pytest.mark.slow
def test_pure_noise_claims_no_cycle():
    c = compare_models(
        simulate_noise(300, seed=2),
        n_folds=3,
        candidates=("ordered-5", "hsmm-2", "changepoint", "one-regime"),
    )
    assert c.supported == "not supported"
    assert c.table["cv_loglik"].idxmax() == "one-regime"
    assert "no cycle" in c.verdict


@pytest.mark.slow
def test_a_generated_cycle_beats_one_regime_and_few_states():
    c = compare_models(
        simulate_cycle(300, seed=2).level,
        n_folds=3,
        candidates=("ordered-5", "hsmm-2", "one-regime"),
    )
    cv = c.table["cv_loglik"]
    assert cv["ordered-5"] > cv["hsmm-2"] > cv["one-regime"]
    assert c.supported == "supported"
    assert set(c.table.columns) >= {"cv_loglik", "aic", "bic", "params"}
