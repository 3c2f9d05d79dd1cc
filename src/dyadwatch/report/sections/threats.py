"""Report sections: the threat register assessed by ACH, and the NATO-enlargement spiral.

The sections do not depend on the report's dyad: ``study`` is ignored.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dyadwatch.report.section import Figure, Section

__all__ = ["sections"]


def sections(study: object = None) -> list[Section]:
    """The register's ACH assessments and the security spiral. ``study`` is ignored."""
    return [register_section(), spiral_section()]


def _register_summary(frame: pd.DataFrame, register: Any) -> str:
    from dyadwatch.api.threats import INCONSISTENCY_POINTS

    n = len(frame)
    counts = frame["label"].replace("", "undecided").value_counts()
    pc_ties = int(
        frame["most_likely"].map(lambda s: set(s.split(";")) == {"perceived", "contrived"}).sum()
    )
    by_conf = frame["confidence"].value_counts()
    items = [e for c in register.claims for e in c.evidence]

    def differs(a: str, b: str) -> int:
        points = INCONSISTENCY_POINTS
        return sum(points[e.ratings[a]] != points[e.ratings[b]] for e in items)

    return (
        f"The register holds {n} threat claims made by the Russian leadership between "
        f"{frame['date'].min()} and {frame['date'].max()}. Scored by ACH, "
        f"{int(counts.get('perceived', 0))} are best read as perceived threats, "
        f"{int(counts.get('real', 0))} as real and {int(counts.get('contrived', 0))} as "
        f"contrived; {int(counts.get('undecided', 0))} stay undecided, {pc_ties} of them between "
        "perceived and contrived. Confidence is high for "
        f"{int(by_conf.get('high', 0))}, moderate for {int(by_conf.get('moderate', 0))} and low "
        f"for {int(by_conf.get('low', 0))} claims (ties have none). Of the {len(items)} rated "
        f"evidence items, {differs('perceived', 'contrived')} separate a perceived from a "
        f"contrived reading (their inconsistency differs) and {differs('real', 'perceived')} "
        f"separate real from perceived; in the {pc_ties} claims tied between perceived and "
        "contrived the evidence weighs equally against both. Discerning the two, as the essay "
        "recommends, needs evidence of what the leadership believes: private statements that "
        "match public ones, costly actions, timing."
    )


def _register_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": frame["date"].astype(str),
            "claim": frame["id"],
            "claimant": frame["claimant"],
            "most likely": frame["most_likely"].str.replace(";", " or ", regex=False),
            "confidence": frame["confidence"],
            "score gap to the next": frame["gap"].map(lambda g: f"{g:g}"),
        }
    )


def register_section() -> Section:
    """The register's claims scored by ACH: a chart of the scores and the table of readings."""
    from dyadwatch.api.threats import assess_register, load_register
    from dyadwatch.plots.threats import register_scores_figure

    frame = assess_register()
    caption = (
        f"ACH inconsistency scores of the {len(frame)} claims in the dyadwatch threat register "
        "(dyadwatch/data/threats/register.yaml; each evidence item cited to a primary or "
        "independent source). Method: Heuer's Analysis of Competing Hypotheses with the PARC "
        "inconsistency score (I = 1, II = 2, weighted by credibility x relevance); the shortest "
        "bar is the most likely hypothesis. Ratings are analytic judgements recorded with a "
        "rationale in the register."
    )
    table_caption = (
        "Register assessments (ACH, most likely hypothesis first). The score gap is the next "
        "hypothesis's score minus the leader's, in weighted inconsistency units (one "
        "full-weight 'inconsistent' rating = 1)."
    )
    return Section(
        title="Threats: real, perceived or contrived",
        summary=_register_summary(frame, load_register()),
        figures=[Figure(register_scores_figure(frame), caption)],
        tables=[(table_caption, _register_table(frame))],
        order=40,
    )


def _spiral_table(model: Any) -> pd.DataFrame:
    s, end = model.summary_, model.end

    def year(y: int | None) -> str:
        return "never" if y is None else str(y)

    rows = [
        ("perception (threat units per member-equivalent of enlargement)", f"{model.perception:g}"),
        ("threshold above which Russia acts (threat units)", f"{model.threshold:g}"),
        ("first year of Russian action", year(s["first_russian_action"])),
        ("first year of NATO forward posture in the model", year(s["first_real_threat"])),
        (f"real threat in {end} (threat units)", f"{s[f'real_threat_{end}']:.2f}"),
        (
            f"threat perceived in Moscow in {end} (threat units)",
            f"{s[f'perceived_threat_{end}']:.2f}",
        ),
        (
            "loop gain (persistence + aggressiveness x response; 1 or more explodes)",
            f"{s['loop_gain']:g}",
        ),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value"])


def _spiral_summary(model: Any, base: Any) -> str:
    s, end = model.summary_, model.end
    real = s[f"real_threat_{end}"]
    return (
        f"If Moscow reads institutional enlargement as a threat (perception {model.perception:g}),"
        f" the model's Russia first acts in {s['first_russian_action']}, NATO answers with "
        f"forward forces from {s['first_real_threat']}, and by {end} the real threat stands at "
        f"{real:.2f} threat units, {real / model.threshold:.1f} times the threshold of "
        f"{model.threshold:g} above which the model's Russia acts (one threat unit is what "
        "Moscow reads into one new member at perception 1; the scale is the model's, not a "
        "measurement). Without that perception the same enlargement dates produce no Russian "
        "action, no NATO deployment and a real threat of "
        f"{base.summary_[f'real_threat_{end}']:.2f}: in the model the threat becomes real "
        "only through the perception, which is the essay's paradox. The model's timing is not "
        "fitted: NATO's actual forward deployments began after 2014."
    )


def spiral_section() -> Section:
    """The spiral with and without Russia's perception of enlargement."""
    from dyadwatch.api.threats import SecuritySpiral, load_nato_events
    from dyadwatch.plots.threats import spiral_figure

    events = load_nato_events()
    model = SecuritySpiral().fit(events)
    base = SecuritySpiral(perception=0.0).fit(events)
    caption = (
        "Security-spiral model [Jervis 1976, 1978] driven by the dates and sizes of NATO's "
        "enlargement rounds (grey dotted lines; dyadwatch/data/threats/nato_events.csv, cited "
        "to NATO and US documents). Green dotted lines mark NATO's observed deployment "
        "decisions (Wales 2014, Warsaw 2016, Brussels and Madrid 2022, Washington 2024) for "
        "comparison; they are not model inputs. Threats are in the model's threat units (one "
        "unit: one new member read at perception 1). Parameters are modelling assumptions "
        f"(perception {model.perception:g}, memory {model.memory:g}, threshold "
        f"{model.threshold:g}, aggressiveness {model.aggressiveness:g}, response "
        f"{model.response:g}, persistence {model.persistence:g}), not estimates."
    )
    return Section(
        title="The NATO-enlargement paradox: a security spiral",
        summary=_spiral_summary(model, base),
        figures=[Figure(spiral_figure(model.trajectory_, base.trajectory_, events), caption)],
        tables=[("Spiral summary (with perception)", _spiral_table(model))],
        order=41,
    )
