"""``dyadwatch trust``: output formats, the recovery table and bad options."""

from __future__ import annotations

import csv
import io
import json

import pytest

from dyadwatch.cli import main
from dyadwatch.models.trust import LEDGER_COLUMNS


def run(capsys, *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    captured = capsys.readouterr()
    return rc, captured.out, captured.err


@pytest.fixture
def synthetic_ledger(tmp_path):
    """7 compliance and 3 violation events by the West in 2000, 2 Russian events."""
    path = tmp_path / "ledger.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=LEDGER_COLUMNS)
        writer.writeheader()
        acts = ["compliance"] * 7 + ["violation"] * 3
        for k, act in enumerate(acts):
            writer.writerow(
                {
                    "event_id": f"2000-01-{k + 1:02d}-event-{k}",
                    "date": f"2000-01-{k + 1:02d}",
                    "date_precision": "day",
                    "actor": "USA",
                    "norm": "Test",
                    "act": act,
                    "description": "Synthetic.",
                    "citation": 'Test, "Synthetic", 2000-01-01',
                    "tags": "",
                }
            )
        for k, act in enumerate(["violation", "violation"]):
            writer.writerow(
                {
                    "event_id": f"2000-02-{k + 1:02d}-rus-{k}",
                    "date": f"2000-02-{k + 1:02d}",
                    "date_precision": "day",
                    "actor": "RUS",
                    "norm": "Test",
                    "act": act,
                    "description": "Synthetic.",
                    "citation": 'Test, "Synthetic", 2000-01-01',
                    "tags": "",
                }
            )
    return path


def test_default_json_covers_1991_to_2025(capsys):
    rc, out, err = run(capsys, "trust", "--format", "json")
    assert rc == 0, err
    data = json.loads(out)
    assert data["observer"] == "Moscow" and data["credible"] == 0.9
    years = data["years"]
    assert [y["year"] for y in years] == list(range(1991, 2026))
    assert years[0]["mean"] == 0.5
    assert all(0 <= y["lower"] <= y["mean"] <= y["upper"] <= 1 for y in years)


def test_synthetic_ledger_gives_the_textbook_posterior(capsys, synthetic_ledger):
    rc, out, err = run(
        capsys,
        "trust",
        "--ledger",
        str(synthetic_ledger),
        "--from",
        "2000",
        "--to",
        "2000",
        "--format",
        "json",
    )
    assert rc == 0, err
    (year,) = json.loads(out)["years"]
    assert (year["alpha"], year["beta"]) == (8.0, 4.0)
    assert round(year["mean"], 3) == 0.667
    rc, out, _ = run(
        capsys,
        "trust",
        "--ledger",
        str(synthetic_ledger),
        "--from",
        "2000",
        "--to",
        "2000",
        "--observed",
        "russia",
        "--format",
        "json",
    )
    assert json.loads(out)["years"][0]["mean"] == pytest.approx(1 / 4)


def test_csv_output_and_out_file(capsys, tmp_path):
    target = tmp_path / "trust.csv"
    rc, out, _ = run(
        capsys,
        "trust",
        "--forgetting",
        "0.9",
        "--asymmetry",
        "0.5",
        "--format",
        "csv",
        "--out",
        str(target),
    )
    assert rc == 0 and out == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == 35
    assert {"year", "mean", "lower", "upper", "alpha", "beta"} <= set(rows[0])


def test_recover_table(capsys, synthetic_ledger):
    rc, out, err = run(capsys, "trust", "recover", "--target", "0.5", "--format", "csv")
    assert rc == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [float(r["asymmetry"]) for r in rows] == [1.0, 0.75, 0.5, 0.25, 0.1]
    # Synthetic: Beta(8, 4) with lambda = 1 is already above 0.5; Russia's Beta(1, 3)
    # needs (1 + n) / (4 + n) >= 0.5, i.e. 2 years at a = 1 and 4 at a = 0.5.
    rc, out, err = run(
        capsys,
        "trust",
        "--ledger",
        str(synthetic_ledger),
        "--observed",
        "russia",
        "recover",
        "--target",
        "0.5",
        "--asymmetries",
        "1,0.5",
        "--format",
        "json",
    )
    assert rc == 0, err
    data = json.loads(out)
    assert [r["years_needed"] for r in data] == [2, 4]
    rc, out, _ = run(
        capsys,
        "trust",
        "--ledger",
        str(synthetic_ledger),
        "--observed",
        "russia",
        "recover",
        "--target",
        "0.9",
        "--forgetting",
        "0.5",
        "--asymmetries",
        "1",
        "--format",
        "json",
    )
    assert json.loads(out)[0]["years_needed"] is None


def test_ledger_listing_filters(capsys):
    rc, out, err = run(
        capsys, "trust", "ledger", "--side", "west", "--act", "violation", "--format", "json"
    )
    assert rc == 0, err
    rows = json.loads(out)
    assert rows and all(r["side"] == "west" and r["act"] == "violation" for r in rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["trust", "--forgetting", "1.5"], "forgetting must be in [0, 1]"),
        (["trust", "--asymmetry", "-0.2"], "asymmetry must be in [0, 1]"),
        (["trust", "--prior", "1"], "bad prior"),
        (["trust", "--prior", "0,1"], "prior parameters must be positive"),
        (["trust", "--weight", "withdrawal"], "bad weight"),
        (["trust", "--weight", "bribery=1"], "unknown act in weights"),
        (["trust", "--observed", "china"], "observed must be west or russia"),
        (["trust", "--format", "xml"], "Invalid value for '--format'"),
        (["trust", "--forgetting", "abc"], "Invalid value for '--forgetting'"),
        (["trust", "--ledger", "/no/such/ledger.csv"], "ledger file not found"),
        (["trust", "--from", "2010", "--to", "2000"], "before start year"),
        (["trust", "recover", "--target", "1.5"], "target must be in (0, 1]"),
        (["trust", "recover", "--asymmetries", "a,b"], "bad --asymmetries"),
        (["trust", "recover", "--rate", "-1"], "rate must be >= 0"),
        (["trust", "ledger", "--side", "china"], "unknown side"),
        (["trust", "ledger", "--act", "bribery"], "unknown act"),
        (["trust", "--nonsense"], "No such option"),
    ],
)
def test_bad_options_exit_2_with_one_line(capsys, args, message):
    rc, out, err = run(capsys, *args)
    assert rc == 2
    assert err.startswith("error: ")
    assert message in err
    assert "Traceback" not in err


