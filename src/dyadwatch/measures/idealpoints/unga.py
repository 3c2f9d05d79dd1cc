"""Dynamic ideal points of every UN member from the General Assembly votes, and dyad distances.

:func:`unga_ideal_points` fits :class:`~.model.DynamicIRT` to the roll calls of
:func:`dyadwatch.sources.unga.read_unvotes` with the recurring resolutions of :mod:`.bridges`
as bridges, in the spirit of Bailey, Strezhnev & Voeten (2017) [BSV2017]; the sign is fixed so
that the United States is positive (the West's end of the scale, as in their published
figures). :func:`idealpoint_distance` is the yearly absolute distance of two countries with a
normal 95 % interval from the two posterior sds (positions taken as independent given the
items: the Laplace sds of :mod:`.newton`).

A session's year is the year it opens (session ``s`` opens in September ``1945 + s``), the
convention of [BSV2017]'s published file.

References:
    [BSV2017] Bailey, M. A., Strezhnev, A., Voeten, E. (2017). Estimating dynamic state
    preferences from United Nations voting data. Journal of Conflict Resolution 61(2), 430–456.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.measures.idealpoints.design import YEAR_OF_SESSION_1, unga_rollcalls
from dyadwatch.measures.idealpoints.model import DynamicIRT
from dyadwatch.sources.unga import UNVotes

__all__ = ["unga_ideal_points", "idealpoint_distance", "SETTINGS", "POSITIVE"]

#: the country whose positions are made positive
POSITIVE = "United States"
#: estimator settings of the shipped fit (the defaults of :class:`DynamicIRT`, with a looser
#: tolerance so the full 1946–2019 fit takes minutes; see docs and the report for its run time)
SETTINGS = {"evolution_sd": 0.2, "tol": 1e-7, "max_iter": 400, "seed": 0}


def unga_ideal_points(
    data: UNVotes,
    *,
    bridges: bool = True,
    start: int | None = None,
    end: int | None = None,
    **settings,
) -> pd.DataFrame:
    """One row a country and session: ``country, country_code, session, year, position, sd,
    lo, hi, votes`` (``lo``/``hi``: the 95 % interval), with fit diagnostics in ``.attrs``.

    Args:
        data: the UN votes.
        bridges: share parameters across recurring resolutions.
        start, end: first and last year.
        **settings: keywords of :class:`DynamicIRT` overriding :data:`SETTINGS`.

    Raises:
        DyadwatchError: no roll calls in the range.
    """
    rc, found = unga_rollcalls(data, bridges=bridges, start=start, end=end)
    model = DynamicIRT(positive=POSITIVE, **(SETTINGS | settings)).fit(rc)
    frame = model.frame()
    codes = data.votes[["country", "country_code"]].astype(str).drop_duplicates("country")
    frame = frame.merge(codes, on="country", how="left")
    frame["session"] = frame["session"].astype(int)
    frame["year"] = frame["session"] + YEAR_OF_SESSION_1 - 1
    frame["lo"] = frame["position"] - 1.96 * frame["sd"]
    frame["hi"] = frame["position"] + 1.96 * frame["sd"]
    cols = ["country", "country_code", "session", "year", "position", "sd", "lo", "hi", "votes"]
    frame = frame[cols].sort_values(["year", "position"], ignore_index=True)
    frame.attrs = {
        "n_votes": len(rc),
        "n_items": rc.n_items,
        "bridged_roll_calls": 0 if found is None else int(found.group.notna().sum()),
        "dropped": dict(rc.dropped),
        "n_iter": model.n_iter_,
        "converged": bool(model.converged_),
    }
    return frame


def _country(frame: pd.DataFrame, token: str) -> str:
    text = token.strip()
    if len(text) == 3:
        import pycountry

        hit = pycountry.countries.get(alpha_3=text.upper())
        text = hit.alpha_2 if hit is not None else text
    for col in ("country_code", "country"):
        match = frame.loc[frame[col].str.lower() == text.lower(), "country"]
        if len(match):
            return str(match.iloc[0])
    raise DyadwatchError(
        f"no country {token!r} in the ideal points",
        where="{dyad}",
        fix="use ISO codes (US-RU, USA-RUS) or exact names separated by a comma",
    )


def idealpoint_distance(frame: pd.DataFrame, pair: str = "US-RU") -> pd.DataFrame:
    """Yearly ``distance = |position_a - position_b|`` with ``sd``, ``lo``, ``hi`` (95 %).

    Args:
        frame: from :func:`unga_ideal_points`.
        pair: two countries, ``US-RU``, ``USA-RUS`` or ``name,name``.

    Raises:
        DyadwatchError: malformed pair or unknown country.
    """
    parts = pair.split(",") if "," in pair else pair.replace("–", "-").split("-")
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise DyadwatchError(f"malformed pair {pair!r}", where="{dyad}", fix="write US-RU")
    a, b = (_country(frame, p) for p in parts)
    cols = ["year", "position", "sd"]
    both = frame.loc[frame["country"] == a, cols].merge(
        frame.loc[frame["country"] == b, cols], on="year", suffixes=("_a", "_b")
    )
    sd = np.hypot(both["sd_a"], both["sd_b"])
    dist = (both["position_a"] - both["position_b"]).abs()
    label = "-".join(p.strip().upper() for p in parts)
    out = pd.DataFrame(
        {
            "year": both["year"].astype(int),
            "pair": label,
            "position_a": both["position_a"],
            "position_b": both["position_b"],
            "distance": dist,
            "sd": sd,
            "lo": (dist - 1.96 * sd).clip(lower=0.0),
            "hi": dist + 1.96 * sd,
        }
    )
    if "Russia" in (a, b):
        out["note"] = np.where(out["year"] < 1992, "RU is the USSR before 1992", "")
    return out.sort_values("year", ignore_index=True)
