"""UN General Assembly vote alignment of two countries, year by year.

For each calendar year (of the roll call's date) and a pair of countries:

* ``roll_calls``: roll calls held that year (after the optional issue filter);
* ``both_voted``: those on which both countries cast a vote (yes, no or abstain; absence and
  non-participation are not votes in the data);
* ``agreed``: those on which they cast the same vote;
* ``agreement`` = ``agreed / both_voted``, the simple share of identical votes (the "S" of
  vote-agreement studies is a refinement of the same idea) [Voe2013];
* ``kappa``: Cohen's kappa over the three vote categories, which discounts the agreement two
  countries would show by chance given how often each votes yes, no and abstain [Coh1960] — in
  the General Assembly most votes are yes, so raw agreement is high for any pair;
* ``pi``: Scott's pi, the same correction with chance agreement taken from the two countries'
  pooled vote shares (each pair judged against one common distribution), which Häge (2011)
  recommends over kappa when the question is similarity of two states' positions [Sco1955;
  Häg2011].

Before 1992 the row "Russia" (RU) is the Soviet Union; the output says so in a ``note``.

References:
    [Voe2013] Voeten, E. (2013). Data and analyses of voting in the UN General Assembly. In
    Reinalda, B. (ed.), Routledge Handbook of International Organization, 54–66.
    [Coh1960] Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
    Psychological Measurement 20(1), 37–46.
    [Sco1955] Scott, W. A. (1955). Reliability of content analysis: the case of nominal scale
    coding. Public Opinion Quarterly 19(3), 321–325.
    [Häg2011] Häge, F. M. (2011). Choice or circumstance? Adjusting measures of foreign policy
    similarity for chance agreement. Political Analysis 19(3), 287–305.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.unga import VOTES, UNVotes, read_unvotes

__all__ = ["alignment", "unga_alignment", "resolve_country", "parse_pair", "kappa", "scott_pi"]

USSR_NOTE = "RU is the USSR before 1992"


def resolve_country(token: str, votes: pd.DataFrame) -> tuple[str, str]:
    """A country of the voting data from its ISO2 code, ISO3 code or exact name.

    Returns:
        ``(label, name)``: the label to print (code or name) and the ``country`` value.

    Raises:
        DyadwatchError: no such country in the data.
    """
    text = token.strip()
    table = votes[["country", "country_code"]].drop_duplicates()
    by_code = table[table["country_code"].str.upper() == text.upper()]
    if text and len(by_code):
        return by_code["country_code"].iloc[0], by_code["country"].iloc[0]
    if len(text) == 3:
        import pycountry

        c = pycountry.countries.get(alpha_3=text.upper())
        if c is not None:
            hit = table[table["country_code"] == c.alpha_2]
            if len(hit):
                return c.alpha_2, hit["country"].iloc[0]
    by_name = table[table["country"].str.lower() == text.lower()]
    if len(by_name):
        row = by_name.iloc[0]
        return (row["country_code"] or row["country"]), row["country"]
    raise DyadwatchError(
        f"no country {token!r} in the UN voting data",
        where="{dyad}",
        fix="use two-letter codes (US, RU, CN, GB, FR), three-letter codes or exact names "
        "separated by a comma",
    )


def parse_pair(text: str, votes: pd.DataFrame) -> tuple[tuple[str, str], tuple[str, str]]:
    """``"US-RU"``, ``"USA-RUS"`` or ``"United States,Russia"`` to two countries."""
    parts = text.split(",") if "," in text else text.replace("–", "-").split("-")
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise DyadwatchError(
            f"malformed pair {text!r}",
            where="{dyad}",
            fix="write two codes like US-RU, or two names separated by a comma",
        )
    a, b = resolve_country(parts[0], votes), resolve_country(parts[1], votes)
    if a[1] == b[1]:
        raise DyadwatchError(f"a pair needs two different countries, got {text!r}", where="{dyad}")
    return a, b


def _issue_rcids(data: UNVotes, issue: str) -> set[int]:
    issues = data.issues
    key = issue.strip().lower()
    hit = issues[(issues["short_name"].str.lower() == key) | (issues["issue"].str.lower() == key)]
    if hit.empty:
        known = issues[["short_name", "issue"]].drop_duplicates().sort_values("short_name")
        listing = ", ".join(f"{r.short_name} ({r.issue})" for r in known.itertuples())
        raise DyadwatchError(
            f"unknown issue {issue!r}", where="{issue}", fix=f"use one of: {listing}"
        )
    return set(hit["rcid"].astype(int))


def kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa of two vote vectors over yes/no/abstain (NaN if chance agreement is 1)."""
    if len(a) == 0:
        return float("nan")
    po = float(np.mean(a == b))
    pe = sum(float(np.mean(a == v)) * float(np.mean(b == v)) for v in VOTES)
    return float("nan") if pe >= 1.0 else (po - pe) / (1.0 - pe)