def test_bad_ledger_file_names_the_line(capsys, tmp_path, synthetic_ledger):
    text = synthetic_ledger.read_text(encoding="utf-8").replace("violation", "bribery", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    rc, _, err = run(capsys, "trust", "--ledger", str(bad))
    assert rc == 2
    assert "unknown act 'bribery'" in err and "bad.csv, line 9, column act" in err


@pytest.mark.parametrize(
    "args", [["trust", "--help"], ["trust", "recover", "--help"], ["trust", "ledger", "--help"]]
)
def test_help_has_examples(capsys, args):
    rc, out, _ = run(capsys, *args)
    assert rc == 0
    assert "Example" in out


# -- files a user passes, and --out -----------------------------------------------------------

BAD_FILES = {
    "binary": b"\x00\xac\xff" * 100,
    "empty": b"",
    "missing": None,
}
LEDGER_COMMANDS = {
    "trust": [],
    "recover": ["recover"],
    "ledger": ["ledger"],
}


@pytest.mark.parametrize("case", list(BAD_FILES))
@pytest.mark.parametrize("command", list(LEDGER_COMMANDS))
def test_bad_ledger_file_is_one_line_exit_2(capsys, tmp_path, command, case):
    path = tmp_path / f"{case}.csv"
    if BAD_FILES[case] is not None:
        path.write_bytes(BAD_FILES[case])
    rc, out, err = run(capsys, "trust", "--ledger", str(path), *LEDGER_COMMANDS[command])
    assert rc == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "Traceback" not in err and "--ledger" in err
    expected = {"binary": "not UTF-8 text", "empty": "is empty", "missing": "not found"}[case]
    assert expected in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (",".join(LEDGER_COLUMNS) + "\n", "has a header but no events"),
        ("a\x00b\n", "NUL bytes"),
        ('event_id,date\n"unclosed\n', "no column"),
    ],
)
def test_header_only_nul_and_foreign_ledgers_are_refused(capsys, tmp_path, content, message):
    path = tmp_path / "ledger.csv"
    path.write_text(content, encoding="utf-8")
    rc, _, err = run(capsys, "trust", "--ledger", str(path))
    assert rc == 2 and message in err and err.count("\n") == 1


def test_a_folder_is_not_a_ledger(capsys, tmp_path):
    rc, _, err = run(capsys, "trust", "--ledger", str(tmp_path))
    assert rc == 2 and "is a folder" in err and "Traceback" not in err


def test_byte_order_mark_is_accepted(capsys, tmp_path, synthetic_ledger):
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + synthetic_ledger.read_bytes())
    rc, out, err = run(capsys, "trust", "--ledger", str(bom), "--format", "json")
    assert rc == 0, err
    assert json.loads(out)["years"][9]["alpha"] == 8.0  # 2000: Beta(1 + 7, 1 + 3)


@pytest.mark.parametrize(
    "args",
    [
        ["trust"],
        ["trust", "recover"],
        ["trust", "ledger"],
    ],
)
def test_unwritable_out_is_one_line_exit_2_before_the_work(capsys, args):
    # the ledger is missing too: --out must be refused first, before any file is read
    rc, out, err = run(
        capsys, args[0], "--ledger", "/no/such.csv", *args[1:], "--out", "/proc/nope.json"
    )
    assert rc == 2 and out == ""
    assert err.startswith("error: cannot write /proc/nope.json") and "(--out)" in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_out_and_format_before_the_subcommand_are_used(capsys, tmp_path):
    target = tmp_path / "recover.json"
    rc, out, err = run(capsys, "trust", "--format", "json", "--out", str(target), "recover")
    assert rc == 0 and out == "", err
    rows = json.loads(target.read_text(encoding="utf-8"))
    assert [r["asymmetry"] for r in rows] == [1.0, 0.75, 0.5, 0.25, 0.1]
    rc, _, err = run(capsys, "trust", "--out", "/proc/nope.json", "ledger")
    assert rc == 2 and "(--out)" in err


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["trust", "--forgetting", "1.5"], "(--forgetting)"),
        (["trust", "--credible", "1"], "(--credible)"),
        (["trust", "--prior", "0,1"], "(--prior)"),
        (["trust", "--observed", "china"], "(--observed)"),
        (["trust", "--weight", "bribery=1"], "(--weight)"),
        (["trust", "--weight", "violation=-1"], "(--weight)"),
        (["trust", "--from", "2010", "--to", "2000"], "swap --from and --to"),
        (["trust", "recover", "--target", "0"], "(--target)"),
        (["trust", "recover", "--asymmetries", "1,2"], "(--asymmetries)"),
        (["trust", "recover", "--max-years", "0"], "(--max-years)"),
        (["trust", "recover", "--rate", "-1"], "(--rate)"),
    ],
)
def test_errors_name_the_flag(capsys, args, flag):
    rc, _, err = run(capsys, *args)
    assert rc == 2 and flag in err and err.count("\n") == 1
