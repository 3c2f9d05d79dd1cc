"""Ideal points (issue 17): simulation recovery and coverage, the full-fit run time, and the
comparison with the published Bailey–Strezhnev–Voeten estimates.

Run by hand from the repository root (figures go to benchmarks/README.md with machine, date
and load)::

    python benchmarks/idealpoints.py                 # simulation recovery + coverage
    python benchmarks/idealpoints.py --full          # + time a full 1946-2019 refit
    python benchmarks/idealpoints.py --bsv FILE      # + compare with IdealpointestimatesAll*.csv

``FILE`` is Voeten's ``IdealpointestimatesAll_*.csv`` (Harvard Dataverse doi:10.7910/DVN/LEJUQZ,
CC0); it is not shipped: pass your own copy.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
import pandas as pd

from dyadwatch.measures.idealpoints import DynamicIRT, simulate_rollcalls
from dyadwatch.measures.idealpoints.fits import read_fit, shipped_fit_path
from dyadwatch.measures.idealpoints.unga import unga_ideal_points
from dyadwatch.sources.unga import read_unvotes, shipped_unga_dir


def simulation(seeds=range(5)) -> pd.DataFrame:
    rows = []
    for seed in seeds:
        rc, truth = simulate_rollcalls(seed=seed)
        began = time.perf_counter()
        model = DynamicIRT(seed=0).fit(rc)
        f = model.frame().merge(truth, on=["country", "session"])
        est, true = f["position_x"], f["position_y"]
        slope, icpt = np.polyfit(est, true, 1)
        covered = np.abs(slope * est + icpt - true) <= 1.96 * abs(slope) * f["sd"]
        rows.append(
            {
                "seed": seed,
                "r": abs(np.corrcoef(est, true)[0, 1]),
                "coverage95": covered.mean(),
                "seconds": time.perf_counter() - began,
            }
        )
    return pd.DataFrame(rows)


def full_fit() -> dict:
    data = read_unvotes(shipped_unga_dir())
    began = time.perf_counter()
    frame = unga_ideal_points(data)
    return {"seconds": time.perf_counter() - began, **frame.attrs}


def compare_bsv(path: str) -> pd.DataFrame:
    ours = read_fit(shipped_fit_path())[0]
    bsv = pd.read_csv(path)
    bsv = bsv.assign(year=bsv["session"] + 1945)
    import pycountry

    def iso2(code):
        hit = pycountry.countries.get(alpha_3=str(code))
        return hit.alpha_2 if hit else None

    bsv["country_code"] = bsv["iso3c"].map(iso2)
    both = ours.merge(bsv[["country_code", "year", "IdealPointAll"]], on=["country_code", "year"])
    per_year = both.groupby("year").apply(
        lambda g: g["position"].corr(g["IdealPointAll"]), include_groups=False
    )
    print(
        f"matched {len(both)} country-sessions; pooled r = "
        f"{both['position'].corr(both['IdealPointAll']):.3f}; per-session r: min "
        f"{per_year.min():.3f}, median {per_year.median():.3f}"
    )
    pick = both[both["country_code"].isin(["US", "RU", "CN", "CU", "KP", "IL", "GB"])]
    table = pick.pivot_table(
        index="year", columns="country_code", values=["position", "IdealPointAll"]
    )
    return table.loc[[1950, 1970, 1985, 1995, 2005, 2015, 2019]].round(2)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--bsv")
    args = ap.parse_args()
    print(f"cores {os.cpu_count()}, load {os.getloadavg()}")
    sim = simulation()
    print(sim.round(3).to_string(index=False))
    print(f"mean r {sim['r'].mean():.3f}, mean coverage {sim['coverage95'].mean():.3f}")
    if args.full:
        print("full fit:", full_fit())
    if args.bsv:
        print(compare_bsv(args.bsv).to_string())


if __name__ == "__main__":
    main()
