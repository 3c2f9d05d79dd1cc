"""The shipped ideal-point fit, the cache, and validation on the real votes (issue 17)."""

from __future__ import annotations

import numpy as np
import pytest

from dyadwatch.measures.idealpoints import fits
from dyadwatch.measures.idealpoints.fits import (
    fit_key,
    ideal_points,
    read_fit,
    shipped_fit_path,
    write_fit,
)
from dyadwatch.measures.idealpoints.unga import unga_ideal_points
from dyadwatch.sources.unga import UNVotes, read_unvotes, shipped_unga_dir


@pytest.fixture(scope="module")
def shipped_votes():
    return read_unvotes(shipped_unga_dir())


@pytest.fixture(scope="module")
def shipped_fit():
    found = read_fit(shipped_fit_path())
    assert found is not None, "run scripts/make_shipped_idealpoints.py"
    return found


def _sessions(data: UNVotes, first: int, last: int) -> UNVotes:
    rolls = data.roll_calls[data.roll_calls["session"].between(first, last)]
    votes = data.votes[data.votes["rcid"].isin(rolls["rcid"])]
    issues = data.issues[data.issues["rcid"].isin(rolls["rcid"])]
    return UNVotes(votes, rolls, issues, folder=data.folder, origin="subset")


def test_shipped_fit_is_the_fit_of_the_shipped_votes_and_settings(shipped_votes, shipped_fit):
    frame, key = shipped_fit
    assert key == fit_key(shipped_votes), "shipped fit is stale: regenerate it"
    assert frame["year"].min() == 1946 and frame["year"].max() == 2019
    got = ideal_points(shipped_votes, cache=False)
    assert got.attrs["fit"] == "shipped" and len(got) == len(frame)
    assert shipped_fit_path().stat().st_size < 400_000


def test_key_follows_votes_and_settings(shipped_votes):
    small = _sessions(shipped_votes, 73, 74)
    assert fit_key(small) != fit_key(shipped_votes)
    assert fit_key(small) == fit_key(_sessions(shipped_votes, 73, 74))
    assert fit_key(small, {"evolution_sd": 0.3}) != fit_key(small)


def test_newer_votes_are_fitted_once_then_cached(shipped_votes, tmp_path, monkeypatch):
    small = _sessions(shipped_votes, 73, 74)
    first = ideal_points(small, cache_dir=tmp_path)
    assert first.attrs["fit"] == "fitted" and set(first["year"]) == {2018, 2019}

    def no_refit(*args, **kwargs):
        raise AssertionError("refitted although a cached fit matched")

    monkeypatch.setattr(fits, "unga_ideal_points", no_refit)
    again = ideal_points(small, cache_dir=tmp_path)
    assert again.attrs["fit"] == "cached"
    np.testing.assert_allclose(again["position"], first["position"])
    with pytest.raises(AssertionError, match="refitted"):
        ideal_points(small, cache_dir=tmp_path, refit=True)


def test_write_and_read_keep_the_fit(shipped_votes, tmp_path):
    frame = unga_ideal_points(_sessions(shipped_votes, 73, 74))
    path = write_fit(frame, tmp_path / "fit.parquet", "abc")
    back, key = read_fit(path)
    assert key == "abc" and list(back["country"]) == list(frame["country"])
    np.testing.assert_allclose(back["position"], frame["position"], rtol=1e-6, atol=1e-6)
    assert read_fit(tmp_path / "absent.parquet") is None


@pytest.mark.slow
def test_shipped_fit_agrees_with_a_refit_of_recent_sessions(shipped_votes, shipped_fit):
    """A refit of 2015-2019 alone (other bridges, other scale) orders countries as the shipped
    1946-2019 fit does, and does not depend on the seed."""
    frame, _ = shipped_fit
    recent = _sessions(shipped_votes, 70, 74)
    a = unga_ideal_points(recent, seed=0)
    b = unga_ideal_points(recent, seed=1)
    keys = ["country", "year"]
    both = a.merge(frame, on=keys, suffixes=("", "_shipped")).merge(b, on=keys, suffixes=("", "_b"))
    assert np.corrcoef(both["position"], both["position_shipped"])[0, 1] > 0.95
    assert np.corrcoef(both["position"], both["position_b"])[0, 1] > 0.999


def _decade_ranks(frame):
    f = frame.assign(
        rank=frame.groupby("year")["position"].rank(pct=True), decade=frame["year"] // 10 * 10
    )
    return f.groupby(["country", "decade"])["rank"].median()


def test_well_known_orderings_hold_in_every_decade(shipped_fit):
    ranks = _decade_ranks(shipped_fit[0])
    us = ranks["United States"]
    assert (us >= 0.8).all(), us  # the top end from 1946 (0.84 in the 1950s)
    israel = ranks["Israel"]
    assert (israel[israel.index >= 1970] >= 0.9).all(), israel  # beside it from the 1970s
    for country in ("Cuba", "North Korea"):
        after = ranks[country][ranks[country].index >= 1990]
        assert len(after) and (after <= 0.15).all(), (country, after)


def test_study_ideal_distance_shape(monkeypatch):
    """``Study.ideal_distance`` (used by the structure test): year, distance, lo, hi."""
    import dyadwatch as dw

    monkeypatch.setenv("DYADWATCH_UNGA_DIR", str(shipped_unga_dir()))
    study = dw.Study("USA-RUS")
    frame = study.ideal_distance
    assert {"year", "distance", "lo", "hi"} <= set(frame.columns)
    assert list(frame["year"]) == list(range(1946, 2020))
    assert (frame["lo"] <= frame["distance"]).all() and (frame["distance"] <= frame["hi"]).all()
    assert study.ideal_points.attrs["fit"] == "shipped"
    assert len(dw.ideal_points(2019)) > 180
