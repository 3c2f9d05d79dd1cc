"""Norm trust: Moscow's belief that the West keeps to international law, norms and institutions.

The essay's fourth misjudgement is Russian *cynicism*: every time a Western state operates
outside the law, ignores a norm or evades an institution, the Kremlin's view that the West
puts no more stock in rules than Russia does is confirmed. This module turns that claim into
a small, explicit learning model over a shipped, cited ledger of compliance and violation
events (``dyadwatch/data/norms/ledger.csv``; coding rules in the README beside it).

Model [JI2002]_ [Kydd2005]_. The observer (Moscow) holds a Beta belief about the probability
``p`` that the observed side (the West) keeps to norms. Each calendar year ``t`` it discounts
old evidence by the forgetting factor ``lambda`` (Jøsang & Ismail's "longevity factor") and adds
the new year's evidence::

    r_t = lambda * r_{t-1} + a * w_c * C_t          # compliance, discounted by the cynic
    s_t = lambda * s_{t-1} + sum_k w_k * N_{k,t}     # violations, evasions, withdrawals
    p | ledger ~ Beta(alpha0 + r_t, beta0 + s_t)

``C_t`` counts compliance events and ``N_{k,t}`` negative events of kind ``k`` in year ``t``.
``a`` (asymmetry, ``0 <= a <= 1``) is the cynic's discount on good news: a neutral Bayesian has
``a = 1``; a cynic who reads compliance as cheap talk has ``a < 1`` while violations keep full
weight. This is a reduced form of Kydd's argument that a security seeker's trust is hard to
build and easy to destroy because cooperative moves are partly discounted as cheap signals.
With ``lambda = 1`` and ``a = 1`` the posterior is the textbook Beta-Bernoulli update:
``Beta(1, 1)`` plus 7 compliance and 3 violation events gives mean ``8 / 12 = 0.667``.

Weights by act (defaults, ``DEFAULT_WEIGHTS``): violation 1.0, evasion 0.5, withdrawal 0.5.
Lawful withdrawals (ABM 2002, INF 2019, Open Skies 2020) and evasions keep to the letter of the
law but erode institutions; they count as half a violation unless the user says otherwise.

The counterfactual (:meth:`NormTrust.recovery`): from the belief at the end of the ledger, how
many years of consistent compliance (``rate`` events a year, no violations) it takes for the
posterior mean to reach a target. With forgetting the belief converges to
``(alpha0 + R) / (alpha0 + beta0 + R)`` with ``R = rate * a * w_c / (1 - lambda)``; a target
above that limit is never reached, which is the formal version of "a cynic cannot be
reassured".

References:
    .. [JI2002] Audun Jøsang and Roslan Ismail, "The Beta Reputation System", Proceedings of the
       15th Bled Electronic Commerce Conference, 2002 (Beta posterior, forgetting factor).
    .. [Kydd2005] Andrew H. Kydd, *Trust and Mistrust in International Relations*, Princeton
       University Press, 2005 (trust as a belief updated on costly and cheap signals).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
from scipy import stats

from dyadwatch.errors import DyadwatchError

__all__ = [
    "ACTS",
    "DEFAULT_WEIGHTS",
    "LEDGER_COLUMNS",
    "NormTrust",
    "RUSSIA_ACTORS",
    "WESTERN_ACTORS",
    "load_ledger",
    "recovery_table",
    "report_sections",
    "trust_by_year",
    "validate_ledger",
]

ACTS = ("compliance", "violation", "evasion", "withdrawal")
NEGATIVE_ACTS = ("violation", "evasion", "withdrawal")
DEFAULT_WEIGHTS: dict[str, float] = {
    "compliance": 1.0,
    "violation": 1.0,
    "evasion": 0.5,
    "withdrawal": 0.5,
}
WESTERN_ACTORS = frozenset(
    {"USA", "GBR", "FRA", "DEU", "ITA", "CAN", "NLD", "BEL", "ESP", "POL", "NATO", "EU"}
)
RUSSIA_ACTORS = frozenset({"RUS"})
SIDES = ("west", "russia")
PRECISIONS = ("day", "month", "year")
LEDGER_COLUMNS = (
    "event_id",
    "date",
    "date_precision",
    "actor",
    "norm",
    "act",
    "description",
    "citation",
    "moscow_view",
    "moscow_view_citation",
    "coding_note",
    "tags",
)
REQUIRED_TEXT = ("event_id", "date", "date_precision", "actor", "norm", "act", "description")
LEDGER_FIRST_YEAR = 1991
LEDGER_LAST_YEAR = 2025

# Publisher, "Title" (optional details), YYYY[-MM[-DD]]
CITATION_RE = re.compile(r'^[^"]+, "[^"]+"(?: \(.*\))?, \d{4}(?:-\d{2}(?:-\d{2})?)?$')
EVENT_ID_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")


def _ledger_resource() -> Path:
    return Path(str(resources.files("dyadwatch.data") / "norms" / "ledger.csv"))


def _fail(what: str, where: str, fix: str) -> DyadwatchError:
    return DyadwatchError(what, where=where, fix=fix)


def _parse_date(text: str, precision: str, where: str) -> date:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise _fail(
            f"bad date {text!r}", where, "write dates as YYYY-MM-DD (the 1st for month or year)"
        ) from None
    if precision == "month" and value.day != 1:
        raise _fail(
            f"date {text} has date_precision=month but is not the 1st", where, "use YYYY-MM-01"
        )
    if precision == "year" and (value.month, value.day) != (1, 1):
        raise _fail(
            f"date {text} has date_precision=year but is not 1 January", where, "use YYYY-01-01"
        )
    return value


def _side(actors: Sequence[str], where: str) -> str:
    unknown = [a for a in actors if a not in WESTERN_ACTORS | RUSSIA_ACTORS]
    if unknown:
        allowed = ", ".join(sorted(WESTERN_ACTORS | RUSSIA_ACTORS))
        raise _fail(f"unknown actor {unknown[0]!r}", where, f"use one of {allowed}, ';'-separated")
    kinds = {"russia" if a in RUSSIA_ACTORS else "west" for a in actors}
    if len(kinds) > 1:
        raise _fail(
            "one event mixes Russian and Western actors",
            where,
            "split it into one row for each side",
        )
    return kinds.pop()


def validate_ledger(
    rows: Iterable[Mapping[str, str]],
    *,
    source: str = "ledger.csv",
    first_year: int = LEDGER_FIRST_YEAR,
    last_year: int = LEDGER_LAST_YEAR,
) -> pd.DataFrame:
    """Check ledger rows and return them as a typed frame.

    Args:
        rows: dicts with the :data:`LEDGER_COLUMNS` (e.g. from ``csv.DictReader``).
        source: file name used in error messages.
        first_year: earliest allowed event year.
        last_year: latest allowed event year.

    Returns:
        A frame with the ledger columns plus ``year`` (int), ``day`` (datetime.date),
        ``actors`` and ``tag_list`` (lists) and ``side`` (``west`` or ``russia``).

    Raises:
        DyadwatchError: naming the file, line and column of the first bad value.
    """
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        where = f"{source}, line {line}"
        missing = [c for c in LEDGER_COLUMNS if c not in row]
        if missing:
            raise _fail(f"missing column {missing[0]!r}", source, "use the header in the README")
        clean = {c: (row[c] or "").strip() for c in LEDGER_COLUMNS}
        for col in REQUIRED_TEXT:
            if not clean[col]:
                raise _fail(f"empty {col}", f"{where}, column {col}", f"fill in {col}")
        event_id = clean["event_id"]
        if not EVENT_ID_RE.match(event_id):
            raise _fail(
                f"bad event_id {event_id!r}",
                f"{where}, column event_id",
                "use YYYY-MM-DD-short-kebab-name",
            )
        if event_id in seen:
            raise _fail(
                f"duplicate event_id {event_id!r} (first on line {seen[event_id]})",
                f"{where}, column event_id",
                "make every event_id unique",
            )
        seen[event_id] = line
        precision = clean["date_precision"]
        if precision not in PRECISIONS:
            raise _fail(
                f"bad date_precision {precision!r}",
                f"{where}, column date_precision",
                "use day, month or year",
            )
        day = _parse_date(clean["date"], precision, f"{where}, column date")
        if not event_id.startswith(clean["date"]):
            raise _fail(
                f"event_id {event_id!r} does not start with its date {clean['date']}",
                f"{where}, column event_id",
                "start the slug with the event date",
            )
        if not first_year <= day.year <= last_year:
            raise _fail(
                f"year {day.year} outside {first_year}-{last_year}",
                f"{where}, column date",
                "keep the ledger to the covered years",
            )
        if clean["act"] not in ACTS:
            raise _fail(
                f"unknown act {clean['act']!r}",
                f"{where}, column act",
                f"use one of {', '.join(ACTS)}",
            )
        actors = [a.strip() for a in clean["actor"].split(";") if a.strip()]
        side = _side(actors, f"{where}, column actor")
        if not CITATION_RE.match(clean["citation"]):
            raise _fail(
                "citation missing or malformed",
                f"{where}, column citation",
                'write Publisher, "Title", YYYY-MM-DD',
            )
        view, view_cit = clean["moscow_view"], clean["moscow_view_citation"]
        if bool(view) != bool(view_cit):
            raise _fail(
                "moscow_view and moscow_view_citation must be filled together",
                f"{where}, column moscow_view",
                "add the citation for Moscow's framing, or leave both empty",
            )
        if view_cit and not CITATION_RE.match(view_cit):
            raise _fail(
                "moscow_view_citation malformed",
                f"{where}, column moscow_view_citation",
                'write Publisher, "Title", YYYY-MM-DD',
            )
        tags = [t.strip() for t in clean["tags"].split(";") if t.strip()]
        records.append(
            {
                **clean,
                "day": day,
                "year": day.year,
                "actors": actors,
                "tag_list": tags,
                "side": side,
            }
        )
    columns = [*LEDGER_COLUMNS, "day", "year", "actors", "tag_list", "side"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    if not frame.empty:
        frame = frame.sort_values(["day", "event_id"], kind="stable").reset_index(drop=True)
    frame["year"] = frame["year"].astype("int64")
    return frame


def load_ledger(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the norm ledger (the shipped one unless ``path`` is given).

    Args:
        path: a CSV file with the ledger columns; default the shipped
            ``dyadwatch/data/norms/ledger.csv``.

    Returns:
        The validated frame (see :func:`validate_ledger`).
    """
    file = Path(path) if path is not None else _ledger_resource()
    if not file.is_file():
        raise DyadwatchError(
            f"ledger file not found: {file}", fix="pass an existing CSV with --ledger"
        )
    with file.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in LEDGER_COLUMNS if c not in header]
        if missing:
            raise DyadwatchError(
                f"ledger has no column {missing[0]!r}",
                where=str(file),
                fix="use the header " + ",".join(LEDGER_COLUMNS),
            )
        return validate_ledger(reader, source=file.name)


