"""Historical analogues: the past events of a dyad most like the newest ones, and what the
relations measure did in the months after each.

Each event becomes a document: its description, its CAMEO code at three depths (``cameo_0231
cameo_023 cameo_02``, so a shared root counts for something) and its actors (``a1_USA``,
``a2_RUS`` and the words of the detailed actor names). scikit-learn's ``TfidfVectorizer``
(sublinear term frequency, English stop words) weighs the words and cosine similarity ranks the
past events; only events whose whole aftermath lies before the query are candidates, so the
analogues never see the future (Salton & Buckley 1988, "Term-weighting approaches in automatic
text retrieval", *Information Processing & Management* 24(5) — the tf-idf weighting).

The analogue forecast of the measure ``horizon`` months ahead is the current value plus the
similarity-weighted mean change that followed the ``k`` analogues. :func:`backtest_analogues`
scores it against persistence (no change), which under TADDA beat every entry of the ViEWS
2020/21 competition (Bracher et al. 2023): the comparison is reported as measured, whichever way
it falls.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from dyadwatch.errors import DyadwatchError

__all__ = ["event_documents", "find_analogues", "analogue_forecast", "backtest_analogues"]

_WORD = re.compile(r"[A-Za-z]{2,}")


def _doc(description, cameo, actor1, actor2, detail1, detail2) -> str:
    parts = [str(description or "")]
    code = str(cameo or "")
    parts += [f"cameo_{code[:n]}" for n in (2, 3, 4) if len(code) >= n]
    parts += [f"a1_{actor1}" if actor1 else "", f"a2_{actor2}" if actor2 else ""]
    parts += _WORD.findall(f"{detail1 or ''} {detail2 or ''}")
    return " ".join(p for p in parts if p)


def event_documents(events: pd.DataFrame) -> list[str]:
    """One text a row of ``events`` (description, CAMEO codes, actors)."""
    cols = ["description", "cameo", "actor1", "actor2", "actor1_detail", "actor2_detail"]
    frame = events.reindex(columns=cols)
    frame = frame.astype(object).where(frame.notna(), None)
    return [_doc(*row) for row in frame.itertuples(index=False, name=None)]


def _aftermath(series: pd.Series, periods: pd.PeriodIndex, horizon: int) -> np.ndarray:
    """Change of ``series`` from each period to ``horizon`` periods later (NaN if unknown)."""
    pos = series.index.get_indexer(periods)
    out = np.full(len(periods), np.nan)
    ok = (pos >= 0) & (pos + horizon < len(series))
    values = series.to_numpy(dtype=float)
    out[ok] = values[pos[ok] + horizon] - values[pos[ok]]
    return out


def _vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(sublinear_tf=True, stop_words="english", token_pattern=r"[\w]{2,}")


def _check(events: pd.DataFrame, series: pd.Series, horizon: int, k: int) -> None:
    if horizon < 1 or k < 1:
        raise DyadwatchError("horizon and k must be at least 1", where="{horizon}/{k}")
    if events.empty:
        raise DyadwatchError("no past events to compare with", fix="widen the date range")
    if not isinstance(series.index, pd.PeriodIndex):
        raise DyadwatchError("the measure needs a period index (a monthly series)")


def find_analogues(
    events: pd.DataFrame,
    series: pd.Series,
    query: str,
    *,
    before: pd.Period,
    k: int = 5,
    horizon: int = 6,
) -> pd.DataFrame:
    """The ``k`` past events most like ``query`` whose ``horizon``-month aftermath is known by
    ``before``, each with the measure at the event and ``horizon`` months later.

    Args:
        events: the dyad's events (``date``, ``description``, ``cameo``, actors).
        series: the relations measure (PeriodIndex, the index's frequency).
        query: a document (see :func:`event_documents`), e.g. a new event's.
        before: the period the forecast is made in.

    Returns:
        ``date, cameo, description, similarity, value, value_after, change`` (best first).
    """
    _check(events, series, horizon, k)
    periods = pd.PeriodIndex(pd.to_datetime(events["date"]), freq=series.index.freq)
    change = _aftermath(series, periods, horizon)
    usable = (periods + horizon <= before) & ~np.isnan(change)
    if not usable.any():
        return pd.DataFrame(
            columns=["date", "cameo", "description", "similarity", "value", "value_after"]
        )
    past = events.loc[usable].reset_index(drop=True)
    vec = _vectorizer()
    try:
        matrix = vec.fit_transform(event_documents(past) + [query])
    except ValueError:  # every document empty after stop words
        return pd.DataFrame()
    sims = (matrix[:-1] @ matrix[-1].T).toarray().ravel()
    top = np.argsort(-sims, kind="stable")[:k]
    values = series.reindex(periods[usable]).to_numpy(dtype=float)
    return pd.DataFrame(
        {
            "date": pd.to_datetime(past["date"].iloc[top]).dt.date.to_numpy(),
            "cameo": past["cameo"].iloc[top].to_numpy(),
            "description": past["description"].iloc[top].to_numpy(),
            "similarity": sims[top],
            "value": values[top],
            "value_after": values[top] + change[usable][top],
            "change": change[usable][top],
        }
    )


def analogue_forecast(found: pd.DataFrame) -> float:
    """Similarity-weighted mean change after the analogues (0 when none is similar at all)."""
    if found.empty or not (found["similarity"] > 0).any():
        return 0.0
    w = found["similarity"].clip(lower=0).to_numpy(dtype=float)
    return float(np.average(found["change"].to_numpy(dtype=float), weights=w))


def backtest_analogues(
    events: pd.DataFrame,
    series: pd.Series,
    *,
    k: int = 5,
    horizon: int = 6,
    min_history: int = 60,
) -> tuple[pd.DataFrame, dict]:
    """Rolling-origin backtest: in each period with events (after ``min_history`` periods),
    forecast the measure ``horizon`` periods ahead from the analogues of that period's events,
    and compare with persistence.

    Returns:
        The per-origin table (``origin, value, actual, analogue, persistence``) and a summary
        (``origins``, ``mae_analogue``, ``mae_persistence``, ``skill`` = 1 - ratio of MAEs,
        ``rmse_*``, ``direction_hits``: share of origins where the analogue change has the sign
        of the actual change, among origins whose actual change is not zero).
    """
    _check(events, series, horizon, k)
    periods = pd.PeriodIndex(pd.to_datetime(events["date"]), freq=series.index.freq)
    docs = np.array(event_documents(events), dtype=object)
    rows = []
    for origin in series.index[min_history : len(series) - horizon]:
        mask = periods == origin
        if not mask.any():
            continue
        found = find_analogues(
            events, series, " ".join(docs[mask]), before=origin, k=k, horizon=horizon
        )
        value = float(series[origin])
        actual = float(series[origin + horizon])
        rows.append(
            {
                "origin": str(origin),
                "value": value,
                "actual": actual,
                "analogue": value + analogue_forecast(found),
                "persistence": value,
            }
        )
    table = pd.DataFrame(rows)
    if table.empty:
        raise DyadwatchError(
            "no origin to backtest: too few periods with events", fix="lower min_history"
        )
    err_a = (table["analogue"] - table["actual"]).to_numpy()
    err_p = (table["persistence"] - table["actual"]).to_numpy()
    moved = table["actual"] != table["value"]
    hits = np.sign(table["analogue"] - table["value"]) == np.sign(table["actual"] - table["value"])
    mae_a, mae_p = float(np.mean(np.abs(err_a))), float(np.mean(np.abs(err_p)))
    summary = {
        "origins": len(table),
        "k": k,
        "horizon": horizon,
        "mae_analogue": mae_a,
        "mae_persistence": mae_p,
        "rmse_analogue": float(np.sqrt(np.mean(err_a**2))),
        "rmse_persistence": float(np.sqrt(np.mean(err_p**2))),
        "skill": 1 - mae_a / mae_p if mae_p else float("nan"),
        "direction_hits": float(hits[moved].mean()) if moved.any() else float("nan"),
    }
    return table, summary
