"""The report's UN vote sections say which votes they rest on and how old the newest is."""

from __future__ import annotations

import datetime as dt

from dyadwatch.freshness import VOTES_COMMAND, votes_line
from dyadwatch.report.sections.unga import _alignment
from dyadwatch.sources.unga import read_unvotes
from dyadwatch.study import Study


def test_alignment_summary_states_the_votes_range_and_age():
    today = dt.date(2026, 12, 7)
    study = Study("USA-RUS", today=today)
    (section,) = _alignment(study)
    last = read_unvotes().roll_calls["date"].max().date()
    assert f"to {last}" in section.summary
    assert f"newest {(today - last).days} days old" in section.summary
    assert VOTES_COMMAND in section.summary  # years old: it names the command


def test_recent_votes_need_no_download_hint():
    line = votes_line(dt.date(1946, 1, 1), dt.date(2026, 9, 30), 7000, dt.date(2026, 12, 7))
    assert "newest 68 days old" in line and VOTES_COMMAND not in line
