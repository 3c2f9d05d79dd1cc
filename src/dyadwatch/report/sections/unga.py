"""Report section: UN General Assembly vote alignment of the dyad's two countries."""

from __future__ import annotations

from dyadwatch.errors import DyadwatchError
from dyadwatch.report.section import Figure, Section

__all__ = ["sections"]


def sections(study) -> list[Section]:
    """The yearly agreement and kappa of the study's pair (a note when there are no votes)."""
    from dyadwatch.plots.unga import alignment_figure

    try:
        frame = study.unga
    except DyadwatchError as exc:
        return [
            Section(
                title="UN General Assembly vote alignment",
                summary=f"Not shown: {exc.line()}",
                order=60,
            )
        ]
    a, b = study.pair.a, study.pair.b
    recent = frame[frame["year"] >= frame["year"].max() - 4]
    first = frame[frame["year"] >= 1992].head(5)
    summary = (
        f"{a} and {b} cast the same vote on {first['agreement'].mean():.0%} of the roll "
        f"calls both voted on in {int(first['year'].min())}–{int(first['year'].max())} (kappa "
        f"{first['kappa'].mean():.2f}) and on {recent['agreement'].mean():.0%} in "
        f"{int(recent['year'].min())}–{int(recent['year'].max())} "
        f"(kappa {recent['kappa'].mean():.2f}). "
        "Before 1992 the Russian row is the USSR."
    )
    caption = (
        "Share of General Assembly roll calls on which both countries voted and cast the same "
        "vote, and Cohen's kappa (chance-corrected), per calendar year. Source: Voeten, "
        "Strezhnev & Bailey, UNGA Voting Data (unvotes 0.3.0), "
        f"{int(frame['year'].min())}–{int(frame['year'].max())}."
    )
    return [
        Section(
            title="UN General Assembly vote alignment",
            summary=summary,
            figures=[Figure(alignment_figure(frame), caption=caption)],
            tables=[("Per-year alignment.", frame)],
            order=60,
        )
    ]
