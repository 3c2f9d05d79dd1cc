"""``dyadwatch structure`` with the Park comparison and the default capabilities file."""

from __future__ import annotations

import json

from dyadwatch.cli import main


def test_table_prints_verdicts_robustness_and_park(capsys, shared_data, monkeypatch):
    monkeypatch.setenv("DYADWATCH_SHARED_DATA", str(shared_data))
    monkeypatch.setenv("XDG_DATA_HOME", "/nonexistent-dyadwatch-test")
    assert main(["structure", "--dyad", "USA-RUS"]) == 0
    out = capsys.readouterr().out
    for m in ("index:", "kappa:", "idealpoint:", "capability:"):
        assert m in out and "Verdict on this measure:" in out
    assert "measures:" in out and ("The verdict holds" in out or "The verdicts differ" in out)
    assert "Park (2010) design, 1992–2019 (28 years)" in out
    assert "with a rolling origin over 18 years. Verdict:" in out


def test_json_has_park_with_both_held_out_comparisons(capsys, shared_data, monkeypatch):
    monkeypatch.setenv("DYADWATCH_SHARED_DATA", str(shared_data))
    assert main(["structure", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    park = data["park"]
    assert park["verdict"] in ("structure", "leaders", "undecided")
    assert park["covariates"] == ["log_cinc_ratio", "ideal_distance"]
    assert park["blocked"]["n_folds"] == 28 and park["rolling"]["n_folds"] == 18
    assert set(park["blocked"]["lpd"]) == {"structure", "personality"}
    assert {r["measure"] for r in data["table"]} == {"index", "kappa", "idealpoint", "capability"}


def test_no_park_leaves_it_out(capsys):
    assert main(["structure", "--measures", "none", "--no-park", "--format", "json"]) == 0
    assert "park" not in json.loads(capsys.readouterr().out)


def test_capabilities_bad_dyad_is_one_line(capsys):
    assert main(["capabilities", "--dyad", "USA"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "malformed dyad" in err[0]
