"""``dyadwatch neighbours``: table, matrix, stationary distribution, survival, bad options."""

from __future__ import annotations

import csv
import io
import json

import pytest

from dyadwatch.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


def test_bare_command_json_is_the_long_table(capsys):
    rc, out, err = run(capsys, "neighbours", "--format", "json")
    assert rc == 0, err
    rows = json.loads(out)
    assert len(rows) == 16 * 35
    assert {"country", "name", "year", "status", "basis", "citation"} <= set(rows[0])


def test_table_country_filter_and_wide_csv(capsys):
    rc, out, err = run(capsys, "neighbours", "table", "--country", "ukr,MDA", "--format", "csv")
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["country"] for r in rows} == {"UKR", "MDA"} and len(rows) == 70
    rc, out, _ = run(capsys, "neighbours", "table", "--wide", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 16 and rows[0]["1991"] in {"A", "N", "O"}
    assert len(rows[0]) == 36


def test_table_format_prints_a_grid(capsys):
    rc, out, _ = run(capsys, "neighbours")
    assert rc == 0
    assert "UKR" in out and "TKM" in out


def test_matrix_json_rows_sum_to_one(capsys):
    rc, out, err = run(capsys, "neighbours", "matrix", "--format", "json")
    assert rc == 0, err
    data = json.loads(out)
    assert data["states"] == ["aligned", "neutral", "opposed"]
    for row in data["probabilities"].values():
        assert sum(row.values()) == pytest.approx(1.0)
    assert sum(sum(r.values()) for r in data["counts"].values()) == 16 * 34
    rc, out, _ = run(capsys, "neighbours", "matrix", "--counts", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["from"] for r in rows] == ["aligned", "neutral", "opposed"]


def test_rule_changes_the_matrix(capsys):
    _, default, _ = run(capsys, "neighbours", "matrix", "--format", "json")
    _, military, _ = run(capsys, "neighbours", "--rule", "military", "matrix", "--format", "json")
    _, military2, _ = run(capsys, "neighbours", "matrix", "--rule", "military", "--format", "json")
    assert json.loads(military)["rule"] == "military"
    assert json.loads(military) == json.loads(military2)
    assert json.loads(default)["counts"] != json.loads(military)["counts"]


def test_stationary_json(capsys):
    rc, out, err = run(capsys, "neighbours", "stationary", "--format", "json")
    assert rc == 0, err
    data = json.loads(out)
    assert sum(data["distribution"].values()) == pytest.approx(1.0)
    assert data["irreducible"] is True and "irreducible" in data["note"]


def test_survival_json_and_spells(capsys):
    rc, out, err = run(capsys, "neighbours", "survival", "--format", "json")
    assert rc == 0, err
    data = json.loads(out)
    ends = data["ends"]
    assert sum(ends.values()) == len(data["spells"])
    assert data["kaplan_meier"][0]["at_risk"] == len(data["spells"])
    rc, out, _ = run(capsys, "neighbours", "survival", "--spells", "--format", "csv")
    assert {"country", "duration", "ended", "next_status"} <= set(
        next(csv.reader(io.StringIO(out)))
    )


def test_coercion_and_spells_listing(capsys):
    rc, out, err = run(capsys, "neighbours", "coercion", "--country", "geo", "--format", "json")
    assert rc == 0, err
    rows = json.loads(out)
    assert rows and all(r["country"] == "GEO" for r in rows)
    rc, out, _ = run(capsys, "neighbours", "spells", "--format", "csv")
    assert next(csv.reader(io.StringIO(out)))[:4] == ["country", "start_year", "end_year", "status"]


def test_custom_spells_file_with_overlap_is_rejected(capsys, tmp_path):
    from dyadwatch.models.neighbours.files import data_file as _data_file

    lines = _data_file("alignment_spells.csv").read_text(encoding="utf-8").splitlines()
    # make Ukraine's first spell run into the second
    lines = [line.replace("UKR,1991,2007", "UKR,1991,2008", 1) for line in lines]
    bad = tmp_path / "spells.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rc, _, err = run(capsys, "neighbours", "--spells", str(bad), "matrix")
    assert rc == 2
    assert "UKR: spell 2008-2009 overlaps" in err and "spells.csv, line" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["neighbours", "--rule", "lenient"], "Invalid value for '--rule'"),
        (["neighbours", "matrix", "--rule", "lenient"], "Invalid value for '--rule'"),
        (["neighbours", "--format", "xml"], "Invalid value for '--format'"),
        (["neighbours", "table", "--country", "XYZ"], "unknown country 'XYZ'"),
        (["neighbours", "--spells", "/no/such/file.csv"], "file not found"),
        (["neighbours", "survival", "--nonsense"], "No such option"),
    ],
)
def test_bad_options_exit_2(capsys, args, message):
    rc, _, err = run(capsys, *args)
    assert rc == 2
    assert err.startswith("error: ") and message in err
    assert "Traceback" not in err


