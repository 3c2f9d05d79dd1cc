"""The shipped chronology: every row valid, cited, and the coverage the project promises."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter

import pandas as pd
import pytest

from dyadwatch.schema import FACTOR_TAGS
from dyadwatch.sources.chronology import LAST_DATE, chronology, read_chronology, shipped_files

FIRST, LAST = dt.date(1991, 12, 25), LAST_DATE

#: The last row of the 2013-2025 era file; the 2025-2026 file begins after it.
END_2013_2025 = dt.date(2025, 10, 29)

#: `Publisher, "Title", YYYY-MM-DD`, the citation form of every row.
CITATION = re.compile(r'^(?P<publisher>.+), "(?P<title>.+)", (?P<date>\d{4}-\d{2}-\d{2})$')

#: Events the essay names, by date (±1 day): each must be in the chronology.
ESSAY_EVENTS = {
    "1999-03-23": "Primakov turns his plane around on hearing of the NATO strikes",
    "1999-03-24": "NATO airstrikes on Serbia over Kosovo begin",
    "2001-06-16": "Bush meets Putin in Slovenia ('a sense of his soul')",
    "2001-09-11": "Putin is the first foreign leader to call Bush",
    "2003-03-20": "US-led invasion of Iraq",
    "2007-02-10": "Putin's Munich Security Conference speech",
    "2008-08-08": "Russia's war with Georgia",
    "2009-03-06": "Clinton hands Lavrov the 'reset' button",
    "2011-03-17": "UN Security Council Resolution 1973 on Libya",
    "2011-09-24": "Putin announces his return to the presidency",
    "2011-10-20": "Gaddafi captured and killed",
    "2011-12-04": "Duma elections",
    "2011-12-08": "Putin accuses Clinton of giving 'the signal'",
    "2014-03-18": "Annexation of Crimea",
    "2016-11-08": "Trump elected (Putin's congratulations the next day)",
    "2017-08-02": "Trump signs CAATSA",
    "2018-07-16": "Helsinki summit",
    "2022-02-24": "Full-scale invasion of Ukraine",
    "2025-02-24": "US votes against the UNGA resolution on the invasion's anniversary",
    "2025-02-28": "Oval Office meeting with Zelensky",
    "2025-08-15": "Alaska summit",
}


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return chronology()


def test_four_era_files_are_shipped():
    names = [p.name for p in shipped_files()]
    assert names == ["1991_2000.csv", "2001_2012.csv", "2013_2025.csv", "2025_2026.csv"]


def _rows(name: str) -> list[dict]:
    path = next(p for p in shipped_files() if p.name == name)
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_era_files_follow_each_other_without_overlap():
    spans = []
    for path in shipped_files():
        dates = sorted(dt.date.fromisoformat(r["date"]) for r in _rows(path.name))
        spans.append((path.name, dates[0], dates[-1]))
    for (name, _, last), (following, first, _) in zip(spans, spans[1:], strict=False):
        assert last < first, f"{following} starts on {first}, before {name} ends ({last})"
    assert spans[2][2] == END_2013_2025


def test_every_row_passes_the_schema():
    result = read_chronology()
    assert result.rejects.empty, result.rejects.head(20).to_string()
    assert len(result.events) >= 400


def test_dates_are_in_range(events):
    assert events["date"].min() >= FIRST
    assert events["date"].max() <= LAST


def _direct(events: pd.DataFrame) -> pd.DataFrame:
    pair = {("USA", "RUS"), ("RUS", "USA")}
    mask = [(a, b) in pair for a, b in zip(events["actor1"], events["actor2"], strict=True)]
    return events[mask]


def test_at_least_400_direct_events_and_six_every_year(events):
    direct = _direct(events)
    assert len(direct) >= 400
    per_year = Counter(d.year for d in direct["date"])
    thin = {y: per_year.get(y, 0) for y in range(1992, 2027) if per_year.get(y, 0) < 6}
    assert not thin, f"years with fewer than 6 direct US–Russia events: {thin}"


@pytest.mark.parametrize(("day", "what"), sorted(ESSAY_EVENTS.items()))
def test_every_event_the_essay_names_is_there(events, day, what):
    target = dt.date.fromisoformat(day)
    near = events[[abs((d - target).days) <= 1 for d in events["date"]]]
    assert len(near), f"missing: {what} ({day})"


def test_every_row_is_cited_and_described(events):
    assert (events["citation"].str.len() > 10).all()
    assert (events["description"].str.len() > 10).all()
    # citations follow `Publisher, "Title", date`
    assert events["citation"].str.contains('"').all()
    urls = events["url"].dropna()
    assert (urls.str.startswith("https://") | urls.str.startswith("http://")).all()
    odd = [c for c in events["citation"] if not CITATION.match(c)]
    assert not odd, odd[:5]


# ------------------------------------------------------------------ the 2025-2026 rows


@pytest.fixture(scope="module")
def recent(events) -> pd.DataFrame:
    return events[[d > END_2013_2025 for d in events["date"]]]


def test_recent_rows_are_the_2025_2026_file_and_all_valid(recent):
    rows = _rows("2025_2026.csv")
    assert sorted(recent["event_id"]) == sorted(r["event_id"] for r in rows)
    assert len(recent) == len(rows) >= 25  # none rejected by the reader
    assert all(END_2013_2025 < d <= LAST_DATE for d in recent["date"])
    assert len(_direct(recent)) >= 20


def test_recent_rows_cite_a_dated_source_they_link_to(recent):
    for row in recent.itertuples():
        assert row.url and row.url.startswith(("https://", "http://")), row.event_id
        match = CITATION.match(row.citation)
        assert match, row.event_id
        # each source is a report published on the day of the event or within a week after
        lag = (dt.date.fromisoformat(match["date"]) - row.date).days
        assert 0 <= lag <= 7, (row.event_id, lag)


def test_ids_are_unique_and_dated_slugs(events):
    assert events["event_id"].is_unique
    for eid, d in zip(events["event_id"], events["date"], strict=True):
        assert eid.startswith(d.isoformat()[:7]), eid


def test_every_essay_factor_is_tagged(events):
    used = Counter(t for tags in events["tags"] for t in tags)
    missing = [t for t in FACTOR_TAGS if used[t] == 0]
    assert not missing
    assert used["structural"] >= 20
    assert used["reset_attempt"] >= 5


def test_goldstein_and_quad_are_derived_from_the_code(events):
    from dyadwatch.cameo import goldstein, quad_class

    for code, g, q in zip(events["cameo"], events["goldstein"], events["quad_class"], strict=True):
        assert g == goldstein(code)
        assert q == quad_class(code)


def test_quad_classes_are_all_represented(events):
    direct = _direct(events)
    assert set(direct["quad_class"]) == {1, 2, 3, 4}
