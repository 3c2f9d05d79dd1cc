"""``dyadwatch forecast`` on the built-in USA-RUS data: the forecast table and the outlook."""

from __future__ import annotations

import json

import numpy as np
import pytest

from dyadwatch.cli import main


@pytest.mark.slow
def test_forecast_json(capsys, tmp_path):
    rc = main(["forecast", "--format", "json", "--db", str(tmp_path / "db.duckdb")])
    out, err = capsys.readouterr()
    assert rc == 0, err
    got = json.loads(out)
    rows = got["forecast"]
    assert [r["horizon"] for r in rows] == [1, 3, 6, 12]
    sds = [r["sd"] for r in rows]
    assert all(np.diff(sds) > 0)  # uncertainty grows with the horizon
    for r in rows:  # the 90% interval of the Gaussian predictive distribution
        assert r["hi"] - r["mean"] == pytest.approx(1.6448536 * r["sd"], rel=1e-6)
        assert r["mean"] - r["lo"] == pytest.approx(r["hi"] - r["mean"])
    for r in rows:
        total = sum(
            r[f"p_{s}"] for s in ("euphoria", "pragmatism", "disillusionment", "crisis", "reset")
        )
        assert total == pytest.approx(1.0)
    look = got["outlook"]
    assert look["arrow"] in ("improved", "deteriorated", "unchanged")
    assert 0 <= look["risk_alert"]["p_within_6_months"] <= 1
    m = got["measure"]  # the fused measure's newest month with its band
    assert m["lo"] < m["mean"] < m["hi"] and m["ci"] == 0.9


def test_forecast_bad_dyad_is_one_line(capsys):
    rc = main(["forecast", "--dyad", "XXX-YYY"])
    _, err = capsys.readouterr()
    assert rc == 2 and "Traceback" not in err


@pytest.mark.slow
def test_backtest_measure_csv(capsys, tmp_path):
    import csv
    import io

    rc = main(
        [
            "backtest",
            "--measure",
            "--origin",
            "2025-09",
            "--format",
            "csv",
            "--db",
            str(tmp_path / "db.duckdb"),
        ]
    )
    out, err = capsys.readouterr()
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    targets = {r["target"] for r in rows}
    assert {"events (CRPS)", "measure (CRPS)", "stage (RPS)"} <= targets
    assert {"skill_vs_persistence", "skill_vs_climatology"} <= set(rows[0])
