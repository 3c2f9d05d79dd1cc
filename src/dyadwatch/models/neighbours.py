"""Security demand: how Russia's neighbours align, and whether neutrality lasts.

The essay's first misjudgement: the Kremlin's security demands leave its neighbours two
choices, vassal or adversary. This module codes the alignment of sixteen neighbours and
near-abroad states for every year 1991-2025 and measures what happens to the neutral ones.

Data (shipped, cited, ``dyadwatch/data/neighbours/``; coding rules in the README there):

* ``alignment_spells.csv``: spells ``country, start_year, end_year, status, status_military,
  basis, citation``; :func:`expand_spells` turns them into one row per country-year.
  ``status`` follows the issue's rule: ``aligned`` (Collective Security Treaty/CSTO, Union
  State, Eurasian Customs Union/EAEU, Russian forces based by consent), ``opposed`` (NATO or
  EU membership or a formal application, a NATO membership commitment or MAP, or Russian
  military action against the state in that year), else ``neutral``. ``status_military`` is a
  sensitivity coding in which EU membership or application does not count.
* ``coercive_acts.csv``: cited Russian coercive acts against these states.

Methods:

* :class:`AlignmentChain`: the empirical first-order Markov chain of yearly transitions
  (maximum-likelihood estimate ``P[i, j] = n_ij / n_i``), its communicating classes, closed
  classes and absorbing states, and the stationary distribution(s) ``pi = pi P``. When the
  chain is reducible the stationary distribution of each closed class is reported and the
  note says so (Norris, *Markov Chains*, 1997, ch. 1.4-1.7).
* :class:`NeutralitySurvival`: Kaplan-Meier estimate of how long a neutral spell lasts
  (Kaplan & Meier 1958), Greenwood standard errors with log(-log) intervals, and the
  Aalen-Johansen cumulative incidence of ending ``aligned`` versus ``opposed`` (competing
  risks; Kalbfleisch & Prentice, *The Statistical Analysis of Failure Time Data*, 2002).
  Spells still neutral in the last year are right-censored. Spells that began before 1991
  (Finland, Poland) are counted from 1991: the left truncation is ignored and stated.

Computed with numpy; ``lifelines`` is not a dependency.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from dyadwatch.errors import DyadwatchError

__all__ = [
    "AlignmentChain",
    "COUNTRIES",
    "NeutralitySurvival",
    "RULES",
    "STATUSES",
    "StationaryResult",
    "alignment_panel",
    "chain_structure",
    "cumulative_incidence",
    "expand_spells",
    "kaplan_meier",
    "load_coercive_acts",
    "load_spells",
    "neutral_spells",
    "report_sections",
    "stationary_distribution",
    "transition_counts",
    "validate_spells",
]

STATUSES = ("aligned", "neutral", "opposed")
RULES = {"default": "status", "military": "status_military"}
COUNTRIES: dict[str, str] = {
    "UKR": "Ukraine",
    "BLR": "Belarus",
    "MDA": "Moldova",
    "GEO": "Georgia",
    "ARM": "Armenia",
    "AZE": "Azerbaijan",
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "TJK": "Tajikistan",
    "UZB": "Uzbekistan",
    "TKM": "Turkmenistan",
    "EST": "Estonia",
    "LVA": "Latvia",
    "LTU": "Lithuania",
    "FIN": "Finland",
    "POL": "Poland",
}
FIRST_YEAR = 1991
LAST_YEAR = 2025
SPELL_COLUMNS = (
    "country",
    "start_year",
    "end_year",
    "status",
    "status_military",
    "basis",
    "citation",
)
COERCION_COLUMNS = (
    "act_id",
    "country",
    "date",
    "date_precision",
    "kind",
    "description",
    "citation",
)
CITATION_RE = re.compile(r'^[^"]+, "[^"]+"(?: \(.*\))?, \d{4}(?:-\d{2}(?:-\d{2})?)?$')
ISO3_RE = re.compile(r"^[A-Z]{3}$")


def _data_file(name: str) -> Path:
    return Path(str(resources.files("dyadwatch.data") / "neighbours" / name))


def _read_csv(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    if not path.is_file():
        raise DyadwatchError(f"file not found: {path}", fix="check the path")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in columns if c not in header]
        if missing:
            raise DyadwatchError(
                f"no column {missing[0]!r}", where=str(path), fix="header: " + ",".join(columns)
            )
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


# -- spells ------------------------------------------------------------------------------------


def validate_spells(
    rows: Iterable[Mapping[str, str]],
    *,
    source: str = "alignment_spells.csv",
    first_year: int = FIRST_YEAR,
    last_year: int = LAST_YEAR,
    required: Iterable[str] | None = tuple(COUNTRIES),
) -> pd.DataFrame:
    """Check alignment spells and return them typed and sorted.

    Checks: allowed status values, ISO3 codes, years in range and ordered, a citation on every
    spell, no overlapping spells, and every country covering ``first_year..last_year`` with no
    gap; ``required`` countries must be present.

    Raises:
        DyadwatchError: naming the file, line and column (or country) of the first problem.
    """
    records = []
    for line, row in enumerate(rows, start=2):
        where = f"{source}, line {line}"
        country = row.get("country", "")
        if not ISO3_RE.match(country):
            raise DyadwatchError(
                f"bad country code {country!r}", where=f"{where}, column country", fix="use ISO3"
            )
        years = []
        for col in ("start_year", "end_year"):
            try:
                years.append(int(row.get(col, "")))
            except ValueError:
                raise DyadwatchError(
                    f"bad {col} {row.get(col)!r}", where=f"{where}, column {col}", fix="use YYYY"
                ) from None
        start, end = years
        if start > end:
            raise DyadwatchError(
                f"start_year {start} after end_year {end}",
                where=f"{where}, column start_year",
                fix="swap them",
            )
        if start < first_year or end > last_year:
            raise DyadwatchError(
                f"spell {start}-{end} outside {first_year}-{last_year}",
                where=f"{where}, column start_year",
                fix="keep spells within the covered years",
            )
        for col in ("status", "status_military"):
            if row.get(col) not in STATUSES:
                raise DyadwatchError(
                    f"bad {col} {row.get(col)!r}",
                    where=f"{where}, column {col}",
                    fix="use aligned, neutral or opposed",
                )
        if not row.get("basis"):
            raise DyadwatchError("empty basis", where=f"{where}, column basis", fix="say why")
        if not CITATION_RE.match(row.get("citation", "")):
            raise DyadwatchError(
                "citation missing or malformed",
                where=f"{where}, column citation",
                fix='write Publisher, "Title", YYYY-MM-DD',
            )
        records.append(
            {
                "country": country,
                "start_year": start,
                "end_year": end,
                "status": row["status"],
                "status_military": row["status_military"],
                "basis": row["basis"],
                "citation": row["citation"],
                "line_no": line,
            }
        )
    frame = pd.DataFrame.from_records(records, columns=[*SPELL_COLUMNS, "line_no"])
    for country, group in frame.groupby("country", sort=False):
        group = group.sort_values("start_year")
        expected = first_year
        for rec in group.itertuples(index=False):
            if rec.start_year < expected:
                raise DyadwatchError(
                    f"{country}: spell {rec.start_year}-{rec.end_year} overlaps the previous one",
                    where=f"{source}, line {rec.line_no}",
                    fix="make spells of one country disjoint",
                )
            if rec.start_year > expected:
                raise DyadwatchError(
                    f"{country}: no spell covers {expected}-{rec.start_year - 1}",
                    where=f"{source}, line {rec.line_no}",
                    fix="add a spell so the years are contiguous",
                )
            expected = rec.end_year + 1
        if expected != last_year + 1:
            raise DyadwatchError(
                f"{country}: spells end in {expected - 1}, not {last_year}",
                where=source,
                fix=f"extend the last spell to {last_year}",
            )
    missing = sorted(set(required or ()) - set(frame["country"]))
    if missing:
        raise DyadwatchError(
            f"no spells for {', '.join(missing)}", where=source, fix="add the missing countries"
        )
    frame = frame.drop(columns="line_no").sort_values(["country", "start_year"])
    return frame.reset_index(drop=True)


def load_spells(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the alignment spells (the shipped table unless ``path`` is given)."""
    file = Path(path) if path is not None else _data_file("alignment_spells.csv")
    return validate_spells(_read_csv(file, SPELL_COLUMNS), source=file.name)


