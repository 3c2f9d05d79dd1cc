"""UN General Assembly roll-call votes (Voeten, Strezhnev & Bailey): shipped, read, overlaid.

The data are Voeten, Strezhnev and Bailey's *United Nations General Assembly Voting Data*
(Harvard Dataverse, CC0) as packaged by the R package ``unvotes`` 0.3.0 [VSB2009; Rob2021]:
sessions 1–74 (1946–2019), 869,937 country votes on 6,202 roll calls. They ship inside this
package as Parquet (``dyadwatch/data/unga/``, see its README), so nothing needs downloading.

Where the votes come from, in order of precedence:

1. ``folder`` (``--data DIR``) or ``$DYADWATCH_UNGA_DIR``: that folder alone;
2. otherwise the shipped Parquet, with the sessions found in ``unga/`` of the user data
   directory (where ``dyadwatch data download unga`` puts newer releases) replacing the
   shipped ones they overlap and adding the newer ones.

A folder may hold any of three layouts, recognised by their files:

* the shipped Parquet (``votes.parquet``, ``roll_calls.parquet``, ``issues.parquet``,
  ``countries.parquet``; vote 1 yes, 2 abstain, 3 no, Voeten's own codes);
* the ``unvotes`` CSVs: ``un_votes.csv`` (``rcid, country, country_code, vote`` with vote yes,
  no, abstain), ``un_roll_calls.csv`` (``rcid, session, importantvote, date, unres, amend, para,
  short, descr``) and ``un_roll_call_issues.csv`` (``rcid, short_name, issue``);
* the Dataverse release itself: one CSV/TSV with a row per country and roll call (``rcid``,
  ``session``, ``date``, ``vote`` coded 1 yes, 2 abstain, 3 no, 8 absent, 9 not a member,
  ``Countryname`` and/or ``Country``, and where present ``unres, amend, para, short, descr,
  importantvote`` and the issue flags ``me, nu, di, hr, co, ec``) [VSB2009 codebook]. Codes 8
  and 9 are not votes; they are counted in ``UNVotes.skipped``, never silently dropped.

``country_code`` is ISO 3166-1 alpha-2 and is empty for three historical members (the Federal
Republic of Germany, the Yemen Arab Republic, Zanzibar); ``NA`` is Namibia, never a missing
value. Before 1992 the row "Russia" (RU) is the USSR.

References:
    [VSB2009] Voeten, E., Strezhnev, A., Bailey, M. (2009). United Nations General Assembly
    Voting Data. Harvard Dataverse, https://doi.org/10.7910/DVN/LEJUQZ
    [Rob2021] Robinson, D. (2021). unvotes: United Nations General Assembly Voting Data. R
    package version 0.3.0.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from dyadwatch.errors import DyadwatchError

__all__ = [
    "UNVotes",
    "read_unvotes",
    "default_unga_dirs",
    "find_unga_dir",
    "user_unga_dir",
    "shipped_unga_dir",
    "shipped_tables",
    "write_shipped",
    "content_hash",
    "read_cached",
    "write_cached",
    "FILES",
    "PARQUET",
    "VOTES",
    "VOTE_CODES",
]

FILES = {
    "votes": ("un_votes.csv", ("rcid", "country", "country_code", "vote")),
    "roll_calls": ("un_roll_calls.csv", ("rcid", "session", "importantvote", "date", "unres")),
    "issues": ("un_roll_call_issues.csv", ("rcid", "short_name", "issue")),
}
PARQUET = {
    "votes": "votes.parquet",
    "roll_calls": "roll_calls.parquet",
    "issues": "issues.parquet",
    "countries": "countries.parquet",
}
VOTES = ("yes", "no", "abstain")
#: Voeten's vote codes (the Dataverse release and the shipped Parquet)
VOTE_CODES = {1: "yes", 2: "abstain", 3: "no"}
NOT_VOTES = {8: "absent", 9: "not_member"}
ISSUES = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}
ROLL_CALL_COLUMNS = (
    "rcid",
    "session",
    "importantvote",
    "date",
    "unres",
    "amend",
    "para",
    "short",
    "descr",
)


@dataclass
class UNVotes:
    """The voting tables, typed: ``rcid`` int, ``date`` datetime, ``year`` int on roll calls.

    Attributes:
        votes: ``rcid, country, country_code, vote`` (vote yes, no, abstain).
        roll_calls: one row a roll call (``rcid, session, date, year, unres, short, descr, ...``).
        issues: ``rcid, short_name, issue``.
        folder: the folder read, or the shipped folder for the default.
        origin: where each part came from, for people ("shipped ...; user data dir ...").
        skipped: rows that are not votes (absent, not a member), by reason.
    """

    votes: pd.DataFrame
    roll_calls: pd.DataFrame
    issues: pd.DataFrame
    folder: Path | None = None
    origin: str = ""
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def sessions(self) -> tuple[int, int]:
        """First and last session."""
        s = self.roll_calls["session"]
        return int(s.min()), int(s.max())

    def freshness(self, as_of: dt.date | None = None) -> str:
        """One sentence: the roll calls' date range, their number and the newest one's age
        (:func:`dyadwatch.freshness.votes_line`)."""
        from dyadwatch.freshness import votes_line

        dates = self.roll_calls["date"]
        return votes_line(dates.min().date(), dates.max().date(), len(dates), as_of)


def shipped_unga_dir() -> Path:
    """The Parquet shipped inside the package."""
    return Path(__file__).resolve().parents[1] / "data" / "unga"


def user_unga_dir() -> Path:
    """``unga/`` in the user data directory (newer sessions downloaded by the user)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("dyadwatch", appauthor=False)) / "unga"


