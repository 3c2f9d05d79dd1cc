"""`dyadwatch threats ...`: list, show, assess (incl. bad files), discern, spiral."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyadwatch.cli import main
from dyadwatch.models.threats import assess_register

# line numbers of GOOD: e1 starts on 3 (ratings 5), e2 on 6 (weight 8, ratings 9), e3 on 10
# (ratings 12)
GOOD = """\
claim: A neighbour's exercise threatens us.
evidence:
  - id: e1
    text: The exercise was announced months ahead and observed.
    ratings: {real: II, perceived: C, contrived: C}
  - id: e2
    text: The claim matches what officials said privately.
    weight: 0.5
    ratings: {real: N, perceived: C, contrived: I}
  - id: e3
    text: Published in an election week.
    ratings: {real: N, perceived: N, contrived: C}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(args, capsys):
    rc = main(args)
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_list_json_has_every_claim_with_assessment(capsys):
    rc, out, err = run(["threats", "list", "--format", "json"], capsys)
    assert rc == 0, err
    rows = json.loads(out)
    assert len(rows) == len(assess_register()) >= 30
    assert {"id", "date", "most_likely", "confidence", "score_real"} <= set(rows[0])


def test_list_topic_csv(capsys, tmp_path):
    target = tmp_path / "wmd.csv"
    rc, out, err = run(
        ["threats", "list", "--topic", "wmd", "--format", "csv", "--out", str(target)], capsys
    )
    assert rc == 0, err
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,date,topic")
    assert any("dirty-bomb" in line for line in lines)
    assert all(",wmd," in line for line in lines[1:])


def test_list_unknown_topic(capsys):
    rc, _, err = run(["threats", "list", "--topic", "aliens"], capsys)
    assert rc == 2 and "no claims with topic 'aliens'" in err and "nato_enlargement" in err


def test_list_table(capsys):
    rc, out, _ = run(["threats", "list"], capsys)
    assert rc == 0 and "Threat register" in out


def test_show_claim(capsys):
    rc, out, err = run(["threats", "show", "2022-10-23-dirty-bomb", "--format", "json"], capsys)
    assert rc == 0, err
    data = json.loads(out)
    assert data["id"] == "2022-10-23-dirty-bomb"
    assert data["evidence"][0]["citation"].startswith("IAEA")
    assert set(data["scores"]) == {"real", "perceived", "contrived"}


def test_show_unknown_claim(capsys):
    rc, _, err = run(["threats", "show", "1999-01-01-nothing"], capsys)
    assert rc == 2 and "no claim '1999-01-01-nothing'" in err


def test_assess_json_hand_computed(capsys, tmp_path):
    path = write(tmp_path, "claim.yaml", GOOD)
    rc, out, err = run(["threats", "assess", str(path), "--format", "json"], capsys)
    assert rc == 0, err
    data = json.loads(out)
    # real: II = 2; perceived: 0; contrived: 0.5 x I = 0.5
    assert data["scores"] == {"real": 2.0, "perceived": 0.0, "contrived": 0.5}
    assert data["ranking"] == ["perceived", "contrived", "real"]
    assert data["diagnosticity"] == {"e1": 2.0, "e2": 0.5, "e3": 0.0}
    assert [s["dropped"] for s in data["sensitivity"]] == ["e1", "e2", "e3"]
    assert data["sensitivity"][1]["top_changed"] is True  # without e2, perceived ties contrived
    assert data["conclusion"]["most_likely"] == ["perceived"]
    assert data["conclusion"]["confidence"] == "low"


def test_assess_table_and_csv(capsys, tmp_path):
    path = write(tmp_path, "claim.yaml", GOOD)
    rc, out, _ = run(["threats", "assess", str(path)], capsys)
    assert rc == 0 and "SCORE" in out and "perceived is the least inconsistent" in out
    rc, out, _ = run(["threats", "assess", str(path), "--format", "csv"], capsys)
    assert rc == 0
    assert out.splitlines()[0] == "id,weight,real,perceived,contrived,diagnosticity,text"
    assert out.splitlines()[-1].startswith("SCORE,,2.0,0.0,0.5")