def _check_unit(name: str, value: float, *, low: float = 0.0, open_low: bool = False) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise DyadwatchError(f"{name} must be a number, got {value!r}") from None
    bad_low = value <= low if open_low else value < low
    if math.isnan(value) or bad_low or value > 1.0:
        interval = f"({low:g}, 1]" if open_low else f"[{low:g}, 1]"
        raise DyadwatchError(
            f"{name} must be in {interval}, got {value:g}",
            where=f"--{name}",
            fix=f"pass a {name} between 0 and 1",
        )
    return value


@dataclass(frozen=True)
class _State:
    r: float
    s: float


class NormTrust:
    """Beta-Bernoulli norm-trust with forgetting and asymmetry [JI2002]_ [Kydd2005]_.

    Parameters map to the module docstring: ``forgetting`` is lambda, ``asymmetry`` is ``a``,
    ``prior`` is ``(alpha0, beta0)``.

    Args:
        forgetting: lambda in [0, 1]; 1 keeps all evidence, 0 keeps only the current year.
        asymmetry: a in [0, 1]; the weight of compliance evidence relative to violations.
        prior: (alpha0, beta0), both > 0; Beta(1, 1) is uniform.
        weights: weight per act (``compliance``, ``violation``, ``evasion``, ``withdrawal``);
            missing keys take :data:`DEFAULT_WEIGHTS`.
        observed: whose acts the observer learns from: ``west`` (Moscow's belief about the
            West, the default) or ``russia`` (the mirror: a Western belief about Russia).
        credible: mass of the equal-tailed credible interval (default 0.90).
        start: first year of the yearly grid (default: the ledger's first year).
        end: last year of the yearly grid (default: the ledger's last year).

    Attributes:
        posterior_: one row per year: year, compliance, negative (weighted evidence added that
            year), r, s, alpha, beta, mean, lower, upper, events (event ids).
        r_, s_: discounted positive and negative evidence at the last year.
        mean_: posterior mean at the last year.
    """

    def __init__(
        self,
        *,
        forgetting: float = 1.0,
        asymmetry: float = 1.0,
        prior: tuple[float, float] = (1.0, 1.0),
        weights: Mapping[str, float] | None = None,
        observed: str = "west",
        credible: float = 0.90,
        start: int | None = None,
        end: int | None = None,
    ) -> None:
        self.forgetting = forgetting
        self.asymmetry = asymmetry
        self.prior = prior
        self.weights = weights
        self.observed = observed
        self.credible = credible
        self.start = start
        self.end = end

    # -- parameters --------------------------------------------------------------------------
    def _checked(self) -> tuple[float, float, float, float, dict[str, float]]:
        lam = _check_unit("forgetting", self.forgetting)
        a = _check_unit("asymmetry", self.asymmetry)
        cred = _check_unit("credible", self.credible, open_low=True)
        if cred >= 1.0:
            raise DyadwatchError("credible must be below 1", fix="pass e.g. 0.9")
        try:
            alpha0, beta0 = (float(x) for x in self.prior)
        except (TypeError, ValueError):
            raise DyadwatchError(
                f"prior must be two numbers, got {self.prior!r}", fix="pass e.g. (1, 1)"
            ) from None
        if not (alpha0 > 0 and beta0 > 0) or math.isinf(alpha0) or math.isinf(beta0):
            raise DyadwatchError(
                f"prior parameters must be positive, got ({alpha0:g}, {beta0:g})",
                where="--prior",
                fix="pass two positive numbers, e.g. 1 1",
            )
        if self.observed not in SIDES:
            raise DyadwatchError(
                f"observed must be west or russia, got {self.observed!r}", where="--observed"
            )
        weights = dict(DEFAULT_WEIGHTS)
        for key, value in (self.weights or {}).items():
            if key not in ACTS:
                raise DyadwatchError(f"unknown act in weights: {key!r}", fix=f"use {ACTS}")
            if not (float(value) >= 0 and math.isfinite(float(value))):
                raise DyadwatchError(f"weight for {key} must be >= 0, got {value!r}")
            weights[key] = float(value)
        return lam, a, alpha0, beta0, weights

    # -- fitting -----------------------------------------------------------------------------
    def fit(self, ledger: pd.DataFrame) -> NormTrust:
        """Run the yearly update over a validated ledger (see :func:`load_ledger`).

        Args:
            ledger: frame with at least ``year``, ``act``, ``side`` and ``event_id``.

        Returns:
            self, with ``posterior_``, ``r_``, ``s_`` and ``mean_`` set.
        """
        lam, a, alpha0, beta0, weights = self._checked()
        for col in ("year", "act", "side", "event_id"):
            if col not in ledger.columns:
                raise DyadwatchError(f"ledger frame lacks column {col!r}", fix="use load_ledger")
        rows = ledger[ledger["side"] == self.observed]
        start = self.start if self.start is not None else int(ledger["year"].min())
        end = self.end if self.end is not None else int(ledger["year"].max())
        if end < start:
            raise DyadwatchError(
                f"end year {end} is before start year {start}", fix="swap --from and --to"
            )
        r = s = 0.0
        out: list[dict[str, Any]] = []
        tail = (1.0 - self.credible) / 2.0
        for year in range(start, end + 1):
            this = rows[rows["year"] == year]
            n_comp = int((this["act"] == "compliance").sum())
            positive = a * weights["compliance"] * n_comp
            negative = float(sum(weights[k] * int((this["act"] == k).sum()) for k in NEGATIVE_ACTS))
            r = lam * r + positive
            s = lam * s + negative
            alpha, beta = alpha0 + r, beta0 + s
            out.append(
                {
                    "year": year,
                    "compliance": n_comp,
                    "negative": int(this["act"].isin(NEGATIVE_ACTS).sum()),
                    "r": r,
                    "s": s,
                    "alpha": alpha,
                    "beta": beta,
                    "mean": alpha / (alpha + beta),
                    "lower": float(stats.beta.ppf(tail, alpha, beta)),
                    "upper": float(stats.beta.ppf(1.0 - tail, alpha, beta)),
                    "events": list(this["event_id"]),
                }
            )
        self.posterior_ = pd.DataFrame(out)
        self.r_, self.s_ = r, s
        self.mean_ = (alpha0 + r) / (alpha0 + beta0 + r + s)
        self._params = (lam, a, alpha0, beta0, weights)
        return self

    # -- counterfactual ----------------------------------------------------------------------
    def _require_fit(self) -> None:
        if not hasattr(self, "posterior_"):
            raise DyadwatchError("NormTrust is not fitted", fix="call fit(ledger) first")

    def long_run_mean(self, rate: float = 1.0) -> float:
        """Posterior mean after unending consistent compliance at ``rate`` events a year."""
        self._require_fit()
        lam, a, alpha0, beta0, weights = self._params
        gain = rate * a * weights["compliance"]
        if gain <= 0:
            return self.mean_ if lam >= 1.0 else alpha0 / (alpha0 + beta0)
        if lam >= 1.0:
            return 1.0
        big_r = gain / (1.0 - lam)
        return (alpha0 + big_r) / (alpha0 + beta0 + big_r)

    def recovery_path(self, rate: float = 1.0, years: int = 50) -> pd.DataFrame:
        """Posterior after ``n = 0..years`` further years of consistent compliance.

        Args:
            rate: compliance events per year (>= 0), no violations.
            years: horizon.

        Returns:
            Frame with ``n``, ``r``, ``s``, ``mean``.
        """
        self._require_fit()
        rate = float(rate)
        if not (rate >= 0 and math.isfinite(rate)):
            raise DyadwatchError(f"rate must be >= 0, got {rate:g}", where="--rate")
        lam, a, alpha0, beta0, weights = self._params
        gain = rate * a * weights["compliance"]
        r, s = self.r_, self.s_
        rows = [{"n": 0, "r": r, "s": s, "mean": (alpha0 + r) / (alpha0 + beta0 + r + s)}]
        for n in range(1, int(years) + 1):
            r = lam * r + gain
            s = lam * s
            rows.append({"n": n, "r": r, "s": s, "mean": (alpha0 + r) / (alpha0 + beta0 + r + s)})
        return pd.DataFrame(rows)

    def recovery(self, target: float, rate: float = 1.0, max_years: int = 1000) -> int | None:
        """Years of consistent compliance until the posterior mean reaches ``target``.

        Args:
            target: belief level in (0, 1).
            rate: compliance events per year (>= 0), with no violations.
            max_years: give up after this many years.

        Returns:
            The smallest ``n >= 0`` with mean >= target, or None when the target lies at or
            above the long-run limit (or is not reached within ``max_years``).
        """
        target = _check_unit("target", target, open_low=True)
        path = self.recovery_path(rate=rate, years=max_years)
        if path["mean"].iloc[0] >= target:
            return 0
        # The path is monotone between the current mean and the long-run limit (a Moebius
        # function of lambda**n), so a target at or above the limit is never reached.
        if self._params[0] < 1.0 and target >= self.long_run_mean(rate):
            return None
        hit = path.index[path["mean"] >= target]
        return int(path.loc[hit[0], "n"]) if len(hit) else None


