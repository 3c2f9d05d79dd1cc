"""The Study's forecasts: analogues, the fused measure's forecast and its backtest, the
outlook, and the ordered five-stage model with the test of the cycle claim.

:class:`ForecastResults` is one of the classes :class:`~dyadwatch.study.Study` is built from;
it uses the Study's dyad, events, series, stages and seed.
"""

from __future__ import annotations

import contextlib
from functools import cached_property

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.stagenames import STAGES as STAGE_NAMES

__all__ = ["ForecastResults"]


class ForecastResults:
    """Forecasts, analogues and the ordered stage model of a :class:`Study`."""

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
