"""``dyadwatch risk``: run, sweep, list, replicate, game; errors are one line, exit 2."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from dyadwatch.cli import main
from dyadwatch.models.escalation import load_scenario


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    rc = main(["risk", *args])
    out, err = capsys.readouterr()
    return rc, out, err


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "list", "--format", "json")
    assert rc == 0
    names = {row["name"] for row in json.loads(out)}
    assert {"cuba1962", "ukraine2022", "syria2016"} <= names


def test_run_shipped_name_json(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run(
        capsys,
        "run",
        "cuba1962",
        "--table",
        "outcomes",
        "--format",
        "json",
        "--n",
        "20000",
        "--seed",
        "1",
    )
    assert rc == 0, err
    rows = json.loads(out)
    assert [r["outcome"] for r in rows] == [
        "challenger backs down",
        "defender backs down",
        "settlement",
        "uncontrolled escalation",
    ]
    assert sum(r["probability"] for r in rows) == pytest.approx(1.0)
    assert sum(r["mc_probability"] for r in rows) == pytest.approx(1.0)
    exact = load_scenario("cuba1962").model.clone().solve().outcome_probabilities()
    for r in rows:
        assert r["probability"] == pytest.approx(exact[r["outcome"]])


def test_run_all_tables_json_and_plot(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plot = tmp_path / "ukraine.html"
    rc, out, err = run(
        capsys, "run", "ukraine2022", "--format", "json", "--n", "5000", "--plot", str(plot)
    )
    assert rc == 0, err
    data = json.loads(out)
    assert set(data) == {"outcomes", "rungs", "credibility", "deterrence"}
    assert [r["defender"] for r in data["deterrence"]] == ["credible", "estimate"]
    html = plot.read_text(encoding="utf-8")
    assert "plotly" in html.lower() and "threat credibility" in html


def test_run_from_file_table_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from importlib import resources

    text = resources.files("dyadwatch.data").joinpath("scenarios", "syria2016.yaml").read_text()
    path = tmp_path / "my_syria.yaml"
    path.write_text(text, encoding="utf-8")
    rc, out, err = run(capsys, "run", str(path), "--table", "credibility", "--n", "2000")
    assert rc == 0, err
    assert "credibility" in out and "Kahn 9" in out
    # writing to a file
    target = tmp_path / "all.txt"
    rc, _, err = run(capsys, "run", str(path), "--n", "2000", "--out", str(target))
    assert rc == 0, err
    written = target.read_text(encoding="utf-8")
    assert "deterrence" in written and "rungs" in written


def test_sweep_csv(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run(
        capsys,
        "sweep",
        "syria2016",
        "--lam",
        "1,2.25",
        "--reference",
        "status_quo,lost_position,0.5",
        "--format",
        "csv",
    )
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 6
    assert {r["reference"] for r in rows} == {"status_quo", "lost_position", "0.5"}


def test_sweep_plot(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plot = tmp_path / "sweep.html"
    rc, _, err = run(capsys, "sweep", "cuba1962", "--lam", "1,3", "--plot", str(plot))
    assert rc == 0, err
    assert "loss aversion lambda" in plot.read_text(encoding="utf-8")


def test_replicate_and_game(capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = run(capsys, "replicate", "--format", "json")
    assert rc == 0
    rows = json.loads(out)
    assert len(rows) == 8 and all(r["reproduced"] for r in rows)
    rc, out, _ = run(capsys, "replicate", "--model", "ev", "--format", "json")
    assert sum(r["reproduced"] for r in json.loads(out)) == 2
    rc, out, _ = run(capsys, "game", "chicken", "--crash-cost", "4", "--format", "json")
    assert rc == 0
    rows = json.loads(out)
    ev_mixed = [r for r in rows if r["players"] == "expected value" and 0 < r["row_p_straight"] < 1]
    assert ev_mixed[0]["row_p_straight"] == pytest.approx(0.25)


BAD = """\
title: bad
assumptions: Modelling assumptions.
facts:
  - {date: "2020-01-01", fact: x, citation: 'P, "T", 2020-01-01'}
challenger:
  preferences: {model: cpt}
  temper: hot
defender:
  preferences: {model: cpt}
ladder:
  - {kahn: 3, cost: 0.01, loss_of_control: 0.01}
