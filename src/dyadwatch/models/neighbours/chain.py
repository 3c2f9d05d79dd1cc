"""The yearly alignment chain: transitions, structure and stationary distribution(s).

:class:`AlignmentChain` is the empirical first-order Markov chain of yearly status transitions
(maximum-likelihood estimate ``P[i, j] = n_ij / n_i``), its communicating classes, closed
classes and absorbing states, and the stationary distribution(s) ``pi = pi P``. When the
chain is reducible the stationary distribution of each closed class is reported and the note
says so (Norris, *Markov Chains*, 1997, ch. 1.4-1.7).

Computed with numpy (Warshall's transitive closure for the classes, least squares for
``pi``): the chain has three states, so a library would add a dependency and nothing else.

References:
    [Norris1997] Norris, J. R. (1997). Markov Chains. Cambridge University Press.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.neighbours.coding import STATUSES

__all__ = [
    "AlignmentChain",
    "StationaryResult",
    "chain_structure",
    "stationary_distribution",
    "transition_counts",
]


def transition_counts(panel: pd.DataFrame, states: Sequence[str] = STATUSES) -> pd.DataFrame:
    """Counts of year-to-year transitions ``n[i, j]`` (rows: from, columns: to).

    Pairs are consecutive years of the same country; ``panel`` needs ``country``, ``year``
    and ``status``.
    """
    counts = pd.DataFrame(0, index=list(states), columns=list(states), dtype="int64")
    for _, group in panel.sort_values(["country", "year"]).groupby("country", sort=False):
        years = group["year"].to_numpy()
        status = group["status"].to_numpy()
        for k in range(1, len(group)):
            if years[k] != years[k - 1] + 1:
                raise DyadwatchError(
                    f"{group['country'].iloc[0]}: gap between {years[k - 1]} and {years[k]}",
                    fix="give every country contiguous years",
                )
            a, b = status[k - 1], status[k]
            if a not in counts.index or b not in counts.columns:
                raise DyadwatchError(f"unknown status {a!r} or {b!r}", fix=f"use {list(states)}")
            counts.loc[a, b] += 1
    counts.index.name = "from"
    counts.columns.name = "to"
    return counts


def chain_structure(matrix: pd.DataFrame | np.ndarray) -> dict[str, Any]:
    """Communicating classes, closed classes and absorbing states of a transition matrix.

    Args:
        matrix: square row-stochastic matrix (a frame keeps its state labels).

    Returns:
        ``{"classes", "closed", "absorbing", "irreducible"}`` with state labels.
    """
    labels = list(matrix.index) if isinstance(matrix, pd.DataFrame) else list(range(len(matrix)))
    p = np.asarray(matrix, dtype=float)
    n = p.shape[0]
    reach = (p > 0) | np.eye(n, dtype=bool)
    for k in range(n):  # Warshall transitive closure
        reach = reach | (reach[:, [k]] & reach[[k], :])
    classes: list[list[Any]] = []
    assigned = [False] * n
    for i in range(n):
        if assigned[i]:
            continue
        members = [j for j in range(n) if reach[i, j] and reach[j, i]]
        for j in members:
            assigned[j] = True
        classes.append(members)
    closed = [c for c in classes if not any(p[i, j] > 0 for i in c for j in range(n) if j not in c)]
    absorbing = [labels[i] for i in range(n) if p[i, i] >= 1.0 - 1e-12]
    return {
        "classes": [[labels[i] for i in c] for c in classes],
        "closed": [[labels[i] for i in c] for c in closed],
        "absorbing": absorbing,
        "irreducible": len(classes) == 1,
    }


@dataclass
class StationaryResult:
    """Stationary distribution(s) of a chain and a note on its structure.

    Attributes:
        distribution: the unique stationary distribution (state -> probability), or None when
            there are several closed classes.
        by_closed_class: one distribution per closed class (zero outside the class).
        irreducible: whether all states communicate.
        absorbing: states that are never left.
        note: plain-language remark on uniqueness, reducibility and absorbing states.
    """

    distribution: dict[str, float] | None
    by_closed_class: list[dict[str, float]] = field(default_factory=list)
    irreducible: bool = True
    absorbing: list[str] = field(default_factory=list)
    note: str = ""


def _structure_note(structure: dict[str, Any], n_closed: int) -> str:
    """Plain words on uniqueness, reducibility and absorbing states."""
    notes = []
    if structure["irreducible"]:
        notes.append(
            "The chain is irreducible: every status can be reached from every other, "
            "so the stationary distribution is unique."
        )
    else:
        classes = "; ".join("{" + ", ".join(c) + "}" for c in structure["classes"])
        notes.append(f"The chain is reducible (communicating classes: {classes}).")
        if n_closed == 1:
            notes.append(
                "It has one closed class, so the stationary distribution is unique and "
                "puts all mass there."
            )
        else:
            notes.append(
                f"It has {n_closed} closed classes, so there is no unique stationary "
                "distribution; one is given per closed class."
            )
    if structure["absorbing"]:
        notes.append(
            "Absorbing: " + ", ".join(structure["absorbing"]) + " (never left once "
            "entered in the data)."
        )
    return " ".join(notes)


def stationary_distribution(matrix: pd.DataFrame) -> StationaryResult:
    """Solve ``pi = pi P``, ``sum(pi) = 1`` on each closed class of ``P``.

    A finite chain has one stationary distribution per closed communicating class; it is unique
    exactly when there is one closed class (Norris 1997, thm. 1.7.7).
    """
    labels = list(matrix.index)
    p = np.asarray(matrix, dtype=float)
    if p.shape[0] != p.shape[1] or not np.allclose(p.sum(axis=1), 1.0):
        raise DyadwatchError("transition matrix must be square with rows summing to 1")
    structure = chain_structure(matrix)
    dists = []
    for cls in structure["closed"]:
        idx = [labels.index(s) for s in cls]
        sub = p[np.ix_(idx, idx)]
        k = len(idx)
        a = np.vstack([sub.T - np.eye(k), np.ones((1, k))])
        b = np.zeros(k + 1)
        b[-1] = 1.0
        pi_sub, *_ = np.linalg.lstsq(a, b, rcond=None)
        pi = dict.fromkeys(labels, 0.0)
        for i, s in zip(idx, pi_sub, strict=True):
            pi[labels[i]] = float(max(s, 0.0))
        total = sum(pi.values())
        dists.append({key: v / total for key, v in pi.items()})
    return StationaryResult(
        distribution=dists[0] if len(dists) == 1 else None,
        by_closed_class=dists,
        irreducible=structure["irreducible"],
        absorbing=structure["absorbing"],
        note=_structure_note(structure, len(dists)),
    )


class AlignmentChain:
    """Empirical yearly Markov chain of alignment status (maximum likelihood).

    Args:
        states: the state space, in display order.
        unobserved: what to do with a state never observed as an origin: ``absorbing`` (treat
            as a self-loop and say so) or ``error``.

    Attributes:
        counts_: transition counts (frame, rows from, columns to).
        matrix_: row-normalised transition probabilities.
        structure_: see :func:`chain_structure`.
        stationary_: :class:`StationaryResult`.
        unobserved_: states with no observed exits.
    """

    def __init__(self, *, states: Sequence[str] = STATUSES, unobserved: str = "absorbing") -> None:
        self.states = states
        self.unobserved = unobserved

    def fit(self, panel: pd.DataFrame) -> AlignmentChain:
        """Count transitions in a country-year panel and derive the chain.

        Returns:
            self, with ``counts_``, ``matrix_``, ``structure_``, ``stationary_`` and
            ``unobserved_`` set.
        """
        if self.unobserved not in ("absorbing", "error"):
            raise DyadwatchError(
                f"unknown unobserved={self.unobserved!r}", fix="use 'absorbing' or 'error'"
            )
        counts = transition_counts(panel, self.states)
        totals = counts.sum(axis=1)
        self.unobserved_ = [s for s in counts.index if totals[s] == 0]
        if self.unobserved_ and self.unobserved == "error":
            raise DyadwatchError(
                f"no transitions observed from {self.unobserved_}",
                fix="add years for these states or pass unobserved='absorbing'",
            )
        matrix = counts.astype(float)
        for s in counts.index:
            if totals[s] == 0:
                matrix.loc[s] = 0.0
                matrix.loc[s, s] = 1.0
            else:
                matrix.loc[s] = counts.loc[s] / totals[s]
        self.counts_ = counts
        self.matrix_ = matrix
        self.structure_ = chain_structure(matrix)
        self.stationary_ = stationary_distribution(matrix)
        if self.unobserved_:
            self.stationary_.note += (
                " No exits observed from " + ", ".join(self.unobserved_) + "; treated as absorbing."
            )
        return self
