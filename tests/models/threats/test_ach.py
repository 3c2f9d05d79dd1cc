"""ACH engine: hand-computed matrices, weights, II, diagnosticity, sensitivity, confidence."""

from __future__ import annotations

import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.threats import ACH, Claim, Evidence, inconsistency_scores

H3 = ("H1", "H2", "H3")


def ev(eid: str, weight: float = 1.0, **ratings: str) -> Evidence:
    return Evidence(id=eid, text=eid, ratings=ratings, weight=weight)


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


def test_estimator_contract():
    hyps = ["A", "B"]
    thresholds = (0.5, 2.0)
    ach = ACH(hyps, gap_thresholds=thresholds)
    assert ach.hypotheses is hyps and ach.gap_thresholds is thresholds
    before = set(vars(ach))
    assert ach.fit((ev("a", A="C", B="I"),)) is ach
    learned = set(vars(ach)) - before
    assert learned and all(name.endswith("_") for name in learned), sorted(learned)
    assert ach.hypotheses is hyps