def test_assess_custom_hypotheses(capsys, tmp_path):
    path = write(
        tmp_path,
        "c.yaml",
        """\
claim: Nuclear threat
hypotheses: [bluff, resolve]
evidence:
  - {id: a, text: no alert change, ratings: {bluff: C, resolve: I}}
  - {id: b, text: doctrine changed, ratings: {bluff: I, resolve: C}}
  - {id: c, text: exercises, ratings: {bluff: II, resolve: CC}}
""",
    )
    rc, out, err = run(["threats", "assess", str(path), "--format", "json"], capsys)
    assert rc == 0, err
    assert json.loads(out)["ranking"] == ["resolve", "bluff"]


BAD = [
    (
        "unknown_rating.yaml",
        GOOD.replace(
            "ratings: {real: N, perceived: N, contrived: C}",
            "ratings: {real: N, perceived: MAYBE, contrived: C}",
        ),
        ["unknown rating 'MAYBE'", "evidence 'e3'", "line 12"],
    ),
    (
        "missing_hypothesis.yaml",
        GOOD.replace(
            "ratings: {real: II, perceived: C, contrived: C}", "ratings: {real: II, perceived: C}"
        ),
        ["no rating for hypothesis 'contrived'", "evidence 'e1'", "line 5"],
    ),
    (
        "duplicate.yaml",
        GOOD.replace("  - id: e3", "  - id: e1"),
        ["duplicate evidence id 'e1'", "first used on line 3", "line 10"],
    ),
    (
        "bad_yaml.yaml",
        GOOD.replace("  - id: e2\n", "  - id: e2\n   oops: [unclosed\n"),
        ["cannot read YAML", "line "],
    ),
    (
        "unknown_hypothesis.yaml",
        GOOD.replace("contrived: C}\n  - id: e2", "contrived: C, fake: I}\n  - id: e2"),
        ["unknown hypothesis 'fake'", "evidence 'e1'", "line 5"],
    ),
    (
        "bad_weight.yaml",
        GOOD.replace("weight: 0.5", "weight: -2"),
        ["weight must be a positive number", "evidence 'e2'", "line 8"],
    ),
    (
        "duplicate_key.yaml",
        GOOD.replace("    weight: 0.5\n", "    weight: 0.5\n    weight: 1\n"),
        ["duplicate key 'weight'", "line 9", "keep one"],
    ),
    ("empty.yaml", "", ["empty"]),
    ("no_evidence.yaml", "claim: x\nevidence: []\n", ["'evidence' must be a non-empty list"]),
    (
        "typo_key.yaml",
        GOOD.replace("    weight: 0.5", "    wieght: 0.5"),
        ["unknown key 'wieght'", "line 8"],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), BAD, ids=[b[0] for b in BAD])
def test_assess_bad_files_one_clear_error(capsys, tmp_path, name, text, expected):
    path = write(tmp_path, name, text)
    rc, out, err = run(["threats", "assess", str(path)], capsys)
    assert rc == 2
    assert out == ""
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    for fragment in expected:
        assert fragment in err, (fragment, err)
    assert name in err


def test_assess_missing_file(capsys, tmp_path):
    rc, _, err = run(["threats", "assess", str(tmp_path / "nope.yaml")], capsys)
    assert rc == 2 and "no such file" in err


def test_discern_scores_against_register(capsys, tmp_path):
    frame = assess_register()
    decided = frame[frame["label"] != ""]
    # an analyst who calls everything a genuine threat: every contrived claim is a false alarm
    rows = ["claim_id,classification"] + [f"{cid},perceived" for cid in decided["id"]]
    undecided = frame.loc[frame["label"] == "", "id"].tolist()
    rows += [f"{undecided[0]},contrived"]
    path = write(tmp_path, "calls.csv", "\n".join(rows) + "\n")
    rc, out, err = run(
        ["threats", "discern", str(path), "--cost-miscalculation", "5", "--format", "json"], capsys
    )
    assert rc == 0, err
    data = json.loads(out)
    n_contrived = int((decided["label"] == "contrived").sum())
    assert data["misses"] == 0 and data["false_alarms"] == n_contrived
    assert data["correct_rejections"] == 0
    assert data["scored_claims"] == len(decided)
    assert data["skipped_undecided"] == [undecided[0]]
    assert data["expected_cost_per_claim"] == pytest.approx(n_contrived / len(decided))
    assert data["criterion_c"] < 0  # a liberal analyst


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("claim,label\nx,real\n", "expected columns claim_id,classification"),
        ("claim_id,classification\n1999-01-01-nothing,real\n", "unknown claim id"),
        ("claim_id,classification\n2022-10-23-dirty-bomb,maybe\n", "unknown classification"),
        (
            "claim_id,classification\n2022-10-23-dirty-bomb,real\n2022-10-23-dirty-bomb,real\n",
            "classified twice",
        ),
    ],
)
def test_discern_bad_files(capsys, tmp_path, text, fragment):
    path = write(tmp_path, "calls.csv", text)
    rc, _, err = run(["threats", "discern", str(path)], capsys)
    assert rc == 2 and fragment in err and "line" in err