def default_unga_dirs() -> list[Path]:
    """The places read without ``folder``, in order of precedence (``$DYADWATCH_UNGA_DIR``
    alone when set; else the user data directory over the shipped Parquet)."""
    env = os.environ.get("DYADWATCH_UNGA_DIR")
    if env:
        return [Path(env)]
    return [user_unga_dir(), shipped_unga_dir()]


def find_unga_dir(data: str | Path | None = None) -> Path | None:
    """The one folder to read (``data`` or ``$DYADWATCH_UNGA_DIR``), or None for the default
    (shipped Parquet with the user's newer sessions over it)."""
    if data is not None:
        return Path(data)
    env = os.environ.get("DYADWATCH_UNGA_DIR")
    return Path(env) if env else None


def read_unvotes(folder: str | Path | None = None) -> UNVotes:
    """The UN votes: from ``folder`` (or ``$DYADWATCH_UNGA_DIR``) alone, else the shipped data
    with newer sessions from the user data directory over it (module docstring).

    Raises:
        DyadwatchError: the folder holds no voting data, or a file is malformed.

    Example:
        >>> data = read_unvotes()  # the shipped 1946-2019 votes, no download needed
        >>> data.sessions
        (1, 74)
    """
    chosen = find_unga_dir(folder)
    if chosen is not None:
        data = _read_folder(chosen)
        if data is None:
            raise DyadwatchError(
                f"no UN voting data in {chosen}: {FILES['votes'][0]} is missing",
                where=str(chosen),
                fix="run 'dyadwatch data download unga' or pass {data} a folder holding the "
                "unvotes CSVs or a Dataverse UNVotes file",
            )
        return data
    shipped = shipped_unga_dir()
    base = _read_folder(shipped)
    if base is None:
        raise DyadwatchError(
            f"the shipped UN voting data are missing from {shipped} (a broken installation)",
            where=str(shipped),
            fix="reinstall dyadwatch, or run 'dyadwatch data download unga'",
        )
    newer = _read_folder(user_unga_dir())
    return base if newer is None else overlay(base, newer)


