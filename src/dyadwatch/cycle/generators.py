"""Seeded generators of synthetic signals with known breakpoints (for tests and benchmarks).

Each generator returns ``(signal, bkps)`` like ruptures' ``pw_constant`` [TOG2020], but owns its
random generator (``seed=`` in, ``np.random.default_rng(seed)`` inside): the same seed gives the
same signal. Breakpoints are sample indices where a new segment starts; the last one is the
number of samples.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dyadwatch.cycle.stages import STAGES

__all__ = ["random_bkps", "piecewise_constant", "stage_cycle", "sparse_events"]


def random_bkps(n_samples: int, n_bkps: int, min_gap: int, rng: np.random.Generator) -> list[int]:
    """``n_bkps`` sorted breakpoints at least ``min_gap`` apart (and from both ends)."""
    slack = n_samples - (n_bkps + 1) * min_gap
    if slack < 0:
        raise ValueError(f"cannot place {n_bkps} breaks {min_gap} apart in {n_samples} samples")
    extra = np.sort(rng.integers(0, slack + 1, size=n_bkps))
    bkps = [int(min_gap * (i + 1) + extra[i]) for i in range(n_bkps)]
    return bkps + [n_samples]


def piecewise_constant(
    n_samples: int = 200,
    n_bkps: int = 4,
    *,
    noise_std: float = 0.0,
    delta: tuple[float, float] = (1.0, 10.0),
    min_gap: int = 10,
    seed: int | None = None,
) -> tuple[np.ndarray, list[int]]:
    """A piecewise-constant signal: each segment's mean jumps by ``U(delta)`` with a random sign.

    Args:
        n_samples: length.
        n_bkps: number of change points.
        noise_std: standard deviation of added Gaussian noise.
        delta: range of absolute jump sizes.
        min_gap: shortest segment.
        seed: seed of the generator.

    Returns:
        ``(signal, bkps)`` with ``signal`` of shape ``(n_samples,)``.
    """
    rng = np.random.default_rng(seed)
    bkps = random_bkps(n_samples, n_bkps, min_gap, rng)
    signal = np.empty(n_samples)
    level, start = 0.0, 0
    for end in bkps:
        signal[start:end] = level
        level += rng.choice([-1.0, 1.0]) * rng.uniform(*delta)
        start = end
    signal += rng.normal(0.0, noise_std, n_samples) if noise_std > 0 else 0.0
    return signal, bkps


#: Level (in index units) and within-segment change of each stage in :func:`stage_cycle`:
#: euphoria a high plateau, pragmatism a middling plateau, disillusionment a decline from
#: middling, crisis a low after a sharp fall, reset a sharp rise from the low.
_STAGE_SHAPES = {
    "euphoria": (4.0, 0.0),
    "pragmatism": (1.5, 0.0),
    "disillusionment": (0.5, -2.5),
    "crisis": (-4.0, 0.0),
    "reset": (2.5, 0.0),
}


def stage_cycle(
    n_cycles: int = 3,
    *,
    noise_std: float = 0.0,
    duration: tuple[int, int] = (12, 30),
    seed: int | None = None,
) -> tuple[np.ndarray, list[int], list[str]]:
    """Monthly signal going ``n_cycles`` times through the essay's five stages.

    The cycle starts at euphoria; each stage lasts ``U(duration)`` months and has the shape in
    ``_STAGE_SHAPES`` (plateau or linear decline), then Gaussian noise is added.

    Returns:
        ``(signal, bkps, stages)``: the signal, the stage boundaries (last = length), and the
        stage of each segment.
    """
    rng = np.random.default_rng(seed)
    parts, bkps, stages = [], [], []
    for _ in range(n_cycles):
        for stage in STAGES:
            n = int(rng.integers(duration[0], duration[1] + 1))
            level, change = _STAGE_SHAPES[stage]
            parts.append(level + np.linspace(-change / 2, change / 2, n))
            bkps.append((bkps[-1] if bkps else 0) + n)
            stages.append(stage)
    signal = np.concatenate(parts)
    if noise_std > 0:
        signal = signal + rng.normal(0.0, noise_std, signal.size)
    return signal, bkps, stages


def sparse_events(
    levels: list[float],
    months: list[int],
    *,
    start: str = "1991-01",
    rate: float = 1.0,
    burst: int = 4,
    spread: float = 2.5,
    seed: int | None = None,
) -> tuple[pd.DataFrame, list[pd.Period]]:
    """Sparse, chronology-like events whose Goldstein scores follow a piecewise-constant level.

    Events arrive as a Poisson process (``rate`` per month) plus a ``burst`` of events in the
    first month of each new segment (turning points are eventful); each score is the segment's
    level plus ``N(0, spread)`` noise, clipped to the Goldstein range [-10, 10].

    Args:
        levels: the level of each segment.
        months: the length of each segment in months.
        start: first month.

    Returns:
        ``(events, turning_points)``: canonical-like event rows (``event_id``, ``date``,
        ``goldstein``, ``quad_class``, ``weight``, ``description``, ``tags``, ``actor1``,
        ``actor2``, ``source``) and the first month of every segment after the first.
    """
    if len(levels) != len(months):
        raise ValueError("levels and months must have the same length")
    rng = np.random.default_rng(seed)
    first = pd.Period(start, freq="M")
    rows, turns, offset = [], [], 0
    for k, (level, n) in enumerate(zip(levels, months, strict=True)):
        if k:
            turns.append(first + offset)
        for m in range(n):
            count = rng.poisson(rate) + (burst if (m == 0 and k) else 0)
            period = first + offset + m
            for _ in range(count):
                day = int(rng.integers(1, period.days_in_month + 1))
                score = float(np.clip(level + rng.normal(0.0, spread), -10.0, 10.0))
                rows.append(
                    {
                        "date": pd.Timestamp(period.year, period.month, day).date(),
                        "goldstein": round(score, 1),
                    }
                )
        offset += n
    frame = pd.DataFrame(rows, columns=["date", "goldstein"]).sort_values("date", kind="stable")
    frame = frame.reset_index(drop=True)
    frame["event_id"] = [f"synthetic-{i:04d}" for i in range(len(frame))]
    frame["quad_class"] = np.where(frame["goldstein"] >= 0, 1, 3).astype("int8")
    frame["weight"] = 1.0
    frame["source"] = "chronology"
    frame["actor1"], frame["actor2"] = "USA", "RUS"
    frame["description"] = [f"synthetic event {i}" for i in range(len(frame))]
    frame["cameo"] = None
    frame["citation"] = "synthetic"
    frame["tags"] = [[] for _ in range(len(frame))]
    return frame, turns
