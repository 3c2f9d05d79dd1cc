"""Load test of the dashboard API on loopback, with and without an import running.

Starts ``dyadwatch serve`` on a free 127.0.0.1 port with a throwaway store (the shipped
chronology), warms each endpoint, then for each number of concurrent clients (default 1, 10,
50 and 200) runs two cells back to back, interleaved: *idle* (nothing else writes) and
*import* (a real ``dyadwatch ingest gdelt1`` of a generated GDELT 1.0 daily file of
``--import-rows`` rows into the same store, started again as soon as it ends, for the whole
cell). Each import gets new GLOBALEVENTIDs, so each one really adds and commits rows and the
server has to pick up a changed store. The files come from the generator
``benchmarks/ingest.py`` uses (:func:`dyadwatch.sources.synthetic.gdelt1_rows`). Every client
is an ``httpx`` async client cycling over ``paths``; a non-200 answer or a transport error
counts as an error. The server's CPU time (its processes' user + system, from ``psutil``) per
request is reported beside the latencies: on a shared machine it moves much less with the
other load than the latencies do. Traffic never leaves the machine; every cell is bounded in
time.

    python benchmarks/load_test.py --seconds 15
    python benchmarks/load_test.py --clients 50 --seconds 30 --no-import
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np

DEFAULT_PATHS = [
    "/api/stages?dyad=USA-RUS",
    "/api/events?dyad=USA-RUS&limit=100",
    "/api/events?dyad=USA-RUS&from=2008-01-01&to=2014-12-31&limit=50",
]
MAX_REQUESTS_PER_CELL = 2_000_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------------ the import going on


def _import_loop(db: str, rows: int, folder: str) -> None:
    """Child process: import a new generated GDELT 1.0 file, again and again, until SIGTERM
    (the running import is always allowed to finish). Prints one line per import."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    from dyadwatch.sources.synthetic import gdelt1_rows

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    day = dt.date(2016, 1, 1)
    base = gdelt1_rows(rows, day, seed=int(time.time()) % 100_000, first_id=1)
    ids = pc.cast(base.column(0), pa.int64())
    options = pacsv.WriteOptions(include_header=False, delimiter="\t", quoting_style="none")
    offset = 10_000_000_000 + (int(time.time() * 1000) % 1_000_000) * 1_000_000
    k = 0
    while not stop.is_set():
        shifted = pc.cast(pc.add(ids, offset + k * rows), pa.string())
        table = base.set_column(0, base.schema.field(0), shifted)
        path = Path(folder) / f"{day:%Y%m%d}.{k}.export.CSV"
        pacsv.write_csv(table, path, write_options=options)
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "dyadwatch", "ingest", "gdelt1", str(path), "--db", db],
            capture_output=True,
            text=True,
        )
        path.unlink()
        status = "ok" if done.returncode == 0 else f"exit {done.returncode}"
        last = (done.stdout.strip().splitlines() or [""])[-1] if done.returncode == 0 else ""
        err = done.stderr.strip().splitlines()[-1:] if done.returncode else []
        print(f"import {k}: {status} {time.perf_counter() - t0:.1f}s {last} {err}", flush=True)
        k += 1


class Importer:
    """The import loop as a child process (started and stopped around an *import* cell)."""

    def __init__(self, db: Path, rows: int) -> None:
        self.folder = tempfile.mkdtemp(prefix="dw-load-import-")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--import-loop",
                str(db),
                "--import-rows",
                str(rows),
                "--import-folder",
                self.folder,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )

    def stop(self) -> list[str]:
        self.proc.send_signal(signal.SIGTERM)
        out, _ = self.proc.communicate(timeout=300)
        return out.strip().splitlines()


# ------------------------------------------------------------------------ the clients


async def _client(base: str, paths: list[str], k: int, stop: float, lat: list, errors: list):
    async with httpx.AsyncClient(base_url=base, timeout=10.0) as client:
        i = k
        while time.perf_counter() < stop and len(lat) < MAX_REQUESTS_PER_CELL:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                r = await client.get(path)
                if r.status_code != 200:
                    errors.append(f"{r.status_code} {path}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__} {path}")
            lat.append(time.perf_counter() - t0)


async def _cell(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    lat: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()
    stop = start + seconds
    await asyncio.gather(*(_client(base, paths, k, stop, lat, errors) for k in range(clients)))
    wall = time.perf_counter() - start
    ms = np.array(lat) * 1000
    return {
        "requests": len(ms),
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:3],
        "rps": len(ms) / wall,
        "p50": float(np.percentile(ms, 50)),
        "p99": float(np.percentile(ms, 99)),
    }


_WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def _wrk_ms(text: str) -> float:
    """``1.23ms`` / ``850.00us`` / ``2.01s`` in milliseconds."""
    import re

    number, unit = re.fullmatch(r"([0-9.]+)([a-z]+)", text).groups()
    return float(number) * _UNITS[unit]


