"""A generator of monthly series from the ordered five-stage cycle, with the true stages.

The stages follow the essay's order with its returns (:data:`~dyadwatch.cycle.hsmm.ORDERED`);
each stage lasts a negative-binomial number of months; the level holds near a stage mean in
euphoria, pragmatism and crisis, falls in disillusionment and rises in reset, drops at once in a
shock into crisis, plus Gaussian noise.
Used to test that the stage model recovers known stages, and by the pure-noise check.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dyadwatch.cycle.hsmm.model import ORDERED
from dyadwatch.stagenames import STAGES

__all__ = ["SimulatedCycle", "simulate_cycle", "simulate_noise"]

LEVEL = {"euphoria": 1.5, "pragmatism": 0.5, "crisis": -1.5}
MEAN_MONTHS = {"euphoria": 24, "pragmatism": 30, "disillusionment": 14, "crisis": 24, "reset": 10}


@dataclass
class SimulatedCycle:
    """A generated level series and the stage of each month."""

    level: pd.Series
    stages: pd.Series


def simulate_cycle(
    n: int = 420, *, seed: int = 0, noise: float = 0.08, start: str = "1990-01"
) -> SimulatedCycle:
    """Draw ``n`` months from the ordered cycle (seeded)."""
    rng = np.random.default_rng(seed)
    idx = pd.period_range(start, periods=n, freq="M")
    stages: list[str] = []
    stage = str(rng.choice(STAGES))
    while len(stages) < n:
        m = MEAN_MONTHS[stage]
        d = 3 + int(rng.negative_binomial(8, 8 / (8 + m - 3)))
        stages += [stage] * d
        nxt = ORDERED[stage]
        stage = str(nxt[0] if len(nxt) == 1 or rng.random() < 0.8 else rng.choice(nxt[1:]))
    stages = stages[:n]
    level = np.empty(n)
    y = LEVEL.get(stages[0], 0.0)
    for t, s in enumerate(stages):
        if s == "crisis" and t > 0 and stages[t - 1] not in ("crisis", "disillusionment"):
            y = LEVEL["crisis"]  # a shock: the fall is abrupt
        if s == "disillusionment":
            y += -0.12
        elif s == "reset":
            y += 0.2
        else:
            y += 0.3 * (LEVEL[s] - y)
        level[t] = y + rng.normal(0, noise)
    return SimulatedCycle(
        pd.Series(level, index=idx, name="level"), pd.Series(stages, index=idx, name="stage")
    )


def simulate_noise(n: int = 420, *, seed: int = 0, start: str = "1990-01") -> pd.Series:
    """White noise: a series with no cycle at all."""
    rng = np.random.default_rng(seed)
    return pd.Series(
        rng.normal(size=n), index=pd.period_range(start, periods=n, freq="M"), name="level"
    )
