"""Report section: structure or personality? The test on each measure, Park's comparison, and
the relations index's timing, honeymoon and variance shares.

Every number comes from the study (``Study.structure_summary`` and ``Study.structure``); the
verdicts are the ones the data give under the rules fixed in advance.
"""

from __future__ import annotations

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.leaders import transitions as leader_changes
from dyadwatch.report.numbers import human
from dyadwatch.report.section import Figure, Section

__all__ = ["sections"]

TITLE = "Structure or personality?"


def sections(study) -> list[Section]:
    """The per-measure test with Park's comparison, then the index's older analysis."""
    try:
        summary = study.structure_summary
    except DyadwatchError as exc:
        return [Section(title=TITLE, summary=f"Not shown: {exc.line()}", order=30)]
    return [_per_measure(study, summary), *_index_detail(study, summary)]


def _transitions() -> list[str]:
    """The leader changes the tests use: new US and Russian presidents (leaders table)."""
    return sorted(str(d)[:10] for c in ("USA", "RUS") for d in leader_changes(c)["date"])


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _measure_table(tests) -> pd.DataFrame:
    rows = []
    for t in tests.values():
        tl, ts, h, shift = t.timing_leaders, t.timing_structural, t.heldout, t.level_shift
        rows.append(
            {
                "measure": t.measure,
                "span": f"{t.start}–{t.end} ({t.n} {t.freq}s)",
                "breaks": len(t.breaks),
                "held-out log density: leaders": f"{h.lpd['personality']:.3f}",
                "held-out log density: structure": f"{h.lpd['structure']:.3f}",
                "leaders − structure (se)": f"{h.difference:+.3f} ({h.se:.3f})",
                "term levels add R² (p)": f"{shift.r2_gain:.1%} ({_p(shift.p_value)})",
                "near a leader change (chance, p)": (
                    f"{tl.observed} ({tl.expected:.1f}, {_p(tl.p_value)})"
                ),
                "near a structural event (chance, p)": (
                    f"{ts.observed} ({ts.expected:.1f}, {_p(ts.p_value)})"
                ),
                "verdict": t.verdict,
            }
        )
    return pd.DataFrame(rows)


def _park_table(park) -> pd.DataFrame:
    frame = park.table().rename(
        columns={
            "r2": "in-sample R²",
            "bic": "BIC",
            "lpd_blocked": "held-out log density (h-block)",
            "lpd_rolling": "held-out log density (rolling origin)",
        }
    )
    digits = {"BIC": 1}
    for col in frame.columns[2:]:
        frame[col] = [f"{v:.{digits.get(col, 3)}f}" for v in frame[col]]
    return frame


def _what_it_says(tests, park) -> str:
    """What the verdicts add up to, in words chosen by the verdicts themselves."""
    verdicts = {t.verdict for t in tests.values()} | ({park.verdict} if park else set())
    if verdicts == {"undecided"}:
        return (
            "No test decides: on no measure, and not in Park's comparison, does either model "
            "predict held-out periods better by more than two standard errors with the other "
            "checks agreeing. The data neither support nor refute the essay's claim that "
            "structure outweighs the presidents; they do not single out the presidents either."
        )
    if verdicts <= {"structure", "undecided"}:
        return "Where a test decides, it decides for structure, as the essay argues."
    if verdicts <= {"personality", "leaders", "undecided"}:
        return "Where a test decides, it decides for the presidents, against the essay."
    return "The tests that decide disagree: some favour structure, some the presidents."