def trust_by_year(ledger: pd.DataFrame | None = None, **params: Any) -> pd.DataFrame:
    """Posterior mean and credible interval per year (see :class:`NormTrust` for params)."""
    ledger = load_ledger() if ledger is None else ledger
    return NormTrust(**params).fit(ledger).posterior_


def recovery_table(
    ledger: pd.DataFrame | None = None,
    *,
    target: float = 0.5,
    asymmetries: Sequence[float] = (1.0, 0.75, 0.5, 0.25, 0.1),
    rate: float = 1.0,
    max_years: int = 1000,
    **params: Any,
) -> pd.DataFrame:
    """How long consistent compliance takes to restore trust, for a range of asymmetries.

    For each asymmetry the model is refitted on the ledger (the cynic also discounted past
    compliance), then run forward with ``rate`` compliance events a year and no violations.

    Args:
        ledger: validated ledger (default: the shipped one).
        target: belief level to reach, in (0, 1).
        asymmetries: values of ``a`` to tabulate.
        rate: compliance events per year.
        max_years: horizon for the search.
        **params: other :class:`NormTrust` parameters (forgetting, prior, weights, ...).

    Returns:
        Frame: asymmetry, mean_now, years_needed (nullable Int64), reached_in (calendar year),
        long_run_mean.
    """
    ledger = load_ledger() if ledger is None else ledger
    _check_unit("target", target, open_low=True)
    if not asymmetries:
        raise DyadwatchError("no asymmetries given", fix="pass e.g. 1,0.75,0.5,0.25")
    rows = []
    for a in asymmetries:
        model = NormTrust(asymmetry=a, **params).fit(ledger)
        years = model.recovery(target, rate=rate, max_years=max_years)
        last = int(model.posterior_["year"].iloc[-1])
        rows.append(
            {
                "asymmetry": float(a),
                "mean_now": model.mean_,
                "years_needed": years,
                "reached_in": None if years is None else last + years,
                "long_run_mean": model.long_run_mean(rate),
            }
        )
    frame = pd.DataFrame(rows)
    frame["years_needed"] = frame["years_needed"].astype("Int64")
    frame["reached_in"] = frame["reached_in"].astype("Int64")
    return frame


