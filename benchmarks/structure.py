"""Structure measures (issue 17): how long the Park comparison, the per-measure test and the
whole structure summary take, and the structure endpoints cold and warm.

Run by hand from the repository root (figures go to benchmarks/README.md with machine, date
and load)::

    python benchmarks/structure.py              # Park, per measure, summary; 3 repeats
    python benchmarks/structure.py --web        # first /api/structure/park and /measures,
                                                # cold (new process) and warm

Each figure is the median of ``--repeat`` runs (min and max beside it). "Cold" is a new
``Study`` (its index and stages computed again; the ideal-point fit is read from the shipped
file or the user cache, never refitted); the Park and per-measure timings start from a study
whose index and stages are already computed, so they time the structure work alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from dyadwatch.study import Study


def _timed(fn, repeat: int) -> tuple[float, float, float]:
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - began)
    return statistics.median(runs), min(runs), max(runs)


def core(repeat: int, db: Path) -> list[tuple[str, tuple[float, float, float]]]:
    rows = []
    warm = Study("USA-RUS", db=db)
    warm.stages  # noqa: B018  (the index and stages, outside the timings below)
    inputs = warm.structure_inputs()
    rows.append(
        ("structure_inputs (ideal points + COW NMC)", _timed(warm.structure_inputs, repeat))
    )
    rows.append(("park_comparison", _timed(lambda: warm.park_comparison(inputs=inputs), repeat)))
    for m in ("index", "kappa", "idealpoint", "capability"):
        rows.append(
            (
                f"structure_measures({m}), 999 permutations",
                _timed(
                    lambda m=m: warm.structure_measures(
                        measures=(m,),
                        ideal_distance=inputs["ideal_distance"],
                        capabilities=inputs["capabilities"],
                    ),
                    repeat,
                ),
            )
        )

    def summary_on_warm_stages():
        s = Study("USA-RUS", db=db)
        s.__dict__["stages"] = warm.stages  # the same stages: time the structure work only
        return s.structure_summary

    rows.append(("structure_summary (stages given)", _timed(summary_on_warm_stages, repeat)))
    rows.append(
        (
            "structure_summary, cold Study",
            _timed(lambda: Study("USA-RUS", db=db).structure_summary, repeat),
        )
    )
    return rows


def web(db: Path) -> list[tuple[str, float]]:
    from fastapi.testclient import TestClient

    from dyadwatch.web.app import create_app

    client = TestClient(create_app(db))
    out = []
    for path in ("/api/structure/park", "/api/structure/measures"):
        for label in ("cold", "warm"):
            began = time.perf_counter()
            r = client.get(path)
            r.raise_for_status()
            out.append((f"GET {path} ({label})", time.perf_counter() - began))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--web", action="store_true")
    args = parser.parse_args()
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        if args.web:  # first, so "cold" includes this process's imports, as a server's does
            for name, seconds in web(Path(tmp) / "web.duckdb"):
                print(f"{name:50s} {seconds:8.3f} s")
        for name, (med, lo, hi) in core(args.repeat, db):
            print(f"{name:50s} {med:8.3f} s  (min {lo:.3f}, max {hi:.3f})")
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
