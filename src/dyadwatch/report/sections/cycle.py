"""Report sections of the cycle: the ordered five-stage model on the fused measure (its band,
path and stage probabilities), the test of the claim (the model comparison and its verdict),
the change points as the second method, the landmarks per method, the administrations, the
stage now. Every figure's caption names the data source and the method, and every summary is
generated from the numbers.
"""

from __future__ import annotations

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.report.section import Figure, Section
from dyadwatch.stagenames import STAGES

__all__ = ["sections"]

_METHOD_NAMES = {"ordered": "ordered model", "changepoint": "change-point method"}


def sections(study) -> list[Section]:
    """The cycle's report sections (the ordered model, the comparison, the change points, the
    landmarks, the administrations, the stage now)."""
    try:
        model = study.ordered_stages
    except DyadwatchError as exc:
        return [Section(title="The cycle", summary=f"Not shown: {exc.line()}", order=20)]
    sections = [_ordered_section(study, model), _comparison_section(study)]
    try:
        result = study.stages
        index = study.index if study.from_data else None
    except DyadwatchError as exc:
        sections.append(
            Section(title="The change points", summary=f"Not shown: {exc.line()}", order=22)
        )
        return sections
    source = ", ".join(index.sources) if index is not None else study.name
    sections.append(_stages_section(study, result, index, source))
    sections.extend(_landmark_sections(study))
    sections.append(_administrations_section(study.presidents, source))
    sections.append(_now_section(study.now, source, model))
    return sections


def _measure(study) -> tuple[pd.DataFrame, str]:
    """What the ordered model reads, as a frame (``mean``, and ``lo``/``hi`` for the fused
    measure), with a sentence on how it was made."""
    if not study.from_data:
        return study.stage_series.to_frame("mean"), f"{study.name} (a series brought in)"
    fused = study.fused
    dropped = f"; left out (too few observations): {', '.join(fused.dropped_)}" * bool(
        fused.dropped_
    )
    text = (
        f"fused relations measure {study.dyad} (Kalman-smoothed mean and {fused.ci:.0%} band of "
        f"a state-space model with a local {fused.trend_} and one observation equation per "
        f"stream, each with its own intercept, loading and noise, estimated by maximum "
        f"likelihood; streams: {', '.join(fused.used_)}{dropped})"
    )
    return fused.smoothed_, text


def _stage_list(stages) -> str:
    return ", ".join(stages) if stages else "none"


def _ordered_section(study, model) -> Section:
    """The fused measure with its band and the ordered path, the stage probabilities, and the
    change points beside the ordered model (with the kappa of the two)."""
    from dyadwatch.plots.cycle import (
        fused_measure_figure,
        stage_paths_figure,
        stage_probabilities_figure,
    )

    measure, made = _measure(study)
    path, segs, tps = model.path(), model.segments(), model.turning_points()
    seen = set(path)
    kappa = study.method_agreement
    cp = study.stages.to_frame()[["start", "end", "stage"]]
    spans = ", ".join(f"{r.stage} from {r.start}" for r in segs.itertuples())
    summary = (
        f"The ordered five-stage semi-Markov model splits {path.index[0]}–{path.index[-1]} into "
        f"{len(segs)} stages: {spans}. "
        f"Stages that appear: {_stage_list([s for s in STAGES if s in seen])}; "
        f"never the most probable stage: {_stage_list([s for s in STAGES if s not in seen])}. "
        f"Each of the {len(tps)} turning points has a 90% interval from the posterior of a "
        "segment start (table below).\n\n"
        f"The second method, mean-shift change points on the "
        f"{'relations index' if study.from_data else 'series'}, finds "
        f"{len(cp)} stages; month by month the two methods agree with Cohen's kappa "
        f"{kappa:.2f} (1: the same stage every month; 0: no more often than chance)."
    )
    model_text = (
        "Ordered five-stage hidden semi-Markov model (euphoria → pragmatism → disillusionment → "
        "crisis → reset, with the essay's returns; emissions on level and slope; explicit "
        f"durations; own NumPy forward-backward) on the {made}."
    )
    tables = [
        (
            "The ordered model's stages (most probable path; probability: the mean posterior of "
            "the stage over its months).",
            segs,
        ),
        (
            "Turning points of the ordered model with 90% intervals (lo–hi) and the posterior "
            "probability of a change in that interval.",
            tps,
        ),
    ]
    if study.from_data:
        params = study.fused.params_.reset_index()
        keep = ["stream", "kind", "months", "n_events", "intercept", "loading", "loading_se"]
        tables.append(
            (
                "The fused measure's streams: each one's estimated intercept and loading on the "
                "relations state (the chronology's events are the reference: 0 and 1) and its "
                "noise.",
                params[[c for c in [*keep, "noise_sd"] if c in params]],
            )
        )
    figures = [
        Figure(
            fused_measure_figure(measure, path),
            caption=model_text + " Shading: the most probable stage of each month.",
        ),
        Figure(
            stage_probabilities_figure(model.stage_probabilities()),
            caption="Posterior probability of each stage per month (forward-backward of the "
            "same model), stacked: the five areas add up to 1 in every month.",
        ),
        Figure(
            stage_paths_figure({"ordered model": segs, "change points": cp}),
            caption=f"The two methods' stages: the ordered model (top) and the change points on "
            f"the relations index (bottom); Cohen's kappa {kappa:.2f}.",
        ),
    ]
    return Section(
        title="The cycle: the ordered five-stage model on the "
        + ("fused measure" if study.from_data else study.name),
        summary=summary,
        figures=figures,
        tables=tables,
        order=20,
    )


