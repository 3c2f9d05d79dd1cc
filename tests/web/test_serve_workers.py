"""``dyadwatch serve --workers 2``: two server processes over one store, both answering."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_two_workers_answer_over_one_store(tmp_path):
    port = _free_port()
    db = tmp_path / "s.duckdb"
    cmd = [sys.executable, "-m", "dyadwatch", "serve", "--port", str(port), "--db", str(db)]
    proc = subprocess.Popen(
        [*cmd, "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ
    )
    try:
        deadline = time.monotonic() + 90
        body = None
        while time.monotonic() < deadline and body is None:
            assert proc.poll() is None, proc.stderr.read().decode()[-500:]
            try:
                url = f"http://127.0.0.1:{port}/api/events?dyad=USA-RUS&limit=2"
                with urllib.request.urlopen(url, timeout=5) as r:
                    body = json.loads(r.read())
            except OSError:
                time.sleep(0.3)
        assert body is not None and body["total"] > 0 and len(body["events"]) == 2
        import psutil

        workers = psutil.Process(proc.pid).children(recursive=True)
        assert sum("multiprocessing" in " ".join(p.cmdline()) for p in workers) >= 2
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