def _per_measure(study, summary) -> Section:
    from dyadwatch.plots.structure import measure_series, measures_figure, robustness_line

    measures, inputs, park = summary["measures"], summary["inputs"], summary["park"]
    tests = measures["tests"]
    first = next(iter(tests.values()))
    hypotheses = "Stated before the test. " + "; ".join(first.hypotheses.values()) + "."
    paragraphs = [robustness_line(tests) + " " + _what_it_says(tests, park), hypotheses]
    paragraphs += [t.text for t in tests.values()]
    paragraphs.append(park.text if park is not None else "Park comparison: not run (no events).")
    if measures["notes"]:
        paragraphs.append("Notes: " + " ".join(measures["notes"]))
    series = measure_series(
        tests,
        index=study.series,
        unga=study.unga if "kappa" in tests else None,
        ideal_distance=inputs["ideal_distance"],
        capabilities=inputs["capabilities"],
        dyad="-".join(study.pair.actors),
    )
    register = [str(d)[:10] for d in measures["register"]["date"]]
    figure = measures_figure(
        series,
        {k: t.breaks for k, t in tests.items()},
        transitions=_transitions(),
        structural=register,
    )
    windows = ", ".join(
        sorted(
            {
                f"±{t.timing_leaders.window} {t.freq}s"
                if t.timing_leaders.window
                else f"the same {t.freq}"
                for t in tests.values()
            },
            reverse=True,
        )
    )
    caption = (
        "Each structural measure over the span its test used, at its own frequency: the "
        f"{study.name} (monthly), UNGA Cohen's kappa and ideal-point "
        "distance (yearly; shading: 95% interval), the US/Russia CINC ratio (COW NMC, yearly). "
        "Red: breaks found by the stages' change-point detector; blue, dashed: new US and "
        f"Russian presidents; grey: the {len(register)} events of the structural-events "
        "register (NATO enlargement rounds, Georgia 2008, Crimea 2014, the 2022 invasion)."
    )
    tables = [
        (
            "Per measure: held-out log density per period (h-block cross-validation; higher "
            "predicts better) of H-personality (a level per administration) and H-structure "
            "(steps at the register's events, the honeymoon, a trend), their difference with its "
            "standard error; the R² that term levels add to H-structure (block permutation); "
            f"breaks near an event (within {windows}: the coincidence window in whole periods of "
            "each measure) against the count chance expects (exact rotation test).",
            _measure_table(tests),
        )
    ]
    if park is not None:
        tables.append(
            (
                f"Park (2010) design on yearly means {park.start}–{park.end}: leader fixed effects "
                f"against {', '.join(park.covariates)} and steps at {len(park.breaks)} structural "
                "events, by held-out log density (in-sample R² and BIC shown, not deciding). "
                f"Verdict: {park.verdict}.",
                _park_table(park),
            )
        )
    return Section(
        title=f"{TITLE} The test on each measure",
        summary="\n\n".join(paragraphs),
        figures=[Figure(figure, caption=caption)],
        tables=tables,
        order=30,
    )


def _index_detail(study, summary) -> list[Section]:
    """The relations index alone: timing, honeymoon with HAC errors, Shapley variance shares."""
    from dyadwatch.plots.structure import timing_figure

    try:
        res = study.structure
    except DyadwatchError as exc:
        return [Section(title=f"{TITLE} The index in detail", summary=f"Not shown: {exc.line()}")]
    register = [str(pd.Period(d, freq="M")) for d in summary["measures"]["register"]["date"]]
    transitions = [pd.Period(d, freq="M") for d in _transitions()]
    h, d = res.honeymoon, res.decomposition
    tl, ts = res.timing_leaders, res.timing_structural
    figures = pd.DataFrame(
        [
            (
                "turning points near a leader change",
                f"{tl.observed} (chance {tl.expected:.1f})",
                _p(tl.p_value),
            ),
            (
                "turning points near a structural event",
                f"{ts.observed} (chance {ts.expected:.1f})",
                _p(ts.p_value),
            ),
            (
                "new-president bump",
                f"{h.effect:+.2f} [{h.effect_ci[0]:+.2f}, {h.effect_ci[1]:+.2f}]",
                human(h.p_value),
            ),
            (
                "bump half-life, months",
                f"{h.half_life_months:.0f} [{h.half_life_ci[0]:.0f}, {h.half_life_ci[1]:.0f}]",
                "",
            ),
            ("variance share: administrations", f"{d.share_leaders:.0%}", _p(d.p_value_leaders)),
            ("variance share: structural covariates", f"{d.share_structural:.0%}", ""),
            ("variance share: trend", f"{d.share_trend:.0%}", ""),
        ],
        columns=["figure", "value [95% CI]", "p-value"],
    )
    caption = (
        f"{study.name} with its turning points (red), US and Russian presidential changes "
        f"(blue, dashed) and the structural-events register (grey). Timing p-values: exact "
        f"circular-shift test, window ±{tl.window} months."
    )
    return [
        Section(
            title=f"{TITLE} The relations index in detail",
            summary=(
                "Descriptive figures of the relations index alone (the older analysis); the "
                "verdict of the well-posed test is the one above.\n\n"
                + res.verdict
                + "\n\n"
                + " ".join(res.notes)
            ),
            figures=[
                Figure(timing_figure(study.series, res.breaks, transitions, register), caption)
            ],
            tables=[
                (
                    "Rotation tests; honeymoon regression with Newey–West (HAC) errors and a "
                    "profile-likelihood half-life interval; Shapley decomposition of R² with a "
                    "block-permutation null for the administration share.",
                    figures,
                )
            ],
            order=31,
        )
    ]
