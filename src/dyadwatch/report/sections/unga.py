"""Report section: UN General Assembly vote alignment of the dyad's two countries."""

from __future__ import annotations

from dyadwatch.errors import DyadwatchError
from dyadwatch.report.section import Figure, Section

__all__ = ["sections"]


def sections(study) -> list[Section]:
    """The yearly agreement, kappa and pi of the study's pair, then its ideal-point distance
    (a note when there are no votes)."""
    return _alignment(study) + _idealpoints(study)


def _idealpoints(study) -> list[Section]:
    """The pair's yearly ideal-point distance (issue 17) from the shipped or cached fit."""
    from dyadwatch.plots.unga import idealpoint_figure

    title = "UN General Assembly ideal points"
    try:
        frame = study.ideal_distance
    except DyadwatchError as exc:
        return [Section(title=title, summary=f"Not shown: {exc.line()}", order=61)]
    a, b = study.pair.a, study.pair.b
    first, last = frame.iloc[0], frame.iloc[-1]
    widest = frame.loc[frame["distance"].idxmax()]
    summary = (
        f"On one dimension of General Assembly voting (dynamic ordinal ideal points bridged by "
        f"resolutions that recur across sessions, after Bailey, Strezhnev & Voeten 2017), "
        f"{a} and {b} were {first['distance']:.2f} apart in {int(first['year'])} "
        f"(95% interval {first['lo']:.2f}–{first['hi']:.2f}) and {last['distance']:.2f} in "
        f"{int(last['year'])} ({last['lo']:.2f}–{last['hi']:.2f}); the widest gap was "
        f"{widest['distance']:.2f} in {int(widest['year'])}. Unlike raw agreement, the distance "
        "separates a change of position from a change of agenda."
    )
    caption = (
        "Absolute distance of the two countries' ideal points per session (year it opens), "
        "with a 95% interval from the Laplace sds; 1946–2019 from the fit shipped with "
        "dyadwatch, newer sessions refitted when downloaded. Before 1992 the Russian row is "
        "the USSR."
    )
    cols = ["year", "distance", "lo", "hi", "position_a", "position_b"]
    return [
        Section(
            title=title,
            summary=summary,
            figures=[Figure(idealpoint_figure(frame), caption=caption)],
            tables=[("Per-year ideal-point distance.", frame[cols])],
            order=61,
        )
    ]


def _alignment(study) -> list[Section]:
    """The yearly agreement, kappa and pi of the study's pair."""
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
        f"(kappa {recent['kappa'].mean():.2f}, Scott's pi {recent['pi'].mean():.2f}). "
        "Before 1992 the Russian row is the USSR. "
        f"{study.unga_freshness}"
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
