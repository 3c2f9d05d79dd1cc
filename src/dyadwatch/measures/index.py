"""The relations index: how cooperative the events between two actors are, period by period.

For a dyad, a frequency and a source, each period gets:

* ``events``: the number of events (``weight``: their summed weights, e.g. GDELT mentions);
* ``goldstein``: the weighted mean Goldstein (1992) score, -10 (war) to +10 (alliance)
  [Gol1992], with a bootstrap confidence interval ``goldstein_lo``/``goldstein_hi``;
* ``net_coop``: the weighted share of cooperative events (quad classes 1 and 2) minus the share of
  conflictual ones (3 and 4), in [-1, 1], with its interval;
* ``verbal_coop``, ``material_coop``, ``verbal_conflict``, ``material_conflict``: the four
  quad-class shares (GDELT's QuadClass mapping of CAMEO roots) [LS2013];
* ``volume``: dyad events per 1,000 events of the same source in the period, so that the growth
  of the news stream in GDELT/ICEWS does not read as a growth of the relationship (computed
  for machine-coded sources; the curated chronology's counts are the curators' selection);
* ``empty``: True for a period with no events. Empty periods are rows, never dropped.

The confidence intervals come from the Poisson bootstrap [HM2006; CKW2012]: every event is
counted ``Poisson(1)`` times in each replicate, which resamples events within each period and
scales to millions of events.

Sparse sources. The curated chronology has about one event a month and most months have none;
a monthly mean of its scores would be undefined in most months and jumpy in the rest. For a
sparse source the index is therefore an *event-impact* series (column ``impact``): the decayed
mean of the Goldstein scores of all events so far,

    impact(p) = sum_i w_i g_i 2^(-(p - p_i)/h) / sum_i w_i 2^(-(p - p_i)/h),  p_i <= p,

where an event counts in full in its own period and its weight halves every ``h`` months
(``half_life``, default :data:`DEFAULT_HALF_LIFE` months). Between events the impact keeps the
last level while its evidence (``evidence`` = the decayed number of events) fades; the
bootstrap interval widens accordingly. The half-life of three months is the tolerance within
which the project asks turning points to be placed: short enough that a new stage dominates
the index within a quarter, long enough that a quiet month or two does not erase the level.
The output says so in its notes.

References:
    [Gol1992] Goldstein, J. S. (1992). A conflict-cooperation scale for WEIS events data.
    Journal of Conflict Resolution 36(2), 369–385.
    [LS2013] Leetaru, K., Schrodt, P. A. (2013). GDELT: Global data on events, location and
    tone, 1979–2012. ISA Annual Convention.
    [HM2006] Hanley, J. A., MacGibbon, B. (2006). Creating non-parametric bootstrap samples using
    Poisson frequencies. Computer Methods and Programs in Biomedicine 83(1), 57–62.
    [CKW2012] Chamandy, N., Muralidharan, O., Najmi, A., Naidu, S. (2012). Estimating
    uncertainty for massive data streams. Google technical report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dyadwatch.display import Result
from dyadwatch.errors import DyadwatchError
from dyadwatch.measures.index_bootstrap import poisson_bootstrap, quantiles
from dyadwatch.measures.index_stats import (
    combine_sources,
    decayed,
    impact_interval,
    period_sums,
    ratio_interval,
)
from dyadwatch.periods import FREQS, MONTHS_PER_PERIOD, check_freq, parse_period, period_label

__all__ = [
    "FREQS",
    "DEFAULT_HALF_LIFE",
    "RelationsIndex",
    "index_from_events",
    "index_from_sums",
    "build_index",
    "build_index_from_sums",
    "is_sparse",
    "period_totals",
    "period_label",
    "parse_period",
    "check_freq",
]


#: Default half-life of an event's impact, in months (see the module docstring).
DEFAULT_HALF_LIFE = 3.0
#: Sources always treated as sparse (a curated selection, not a census of events).
SPARSE_SOURCES = frozenset({"chronology"})
#: A machine-coded source is treated as sparse when more than this share of periods is empty.
SPARSE_EMPTY_SHARE = 0.2
SOURCE_CHOICES = ("chronology", "gdelt1", "gdelt2", "icews", "polecat", "all")
QUAD_COLUMNS = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")


@dataclass
class RelationsIndex(Result):
    """A relations index and how it was made.

    Attributes:
        frame: one row per period (see the module docstring for the columns).
        dyad: ``"USA-RUS"``.
        freq: week, month, quarter or year.
        sources: the sources used.
        sparse: True when the index is the event-impact series.
        half_life: months, for a sparse index.
        value_column: the column used as the index downstream (``impact`` or ``goldstein``).
        notes: plain-language notes on method and caveats (printed with the output).
        events: the events behind the index (for turning-point explanations).
    """

    frame: pd.DataFrame
    dyad: str
    freq: str
    sources: tuple[str, ...]
    sparse: bool
    half_life: float | None
    value_column: str
    notes: list[str] = field(default_factory=list)
    events: pd.DataFrame | None = None

    def to_frame(self) -> pd.DataFrame:
        """One row per period."""
        return self.frame

    def title(self) -> str:
        return f"Relations index {self.dyad} ({self.freq}, {', '.join(self.sources)})"

    @property
    def series(self) -> pd.Series:
        """The index as a float series over a PeriodIndex, without leading/trailing gaps.

        Interior gaps (only possible for a dense source) are carried forward.
        """
        values = pd.Series(
            self.frame[self.value_column].to_numpy(dtype=float),
            index=pd.PeriodIndex(self.frame["period_start"], freq=FREQS[self.freq]),
            name=self.value_column,
        )
        valid = values.notna()
        if not valid.any():
            return values.iloc[0:0]
        first, last = valid.to_numpy().argmax(), len(values) - valid.to_numpy()[::-1].argmax()
        return values.iloc[first:last].ffill()


def _periods(dates: pd.Series, freq: str) -> pd.PeriodIndex:
    return pd.PeriodIndex(pd.to_datetime(dates), freq=FREQS[freq])


def index_from_events(
    events: pd.DataFrame,
    *,
    freq: str = "month",
    start: pd.Period | str | dt.date | None = None,
    end: pd.Period | str | dt.date | None = None,
    totals: pd.Series | None = None,
    sparse: bool = False,
    half_life: float = DEFAULT_HALF_LIFE,
    source_balanced: bool = False,
    n_boot: int = 200,
    ci: float = 0.9,
    seed: int | None = 0,
    interval: str = "auto",
) -> pd.DataFrame:
    """The per-period index from canonical events (a pure function; no store needed).

    Args:
        events: rows with ``date``, ``goldstein``, ``quad_class``, ``weight`` (and ``source``
            when ``source_balanced``).
        freq: week, month, quarter or year.
        start, end: the first and last period (default: those of the first and last event).
        totals: events of the source per period (index: period start timestamps), for the
            ``volume`` column; None leaves ``volume`` empty.
        sparse: add the event-impact series (``impact``, ``impact_lo``, ``impact_hi``,
            ``evidence``) and use it as ``value``.
        half_life: months after which an event's weight in the impact series has halved.
        source_balanced: divide each event's weight by its source's total in the period, so
            every source present in a period has the same say (used for ``--source all``).
        n_boot: bootstrap replicates (0 for no intervals).
        ci: coverage of the intervals.
        seed: seed of the bootstrap.
        interval: ``bootstrap`` (Poisson bootstrap over events), ``analytic`` (its delta-method
            limit, :mod:`dyadwatch.measures.index_stats`) or ``auto``: the bootstrap for a
            sparse index, analytic for a dense one.

    Returns:
        One row per period from ``start`` to ``end``, empty periods included.
    """
    check_freq(freq)
    if half_life <= 0:
        raise DyadwatchError("the half-life must be positive", where="{half_life}")
    code = FREQS[freq]
    ev = events.loc[events["goldstein"].notna()]
    ev_periods = _periods(ev["date"], freq) if len(ev) else pd.PeriodIndex([], freq=code)
    periods = _period_range(ev_periods, start, end, code)
    first = periods[0]
    keep = (ev_periods >= first) & (ev_periods <= periods[-1])
    ev, ev_periods = ev.loc[keep], ev_periods[keep]
    pos = (ev_periods.asi8 - first.ordinal).astype(int) if len(ev) else np.zeros(0, int)
    weight = ev["weight"].fillna(1.0).to_numpy(dtype=float) if len(ev) else np.zeros(0)
    source = ev["source"].to_numpy() if "source" in ev else np.full(len(ev), "")
    score = ev["goldstein"].to_numpy(dtype=float)
    quad = ev["quad_class"].to_numpy(dtype=int) if len(ev) else np.zeros(0, int)
    sums = combine_sources(
        period_sums(pos, source, weight, score, quad), len(periods), balanced=source_balanced
    )
    method = _interval_method(interval, sparse, n_boot)
    boot = None
    if method == "bootstrap":
        if source_balanced and len(ev):
            per = pd.DataFrame({"p": pos, "s": source, "w": weight})
            weight = weight / per.groupby(["p", "s"])["w"].transform("sum").to_numpy()
        coop = np.where(quad <= 2, 1.0, -1.0)
        boot = poisson_bootstrap(pos, weight, score, coop, len(periods), n_boot, seed)
    return _index_frame(periods, freq, sums, totals, sparse, half_life, ci, method, boot)


def index_from_sums(
    sums: pd.DataFrame,
    *,
    freq: str = "month",
    start: pd.Period | str | dt.date | None = None,
    end: pd.Period | str | dt.date | None = None,
    totals: pd.Series | None = None,
    sparse: bool = False,
    half_life: float = DEFAULT_HALF_LIFE,
    source_balanced: bool = False,
    ci: float = 0.9,
    interval: str = "analytic",
) -> pd.DataFrame:
    """:func:`index_from_events` from per-(period, source) sums an engine computed.

    Args:
        sums: columns ``period`` (period start, date or timestamp), ``source`` and
            :data:`~dyadwatch.measures.index_stats.SUM_COLUMNS`
            (:func:`dyadwatch.queries.dyad_period_stats`).
        interval: ``analytic`` or ``none`` (a bootstrap needs the events).

    The other arguments are those of :func:`index_from_events`.
    """
    check_freq(freq)
    if interval not in ("analytic", "none"):
        raise DyadwatchError(
            f"interval {interval!r} needs the events", where="{interval}", fix="use analytic"
        )
    code = FREQS[freq]
    stamps = pd.PeriodIndex(pd.to_datetime(sums["period"]), freq=code)
    periods = _period_range(stamps, start, end, code)
    frame = sums.assign(p=(stamps.asi8 - periods[0].ordinal).astype(int))
    frame = frame.loc[(frame["p"] >= 0) & (frame["p"] < len(periods))]
    arrays = combine_sources(frame, len(periods), balanced=source_balanced)
    method = "analytic" if interval == "analytic" else "none"
    return _index_frame(periods, freq, arrays, totals, sparse, half_life, ci, method, None)


def _period_range(ev_periods: pd.PeriodIndex, start, end, code: str) -> pd.PeriodIndex:
    """The periods from ``start`` (default: the first event's) to ``end`` (the last one's)."""
    has = len(ev_periods) > 0
    first = _as_period(start, code) if start is not None else (ev_periods.min() if has else None)
    last = _as_period(end, code) if end is not None else (ev_periods.max() if has else None)
    if first is None or last is None:
        raise DyadwatchError("no events to build an index from", fix="widen {start}/{end}")
    if last < first:
        raise DyadwatchError(
            f"the start {first} is after the end {last}", where="{start}/{end}", fix="swap them"
        )
    return pd.period_range(first, last, freq=code)


def _interval_method(interval: str, sparse: bool, n_boot: int) -> str:
    if interval not in ("auto", "bootstrap", "analytic", "none"):
        raise DyadwatchError(
            f"unknown interval method {interval!r}",
            where="{interval}",
            fix="use auto, bootstrap, analytic or none",
        )
    if interval == "none" or (interval in ("auto", "bootstrap") and not n_boot):
        return "none"
    if interval == "auto":
        return "bootstrap" if sparse else "analytic"
    return interval


def _index_frame(periods, freq, sums, totals, sparse, half_life, ci, method, boot):
    """The index table from per-period sums (see the module docstring for the columns)."""
    w = sums["w"]
    count = sums["n"].astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame = pd.DataFrame(
            {
                "period": [period_label(p, freq) for p in periods],
                "period_start": periods.start_time.date,
                "period_end": periods.end_time.date,
                "events": count,
                "weight": w,
                "goldstein": np.where(w > 0, sums["wg"] / w, np.nan),
                "net_coop": np.where(w > 0, sums["wc"] / w, np.nan),
                **{
                    name: np.where(w > 0, sums[f"wq{k}"] / w, np.nan)
                    for k, name in enumerate(QUAD_COLUMNS, start=1)
                },
            }
        )
    _add_intervals(frame, sums, count, ci, method, boot)
    frame["volume"] = _volume(count, periods, totals)
    frame["empty"] = count == 0
    if sparse:
        _add_impact(frame, sums, freq, half_life, ci, method, boot)
        frame["value"] = frame["impact"]
    else:
        frame["value"] = frame["goldstein"]
    return frame


def _add_intervals(frame, sums, count, ci, method, boot) -> None:
    cols = ("goldstein_lo", "goldstein_hi", "net_coop_lo", "net_coop_hi")
    if method == "analytic":
        w, w2 = sums["w"], sums["w2"]
        g = ratio_interval(w, sums["wg"], w2, sums["w2g"], sums["w2g2"], ci=ci, bounds=(-10, 10))
        c = ratio_interval(w, sums["wc"], w2, sums["w2c"], w2, ci=ci, bounds=(-1, 1))
        values = (*g, *c)
    elif method == "bootstrap":
        lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
        wb, sb, cb = boot
        with np.errstate(divide="ignore", invalid="ignore"):
            gb, nb = sb / wb, cb / wb
        values = (*quantiles(gb, lo_q, hi_q, count), *quantiles(nb, lo_q, hi_q, count))
    else:
        values = (np.full(len(frame), np.nan),) * 4
    for col, value in zip(cols, values, strict=True):
        frame[col] = value


def _volume(count: np.ndarray, periods: pd.PeriodIndex, totals) -> np.ndarray:
    """Dyad events per 1,000 events of the source in the period (NaN without totals)."""
    if totals is None:
        return np.full(len(count), np.nan)
    total = pd.Series(totals).reindex(pd.DatetimeIndex(periods.start_time)).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, 1000.0 * count / total, np.nan)


def _add_impact(frame, sums, freq, half_life, ci, method, boot) -> None:
    """The decayed event-impact series of a sparse source, with its interval."""
    decay = 2.0 ** (-MONTHS_PER_PERIOD[freq] / half_life)
    num, den = decayed(sums["wg"], decay), decayed(sums["w"], decay)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["impact"] = np.where(den > 0, num / den, np.nan)
    frame["evidence"] = den
    if method == "analytic":
        frame["impact_lo"], frame["impact_hi"] = impact_interval(sums, decay, ci=ci)
    elif method == "bootstrap":
        wb, sb, _ = boot
        with np.errstate(divide="ignore", invalid="ignore"):
            ib = decayed(sb, decay) / decayed(wb, decay)
        lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
        has = (den > 0).astype(int)
        frame["impact_lo"], frame["impact_hi"] = quantiles(ib, lo_q, hi_q, has)
    else:
        frame["impact_lo"] = frame["impact_hi"] = np.nan


def _as_period(value, code: str) -> pd.Period:
    if isinstance(value, pd.Period):
        return value.asfreq(code, how="start") if value.freqstr != code else value
    return pd.Period(pd.Timestamp(value), freq=code)


def period_totals(totals: pd.Series, freq: str) -> pd.Series:
    """Sum daily (or any finer) totals into periods; the index becomes the period start."""
    stamps = pd.DatetimeIndex(pd.to_datetime(totals.index))
    periods = pd.PeriodIndex(stamps, freq=FREQS[freq])
    summed = pd.Series(totals.to_numpy(dtype=float), index=periods).groupby(level=0).sum()
    return pd.Series(summed.to_numpy(), index=pd.DatetimeIndex(summed.index.start_time))


def build_index(
    events: pd.DataFrame,
    *,
    dyad: str,
    freq: str = "month",
    start: dt.date | None = None,
    end: dt.date | None = None,
    totals: pd.Series | None = None,
    sparse: bool | None = None,
    half_life: float = DEFAULT_HALF_LIFE,
    n_boot: int = 200,
    ci: float = 0.9,
    seed: int | None = 0,
    interval: str = "auto",
) -> RelationsIndex:
    """The relations index of a dyad from its events (a pure function).

    Args:
        events: the dyad's canonical events (``date, source, goldstein, quad_class, weight``,
            and ``flags`` for the date precision check).
        dyad: its name, e.g. ``"USA-RUS"`` (for the output).
        freq: week, month, quarter or year.
        start, end: the first and last date (default: those of the events).
        totals: events of the same source(s) per period (index: period starts), the denominator
            of ``volume``; None leaves ``volume`` empty.
        sparse: force (True) or forbid (False) the event-impact treatment; default: the
            chronology, and any source leaving more than 20% of periods empty.
        half_life: months (sparse index only).
        n_boot, ci, seed: the bootstrap.
        interval: ``auto`` (bootstrap for a sparse index, its analytic limit for a dense one),
            ``bootstrap``, ``analytic`` or ``none``.

    Raises:
        DyadwatchError: no events; a frequency finer than the dates of the data.

    Example:
        >>> import datetime as dt, pandas as pd
        >>> ev = pd.DataFrame({"date": [dt.date(2020, 1, 5), dt.date(2020, 3, 9)],
        ...     "source": "icews", "goldstein": [3.0, -5.0], "quad_class": [1, 4], "weight": 1.0})
        >>> build_index(ev, dyad="USA-RUS", n_boot=0).frame["events"].tolist()
        [1, 0, 1]
    """
    check_freq(freq)
    if events.empty:
        raise DyadwatchError(f"no events for {dyad}", fix="widen {start}/{end} or load more data")
    used = tuple(sorted(events["source"].unique()))
    _check_precision(events, freq)
    dense_frame = index_from_events(
        events, freq=freq, start=start, end=end, totals=totals, sparse=False, n_boot=0
    )
    empty_share = float(dense_frame["empty"].mean())
    sparse = is_sparse(used, empty_share) if sparse is None else sparse
    result = index_from_events(
        events,
        freq=freq,
        start=start,
        end=end,
        totals=totals,
        sparse=sparse,
        half_life=half_life,
        source_balanced=len(used) > 1,
        n_boot=n_boot,
        ci=ci,
        seed=seed,
        interval=interval,
    )
    method = _interval_method(interval, sparse, n_boot)
    notes = _notes(used, freq, sparse, half_life, empty_share, len(events), len(used) > 1)
    notes.extend(_interval_notes(method, n_boot, ci))
    return RelationsIndex(
        frame=result,
        dyad=dyad,
        freq=freq,
        sources=used,
        sparse=sparse,
        half_life=half_life if sparse else None,
        value_column="impact" if sparse else "goldstein",
        notes=notes,
        events=events,
    )


def is_sparse(sources: tuple[str, ...], empty_share: float) -> bool:
    """The event-impact treatment: the chronology, or more than 20% of periods empty."""
    return bool(set(sources) & SPARSE_SOURCES) or empty_share > SPARSE_EMPTY_SHARE


def build_index_from_sums(
    sums: pd.DataFrame,
    *,
    dyad: str,
    freq: str = "month",
    start: dt.date | None = None,
    end: dt.date | None = None,
    totals: pd.Series | None = None,
    half_life: float = DEFAULT_HALF_LIFE,
    ci: float = 0.9,
    interval: str = "analytic",
) -> RelationsIndex:
    """:func:`build_index` from the engine's per-(period, source) sums of a dense source.

    The sums come from :func:`dyadwatch.queries.dyad_period_stats`; the result has no
    ``events`` (callers that need them query them). A source that turns out sparse
    (:func:`is_sparse`) is built with the analytic interval of the impact series.
    """
    check_freq(freq)
    if sums.empty:
        raise DyadwatchError(f"no events for {dyad}", fix="widen {start}/{end} or load more data")
    used = tuple(sorted(sums["source"].unique()))
    balanced = len(used) > 1
    kwargs = dict(freq=freq, start=start, end=end, totals=totals, source_balanced=balanced)
    counts = index_from_sums(sums, **kwargs, interval="none")
    empty_share = float(counts["empty"].mean())
    sparse = is_sparse(used, empty_share)
    frame = index_from_sums(
        sums, **kwargs, sparse=sparse, half_life=half_life, ci=ci, interval=interval
    )
    notes = _notes(used, freq, sparse, half_life, empty_share, int(sums["n"].sum()), balanced)
    notes.extend(_interval_notes(interval, 0, ci))
    return RelationsIndex(
        frame=frame,
        dyad=dyad,
        freq=freq,
        sources=used,
        sparse=sparse,
        half_life=half_life if sparse else None,
        value_column="impact" if sparse else "goldstein",
        notes=notes,
        events=None,
    )


def _check_precision(frame: pd.DataFrame, freq: str) -> None:
    """A week index needs day-precise dates; the chronology dates some events to the month."""
    if freq != "week" or "flags" not in frame.columns:
        return
    coarse = frame["flags"].map(lambda f: f is not None and "date_month_precision" in list(f))
    if coarse.any():
        first = frame.loc[coarse].iloc[0]
        raise DyadwatchError(
            f"{{freq}} week needs day-precise dates, but {int(coarse.sum())} events are dated "
            f"to the month only (e.g. {first['event_id']})",
            where="{freq}",
            fix="use {freq} month, quarter or year",
        )


def _notes(used, freq, sparse, half_life, empty_share, n_events, balanced) -> list[str]:
    notes = [f"{n_events} events from {', '.join(used)}; {empty_share:.0%} of {freq}s have none."]
    if sparse:
        notes.append(
            f"Sparse source: the index is an event-impact series, the decayed mean Goldstein "
            f"score of all events so far, each event's weight halving every {half_life:g} months; "
            "'evidence' is the decayed number of events behind each value."
        )
    else:
        notes.append("The index is the weighted mean Goldstein score of the period's events.")
    if any(s in SPARSE_SOURCES for s in used):
        notes.append("The chronology is a curated selection: its counts are not volume-normalised.")
    if any(s not in SPARSE_SOURCES for s in used):
        notes.append("volume = dyad events per 1,000 events of the same source in the period.")
    if balanced:
        notes.append("Several sources: each source present in a period has the same total weight.")
    return notes


def _interval_notes(method: str, n_boot: int, ci: float) -> list[str]:
    if method == "bootstrap":
        return [f"{ci:.0%} intervals: Poisson bootstrap over events, {n_boot} replicates."]
    if method == "analytic":
        return [
            f"{ci:.0%} intervals: the Poisson bootstrap's analytic (delta-method) limit for a "
            "ratio of weighted sums, computed from per-period sums."
        ]
    return []
