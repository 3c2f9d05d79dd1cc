"""UNGA alignment: recomputed by hand from the raw CSV files, kappa by hand, errors."""

from __future__ import annotations

import csv
from collections import Counter

import numpy as np
import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.measures.unga import alignment, kappa
from dyadwatch.sources.unga import find_unga_dir, read_unvotes


@pytest.fixture(scope="module")
def unga(shared_data):
    return read_unvotes(shared_data / "unga")


@pytest.fixture(scope="module")
def raw(shared_data):
    """The raw CSV files read with the csv module (no pandas, no dyadwatch), once."""
    folder = shared_data / "unga"
    with open(folder / "un_roll_calls.csv", newline="", encoding="utf-8") as f:
        years = {int(r["rcid"]): int(r["date"][:4]) for r in csv.DictReader(f)}
    votes = {code: {} for code in ("US", "RU", "CN", "FR")}
    with open(folder / "un_votes.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["country_code"] in votes:
                votes[r["country_code"]][int(float(r["rcid"]))] = r["vote"]
    return years, votes


def _by_hand(raw, code_a, code_b, year):
    years, votes = raw
    rcids = {rcid for rcid, y in years.items() if y == year}
    both = sorted(rcids & set(votes[code_a]) & set(votes[code_b]))
    a = [votes[code_a][i] for i in both]
    b = [votes[code_b][i] for i in both]
    agreed = sum(x == y for x, y in zip(a, b, strict=True))
    ca, cb, n = Counter(a), Counter(b), len(both)
    pe = sum(ca[v] / n * cb[v] / n for v in ("yes", "no", "abstain"))
    return len(rcids), n, agreed, (agreed / n - pe) / (1 - pe)


@pytest.mark.parametrize("year", [1990, 2000, 2014])
def test_us_russia_years_recomputed_by_hand(unga, raw, year):
    total, n, agreed, kap = _by_hand(raw, "US", "RU", year)
    row = alignment(unga, "US-RU", start=year, end=year).iloc[0]
    assert (row["roll_calls"], row["both_voted"], row["agreed"]) == (total, n, agreed)
    assert row["agreement"] == pytest.approx(agreed / n)
    assert row["kappa"] == pytest.approx(kap)
    assert (row["note"] == "RU is the USSR before 1992") == (year < 1992)


def test_other_pairs_and_iso3(unga, raw):
    total, n, agreed, _ = _by_hand(raw, "CN", "FR", 2005)
    row = alignment(unga, "CHN-FRA", start=2005, end=2005).iloc[0]
    assert (row["pair"], row["roll_calls"], row["both_voted"], row["agreed"]) == (
        "CN-FR",
        total,
        n,
        agreed,
    )


def test_issue_filter_keeps_only_tagged_roll_calls(unga):
    all_rows = alignment(unga, "US-RU", start=2010, end=2010).iloc[0]
    hr = alignment(unga, "US-RU", issue="hr", start=2010, end=2010).iloc[0]
    by_name = alignment(unga, "US-RU", issue="Human rights", start=2010, end=2010).iloc[0]
    tagged = set(unga.issues.loc[unga.issues["short_name"] == "hr", "rcid"])
    year_rcids = set(unga.roll_calls.loc[unga.roll_calls["year"] == 2010, "rcid"])
    assert hr["roll_calls"] == len(tagged & year_rcids) < all_rows["roll_calls"]
    assert hr.equals(by_name)


def test_kappa_by_hand():
    a = ["yes", "yes", "no", "abstain"]
    b = ["yes", "no", "no", "yes"]
    # po = 0.5; pe = 0.5*0.5 (yes) + 0.25*0.5 (no) + 0.25*0 (abstain) = 0.375
    import numpy as np

    assert kappa(np.array(a), np.array(b)) == pytest.approx((0.5 - 0.375) / 0.625)


def test_errors(unga, tmp_path, monkeypatch):
    with pytest.raises(DyadwatchError, match="no country 'ZZ'"):
        alignment(unga, "US-ZZ")
    with pytest.raises(DyadwatchError, match="unknown issue 'weather'"):
        alignment(unga, "US-RU", issue="weather")
    with pytest.raises(DyadwatchError, match="malformed pair"):
        alignment(unga, "US")
    with pytest.raises(DyadwatchError, match="un_votes.csv is missing"):
        read_unvotes(tmp_path)
    monkeypatch.setenv("DYADWATCH_UNGA_DIR", str(tmp_path / "none"))
    assert find_unga_dir() == tmp_path / "none"
    with pytest.raises(DyadwatchError, match="dyadwatch data download unga"):
        read_unvotes()


def test_namibia_is_not_a_missing_value(unga):
    assert "NA" in set(unga.votes["country_code"])


def test_scott_pi_by_hand():
    from dyadwatch.measures.unga import scott_pi

    a = np.array(["yes", "yes", "yes", "no"])
    b = np.array(["yes", "yes", "abstain", "no"])
    # po = 3/4; pooled shares yes 5/8, no 2/8, abstain 1/8: pe = (25 + 4 + 1) / 64 = 30/64
    assert scott_pi(a, b) == pytest.approx((0.75 - 30 / 64) / (1 - 30 / 64))
    assert np.isnan(scott_pi(np.array(["yes"]), np.array(["yes"])))
    assert np.isnan(scott_pi(np.array([]), np.array([])))


def test_alignment_has_pi_below_agreement(unga):
    frame = alignment(unga, "US-RU", start=2000, end=2005)
    assert (frame["pi"] < frame["agreement"]).all() and frame["pi"].between(-1, 1).all()
