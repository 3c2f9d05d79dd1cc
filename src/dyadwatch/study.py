"""The study layer: one dyad (or one series), the store opened once, every result computed once.

A :class:`Study` sits between the store and the pure computations. It opens the store the first
time something needs it, queries the dyad's events once, and computes each result (the
relations index, the stages, the stage now, the forecast, the per-administration table, the
landmarks test, the structure test, UN vote alignment) the first time it is asked for, then
keeps it::

    >>> import dyadwatch as dw
    >>> study = dw.Study("USA-RUS")
    >>> study.stages.segments[0].stage, str(study.stages.segments[0].start)
    ('euphoria', '1991-12')
    >>> from dyadwatch.stagenames import STAGES
    >>> study.now.stage in STAGES                        # the stage of the newest month
    True
    >>> type(study.stages.plot()).__name__              # a plotly figure
    'Figure'

In Jupyter, ``study.stages`` on its own shows the stages as a table.

The command line, the web app and the report talk only to this layer (and the public API built
on it): the report gives one Study to all its sections, the web app keeps one Study per dyad.
:meth:`Study.from_series` studies a series you bring (a ``period,value`` CSV or a pandas
series with a PeriodIndex) instead of a dyad's index.

Every core function it calls takes data, not places (``detect_stages(series, observations)``,
``build_index(events, ...)``): the Study is the only code that knows where the data live.
"""

from __future__ import annotations

import contextlib
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
from dyadwatch.stagenames import STAGES as STAGE_NAMES

__all__ = ["Study", "SOURCE_CHOICES"]

SOURCE_CHOICES = ("chronology", "gdelt1", "gdelt2", "icews", "polecat", "all")