def overlay(base: UNVotes, newer: UNVotes) -> UNVotes:
    """``base`` with every session ``newer`` holds replaced by ``newer``'s roll calls."""
    sessions = set(newer.roll_calls["session"].astype(int))
    keep = base.roll_calls.loc[~base.roll_calls["session"].astype(int).isin(sessions), "rcid"]
    rolls = pd.concat(
        [base.roll_calls[base.roll_calls["rcid"].isin(keep)], newer.roll_calls], ignore_index=True
    )
    votes = pd.concat([base.votes[base.votes["rcid"].isin(keep)], newer.votes], ignore_index=True)
    issues = pd.concat(
        [base.issues[base.issues["rcid"].isin(keep)], newer.issues], ignore_index=True
    )
    for col in ("country", "country_code", "vote"):
        votes[col] = votes[col].astype(str).astype("category")
    lo, hi = min(sessions), max(sessions)
    skipped = {k: base.skipped.get(k, 0) + newer.skipped.get(k, 0) for k in NOT_VOTES.values()}
    return UNVotes(
        votes=votes,
        roll_calls=rolls.sort_values("rcid", ignore_index=True),
        issues=issues,
        folder=newer.folder,
        origin=f"{base.origin}; sessions {lo}-{hi} from {newer.origin}",
        skipped={k: v for k, v in skipped.items() if v},
    )


def _read_folder(folder: Path) -> UNVotes | None:
    """The data in ``folder`` in whichever layout it holds, or None when it holds none."""
    if not folder.is_dir():
        return None
    if (folder / PARQUET["votes"]).is_file():
        return _read_parquet(folder)
    if (folder / FILES["votes"][0]).is_file():
        return _read_csv(folder)
    releases = _dataverse_files(folder)
    if releases:
        return _read_dataverse(releases, _known_countries())
    return None


def _known_countries() -> pd.DataFrame:
    path = shipped_unga_dir() / PARQUET["countries"]
    if not path.is_file():
        return pd.DataFrame({"country": [], "country_code": []})
    return pd.read_parquet(path)[["country", "country_code"]]


def _dataverse_files(folder: Path) -> list[Path]:
    """CSV/TSV files whose header has ``rcid``, ``vote`` and a country column."""
    hits = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".csv", ".tab", ".tsv") or not path.is_file():
            continue
        with path.open(encoding="utf-8", errors="replace") as f:
            head = f.readline().replace('"', "").strip()
        cols = {c.strip().lower() for c in head.replace("\t", ",").split(",")}
        if {"rcid", "vote"} <= cols and cols & {"countryname", "country", "ccode"}:
            hits.append(path)
    return hits


def _finish(votes, rolls, issues, folder, origin, skipped=None) -> UNVotes:
    """Common types: categories for the vote table, ints and dates on roll calls."""
    votes = votes.assign(rcid=votes["rcid"].astype("int64"))
    for col in ("country", "country_code", "vote"):
        votes[col] = votes[col].astype(str).astype("category")
    rolls = rolls.assign(rcid=rolls["rcid"].astype("int64"))
    rolls["session"] = rolls["session"].astype("int64")
    rolls["year"] = rolls["date"].dt.year.astype(int)
    issues = issues.assign(rcid=issues["rcid"].astype("int64"))
    return UNVotes(votes, rolls, issues, folder=folder, origin=origin, skipped=skipped or {})


def _read_parquet(folder: Path) -> UNVotes:
    """The shipped layout (see :func:`shipped_tables`)."""
    try:
        tables = {k: pd.read_parquet(folder / name) for k, name in PARQUET.items()}
    except (OSError, ValueError) as exc:
        raise DyadwatchError(
            f"cannot read the UN votes Parquet in {folder}: {str(exc).splitlines()[0]}",
            where=str(folder),
            fix="reinstall dyadwatch or regenerate it with dyadwatch.sources.unga.write_shipped",
        ) from None
    countries = tables["countries"].set_index("country_id")
    v = tables["votes"]
    votes = pd.DataFrame(
        {
            "rcid": v["rcid"],
            "country": countries["country"].to_numpy()[v["country_id"].to_numpy()],
            "country_code": countries["country_code"].to_numpy()[v["country_id"].to_numpy()],
            "vote": pd.Series(v["vote"]).map(VOTE_CODES),
        }
    )
    rolls = tables["roll_calls"]
    rolls["date"] = pd.to_datetime(rolls["date"])
    rolls = rolls.astype({c: "float64" for c in ("importantvote", "amend", "para")})
    span = f"{int(rolls['session'].min())}-{int(rolls['session'].max())}"
    name = "shipped" if folder == shipped_unga_dir() else str(folder)
    return _finish(votes, rolls, tables["issues"], folder, f"{name} (sessions {span})")