@pytest.mark.parametrize("sub", ["table", "spells", "matrix", "stationary", "survival", "coercion"])
def test_help_has_examples(capsys, sub):
    rc, out, _ = run(capsys, "neighbours", sub, "--help")
    assert rc == 0 and "Example" in out


# -- files a user passes, and --out -----------------------------------------------------------

BAD_FILES = {
    "binary": b"\x00\xac\xff" * 100,
    "empty": b"",
    "missing": None,
}
SPELLS_COMMANDS = {
    "neighbours": [],
    "table": ["table"],
    "spells": ["spells"],
    "matrix": ["matrix"],
    "stationary": ["stationary"],
    "survival": ["survival"],
}


@pytest.mark.parametrize("case", list(BAD_FILES))
@pytest.mark.parametrize("command", list(SPELLS_COMMANDS))
def test_bad_spells_file_is_one_line_exit_2(capsys, tmp_path, command, case):
    path = tmp_path / f"{case}.csv"
    if BAD_FILES[case] is not None:
        path.write_bytes(BAD_FILES[case])
    rc, out, err = run(capsys, "neighbours", "--spells", str(path), *SPELLS_COMMANDS[command])
    assert rc == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "Traceback" not in err and "--spells" in err
    expected = {"binary": "not UTF-8 text", "empty": "is empty", "missing": "file not found"}[case]
    assert expected in err


def test_header_only_and_nul_spells_files_are_refused(capsys, tmp_path):
    header = tmp_path / "header.csv"
    header.write_text(
        "country,start_year,end_year,status,status_military,basis,citation\n", encoding="utf-8"
    )
    rc, _, err = run(capsys, "neighbours", "--spells", str(header), "matrix")
    assert rc == 2 and "no spells for" in err and err.count("\n") == 1
    nul = tmp_path / "nul.csv"
    nul.write_text("country\x00\n", encoding="utf-8")
    rc, _, err = run(capsys, "neighbours", "--spells", str(nul))
    assert rc == 2 and "NUL bytes" in err


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["table"],
        ["spells"],
        ["matrix"],
        ["stationary"],
        ["survival"],
        ["coercion"],
    ],
)
def test_unwritable_out_is_one_line_exit_2_before_the_work(capsys, args):
    # the spells file is missing too: --out must be refused first
    rc, out, err = run(
        capsys, "neighbours", "--spells", "/no/such.csv", *args, "--out", "/proc/nope.json"
    )
    assert rc == 2 and out == ""
    assert err.startswith("error: cannot write /proc/nope.json") and "(--out)" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_format_and_out_before_the_subcommand_are_used(capsys, tmp_path):
    target = tmp_path / "matrix.json"
    rc, out, err = run(capsys, "neighbours", "--format", "json", "--out", str(target), "matrix")
    assert rc == 0 and out == "", err
    assert json.loads(target.read_text(encoding="utf-8"))["rule"] == "default"


def test_stationary_note_goes_to_stderr_when_piped(capsys):
    rc, out, err = run(capsys, "neighbours", "stationary", "--format", "csv")
    assert rc == 0
    assert out.startswith("closed_class,state,probability") and "irreducible" not in out
    assert err.startswith("note: The chain is irreducible")


def test_coercion_rejects_an_unknown_country(capsys):
    rc, _, err = run(capsys, "neighbours", "coercion", "--country", "XYZ")
    assert rc == 2 and "unknown country 'XYZ'" in err and "(--country)" in err
