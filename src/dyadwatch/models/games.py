"""2x2 games (Chicken, Prisoner's Dilemma, Stag Hunt) played by prospect-theory players.

A game's cells hold *objective* outcomes. :func:`transform` replaces each player's outcome by
its prospect-theory value ``v(x - r)`` [TK1992] (or its utility under any other preference
model), so the same game can be solved for expected-value players and for loss-averse players
with their own reference points. Equilibria of the transformed game are computed with nashpy
[Knight2018] (support enumeration) and cross-checked with gambit's exact rational solvers
[Gambit] (:func:`gambit_equilibria`, which needs the optional package ``pygambit``).

A Nash equilibrium in mixed strategies weights the transformed payoffs by the opponent's
mixing probabilities linearly: the value function applies, the probability weighting of CPT
does not (nashpy and gambit both need bilinear payoffs). :func:`cpt_indifference` goes one step
further for 2x2 games with a fully mixed equilibrium: it finds the mixtures that make each
player indifferent when the lottery over outcomes that each pure strategy faces is valued with
full CPT, probability weighting included.

Chicken with crash cost C (swerve/swerve 0, swerve/straight -1 and +1, straight/straight -C)
has the mixed equilibrium P(straight) = 1/C for expected-value players
[RapoportChammah1966]; with loss aversion lambda and curvature beta at the status-quo
reference point it becomes 1 / (1 + lambda (C^beta - 1)).

References:
    [TK1992] Tversky, A. & Kahneman, D. (1992). Advances in prospect theory. Journal of Risk and
        Uncertainty 5(4), 297-323.
    [RapoportChammah1966] Rapoport, A. & Chammah, A. M. (1966). The game of Chicken. American
        Behavioral Scientist 10(3), 10-28.
    [Axelrod1984] Axelrod, R. (1984). The Evolution of Cooperation. Basic Books (payoffs
        T=5, R=3, P=1, S=0).
    [Skyrms2004] Skyrms, B. (2004). The Stag Hunt and the Evolution of Social Structure.
        Cambridge University Press.
    [Knight2018] Knight, V. & Campbell, J. (2018). Nashpy: a Python library for the computation
        of Nash equilibria. Journal of Open Source Software 3(30), 904.
    [Gambit] McKelvey, R. D., McLennan, A. M. & Turocy, T. L. Gambit: software tools for game
        theory (pygambit).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import nashpy
import numpy as np
from scipy.optimize import brentq

from dyadwatch.errors import MissingExtraError
from dyadwatch.models.prospect import ExpectedValue, PreferenceModel

__all__ = [
    "CPTGame",
    "Game2x2",
    "chicken",
    "cpt_indifference",
    "equilibria",
    "gambit_equilibria",
    "prisoners_dilemma",
    "stag_hunt",
    "transform",
]


@dataclass(frozen=True)
class Game2x2:
    """A two-player, two-strategy game in objective outcomes.

    Attributes:
        name: the game's name.
        row: row player's outcomes, shape (2, 2), indexed [row strategy, column strategy].
        col: column player's outcomes, same indexing.
        strategies: names of the two strategies (the same for both players).
        source: citation for the payoffs.
    """

    name: str
    row: np.ndarray
    col: np.ndarray
    strategies: tuple[str, str]
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "row", np.asarray(self.row, dtype=float).reshape(2, 2))
        object.__setattr__(self, "col", np.asarray(self.col, dtype=float).reshape(2, 2))


def _symmetric(name: str, a: np.ndarray, strategies: tuple[str, str], source: str) -> Game2x2:
    a = np.asarray(a, dtype=float)
    return Game2x2(name, a, a.T, strategies, source)


def chicken(crash_cost: float = 10.0) -> Game2x2:
    """Chicken [RapoportChammah1966]: swerve/straight; a crash costs ``crash_cost`` (C > 1).

    Payoffs: both swerve 0; swerving against straight -1 (the straight driver +1); both
    straight -C. The mixed equilibrium has P(straight) = 1/C.
    """
    c = float(crash_cost)
    return _symmetric(
        f"Chicken (C={c:g})",
        [[0.0, -1.0], [1.0, -c]],
        ("swerve", "straight"),
        "Rapoport & Chammah (1966)",
    )


def prisoners_dilemma(t: float = 5, r: float = 3, p: float = 1, s: float = 0) -> Game2x2:
    """Prisoner's Dilemma with Axelrod's payoffs T=5, R=3, P=1, S=0 [Axelrod1984]."""
    return _symmetric(
        "Prisoner's Dilemma",
        [[r, s], [t, p]],
        ("cooperate", "defect"),
        "Axelrod (1984)",
    )


def stag_hunt(stag: float = 4, hare: float = 3, alone: float = 0) -> Game2x2:
    """Stag Hunt [Skyrms2004]: stag together ``stag``; hare ``hare`` whatever the other does;
    hunting stag alone ``alone``. Mixed equilibrium P(stag) = (hare - alone)/(stag - alone).
    """
    return _symmetric(
        "Stag Hunt",
        [[stag, alone], [hare, hare]],
        ("stag", "hare"),
        "Skyrms (2004)",
    )


def transform(game: Game2x2, row: PreferenceModel, col: PreferenceModel) -> Game2x2:
    """Replace each player's outcomes by their value under its preferences (v(x - r) for CPT)."""
    return Game2x2(
        f"{game.name} [transformed]",
        np.asarray(row.utility(game.row), dtype=float),
        np.asarray(col.utility(game.col), dtype=float),
        game.strategies,
        game.source,
    )