def _read_table(folder: Path, key: str, **kwargs) -> pd.DataFrame:
    name, required = FILES[key]
    path = folder / name
    if not path.is_file():
        raise DyadwatchError(
            f"{name} is missing from {folder}",
            where=str(path),
            fix="run 'dyadwatch data download unga' or pass {data} DIR holding the unvotes CSVs",
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


def _read_csv(folder: Path) -> UNVotes:
    """The ``unvotes`` CSV layout."""
    votes = _read_table(
        folder, "votes", dtype={"country": str, "country_code": str, "vote": str, "rcid": float}
    )
    votes["country_code"] = votes["country_code"].fillna("")
    bad = ~votes["vote"].isin(VOTES)
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise DyadwatchError(
            f"vote {votes['vote'].iloc[i]!r} is not yes, no or abstain",
            where=f"{folder / FILES['votes'][0]}, line {i + 2}, column vote",
            fix="use the unvotes layout",
        )
    rolls = _read_table(folder, "roll_calls", dtype={"unres": str, "short": str, "descr": str})
    rolls["date"] = pd.to_datetime(rolls["date"], errors="coerce")
    if rolls["date"].isna().any():
        i = int(rolls["date"].isna().to_numpy().argmax())
        raise DyadwatchError(
            "roll call without a valid date",
            where=f"{folder / FILES['roll_calls'][0]}, line {i + 2}, column date",
        )
    issues = _read_table(folder, "issues", dtype={"short_name": str, "issue": str})
    span = f"{int(rolls['session'].min())}-{int(rolls['session'].max())}"
    return _finish(votes, rolls, issues, folder, f"{folder} (sessions {span})")


def _country_lookup(pairs: pd.DataFrame, known: pd.DataFrame) -> pd.DataFrame:
    """``(Countryname, Country)`` of a Dataverse release to the shipped ``country`` and ISO2
    ``country_code``: by exact name, then by ISO 3166 name or code (pycountry); a country
    neither finds keeps its release name and an empty code, so no vote is lost."""
    import pycountry

    from dyadwatch.sources.countries import name_to_iso3

    by_name = {
        n.lower(): (n, c) for n, c in zip(known["country"], known["country_code"], strict=True)
    }
    by_code = {c: n for n, c in zip(known["country"], known["country_code"], strict=True) if c}
    rows = []
    for name, code in zip(pairs["name"], pairs["code"], strict=True):
        hit = by_name.get(str(name).strip().lower())
        if hit is None:
            iso3 = name_to_iso3(str(name)) or (str(code).upper() if code else None)
            entry = pycountry.countries.get(alpha_3=iso3) if iso3 and len(iso3) == 3 else None
            if entry is not None:
                hit = (by_code.get(entry.alpha_2, str(name)), entry.alpha_2)
            else:
                hit = (str(name), "")
        rows.append((name, code, *hit))
    return pd.DataFrame(rows, columns=["name", "code", "country", "country_code"])


def _release_votes(frame: pd.DataFrame, path: Path) -> tuple[pd.DataFrame, dict[str, int]]:
    """Keep codes 1-3 (yes, abstain, no); count 8 and 9; refuse any other code."""
    code = pd.to_numeric(frame["vote"], errors="coerce")
    bad = ~code.isin(list(VOTE_CODES) + list(NOT_VOTES))
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise DyadwatchError(
            f"vote code {frame['vote'].iloc[i]!r} is not 1, 2, 3, 8 or 9",
            where=f"{path}, line {i + 2}, column vote",
            fix="use the Dataverse UNVotes layout (1 yes, 2 abstain, 3 no, 8 absent, 9 non-member)",
        )
    skipped = {reason: int((code == c).sum()) for c, reason in NOT_VOTES.items()}
    return frame[code.isin(list(VOTE_CODES))].assign(vote=code.map(VOTE_CODES)), skipped


def _read_release(path: Path) -> pd.DataFrame:
    sep = "\t" if path.suffix.lower() in (".tab", ".tsv") else ","
    try:
        frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, na_values=[""])
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DyadwatchError(
            f"cannot parse {path}: {str(exc).splitlines()[0]}", fix="download the file again"
        ) from None
    frame.columns = [c.strip() for c in frame.columns]
    lower = {c.lower(): c for c in frame.columns}
    need = [c for c in ("rcid", "session", "date", "vote") if c not in lower]
    if need or not ({"countryname", "country"} & set(lower)):
        raise DyadwatchError(
            f"{path.name} lacks columns {', '.join(need) or 'Countryname/Country'}",
            where=f"{path}, line 1",
            fix="use the Dataverse UNVotes layout (rcid, session, date, vote, Countryname, ...)",
        )
    return frame.rename(columns={v: k for k, v in lower.items()})