def test_spiral_with_and_without_perception(capsys):
    rc, out, err = run(["threats", "spiral", "--compare", "--format", "json"], capsys)
    assert rc == 0, err
    rows = json.loads(out)
    with_p = [r for r in rows if r["scenario"] == "with_perception"]
    without = [r for r in rows if r["scenario"] == "without_perception"]
    assert len(with_p) == len(without) == 2025 - 1991 + 1
    assert max(r["real_threat"] for r in with_p) > 0
    assert max(r["real_threat"] for r in without) == 0

    rc, out, _ = run(["threats", "spiral", "--no-perception", "--format", "json"], capsys)
    assert rc == 0
    assert all(r["russian_action"] == 0 for r in json.loads(out))


def test_spiral_bad_parameter(capsys):
    rc, _, err = run(["threats", "spiral", "--perception", "-1"], capsys)
    assert rc == 2 and "perception" in err


def test_help_has_examples(capsys):
    for cmd in ("list", "show", "assess", "discern", "spiral"):
        rc, out, _ = run(["threats", cmd, "--help"], capsys)
        assert rc == 0 and "Example: dyadwatch threats" in out, cmd


# ------------------------------------------------------------------------------------------
# Bad files and unwritable outputs: one error line, exit 2, no traceback (issue 16)
# ------------------------------------------------------------------------------------------

BAD_FILES = {
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data"),
    "not_utf8": (b"claim_id: \xac\xed\n", "not a UTF-8 text file"),
    "empty": (b"", "the file is empty"),
    "missing": (None, "no such file"),
}
PRINTING = {
    "list": ["threats", "list"],
    "show": ["threats", "show", "2022-10-23-dirty-bomb"],
    "assess": ["threats", "assess", "CLAIM"],
    "discern": ["threats", "discern", "CALLS"],
    "spiral": ["threats", "spiral"],
}


def _one_error_line(rc, out, err):
    assert rc == 2, (out, err)
    assert out == ""
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["assess", "discern"])
@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_user_file_is_one_line(capsys, tmp_path, command, case):
    content, fragment = BAD_FILES[case]
    path = tmp_path / f"{case}.{'yaml' if command == 'assess' else 'csv'}"
    if content is not None:
        path.write_bytes(content)
    rc, out, err = run(["threats", command, str(path)], capsys)
    _one_error_line(rc, out, err)
    assert fragment in err and str(path) in err, err


@pytest.mark.parametrize("command", sorted(PRINTING))
def test_every_printing_command_checks_out_before_the_work(capsys, tmp_path, command):
    claim = write(tmp_path, "claim.yaml", GOOD)
    calls = write(tmp_path, "calls.csv", "claim_id,classification\n2022-10-23-dirty-bomb,real\n")
    args = [
        str(claim) if a == "CLAIM" else str(calls) if a == "CALLS" else a for a in PRINTING[command]
    ]
    target = tmp_path / "no" / "such" / "folder" / "out.json"
    rc, out, err = run([*args, "--format", "json", "--out", str(target)], capsys)
    _one_error_line(rc, out, err)
    assert "cannot write" in err and "--out" in err, err
    help_rc, help_out, _ = run([*PRINTING[command][:2], "--help"], capsys)
    assert help_rc == 0 and "--format" in help_out and "--out" in help_out


def test_spiral_errors_name_the_flags(capsys):
    rc, out, err = run(["threats", "spiral", "--from", "2000", "--to", "1990"], capsys)
    _one_error_line(rc, out, err)
    assert "--from" in err and "--to" in err, err
    rc, out, err = run(["threats", "spiral", "--nato-response", "magic"], capsys)
    _one_error_line(rc, out, err)
    assert "--nato-response" in err, err
