"""Report section: structure or personality? The tests' figures, verdict and timing plot."""

from __future__ import annotations

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.report.numbers import human
from dyadwatch.report.section import Figure, Section

__all__ = ["sections"]


def sections(study) -> list[Section]:
    """One section: the verdict, the figures table and the timing plot."""
    from dyadwatch.claims.structure import leader_transitions
    from dyadwatch.plots.structure import timing_figure

    try:
        res = study.structure
    except DyadwatchError as exc:
        return [
            Section(title="Structure or personality?", summary=f"Not shown: {exc.line()}", order=30)
        ]
    series = study.series
    chron = study._context_events()
    structural = [
        str(pd.Period(d, freq="M"))
        for d, t in zip(chron["date"], chron["tags"], strict=True)
        if t is not None and "structural" in list(t)
    ]
    h, d = res.honeymoon, res.decomposition
    figures = pd.DataFrame(
        [
            (
                "turning points near a leader change",
                f"{res.timing_leaders.observed} (chance {res.timing_leaders.expected:.1f})",
                f"{res.timing_leaders.p_value:.3f}",
            ),
            (
                "turning points near a structural event",
                f"{res.timing_structural.observed} (chance {res.timing_structural.expected:.1f})",
                f"{res.timing_structural.p_value:.3f}",
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
            (
                "variance share: administrations",
                f"{d.share_leaders:.0%}",
                f"{d.p_value_leaders:.3f}",
            ),
            ("variance share: structural covariates", f"{d.share_structural:.0%}", ""),
            ("variance share: trend", f"{d.share_trend:.0%}", ""),
        ],
        columns=["figure", "value [95% CI]", "p-value"],
    )
    return [
        Section(
            title="Structure or personality?",
            summary=res.verdict + "\n\n" + " ".join(res.notes),
            figures=[
                Figure(
                    timing_figure(series, res.breaks, leader_transitions(), structural),
                    caption=(
                        f"{study.name} with its turning "
                        "points (red), US and Russian presidential changes (blue, dashed) and "
                        "chronology events tagged structural (grey). Timing p-values: exact "
                        f"circular-shift test, window ±{res.timing_leaders.window} months."
                    ),
                )
            ],
            tables=[
                (
                    "Rotation tests; honeymoon regression with Newey–West (HAC) errors and a "
                    "profile-likelihood half-life interval; Shapley decomposition of R² with a "
                    "rotation null for the administration share.",
                    figures,
                )
            ],
            order=30,
        )
    ]
