"""Scenario files: the shipped ones load and cite; bad files name the key and the line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.escalation import load_scenario, parse_scenario, shipped_scenarios
from dyadwatch.models.prospect import ExpectedValue

CITATION = re.compile(r'^.+, ".+".*\d{4}-\d{2}-\d{2}$')


@pytest.mark.parametrize("name", ["cuba1962", "ukraine2022", "syria2016"])
def test_shipped_scenarios_load_and_cite(name: str) -> None:
    assert name in shipped_scenarios()
    sc = load_scenario(name)
    assert sc.name == name
    assert len(sc.facts) >= 3
    for fact in sc.facts:
        assert CITATION.match(fact["citation"]), fact["citation"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", fact["date"])
        assert fact["citation"].endswith(fact["date"])
    assert "assumption" in sc.assumptions.lower()
    text = (
        Path(__file__).resolve().parents[3]
        / "src"
        / "dyadwatch"
        / "data"
        / "scenarios"
        / f"{name}.yaml"
    ).read_text(encoding="utf-8")
    assert "MODELLING ASSUMPTIONS, NOT FACTS" in text
    m = sc.model.clone().solve()
    assert sum(m.outcome_probabilities().values()) == pytest.approx(1.0)


def test_cuba_ends_without_war_mostly() -> None:
    m = load_scenario("cuba1962").model.clone().solve()
    out = m.outcome_probabilities()
    assert out["uncontrolled escalation"] < 0.01
    assert out["settlement"] + out["challenger backs down"] > 0.95


GOOD = """\
title: test
assumptions: Modelling assumptions.
facts:
  - {date: "2020-01-01", fact: something, citation: 'Publisher, "Title", 2020-01-01'}
challenger:
  preferences: {model: cpt}
  reference: lost_position
defender:
  preferences: {model: ev}
ladder:
  - {kahn: 3, cost: 0.01, loss_of_control: 0.01}
  - {kahn: 9, cost: 0.1, loss_of_control: 0.2}
"""


def test_minimal_scenario_parses() -> None:
    sc = parse_scenario(GOOD, where="t.yaml")
    assert sc.model.start == 0 and len(sc.model.ladder) == 2
    assert isinstance(sc.model.defender.preferences, ExpectedValue)
    sc.model.clone().solve()


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        (
            "title: test\n",
            "title: test\nmood: tense\n",
            ["unknown key 'mood'", "line 2", "key mood"],
        ),
        (
            "  reference: lost_position\n",
            "  reference: lost_position\n  resolve: 3\n",
            ["unknown key 'resolve'", "line 8", "challenger.resolve"],
        ),
        (
            "loss_of_control: 0.2}",
            "loss_of_control: 1.2}",
            [
                "loss_of_control=1.2 is out of range for a probability",
                "line 12",
                "ladder[1].loss_of_control",
            ],
        ),
        (
            "defender:\n  preferences: {model: ev}\n",
            "",
            ["missing required key 'defender'", "line 1"],
        ),
        (
            "{model: cpt}",
            "{model: cpt, lam: -2}",
            ["lam=-2", "line 6", "challenger.preferences.lam"],
        ),
        ("{model: ev}", "{model: ev, lam: 2}", ["lam does not apply to ev", "line 9"]),
        ("{model: cpt}", "{model: prospect}", ["model='prospect' is not valid", "line 6"]),
        ("reference: lost_position", "reference: revenge", ["reference='revenge'", "line 7"]),
        ("{kahn: 3,", "{kahn: 30,", ["Kahn numbers out of order", "line 11"]),
        ("{kahn: 3,", "{kahn: 50,", ["kahn=50 is out of range", "line 11"]),
        ("title: test\n", "title: test\ntitle: again\n", ["duplicate key 'title'", "line 2"]),
        ("ladder:\n", "balance: {p_win: 2}\nladder:\n", ["p_win=2", "line 10", "balance.p_win"]),
        (
            "ladder:\n",
            "start: {rung: 0, first_mover: defender}\nladder:\n",
            ["challenger moves first", "line 10"],
        ),
        (
            "  - {kahn: 3, cost: 0.01, loss_of_control: 0.01}\n",
            "  - [1, 2]\n",
            ["ladder[0] must be a mapping", "line 11"],
        ),
        ("facts:\n", "facts: [\n", ["invalid YAML", "line"]),
    ],
)
def test_bad_scenarios_name_key_and_line(old: str, new: str, fragments: list[str]) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    with pytest.raises(DyadwatchError) as info:
        parse_scenario(text, where="bad.yaml")
    msg = str(info.value)
    assert "bad.yaml" in msg
    for frag in fragments:
        assert frag in msg, msg


def test_load_scenario_errors(tmp_path: Path) -> None:
    with pytest.raises(DyadwatchError, match="no shipped scenario"):
        load_scenario("atlantis1999")
    with pytest.raises(DyadwatchError, match="not found"):
        load_scenario(tmp_path / "missing.yaml")
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_scenario(path).name == "mine"


def test_control_characters_in_a_scenario_are_a_clear_error():
    from dyadwatch.errors import DyadwatchError
    from dyadwatch.models.escalation import parse_scenario

    with pytest.raises(DyadwatchError, match="invalid YAML: unacceptable character"):
        parse_scenario("title: x\x1f\n", where="bad.yaml")
