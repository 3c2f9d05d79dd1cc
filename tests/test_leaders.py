"""The leaders table: contiguous terms, transitions, lookups."""

from __future__ import annotations

import datetime as dt

from dyadwatch.leaders import leader_on, leaders, transitions


def test_presidential_terms_are_contiguous():
    for country in ("USA", "RUS"):
        terms = leaders(country, "President").sort_values("start")
        ends = list(terms["end"])[:-1]
        starts = list(terms["start"])[1:]
        assert ends == starts, country
        assert terms["end"].iloc[-1] is None


def test_prime_ministers_cover_1991_to_today_without_overlap():
    pms = leaders("RUS", "Prime Minister").sort_values("start")
    for prev_end, nxt in zip(pms["end"].iloc[:-1], pms["start"].iloc[1:], strict=True):
        assert prev_end <= nxt and (nxt - prev_end).days <= 2


def test_lookups_and_transitions():
    assert leader_on("USA", dt.date(2001, 9, 11)) == "George W. Bush"
    assert leader_on("RUS", dt.date(2010, 1, 1)) == "Dmitry Medvedev"
    assert leader_on("RUS", dt.date(2010, 1, 1), "Prime Minister") == "Vladimir Putin"
    us = transitions("USA", since=dt.date(1991, 12, 25))
    assert [d.isoformat() for d in us["date"]] == [
        "1993-01-20",
        "2001-01-20",
        "2009-01-20",
        "2017-01-20",
        "2021-01-20",
        "2025-01-20",
    ]
    ru = transitions("RUS")
    assert [d.isoformat() for d in ru["date"]] == [
        "1991-07-10",
        "1999-12-31",
        "2008-05-07",
        "2012-05-07",
    ]
