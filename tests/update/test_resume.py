"""An update killed with SIGKILL mid-download resumes with a Range request and ends with every
event once (subprocess against the loopback server)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from loopback import Server, month_file

from dyadwatch.store import open_store

pytestmark = pytest.mark.slow

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _run(server, tmp_path):
    env = os.environ | {"PYTHONPATH": SRC, "DYADWATCH_UPDATE_DIR": str(tmp_path / "upd")}
    args = [sys.executable, "-m", "dyadwatch", "update", "--source", "gdelt2", "--dyad", ""]
    args += ["--since", "2016-01-01", "--base-url", server.url, "--db", str(tmp_path / "s.duckdb")]
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_kill_9_mid_download_then_resume(tmp_path):
    n = 3000
    with Server() as server:
        names = []
        for i, month in enumerate([dt.date(2016, 1, 1), dt.date(2016, 2, 1)]):
            name = month.strftime("%Y%m%d") + "000000.export.CSV.zip"
            server.announce(name, month_file(month, n, 1 + i * n))
            names.append(name)
        big = f"/gdeltv2/{names[1]}"
        server.slow.add(big)
        proc = _run(server, tmp_path)
        part = tmp_path / "upd" / "raw" / "gdelt2" / (names[1] + ".part")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (part.exists() and part.stat().st_size > 8192):
            time.sleep(0.05)
        assert part.exists(), proc.communicate(timeout=30)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        server.slow.clear()
        server.requests.clear()
        again = _run(server, tmp_path)
        out, err = again.communicate(timeout=120)
        assert again.returncode == 0, err.decode()
        ranged = [r for p, r in server.requests if p == big and r]
        assert ranged and int(ranged[0].split("=")[1].split("-")[0]) > 0
        with open_store(tmp_path / "s.duckdb") as store:
            ids = store.arrow(store.imported_events("gdelt2").select("event_id"))
        ids = ids["event_id"].to_pylist()
        assert len(ids) == len(set(ids)) == 2 * n
