"""ACH scoring: diagnosticity by hand, and properties of scores and tiers on random matrices."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from dyadwatch.models.threats import ACH, RATINGS, Evidence, diagnosticity, rank_tiers

H3 = ("H1", "H2", "H3")


def ev(eid: str, weight: float = 1.0, **ratings: str) -> Evidence:
    return Evidence(id=eid, text=eid, ratings=ratings, weight=weight)


def test_item_consistent_with_everything_has_no_diagnosticity():
    assert diagnosticity(ev("x", 3.0, H1="CC", H2="C", H3="N"), H3) == 0.0
    assert diagnosticity(ev("y", 1.0, H1="I", H2="I", H3="I"), H3) == 0.0
    assert diagnosticity(ev("z", 1.0, H1="II", H2="NA", H3="NA"), H3) == 0.0


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
