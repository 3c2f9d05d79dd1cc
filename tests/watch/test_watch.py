"""``watch`` against the loopback server: update cycles, one stage-change alert with its
evidence, and a clean stop on SIGTERM (a subprocess)."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from loopback import Server, month_file, months

from dyadwatch.watch import alerts_between, parse_every

SRC = str(Path(__file__).resolve().parents[2] / "src")
N = 60


def _announce(server, first, n, code, first_id):
    for i, m in enumerate(months(first, n)):
        name = m.strftime("%Y%m%d") + "000000.export.CSV.zip"
        server.announce(name, month_file(m, N, first_id + i * N, code=code))


def _wait_for(predicate, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_parse_every_and_threshold_alert():
    assert parse_every("15m") == 900 and parse_every("2h") == 7200 and parse_every("30") == 30
    before = {
        "dyad": "USA-RUS",
        "source": "gdelt2",
        "stage": "crisis",
        "p_turn": 0.2,
        "since": "2016-01",
    }
    after = before | {"p_turn": 0.6, "evidence": {"latest": [{"date": "x"}]}}
    (alert,) = alerts_between(before, after, 0.5)
    assert alert["kind"] == "threshold" and alert["evidence"] == [{"role": "latest", "date": "x"}]
    assert alerts_between(None, after, 0.5) == []  # the first estimate is the baseline


@pytest.mark.slow
def test_watch_two_cycles_one_alert_clean_sigterm(tmp_path):
    alerts, log = tmp_path / "alerts.jsonl", tmp_path / "watch.log"
    with Server() as server:
        _announce(server, dt.date(2014, 1, 1), 24, "051", 1)  # two years of cooperation
        env = os.environ | {"PYTHONPATH": SRC, "DYADWATCH_UPDATE_DIR": str(tmp_path / "upd")}
        args = [sys.executable, "-m", "dyadwatch", "watch", "--every", "1s", "--dyad", "USA-RUS"]
        args += ["--since", "2014-01-01", "--base-url", server.url]
        args += ["--db", str(tmp_path / "s.duckdb"), "--alerts", str(alerts), "--log", str(log)]
        proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            assert _wait_for(lambda: log.exists() and "cycle 1:" in log.read_text())
            assert not alerts.exists()  # the first cycle sets the baseline
            _announce(server, dt.date(2016, 1, 1), 12, "190", 100_000)  # a year of fighting
            assert _wait_for(lambda: alerts.exists() and alerts.read_text().strip()), (
                log.read_text()
            )
            time.sleep(1.5)  # one more cycle: nothing new, no second alert
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, err.decode()
    lines = alerts.read_text().splitlines()
    assert len(lines) == 1
    alert = json.loads(lines[0])
    assert alert["kind"] == "stage_change" and alert["since"] >= "2016-01"
    assert (alert["from"], alert["from_since"]) != (alert["to"], alert["since"])
    assert alert["evidence"] and all(e.get("date") for e in alert["evidence"])
    assert json.loads(out.decode().splitlines()[0]) == alert  # the same line on stdout
    text = log.read_text()
    assert "cycle 2:" in text and "received SIGTERM" in text and "(SIGTERM)" in text
