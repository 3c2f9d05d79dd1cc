"""Per-administration view: the stages each US and Russian president's term went through.

For every presidential term (shipped leaders table) that overlaps the index:

* ``stages``: the stages the relationship passed through during the term, in order, with the
  months spent in each;
* the **reset attempt**: the first segment of the term labelled ``reset`` (its start and the
  chronology events at that turning point), or else a reset stage already under way when the
  term began (said in ``half_life_note``); when the stages show none but the chronology tags
  an event ``reset_attempt`` in the term, that event is reported as an attempt with no detected
  reset;
* its **peak**: the highest index value from the reset's start to the end of the term;
* its **half-life**: months from the peak until the index first fell back half way from the
  peak to the pre-reset level (the mean of the segment before the reset). The search runs to
  the end of the data, past the end of the term; ``None`` means it has not happened yet.

The essay's claim that "every US president ... has come into office believing he can fix the
relationship and all have failed" [Essay] is what this table lets a reader check.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dyadwatch.cycle.stages import StagesResult

__all__ = ["administrations", "attribute_stages"]


def _tagged_attempts(events: pd.DataFrame | None, start: dt.date, end: dt.date) -> list[dict]:
    if events is None or events.empty or "tags" not in events.columns:
        return []
    dates = pd.to_datetime(events["date"]).dt.date
    has = events["tags"].map(lambda t: t is not None and "reset_attempt" in list(t))
    sel = events.loc[has & (dates >= start) & (dates < end)]
    return [
        {"date": str(pd.Timestamp(r["date"]).date()), "description": r.get("description")}
        for _, r in sel.iterrows()
    ]


def administrations(
    result: StagesResult, countries: tuple[str, ...] = ("USA", "RUS")
) -> pd.DataFrame:
    """One row per presidential term overlapping the stages (see the module docstring)."""
    from dyadwatch.leaders import leaders

    series = result.series
    code = series.index.freqstr
    first, last = series.index[0], series.index[-1]
    rows = []
    for country in countries:
        for term in leaders(country, "President").itertuples():
            start = pd.Period(term.start, freq=code)
            end_date = term.end or (last.end_time + pd.Timedelta(days=1)).date()
            end = pd.Period(end_date, freq=code) if term.end else last
            if end < first or start > last:
                continue
            stage_months = _stage_months(result.segments, start, end)
            row = {
                "country": country,
                "president": term.name,
                "start": str(term.start),
                "end": str(term.end) if term.end else "in office",
                "stages": " > ".join(f"{s} ({m} mo)" for s, m in stage_months),
                "reset_date": None,
                "reset_events": "",
                "pre_reset_level": np.nan,
                "peak": np.nan,
                "peak_date": None,
                "half_life_months": np.nan,
                "half_life_note": "",
            }
            _add_reset(row, result, start, end, term.start, end_date)
            row["half_life_note"] = row["half_life_note"].strip().rstrip(";")
            rows.append(row)
    return pd.DataFrame(rows)


def _stage_months(segments, start: pd.Period, end: pd.Period) -> list[tuple[str, int]]:
    """``(stage, months)`` of the stages within ``start..end``, neighbours of a stage merged."""
    stage_months: list[tuple[str, int]] = []
    for s in [s for s in segments if s.end >= start and s.start <= end]:
        lo, hi = max(s.start, start), min(s.end, end)
        months = int((hi - lo).n + 1) if hi >= lo else 0
        if stage_months and stage_months[-1][0] == s.stage:
            stage_months[-1] = (s.stage, stage_months[-1][1] + months)
        else:
            stage_months.append((s.stage, months))
    return stage_months


def _add_reset(row: dict, result: StagesResult, start, end, term_start, end_date) -> None:
    """Fill the reset columns of a term's row: the reset stage in (or running into) the term,
    its peak and half-life; else the chronology's tagged reset attempts, if any."""
    series = result.series
    last = series.index[-1]
    resets = [
        (i, s)
        for i, s in enumerate(result.segments)
        if s.stage == "reset" and start <= s.start <= end
    ] or [
        (i, s)
        for i, s in enumerate(result.segments)
        if s.stage == "reset" and s.start < start <= s.end
    ]
    if not resets:
        tagged = _tagged_attempts(result.events, term_start, end_date)
        if tagged:
            row["reset_events"] = "; ".join(f"{e['date']} {e['description']}" for e in tagged[:3])
            row["half_life_note"] = "reset attempt in the chronology, no reset stage detected"
        return
    i, seg = resets[0]
    row["reset_date"] = str(seg.start)
    if seg.start < start:
        row["half_life_note"] = f"reset began before the term ({seg.start}); "
    row["reset_events"] = "; ".join(
        f"{e['date']} {e['description']}" for e in seg.turning_point_events
    )
    pre = result.segments[i - 1].level if i > 0 else float(series.iloc[0])
    window = series.loc[max(seg.start, start) : end]
    peak_at = window.idxmax()
    peak = float(window.max())
    row.update(pre_reset_level=pre, peak=peak, peak_date=str(peak_at))
    half = pre + (peak - pre) / 2.0
    after = series.loc[peak_at:]
    below = after[after <= half]
    if peak <= pre:
        row["half_life_note"] += "no rise above the pre-reset level"
    elif len(below):
        row["half_life_months"] = float((below.index[0] - peak_at).n)
    else:
        row["half_life_note"] += f"not yet fallen half way by {last}"


def _term_label(term) -> str:
    note = f" ({term.note})" if isinstance(term.note, str) and term.note else ""
    return f"{term.name}{note}"


def attribute_stages(segments: pd.DataFrame, country: str = "USA") -> pd.DataFrame:
    """Credit each stage to the president in office in the month it began.

    A stage that spans a change of president is credited to the one under whom it began (a
    reset that begins in 2024-08 is Joe Biden's, not the successor's); ``overlap`` lists every
    term it ran into with the months spent in each, so the span is shown rather than hidden.

    Args:
        segments: ``start``, ``end`` (monthly periods or ``YYYY-MM`` strings) and ``stage``.
        country: whose presidents (shipped leaders table).
    """
    from dyadwatch.leaders import leaders

    terms = leaders(country, "President")
    rows = []
    for seg in segments.itertuples():
        start, end = pd.Period(str(seg.start), freq="M"), pd.Period(str(seg.end), freq="M")
        credited, overlap = None, []
        for term in terms.itertuples():
            # a month belongs to whoever held office on its first day (an inauguration on
            # 20 January leaves January to the outgoing president)
            first = pd.Period(term.start, freq="M") + int(pd.Timestamp(term.start).day > 1)
            last = pd.Period(term.end, freq="M") if term.end else max(end, first)
            if first <= start <= last:
                credited = _term_label(term)
            lo, hi = max(start, first), min(end, last)
            if lo <= hi:
                overlap.append(f"{_term_label(term)}: {(hi - lo).n + 1} months")
        rows.append(
            {
                "start": str(start),
                "end": str(end),
                "stage": seg.stage,
                "credited_to": credited,
                "overlap": "; ".join(overlap),
                "spans_transition": len(overlap) > 1,
            }
        )
    return pd.DataFrame(rows)