def scott_pi(a: np.ndarray, b: np.ndarray) -> float:
    """Scott's pi of two vote vectors: chance agreement from the pooled shares of yes/no/abstain
    (NaN if it is 1)."""
    if len(a) == 0:
        return float("nan")
    po = float(np.mean(a == b))
    pe = sum(((float(np.mean(a == v)) + float(np.mean(b == v))) / 2) ** 2 for v in VOTES)
    return float("nan") if pe >= 1.0 else (po - pe) / (1.0 - pe)


def alignment(
    data: UNVotes,
    pair: str = "US-RU",
    *,
    issue: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """Per-year vote alignment of a pair (see the module docstring for the columns).

    Args:
        data: the voting data (:func:`dyadwatch.sources.unga.read_unvotes`).
        pair: two countries, e.g. ``"US-RU"``.
        issue: keep roll calls with this issue tag (short name ``me``/``nu``/``di``/``hr``/``co``/
            ``ec`` or the issue's name).
        start, end: first and last year.

    Raises:
        DyadwatchError: unknown country or issue; no roll calls in the range.
    """
    (la, na), (lb, nb) = parse_pair(pair, data.votes)
    rolls = data.roll_calls[["rcid", "year"]]
    if issue:
        rolls = rolls[rolls["rcid"].isin(_issue_rcids(data, issue))]
    if start is not None:
        rolls = rolls[rolls["year"] >= start]
    if end is not None:
        rolls = rolls[rolls["year"] <= end]
    if rolls.empty:
        raise DyadwatchError(
            "no roll calls in that range", where="{start}/{end}", fix="widen the years"
        )
    votes = data.votes
    va = votes.loc[votes["country"] == na, ["rcid", "vote"]].rename(columns={"vote": "a"})
    vb = votes.loc[votes["country"] == nb, ["rcid", "vote"]].rename(columns={"vote": "b"})
    both = rolls.merge(va, on="rcid").merge(vb, on="rcid")
    totals = rolls.groupby("year").size().rename("roll_calls")
    rows = []
    for year, n_total in totals.items():
        sub = both[both["year"] == year]
        a, b = sub["a"].to_numpy(), sub["b"].to_numpy()
        agreed = int((a == b).sum())
        rows.append(
            {
                "year": int(year),
                "pair": f"{la}-{lb}",
                "roll_calls": int(n_total),
                "both_voted": int(len(sub)),
                "agreed": agreed,
                "agreement": agreed / len(sub) if len(sub) else np.nan,
                "kappa": kappa(a, b),
                "pi": scott_pi(a, b),
                "note": USSR_NOTE if year < 1992 and "Russia" in (na, nb) else "",
            }
        )
    return pd.DataFrame(rows)


def unga_alignment(
    pair: str = "US-RU",
    *,
    issue: str | None = None,
    start: int | None = None,
    end: int | None = None,
    data: str | Path | None = None,
) -> pd.DataFrame:
    """Per-year alignment read from the default (or given) voting-data folder.

    Example:
        >>> unga_alignment("US-RU", start=2010, end=2012)[["year", "both_voted", "agreed"]]
           year  both_voted  agreed
        0  2010          86      22
        1  2011          97      37
        2  2012          92      30
    """
    return alignment(read_unvotes(data), pair, issue=issue, start=start, end=end)
