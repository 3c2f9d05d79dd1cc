"""Roll calls in the long form the ideal-point estimator reads: one row a vote.

:class:`RollCalls` holds integer arrays (country, session, item, vote) and the labels they
index. An *item* is a set of roll calls that share their parameters (discrimination and cuts):
one roll call, or all the votes on a resolution that recurs across sessions (a *bridge*, see
:mod:`.bridges`). Votes are ordinal: 0 no, 1 abstain, 2 yes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dyadwatch.errors import DyadwatchError

__all__ = ["RollCalls", "VOTE_CODES"]

#: ordinal code of each vote (no < abstain < yes)
VOTE_CODES = {"no": 0, "abstain": 1, "yes": 2}


@dataclass(frozen=True)
class RollCalls:
    """Votes for the estimator.

    Attributes:
        country: index into ``countries`` for each vote.
        session: index into ``sessions`` for each vote.
        item: parameter group of each vote (``0 .. n_items - 1``).
        vote: 0 no, 1 abstain, 2 yes.
        countries: country names.
        sessions: session labels (for the UN: the session number; its year is 1945 + session).
        dropped: what was left out before fitting, and how many (nothing is lost silently).
    """

    country: np.ndarray
    session: np.ndarray
    item: np.ndarray
    vote: np.ndarray
    countries: tuple[str, ...]
    sessions: np.ndarray
    dropped: dict[str, int] = field(default_factory=dict)

    @property
    def n_items(self) -> int:
        return int(self.item.max()) + 1 if len(self.item) else 0

    def __len__(self) -> int:
        return len(self.vote)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, dropped: dict[str, int] | None = None):
        """From a frame with columns ``country``, ``session``, ``item``, ``vote``.

        ``vote`` is 0/1/2 or the words no/abstain/yes; ``item`` any hashable label. Items whose
        votes all fall in one category say nothing about positions and are left out (counted
        in ``dropped['unanimous_items']``).

        Raises:
            DyadwatchError: a column is missing or a vote is not no/abstain/yes.
        """
        missing = {"country", "session", "item", "vote"} - set(frame.columns)
        if missing:
            raise DyadwatchError(
                f"roll calls lack columns {', '.join(sorted(missing))}",
                where="{data}",
                fix="pass a frame with country, session, item and vote",
            )
        vote = frame["vote"]
        if not pd.api.types.is_numeric_dtype(vote):
            vote = vote.astype(str).map(VOTE_CODES)
        vote = pd.to_numeric(vote, errors="coerce")
        if vote.isna().any() or not vote.isin([0, 1, 2]).all():
            raise DyadwatchError(
                "a vote is not no, abstain or yes", where="{data}", fix="code votes 0, 1, 2"
            )
        frame = frame.assign(vote=vote.astype("int8"))
        spread = frame.groupby("item")["vote"].transform("nunique")
        dropped = dict(dropped or {})
        lone = frame.loc[spread < 2, "item"].nunique()
        dropped["unanimous_items"] = dropped.get("unanimous_items", 0) + int(lone)
        dropped["unanimous_votes"] = dropped.get("unanimous_votes", 0) + int((spread < 2).sum())
        frame = frame[spread >= 2]
        countries, country = np.unique(frame["country"].astype(str), return_inverse=True)
        sessions, session = np.unique(frame["session"].to_numpy(), return_inverse=True)
        _, item = np.unique(frame["item"].to_numpy(), return_inverse=True)
        return cls(
            country=country.astype(np.int32),
            session=session.astype(np.int32),
            item=item.astype(np.int32),
            vote=frame["vote"].to_numpy(np.int8),
            countries=tuple(countries),
            sessions=sessions,
            dropped=dropped,
        )
