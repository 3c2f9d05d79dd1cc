"""The :class:`Study` itself: construction, the store and the events, the relations index,
the change-point stages and the stage now, the display.

The results of the other claims live beside it, one concept a module, as the classes
:class:`Study` is built from: :mod:`dyadwatch.study.structure` (structure versus personality,
UN votes, ideal points) and :mod:`dyadwatch.study.forecasts` (forecasts, analogues and the
ordered stage model).
"""

from __future__ import annotations

import datetime as dt
import html
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from dyadwatch.dyads import Dyad, parse_dyad
from dyadwatch.errors import DyadwatchError
from dyadwatch.freshness import STALE_DAYS, UPDATE_COMMAND
from dyadwatch.freshness import today as current_day
from dyadwatch.study.forecasts import ForecastResults
from dyadwatch.study.structure import StructureResults

__all__ = ["Study", "SOURCE_CHOICES"]

SOURCE_CHOICES = ("chronology", "gdelt1", "gdelt2", "icews", "polecat", "all")


class Study(StructureResults, ForecastResults):
    """A study of one dyad's relations (or of one series).

    Args:
        dyad: the actor pair, ``"USA-RUS"`` (ISO3, ISO2 or NATO/EU/UN/OSCE codes).
        db: the store file (default: ``$DYADWATCH_DB`` or the user data directory).
        source: the events that build the relations index: ``chronology`` (default, the
            shipped cited chronology), ``gdelt1``, ``gdelt2``, ``icews``, ``polecat``, or
            ``all`` (every source in the store, each with the same say per period).
        freq: week, month (default), quarter or year.
        start, end: date bounds of the events (``YYYY-MM-DD``, ``YYYY-MM`` or dates).
        directed: only events where the first actor acts on the second.
        half_life: months for an event's weight to halve in a sparse source's index.
        penalty: change-point penalty: ``hq``, ``bic``, ``aic``, ``cv`` or a number.
        min_size: shortest stage in periods (default: three months' worth).
        horizon: forecast horizon in months.
        n_boot: bootstrap replicates of the index's intervals (0: none).
        seed: the seed of every random step (bootstrap, cross-validation, HMM, tests).
        store: an open store to use instead of ``db`` (the Study does not close it).
        today: the day "now" means (default: :func:`dyadwatch.freshness.today`).

    Attributes (computed on first use, then kept):
        events, index, series, stages, now, forecast, presidents, landmarks, structure, unga.
    """

    def __init__(
        self,
        dyad: str = "USA-RUS",
        *,
        db: str | Path | None = None,
        source: str = "chronology",
        freq: str = "month",
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        directed: bool = False,
        half_life: float = 3.0,
        penalty: float | str = "hq",
        min_size: int | None = None,
        horizon: int = 6,
        n_boot: int = 200,
        seed: int | None = 0,
        store: Any = None,
        today: dt.date | None = None,
    ) -> None:
        from dyadwatch.cycle.changepoints import parse_penalty
        from dyadwatch.periods import check_freq
        from dyadwatch.queries import parse_date

        if source not in SOURCE_CHOICES:
            raise DyadwatchError(
                f"unknown source {source!r}",
                where="{source}",
                fix=f"use one of {', '.join(SOURCE_CHOICES)}",
            )
        if horizon < 1:
            raise DyadwatchError("the horizon must be at least one month", where="{horizon}")
        self.pair: Dyad = parse_dyad(dyad)
        self.dyad = str(self.pair)
        self.db = db
        self.source = source
        self.freq = check_freq(freq)
        self.start = start if isinstance(start, dt.date) else parse_date(start, option="{start}")
        self.end = end if isinstance(end, dt.date) else parse_date(end, option="{end}")
        if self.start and self.end and self.start > self.end:
            raise DyadwatchError(
                f"the start {self.start} is after the end {self.end}",
                where="{start}/{end}",
                fix="swap them or widen the range",
            )
        self.directed = directed
        self.half_life = half_life
        self.penalty = parse_penalty(penalty)
        self.min_size = min_size
        self.horizon = horizon
        self.n_boot = n_boot
        self.seed = seed
        self.today = today or current_day()
        self._store = store
        self._own_store = store is None
        self._given_series: pd.Series | None = None
        self._series_name: str | None = None
        self._backtests: dict[tuple, Any] = {}

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    def from_series(
        cls,
        series: pd.Series | str | Path,
        *,
        freq: str = "month",
        name: str | None = None,
        dyad: str = "USA-RUS",
        **options: Any,
    ) -> Study:
        """A study of a series you bring instead of a dyad's index.

        Args:
            series: a pandas series with a PeriodIndex, or the path of a ``period,value`` CSV.
            freq: the series' frequency (for a CSV).
            name: what to call it in outputs (default: the file name, or ``"series"``).
            dyad: whose events explain the turning points (and whose landmarks apply).
            options: any other :class:`Study` argument (``penalty``, ``seed``, ``db``, ...).
        """
        from dyadwatch.sources.series import read_series_csv

        study = cls(dyad, freq=freq, **options)
        if isinstance(series, (str, Path)):
            study._series_name = name or f"series from {series}"
            series = read_series_csv(series, freq)
        else:
            study._series_name = name or (str(series.name) if series.name else "series")
            if not isinstance(series.index, pd.PeriodIndex):
                raise DyadwatchError(
                    "the series needs a PeriodIndex",
                    where="{series}",
                    fix="use series.to_period('M') or read a period,value CSV",
                )
        study._given_series = series
        return study

    @property
    def from_data(self) -> bool:
        """True when the study runs on the dyad's events (not on a series brought in)."""
        return self._given_series is None

    @property
    def name(self) -> str:
        """What the study is about, for titles and notes."""
        if self._series_name:
            return self._series_name
        return f"{self.dyad} relations index ({self.source})"

    # -- the store and the events -----------------------------------------------------------------
    @property
    def store(self):
        """The open store (opened on first use, once)."""
        if self._store is None:
            from dyadwatch.sources.chronology import ensure_chronology
            from dyadwatch.store import open_store

            store = open_store(self.db)
            ensure_chronology(store)
            self._store = store
        return self._store

    def close(self) -> None:
        """Close the store if this study opened it (results stay available)."""
        if self._store is not None and self._own_store:
            self._store.close()
            self._store = None

    def __enter__(self) -> Study:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @cached_property
    def all_events(self) -> pd.DataFrame:
        """Every event of the dyad in the store (every source) within the date bounds."""
        from dyadwatch.queries import dyad_events

        return dyad_events(
            self.store, self.pair, start=self.start, end=self.end, directed=self.directed
        )

    @cached_property
    def all_events_arrow(self):
        """:attr:`all_events` as an Arrow table (same rows and order, no pandas conversion)."""
        from dyadwatch.queries import dyad_events_arrow

        return dyad_events_arrow(
            self.store, self.pair, start=self.start, end=self.end, directed=self.directed
        )

    def select_events(
        self, *, tags: list[str] | tuple[str, ...] = (), sources: list[str] | None = None
    ) -> pd.DataFrame:
        """The dyad's events carrying every tag in ``tags``, of ``sources`` (default: all)."""
        from dyadwatch.queries import check_sources, check_tags

        check_tags(tags)
        check_sources(sources)
        frame = self.all_events
        if sources:
            frame = frame[frame["source"].isin(list(sources))]
        for tag in tags:
            frame = frame[frame["tags"].map(lambda t, tag=tag: t is not None and tag in list(t))]
        return frame.reset_index(drop=True)

    @cached_property
    def events(self) -> pd.DataFrame:
        """The events that build the index: those of :attr:`source` (all sources for ``all``)."""
        frame = self.all_events
        if self.source != "all":
            frame = frame[frame["source"] == self.source].reset_index(drop=True)
        if frame.empty:
            where = "the store" if self.source == "all" else f"source {self.source}"
            fix = (
                "the built-in chronology covers USA-RUS; load GDELT or ICEWS data for other pairs"
                if self.source in ("chronology", "all")
                else f"load {self.source} data into the store first, or use {{source}} chronology"
            )
            raise DyadwatchError(f"no events for {self.pair} in {where}", fix=fix)
        return frame

    @cached_property
    def chronology_events(self) -> pd.DataFrame | None:
        """The dyad's chronology events (they explain turning points); None if there are none."""
        try:
            frame = self.all_events
        except DyadwatchError:
            return None
        frame = frame[frame["source"] == "chronology"].reset_index(drop=True)
        return frame if len(frame) else None

    @cached_property
    def freshness(self) -> pd.DataFrame:
        """Per source of the study's data: first and last date, events, age of the newest."""
        from dyadwatch.freshness import freshness_table

        if not self.from_data:
            periods = self.series.index
            frame = pd.DataFrame(
                {"source": self.name, "date": [periods[0].start_time, periods[-1].end_time]}
            )
            table = freshness_table(frame, self.today)
            table["events"] = len(periods)
            return table
        if "all_events" in self.__dict__:
            return freshness_table(self.all_events, self.today)
        from dyadwatch.freshness import ranges_freshness
        from dyadwatch.queries import dyad_source_ranges

        ranges = dyad_source_ranges(
            self.store, self.pair, start=self.start, end=self.end, directed=self.directed
        )
        return ranges_freshness(ranges, self.today)

    @property
    def freshness_note(self) -> str:
        """One sentence: each source's range and age, with a warning when the data are stale."""
        return self.freshness_text()

    def freshness_text(self, *, stage: bool = True) -> str:
        """:attr:`freshness_note`; ``stage=False`` leaves out what staleness means for "now"."""
        from dyadwatch.freshness import freshness_line

        return freshness_line(self.freshness, self.today, stage=stage)

    # -- the measure -------------------------------------------------------------------------------
    @cached_property
    def totals(self) -> pd.Series | None:
        """Events per period of the index's machine-coded sources (the ``volume`` denominator)."""
        from dyadwatch.measures.index import SPARSE_SOURCES, period_totals
        from dyadwatch.sources.normalise import daily_totals

        used = (self.source,) if self._engine_index else sorted(self.events["source"].unique())
        machine = [s for s in used if s not in SPARSE_SOURCES]
        if not machine:
            return None
        daily = pd.concat([daily_totals(self.store, s) for s in machine])
        daily = daily.groupby("date")["total"].sum()
        series = pd.Series(daily.to_numpy(dtype=float), index=pd.to_datetime(daily.index))
        return period_totals(series, self.freq)

    @cached_property
    def index(self):
        """The relations index (:class:`~dyadwatch.measures.index.RelationsIndex`)."""
        from dyadwatch.measures.index import build_index

        if not self.from_data:
            raise DyadwatchError(
                "a study of a series you brought has no relations index",
                fix="use study.series, or a Study of a dyad",
            )
        if self._engine_index:
            return self._index_from_engine()
        return build_index(
            self.events,
            dyad=self.dyad,
            freq=self.freq,
            start=self.start,
            end=self.end,
            totals=self.totals,
            half_life=self.half_life,
            n_boot=self.n_boot,
            seed=self.seed,
        )

    @property
    def _engine_index(self) -> bool:
        """A machine-coded source: its index comes from the engine's sums, not from events."""
        from dyadwatch.measures.index import SPARSE_SOURCES

        return self.from_data and self.source != "all" and self.source not in SPARSE_SOURCES

    def _index_from_engine(self):
        from dyadwatch.measures.index import build_index_from_sums
        from dyadwatch.queries import dyad_period_stats

        sums = dyad_period_stats(
            self.store,
            self.pair,
            self.freq,
            start=self.start,
            end=self.end,
            sources=[self.source],
            directed=self.directed,
        )
        if sums.empty:
            self.events  # noqa: B018 - raises the one-line "no events" error
        return build_index_from_sums(
            sums,
            dyad=self.dyad,
            freq=self.freq,
            start=self.start,
            end=self.end,
            totals=self.totals,
            half_life=self.half_life,
            interval="analytic" if self.n_boot else "none",
        )

    @property
    def index_events(self) -> pd.DataFrame:
        """The events behind the index (queried when the engine built it from sums)."""
        events = self.index.events
        return self.events if events is None else events

    @property
    def series(self) -> pd.Series:
        """The series the stages are found on: the index's value column, or the series given."""
        if self._given_series is not None:
            return self._given_series
        return self.index.series

    @property
    def observations(self) -> pd.DataFrame | None:
        """The events behind a sparse index (the change points' unit), else None."""
        if self._given_series is not None or not self.index.sparse:
            return None
        return self.index_events

    # -- the cycle -------------------------------------------------------------------------------
    @cached_property
    def stages(self):
        """The stages (:class:`~dyadwatch.cycle.stages.StagesResult`), the HMM beside them."""
        from dyadwatch.cycle.stages import compare_hmm_beside

        return compare_hmm_beside(self._segmentation, self.seed)

    @cached_property
    def _segmentation(self):
        """The change-point stages alone; :attr:`stages` adds the HMM comparison to them."""
        from dyadwatch.cycle.stages import detect_stages

        notes = list(self.index.notes) if self.from_data else []
        if not self.from_data:
            notes.append(f"Series: {self.name} ({len(self.series)} {self.freq}s).")
        return detect_stages(
            self.series,
            self.observations,
            events=self.index_events if self.from_data else self.events_or_none,
            penalty=self.penalty,
            min_size=self.min_size,
            seed=self.seed,
            notes=notes,
            index=self.index if self.from_data else None,
            compare_hmm=False,
        )

    @property
    def events_or_none(self) -> pd.DataFrame | None:
        """The dyad's chronology events, or None when there are none or no store can be read."""
        try:
            return self.chronology_events
        except DyadwatchError:
            return None

    @cached_property
    def now(self):
        """The stage now, since when, the evidence and the forecast."""
        from dyadwatch.cycle.now import now_from

        now = now_from(self._segmentation, horizon=self.horizon)
        table = self.freshness
        now.as_of = self.today
        now.newest_event = max(table["last"]) if len(table) else None
        now.freshness = self.freshness_note
        if now.age_days is not None and now.age_days > STALE_DAYS:
            now.caveats.insert(
                0,
                f"The newest event is {now.age_days} days old ({now.newest_event}): this is the "
                f"stage of {now.last_period}, not of today. Run {UPDATE_COMMAND} for current data.",
            )
        return now

    @property
    def forecast(self):
        """The forecast of the next stage (:class:`~dyadwatch.cycle.transitions.Forecast`)."""
        return self.now.forecast

    @cached_property
    def presidents(self) -> pd.DataFrame:
        """Per administration: the stages, the reset attempt, its peak and half-life."""
        from dyadwatch.cycle.presidents import administrations

        return administrations(self.stages)

    def backtest(self, *, origin: str = "2000-01", horizon: int | None = None):
        """Rolling-origin backtest of the stage forecast (cached per origin and horizon)."""
        from dyadwatch.cycle.backtest import backtest_series

        horizon = horizon or self.horizon
        key = (origin, horizon)
        if key not in self._backtests:
            self._backtests[key] = backtest_series(
                self.series,
                self.observations,
                start=origin,
                horizon=horizon,
                penalty=self.penalty,
                min_size=self.min_size,
            )
        return self._backtests[key]

    def landmarks_test(self, table: pd.DataFrame | None = None, **options: Any):
        """The landmarks test with a landmarks table of your own (or other tolerances)."""
        from dyadwatch.cycle.landmarks import check_landmarks
        from dyadwatch.sources.landmarks import load_landmarks

        if table is None:
            table = load_landmarks(dyad=self.dyad)
        return check_landmarks(self.stages, table, seed=self.seed, **options)

    @cached_property
    def landmarks(self):
        """The essay's landmarks against the turning points (only for a pair that has them)."""
        return self.landmarks_test()

    # -- display ---------------------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """The stages of the study as a table."""
        return self.stages.to_frame()

    def plot(self, **options: Any):
        """The index (or series) with its stages shaded (a plotly figure)."""
        return self.stages.plot(**options)

    def __repr__(self) -> str:
        if not self.from_data:
            return f"Study.from_series({self.name!r}, freq={self.freq!r})"
        return f"Study({self.dyad!r}, source={self.source!r}, freq={self.freq!r})"

    def _repr_html_(self) -> str:
        lines = [f"<strong>{html.escape(repr(self))}</strong>"]
        if "stages" in self.__dict__:
            lines.append(self.stages._repr_html_())
        else:
            lines.append("<p>Results are computed on first use: .index, .stages, .now, ...</p>")
        return "<div>" + "".join(lines) + "</div>"