def expand_spells(spells: pd.DataFrame) -> pd.DataFrame:
    """One row per country-year from spells (``country, year, status, status_military, ...``)."""
    rows = []
    for rec in spells.itertuples(index=False):
        for year in range(int(rec.start_year), int(rec.end_year) + 1):
            rows.append(
                {
                    "country": rec.country,
                    "year": year,
                    "status": rec.status,
                    "status_military": rec.status_military,
                    "basis": rec.basis,
                    "citation": rec.citation,
                }
            )
    frame = pd.DataFrame(
        rows, columns=["country", "year", "status", "status_military", "basis", "citation"]
    )
    return frame.sort_values(["country", "year"]).reset_index(drop=True)


def _column_for(rule: str) -> str:
    if rule not in RULES:
        raise DyadwatchError(
            f"unknown coding rule {rule!r}", where="--rule", fix="use default or military"
        )
    return RULES[rule]


def alignment_panel(rule: str = "default", spells: pd.DataFrame | None = None) -> pd.DataFrame:
    """Country-year alignment under a coding rule: ``country, name, year, status, basis, citation``.

    Args:
        rule: ``default`` (EU membership or application counts as opposed) or ``military``
            (only NATO and Russian military action count).
        spells: validated spells (default: the shipped table).
    """
    column = _column_for(rule)
    spells = load_spells() if spells is None else spells
    panel = expand_spells(spells)
    panel["status"] = panel[column]
    panel.insert(1, "name", panel["country"].map(COUNTRIES).fillna(panel["country"]))
    return panel[["country", "name", "year", "status", "basis", "citation"]]


