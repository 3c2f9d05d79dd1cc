"""Claims from parsed YAML: weights from credibility and relevance, and what is refused."""

from __future__ import annotations

import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.threats import parse_claim


def test_parse_claim_weight_from_credibility_and_relevance():
    claim = parse_claim(
        {
            "claim": "c",
            "evidence": [
                {
                    "id": "e1",
                    "credibility": 0.5,
                    "relevance": 0.5,
                    "ratings": {"real": "i", "perceived": "C", "contrived": "C"},
                }
            ],
        }
    )
    assert claim.evidence[0].weight == 0.25
    assert claim.evidence[0].ratings["real"] == "I"  # ratings are case-insensitive


def test_parse_claim_rejects_weight_and_credibility_together():
    with pytest.raises(DyadwatchError, match="not both"):
        parse_claim(
            {
                "claim": "c",
                "evidence": [
                    {
                        "id": "e1",
                        "weight": 1,
                        "credibility": 0.5,
                        "ratings": {"real": "C", "perceived": "C", "contrived": "C"},
                    }
                ],
            }
        )


def test_control_characters_in_a_claim_file_are_one_clear_line(tmp_path):
    from dyadwatch.models.threats import load_claim

    path = tmp_path / "bad.yaml"
    path.write_text("claim: \x1f", encoding="utf-8")
    with pytest.raises(DyadwatchError) as info:
        load_claim(path)
    assert "\n" not in str(info.value) and "unacceptable character" in str(info.value)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"claim: \xac\xed x\n", "not a UTF-8 text file"),
        (b"", "the file is empty"),
        (b"  \n# only a comment\n", "empty"),
        (b"\xff\xfec\x00l\x00", "UTF-16"),
    ],
)
def test_load_claim_refuses_binary_and_empty_files(tmp_path, content, fragment):
    from dyadwatch.models.threats import load_claim

    path = tmp_path / "claim.yaml"
    path.write_bytes(content)
    with pytest.raises(DyadwatchError) as info:
        load_claim(path)
    msg = str(info.value)
    assert fragment in msg and str(path) in msg and "\n" not in msg


def test_claim_with_an_impossible_date_names_the_line():
    from dyadwatch.sources.yamlfile import parse

    text = "claim: c\ndate: 2022-02-30\nevidence: []\n"
    with pytest.raises(DyadwatchError, match=r"no such date '2022-02-30' \(c.yaml, line 2\)"):
        parse_claim(parse(text, "c.yaml"), source="c.yaml")
