"""Reading a user's text file: one clear line for every way it can fail."""

from __future__ import annotations

import os

import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.textfile import read_text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\xac\xff" * 50, "binary file, not a CSV (NUL byte at offset 0)"),
        (b"period,value\n2020-01,\xac\n", "not UTF-8 text (byte 0xac at offset 21)"),
        (b"", "is empty"),
        (b"  \n\n", "is empty"),
    ],
)
def test_bad_content(tmp_path, content, message):
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(DyadwatchError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_text(path, where="{series}")


def test_bad_places(tmp_path):
    with pytest.raises(DyadwatchError, match="file not found"):
        read_text(tmp_path / "missing.csv", where="{series}")
    with pytest.raises(DyadwatchError, match="is a folder"):
        read_text(tmp_path, where="{series}")
    loop = tmp_path / "loop"
    os.symlink(loop, loop)
    with pytest.raises(DyadwatchError, match="symbolic link loop"):
        read_text(loop, where="{series}")


def test_good_text_drops_the_bom(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("\ufeffperiod,value\n".encode())
    assert read_text(path, where="{series}") == "period,value\n"
