"""Benchmark: simulated crises per second, vectorised Monte Carlo against plain-Python loops.

The model is solved once (exact backward induction); then the same solved crisis is simulated
by four implementations of one model:

* ``vectorised (nodes)``: :meth:`EscalationModel.simulate` default; NumPy, node by node;
* ``vectorised (crises)``: NumPy, all live crises one decision per step;
* ``loop (tree)``: plain Python, one crisis at a time, walking the game as described (choice,
  then loss-of-control draw, then who wins the war);
* ``loop (tables)``: plain Python over the same flattened successor tables as the vectorised
  code (one draw per decision): the fastest plain loop we could write.

Every crisis draws its own random numbers in all four. Each figure is the median of several
repeats after a warm-up run; the process is pinned to one core where the OS allows it and
BLAS/OpenMP threads are set to 1. Times are process CPU times (the machine is shared, so wall
time would include waiting for the core); the implementations are timed in interleaved
rounds and the speed-up is the median of the per-round ratios.
Run: ``python benchmarks/risk_montecarlo.py``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402

from dyadwatch.models.escalation import EscalationModel, load_scenario  # noqa: E402


def _pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        try:
            cpu = sorted(os.sched_getaffinity(0))[0]
            os.sched_setaffinity(0, {cpu})
            return f"pinned to CPU {cpu}"
        except OSError:  # pragma: no cover
            pass
    return "not pinned"


def _cpu(fn) -> float:
    """Process CPU time of one call (the machine is shared: wall time includes waiting)."""
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def _paired(fns: dict, repeats: int) -> dict[str, list[float]]:
    """Time several implementations in interleaved rounds, after one warm-up call each."""
    for fn in fns.values():
        fn()
    out: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeats):
        for k, fn in fns.items():
            out[k].append(_cpu(fn))
    return out


def _max_z(model: EscalationModel, sim) -> float:
    exact = model.outcome_probabilities()
    z = 0.0
    for row in sim.outcomes.itertuples():
        p = exact[row.outcome]
        se = max(np.sqrt(p * (1 - p) / sim.n), 1.0 / sim.n)
        z = max(z, abs(row.probability - p) / se)
    return z


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-vector", type=int, default=2_000_000)
    parser.add_argument("--n-loop", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    pin = _pin_one_core()
    print(
        f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"NumPy {np.__version__}, {pin}"
    )
    cases = {
        "default (8 rungs)": EscalationModel(seed=1),
        "cuba1962": load_scenario("cuba1962").model.clone(seed=1),
        "syria2016 (credulous defender)": load_scenario("syria2016").model.clone(
            seed=1, defender_beliefs="credible"
        ),
        "noisy crisis (noise 1.0)": EscalationModel(seed=1, noise=1.0),
    }
    print(
        "| model | moves/crisis | vectorised nodes (crises/s) | vectorised crises (crises/s) "
        "| loop tree (crises/s) | loop tables (crises/s) | nodes / loop tree "
        "| nodes / loop tables | max z vs exact |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, model in cases.items():
        model.solve()
        nv, nl = args.n_vector, args.n_loop
        sim = model.simulate(nv)
        t = _paired(
            {
                "nodes": lambda m=model, k=nv: m.simulate(k),
                "crises": lambda m=model, k=nv: m.simulate(k, method="crises"),
                "tree": lambda m=model, k=nl: m.simulate_loop(k, style="tree"),
                "tables": lambda m=model, k=nl: m.simulate_loop(k, style="tables"),
            },
            args.repeats,
        )
        rate = {k: [(nv if k in ("nodes", "crises") else nl) / x for x in v] for k, v in t.items()}
        med = {k: statistics.median(v) for k, v in rate.items()}
        ratio_tree = statistics.median(
            a / b for a, b in zip(rate["nodes"], rate["tree"], strict=True)
        )
        ratio_tab = statistics.median(
            a / b for a, b in zip(rate["nodes"], rate["tables"], strict=True)
        )
        r_nodes, r_cr, r_tree, r_tab = med["nodes"], med["crises"], med["tree"], med["tables"]
        loop = model.simulate_loop(nl, style="tree")
        z = max(_max_z(model, sim), _max_z(model, loop))
        print(
            f"| {name} | {sim.moves / sim.n:.2f} | {r_nodes:,.0f} | {r_cr:,.0f} | "
            f"{r_tree:,.0f} | {r_tab:,.0f} | {ratio_tree:.0f}x | {ratio_tab:.0f}x "
            f"| {z:.1f} |"
        )


if __name__ == "__main__":
    main()