def _read_dataverse(paths: list[Path], known: pd.DataFrame) -> UNVotes:
    """The Dataverse release (one row a country and roll call), see the module docstring."""
    parts, skipped = [], dict.fromkeys(NOT_VOTES.values(), 0)
    for path in paths:
        frame, counts = _release_votes(_read_release(path), path)
        parts.append(frame)
        skipped = {k: skipped[k] + counts[k] for k in skipped}
    frame = pd.concat(parts, ignore_index=True)
    frame["rcid"] = pd.to_numeric(frame["rcid"]).astype("int64")
    name = frame["countryname"] if "countryname" in frame else frame["country"]
    code = frame["country"] if "countryname" in frame and "country" in frame else ""
    frame = frame.assign(name=name, code=code)
    pairs = frame[["name", "code"]].drop_duplicates()
    frame = frame.drop(columns=["country"], errors="ignore").merge(
        _country_lookup(pairs, known), on=["name", "code"], how="left"
    )
    votes = frame[["rcid", "country", "country_code", "vote"]]
    rolls = frame.drop_duplicates("rcid").reindex(columns=list(ROLL_CALL_COLUMNS))
    rolls["date"] = pd.to_datetime(rolls["date"], errors="coerce")
    rolls["session"] = pd.to_numeric(rolls["session"], errors="coerce")
    if rolls[["date", "session"]].isna().any().any():
        raise DyadwatchError(
            "a roll call without a valid date or session",
            where=str(paths[0]),
            fix="download the file again",
        )
    for col in ("importantvote", "amend", "para"):
        rolls[col] = pd.to_numeric(rolls[col], errors="coerce")
    flags = [c for c in ISSUES if c in frame.columns]
    tagged = frame.drop_duplicates("rcid").melt("rcid", flags, "short_name", "flag")
    issues = tagged[pd.to_numeric(tagged["flag"], errors="coerce") == 1][["rcid", "short_name"]]
    issues = issues.assign(issue=issues["short_name"].map(ISSUES))
    span = f"{int(rolls['session'].min())}-{int(rolls['session'].max())}"
    origin = f"{paths[0].parent} (sessions {span})"
    return _finish(
        votes, rolls, issues, paths[0].parent, origin, {k: v for k, v in skipped.items() if v}
    )


