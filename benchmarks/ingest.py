"""Benchmark: dyadwatch ingest + monthly USA–RUS index vs pandas vs raw DuckDB SQL.

Generates N realistic GDELT 1.0 rows (seeded, :mod:`dyadwatch.sources.synthetic`) over daily
files in ``benchmarks/_data/`` (git-ignored), then times on the same files, each in its own
subprocess (median of ``--repeat`` runs): *import + index*, the child process's wall time from
its start (interpreter and imports included) to the end of the monthly USA–RUS series — the
compared figure —, the *whole process* (for dyadwatch also the other questions below and
deleting the store), and the child's peak RSS:

a. ``dyadwatch``: ``ingest`` into a fresh store, then the monthly USA–RUS series (count, mean
   and weighted Goldstein, fetched as Arrow with :meth:`dyadwatch.store.Store.arrow`);
   afterwards the "second question": the series for other dyads and frequencies from the
   store (``query_s``: the slowest of them).
b. ``pandas``: what users do today — read each file with ``pandas.read_csv``, concatenate,
   filter the dyad, group by month.
c. ``duckdb-store``: DuckDB's own *storing* import, the fair anchor (equal work): one statement
   reads every file (``read_csv(all_varchar=true)``), ``TRY_CAST``s the fields of the 21
   canonical columns dyadwatch stores (id, date, actors and their codes, CAMEO, Goldstein, quad
   class, weight, URL, root flag, mention/source/article counts, tone; empty description,
   citation, tags and flags), drops rows without a valid id or date, dedups by event id
   (``QUALIFY row_number() OVER (PARTITION BY id) = 1``) and ``COPY``s them to Parquet
   partitioned by year; then the monthly USA–RUS index (count, mean and weighted
   Goldstein, Σw² sums for the interval) from that Parquet.
d. ``duckdb``: one raw DuckDB SQL query over the CSV files doing the same aggregation (the
   engine's limit: no validation, no store).
e. ``dyadwatch-spark`` (only with ``--spark``): dyadwatch's import with ``engine="spark"`` on a
   local Spark session, then the same index (read by DuckDB from the Parquet Spark wrote).
f. ``dyadwatch-before`` (only with ``--before SRC``): contender a. run on another source tree
   (``SRC`` is its ``src`` folder, e.g. a worktree of the commit before a change), interleaved
   with the others in every round, so that a before/after comparison shares the machine state.

dyadwatch's index step is its own product: ``Study("USA-RUS", source="gdelt1").index`` (the
engine's per-period sums and the analytic interval).

All three must give the same monthly counts (checked). Usage::

    python benchmarks/ingest.py --rows 2000000 --days 100 --repeat 3
    python benchmarks/ingest.py --rows 20000000 --days 200 --repeat 3 --skip pandas --clean
    python benchmarks/ingest.py --rows 2000000 --days 100 --repeat 1 --spark   # + local Spark
    python benchmarks/ingest.py --rows 2000000 --days 20 --repeat 3 --skip pandas \
        --before ../wt-base/src                                  # before/after, side by side
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "_data"
COLS = [f"c{i:02d}" for i in range(1, 59)]


def _generate(rows: int, days: int, seed: int) -> Path:
    from dyadwatch.sources.synthetic import write_gdelt1_daily_files

    folder = DATA / f"gdelt1_{rows}_{days}_{seed}"
    marker = folder / "_complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    t = time.perf_counter()
    write_gdelt1_daily_files(folder, rows, days=days, seed=seed, start=dt.date(2016, 1, 1))
    marker.write_text(f"{time.perf_counter() - t:.1f}\n")
    return folder


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.export.CSV"))


# ------------------------------------------------------------------- the three contenders


def run_dyadwatch(folder: Path, engine: str = "duckdb") -> dict:
    from dyadwatch.ingest import ingest
    from dyadwatch.store import open_store
    from dyadwatch.study import Study

    tmp = Path(tempfile.mkdtemp(prefix="dw-bench-", dir=DATA))
    try:
        with open_store(tmp / "bench.duckdb") as store:
            t0 = time.perf_counter()
            summary = ingest("gdelt1", _files(folder), store=store, engine=engine)
        t1 = time.perf_counter()
        with Study("USA-RUS", db=tmp / "bench.duckdb", source="gdelt1") as study:
            frame = study.index.frame
        t2 = time.perf_counter()
        monthly = {"month": list(frame["period"]), "events": list(frame["events"])}
        with open_store(tmp / "bench.duckdb") as store:
            queries = {}
            for a, b, freq in (("CHN", "USA", "W"), ("RUS", "UKR", "D"), ("IRN", "ISR", "Y")):
                q0 = time.perf_counter()
                t = store.events()
                cond = ((t.actor1 == a) & (t.actor2 == b)) | ((t.actor1 == b) & (t.actor2 == a))
                sel = t.filter(cond)
                sel = sel.mutate(period=sel.date.truncate(freq))
                store.arrow(sel.group_by("period").aggregate(n=sel.count(), g=sel.goldstein.mean()))
                queries[f"{a}-{b}/{freq}"] = round(time.perf_counter() - q0, 3)
        counts = {
            str(m)[:7]: int(n)
            for m, n in zip(monthly["month"], monthly["events"], strict=True)
            if n
        }
        return {
            "rows": summary.read,
            "accepted": summary.accepted,
            "ingest_s": round(t1 - t0, 3),
            "index_s": round(t2 - t1, 3),
            "done_at": t2,  # the compared work (import + monthly index) ends here
            "query_s": max(queries.values()),
            "queries": queries,
            "counts": counts,
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_pandas(folder: Path) -> dict:
    import pandas as pd

    frames = [pd.read_csv(f, sep="\t", header=None) for f in _files(folder)]
    df = pd.concat(frames, ignore_index=True)
    a1, a2 = df[7], df[17]
    sel = df[((a1 == "USA") & (a2 == "RUS")) | ((a1 == "RUS") & (a2 == "USA"))]
    month = pd.to_datetime(sel[1].astype(str), format="%Y%m%d").dt.to_period("M")
    out = sel.groupby(month).agg(events=(0, "size"), goldstein=(30, "mean"))
    counts = {str(m): int(n) for m, n in out["events"].items()}
    return {"rows": len(df), "counts": counts}


def run_duckdb(folder: Path) -> dict:
    import duckdb

    con = duckdb.connect()
    cols = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in COLS) + "}"
    glob = str(folder / "*.export.CSV")
    rows = con.execute(
        f"""SELECT strftime(date_trunc('month', strptime(c02, '%Y%m%d')), '%Y-%m') AS m,
                   count(*) AS n, avg(CAST(c31 AS DOUBLE)) AS g,
                   sum(CAST(c31 AS DOUBLE) * CAST(c34 AS DOUBLE)) / sum(CAST(c34 AS DOUBLE)) AS gw
            FROM read_csv('{glob}', delim='\t', header=false, quote='', escape='',
                          columns={cols}, auto_detect=false)
            WHERE (c08 = 'USA' AND c18 = 'RUS') OR (c08 = 'RUS' AND c18 = 'USA')
            GROUP BY 1 ORDER BY 1"""
    ).fetchall()
    return {"rows": None, "counts": {m: int(n) for m, n, _g, _gw in rows}}


def run_duckdb_store(folder: Path) -> dict:
    import duckdb

    tmp = Path(tempfile.mkdtemp(prefix="dw-bench-duck-", dir=DATA))
    try:
        con = duckdb.connect()
        glob = str(folder / "*.export.CSV")
        cols = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in COLS) + "}"
        con.execute(
            f"""COPY (
                SELECT 'gdelt1' AS source, TRY_CAST(c01 AS BIGINT) AS event_id,
                       TRY_CAST(strptime(c02, '%Y%m%d') AS DATE) AS date,
                       year(TRY_CAST(strptime(c02, '%Y%m%d') AS DATE)) AS year,
                       NULLIF(c08, '') AS actor1, NULLIF(c18, '') AS actor2,
                       NULLIF(c06, '') AS actor1_detail, NULLIF(c16, '') AS actor2_detail,
                       c27 AS cameo, TRY_CAST(c31 AS DOUBLE) AS goldstein,
                       TRY_CAST(c30 AS TINYINT) AS quad_class, TRY_CAST(c34 AS DOUBLE) AS weight,
                       CAST(NULL AS VARCHAR) AS description, CAST(NULL AS VARCHAR) AS citation,
                       NULLIF(c58, '') AS url, CAST([] AS VARCHAR[]) AS tags,
                       CAST([] AS VARCHAR[]) AS flags, TRY_CAST(c26 AS BOOLEAN) AS is_root_event,
                       TRY_CAST(c32 AS INTEGER) AS num_mentions,
                       TRY_CAST(c33 AS INTEGER) AS num_sources,
                       TRY_CAST(c34 AS INTEGER) AS num_articles,
                       TRY_CAST(c35 AS DOUBLE) AS avg_tone
                FROM read_csv('{glob}', delim='\t', header=false, quote='', escape='',
                              columns={cols}, auto_detect=false, all_varchar=true)
                WHERE TRY_CAST(c01 AS BIGINT) IS NOT NULL
                  AND TRY_CAST(strptime(c02, '%Y%m%d') AS DATE) IS NOT NULL
                QUALIFY row_number() OVER (PARTITION BY TRY_CAST(c01 AS BIGINT)) = 1
            ) TO '{tmp}/events' (FORMAT parquet, PARTITION_BY (year))"""
        )

        rows = con.execute(
            f"""SELECT strftime(date_trunc('month', date), '%Y-%m') AS m, count(*) AS n,
                       sum(weight * goldstein) / sum(weight) AS g,
                       sum(weight * weight) AS w2, sum(weight * weight * goldstein) AS w2g,
                       sum(weight * weight * goldstein * goldstein) AS w2g2
                FROM read_parquet('{tmp}/events/*/*.parquet', hive_partitioning=true)
                WHERE goldstein IS NOT NULL AND ((actor1 = 'USA' AND actor2 = 'RUS')
                   OR (actor1 = 'RUS' AND actor2 = 'USA'))
                GROUP BY 1 ORDER BY 1"""
        ).fetchall()
        n = con.execute(
            f"SELECT count(*) FROM read_parquet('{tmp}/events/*/*.parquet')"
        ).fetchone()[0]
        return {
            "rows": int(n),
            "counts": {m: int(k) for m, k, *_ in rows},
            "done_at": time.perf_counter(),
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_dyadwatch_spark(folder: Path) -> dict:
    """dyadwatch's import on a local Spark session (``local[*]``), then the same index."""
    return run_dyadwatch(folder, engine="spark")