# -- report ------------------------------------------------------------------------------------

REPORT_SCENARIOS = (
    ("neutral observer (lambda=1, a=1)", 1.0, 1.0),
    ("forgetful observer (lambda=0.9, a=1)", 0.9, 1.0),
    ("cynic (lambda=0.9, a=0.5)", 0.9, 0.5),
)
LEDGER_SOURCE = (
    "Source: dyadwatch norm ledger (src/dyadwatch/data/norms/ledger.csv), every event cited."
)


def report_sections(**_: object) -> list:
    """Report section: the norm-trust posterior by year and the recovery table.

    Keyword arguments the report passes to every provider (``dyad``, ``db``) are ignored.

    Returns:
        One :class:`dyadwatch.report.section.Section`.
    """
    import plotly.graph_objects as go

    from dyadwatch.report.section import Figure, Section

    ledger = load_ledger()
    first, last = LEDGER_FIRST_YEAR, LEDGER_LAST_YEAR
    fits = {
        label: NormTrust(forgetting=lam, asymmetry=a, start=first, end=last).fit(ledger)
        for label, lam, a in REPORT_SCENARIOS
    }
    mirror = NormTrust(forgetting=0.9, observed="russia", start=first, end=last).fit(ledger)
    cynic_label = REPORT_SCENARIOS[-1][0]
    cynic = fits[cynic_label].posterior_

    fig = go.Figure()
    years = list(cynic["year"])
    fig.add_trace(
        go.Scatter(
            x=years + years[::-1],
            y=list(cynic["upper"]) + list(cynic["lower"])[::-1],
            fill="toself",
            fillcolor="rgba(214,39,40,0.15)",
            line={"width": 0},
            name="cynic: 90% credible band",
            hoverinfo="skip",
        )
    )
    for label, model in fits.items():
        post = model.posterior_
        fig.add_trace(
            go.Scatter(
                x=post["year"],
                y=post["mean"],
                mode="lines",
                name=f"Moscow about the West: {label}",
                customdata=[", ".join(e) for e in post["events"]],
                hovertemplate="%{x}: %{y:.3f}<br>%{customdata}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=mirror.posterior_["year"],
            y=mirror.posterior_["mean"],
            mode="lines",
            line={"dash": "dot"},
            name="mirror: the West about Russia (lambda=0.9, a=1)",
        )
    )
    fig.update_layout(
        title="Belief that the other side keeps to international norms (posterior mean)",
        xaxis_title="year",
        yaxis_title="P(keeps to norms)",
        yaxis_range=[0, 1],
    )
    caption = (
        f"{LEDGER_SOURCE} Method: Beta-Bernoulli reputation with forgetting factor lambda "
        "(Jøsang & Ismail 2002) and a cynic's discount a on compliance (after Kydd 2005); "
        "prior Beta(1,1); violation weight 1, evasion and withdrawal 0.5; band: equal-tailed "
        "90% interval (scipy.stats.beta)."
    )
    table = recovery_table(ledger, target=0.5, forgetting=0.9)
    shown = table.astype(object).where(table.notna(), "never")
    west = ledger[ledger["side"] == "west"]
    counts = (
        (ledger.groupby(["side", "act"]).size().unstack(fill_value=0).reindex(columns=list(ACTS)))
        .fillna(0)
        .astype(int)
        .reset_index()
    )

    neutral = fits[REPORT_SCENARIOS[0][0]].posterior_
    low_year = int(cynic.loc[cynic["mean"].idxmin(), "year"])
    never = table[table["years_needed"].isna()]["asymmetry"].tolist()
    a_half = table[table["asymmetry"] == 0.5].iloc[0]
    summary = (
        f"The ledger holds {len(ledger)} cited events, {len(west)} of them Western acts "
        f"({int((west['act'] == 'compliance').sum())} compliance, "
        f"{int(west['act'].isin(NEGATIVE_ACTS).sum())} violations, evasions or withdrawals). "
        f"A neutral observer who forgets nothing ends {int(neutral['year'].iloc[-1])} with a "
        f"posterior mean of {neutral['mean'].iloc[-1]:.2f} that the West keeps to norms; a "
        f"cynic who forgets (lambda=0.9) and halves the weight of compliance ends at "
        f"{cynic['mean'].iloc[-1]:.2f} (90% band {cynic['lower'].iloc[-1]:.2f}-"
        f"{cynic['upper'].iloc[-1]:.2f}), its lowest point being {low_year}. "
        f"With one compliance event a year and no violations, the cynic (a=0.5) "
        + (
            f"needs {int(a_half['years_needed'])} years to believe again that the West keeps "
            "to norms more often than not (mean >= 0.5)"
            if not pd.isna(a_half["years_needed"])
            else "never gets back to 0.5"
        )
        + (
            f"; for a <= {max(never):g} the target lies above the long-run limit and is never "
            "reached."
            if never
            else "."
        )
    )
    return [
        Section(
            title="Cynicism: Moscow's belief that the West keeps to norms",
            summary=summary,
            figures=[Figure(figure=fig, caption=caption)],
            tables=[
                (
                    "Years of consistent compliance (one event a year, no violations) needed to "
                    "bring the posterior mean back to 0.5, by asymmetry a (lambda=0.9). "
                    + LEDGER_SOURCE,
                    shown,
                ),
                ("Ledger events by side and act. " + LEDGER_SOURCE, counts),
            ],
            order=70,
        )
    ]
