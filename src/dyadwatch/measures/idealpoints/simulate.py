"""Simulated roll calls with known positions, for recovery and coverage checks.

Draws from the model of :mod:`.model`: first positions ``N(0, 1)``, random-walk steps
``N(0, evolution_sd^2)``, discriminations ``N(0, 1.5^2)``, a first cut ``N(-0.5, 1)`` and a band of
abstention of width ``|N(0.6, 0.3^2)|``. Some resolutions recur in every session with the same
parameters (bridges); some countries join late; some votes are missing at random.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dyadwatch.measures.idealpoints.rollcalls import RollCalls

__all__ = ["simulate_rollcalls"]


def _positions(rng, n_countries, n_sessions, evolution_sd, late_share) -> np.ndarray:
    theta = rng.normal(0, 1, (n_countries, 1)) + np.cumsum(
        np.concatenate(
            [
                np.zeros((n_countries, 1)),
                rng.normal(0, evolution_sd, (n_countries, n_sessions - 1)),
            ],
            axis=1,
        ),
        axis=1,
    )
    late = rng.random(n_countries) < late_share
    entry = np.where(late, rng.integers(1, max(n_sessions // 2, 2), n_countries), 0)
    theta[np.arange(n_sessions)[None, :] < entry[:, None]] = np.nan
    return theta


def _items(rng, n_sessions, per_session, n_recurring):
    rows = []
    for s in range(n_sessions):
        rows += [(s, f"r{k}") for k in range(n_recurring)]
        rows += [(s, f"s{s}-{k}") for k in range(per_session - n_recurring)]
    frame = pd.DataFrame(rows, columns=["session", "item"])
    labels = frame["item"].unique()
    beta = dict(zip(labels, rng.normal(0, 1.5, len(labels)), strict=True))
    cut = dict(zip(labels, rng.normal(-0.5, 1.0, len(labels)), strict=True))
    width = dict(zip(labels, np.abs(rng.normal(0.6, 0.3, len(labels))), strict=True))
    frame["beta"] = frame["item"].map(beta)
    frame["c0"] = frame["item"].map(cut)
    frame["c1"] = frame["c0"] + frame["item"].map(width)
    return frame


def simulate_rollcalls(
    *,
    n_countries: int = 60,
    n_sessions: int = 20,
    items_per_session: int = 30,
    recurring: int = 6,
    evolution_sd: float = 0.2,
    missing: float = 0.1,
    late_share: float = 0.3,
    seed: int | None = 0,
) -> tuple[RollCalls, pd.DataFrame]:
    """Roll calls drawn from the model, and the true positions.

    Args:
        n_countries, n_sessions, items_per_session: sizes.
        recurring: resolutions voted in every session with the same parameters.
        evolution_sd: random-walk sd per session.
        missing: share of votes not cast.
        late_share: share of countries joining after the first session.
        seed: random seed.

    Returns:
        ``(rollcalls, truth)``; ``truth`` has ``country``, ``session``, ``position``.
    """
    rng = np.random.default_rng(seed)
    theta = _positions(rng, n_countries, n_sessions, evolution_sd, late_share)
    items = _items(rng, n_sessions, items_per_session, recurring)
    names = np.array([f"C{i:03d}" for i in range(n_countries)])
    c_idx, r_idx = np.meshgrid(np.arange(n_countries), np.arange(len(items)), indexing="ij")
    c_idx, r_idx = c_idx.ravel(), r_idx.ravel()
    sess = items["session"].to_numpy()[r_idx]
    pos = theta[c_idx, sess]
    keep = ~np.isnan(pos) & (rng.random(len(pos)) >= missing)
    c_idx, r_idx, sess, pos = c_idx[keep], r_idx[keep], sess[keep], pos[keep]
    z = items["beta"].to_numpy()[r_idx] * pos + rng.normal(0, 1, len(pos))
    vote = (z > items["c0"].to_numpy()[r_idx]).astype(int) + (z > items["c1"].to_numpy()[r_idx])
    frame = pd.DataFrame(
        {
            "country": names[c_idx],
            "session": sess,
            "item": items["item"].to_numpy()[r_idx],
            "vote": vote,
        }
    )
    truth = pd.DataFrame(
        [
            (names[i], s, theta[i, s])
            for i in range(n_countries)
            for s in range(n_sessions)
            if not np.isnan(theta[i, s])
        ],
        columns=["country", "session", "position"],
    )
    return RollCalls.from_frame(frame), truth