def _comparison_section(study) -> Section:
    """The test of the claim: the model comparison table and its verdict, as computed."""
    c = study.model_comparison
    t = c.table
    best_aic, best_bic = t["aic"].idxmin(), t["bic"].idxmin()
    cfg = c.settings
    summary = (
        f"Verdict: {c.supported}. {c.verdict[0].upper()}{c.verdict[1:]}.\n\n"
        f"Models ranked by held-out log-likelihood in blocked, forward-chaining "
        f"cross-validation ({cfg.get('folds')} folds, each scored on the months after its "
        f"training data): {', '.join(f'{m} {v:.1f}' for m, v in t['cv_loglik'].items())}. "
        f"On fits to the whole series the lowest AIC is {best_aic}'s and the lowest BIC "
        f"{best_bic}'s. The ordered model's settings were chosen by the same held-out "
        f"likelihood, never by landmark hits: longest stage {cfg.get('max_dur')} months, "
        f"{cfg.get('family')} durations."
    )
    return Section(
        title="The test of the claim: does an ordered five-stage cycle fit best?",
        summary=summary,
        tables=[
            (
                "Candidates on the same (level, slope) features: cv_loglik, the held-out "
                "log-likelihood summed over folds (higher is better), cv_per_month per held-out "
                "month; loglik, params, AIC and BIC from fits to the whole series (lower is "
                "better).",
                t.reset_index(),
            )
        ],
        order=21,
    )


def _stages_section(study, result, index, source: str) -> Section:
    """The second method: the index with its change-point stages shaded, the stage table and
    the Gaussian HMM beside it."""
    from dyadwatch.plots.cycle import index_figure

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
    return Section(
        title="The second method: change points and their stages",
        summary=summary + " " + " ".join(result.notes[:2]),
        figures=[
            Figure(
                index_figure(result, index.frame if index is not None else None),
                caption=_index_caption(study, index, source),
            )
        ],
        tables=[("Stages and the events at their turning points.", result.to_frame())],
        order=22,
    )


def _index_caption(study, index, source: str) -> str:
    """What the change-point figure shows: the index (or the series) and the method."""
    if index is None:
        what = f"{study.name} (a series brought in)"
    else:
        what = (
            f"Relations index {study.dyad.upper()} (source: {source}; "
            + (
                "event-impact series, decayed mean Goldstein score, "
                f"half-life {index.half_life:g} months"
                if index.sparse
                else "weighted mean Goldstein score"
            )
            + "; grey band: 90% Poisson-bootstrap interval)"
        )
    return (
        what + ". Shading: stages from mean-shift change points (exact optimal partitioning, "
        "Hannan–Quinn penalty) labelled by level/trend/jump rules; bands on top: US (upper row: "
        "Russian) presidents' terms; labels below: the first chronology event at each turning "
        "point."
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


def _now_section(now, source: str, model) -> Section:
    """The stage now, since when, and the next-stage forecast (by the change points), with the
    ordered model's stage of the newest month beside it."""
    from dyadwatch.plots.cycle import next_stage_figure

    last, probs = model.segments().iloc[-1], model.stage_probabilities().iloc[-1]
    ordered = (
        f"By the change-point method (the stages of the section above). The ordered model puts "
        f"{probs.name} in {last['stage']} (probability {probs[last['stage']]:.2f}) since "
        f"{last['start']}. "
    )

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
            + ordered
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
    """The essay's landmarks per method, and the change points' full test (only for a dyad with
    built-in landmarks)."""
    try:
        res = study.landmarks
    except DyadwatchError:  # no built-in landmarks for this pair
        return []
    per_method = study.landmarks_by_method(tolerance=res.tolerance)
    t = res.table
    cols = ["landmark_id", "month", "until", "expected", "turning_point", "distance_months"]
    cols += ["stage", "shift", "shift_lo", "shift_hi", "p_value", "p_holm", "persistence"]
    frame = t[[*cols, "verdict"]].round(3)
    n = t["landmark_id"].nunique()
    found = per_method.groupby("method", sort=False)[["found", "stage_ok"]].sum()
    by_method = "; ".join(
        f"the {_METHOD_NAMES.get(m, m)} finds {int(r.found)} of {n} (with a stage the essay "
        f"expects there: {int(r.stage_ok)})"
        for m, r in found.iterrows()
    )
    return [
        Section(
            title="The essay's landmarks in the data",
            summary=f"Per method: {by_method}.\n\n" + res.summary() + " " + res.notes[-1],
            tables=[
                (
                    f"Each landmark per method: found when a turning point lies within "
                    f"±{res.tolerance} months of it, the stage beginning there, and whether the "
                    "essay expects that stage (stage_ok).",
                    per_method,
                ),
                (
                    "The change points in detail. Each landmark of the essay: the nearest turning "
                    f"point (months off; found within ±{res.tolerance}), the stage that begins "
                    f"there (essay's stage), the local shift in event scores ({res.window} months "
                    "each side; 90% bootstrap interval; permutation p, Holm-corrected) and the "
                    "largest penalty multiple at which a turning point stays near it. "
                    + " ".join(res.notes[:2]),
                    frame,
                ),
            ],
            order=23,
        )
    ]
