"""Signal-detection scoring of perceived-versus-contrived calls: textbook values and costs."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import norm

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.discernment import Discernment, criterion, d_prime, loglinear_rates


def test_textbook_d_prime_and_criterion():
    # Macmillan & Creelman: H = .8, F = .2 gives d' = 2 z(.8) = 1.683 and c = 0.
    assert d_prime(0.8, 0.2) == pytest.approx(1.683, abs=5e-4)
    assert criterion(0.8, 0.2) == pytest.approx(0.0, abs=1e-12)
    # A conservative observer (H = .6, F = .1): c = -(z(.6) + z(.1)) / 2 > 0.
    assert criterion(0.6, 0.1) == pytest.approx(-(0.2533471 - 1.2815516) / 2, abs=1e-6)


def test_loglinear_correction_exact_fractions():
    # Hautus (1995): add 0.5 to hits and false alarms, 1 to each trial count.
    h, f = loglinear_rates(10, 0, 0, 10)
    assert h == 10.5 / 11 and f == 0.5 / 11
    model = Discernment().fit(
        ["perceived"] * 10 + ["contrived"] * 10, ["real"] * 10 + ["contrived"] * 10
    )
    assert model.counts_ == {"hits": 10, "misses": 0, "false_alarms": 0, "correct_rejections": 10}
    assert model.d_prime_ == pytest.approx(2 * norm.ppf(21 / 22))
    assert model.criterion_ == pytest.approx(0.0, abs=1e-12)


def test_perfect_rates_without_correction_fail():
    with pytest.raises(DyadwatchError, match="infinite"):
        Discernment(correction="none").fit(["real", "contrived"], ["real", "contrived"])


def test_costs_hand_computed():
    truth = ["perceived"] * 10 + ["contrived"] * 10
    judged = ["perceived"] * 8 + ["contrived"] * 2 + ["real"] * 2 + ["contrived"] * 8
    m = Discernment(correction="none", cost_miscalculation=5.0, cost_concession=1.0).fit(
        truth, judged
    )
    assert (m.hit_rate_, m.fa_rate_) == (0.8, 0.2)
    assert m.d_prime_ == pytest.approx(1.683, abs=5e-4)
    # two misses at 5, two false alarms at 1, over 20 claims
    assert m.expected_cost_ == pytest.approx((2 * 5 + 2 * 1) / 20)
    # with uncorrected rates the model reproduces H and F exactly, so the costs agree
    assert m.model_cost_ == pytest.approx(m.expected_cost_)
    # optimal criterion: beta* = (P(noise) / P(signal)) (C_c / C_m) = 0.2
    assert m.optimal_criterion_ == pytest.approx(math.log(0.2) / m.d_prime_)
    assert m.optimal_criterion_ < 0  # costly misses: say "genuine" more readily
    assert m.optimal_cost_ < m.model_cost_


def test_no_sensitivity_falls_back_to_constant_policy():
    truth = ["real", "real", "contrived", "contrived"]
    judged = ["real", "contrived", "real", "contrived"]  # H = F
    m = Discernment(correction="none", cost_miscalculation=3.0).fit(truth, judged)
    assert m.d_prime_ == pytest.approx(0.0)
    assert m.optimal_criterion_ is None
    assert m.optimal_cost_ == pytest.approx(min(0.5 * 3.0, 0.5 * 1.0))


@pytest.mark.parametrize(
    ("truth", "judged", "message"),
    [
        (["real"], ["real", "real"], "judgements"),
        (["real", "maybe"], ["real", "real"], "neither signal"),
        (["real", "real"], ["real", "contrived"], "both signal and noise"),
    ],
)
def test_bad_input(truth, judged, message):
    with pytest.raises(DyadwatchError, match=message):
        Discernment().fit(truth, judged)


def test_negative_cost_rejected():
    with pytest.raises(DyadwatchError, match="cost_concession"):
        Discernment(cost_concession=-1.0).fit(["real", "contrived"], ["real", "real"])


@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), st.integers(0, 30))
def test_loglinear_rates_are_interior_and_symmetric(h, m, f, c):
    hr, fr = loglinear_rates(h, m, f, c)
    assert 0 < hr < 1 and 0 < fr < 1
    # swapping the roles of the two classes negates d' and keeps |c|
    assert d_prime(hr, fr) == pytest.approx(-d_prime(fr, hr))
    assert criterion(hr, fr) == pytest.approx(criterion(fr, hr))


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\x00\xac\xff" * 100, "not UTF-8 text"),
        (b"", "is empty"),
        (b"claim_id,classification\x00\n", "NUL bytes"),
        (None, "no such file"),
    ],
    ids=["binary", "empty", "nul", "missing"],
)
def test_unreadable_classification_files_are_one_line_errors(tmp_path, content, fragment):
    from dyadwatch.models.discernment import read_classifications

    path = tmp_path / "calls.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DyadwatchError, match=fragment) as info:
        read_classifications(path)
    assert "\n" not in str(info.value)


def test_byte_order_mark_is_accepted(tmp_path):
    from dyadwatch.models.discernment import read_classifications

    path = tmp_path / "calls.csv"
    path.write_bytes(b"\xef\xbb\xbfclaim_id,classification\nx,Real\n")
    assert read_classifications(path) == [("x", "real", 2)]
