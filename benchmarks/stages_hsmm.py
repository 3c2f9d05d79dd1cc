"""Benchmark: the ordered five-stage HSMM on the built-in USA–RUS fused measure (issue 13).

Times (1) the fused measure, (2) fit + stage probabilities + Viterbi path + turning points of
the ordered model on its smoothed mean. Target for (2): under 5 s on 2 cores. With
``--compare``, also (3) the blocked-CV model comparison as the study runs it (settings chosen by
:func:`~dyadwatch.cycle.compare.select_settings`, then
:func:`~dyadwatch.cycle.compare.compare_models`) in ``--jobs`` processes, and prints its table.

Run by hand: ``python benchmarks/stages_hsmm.py [--repeat 3] [--compare --jobs 2]``; record
figures in README.md.
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
    ap.add_argument("--compare", action="store_true", help="also time the model comparison")
    ap.add_argument("--jobs", type=int, default=2, help="processes of the model comparison")
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
    if args.compare:
        compare(series, args.jobs)


def compare(series, jobs: int) -> None:
    """Time settings selection + model comparison (as ``Study.model_comparison``)."""
    import pandas as pd

    from dyadwatch.cycle.compare import compare_models, select_settings

    t = time.perf_counter()
    chosen = select_settings(series, n_jobs=jobs)
    t1 = time.perf_counter() - t
    c = compare_models(series, max_dur=chosen["max_dur"], family=chosen["family"], n_jobs=jobs)
    t2 = time.perf_counter() - t
    with pd.option_context("display.width", 160):
        print(c.table.round(2).to_string())
    print(f"settings {chosen['max_dur']}/{chosen['family']} cv {chosen['cv']}")
    print(f"verdict: {c.supported}: {c.verdict}")
    print(
        f"select_settings {t1:.1f} s; total {t2:.1f} s; jobs {jobs}; load {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
