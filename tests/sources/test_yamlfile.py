"""The line-aware YAML reader: lines of keys and items, and one clear line for every refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.yamlfile import Field, YamlList, YamlMap, line_of, parse, read, read_text

TEXT = """\
title: test
items:
  - {a: 1}
  - b: 2
    c: 3
"""


def one_line(info: pytest.ExceptionInfo) -> str:
    msg = str(info.value)
    assert "\n" not in msg, msg
    return msg


def test_mappings_and_lists_remember_their_lines():
    data = parse(TEXT, "t.yaml")
    assert isinstance(data, YamlMap) and isinstance(data["items"], YamlList)
    assert data.line == 1 and data.key_lines == {"title": 1, "items": 2}
    assert data["items"].line == 3 and data["items"].item_lines == [3, 4]
    assert line_of(data["items"][1], "c") == 5
    assert line_of(data["items"], 1) == 4
    assert line_of(data, "missing") == 1
    assert line_of({"plain": 1}, "plain") is None


def test_duplicate_keys_are_refused_with_both_lines():
    with pytest.raises(DyadwatchError) as info:
        parse("a: 1\nb: 2\na: 3\n", "d.yaml")
    msg = one_line(info)
    assert "duplicate key 'a' (first on line 1)" in msg and "d.yaml, line 3" in msg
    assert "keep one" in msg


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("title: x\x1f\n", ["invalid YAML: unacceptable character U+001F", "line 1, column 9"]),
        ("a: 1\nb: \x00\n", ["U+0000", "line 2"]),
        ("a: 1\nb: \x7f\n", ["U+007F", "line 2"]),
        ("a: 1\nb: [1, 2\n", ["invalid YAML", "cannot read YAML", "line 3"]),
        ("a: 1\n  b: 2\n", ["invalid YAML", "line 2"]),
        ("", ["the YAML is empty"]),
        ("# only a comment\n", ["the YAML is empty"]),
        ("day: 2022-02-30\n", ["no such date '2022-02-30'", "line 1"]),
        ("? [a, b]\n: 1\n", ["a key must be a name or a number", "line 1"]),
        ("a: !!python/object:os.system x\n", ["invalid YAML", "constructor", "line 1"]),
        ("a: 1\n---\nb: 2\n", ["invalid YAML", "single document"]),
    ],
)
def test_refusals_are_one_line_with_the_line(text, fragments):
    with pytest.raises(DyadwatchError) as info:
        parse(text, "bad.yaml")
    msg = one_line(info)
    assert "bad.yaml" in msg
    for fragment in fragments:
        assert fragment in msg, msg


def test_control_characters_in_a_claim_file_are_one_clear_line():
    # formerly tests/models/test_threats.py, against the reader threats now uses
    with pytest.raises(DyadwatchError) as info:
        parse("claim: \x1f", "bad.yaml")
    assert "\n" not in str(info.value) and "unacceptable character" in str(info.value)


def test_deep_nesting_is_refused_not_a_crash():
    with pytest.raises(DyadwatchError, match="invalid YAML") as info:
        parse("a: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml")
    one_line(info)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\x00\x01\x02binary", "not a text file: it holds binary data"),
        (b"a: 1\nb: \xac\n", "not a UTF-8 text file: byte 0xac"),
        (b"\xff\xfea\x00:\x00", "UTF-16"),
        (b"", "the file is empty"),
        (b" \n\t\n", "the file is empty"),
    ],
)
def test_read_text_refuses_what_is_not_text(tmp_path: Path, content: bytes, fragment: str):
    path = tmp_path / "f.yaml"
    path.write_bytes(content)
    with pytest.raises(DyadwatchError) as info:
        read_text(path)
    msg = one_line(info)
    assert fragment in msg and str(path) in msg


def test_read_text_names_the_line_of_a_bad_byte(tmp_path: Path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: 1\nb: 2\nc: \xff\n")
    with pytest.raises(DyadwatchError, match="line 3"):
        read_text(path)


def test_read_text_missing_and_folder(tmp_path: Path):
    with pytest.raises(DyadwatchError, match="no such file"):
        read_text(tmp_path / "nope.yaml")
    with pytest.raises(DyadwatchError, match="is a folder"):
        read_text(tmp_path)


def test_read_strips_a_byte_order_mark(tmp_path: Path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: x\n")
    assert read(path) == {"title": "x"}


def test_field_checks_name_file_line_and_key():
    top = Field.top(parse(TEXT, "t.yaml"), "t.yaml")
    m = top.mapping(("title", "items"), required=("title",))
    assert m["title"].text() == "test" and m["title"].line == 1
    items = m["items"].items("items must be a list", "list them")
    assert [i.path for i in items] == ["items[0]", "items[1]"]
    with pytest.raises(DyadwatchError) as info:
        items[1].mapping(("b",))
    assert "unknown key 'c' (t.yaml, line 5, key items[1].c)" in one_line(info)
    with pytest.raises(DyadwatchError, match="missing required key 'd'.*line 4, key items.1..d"):
        items[1].mapping(("b", "c"), required=("d",))
    b = items[1].mapping(("b", "c"))["b"]
    assert b.number(lo=0, hi=5, integer=True) == 2
    with pytest.raises(DyadwatchError, match=r"items\[1\].b=2 is out of range for a probability"):
        b.number(lo=0, hi=1)
    with pytest.raises(DyadwatchError, match="must be a number"):
        m["title"].number()
    with pytest.raises(DyadwatchError, match="use one of a, b"):
        m["title"].text(("a", "b"))


def test_field_on_plain_values_names_only_the_key():
    f = Field.top({"x": "y"}, "request body")
    with pytest.raises(DyadwatchError) as info:
        f.mapping(("z",))
    assert "(request body, key x)" in one_line(info)
    with pytest.raises(DyadwatchError, match="the document must be a mapping"):
        Field.top([1], "request body").mapping(("z",))


def test_read_text_refuses_devices_and_oversized_files(tmp_path: Path, monkeypatch):
    import dyadwatch.sources.yamlfile as yamlfile

    if Path("/dev/zero").exists():
        with pytest.raises(DyadwatchError, match="not a regular file"):
            read_text("/dev/zero")
    monkeypatch.setattr(yamlfile, "MAX_BYTES", 10)
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 20 + "\n", encoding="utf-8")
    with pytest.raises(DyadwatchError, match="larger than"):
        read_text(path)