def load_coercive_acts(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the cited table of Russian coercive acts against neighbours."""
    file = Path(path) if path is not None else _data_file("coercive_acts.csv")
    rows = _read_csv(file, COERCION_COLUMNS)
    seen = set()
    for line, row in enumerate(rows, start=2):
        where = f"{file.name}, line {line}"
        if row["act_id"] in seen or not row["act_id"]:
            raise DyadwatchError(f"duplicate or empty act_id {row['act_id']!r}", where=where)
        seen.add(row["act_id"])
        if not ISO3_RE.match(row["country"]):
            raise DyadwatchError(
                f"bad country {row['country']!r}", where=f"{where}, column country"
            )
        try:
            day = pd.Timestamp(row["date"]).date()
        except ValueError:
            raise DyadwatchError(
                f"bad date {row['date']!r}", where=f"{where}, column date"
            ) from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise DyadwatchError(f"year {day.year} out of range", where=f"{where}, column date")
        if row["date_precision"] not in ("day", "month", "year"):
            raise DyadwatchError("bad date_precision", where=f"{where}, column date_precision")
        if not row["description"] or not CITATION_RE.match(row["citation"]):
            raise DyadwatchError(
                "description or citation missing or malformed",
                where=f"{where}, column citation",
                fix='write Publisher, "Title", YYYY-MM-DD',
            )
    frame = pd.DataFrame(rows, columns=list(COERCION_COLUMNS))
    frame["year"] = frame["date"].str[:4].astype(int)
    return frame.sort_values(["date", "act_id"]).reset_index(drop=True)


# -- Markov chain ------------------------------------------------------------------------------


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
    notes = []
    if structure["irreducible"]:
        notes.append(
            "The chain is irreducible: every status can be reached from every other, "
            "so the stationary distribution is unique."
        )
    else:
        classes = "; ".join("{" + ", ".join(c) + "}" for c in structure["classes"])
        notes.append(f"The chain is reducible (communicating classes: {classes}).")
        if len(dists) == 1:
            notes.append(
                "It has one closed class, so the stationary distribution is unique and "
                "puts all mass there."
            )
        else:
            notes.append(
                f"It has {len(dists)} closed classes, so there is no unique stationary "
                "distribution; one is given per closed class."
            )
    if structure["absorbing"]:
        notes.append(
            "Absorbing: " + ", ".join(structure["absorbing"]) + " (never left once "
            "entered in the data)."
        )
    return StationaryResult(
        distribution=dists[0] if len(dists) == 1 else None,
        by_closed_class=dists,
        irreducible=structure["irreducible"],
        absorbing=structure["absorbing"],
        note=" ".join(notes),
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

    def __init__(self, *, states: Sequence[str] = STATUSES, unobserved: str = "absorbing"):
        self.states = states
        self.unobserved = unobserved

    def fit(self, panel: pd.DataFrame) -> AlignmentChain:
        """Count transitions in a country-year panel and derive the chain."""
        counts = transition_counts(panel, self.states)
        totals = counts.sum(axis=1)
        self.unobserved_ = [s for s in counts.index if totals[s] == 0]
        if self.unobserved_ and self.unobserved == "error":
            raise DyadwatchError(f"no transitions observed from {self.unobserved_}")
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


# -- survival of neutrality --------------------------------------------------------------------


def neutral_spells(panel: pd.DataFrame) -> pd.DataFrame:
    """Maximal runs of ``neutral`` per country: start, end, duration, ended, next status.

    A run that reaches the country's last year is right-censored (``ended=False``,
    ``next_status`` empty).
    """
    rows = []
    for country, group in panel.sort_values(["country", "year"]).groupby("country", sort=False):
        years = group["year"].to_numpy()
        status = group["status"].to_numpy()
        k = 0
        while k < len(group):
            if status[k] != "neutral":
                k += 1
                continue
            j = k
            while j + 1 < len(group) and status[j + 1] == "neutral":
                j += 1
            ended = j + 1 < len(group)
            rows.append(
                {
                    "country": country,
                    "start": int(years[k]),
                    "end": int(years[j]),
                    "duration": int(years[j] - years[k] + 1),
                    "ended": bool(ended),
                    "next_status": str(status[j + 1]) if ended else "",
                }
            )
            k = j + 1
    return pd.DataFrame(
        rows, columns=["country", "start", "end", "duration", "ended", "next_status"]
    )


def kaplan_meier(
    durations: Sequence[float], events: Sequence[bool], *, alpha: float = 0.05
) -> pd.DataFrame:
    """Kaplan-Meier survival estimate with Greenwood errors and log(-log) intervals.

    Args:
        durations: time to event or censoring (> 0).
        events: True where the spell ended (event), False where censored. Censorings at an
            event time are counted at risk at that time (the usual convention).
        alpha: 1 - confidence level of the pointwise interval.

    Returns:
        One row per distinct time: time, at_risk, events, censored, survival, se, lower, upper.
    """
    t = np.asarray(durations, dtype=float)
    d = np.asarray(events, dtype=bool)
    if t.shape != d.shape or t.size == 0:
        raise DyadwatchError("durations and events must be non-empty and of equal length")
    if np.any(~np.isfinite(t)) or np.any(t <= 0):
        raise DyadwatchError("durations must be positive and finite")
    z = stats.norm.ppf(1 - alpha / 2)
    rows = []
    surv, green = 1.0, 0.0
    for time in np.unique(t):
        at_risk = int(np.sum(t >= time))
        n_event = int(np.sum((t == time) & d))
        n_cens = int(np.sum((t == time) & ~d))
        if n_event:
            surv *= 1.0 - n_event / at_risk
            if at_risk > n_event:
                green += n_event / (at_risk * (at_risk - n_event))
            else:
                green = np.inf
        se = surv * np.sqrt(green) if np.isfinite(green) else np.nan
        if 0.0 < surv < 1.0 and np.isfinite(green):
            spread = z * np.sqrt(green) / abs(np.log(surv))
            lower = surv ** np.exp(spread)
            upper = surv ** np.exp(-spread)
        else:
            lower = upper = surv
        rows.append(
            {
                "time": time,
                "at_risk": at_risk,
                "events": n_event,
                "censored": n_cens,
                "survival": surv,
                "se": se,
                "lower": lower,
                "upper": upper,
            }
        )
    return pd.DataFrame(rows)


def cumulative_incidence(
    durations: Sequence[float], causes: Sequence[str], *, censored: str = ""
) -> pd.DataFrame:
    """Aalen-Johansen cumulative incidence for competing risks.

    ``CIF_k(t) = sum_{t_j <= t} S(t_j-) * d_kj / n_j`` with S the all-cause Kaplan-Meier.

    Args:
        durations: time to the end of the spell or to censoring.
        causes: the cause for each spell (e.g. ``aligned``/``opposed``) or ``censored``.
        censored: the label meaning "still at risk at the end".

    Returns:
        One row per distinct time with a ``cif_<cause>`` column per cause.
    """
    t = np.asarray(durations, dtype=float)
    c = np.asarray(causes, dtype=object)
    kinds = sorted({str(x) for x in c if x != censored})
    rows, surv = [], 1.0
    cif = dict.fromkeys(kinds, 0.0)
    for time in np.unique(t):
        at_risk = int(np.sum(t >= time))
        here = c[t == time]
        total = 0
        for k in kinds:
            n_k = int(np.sum(here == k))
            cif[k] += surv * n_k / at_risk
            total += n_k
        surv *= 1.0 - total / at_risk
        rows.append({"time": time, "at_risk": at_risk, **{f"cif_{k}": v for k, v in cif.items()}})
    return pd.DataFrame(rows)


class NeutralitySurvival:
    """How long neutrality lasts: Kaplan-Meier over neutral spells, with competing ends.

    Args:
        alpha: 1 - confidence level of the Kaplan-Meier interval.

    Attributes:
        spells_: neutral spells (see :func:`neutral_spells`).
        table_: Kaplan-Meier table (see :func:`kaplan_meier`).
        incidence_: cumulative incidence of ending aligned or opposed.
        median_: median duration of neutrality in years (None when survival stays above 0.5).
        ends_: counts of how spells ended (aligned, opposed, censored).
    """

    def __init__(self, *, alpha: float = 0.05) -> None:
        self.alpha = alpha

    def fit(self, panel: pd.DataFrame) -> NeutralitySurvival:
        """Estimate from a country-year panel with a ``status`` column."""
        spells = neutral_spells(panel)
        if spells.empty:
            raise DyadwatchError("no neutral spells in the panel", fix="check the coding rule")
        self.spells_ = spells
        self.table_ = kaplan_meier(spells["duration"], spells["ended"], alpha=self.alpha)
        causes = np.where(spells["ended"], spells["next_status"], "censored")
        self.incidence_ = cumulative_incidence(spells["duration"], causes, censored="censored")
        below = self.table_[self.table_["survival"] <= 0.5]
        self.median_ = float(below["time"].iloc[0]) if len(below) else None
        self.ends_ = {
            "aligned": int((causes == "aligned").sum()),
            "opposed": int((causes == "opposed").sum()),
            "censored": int((causes == "censored").sum()),
        }
        return self


# -- report ------------------------------------------------------------------------------------

SOURCE = (
    "Source: dyadwatch neighbours table (src/dyadwatch/data/neighbours/alignment_spells.csv), "
    "every spell cited; coding rule in the README beside it."
)
STATUS_CODE = {"aligned": 0, "neutral": 1, "opposed": 2}


def report_sections(**_: object) -> list:
    """Report section: status heatmap by country and year, transition matrix, survival.

    Keyword arguments the report passes to every provider (``dyad``, ``db``) are ignored.

    Returns:
        One :class:`dyadwatch.report.section.Section`.
    """
    import plotly.graph_objects as go

    from dyadwatch.report.section import Figure, Section

    panel = alignment_panel("default")
    order = list(COUNTRIES)
    wide = panel.pivot(index="country", columns="year", values="status").reindex(order)
    basis = panel.pivot(index="country", columns="year", values="basis").reindex(order)
    z = wide.apply(lambda col: col.map(STATUS_CODE)).to_numpy(dtype=float)
    heat = go.Figure(
        go.Heatmap(
            z=z,
            x=list(wide.columns),
            y=[COUNTRIES[c] for c in order],
            zmin=0,
            zmax=2,
            colorscale=[
                [0.0, "#b2182b"],
                [0.333, "#b2182b"],
                [0.333, "#d9d9d9"],
                [0.667, "#d9d9d9"],
                [0.667, "#2166ac"],
                [1.0, "#2166ac"],
            ],
            colorbar={"tickvals": [0.33, 1, 1.67], "ticktext": list(STATUSES)},
            customdata=basis.to_numpy(),
            hovertemplate="%{y} %{x}: %{customdata}<extra></extra>",
        )
    )
    heat.update_layout(
        title="Alignment of Russia's neighbours, 1991-2025",
        xaxis_title="year",
        yaxis_autorange="reversed",
    )
    chain = AlignmentChain().fit(panel)
    survival = NeutralitySurvival().fit(panel)
    military = AlignmentChain().fit(alignment_panel("military"))

    matrix_fig = go.Figure(
        go.Heatmap(
            z=chain.matrix_.to_numpy(),
            x=[f"to {s}" for s in STATUSES],
            y=[f"from {s}" for s in STATUSES],
            text=[
                [f"{p:.2f} (n={n})" for p, n in zip(prow, nrow, strict=True)]
                for prow, nrow in zip(
                    chain.matrix_.to_numpy(), chain.counts_.to_numpy(), strict=True
                )
            ],
            texttemplate="%{text}",
            colorscale="Blues",
            zmin=0,
            zmax=1,
        )
    )
    matrix_fig.update_layout(
        title="Yearly transition probabilities (default coding rule)", yaxis_autorange="reversed"
    )
    km = survival.table_
    km_fig = go.Figure(
        go.Scatter(
            x=[0, *km["time"]],
            y=[1.0, *km["survival"]],
            mode="lines",
            line={"shape": "hv"},
            name="Kaplan-Meier",
        )
    )
    km_fig.update_layout(
        title="How long neutrality lasts",
        xaxis_title="years neutral",
        yaxis_title="share still neutral",
        yaxis_range=[0, 1],
    )
    pi = chain.stationary_.distribution or {}
    ends = survival.ends_
    median = survival.median_
    summary = (
        f"Of {len(survival.spells_)} neutral spells among {len(COUNTRIES)} neighbours, "
        f"{ends['aligned']} ended in alignment with Russia, {ends['opposed']} in opposition, and "
        f"{ends['censored']} were still neutral in {LAST_YEAR}. "
        + (
            f"The Kaplan-Meier median duration of neutrality is {median:g} years. "
            if median is not None
            else "Survival of neutrality never falls below one half. "
        )
        + "Staying neutral from one year to the next has probability "
        f"{chain.matrix_.loc['neutral', 'neutral']:.2f}; leaving opposition has probability "
        f"{1 - chain.matrix_.loc['opposed', 'opposed']:.2f} and leaving alignment "
        f"{1 - chain.matrix_.loc['aligned', 'aligned']:.2f}. "
        + (
            "If these yearly rates held, the long-run shares would be "
            + ", ".join(f"{k} {v:.2f}" for k, v in pi.items())
            + ". "
            if pi
            else ""
        )
        + chain.stationary_.note
        + f" Under the military-only rule (EU ties not counted) neutral-to-neutral is "
        f"{military.matrix_.loc['neutral', 'neutral']:.2f}."
    )
    method = (
        " Method: status coded per country-year by the documented rule; empirical first-order "
        "Markov chain (maximum likelihood), stationary distribution pi = pi P; Kaplan-Meier "
        "survival of neutral spells (right-censored at 2025; spells begun before 1991 counted "
        "from 1991)."
    )
    return [
        Section(
            title="Security demand: vassal or adversary? Russia's neighbours 1991-2025",
            summary=summary,
            figures=[
                Figure(heat, SOURCE + " Red: aligned with Russia; grey: neutral; blue: opposed."),
                Figure(matrix_fig, SOURCE + method),
                Figure(km_fig, SOURCE + method),
            ],
            tables=[
                (
                    "Transition counts (rows: status in year t-1; columns: year t). " + SOURCE,
                    chain.counts_.reset_index(),
                ),
                ("Neutral spells and how they ended. " + SOURCE, survival.spells_),
                (
                    "Russian coercive acts against the neighbours (cited). Source: "
                    "src/dyadwatch/data/neighbours/coercive_acts.csv.",
                    load_coercive_acts()[["date", "country", "kind", "description", "citation"]],
                ),
            ],
            order=75,
        )
    ]
