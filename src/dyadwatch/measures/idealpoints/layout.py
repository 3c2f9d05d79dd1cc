"""Index arrays the estimator works on: latent states, chains and the bands of each vote.

Each country has one latent position (a *state*) per session from its first to its last session
with a vote; a state is linked to the one before it (same country, previous session) by the
random walk. Sessions inside a country's span without a vote keep a state that only the random
walk informs (South Africa 1974–1993, for example). Each item has two cuts when its votes fall
in all three categories (no, abstain, yes) and one cut when only two occur.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dyadwatch.measures.idealpoints.rollcalls import RollCalls

__all__ = ["Layout", "layout"]


@dataclass(frozen=True)
class Layout:
    """Arrays derived from :class:`RollCalls` once per fit.

    Attributes:
        state: latent state of each vote.
        item: item of each vote.
        lo, hi: index (0 or 1) of the cut below / above each vote's band; -1 for none.
        n_states, n_items: sizes.
        linked: ``linked[k]`` is True when state ``k`` follows state ``k - 1`` of the same
            country.
        state_country, state_session: country and session index of each state.
        two_cuts: items with all three categories.
        votes_per_state: votes cast in each state.
    """

    state: np.ndarray
    item: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    n_states: int
    n_items: int
    linked: np.ndarray
    state_country: np.ndarray
    state_session: np.ndarray
    two_cuts: np.ndarray
    votes_per_state: np.ndarray


def _states(rc: RollCalls) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n_c = len(rc.countries)
    first = np.full(n_c, np.iinfo(np.int32).max)
    last = np.full(n_c, -1)
    np.minimum.at(first, rc.country, rc.session)
    np.maximum.at(last, rc.country, rc.session)
    span = last - first + 1
    offset = np.concatenate([[0], np.cumsum(span)[:-1]])
    state = offset[rc.country] + rc.session - first[rc.country]
    state_country = np.repeat(np.arange(n_c), span)
    state_session = np.concatenate([np.arange(f, f + s) for f, s in zip(first, span, strict=True)])
    linked = np.ones(int(span.sum()), dtype=bool)
    linked[offset] = False
    return state, state_country, state_session, linked


def _bands(rc: RollCalls) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n_items = rc.n_items
    seen = np.zeros((n_items, 3), dtype=bool)
    seen[rc.item, rc.vote] = True
    two_cuts = seen.all(axis=1)
    # rank of the vote among the item's observed categories: 0, 1 (, 2)
    rank = np.cumsum(seen, axis=1)[rc.item, rc.vote] - 1
    top = seen.sum(axis=1)[rc.item] - 1
    lo = np.where(rank == 0, -1, rank - 1)
    hi = np.where(rank == top, -1, rank)
    return lo.astype(np.int8), hi.astype(np.int8), two_cuts


def layout(rc: RollCalls) -> Layout:
    """The states, chains and bands of ``rc``."""
    state, state_country, state_session, linked = _states(rc)
    lo, hi, two_cuts = _bands(rc)
    n_states = len(linked)
    return Layout(
        state=state.astype(np.int64),
        item=rc.item.astype(np.int64),
        lo=lo,
        hi=hi,
        n_states=n_states,
        n_items=rc.n_items,
        linked=linked,
        state_country=state_country,
        state_session=state_session,
        two_cuts=two_cuts,
        votes_per_state=np.bincount(state, minlength=n_states),
    )
