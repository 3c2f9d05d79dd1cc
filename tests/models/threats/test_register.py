"""The shipped register, assessed claim by claim."""

from __future__ import annotations

from dyadwatch.models.threats import assess_register


def test_register_assessment_covers_every_claim():
    frame = assess_register()
    assert len(frame) >= 30
    assert set(frame["confidence"]) <= {"none", "low", "moderate", "high"}
    decided = frame[frame["label"] != ""]
    assert set(decided["label"]) <= {"real", "perceived", "contrived"}
    # the labels used by `threats discern` include both genuinely held and contrived threats
    assert {"contrived"} & set(decided["label"]) and {"real", "perceived"} & set(decided["label"])
