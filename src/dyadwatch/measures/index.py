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
from dyadwatch.periods import FREQS, MONTHS_PER_PERIOD, check_freq, parse_period, period_label

__all__ = [
    "FREQS",
    "DEFAULT_HALF_LIFE",
    "RelationsIndex",
    "index_from_events",
    "build_index",
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

    Returns:
        One row per period from ``start`` to ``end``, empty periods included.
    """
    check_freq(freq)
    if half_life <= 0:
        raise DyadwatchError("the half-life must be positive", where="{half_life}")
    code = FREQS[freq]
    ev = events.loc[events["goldstein"].notna()]
    ev_periods = _periods(ev["date"], freq) if len(ev) else pd.PeriodIndex([], freq=code)
    first = (
        _as_period(start, code) if start is not None else (ev_periods.min() if len(ev) else None)
    )
    last = _as_period(end, code) if end is not None else (ev_periods.max() if len(ev) else None)
    if first is None or last is None:
        raise DyadwatchError("no events to build an index from", fix="widen {start}/{end}")
    if last < first:
        raise DyadwatchError(
            f"the start {first} is after the end {last}", where="{start}/{end}", fix="swap them"
        )
    periods = pd.period_range(first, last, freq=code)
    keep = (ev_periods >= first) & (ev_periods <= last)
    ev, ev_periods = ev.loc[keep], ev_periods[keep]
    n_p, n_e = len(periods), len(ev)
    pos = (ev_periods.asi8 - first.ordinal).astype(int) if n_e else np.zeros(0, int)

    weight = ev["weight"].fillna(1.0).to_numpy(dtype=float) if n_e else np.zeros(0)
    if source_balanced and n_e:
        per = pd.DataFrame({"p": pos, "s": ev["source"].to_numpy(), "w": weight})
        weight = weight / per.groupby(["p", "s"])["w"].transform("sum").to_numpy()
    score = ev["goldstein"].to_numpy(dtype=float)
    quad = ev["quad_class"].to_numpy(dtype=int) if n_e else np.zeros(0, int)
    coop = np.where(quad <= 2, 1.0, -1.0)

    count = np.bincount(pos, minlength=n_p).astype(int)
    w_sum = np.bincount(pos, weights=weight, minlength=n_p)
    s_sum = np.bincount(pos, weights=weight * score, minlength=n_p)
    c_sum = np.bincount(pos, weights=weight * coop, minlength=n_p)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(w_sum > 0, s_sum / w_sum, np.nan)
        net = np.where(w_sum > 0, c_sum / w_sum, np.nan)
        quads = {
            name: np.where(
                w_sum > 0,
                np.bincount(pos, weights=weight * (quad == k), minlength=n_p) / w_sum,
                np.nan,
            )
            for k, name in enumerate(QUAD_COLUMNS, start=1)
        }
    frame = pd.DataFrame(
        {
            "period": [period_label(p, freq) for p in periods],
            "period_start": periods.start_time.date,
            "period_end": periods.end_time.date,
            "events": count,
            "weight": w_sum,
            "goldstein": mean,
            "net_coop": net,
            **quads,
        }
    )
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
    boot = _poisson_bootstrap(pos, weight, score, coop, n_p, n_boot, seed) if n_boot else None
    if boot is not None:
        wb, sb, cb = boot
        with np.errstate(divide="ignore", invalid="ignore"):
            gb, nb = sb / wb, cb / wb
        frame["goldstein_lo"], frame["goldstein_hi"] = _quantiles(gb, lo_q, hi_q, count)
        frame["net_coop_lo"], frame["net_coop_hi"] = _quantiles(nb, lo_q, hi_q, count)
    else:
        for col in ("goldstein_lo", "goldstein_hi", "net_coop_lo", "net_coop_hi"):
            frame[col] = np.nan
    if totals is not None:
        total = (
            pd.Series(totals).reindex(pd.DatetimeIndex(periods.start_time)).to_numpy(dtype=float)
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            frame["volume"] = np.where(total > 0, 1000.0 * count / total, np.nan)
    else:
        frame["volume"] = np.nan
    frame["empty"] = count == 0
    if sparse:
        decay = 2.0 ** (-MONTHS_PER_PERIOD[freq] / half_life)
        num, den = _decayed(s_sum[None, :], decay), _decayed(w_sum[None, :], decay)
        with np.errstate(divide="ignore", invalid="ignore"):
            frame["impact"] = np.where(den[0] > 0, num[0] / den[0], np.nan)
        frame["evidence"] = den[0]
        if boot is not None:
            wb, sb, _ = boot
            nb_, db_ = _decayed(sb, decay), _decayed(wb, decay)
            with np.errstate(divide="ignore", invalid="ignore"):
                ib = nb_ / db_
            has = (den[0] > 0).astype(int)
            frame["impact_lo"], frame["impact_hi"] = _quantiles(ib, lo_q, hi_q, has)
        else:
            frame["impact_lo"] = frame["impact_hi"] = np.nan
        frame["value"] = frame["impact"]
    else:
        frame["value"] = frame["goldstein"]
    return frame


def _as_period(value, code: str) -> pd.Period:
    if isinstance(value, pd.Period):
        return value.asfreq(code, how="start") if value.freqstr != code else value
    return pd.Period(pd.Timestamp(value), freq=code)


def _decayed(sums: np.ndarray, decay: float) -> np.ndarray:
    """Exponentially decayed running sums along the last axis: ``x_p + decay * x_{p-1} + ...``."""
    out = np.empty_like(sums, dtype=float)
    acc = np.zeros(sums.shape[:-1])
    for p in range(sums.shape[-1]):
        acc = acc * decay + sums[..., p]
        out[..., p] = acc
    return out


def _poisson_bootstrap(pos, weight, score, coop, n_periods, n_boot, seed, chunk=20_000):
    """Replicate sums (weights, weighted scores, weighted coop signs) per period, shape (B, P)."""
    from scipy import sparse as sp

    rng = np.random.default_rng(seed)
    wb = np.zeros((n_boot, n_periods))
    sb = np.zeros((n_boot, n_periods))
    cb = np.zeros((n_boot, n_periods))
    for lo in range(0, len(pos), chunk):
        sl = slice(lo, lo + chunk)
        m = rng.poisson(1.0, size=(n_boot, len(pos[sl]))).astype(float)
        rows = np.arange(len(pos[sl]))
        for target, values in (
            (wb, weight[sl]),
            (sb, weight[sl] * score[sl]),
            (cb, weight[sl] * coop[sl]),
        ):
            design = sp.csr_matrix((values, (rows, pos[sl])), shape=(len(rows), n_periods))
            target += np.asarray((sp.csr_matrix(m) @ design).todense())
    return wb, sb, cb


def _quantiles(reps: np.ndarray, lo: float, hi: float, count: np.ndarray):
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            low = np.nanquantile(reps, lo, axis=0)
            high = np.nanquantile(reps, hi, axis=0)
    low = np.where(count > 0, low, np.nan)
    high = np.where(count > 0, high, np.nan)
    return low, high


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
    if sparse is None:
        sparse = bool(set(used) & SPARSE_SOURCES) or empty_share > SPARSE_EMPTY_SHARE
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
    )
    notes = _notes(
        used, freq, sparse, half_life, empty_share, len(events), n_boot, ci, len(used) > 1
    )
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


def _notes(used, freq, sparse, half_life, empty_share, n_events, n_boot, ci, balanced) -> list[str]:
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
    if n_boot:
        notes.append(f"{ci:.0%} intervals: Poisson bootstrap over events, {n_boot} replicates.")
    return notes
