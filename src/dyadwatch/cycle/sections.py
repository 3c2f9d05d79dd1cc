"""Report sections of the cycle: the index with its stages, the administrations, the stage now.

``report_sections(dyad=..., db=...)`` is what ``dyadwatch report`` calls; every figure's caption
names the data source and the method, and every summary is generated from the numbers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["report_sections", "index_figure", "STAGE_COLOURS"]

STAGE_COLOURS = {
    "euphoria": "rgba(46, 139, 87, 0.22)",
    "pragmatism": "rgba(70, 130, 180, 0.20)",
    "disillusionment": "rgba(218, 165, 32, 0.25)",
    "crisis": "rgba(178, 34, 34, 0.22)",
    "reset": "rgba(147, 112, 219, 0.25)",
}


def index_figure(result, index_frame: pd.DataFrame | None = None):
    """The index line (with its interval when given), stages shaded, presidents' terms as bands
    along the top, and the first event at each turning point annotated."""
    import plotly.graph_objects as go

    from dyadwatch.leaders import leaders

    series = result.series
    x = series.index.to_timestamp()
    fig = go.Figure()
    if index_frame is not None and "impact_lo" in index_frame.columns:
        frame = index_frame.set_index(pd.to_datetime(index_frame["period_start"])).reindex(x)
        fig.add_trace(
            go.Scatter(
                x=list(x) + list(x[::-1]),
                y=list(frame["impact_hi"]) + list(frame["impact_lo"][::-1]),
                fill="toself",
                fillcolor="rgba(0,0,0,0.08)",
                line={"width": 0},
                name="90% interval",
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(x=x, y=series.to_numpy(), name="relations index", line={"color": "black"})
    )
    top = float(series.max()) + 1.0
    for seg in result.segments:
        fig.add_vrect(
            x0=seg.start.start_time,
            x1=seg.end.end_time,
            fillcolor=STAGE_COLOURS[seg.stage],
            line_width=0,
            layer="below",
        )
        fig.add_annotation(
            x=seg.start.start_time + (seg.end.end_time - seg.start.start_time) / 2,
            y=top,
            text=seg.stage,
            showarrow=False,
            font={"size": 10},
        )
    for k, seg in enumerate(result.segments[1:]):
        if not seg.turning_point_events:
            continue
        ev = seg.turning_point_events[0]
        fig.add_annotation(
            x=seg.start.start_time,
            y=float(series.min()) - 0.5 - (k % 3) * 0.7,
            text=f"{seg.start}: {ev['description'][:48]}…",
            hovertext=" | ".join(
                f"{e['date']} {e['description']}" for e in seg.turning_point_events
            ),
            showarrow=False,
            font={"size": 9},
            xanchor="left",
        )
    colours = ("rgba(30,60,150,0.35)", "rgba(200,60,30,0.35)")
    for row, country in enumerate(("USA", "RUS")):
        for i, term in enumerate(leaders(country, "President").itertuples()):
            start = pd.Timestamp(term.start)
            end = pd.Timestamp(term.end) if term.end else x[-1]
            if end < x[0] or start > x[-1]:
                continue
            y0 = top + 0.6 + row * 0.6
            fig.add_shape(
                type="rect",
                x0=max(start, x[0]),
                x1=min(end, x[-1]),
                y0=y0,
                y1=y0 + 0.45,
                fillcolor=colours[i % 2] if country == "USA" else colours[(i + 1) % 2],
                line_width=0,
            )
            fig.add_annotation(
                x=max(start, x[0]) + (min(end, x[-1]) - max(start, x[0])) / 2,
                y=y0 + 0.22,
                text=term.name.split()[-1],
                showarrow=False,
                font={"size": 9},
            )
    fig.update_layout(
        height=520,
        yaxis_title="index (Goldstein scale)",
        showlegend=True,
        margin={"t": 30},
    )
    return fig


def report_sections(dyad: str = "USA-RUS", db: str | Path | None = None) -> list:
    """The cycle's report sections (index and stages, administrations, the stage now)."""
    import plotly.graph_objects as go

    from dyadwatch.cycle.now import now_from
    from dyadwatch.cycle.presidents import administrations
    from dyadwatch.cycle.stages import segments_frame, stages
    from dyadwatch.errors import DyadwatchError
    from dyadwatch.measures.index import relations_index
    from dyadwatch.report.section import Figure, Section

    try:
        result = stages(dyad, db=db)
        index = relations_index(dyad, db=db, n_boot=200)
    except DyadwatchError as exc:
        return [Section(title="The cycle", summary=f"Not shown: {exc.line()}", order=20)]
    source = ", ".join(index.sources)
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
    sections = [
        Section(
            title="The cycle: relations index and its stages",
            summary=summary + " " + " ".join(result.notes[:2]),
            figures=[Figure(index_figure(result, index.frame), caption=caption)],
            tables=[("Stages and the events at their turning points.", segments_frame(segs))],
            order=20,
        )
    ]
    sections.extend(_landmark_sections(result, dyad))
    table = administrations(result)
    resets = table.dropna(subset=["reset_date"])
    sections.append(
        Section(
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
    )
    now = now_from(result)
    f = now.forecast
    order = sorted(f.next_stage, key=lambda s: -f.next_stage[s])
    fig = go.Figure(
        go.Bar(
            x=order,
            y=[f.next_stage[s] for s in order],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [f.next_stage_interval[s][1] - f.next_stage[s] for s in order],
                "arrayminus": [f.next_stage[s] - f.next_stage_interval[s][0] for s in order],
            },
        )
    )
    fig.update_layout(height=320, yaxis_title="P(next stage | a turning point)")
    sections.append(
        Section(
            title="The stage now and what comes next",
            summary=(
                f"The relationship has been in {now.stage} since {now.since} "
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
    )
    return sections


def _landmark_sections(result, dyad: str) -> list:
    """The essay's landmarks against the turning points (only for a dyad with landmarks)."""
    from dyadwatch.cycle.landmarks import check_landmarks, load_landmarks
    from dyadwatch.errors import DyadwatchError
    from dyadwatch.report.section import Section

    try:
        landmarks = load_landmarks(dyad=dyad)
    except DyadwatchError:
        return []
    res = check_landmarks(result, landmarks)
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
