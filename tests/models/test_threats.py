"""ACH engine: hand-computed matrices, weights, II, diagnosticity, sensitivity, confidence."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.threats import (
    ACH,
    RATINGS,
    Claim,
    Evidence,
    assess_register,
    diagnosticity,
    inconsistency_scores,
    parse_claim,
    rank_tiers,
    report_sections,
)

H3 = ("H1", "H2", "H3")


def ev(eid: str, weight: float = 1.0, **ratings: str) -> Evidence:
    return Evidence(id=eid, text=eid, ratings=ratings, weight=weight)


# A matrix scored by hand:
#              w     H1   H2   H3      points (H1, H2, H3)   weighted
#   e1         1     C    I    II      0, 1, 2               0, 1, 2
#   e2         2     I    C    N       1, 0, 0               2, 0, 0
#   e3         0.5   II   NA   CC      2, 0, 0               1, 0, 0
#   e4         1     CC   C    N       0, 0, 0               0, 0, 0
#   score                                                    3, 1, 2
HAND = (
    ev("e1", 1.0, H1="C", H2="I", H3="II"),
    ev("e2", 2.0, H1="I", H2="C", H3="N"),
    ev("e3", 0.5, H1="II", H2="NA", H3="CC"),
    ev("e4", 1.0, H1="CC", H2="C", H3="N"),
)


def test_hand_computed_scores_with_weights_and_ii():
    assert inconsistency_scores(HAND, H3) == {"H1": 3.0, "H2": 1.0, "H3": 2.0}
    ach = ACH(H3).fit(HAND)
    assert ach.ranking_ == ["H2", "H3", "H1"]
    assert ach.tiers_ == [["H2"], ["H3"], ["H1"]]


def test_hand_computed_diagnosticity():
    ach = ACH(H3).fit(HAND)
    # e1: 1 x (2 - 0); e2: 2 x (1 - 0); e3: 0.5 x (2 - 0) over H1, H3 (H2 is NA); e4: none.
    assert ach.diagnosticity_ == {"e1": 2.0, "e2": 2.0, "e3": 1.0, "e4": 0.0}


def test_item_consistent_with_everything_has_no_diagnosticity():
    assert diagnosticity(ev("x", 3.0, H1="CC", H2="C", H3="N"), H3) == 0.0
    assert diagnosticity(ev("y", 1.0, H1="I", H2="I", H3="I"), H3) == 0.0
    assert diagnosticity(ev("z", 1.0, H1="II", H2="NA", H3="NA"), H3) == 0.0


def test_hand_computed_sensitivity_and_fragility_cap():
    ach = ACH(H3).fit(HAND)
    by_id = {s["dropped"]: s for s in ach.sensitivity_}
    # Dropping e1 leaves H1 = 3, H2 = 0, H3 = 0: H2 and H3 tie at the top.
    assert by_id["e1"]["scores"] == {"H1": 3.0, "H2": 0.0, "H3": 0.0}
    assert by_id["e1"]["top_changed"] and by_id["e1"]["ranking_changed"]
    # Dropping e2 leaves H1 = 1, H2 = 1, H3 = 2: the order changes, H1 joins the top.
    assert by_id["e2"]["scores"] == {"H1": 1.0, "H2": 1.0, "H3": 2.0}
    assert by_id["e2"]["top_changed"]
    # Dropping e3 (H1 3 -> 2: ties with H3) changes the ranking but not the top.
    assert by_id["e3"]["ranking_changed"] and not by_id["e3"]["top_changed"]
    # e4 is not diagnostic: dropping it changes nothing.
    assert not by_id["e4"]["ranking_changed"]
    c = ach.conclusion_
    assert c["most_likely"] == ["H2"]
    assert c["gap"] == 1.0  # moderate by the gap alone ...
    assert c["critical_evidence"] == ["e1", "e2"]
    assert c["confidence"] == "low"  # ... capped at low because the top is fragile
    assert not c["robust"]


def test_dropping_one_item_flips_the_ranking():
    # A: one I (score 1). B: one II (score 2). A leads; without e2, B leads.
    items = (ev("e1", A="I", B="C"), ev("e2", A="C", B="II"))
    ach = ACH(("A", "B")).fit(items)
    assert ach.ranking_ == ["A", "B"]
    by_id = {s["dropped"]: s for s in ach.sensitivity_}
    assert by_id["e2"]["ranking"] == ["B", "A"]
    assert by_id["e2"]["top_changed"] and by_id["e2"]["ranking_changed"]
    assert by_id["e1"]["ranking"] == ["A", "B"] and not by_id["e1"]["ranking_changed"]
    assert ach.conclusion_["critical_evidence"] == ["e2"]


@pytest.mark.parametrize(
    ("items", "confidence", "gap"),
    [
        # gap 4, robust (dropping any one item leaves B behind): high
        ((ev("a", A="C", B="II"), ev("b", A="C", B="I"), ev("c", A="N", B="I")), "high", 4.0),
        # gap 2 from two items, robust: moderate
        ((ev("a", A="C", B="I"), ev("b", A="C", B="I")), "moderate", 2.0),
        # gap 0.5 (a half-weight I): low
        ((ev("a", 0.5, A="C", B="I"), ev("b", A="C", B="C")), "low", 0.5),
        # tie: none
        ((ev("a", A="I", B="I"),), "none", 0.0),
    ],
)
def test_confidence_rule(items, confidence, gap):
    ach = ACH(("A", "B")).fit(items)
    assert ach.conclusion_["confidence"] == confidence
    assert ach.conclusion_["gap"] == pytest.approx(gap)


def test_tie_is_undecided():
    ach = ACH(H3).fit((ev("e1", H1="II", H2="C", H3="C"),))
    assert ach.tiers_ == [["H2", "H3"], ["H1"]]
    assert ach.ranking_ == ["H2", "H3", "H1"]
    assert ach.conclusion_["most_likely"] == ["H2", "H3"]
    assert "undecided" in ach.conclusion_["text"]


def test_custom_thresholds():
    items = (ev("a", A="C", B="I"), ev("b", A="C", B="I"))
    assert ACH(("A", "B"), gap_thresholds=(0.5, 2.0)).fit(items).conclusion_["confidence"] == (
        "high"
    )
    with pytest.raises(DyadwatchError):
        ACH(("A", "B"), gap_thresholds=(3.0, 1.0)).fit(items)


def test_any_hypotheses_via_claim():
    claim = Claim(
        claim="x", hypotheses=("bluff", "resolve"), evidence=(ev("e", bluff="II", resolve="C"),)
    )
    assert ACH().fit(claim).ranking_ == ["resolve", "bluff"]


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ((ev("e", H1="C", H2="C"),), "no rating for hypothesis 'H3'"),
        ((ev("e", H1="C", H2="C", H3="C", H4="I"),), "unknown hypothesis 'H4'"),
        ((ev("e", H1="X", H2="C", H3="C"),), "unknown rating 'X'"),
        ((ev("e", H1="C", H2="C", H3="C"), ev("e", H1="C", H2="C", H3="C")), "duplicate"),
        ((ev("e", -1.0, H1="C", H2="C", H3="C"),), "weight"),
        ((), "no evidence"),
    ],
)
def test_python_matrix_validation(items, message):
    with pytest.raises(DyadwatchError, match=message):
        ACH(H3).fit(items)


def test_parse_claim_weight_from_credibility_and_relevance():
    claim = parse_claim(
        {
            "claim": "c",
            "evidence": [
                {
                    "id": "e1",
                    "credibility": 0.5,
                    "relevance": 0.5,
                    "ratings": {"real": "i", "perceived": "C", "contrived": "C"},
                }
            ],
        }
    )
    assert claim.evidence[0].weight == 0.25
    assert claim.evidence[0].ratings["real"] == "I"  # ratings are case-insensitive


def test_parse_claim_rejects_weight_and_credibility_together():
    with pytest.raises(DyadwatchError, match="not both"):
        parse_claim(
            {
                "claim": "c",
                "evidence": [
                    {
                        "id": "e1",
                        "weight": 1,
                        "credibility": 0.5,
                        "ratings": {"real": "C", "perceived": "C", "contrived": "C"},
                    }
                ],
            }
        )


# ------------------------------------------------------------------------ properties

rating = st.sampled_from(RATINGS)
matrices = st.lists(st.tuples(st.floats(0.1, 5.0), rating, rating, rating), min_size=1, max_size=8)


def build(rows):
    return tuple(ev(f"e{i}", w, H1=a, H2=b, H3=c) for i, (w, a, b, c) in enumerate(rows))


@settings(max_examples=200, deadline=None)
@given(matrices)
def test_scores_match_definition_and_ranking_is_sorted(rows):
    items = build(rows)
    ach = ACH(H3).fit(items)
    points = {"CC": 0, "C": 0, "N": 0, "I": 1, "II": 2, "NA": 0}
    for j, h in enumerate(H3):
        expected = sum(w * points[r[j]] for w, *r in rows)
        assert math.isclose(ach.scores_[h], expected, abs_tol=1e-9)
    scores = [ach.scores_[h] for h in ach.ranking_]
    assert scores == sorted(scores)
    for s in ach.sensitivity_:
        assert not s["top_changed"] or s["ranking_changed"]
    for e in items:
        assert 0.0 <= ach.diagnosticity_[e.id] <= 2 * e.weight + 1e-12


@settings(max_examples=100, deadline=None)
@given(matrices, st.floats(0.1, 10.0))
def test_scaling_weights_scales_scores_keeps_ranking(rows, k):
    base = ACH(H3).fit(build(rows))
    scaled = ACH(H3).fit(build([(w * k, a, b, c) for w, a, b, c in rows]))
    for h in H3:
        assert math.isclose(scaled.scores_[h], k * base.scores_[h], rel_tol=1e-9, abs_tol=1e-9)
    assert [set(t) for t in rank_tiers(scaled.scores_, H3)] == [
        set(t) for t in rank_tiers(base.scores_, H3)
    ]


@settings(max_examples=100, deadline=None)
@given(matrices, st.sampled_from(["CC", "C", "N", "NA"]), st.sampled_from(["CC", "C", "N"]))
def test_non_diagnostic_item_changes_nothing(rows, r1, r2):
    base = ACH(H3).fit(build(rows))
    extra = build(rows) + (ev("extra", 2.0, H1=r1, H2=r2, H3=r2),)
    more = ACH(H3).fit(extra)
    assert more.scores_ == base.scores_
    assert more.diagnosticity_["extra"] == 0.0
    assert more.conclusion_["most_likely"] == base.conclusion_["most_likely"]


# ------------------------------------------------------------------------ register & report


def test_register_assessment_covers_every_claim():
    frame = assess_register()
    assert len(frame) >= 30
    assert set(frame["confidence"]) <= {"none", "low", "moderate", "high"}
    decided = frame[frame["label"] != ""]
    assert set(decided["label"]) <= {"real", "perceived", "contrived"}
    # the labels used by `threats discern` include both genuinely held and contrived threats
    assert {"contrived"} & set(decided["label"]) and {"real", "perceived"} & set(decided["label"])


def test_report_sections_have_captioned_figures():
    sections = report_sections()
    assert len(sections) == 2
    for section in sections:
        assert section.title and section.summary
        assert section.figures and all(f.caption for f in section.figures)
    assert "register.yaml" in sections[0].figures[0].caption
    assert "nato_events.csv" in sections[1].figures[0].caption
    n = len(assess_register())
    assert f"{n} threat claims" in sections[0].summary


def test_control_characters_in_a_claim_file_are_one_clear_line():
    from dyadwatch.errors import DyadwatchError
    from dyadwatch.models.threats import (
        _read_yaml,
        parse_claim,  # noqa: F401
    )

    with pytest.raises(DyadwatchError) as info:
        _read_yaml("claim: \x1f", "bad.yaml")
    assert "\n" not in str(info.value) and "unacceptable character" in str(info.value)
