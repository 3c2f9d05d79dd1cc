"""UN General Assembly roll-call votes in the Voeten / ``unvotes`` layout: the reader.

The data are Voeten, Strezhnev and Bailey's *United Nations General Assembly Voting Data*
(Harvard Dataverse, CC0) as packaged by the R package ``unvotes`` [VSB2009; Rob2021], three CSV
files in one folder:

* ``un_votes.csv``: ``rcid, country, country_code, vote`` (vote: yes, no, abstain; absences are
  not rows);
* ``un_roll_calls.csv``: ``rcid, session, importantvote, date, unres, amend, para, short, descr``;
* ``un_roll_call_issues.csv``: ``rcid, short_name, issue`` (six issue tags).

``country_code`` is ISO 3166-1 alpha-2 and is empty for three historical members (the Federal
Republic of Germany, the Yemen Arab Republic, Zanzibar); ``NA`` is Namibia, so the reader never
turns it into a missing value. Before 1992 the row "Russia" (RU) is the USSR.

Where the folder is looked for, in order: ``--data DIR``; ``$DYADWATCH_UNGA_DIR``; the project's
shared research data (``../shared/data/unga`` next to the source tree); ``unga/`` in the user
data directory, where ``dyadwatch data download unga`` puts it.

References:
    [VSB2009] Voeten, E., Strezhnev, A., Bailey, M. (2009). United Nations General Assembly
    Voting Data. Harvard Dataverse, https://doi.org/10.7910/DVN/LEJUQZ
    [Rob2021] Robinson, D. (2021). unvotes: United Nations General Assembly Voting Data. R
    package version 0.3.0.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dyadwatch.errors import DyadwatchError

__all__ = ["UNVotes", "read_unvotes", "default_unga_dirs", "find_unga_dir", "FILES", "VOTES"]

FILES = {
    "votes": ("un_votes.csv", ("rcid", "country", "country_code", "vote")),
    "roll_calls": ("un_roll_calls.csv", ("rcid", "session", "importantvote", "date", "unres")),
    "issues": ("un_roll_call_issues.csv", ("rcid", "short_name", "issue")),
}
VOTES = ("yes", "no", "abstain")


@dataclass
class UNVotes:
    """The three tables, typed: ``rcid`` int, ``date`` datetime, ``year`` int on roll calls."""

    votes: pd.DataFrame
    roll_calls: pd.DataFrame
    issues: pd.DataFrame
    folder: Path


def default_unga_dirs() -> list[Path]:
    """Candidate folders, in the order they are tried."""
    dirs = []
    env = os.environ.get("DYADWATCH_UNGA_DIR")
    if env:
        dirs.append(Path(env))
    repo = Path(__file__).resolve().parents[3]
    dirs.append(repo.parent / "shared" / "data" / "unga")
    import platformdirs

    dirs.append(Path(platformdirs.user_data_dir("dyadwatch", appauthor=False)) / "unga")
    return dirs


def find_unga_dir(data: str | Path | None = None) -> Path:
    """The folder to read: ``data`` if given, else the first default holding ``un_votes.csv``.

    Raises:
        DyadwatchError: no folder holds the data.
    """
    if data is not None:
        return Path(data)
    for folder in default_unga_dirs():
        if (folder / FILES["votes"][0]).is_file():
            return folder
    looked = ", ".join(str(d) for d in default_unga_dirs())
    raise DyadwatchError(
        f"UN General Assembly voting data not found (looked in {looked})",
        fix="run 'dyadwatch data download unga' or pass --data DIR",
    )


def _read(folder: Path, key: str, **kwargs) -> pd.DataFrame:
    name, required = FILES[key]
    path = folder / name
    if not path.is_file():
        raise DyadwatchError(
            f"{name} is missing from {folder}",
            where=str(path),
            fix="run 'dyadwatch data download unga' or pass --data DIR holding the unvotes CSVs",
        )
    try:
        frame = pd.read_csv(path, keep_default_na=False, na_values=[""], **kwargs)
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DyadwatchError(
            f"cannot parse {path}: {str(exc).splitlines()[0]}", fix="download the file again"
        ) from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DyadwatchError(
            f"{name} lacks columns {', '.join(missing)}",
            where=f"{path}, line 1",
            fix="use the unvotes 0.3.0 layout (rcid, country, country_code, vote, ...)",
        )
    return frame


def read_unvotes(folder: str | Path | None = None) -> UNVotes:
    """Read the three ``unvotes`` CSV files from ``folder`` (default: :func:`find_unga_dir`).

    Raises:
        DyadwatchError: a file is missing or malformed, or a vote is not yes/no/abstain.

    Example:
        >>> data = read_unvotes("../shared/data/unga")  # doctest: +SKIP
        >>> data.votes.head()  # doctest: +SKIP
    """
    folder = find_unga_dir(folder)
    votes = _read(
        folder, "votes", dtype={"country": str, "country_code": str, "vote": str, "rcid": float}
    )
    votes["country_code"] = votes["country_code"].fillna("")
    votes["rcid"] = votes["rcid"].astype("int64")
    bad = ~votes["vote"].isin(VOTES)
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise DyadwatchError(
            f"vote {votes['vote'].iloc[i]!r} is not yes, no or abstain",
            where=f"{folder / FILES['votes'][0]}, line {i + 2}, column vote",
            fix="use the unvotes layout",
        )
    rolls = _read(folder, "roll_calls", dtype={"unres": str, "short": str, "descr": str})
    rolls["rcid"] = rolls["rcid"].astype("int64")
    rolls["date"] = pd.to_datetime(rolls["date"], errors="coerce")
    if rolls["date"].isna().any():
        i = int(rolls["date"].isna().to_numpy().argmax())
        raise DyadwatchError(
            "roll call without a valid date",
            where=f"{folder / FILES['roll_calls'][0]}, line {i + 2}, column date",
        )
    rolls["year"] = rolls["date"].dt.year.astype(int)
    issues = _read(folder, "issues", dtype={"short_name": str, "issue": str})
    issues["rcid"] = issues["rcid"].astype("int64")
    return UNVotes(votes=votes, roll_calls=rolls, issues=issues, folder=folder)