RUNNERS = {
    "dyadwatch": run_dyadwatch,
    "dyadwatch-before": run_dyadwatch,  # the same, on the tree given by --before
    "dyadwatch-spark": run_dyadwatch_spark,
    "duckdb-store": run_duckdb_store,
    "pandas": run_pandas,
    "duckdb": run_duckdb,
}


def _child(name: str, folder: Path) -> None:
    t = time.perf_counter()
    result = RUNNERS[name](folder)
    end = time.perf_counter()
    result["wall_s"] = round(end - t, 3)
    # what the process did after the compared work (dyadwatch: the other queries, closing and
    # deleting the store); pandas and raw DuckDB stop at their one aggregation
    result["after_s"] = round(end - result.pop("done_at", end), 3)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))


def _measure(name: str, folder: Path, before: Path | None = None) -> dict:
    env = None
    if name == "dyadwatch-before":
        env = dict(os.environ, PYTHONPATH=str(before))
    load = os.getloadavg()[0]  # 1-minute load average when the run starts
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", name, "--data", str(folder)],
        capture_output=True,
        text=True,
        env=env,
    )
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        return {
            "error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed",
            "process_s": round(wall, 3),
        }
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_s"] = round(wall, 3)  # includes interpreter start and imports
    result["load"] = round(load, 2)
    result["import_index_s"] = round(wall - result["after_s"], 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip", action="append", default=[], choices=list(RUNNERS))
    parser.add_argument("--clean", action="store_true", help="delete the generated files after")
    parser.add_argument(
        "--spark", action="store_true", help="also run dyadwatch's import on local Spark"
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="also run dyadwatch from this source tree (its src folder), interleaved",
    )
    parser.add_argument("--child", choices=list(RUNNERS), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.data)
        return
    DATA.mkdir(exist_ok=True)
    t = time.perf_counter()
    folder = _generate(args.rows, args.days, args.seed)
    size = sum(f.stat().st_size for f in _files(folder))
    print(
        f"data: {args.rows:,} rows in {len(_files(folder))} files, {size / 1e9:.2f} GB "
        f"(ready in {time.perf_counter() - t:.0f} s)",
        flush=True,
    )
    results: dict[str, list[dict]] = {}
    for _ in range(args.repeat):
        for name in RUNNERS:
            if name in args.skip or (name == "dyadwatch-spark" and not args.spark):
                continue
            if name == "dyadwatch-before" and args.before is None:
                continue
            r = _measure(name, folder, args.before.resolve() if args.before else None)
            results.setdefault(name, []).append(r)
            print(
                name,
                json.dumps({k: v for k, v in r.items() if k not in ("counts", "queries")}),
                flush=True,
            )
    summary = {}
    for name, runs in results.items():
        ok = [r for r in runs if "error" not in r]
        if not ok:
            summary[name] = {"error": runs[0]["error"]}
            continue
        summary[name] = {
            "process_s": statistics.median(r["process_s"] for r in ok),
            "import_index_s": statistics.median(r["import_index_s"] for r in ok),
            "wall_s": statistics.median(r["wall_s"] for r in ok),
            "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in ok),
            "counts": ok[0]["counts"],
        }
        if name.startswith("dyadwatch"):
            for key in ("ingest_s", "index_s", "query_s"):
                summary[name][key] = statistics.median(r[key] for r in ok)
    counts = {n: s["counts"] for n, s in summary.items() if "counts" in s}
    agree = len({json.dumps(c, sort_keys=True) for c in counts.values()}) <= 1
    print(f"\nmonthly USA-RUS counts agree across contenders: {agree}")
    print(
        "\n| contender | import + index (s, median) | whole process (s) | rows/s | peak RSS (MB) "
        "| vs DuckDB storing import | vs raw DuckDB | vs pandas |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    base = summary.get("duckdb", {}).get("import_index_s")
    store_base = summary.get("duckdb-store", {}).get("import_index_s")
    pandas = summary.get("pandas", {}).get("import_index_s")
    for name, s in summary.items():
        if "error" in s:
            print(f"| {name} | failed: {s['error']} | | | | | | |")
            continue
        t = s["import_index_s"]
        ratio_d = f"{t / base:.2f}×" if base else "–"
        ratio_s = f"{t / store_base:.2f}×" if store_base else "–"
        ratio_p = "–"
        if pandas and name != "pandas":
            ratio_p = f"{pandas / t:.2f}× " + ("faster" if pandas >= t else "(slower)")
        print(
            f"| {name} | {t:.2f} | {s['process_s']:.2f} | {args.rows / t:,.0f} | "
            f"{s['peak_rss_mb']:,.0f} | {ratio_s} | {ratio_d} | {ratio_p} |"
        )
    if "dyadwatch" in summary and "error" not in summary["dyadwatch"]:
        d = summary["dyadwatch"]
        print(
            f"\ndyadwatch split: ingest {d['ingest_s']:.2f} s, USA-RUS monthly index "
            f"{d['index_s']:.3f} s, slowest other dyad/frequency query {d['query_s']:.3f} s"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "args": vars(args) | {"data": str(folder), "json": None},
                    "summary": summary,
                    "runs": results,
                },
                default=str,
                indent=2,
            )
        )
    if args.clean:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
