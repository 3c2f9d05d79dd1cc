"""Benchmark: the ordered five-stage HSMM on the built-in USA–RUS fused measure (issue 13).

Times (1) the fused measure, (2) fit + stage probabilities + Viterbi path + turning points of
the ordered model on its smoothed mean. Target for (2): under 5 s on 2 cores.

Run by hand: ``python benchmarks/stages_hsmm.py [--repeat 3]``; record figures in README.md.
"""

from __future__ import annotations

import argparse
import os
import time

from dyadwatch.cycle.hsmm import fit
from dyadwatch.study import Study


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with Study("USA-RUS") as study:
        t = time.perf_counter()
        series = study.stage_series
        fused = time.perf_counter() - t
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        m = fit(series)
        m.stage_probabilities()
        m.path()
        m.turning_points()
        times.append(time.perf_counter() - t)
    print(f"months {len(series)}; fused measure {fused:.2f} s; load {os.getloadavg()[0]:.2f}")
    print("fit + stages: " + ", ".join(f"{x:.2f}" for x in times) + f" s (best {min(times):.2f})")


if __name__ == "__main__":
    main()
