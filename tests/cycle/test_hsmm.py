"""The ordered semi-Markov stage model: inference identities and recovery of known stages."""

import numpy as np
import pandas as pd
import pytest

from dyadwatch.cycle.hmm import cohen_kappa
from dyadwatch.cycle.hsmm import SemiMarkovStages, fit
from dyadwatch.cycle.hsmm.inference import forward
from dyadwatch.cycle.simulate import simulate_cycle
from dyadwatch.errors import DyadwatchError
from dyadwatch.stagenames import STAGES


def test_loglik_matches_brute_force_enumeration():
    # 2 states, 4 months: sum over every segmentation by hand
    rng = np.random.default_rng(0)
    logb = rng.normal(size=(4, 2))
    dur = np.array([[0.5, 0.2], [0.3, 0.5], [0.2, 0.3]])  # D=3
    A = np.array([[0.0, 1.0], [1.0, 0.0]])
    pi = np.array([0.6, 0.4])
    surv = np.cumsum(dur[::-1], axis=0)[::-1]
    with np.errstate(divide="ignore"):
        ll = forward(logb, np.log(pi), np.log(A), np.log(dur), np.log(surv))[0]
    total = 0.0
    for cuts in range(8):  # segment boundaries after months 1..3
        bounds = [0] + [i + 1 for i in range(3) if cuts >> i & 1] + [4]
        lens = np.diff(bounds)
        if lens.max() > 3:
            continue
        for k0 in range(2):
            p, k = pi[k0], k0
            for j, d in enumerate(lens):
                last = j == len(lens) - 1
                p *= (surv if last else dur)[d - 1, k] * np.exp(
                    logb[bounds[j] : bounds[j + 1], k].sum()
                )
                k = 1 - k
            total += p
    assert ll == pytest.approx(np.log(total))


def test_posterior_rows_sum_to_one_and_order_respected():
    m = fit(simulate_cycle(200, seed=3).level)
    probs = m.stage_probabilities()
    assert list(probs.columns) == list(STAGES)
    assert np.allclose(probs.sum(axis=1), 1.0)
    path = m.path()
    changes = [(a, b) for a, b in zip(path[:-1], path[1:], strict=True) if a != b]
    from dyadwatch.cycle.hsmm import ORDERED

    assert all(b in ORDERED[a] for a, b in changes)
    pred = m.predict_stages(12)
    assert pred.sum() == pytest.approx(1.0) and (pred >= 0).all()


@pytest.mark.slow
def test_recovers_known_stages_over_five_seeds():
    acc, kap = [], []
    for seed in range(5):
        sim = simulate_cycle(seed=seed)
        p = fit(sim.level).path()
        acc.append((p == sim.stages).mean())
        kap.append(cohen_kappa(p, sim.stages))
    assert np.mean(acc) >= 0.85 and np.mean(kap) >= 0.8, (acc, kap)


def test_turning_points_have_intervals_around_them():
    m = fit(simulate_cycle(240, seed=1).level)
    tp = m.turning_points()
    assert len(tp) >= 3
    assert ((tp["lo"] <= tp["month"]) & (tp["month"] <= tp["hi"])).all()


def test_short_series_is_one_clear_error():
    with pytest.raises(DyadwatchError, match="24 or more"):
        fit(pd.Series(np.zeros(10), index=pd.period_range("2000-01", periods=10, freq="M")))


def test_unordered_model_names_states_one_to_one():
    x = np.random.default_rng(0).normal(size=(120, 2))
    m = SemiMarkovStages("full", 5, max_dur=40, n_iter=5).fit(x)
    assert sorted(m.names()) == sorted(STAGES)


def test_fit_is_deterministic_and_keeps_its_parameters():
    x = simulate_cycle(120, seed=2)
    from dyadwatch.cycle.hsmm import features

    f = features(x.level).to_numpy()
    a = SemiMarkovStages(max_dur=60, n_iter=5).fit(f)
    b = SemiMarkovStages(max_dur=60, n_iter=5).fit(f)
    assert a.max_dur == 60 and a.n_states == 5 and a.n_states_ == 5
    for attr in ("means_", "vars_", "transmat_", "startprob_", "durations_"):
        assert np.array_equal(getattr(a, attr), getattr(b, attr))
    assert a.loglik_ == b.loglik_
    # structural zeros of the ordered cycle survive EM
    assert (a.transmat_[~a.allowed_] == 0).all()
