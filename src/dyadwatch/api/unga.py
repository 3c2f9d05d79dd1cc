"""UN General Assembly votes: a pair's yearly alignment and every member's ideal point.

Thin functions over :mod:`dyadwatch.measures.unga`, :mod:`dyadwatch.measures.idealpoints` and
the vote reader :mod:`dyadwatch.sources.unga` (Voeten, Strezhnev & Bailey, *United Nations
General Assembly Voting Data*, Harvard Dataverse).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from dyadwatch.sources.unga import UNVotes

__all__ = ["read_votes", "fit_status", "ideal_points", "ideal_point_distance", "alignment"]


def read_votes(data: str | Path | None = None) -> UNVotes:
    """The roll calls and votes: the shipped sessions, newer downloaded ones read first.

    Args:
        data: a folder with the unvotes CSVs (default: the shipped votes and the user data
            directory's ``unga/``).
    """
    from dyadwatch.sources.unga import read_unvotes

    return read_unvotes(data)


def fit_status(votes: UNVotes | None = None, **settings: Any) -> str:
    """What :func:`ideal_points` would do for these votes: ``shipped`` (read the shipped fit),
    ``cached`` (read an earlier fit) or ``fit`` (fit now, minutes on two cores)."""
    from dyadwatch.measures.idealpoints.fits import fit_status as status

    return status(votes, **settings)


def ideal_points(
    year: int | None = None,
    *,
    data: str | Path | None = None,
    votes: UNVotes | None = None,
    refit: bool = False,
    **settings: Any,
) -> pd.DataFrame:
    """Dynamic ideal points of every UN member per session, tidy: ``country, country_code,
    session, year, position, sd, lo, hi, votes`` (issue 17; see :mod:`dyadwatch.measures.
    idealpoints`). The shipped 1946–2019 fit is read, not refitted; newer downloaded
    sessions (or other ``settings``) are fitted once and cached in the user data directory.

    Args:
        year: keep this year only (default: every year).
        data: the folder of the votes (see :func:`read_votes`); ignored with ``votes``.
        votes: votes already read with :func:`read_votes`.
        refit: fit again even when a fit is shipped or cached.

    Example:
        >>> frame = ideal_points(2019)
        >>> frame.sort_values("position")["country"].iloc[-1]
        'United States'
    """
    from dyadwatch.measures.idealpoints.fits import ideal_points as fitted

    frame = fitted(read_votes(data) if votes is None else votes, refit=refit, **settings)
    if year is not None:
        attrs = frame.attrs
        frame = frame[frame["year"] == year].reset_index(drop=True)
        frame.attrs = attrs
    return frame


def ideal_point_distance(points: pd.DataFrame, dyad: str = "US-RU") -> pd.DataFrame:
    """Yearly distance between two countries' ideal points, ``|position_a - position_b|``,
    with ``sd``, ``lo`` and ``hi`` (95 %).

    Args:
        points: from :func:`ideal_points`.
        dyad: two countries, ``US-RU``, ``USA-RUS`` or ``name,name``.
    """
    from dyadwatch.measures.idealpoints.unga import idealpoint_distance

    return idealpoint_distance(points, dyad)


def alignment(
    dyad: str = "US-RU",
    *,
    issue: str | None = None,
    start: int | None = None,
    end: int | None = None,
    data: str | Path | None = None,
) -> pd.DataFrame:
    """Per-year vote alignment of two countries: share of identical votes, Cohen's kappa and
    Scott's pi (:func:`dyadwatch.measures.unga.unga_alignment`).

    Args:
        dyad: two countries, ``US-RU``, ``USA-RUS`` or ``name,name``.
        issue: only roll calls on this issue (``me``, ``nu``, ``di``, ``hr``, ``co``, ``ec``).
        start: first year.
        end: last year.
        data: the folder of the votes (see :func:`read_votes`).
    """
    from dyadwatch.measures.unga import unga_alignment

    return unga_alignment(dyad, issue=issue, start=start, end=end, data=data)
