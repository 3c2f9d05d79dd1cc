"""The stage the relationship is in now, since when, on what evidence, and what comes next."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dyadwatch.cycle.stages import StagesResult
from dyadwatch.cycle.transitions import Forecast, TransitionModel, spells
from dyadwatch.display import Result
from dyadwatch.errors import DyadwatchError

__all__ = ["StageNow", "now_from"]


@dataclass
class StageNow(Result):
    """The current stage and the forecast.

    Attributes:
        stage: current stage (of the last spell).
        since: first period of the current spell.
        last_period: last period with data.
        months_in_stage: months since ``since``.
        confidence: label confidence of the last segment.
        level: mean index over the last segment; ``latest``: the last index value.
        evidence: the events at the turning point that began the spell, and the latest events.
        forecast: :class:`~dyadwatch.cycle.transitions.Forecast`.
        spells: all spells (stage, start, end, months).
        transition_counts: the empirical transition counts.
        caveats: what limits the forecast.
        as_of: the day the stage is reported on (None: not stated).
        newest_event: the date of the newest observation behind the stage.
        freshness: one sentence on each source's range and age (with a warning when stale).
    """

    stage: str
    since: pd.Period
    last_period: pd.Period
    months_in_stage: int
    confidence: float
    level: float
    latest: float
    evidence: dict[str, list[dict[str, Any]]]
    forecast: Forecast
    spells: pd.DataFrame
    transition_counts: pd.DataFrame
    caveats: list[str] = field(default_factory=list)
    as_of: dt.date | None = None
    newest_event: dt.date | None = None
    freshness: str = ""
    #: the month's arrow, risk alert and opportunity flag
    #: (:func:`dyadwatch.cycle.forecast.alerts.outlook`); None when not computed
    outlook: dict[str, Any] | None = None

    @property
    def age_days(self) -> int | None:
        """Days from the newest observation to :attr:`as_of`."""
        if self.as_of is None or self.newest_event is None:
            return None
        return (self.as_of - self.newest_event).days

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "newest_event": None if self.newest_event is None else self.newest_event.isoformat(),
            "age_days": self.age_days,
            "freshness": self.freshness,
            "stage": self.stage,
            "since": str(self.since),
            "last_period": str(self.last_period),
            "months_in_stage": self.months_in_stage,
            "confidence": round(self.confidence, 3),
            "level": round(self.level, 3),
            "latest": round(self.latest, 3),
            "evidence": self.evidence,
            "forecast": self.forecast.to_dict(),
            "spells": [
                {
                    "stage": r.stage,
                    "start": str(r.start),
                    "end": str(r.end),
                    "months": int(r.months),
                }
                for r in self.spells.itertuples()
            ],
            "transition_counts": {
                a: {b: int(v) for b, v in row.items() if v}
                for a, row in self.transition_counts.iterrows()
            },
            "caveats": self.caveats,
            "outlook": self.outlook,
        }

    def to_frame(self) -> pd.DataFrame:
        """The summary as a two-column table (``key``, ``value``)."""
        summary = self.summary()
        return pd.DataFrame({"key": list(summary), "value": [str(v) for v in summary.values()]})

    def title(self) -> str:
        when = f" (as of {self.as_of})" if self.as_of is not None else ""
        return f"The stage now{when}: {self.stage} since {self.since}"

    def summary(self) -> dict[str, Any]:
        """Key/value pairs for a table."""
        f = self.forecast
        top = sorted(f.next_stage.items(), key=lambda kv: -kv[1])
        exp = "undefined" if f.expected_months == float("inf") else f"{f.expected_months:.0f}"
        head = {}
        if self.as_of is not None:
            head["as of"] = (
                f"{self.as_of} (newest event {self.newest_event}, {self.age_days} days old)"
            )
        return (
            head
            | {
                "stage": self.stage,
                "since": str(self.since),
                "months in stage": self.months_in_stage,
                "label confidence": f"{self.confidence:.2f}",
                "index (latest / stage mean)": f"{self.latest:+.2f} / {self.level:+.2f}",
                f"P(turning point within {f.horizon} months)": (
                    f"{f.p_turn:.2f} ({f.p_turn_interval[0]:.2f}-{f.p_turn_interval[1]:.2f})"
                ),
                "next stage if it turns": ", ".join(
                    f"{s} {p:.2f} ({f.next_stage_interval[s][0]:.2f}-"
                    f"{f.next_stage_interval[s][1]:.2f})"
                    for s, p in top
                ),
                "expected months to transition": (
                    f"{exp} (90%: {f.months_interval[0]:.0f}-{f.months_interval[1]:.0f})"
                ),
                "evidence (turning point)": "; ".join(
                    f"{e['date']} {e['description']}" for e in self.evidence["turning_point"]
                ),
                "evidence (latest events)": "; ".join(
                    f"{e['date']} {e['description']}" for e in self.evidence["latest"]
                ),
                "caveats": " ".join(self.caveats),
                "data": self.freshness,
            }
            | self._outlook_lines()
        )

    def _outlook_lines(self) -> dict[str, str]:
        """The arrow and the alerts as table rows (empty without an outlook)."""
        if not self.outlook:
            return {}
        o = self.outlook
        rows = {f"arrow ({o['month']})": f"{o['arrow']} (news z {o['news_z']})"}
        for name in ("risk_alert", "opportunity"):
            sig = o[name]
            text = f"P({sig['stage']} begins within 6 months) {sig['p_within_6_months']:.2f}"
            if "threshold" in sig:
                text += f", threshold {sig['threshold']}: {'ON' if sig['on'] else 'off'}"
            rows[name.replace("_", " ")] = text
        return rows


def now_from(result: StagesResult, *, horizon: int = 6, alpha: float = 0.5) -> StageNow:
    """The current stage and forecast from a fitted :class:`StagesResult`.

    Raises:
        DyadwatchError: a horizon below one month.
    """
    if horizon < 1:
        raise DyadwatchError("the horizon must be at least one month", where="{horizon}")
    spell_frame = spells(result.segments)
    model = TransitionModel(alpha=alpha).fit(spell_frame)
    current = spell_frame.iloc[-1]
    last_seg = result.segments[-1]
    forecast = model.forecast(current["stage"], horizon=horizon)
    first_seg = next(s for s in result.segments if s.start == current["start"])
    latest: list[dict[str, Any]] = []
    if result.events is not None and len(result.events):
        ev = result.events.sort_values("date").tail(5)
        latest = [
            {
                "date": str(pd.Timestamp(r["date"]).date()),
                "description": r.get("description"),
                "goldstein": float(r["goldstein"]),
                "citation": r.get("citation"),
            }
            for _, r in ev.iterrows()
        ]
    caveats = [
        f"The forecast rests on {len(spell_frame) - 1} observed transitions and "
        f"{forecast.completed_spells} completed {current['stage']} spells; the intervals say how "
        "little that is.",
        "Durations are modelled as memoryless (constant monthly hazard).",
        "The last turning point is the least certain: new data can move or remove it.",
    ]
    return StageNow(
        stage=current["stage"],
        since=current["start"],
        last_period=result.series.index[-1],
        months_in_stage=int(current["months"]),
        confidence=last_seg.confidence,
        level=last_seg.level,
        latest=float(result.series.iloc[-1]),
        evidence={"turning_point": first_seg.turning_point_events, "latest": latest},
        forecast=forecast,
        spells=spell_frame,
        transition_counts=model.counts_,
        caveats=caveats,
    )