class Study:
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
        from dyadwatch.events import parse_date
        from dyadwatch.periods import check_freq

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
        from dyadwatch.events import dyad_events

        return dyad_events(
            self.store, self.pair, start=self.start, end=self.end, directed=self.directed
        )

    def select_events(
        self, *, tags: list[str] | tuple[str, ...] = (), sources: list[str] | None = None
    ) -> pd.DataFrame:
        """The dyad's events carrying every tag in ``tags``, of ``sources`` (default: all)."""
        from dyadwatch.events import check_sources, check_tags

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
        from dyadwatch.events import dyad_source_ranges
        from dyadwatch.freshness import ranges_freshness

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
        from dyadwatch.events import dyad_period_stats
        from dyadwatch.measures.index import build_index_from_sums

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

    # -- structure and the UN votes -----------------------------------------------------------
    @cached_property
    def structure(self):
        """Structure versus personality on this study's series (leaders' terms as transitions)."""
        return self.structure_test()

    def structure_test(
        self,
        *,
        transitions_file: str | Path | None = None,
        capabilities_file: str | Path | None = None,
        window: int = 3,
    ):
        """The structure test with other transitions, capabilities or window."""
        from dyadwatch.claims.structure import analyse_structure
        from dyadwatch.sources.capabilities import read_capabilities
        from dyadwatch.sources.structural_events import structural_events
        from dyadwatch.sources.transitions import read_transitions_csv

        transitions = read_transitions_csv(transitions_file) if transitions_file else None
        capabilities = read_capabilities(capabilities_file) if capabilities_file else None
        return analyse_structure(
            self.series,
            [p.asfreq("M", "start") for p in self.stages.turning_points()],
            name=self.name,
            context_events=self._context_events(),
            transitions=transitions,
            capabilities=capabilities,
            window=window,
            structural_events=structural_events(),
        )

    # --- structure on structure (issue 17) ---
    def structure_measures(
        self,
        *,
        measures: tuple[str, ...] = ("index", "idealpoint", "kappa", "capability"),
        ideal_distance: pd.DataFrame | None = None,
        capabilities: pd.DataFrame | None = None,
        window: int = 3,
        start: str = "1992",
        n_perm: int = 999,
    ) -> dict:
        """The well-posed structure test on each measure at its own frequency, and one table.

        Args:
            measures: any of ``index`` (this study's series), ``idealpoint`` (US–Russia UNGA
                ideal-point distance, yearly), ``kappa`` (UNGA Cohen's kappa, yearly),
                ``capability`` (US/Russia COW CINC ratio, yearly; needs ``capabilities``).
            ideal_distance: a ``year, distance`` frame (default: ``self.ideal_distance`` when
                the study has it, else fitted from the shipped votes, which takes minutes).
            capabilities: a COW NMC table (``ccode, year, cinc``).
            window: coincidence window in months.
            start: first period (the Russian Federation's first full year by default).
            n_perm: block permutations.

        Returns:
            ``{"tests": {name: MeasureTest}, "table": DataFrame, "notes": [...],
            "register": DataFrame}``.
        """
        from dyadwatch.claims.structure import leader_transitions, robustness_table, test_measure
        from dyadwatch.sources.structural_events import structural_events

        register = structural_events()
        notes: list[str] = []
        series = {}
        for m in measures:
            got = self._structure_series(m, ideal_distance, capabilities, notes)
            if got is not None:
                series[m] = got[got.index >= pd.Period(start, freq=got.index.freq)]
        tests = {}
        for m, y in series.items():
            tests[m] = test_measure(
                y,
                self._structure_breaks(m, y),
                name=m,
                transitions=leader_transitions(),
                us_transitions=leader_transitions(("USA",)),
                structural_events=list(register["date"]),
                window_months=window,
                n_perm=n_perm,
                seed=self.seed,
            )
        return {
            "tests": tests,
            "table": robustness_table(tests),
            "notes": notes,
            "register": register,
        }

    def _structure_series(self, m, ideal_distance, capabilities, notes) -> pd.Series | None:
        """One measure as a series at its own frequency (None, with a note, when unavailable)."""
        if m == "index":
            return self.series
        if m == "kappa":
            t = self.unga
            return pd.Series(t["kappa"].to_numpy(float), index=pd.PeriodIndex(t["year"], freq="Y"))
        if m == "idealpoint":
            d = (
                ideal_distance
                if ideal_distance is not None
                else getattr(self, "ideal_distance", None)
            )
            if d is None:
                from dyadwatch.measures.idealpoints import idealpoint_distance, unga_ideal_points
                from dyadwatch.sources.unga import read_unvotes

                d = idealpoint_distance(unga_ideal_points(read_unvotes()), "US-RU")
            return pd.Series(
                d["distance"].to_numpy(float), index=pd.PeriodIndex(d["year"], freq="Y")
            )
        if m == "capability":
            if capabilities is None:
                notes.append("capability: no COW NMC table given (--capabilities FILE).")
                return None
            us = capabilities[capabilities["ccode"] == 2].set_index("year")["cinc"]
            ru = capabilities[capabilities["ccode"] == 365].set_index("year")["cinc"]
            r = (us / ru).dropna()
            notes.append(
                f"capability: US/Russia CINC ratio, {int(r.index.min())}–{int(r.index.max())}."
            )
            return pd.Series(r.to_numpy(float), index=pd.PeriodIndex(r.index.astype(int), freq="Y"))
        raise DyadwatchError(
            f"unknown measure {m!r}",
            where="{measure}",
            fix="use index, idealpoint, kappa or capability",
        )

    def _structure_breaks(self, m: str, y: pd.Series) -> list:
        """Turning points of a measure: the stages' for the index, the same detector otherwise."""
        from dyadwatch.cycle.stages import detect_stages

        if m == "index":
            return [p.asfreq("M", "start") for p in self.stages.turning_points()]
        res = detect_stages(y, penalty=self.penalty, compare_hmm=False, seed=self.seed)
        return list(res.turning_points())

    # --- end structure on structure ---

    # --- Park (2010) comparison and the structure summary (helper D, issue 17 4b) ---
    def structure_inputs(self) -> dict:
        """Yearly structural inputs: the US–Russia ideal-point distance (shipped fit) and the
        COW NMC table read by default (None when there is none), with notes."""
        from dyadwatch.measures.idealpoints.fits import ideal_points
        from dyadwatch.measures.idealpoints.unga import idealpoint_distance
        from dyadwatch.sources.capabilities import default_capabilities_path, read_capabilities

        path = default_capabilities_path()
        return {
            "ideal_distance": idealpoint_distance(ideal_points(), "US-RU"),
            "capabilities": read_capabilities(path) if path else None,
            "capabilities_file": str(path) if path else None,
        }

    def park_comparison(self, *, inputs: dict | None = None, start: str = "1992"):
        """Leader fixed effects against structural covariates and breaks (Park 2010)."""
        from dyadwatch.claims.structure import leader_transitions
        from dyadwatch.claims.structure.park import park_comparison, park_covariates
        from dyadwatch.sources.structural_events import structural_events

        inputs = inputs or self.structure_inputs()
        y = self.series[self.series.index >= pd.Period(start, freq=self.series.index.freq)]
        return park_comparison(
            y,
            park_covariates(inputs["capabilities"], inputs["ideal_distance"]),
            transitions=leader_transitions(),
            us_transitions=leader_transitions(("USA",)),
            structural_events=list(structural_events()["date"]),
        )

    @cached_property
    def structure_summary(self) -> dict:
        """The per-measure verdicts (index, kappa, ideal-point distance, capability ratio) and
        the Park comparison, on the default inputs: ``{"measures": ..., "park": ...}``."""
        inputs = self.structure_inputs()
        names = ("index", "kappa", "idealpoint", "capability")
        if not self.from_data:
            names = ("index",)
        measures = self.structure_measures(
            measures=names if inputs["capabilities"] is not None else names[:3],
            ideal_distance=inputs["ideal_distance"],
            capabilities=inputs["capabilities"],
        )
        park = self.park_comparison(inputs=inputs) if self.from_data else None
        return {"measures": measures, "park": park, "inputs": inputs}

    # --- end Park comparison ---

    def _context_events(self) -> pd.DataFrame:
        """Events whose tags mark structural change: the dyad's chronology, else the whole one."""
        from dyadwatch.sources.chronology import chronology

        if self.pair.actors in (("USA", "RUS"), ("RUS", "USA")):
            return chronology()
        own = self.events_or_none
        return own if own is not None else chronology()

    @cached_property
    def unga(self) -> pd.DataFrame:
        """UN General Assembly vote alignment of the pair, per year."""
        from dyadwatch.measures.unga import unga_alignment

        return unga_alignment(f"{self.pair.a}-{self.pair.b}")

    # --- ideal points (issue 17) ---
    @cached_property
    def ideal_points(self) -> pd.DataFrame:
        """Every UN member's dynamic ideal point per session (the shipped fit, or a cached
        refit when newer sessions were downloaded): see :func:`dyadwatch.api.ideal_points`."""
        from dyadwatch.measures.idealpoints.fits import ideal_points

        return ideal_points()

    @cached_property
    def ideal_distance(self) -> pd.DataFrame:
        """Yearly ideal-point distance of the pair: ``year, distance, lo, hi`` (95 %), with
        ``pair, position_a, position_b, sd`` beside them."""
        from dyadwatch.measures.idealpoints.unga import idealpoint_distance

        return idealpoint_distance(self.ideal_points, f"{self.pair.a}-{self.pair.b}")

    # --- end ideal points ---

    # --- analogues (issue 14) ---
    def analogues(
        self, text: str | None = None, cameo: str | None = None, *, k: int = 5, horizon: int = 6
    ) -> tuple[str, pd.DataFrame]:
        """The ``k`` past events most like the newest event (or ``text`` with ``cameo``), and
        the measure ``horizon`` months after each (:func:`~dyadwatch.measures.analogues.
        find_analogues`). Returns the query's description and the table."""
        from dyadwatch.measures.analogues import event_documents, find_analogues

        events = self.index_events
        if text is None and cameo is None:
            newest = events.sort_values("date").iloc[-1:]
            label = f"{pd.Timestamp(newest['date'].iloc[0]).date()} {newest['description'].iloc[0]}"
            query = event_documents(newest)[0]
        else:
            label = f"{cameo or ''} {text or ''}".strip()
            query = event_documents(pd.DataFrame([{"description": text, "cameo": cameo}]))[0]
        before = self.series.index[-1]
        found = find_analogues(events, self.series, query, before=before, k=k, horizon=horizon)
        return label, found

    def analogue_backtest(self, *, k: int = 5, horizon: int = 6, min_history: int = 60):
        """The analogue forecast against persistence, origin by origin, and its summary."""
        from dyadwatch.measures.analogues import backtest_analogues

        return backtest_analogues(
            self.index_events, self.series, k=k, horizon=horizon, min_history=min_history
        )

    # --- end analogues ---

    # --- forecasts (issue 13) ---
    @cached_property
    def forecast_streams(self) -> list:
        """The fused measure's streams for the dyad: its chronology events (the reference),
        each member's third-party events and UNGA vote kappa (when the pair has votes)."""
        from dyadwatch.measures.fused import (
            event_stream,
            split_events,
            third_party_streams,
            unga_stream,
        )
        from dyadwatch.sources.chronology import chronology

        split = split_events(chronology(), self.pair.actors)
        if split.direct.empty:
            raise DyadwatchError(f"no chronology events for {self.pair}", where="{dyad}")
        streams = [event_stream(split.direct), *third_party_streams(split)]
        try:
            from dyadwatch.measures.unga import unga_alignment

            streams.append(unga_stream(unga_alignment(f"{self.pair.a}-{self.pair.b}")))
        except (DyadwatchError, OSError, ValueError):
            pass  # no UN votes for this pair: the measure runs without them
        self._forecast_events = split.direct
        return streams

    def stage_model_factory(self):
        """The stage model the forecasts use (swap in the ordered HSMM here: one line)."""
        from dyadwatch.cycle.forecast import ChangePointStages

        events = self._forecast_events if hasattr(self, "_forecast_events") else None
        return lambda: ChangePointStages(events, penalty=self.penalty, min_size=self.min_size)

    @cached_property
    def fused_forecast(self):
        """``(fit, stage model, forecast table)`` of the fused measure on all the data."""
        from dyadwatch.cycle.forecast.stage import stage_vector
        from dyadwatch.measures.fused import FusedMeasure

        streams = self.forecast_streams
        fit = FusedMeasure().fit(streams)
        model = self.stage_model_factory()().fit(fit.series)
        table = fit.forecast((1, 3, 6, 12))
        pred = model.predict_stages(12)
        for h in table.index:
            for s, p in zip(STAGE_NAMES, stage_vector(pred, h), strict=True):
                table.loc[h, f"p_{s}"] = p
        return fit, model, table

    def forecast_backtest(self, *, origin: str = "2000-01", n_jobs: int = 2):
        """Rolling-origin forecast backtest: ``(forecasts, scores)``, cached per origin."""
        from dyadwatch.cycle.forecast import rolling_forecasts, score_table

        key = ("forecast", origin)
        if key not in self._backtests:
            streams = self.forecast_streams
            frame, _, _ = rolling_forecasts(
                streams, self.stage_model_factory(), start=origin, n_jobs=n_jobs
            )
            self._backtests[key] = (frame, score_table(frame, seed=self.seed))
        return self._backtests[key]

    def outlook(self, *, backtest_origin: str | None = None) -> dict:
        """The month's arrow, the risk alert and the opportunity flag (with backtested rates
        when ``backtest_origin`` is given: that runs the backtest)."""
        from dyadwatch.cycle.forecast.alerts import outlook

        fit, model, _ = self.fused_forecast
        record = None
        if backtest_origin is not None:
            record = self.forecast_backtest(origin=backtest_origin)[0]
        return outlook(fit, model, self._forecast_events, record)

    # --- end forecasts ---

    # --- ordered model (issue 13) ---
    @cached_property
    def fused(self):
        """The fused relations measure of the dyad: its events, each member's third-party
        events and UNGA alignment (:class:`~dyadwatch.measures.fused.FusedMeasure`)."""
        from dyadwatch.measures import fused as fz

        split = fz.split_events(self._context_events(), self.pair.actors)
        streams = [fz.event_stream(split.direct), *fz.third_party_streams(split)]
        with contextlib.suppress(DyadwatchError):  # no UN votes: the events alone
            streams.append(fz.unga_stream(self.unga))
        return fz.fuse(streams, start=self.start, end=self.end)

    @property
    def stage_series(self) -> pd.Series:
        """What the ordered model reads: the fused smoothed mean, or the series given."""
        if self.from_data:
            return self.fused.smoothed_["mean"]
        return self.series

    @cached_property
    def ordered_stages(self):
        """The ordered five-stage HSMM (:class:`~dyadwatch.cycle.hsmm.StageModel`)."""
        from dyadwatch.cycle.hsmm import fit

        return fit(self.stage_series)

    @cached_property
    def model_comparison(self):
        """The test of the claim (:class:`~dyadwatch.cycle.compare.Comparison`), settings by CV."""
        from dyadwatch.cycle.compare import compare_models, select_settings

        chosen = select_settings(self.stage_series)
        return compare_models(self.stage_series, max_dur=chosen["max_dur"], family=chosen["family"])

    def landmarks_by_method(self, table: pd.DataFrame | None = None, *, tolerance: int = 3):
        """Per method (ordered model, change points), the landmarks found and their stages."""
        from dyadwatch.cycle.landmarks import landmarks_per_method
        from dyadwatch.sources.landmarks import load_landmarks

        table = load_landmarks(dyad=self.dyad) if table is None else table
        cp = pd.DataFrame([{"start": s.start, "stage": s.stage} for s in self.stages.segments])
        methods = {"ordered": self.ordered_stages.segments(), "changepoint": cp}
        return landmarks_per_method(methods, table, tolerance=tolerance)

    @property
    def method_agreement(self) -> float:
        """Cohen's kappa of the ordered model's and the change points' monthly stages."""
        from dyadwatch.cycle.hmm import cohen_kappa, monthly_labels

        cp = monthly_labels(self.stages.segments)
        cp.index = [p.asfreq("M", "start") for p in cp.index]
        path = self.ordered_stages.path()
        both = path.index.intersection(pd.PeriodIndex(cp.index))
        return cohen_kappa(path.loc[both].tolist(), cp.loc[both].tolist())

    # --- end ordered model ---

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