def equilibria(game: Game2x2) -> list[tuple[np.ndarray, np.ndarray]]:
    """All Nash equilibria by nashpy's support enumeration [Knight2018].

    Returns:
        ``(row mixture, column mixture)`` pairs, pure equilibria first, each sorted.
    """
    g = nashpy.Game(game.row, game.col)
    eqs = [(np.asarray(a, float), np.asarray(b, float)) for a, b in g.support_enumeration()]
    return sorted(eqs, key=_eq_key)


def gambit_equilibria(game: Game2x2, *, rational: bool = True) -> list[tuple[list, list]]:
    """All extreme Nash equilibria by gambit's exact enumeration (``enummixed``) [Gambit].

    Payoffs are converted to exact fractions (a float is the binary fraction it stores), so
    with ``rational=True`` the equilibria of the stated payoffs are exact.

    Raises:
        MissingExtraError: pygambit is not installed.
    """
    try:
        import pygambit as gbt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtraError("pygambit", "games") from exc
    a = [[Fraction(float(x)) for x in row] for row in game.row]
    b = [[Fraction(float(x)) for x in row] for row in game.col]
    factory = getattr(gbt, "StrategicGame", None)
    g = factory.from_arrays(a, b) if factory is not None else gbt.Game.from_arrays(a, b)
    res = gbt.nash.enummixed_solve(g, rational=rational)
    labels = [str(p.label) if hasattr(p, "label") else str(p) for p in g.players]
    out = []
    for eq in res.equilibria:
        mix = []
        for lab in labels:
            probs = eq[lab]
            vals = list(probs.values()) if hasattr(probs, "values") else list(probs)
            vals = [v[1] if isinstance(v, tuple) else v for v in vals]
            mix.append([_to_fraction(v) if rational else float(v) for v in vals])
        out.append((mix[0], mix[1]))
    return sorted(out, key=lambda e: _eq_key((np.array(e[0], float), np.array(e[1], float))))


def _to_fraction(v: Any) -> Fraction:
    if isinstance(v, Fraction):
        return Fraction(v)
    return Fraction(str(v))


def _eq_key(eq: tuple[np.ndarray, np.ndarray]) -> tuple:
    a, b = eq
    mixed = int(np.any((a > 1e-12) & (a < 1 - 1e-12)) or np.any((b > 1e-12) & (b < 1 - 1e-12)))
    return (mixed, tuple(np.round(-a, 12)), tuple(np.round(-b, 12)))


def cpt_indifference(
    game: Game2x2, row: PreferenceModel, col: PreferenceModel
) -> tuple[float, float] | None:
    """Mixtures that make each player indifferent under full CPT (probability weighting too).

    For each player, find the opponent's probability q of playing its second strategy at which
    the player values the lottery faced by its first strategy, ``(a11, 1-q; a12, q)``, exactly
    as much as that faced by its second, ``(a21, 1-q; a22, q)``.

    Returns:
        ``(p_row_second, p_col_second)``: the row player's probability of its second strategy
        (which makes the column player indifferent) and the column player's; ``None`` when no
        interior indifference point exists.
    """

    def gap(pref: PreferenceModel, own: np.ndarray, q: float) -> float:
        first = [(own[0, 0], 1 - q), (own[0, 1], q)]
        second = [(own[1, 0], 1 - q), (own[1, 1], q)]
        return pref.value(first) - pref.value(second)

    def solve(pref: PreferenceModel, own: np.ndarray) -> float | None:
        lo, hi = gap(pref, own, 0.0), gap(pref, own, 1.0)
        if lo == 0 or hi == 0 or np.sign(lo) == np.sign(hi):
            return None
        return float(brentq(lambda q: gap(pref, own, q), 0.0, 1.0, xtol=1e-14))

    q_col = solve(row, game.row)  # column mixture making the row player indifferent
    q_row = solve(col, game.col.T)  # row mixture making the column player indifferent
    if q_col is None or q_row is None:
        return None
    return q_row, q_col


class CPTGame:
    """Facade: a 2x2 game with a preference model for each player.

    Args:
        game: the game in objective outcomes.
        row: the row player's preferences (default expected value).
        col: the column player's preferences (default expected value).

    Example:
        >>> from dyadwatch.models.prospect import CPT
        >>> g = CPTGame(chicken(10), CPT(), CPT())
        >>> round(float(g.equilibria()[-1][1][1]), 4)  # P(column goes straight), mixed eq.
        0.0632
    """

    def __init__(
        self,
        game: Game2x2,
        row: PreferenceModel | None = None,
        col: PreferenceModel | None = None,
    ) -> None:
        self.game = game
        self.row = row
        self.col = col

    def _prefs(self) -> tuple[PreferenceModel, PreferenceModel]:
        return self.row or ExpectedValue(), self.col or ExpectedValue()

    def transformed(self) -> Game2x2:
        """The game in each player's value units."""
        return transform(self.game, *self._prefs())

    def equilibria(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Nash equilibria of the transformed game (nashpy)."""
        return equilibria(self.transformed())

    def gambit_equilibria(self, *, rational: bool = True) -> list[tuple[list, list]]:
        """Nash equilibria of the transformed game (gambit, exact)."""
        return gambit_equilibria(self.transformed(), rational=rational)

    def cpt_indifference(self) -> tuple[float, float] | None:
        """Indifference mixtures under full CPT; see :func:`cpt_indifference`."""
        return cpt_indifference(self.game, *self._prefs())
