"""The stages of the built-in US–Russia chronology against the essay's landmarks.

The landmarks are the essay's own turning points (dates of the events it names); the test
counts how many the detector finds within three months. It guards the count the method reached
when it was tuned by documented criteria (never by these dates), and checks the labels where a
landmark is found.
"""

from __future__ import annotations

import pytest

from dyadwatch.cycle.landmarks import check_landmarks
from dyadwatch.study import Study


@pytest.fixture(scope="module")
def result():
    return Study("USA-RUS").stages


def test_landmarks_found_with_sensible_labels(result):
    """The essay's nine landmarks (dyadwatch/data/landmarks/essay_usa_rus.csv)."""
    res = check_landmarks(result)
    found = res.table[res.table["found"]]
    assert len(res.table) == 9
    assert len(found) >= 4, res.summary()
    # where a landmark is found, the stage that begins there is the one the essay implies
    assert found["label_ok"].all(), found[["landmark_id", "stage", "expected"]]
    assert len(result.segments) - 1 <= 2 * len(res.table)


def test_every_turning_point_is_explained(result):
    for seg in result.segments[1:]:
        assert seg.turning_point_events, seg.start
        assert all(e["citation"] for e in seg.turning_point_events)