"""


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["run", "atlantis"], ["no shipped scenario named 'atlantis'"]),
        (["run", "missing.yaml"], ["scenario file not found"]),
        (["run", "BAD"], ["unknown key 'temper'", "line 7", "challenger.temper"]),
        (["run", "cuba1962", "--format", "csv"], ["csv holds one table"]),
        (["run", "cuba1962", "--table", "everything"], ["unknown table"]),
        (["run", "cuba1962", "--n", "0"], ["--n"]),
        (["sweep", "cuba1962", "--lam", "one,two"], ["bad number list", "--lam"]),
        (["sweep", "cuba1962", "--lam", "-1"], ["lambda must be positive"]),
        (["sweep", "cuba1962", "--reference", "anger"], ["bad reference point"]),
        (["sweep", "cuba1962", "--actor", "referee"], ["unknown actor"]),
        (["replicate", "--model", "oracle"], ["unknown model"]),
        (["replicate", "--gamma", "0.1"], ["non-monotone"]),
        (["game", "poker"], ["unknown game"]),
        (["game", "chicken", "--crash-cost", "0.5"], ["crash cost must exceed 1"]),
    ],
)
def test_errors_are_one_line_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], fragments: list[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    args = [
        str(bad) if a == "BAD" else (str(tmp_path / a) if a == "missing.yaml" else a) for a in args
    ]
    rc, out, err = run(capsys, *args)
    assert rc == 2, (out, err)
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for frag in fragments:
        assert frag in err, err


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    for cmd in ("run", "sweep", "list", "replicate", "game"):
        rc = main(["risk", cmd, "--help"])
        out = capsys.readouterr().out
        assert rc == 0
        assert "Example: dyadwatch risk" in out, cmd


# ------------------------------------------------------------------------------------------
# Bad files and unwritable outputs: one error line, exit 2, no traceback (issue 16)
# ------------------------------------------------------------------------------------------

BAD_FILES = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data"),
    "not_utf8": (b"title: \xac\xed\n", "not a UTF-8 text file"),
    "empty": (b"", "the file is empty"),
    "missing": (None, "scenario file not found"),
}
PRINTING = {
    "list": ["list"],
    "run": ["run", "cuba1962", "--n", "100"],
    "sweep": ["sweep", "cuba1962", "--lam", "1"],
    "replicate": ["replicate"],
    "game": ["game", "chicken"],
}


def _one_error_line(rc: int, out: str, err: str) -> None:
    assert rc == 2, (out, err)
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["run", "sweep"])
@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_scenario_file_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, case: str
) -> None:
    content, fragment = BAD_FILES[case]
    path = tmp_path / f"{case}.yaml"
    if content is not None:
        path.write_bytes(content)
    rc, out, err = run(capsys, command, str(path))
    _one_error_line(rc, out, err)
    assert fragment in err and str(path) in err, err


@pytest.mark.parametrize("command", sorted(PRINTING))
def test_every_printing_command_checks_out_before_the_work(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    target = tmp_path / "no" / "such" / "folder" / "out.json"
    rc, out, err = run(capsys, *PRINTING[command], "--format", "json", "--out", str(target))
    _one_error_line(rc, out, err)
    assert "cannot write" in err and "--out" in err, err
    # checked first: with an unknown scenario as well, the --out error is the one reported
    if command in ("run", "sweep"):
        rc, _, err = run(capsys, command, "atlantis", "--out", str(target))
        assert rc == 2 and "--out" in err and "atlantis" not in err, err


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux /proc")
def test_sweep_out_in_proc_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """The issue-16 case: ``risk sweep cuba1962 --format json --out /proc/nope.json``."""
    rc, out, err = run(capsys, "sweep", "cuba1962", "--format", "json", "--out", "/proc/nope.json")
    _one_error_line(rc, out, err)
    assert "/proc/nope.json" in err


@pytest.mark.parametrize("command", ["run", "sweep"])
def test_unwritable_plot_is_one_line_before_the_work(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    target = tmp_path / "missing" / "plot.html"
    rc, out, err = run(capsys, command, "atlantis", "--plot", str(target))
    _one_error_line(rc, out, err)
    assert "--plot" in err and "atlantis" not in err, err
    rc, out, err = run(capsys, command, "cuba1962", "--plot", str(tmp_path))
    _one_error_line(rc, out, err)
    assert "is a folder" in err


@pytest.mark.parametrize("command", sorted(PRINTING))
def test_every_printing_command_has_format_and_out(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    rc = main(["risk", command, "--help"])
    text = capsys.readouterr().out
    assert rc == 0 and "--format" in text and "--out" in text


def test_run_csv_with_one_table_and_table_format_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "outcomes.csv"
    rc, _, err = run(
        capsys,
        "run",
        "cuba1962",
        "--n",
        "1000",
        "--table",
        "outcomes",
        "--format",
        "csv",
        "--out",
        str(target),
    )
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["outcome"] for r in rows][0] == "challenger backs down"
    assert not list(tmp_path.glob("*.tmp"))  # no temporary files left behind
