"""Load test of the dashboard API on loopback: throughput and p50/p99 latency per endpoint.

Starts ``dyadwatch serve`` on a free 127.0.0.1 port with a throwaway store, warms each endpoint,
then runs ``--clients`` concurrent clients for ``--seconds`` per endpoint (bounded in time and
count; traffic never leaves the machine) and prints one Markdown row per endpoint.

    python benchmarks/load_test.py --clients 50 --seconds 30
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

DEFAULT_PATHS = [
    "/api/stages?dyad=USA-RUS",
    "/api/events?dyad=USA-RUS&limit=100",
    "/api/events?dyad=USA-RUS&from=2008-01-01&to=2014-12-31&limit=50",
]
MAX_REQUESTS_PER_ENDPOINT = 2_000_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _client(base: str, path: str, stop: float, latencies: list[float], errors: list[int]):
    async with httpx.AsyncClient(base_url=base, timeout=10.0) as client:
        while time.perf_counter() < stop and len(latencies) < MAX_REQUESTS_PER_ENDPOINT:
            t0 = time.perf_counter()
            r = await client.get(path)
            latencies.append(time.perf_counter() - t0)
            if r.status_code != 200:
                errors.append(r.status_code)


async def _run(base: str, path: str, clients: int, seconds: float) -> dict:
    async with httpx.AsyncClient(base_url=base, timeout=30.0) as warm:
        r = await warm.get(path)
        r.raise_for_status()
    latencies: list[float] = []
    errors: list[int] = []
    start = time.perf_counter()
    stop = start + seconds
    await asyncio.gather(*(_client(base, path, stop, latencies, errors) for _ in range(clients)))
    wall = time.perf_counter() - start
    lat = np.array(latencies) * 1000
    return {
        "path": path,
        "requests": len(lat),
        "errors": len(errors),
        "rps": len(lat) / wall,
        "p50": float(np.percentile(lat, 50)),
        "p99": float(np.percentile(lat, 99)),
    }


def _to_ms(text: str) -> float:
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
    for unit in ("us", "ms", "s", "m"):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * units[unit]
    return float(text)


def _run_wrk(base: str, path: str, clients: int, seconds: float) -> dict:
    """Drive the server with wrk (a C client: it leaves the CPU to the server)."""
    import re

    httpx.get(base + path, timeout=60.0).raise_for_status()  # warm the cache
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{clients}",
            f"-d{int(seconds)}s",
            "--latency",
            "--timeout",
            "10s",
            base + path,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, flags=re.M))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "path": path,
        "requests": requests,
        "errors": int(errors.group(1)) if errors else 0,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _to_ms(lat["50"]),
        "p99": _to_ms(lat["99"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--client",
        choices=["wrk", "python"],
        default="wrk" if shutil.which("wrk") else "python",
        help="wrk (Debian package; default when installed) or the asyncio/httpx client",
    )
    parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
    args = parser.parse_args()
    port = _free_port()
    db = Path(tempfile.mkdtemp()) / "load.duckdb"
    server = subprocess.Popen(
        [sys.executable, "-m", "dyadwatch", "serve", "--port", str(port), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/api/health", timeout=1.0)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores; {args.clients} clients, "
            f"{args.seconds:.0f} s per endpoint; server: uvicorn, 1 worker"
        )
        print("| endpoint | requests | errors | req/s | p50 ms | p99 ms |")
        print("|---|---|---|---|---|---|")
        for path in args.paths:
            if args.client == "wrk":
                res = _run_wrk(base, path, args.clients, args.seconds)
            else:
                res = asyncio.run(_run(base, path, args.clients, args.seconds))
            print(
                f"| `{res['path']}` | {res['requests']} | {res['errors']} | {res['rps']:.0f} | "
                f"{res['p50']:.1f} | {res['p99']:.1f} |"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
