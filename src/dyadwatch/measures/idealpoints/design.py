"""UN votes to :class:`RollCalls`: one item per roll call, or per bridge of recurring ones."""

from __future__ import annotations

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.measures.idealpoints.bridges import Bridges, recurring_resolutions
from dyadwatch.measures.idealpoints.rollcalls import VOTE_CODES, RollCalls
from dyadwatch.sources.unga import UNVotes

__all__ = ["unga_rollcalls", "YEAR_OF_SESSION_1"]

#: a session opens in September of ``1945 + session`` (session 1: 1946)
YEAR_OF_SESSION_1 = 1946


def unga_rollcalls(
    data: UNVotes,
    *,
    bridges: bool = True,
    start: int | None = None,
    end: int | None = None,
) -> tuple[RollCalls, Bridges | None]:
    """The votes of ``data`` as roll calls for :class:`~.model.DynamicIRT`.

    Args:
        data: the UN votes (:func:`dyadwatch.sources.unga.read_unvotes`).
        bridges: share parameters across recurring resolutions (:mod:`.bridges`).
        start, end: first and last year (of the session's opening, ``1945 + session``).

    Raises:
        DyadwatchError: no roll calls in the range.
    """
    rolls = data.roll_calls
    year = rolls["session"].astype(int) + YEAR_OF_SESSION_1 - 1
    keep = pd.Series(True, index=rolls.index)
    if start is not None:
        keep &= year >= start
    if end is not None:
        keep &= year <= end
    rolls = rolls[keep]
    if rolls.empty:
        raise DyadwatchError(
            "no roll calls in that range", where="{start}/{end}", fix="widen {start}/{end}"
        )
    found = recurring_resolutions(rolls) if bridges else None
    item = "rc" + rolls["rcid"].astype(str)
    if found is not None:
        bridged = rolls["rcid"].map(found.group)
        item = item.where(bridged.isna(), "br" + bridged.astype("Int64").astype(str))
    items = pd.DataFrame(
        {"rcid": rolls["rcid"].to_numpy(), "session": rolls["session"], "item": item}
    )
    votes = data.votes[["rcid", "country", "vote"]].merge(items, on="rcid")
    frame = pd.DataFrame(
        {
            "country": votes["country"].astype(str),
            "session": votes["session"].astype(int),
            "item": votes["item"],
            "vote": votes["vote"].astype(str).map(VOTE_CODES),
        }
    )
    return RollCalls.from_frame(frame), found
