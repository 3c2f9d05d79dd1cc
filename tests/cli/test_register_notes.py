"""Outputs that rest on a curated register say its range and its newest entry's age."""

from __future__ import annotations

import pytest

from dyadwatch.api.neighbours import load_coercive_acts, load_spells
from dyadwatch.api.trust import load_ledger
from dyadwatch.cli import main


def _note(capsys, *args) -> str:
    assert main(list(args)) == 0
    out, err = capsys.readouterr()
    return out + err


@pytest.mark.parametrize(
    "args", [("trust",), ("trust", "recover"), ("trust", "ledger", "--format", "json")]
)
def test_trust_outputs_name_the_ledger_range(capsys, monkeypatch, args):
    monkeypatch.setenv("DYADWATCH_TODAY", "2026-12-07")
    dates = load_ledger(None)["date"]
    text = _note(capsys, *args)
    first, last = min(dates), max(dates)
    assert f"Norm ledger as of 2026-12-07: {first} to {last} ({len(dates)} entries" in text


@pytest.mark.parametrize(
    "args",
    [("neighbours",), ("neighbours", "matrix"), ("neighbours", "survival", "--format", "json")],
)
def test_neighbours_outputs_name_the_spells_range(capsys, monkeypatch, args):
    monkeypatch.setenv("DYADWATCH_TODAY", "2026-12-07")
    spells = load_spells(None)
    text = _note(capsys, *args)
    assert f"to {int(spells['end_year'].max())}-12-31 ({len(spells)} entries" in text


def test_coercion_names_its_register(capsys, monkeypatch):
    monkeypatch.setenv("DYADWATCH_TODAY", "2026-12-07")
    acts = load_coercive_acts()
    text = _note(capsys, "neighbours", "coercion", "--format", "csv")
    assert "Coercive acts register as of 2026-12-07: " in text and f"({len(acts)} entries" in text


def test_threat_list_names_its_register(capsys, monkeypatch):
    from dyadwatch.api.threats import assess_register

    monkeypatch.setenv("DYADWATCH_TODAY", "2026-12-07")
    dates = assess_register()["date"]
    text = _note(capsys, "threats", "list", "--format", "json")
    assert f"Threat register as of 2026-12-07: {min(dates)} to {max(dates)} ({len(dates)}" in text
