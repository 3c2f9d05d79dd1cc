"""The essay's landmarks against the turning points the data shows.

The essay dates the cycle by landmarks: Kosovo 1999, the post-9/11 reset, Iraq 2003, Georgia
2008, the 2009 reset, the storm clouds of 2011, Crimea 2014, the 2022 invasion and Trump's
second term [Essay]. :func:`check_landmarks` asks three questions of each, so that a claim the
data does not bear out is reported as such rather than hidden:

1. **Found?** Is there a detected turning point within ``tolerance`` months (default 3) of the
   landmark's month (or span ``month..until``), and does the stage that begins there match the
   stage the essay implies?
2. **Is there a shift at all?** The mean score of the events in the ``window`` months (default
   6) before the landmark against those from the landmark to ``window`` months after its end
   (for a dense source or a series: the period values): the difference, a 90% bootstrap
   interval and a two-sided permutation p-value (:func:`scipy.stats.permutation_test`), with
   Holm's correction over all landmarks [Hol1979].
3. **How robust is the turning point?** ``persistence``: the largest penalty, as a multiple of
   the one used, at which the segmentation has a turning point near the landmark (a grid of 41
   multiples from 1/8 to 8: the solution path over penalties, in the spirit of CROPS
   [HEF2014]). Well above 1 is a robust turning point; a landmark near a turning point only
   below 1 needs a more permissive criterion than the run's. (A break can sit near a landmark at
   high penalties and move away at the run's: the location is re-optimised at each penalty.)

The verdict per landmark is ``found`` (with the label check), ``turning point only at other
penalties``, ``shift, no turning point`` (the local shift is significant after Holm's
correction but no segmentation on the grid has a break there), ``no clear shift`` (neither), or
``too few events`` (fewer than two on a side). The landmarks are never used to choose the
penalty or any other setting: they are a test of the essay, not a target.

References:
    [Essay] "What We Get Wrong About Russia" (the essay this project implements).
    [Hol1979] Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    Scandinavian Journal of Statistics 6(2), 65–70.
    [HEF2014] Haynes, K., Eckley, I. A., Fearnhead, P. (2017). Computationally efficient
    changepoint detection for a range of penalties. Journal of Computational and Graphical
    Statistics 26(1), 134–143.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from dyadwatch.cycle.stages import StagesResult
from dyadwatch.display import Result
from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.landmarks import LANDMARK_COLUMNS, load_landmarks

__all__ = [
    "landmarks_per_method",
    "LANDMARK_COLUMNS",
    "LandmarksResult",
    "check_landmarks",
    "load_landmarks",
]

#: Penalty multiples of the solution path (geometric, 1/8 to 8).
PERSISTENCE_GRID = tuple(float(x) for x in np.geomspace(0.125, 8.0, 41))


@dataclass
class LandmarksResult(Result):
    """Per-landmark findings (``table``), with the settings behind them.

    Attributes:
        table: one row per landmark (see :func:`check_landmarks`).
        tolerance: months either side of a landmark within which a turning point counts.
        window: months of evidence on each side for the local shift.
        penalty: the change-point penalty of the stages run.
        notes: how to read the table.
    """

    table: pd.DataFrame
    tolerance: int
    window: int
    penalty: float
    notes: list[str] = field(default_factory=list)

    @property
    def found(self) -> int:
        """How many landmarks have a turning point within the tolerance."""
        return int(self.table["found"].sum())

    def title(self) -> str:
        return f"Landmarks: {self.found} of {len(self.table)} found"

    def to_frame(self) -> pd.DataFrame:
        """The essentials per landmark, formatted for reading (the full table is ``table``)."""
        t = self.table
        return pd.DataFrame(
            {
                "landmark": t["landmark_id"],
                "month": t["month"].where(t["month"] == t["until"], t["month"] + ".." + t["until"]),
                "turning point": t["turning_point"],
                "months off": t["distance_months"],
                "stage (essay)": [
                    f"{s if isinstance(s, str) else '–'} ({e or 'any'})"
                    for s, e in zip(t["stage"], t["expected"], strict=True)
                ],
                "shift [90% CI]": [
                    f"{d:+.1f} [{lo:+.1f}, {hi:+.1f}]" if d == d else "–"
                    for d, lo, hi in zip(t["shift"], t["shift_lo"], t["shift_hi"], strict=True)
                ],
                "p (Holm)": [
                    f"{p:.3f} ({h:.2f})" if p == p else "–"
                    for p, h in zip(t["p_value"], t["p_holm"], strict=True)
                ],
                "persistence": t["persistence"],
                "verdict": t["verdict"],
            }
        )

    def summary(self) -> str:
        """One paragraph, generated from the numbers."""
        t = self.table
        n = len(t)
        found = t[t["found"]]
        shift_only = t[t["verdict"] == "shift, no turning point"]
        none = t[t["verdict"] == "no clear shift"]
        few = t[t["verdict"] == "too few events"]
        other = t[t["verdict"] == "turning point only at other penalties"]
        parts = [
            f"{len(found)} of {n} landmarks have a detected turning point within "
            f"±{self.tolerance} months"
            + (": " + ", ".join(found["landmark_id"]) if len(found) else "")
            + "."
        ]
        wrong = found[found["label_ok"] == False]  # noqa: E712
        if len(wrong):
            parts.append(
                "Stage differs from the essay's at "
                + ", ".join(
                    f"{r.landmark_id} ({r.stage}, essay: {r.expected})" for r in wrong.itertuples()
                )
                + "."
            )
        if len(shift_only):
            parts.append(
                f"{len(shift_only)} more show a significant local shift without a turning point "
                "at this penalty: " + ", ".join(shift_only["landmark_id"]) + "."
            )
        if len(other):
            parts.append(
                f"{len(other)} have a turning point nearby only at other penalties: "
                + ", ".join(
                    f"{r.landmark_id} (at penalties up to {r.persistence:.2g}×)"
                    for r in other.itertuples()
                )
                + "."
            )
        if len(none):
            parts.append(
                f"The data show no clear shift at {len(none)}: "
                + ", ".join(
                    f"{r.landmark_id} (Δ {r.shift:+.1f}, p {r.p_value:.2f})"
                    if not math.isnan(r.shift)
                    else r.landmark_id
                    for r in none.itertuples()
                )
                + "."
            )
        if len(few):
            parts.append("Too few events to test: " + ", ".join(few["landmark_id"]) + ".")
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        from dyadwatch.serialise import plain

        return {
            "found": self.found,
            "landmarks": plain(self.table.to_dict(orient="records")),
            "tolerance_months": self.tolerance,
            "window_months": self.window,
            "penalty": self.penalty,
            "summary": self.summary(),
            "notes": self.notes,
        }


def check_landmarks(
    result: StagesResult,
    landmarks: pd.DataFrame | None = None,
    *,
    tolerance: int = 3,
    window: int = 6,
    n_resamples: int = 9999,
    seed: int | None = 0,
) -> LandmarksResult:
    """Compare the turning points of a stages run with landmarks (see the module docstring).

    Args:
        result: a :func:`~dyadwatch.cycle.stages.stages` result (monthly, quarterly, yearly or
            weekly; months are converted).
        landmarks: from :func:`load_landmarks` (default: the essay's US–Russia landmarks).
        tolerance: months either side of the landmark (its span) within which a turning point
            counts as found.
        window: months of evidence before the landmark and after its end for the local shift.
        n_resamples: permutation and bootstrap resamples.
        seed: seed of both.

    Returns:
        :class:`LandmarksResult`; its table has ``landmark_id, month, until, name, expected,
        found, turning_point, distance_months, stage, label_ok, n_before, n_after, before,
        after, shift, shift_lo, shift_hi, p_value, persistence, p_holm, verdict``.
    """
    if tolerance < 0 or window < 1:
        raise DyadwatchError(
            "the tolerance must be 0 or more and the window at least 1",
            where="{tolerance}/{window}",
        )
    if landmarks is None:
        landmarks = load_landmarks()
    rng = np.random.default_rng(seed)
    periods = result.series.index
    observations = _observations(result)
    starts = [s.start for s in result.segments[1:]]
    stage_at = {s.start: s.stage for s in result.segments[1:]}
    cp = getattr(result.detector, "changepoints_", None)
    paths = _solution_path(cp, result.detector.penalty_, periods) if cp is not None else {}
    rows = []
    for lm in landmarks.itertuples(index=False):
        lo, hi = lm.month - tolerance, lm.until + tolerance
        row = _turning_point_near(lm, starts, stage_at, lo, hi)
        row.update(_local_shift(observations, lm, window, n_resamples, rng))
        multiples = [m for m, tps in paths.items() if any(lo <= q <= hi for q in tps)]
        row["persistence"] = max(multiples) if multiples else None
        rows.append(row)
    table = _with_verdicts(pd.DataFrame(rows))
    tested = int(table["p_value"].notna().sum())
    unit = "events' Goldstein scores" if result.detector.unit_ == "event" else "index values"
    return LandmarksResult(
        table=table,
        tolerance=tolerance,
        window=window,
        penalty=float(result.detector.penalty_),
        notes=_notes(unit, tolerance, window, n_resamples, tested),
    )


def _turning_point_near(lm, starts, stage_at, lo, hi) -> dict[str, Any]:
    """The landmark's identity and the turning point that matches it (if any is near)."""
    near = [(p, _distance(p, lm.month, lm.until)) for p in starts if lo <= _as_month(p) <= hi]
    # several turning points near: the one into the expected stage, else the nearest
    near.sort(key=lambda x: (stage_at[x[0]] not in lm.expected, abs(x[1]), x[1]))
    nearest_any = min(starts, key=lambda p: abs(_distance(p, lm.month, lm.until)), default=None)
    tp = near[0][0] if near else nearest_any
    stage = stage_at.get(tp) if near else None
    return {
        "landmark_id": lm.landmark_id,
        "month": str(lm.month),
        "until": str(lm.until),
        "name": lm.name,
        "expected": ";".join(lm.expected),
        "found": bool(near),
        "turning_point": str(tp) if tp is not None else None,
        "distance_months": _distance(tp, lm.month, lm.until) if tp is not None else None,
        "stage": stage,
        "label_ok": (stage in lm.expected) if (near and lm.expected) else None,
    }


def _local_shift(observations, lm, window, n_resamples, rng) -> dict[str, Any]:
    """Mean after minus mean before the landmark, its bootstrap interval and permutation p."""
    from scipy import stats

    month = observations.month
    b = observations[(month >= lm.month - window) & (month < lm.month)].value.to_numpy(float)
    a = observations[(month >= lm.month) & (month <= lm.until + window)].value.to_numpy(float)
    shift, p, ci = math.nan, math.nan, (math.nan, math.nan)
    if len(b) >= 2 and len(a) >= 2:
        shift = float(a.mean() - b.mean())
        common = dict(vectorized=True, n_resamples=n_resamples, rng=rng)
        perm = stats.permutation_test((a, b), _mean_diff, alternative="two-sided", **common)
        boot = stats.bootstrap(
            (a, b), _mean_diff, confidence_level=0.9, method="percentile", **common
        )
        p = float(perm.pvalue)
        ci = (float(boot.confidence_interval.low), float(boot.confidence_interval.high))
    return {
        "n_before": int(len(b)),
        "n_after": int(len(a)),
        "before": float(b.mean()) if len(b) else math.nan,
        "after": float(a.mean()) if len(a) else math.nan,
        "shift": shift,
        "shift_lo": ci[0],
        "shift_hi": ci[1],
        "p_value": p,
    }


def _with_verdicts(table: pd.DataFrame) -> pd.DataFrame:
    """Holm-corrected p-values over the landmarks tested, and each landmark's verdict."""
    from statsmodels.stats.multitest import multipletests

    tested = table["p_value"].notna()
    table["p_holm"] = math.nan
    if tested.any():
        table.loc[tested, "p_holm"] = multipletests(table.loc[tested, "p_value"], method="holm")[1]
    table["verdict"] = [_verdict(r) for r in table.itertuples()]
    return table


def _notes(unit: str, tolerance: int, window: int, n_resamples: int, tested: int) -> list[str]:
    return [
        f"Found: a turning point within ±{tolerance} months of the landmark's month (or span). "
        f"Shift: mean of the {unit} from the landmark to {window} months after it, minus the "
        f"mean over the {window} months before (90% percentile-bootstrap interval; two-sided "
        f"permutation p-value, {n_resamples} resamples; p_holm: Holm-corrected over the "
        f"{tested} landmarks tested).",
        "Persistence: the largest multiple of the run's penalty (grid 1/8 to 8) at which a "
        "turning point falls near the landmark (well above 1: a robust turning point; empty: "
        "none at any penalty on the grid). "
        "Verdicts: found; turning point only at other penalties; shift, no turning point "
        "(p_holm < 0.05); no clear shift; too few events (fewer than 2 on a side).",
        "The landmarks come from the essay; they were not used to choose any setting.",
    ]


def _verdict(r) -> str:
    if r.found:
        return "found"
    if r.persistence is not None and not math.isnan(r.persistence):
        return "turning point only at other penalties"
    if math.isnan(r.p_value):
        return "too few events"
    return "shift, no turning point" if r.p_holm < 0.05 else "no clear shift"


def _mean_diff(a, b, axis=-1):
    return np.mean(a, axis=axis) - np.mean(b, axis=axis)


def _as_month(p: pd.Period) -> pd.Period:
    return p.asfreq("M", how="start") if p.freqstr != "M" else p


def _distance(p: pd.Period, month: pd.Period, until: pd.Period) -> int:
    """Signed months from the span ``month..until`` to ``p`` (0 inside it)."""
    m = _as_month(p)
    if m < month:
        return -(month - m).n
    if m > until:
        return (m - until).n
    return 0


def _observations(result: StagesResult) -> pd.DataFrame:
    """``month, value``: the events (sparse source) or the period values."""
    index = result.index
    if result.detector.unit_ == "event" and index is not None and index.events is not None:
        ev = index.events.loc[index.events["goldstein"].notna()]
        months = pd.PeriodIndex(pd.to_datetime(ev["date"]), freq="M")
        return pd.DataFrame({"month": months, "value": ev["goldstein"].to_numpy(float)})
    s = result.series
    months = s.index.asfreq("M", how="start") if s.index.freqstr != "M" else s.index
    return pd.DataFrame({"month": months, "value": s.to_numpy(float)})


def _solution_path(cp, penalty: float, periods: pd.PeriodIndex) -> dict[float, list[pd.Period]]:
    """Turning points (as months) at each penalty multiple of the grid."""
    saved = (cp.penalty_, list(cp.bkps_))
    out = {}
    try:
        for m in PERSISTENCE_GRID:
            bkps = cp.predict(penalty * m)
            out[round(m, 3)] = [_as_month(periods[b]) for b in bkps[:-1]]
    finally:
        cp.penalty_, cp.bkps_ = saved
    return out


def landmarks_per_method(
    starts: dict[str, pd.DataFrame], landmarks: pd.DataFrame, *, tolerance: int = 3
) -> pd.DataFrame:
    """For each method, which landmarks it finds and with which stage.

    Args:
        starts: method name -> its segments (``start`` monthly period or ``YYYY-MM``, ``stage``);
            every segment after the first begins at a turning point.
        landmarks: from :func:`~dyadwatch.sources.landmarks.load_landmarks`.
        tolerance: months either side of the landmark's span within which a turning point counts.

    Returns:
        One row per landmark and method: ``found``, the nearest ``turning_point``, the
        ``stage`` beginning there, ``months_off`` and ``stage_ok`` (the stage is one the essay
        expects at that landmark).
    """
    rows = []
    for method, segs in starts.items():
        tps = [
            (pd.Period(str(s), freq="M"), st)
            for s, st in zip(segs["start"][1:], segs["stage"][1:], strict=True)
        ]
        for lm in landmarks.itertuples():
            lo, hi = _as_month(lm.month), _as_month(lm.until)
            best = min(tps, key=lambda t: abs(_distance(t[0], lo, hi)), default=None)
            off = _distance(best[0], lo, hi) if best else None
            found = best is not None and abs(off) <= tolerance
            expected = tuple(lm.expected) if lm.expected else ()
            rows.append(
                {
                    "landmark_id": lm.landmark_id,
                    "method": method,
                    "found": found,
                    "turning_point": str(best[0]) if found else None,
                    "stage": best[1] if found else None,
                    "months_off": off if found else None,
                    "stage_ok": bool(found and (not expected or best[1] in expected)),
                }
            )
    return pd.DataFrame(rows)
