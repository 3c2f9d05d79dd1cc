"""Report sections of the cycle: the index with its stages, the landmarks, the administrations,
the stage now. Every figure's caption names the data source and the method, and every summary
is generated from the numbers.
"""

from __future__ import annotations

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.report.section import Figure, Section

__all__ = ["sections"]


def sections(study) -> list[Section]:
    """The cycle's report sections (index and stages, landmarks, administrations, the stage now)."""
    try:
        result = study.stages
        index = study.index
    except DyadwatchError as exc:
        return [Section(title="The cycle", summary=f"Not shown: {exc.line()}", order=20)]
    source = ", ".join(index.sources)
    sections = [_stages_section(study, result, index, source)]
    sections.extend(_landmark_sections(study))
    sections.append(_administrations_section(study.presidents, source))
    sections.append(_now_section(study.now, source))
    return sections


def _stages_section(study, result, index, source: str) -> Section:
    """The index with its stages shaded, the stage table and the HMM agreement."""
    from dyadwatch.cycle.stages import segments_frame
    from dyadwatch.plots.cycle import index_figure

    dyad = study.dyad
    segs = result.segments
    a = result.agreement
    spans = ", ".join(f"{s.stage} from {s.start}" for s in segs)
    summary = (
        f"{len(segs) - 1} turning points split {result.series.index[0]}–{result.series.index[-1]} "
        f"into {len(segs)} stages: {spans}. "
        f"{sum(1 for s in segs[1:] if s.support == 'strong')} turning points also survive the "
        "stricter BIC penalty. "
        + (
            f"A Gaussian HMM run beside it gives the same stage in {a['label_agreement']:.0%} of "
            f"months (kappa {a['label_kappa']:.2f})."
            if a
            else ""
        )
    )
    caption = (
        f"Relations index {dyad.upper()} (source: {source}; "
        + (
            "event-impact series, decayed mean Goldstein score, "
            f"half-life {index.half_life:g} months"
            if index.sparse
            else "weighted mean Goldstein score"
        )
        + "; grey band: 90% Poisson-bootstrap interval). Shading: stages from mean-shift change "
        "points (exact optimal partitioning, Hannan–Quinn penalty) labelled by level/trend/jump "
        "rules; bands on top: US (upper row: Russian) presidents' terms; labels below: the first "
        "chronology event at each turning point."
    )
    return Section(
        title="The cycle: relations index and its stages",
        summary=summary + " " + " ".join(result.notes[:2]),
        figures=[Figure(index_figure(result, index.frame), caption=caption)],
        tables=[("Stages and the events at their turning points.", segments_frame(segs))],
        order=20,
    )


def _administrations_section(table: pd.DataFrame, source: str) -> Section:
    """Stages during each president's term, with the reset attempts and their half-lives."""
    resets = table.dropna(subset=["reset_date"])
    return Section(
        title="Stages by administration",
        summary=(
            f"Reset stages begin in {len(resets)} of {len(table)} presidential terms"
            + (
                ": "
                + "; ".join(
                    f"{r.president} ({r.reset_date}, half-life "
                    + (
                        f"{r.half_life_months:.0f} months"
                        if pd.notna(r.half_life_months)
                        else r.half_life_note
                    )
                    + ")"
                    for r in resets.itertuples()
                )
                if len(resets)
                else ""
            )
            + "."
        ),
        tables=[
            (
                "Stages during each president's term (months in each), the reset attempt, its "
                "peak index value and half-life (months to fall half way back to the pre-reset "
                f"level). Source: {source}; leaders table.",
                table,
            )
        ],
        order=25,
    )


def _now_section(now, source: str) -> Section:
    """The stage now, since when, and the next-stage forecast."""
    from dyadwatch.plots.cycle import next_stage_figure

    f = now.forecast
    order = sorted(f.next_stage, key=lambda s: -f.next_stage[s])
    fig = next_stage_figure(now)
    return Section(
        title="The stage now and what comes next",
        summary=(
            f"As of {now.as_of} (newest event {now.newest_event}, {now.age_days} days old), "
            f"the relationship has been in {now.stage} since {now.since} "
            f"({now.months_in_stage} months; label confidence {now.confidence:.2f}). "
            f"P(turning point within {f.horizon} months) = {f.p_turn:.2f} "
            f"(90% interval {f.p_turn_interval[0]:.2f}–{f.p_turn_interval[1]:.2f}); "
            "if it turns, "
            f"the most likely next stage is {order[0]} ({f.next_stage[order[0]]:.2f}). "
            + " ".join(now.caveats)
        ),
        figures=[
            Figure(
                fig,
                caption=(
                    f"Next-stage probabilities from {now.stage}: posterior means and 90% "
                    "intervals of a Dirichlet(0.5)-smoothed empirical transition matrix of the "
                    f"stages above (source: {source})."
                ),
            )
        ],
        tables=[
            ("The stage now.", pd.DataFrame(list(now.summary().items()), columns=["", "value"]))
        ],
        order=30,
    )


def _landmark_sections(study) -> list[Section]:
    """The essay's landmarks against the turning points (only for a dyad with landmarks)."""
    from dyadwatch.sources.landmarks import builtin_landmarks

    if not builtin_landmarks(study.dyad):
        return []
    res = study.landmarks
    t = res.table
    cols = ["landmark_id", "month", "until", "expected", "turning_point", "distance_months"]
    cols += ["stage", "shift", "shift_lo", "shift_hi", "p_value", "p_holm", "persistence"]
    frame = t[[*cols, "verdict"]].round(3)
    return [
        Section(
            title="The essay's landmarks in the data",
            summary=res.summary() + " " + res.notes[-1],
            tables=[
                (
                    "Each landmark of the essay: the nearest turning point (months off; found "
                    f"within ±{res.tolerance}), the stage that begins there (essay's stage), "
                    f"the local shift in event scores ({res.window} months each side; 90% "
                    "bootstrap interval; permutation p, Holm-corrected) and the largest penalty "
                    "multiple at which a turning point stays near it. " + " ".join(res.notes[:2]),
                    frame,
                )
            ],
            order=22,
        )
    ]