def shipped_tables(data: UNVotes) -> dict[str, pd.DataFrame]:
    """The compact tables shipped as Parquet: ``countries`` (``country_id, country,
    country_code``), ``votes`` (``rcid`` int32, ``country_id`` int16, ``vote`` int8: 1 yes,
    2 abstain, 3 no; sorted by country then roll call), ``roll_calls`` and ``issues``."""
    pairs = data.votes[["country", "country_code"]].astype(str).drop_duplicates()
    countries = pairs.sort_values("country", ignore_index=True)
    countries.insert(0, "country_id", np.arange(len(countries), dtype=np.int16))
    ids = dict(zip(countries["country"], countries["country_id"], strict=True))
    codes = {v: k for k, v in VOTE_CODES.items()}
    votes = pd.DataFrame(
        {
            "rcid": data.votes["rcid"].astype(np.int32),
            "country_id": data.votes["country"].astype(str).map(ids).astype(np.int16),
            "vote": data.votes["vote"].astype(str).map(codes).astype(np.int8),
        }
    ).sort_values(["country_id", "rcid"], ignore_index=True)
    rolls = data.roll_calls[list(ROLL_CALL_COLUMNS)].sort_values("rcid", ignore_index=True)
    rolls = rolls.astype({"rcid": np.int32, "session": np.int16})
    rolls = rolls.astype({c: "Int8" for c in ("importantvote", "amend", "para")})
    rolls["date"] = rolls["date"].dt.date
    issues = data.issues[["rcid", "short_name", "issue"]].astype({"rcid": np.int32})
    issues = issues.sort_values(["rcid", "short_name"], ignore_index=True)
    return {"countries": countries, "votes": votes, "roll_calls": rolls, "issues": issues}


def write_shipped(csv_folder: str | Path, out: str | Path | None = None) -> dict[str, int]:
    """Regenerate the shipped Parquet from the ``unvotes`` CSVs; returns each file's size.

    Example (from the repository root, with the research data beside it; not run as a doctest
    because it rewrites the shipped files):
        >>> write_shipped("../shared/data/unga", "src/dyadwatch/data/unga")  # doctest: +SKIP
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out) if out is not None else shipped_unga_dir()
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for key, frame in shipped_tables(_read_csv(Path(csv_folder))).items():
        table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
        path = out / PARQUET[key]
        options: dict = {"compression": "zstd", "compression_level": 22, "use_dictionary": False}
        if key == "votes":  # delta-coded ids sorted by country: ~170 kB for 870k votes
            options |= {
                "use_dictionary": ["vote"],
                "column_encoding": {
                    "rcid": "DELTA_BINARY_PACKED",
                    "country_id": "DELTA_BINARY_PACKED",
                },
            }
        elif key == "roll_calls":  # long texts compress best in large pages
            options |= {"data_page_size": 1 << 22}
        pq.write_table(table, path, **options)
        sizes[PARQUET[key]] = path.stat().st_size
    return sizes


def content_hash(data: UNVotes) -> str:
    """A short hash of the votes and the roll calls' fields the models read."""
    h = hashlib.sha256()
    votes = data.votes[["rcid", "country", "vote"]].astype({"country": str, "vote": str})
    votes = votes.sort_values(["rcid", "country"], ignore_index=True)
    h.update(pd.util.hash_pandas_object(votes, index=False).to_numpy().tobytes())
    cols = ["rcid", "session", "amend", "para", "unres", "short", "descr"]
    rolls = data.roll_calls[cols].sort_values("rcid", ignore_index=True).astype(str)
    h.update(pd.util.hash_pandas_object(rolls, index=False).to_numpy().tobytes())
    return h.hexdigest()[:16]


def _cache_dir(folder: str | Path | None) -> Path:
    return Path(folder) if folder is not None else user_unga_dir().parent / "cache"


def read_cached(key: str, folder: str | Path | None = None) -> pd.DataFrame | None:
    """A cached table (``{key}.parquet`` in ``folder``, default the user data directory's
    ``cache/``), or None when absent or unreadable."""
    path = _cache_dir(folder) / f"{key}.parquet"
    if not path.is_file():
        return None
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError):
        return None


def write_cached(key: str, frame: pd.DataFrame, folder: str | Path | None = None) -> Path:
    """Write ``frame`` as the cached table ``key`` (atomically: a partial file never counts)."""
    path = _cache_dir(folder) / f"{key}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".parquet.part")
    frame.to_parquet(tmp, index=False)
    tmp.replace(path)
    return path
