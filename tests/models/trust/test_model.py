"""Norm-trust model: hand-derived posteriors, forgetting, asymmetry and recovery."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.trust import (
    NormTrust,
    load_ledger,
)


def test_textbook_posterior_seven_compliance_three_violations(synthetic):
    ledger = synthetic([(2000, "compliance", "USA")] * 7 + [(2000, "violation", "USA")] * 3)
    model = NormTrust().fit(ledger)
    last = model.posterior_.iloc[-1]
    assert (last["alpha"], last["beta"]) == (8.0, 4.0)
    assert last["mean"] == pytest.approx(float(Fraction(8, 12)))
    assert round(last["mean"], 3) == 0.667
    assert last["lower"] == pytest.approx(stats.beta.ppf(0.05, 8, 4))
    assert last["upper"] == pytest.approx(stats.beta.ppf(0.95, 8, 4))


def test_forgetting_discounts_old_evidence_by_hand(synthetic):
    # lambda = 0.5: year 1 adds r=2; year 2: r = 0.5*2 = 1, s = 1; year 3: r = s = 0.5.
    ledger = synthetic(
        [(2001, "compliance", "USA"), (2001, "compliance", "NATO"), (2002, "violation", "USA")]
    )
    post = NormTrust(forgetting=0.5, end=2003).fit(ledger).posterior_.set_index("year")
    assert post.loc[2001, "r"] == 2.0
    assert post.loc[2001, "mean"] == pytest.approx(3 / 4)
    assert (post.loc[2002, "r"], post.loc[2002, "s"]) == (1.0, 1.0)
    assert post.loc[2002, "mean"] == pytest.approx(0.5)
    assert (post.loc[2003, "r"], post.loc[2003, "s"]) == (0.5, 0.5)
    # zero forgetting keeps only the current year
    zero = NormTrust(forgetting=0.0, end=2003).fit(ledger).posterior_.set_index("year")
    assert (zero.loc[2002, "r"], zero.loc[2002, "s"]) == (0.0, 1.0)
    assert zero.loc[2003, "mean"] == pytest.approx(0.5)


def test_asymmetry_discounts_compliance_only(synthetic):
    ledger = synthetic([(2000, "compliance", "USA")] * 7 + [(2000, "violation", "USA")] * 3)
    model = NormTrust(asymmetry=0.5).fit(ledger)
    last = model.posterior_.iloc[-1]
    assert (last["alpha"], last["beta"]) == (4.5, 4.0)
    assert last["mean"] == pytest.approx(4.5 / 8.5)


def test_forgetting_and_asymmetry_together(synthetic):
    # year 1: 4 compliance at a=0.5 -> r=2; year 2: 1 violation, lambda=0.5 -> r=1, s=1
    ledger = synthetic([(2001, "compliance", "USA")] * 4 + [(2002, "violation", "USA")])
    last = NormTrust(forgetting=0.5, asymmetry=0.5).fit(ledger).posterior_.iloc[-1]
    assert (last["r"], last["s"]) == (1.0, 1.0)
    assert last["mean"] == pytest.approx(2 / 4)


def test_act_weights_and_sides(synthetic):
    ledger = synthetic(
        [
            (2000, "evasion", "USA"),
            (2000, "withdrawal", "USA;GBR"),  # one event, counted once
            (2000, "violation", "RUS"),  # the other side: ignored when observing the West
            (2000, "compliance", "RUS"),
        ]
    )
    west = NormTrust().fit(ledger).posterior_.iloc[-1]
    assert west["s"] == 1.0  # 0.5 + 0.5 by default
    assert west["r"] == 0.0
    heavy = NormTrust(weights={"withdrawal": 2.0}).fit(ledger).posterior_.iloc[-1]
    assert heavy["s"] == 2.5
    russia = NormTrust(observed="russia").fit(ledger).posterior_.iloc[-1]
    assert (russia["r"], russia["s"]) == (1.0, 1.0)


def test_yearly_grid_includes_empty_years(synthetic):
    ledger = synthetic([(1995, "compliance", "USA")])
    post = NormTrust(start=1991, end=1997).fit(ledger).posterior_
    assert list(post["year"]) == list(range(1991, 1998))
    assert post["mean"].iloc[0] == 0.5
    assert post["events"].iloc[4] == [ledger["event_id"].iloc[0]]


def test_recovery_by_hand_without_forgetting(synthetic):
    ledger = synthetic([(2000, "violation", "USA")] * 2)  # Beta(1, 3): mean 0.25
    model = NormTrust().fit(ledger)
    assert model.mean_ == pytest.approx(0.25)
    # (1 + n) / (4 + n) >= 1/2  <=>  n >= 2
    assert model.recovery(0.5) == 2
    # a = 0.5: (1 + n/2) / (4 + n/2) >= 1/2  <=>  n >= 4
    assert NormTrust(asymmetry=0.5).fit(ledger).recovery(0.5) == 4
    # two events a year halve the time
    assert model.recovery(0.5, rate=2) == 1
    assert model.recovery(0.2) == 0
    assert model.long_run_mean() == 1.0


def test_recovery_with_forgetting_has_a_ceiling(synthetic):
    ledger = synthetic([(2000, "violation", "USA")] * 2)
    model = NormTrust(forgetting=0.5).fit(ledger)
    # r_n = 2(1 - x), s_n = 2x with x = 0.5**n; mean = (3 - 2x) / 4
    path = model.recovery_path(years=3).set_index("n")
    assert path.loc[1, "mean"] == pytest.approx((3 - 1) / 4)
    assert path.loc[3, "mean"] == pytest.approx((3 - 0.25) / 4)
    assert model.recovery(0.7) == 4  # x <= 0.1 first at n = 4
    assert model.long_run_mean() == pytest.approx(0.75)
    assert model.recovery(0.8) is None  # above the limit: never
    assert model.recovery(0.75, max_years=200) is None
    assert NormTrust(forgetting=0.5, asymmetry=0.0).fit(ledger).recovery(0.6) is None


@pytest.mark.parametrize(
    "params",
    [
        {"forgetting": 1.5},
        {"forgetting": -0.1},
        {"asymmetry": 1.01},
        {"asymmetry": -1},
        {"prior": (0, 1)},
        {"prior": ("a", 1)},
        {"observed": "china"},
        {"credible": 1.0},
        {"credible": 0.0},
        {"weights": {"bribery": 1.0}},
        {"weights": {"violation": -1.0}},
        {"start": 2005, "end": 2000},
    ],
)
def test_bad_parameters_raise_user_errors(synthetic, params):
    ledger = synthetic([(2000, "violation", "USA")])
    with pytest.raises(DyadwatchError):
        NormTrust(**params).fit(ledger)


def test_recovery_needs_fit_and_valid_target(synthetic):
    with pytest.raises(DyadwatchError):
        NormTrust().recovery(0.5)
    model = NormTrust().fit(synthetic([(2000, "violation", "USA")]))
    for bad in (0.0, 1.2):
        with pytest.raises(DyadwatchError):
            model.recovery(bad)
    with pytest.raises(DyadwatchError):
        model.recovery(0.5, rate=-1)


counts = st.integers(min_value=0, max_value=12)


@settings(max_examples=60, deadline=None)
@given(counts, counts, st.permutations(list(range(3))))
def test_without_forgetting_order_does_not_matter(synthetic, n_comp, n_viol, years_perm):
    events = [(2000 + years_perm[k % 3], "compliance", "USA") for k in range(n_comp)]
    events += [(2000 + years_perm[(k + 1) % 3], "violation", "GBR") for k in range(n_viol)]
    if not events:
        events = [(2000, "compliance", "RUS")]
    ledger = synthetic(events)
    last = NormTrust(start=2000, end=2002).fit(ledger).posterior_.iloc[-1]
    assert last["mean"] == pytest.approx((1 + n_comp) / (2 + n_comp + n_viol))
    assert last["lower"] <= last["mean"] <= last["upper"]


@settings(max_examples=40, deadline=None)
@given(
    counts,
    counts,
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=0.05, max_value=1.0),
)
def test_a_cynic_never_trusts_more_than_a_neutral_observer(synthetic, n_comp, n_viol, lam, a):
    events = [(2000 + k % 5, "compliance", "USA") for k in range(n_comp)]
    events += [(2000 + k % 5, "violation", "USA") for k in range(n_viol)]
    ledger = synthetic(events or [(2000, "compliance", "RUS")])
    neutral = NormTrust(forgetting=lam, start=2000, end=2004).fit(ledger).posterior_
    cynic = NormTrust(forgetting=lam, asymmetry=a, start=2000, end=2004).fit(ledger).posterior_
    assert (cynic["mean"] <= neutral["mean"] + 1e-12).all()


def test_shipped_ledger_fits():
    ledger = load_ledger()
    post = NormTrust(forgetting=0.9, asymmetry=0.5, start=1991, end=2025).fit(ledger).posterior_
    assert list(post["year"]) == list(range(1991, 2026))
    assert post["mean"].between(0, 1).all()