def _wrk_cell(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    """The same closed loop as :func:`_cell`, driven by ``wrk`` (C, epoll: the load generator
    takes a small share of the two cores, so the latencies are the server's, not the client's
    own scheduling delays)."""
    import re
    import shutil

    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("error: wrk is not installed (apt-get install wrk), or use --client httpx")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(_WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    try:
        out = subprocess.run(
            [wrk, "-t1", f"-c{clients}", f"-d{seconds:.0f}s", "--timeout", "10s", "--latency",
             "-s", f.name, base],
            capture_output=True, text=True, timeout=seconds + 60, check=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(f.name)
    pct = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", out, re.M))
    if set(pct) != {"50", "99"}:
        raise SystemExit(f"error: cannot read wrk's latency percentiles from:\n{out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non_ok.group(1)) if non_ok else 0) + (sum(map(int, sock.groups())) if sock else 0)
    return {
        "requests": requests,
        "errors": errors,
        "error_kinds": [line.strip() for line in out.splitlines() if "errors" in line][:3],
        "rps": float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1)),
        "p50": _wrk_ms(pct["50"]),
        "p99": _wrk_ms(pct["99"]),
    }


def _wait_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit(f"error: the server exited: {server.stderr.read().decode()[-500:]}")
        try:
            httpx.get(base + "/api/health", timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("error: the server did not answer within 60 s")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of the server and its worker processes so far."""
    import psutil

    proc = psutil.Process(pid)
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
        except psutil.Error:
            continue
        total += t.user + t.system
    return total


def _run(args: argparse.Namespace, base: str, db: Path, pid: int) -> None:
    for path in args.paths:
        httpx.get(base + path, timeout=120.0).raise_for_status()
    print(
        "| clients | import | requests | errors | req/s | p50 ms | p99 ms | server CPU ms/req "
        "| imports done |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---|")
    modes = [False] if args.no_import else [False, True]
    for clients in args.clients:
        for with_import in modes:
            importer = Importer(db, args.import_rows) if with_import else None
            if importer:
                time.sleep(args.import_lead)  # the first import is under way
            cpu0 = _cpu_seconds(pid)
            if args.client == "wrk":
                res = _wrk_cell(base, args.paths, clients, args.seconds)
            else:
                res = asyncio.run(_cell(base, args.paths, clients, args.seconds))
            cpu = (_cpu_seconds(pid) - cpu0) * 1000 / max(res["requests"], 1)
            done = importer.stop() if importer else []
            ok = sum(" ok " in line for line in done)
            imports = f"{ok} of {len(done)} ok" if importer else "-"
            print(
                f"| {clients} | {'yes' if with_import else 'no'} | {res['requests']} | "
                f"{res['errors']} | {res['rps']:.0f} | {res['p50']:.1f} | {res['p99']:.1f} | "
                f"{cpu:.2f} | {imports} |",
                flush=True,
            )
            for line in res["error_kinds"] + [x for x in done if " ok " not in x]:
                print(f"    {line}", file=sys.stderr)


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--clients",
        type=lambda s: [int(x) for x in s.split(",")],
        default=[1, 10, 50, 200],
        help="comma-separated, e.g. 1,10,50,200",
    )
    parser.add_argument("--seconds", type=float, default=15.0, help="per cell")
    parser.add_argument("--import-rows", type=int, default=500_000, help="rows per import")
    parser.add_argument(
        "--import-lead",
        type=float,
        default=2.0,
        help="seconds the import runs before the clients start",
    )
    parser.add_argument("--no-import", action="store_true", help="only the idle cells")
    parser.add_argument("--workers", type=int, default=1, help="dyadwatch serve --workers")
    parser.add_argument(
        "--client",
        choices=["httpx", "wrk"],
        default="httpx",
        help="load generator: Python httpx clients, or wrk (needs apt-get install wrk)",
    )
    parser.add_argument("--import-loop", help=argparse.SUPPRESS)
    parser.add_argument("--import-folder", help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
    return parser.parse_args()


def main() -> int:
    args = _args()
    if args.import_loop:
        _import_loop(args.import_loop, args.import_rows, args.import_folder)
        return 0
    port = _free_port()
    db = Path(tempfile.mkdtemp(prefix="dw-load-")) / "load.duckdb"
    cmd = [sys.executable, "-m", "dyadwatch", "serve", "--port", str(port), "--db", str(db)]
    if args.workers > 1:
        cmd += ["--workers", str(args.workers)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_up(base, server)
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores; "
            f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}; load average "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.seconds:.0f} s per cell; "
            f"server pid {server.pid}, {args.workers} worker(s); "
            f"import {args.import_rows:,} GDELT 1.0 rows a file; client {args.client}"
        )
        _run(args, base, db, server.pid)
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
