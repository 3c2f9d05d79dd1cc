"""Benchmark: the whole rolling-origin forecast backtest on the built-in USA-RUS data.

Run: ``python benchmarks/backtest.py [--jobs 2] [--start 2000-01]``; prints the wall time and
the score table (CRPS/RPS skill against persistence and climatology per horizon).
"""

import argparse
import time

import pandas as pd

from dyadwatch.cycle.forecast import ChangePointStages, rolling_forecasts, score_table
from dyadwatch.measures.fused import event_stream, split_events, third_party_streams, unga_stream
from dyadwatch.measures.unga import unga_alignment
from dyadwatch.sources.chronology import chronology

parser = argparse.ArgumentParser()
parser.add_argument("--jobs", type=int, default=2)
parser.add_argument("--start", default="2000-01")
args = parser.parse_args()
split = split_events(chronology(), ("USA", "RUS"))
streams = [event_stream(split.direct), *third_party_streams(split)]
streams.append(unga_stream(unga_alignment("US-RU")))
t0 = time.perf_counter()
frame, full, model = rolling_forecasts(
    streams, lambda: ChangePointStages(split.direct), start=args.start, n_jobs=args.jobs
)
table = score_table(frame)
elapsed = time.perf_counter() - t0
pd.set_option("display.width", 200)
cols = [
    "target",
    "horizon",
    "n",
    "model",
    "skill_vs_persistence",
    "skill_vs_persistence_lo",
    "skill_vs_persistence_hi",
    "skill_vs_climatology",
    "skill_vs_climatology_lo",
    "skill_vs_climatology_hi",
    "skill_vs_persistence_stay",
]
print(table[cols].round(3).to_string())
print(f"origins {frame['origin'].nunique()}, wall {elapsed:.1f} s, jobs {args.jobs}")
