"""The exact line reader: every chunk boundary, every line ending, never a lost line."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from dyadwatch.sources import rawfiles


def _reference(data: bytes) -> list[tuple[int, bytes]]:
    parts = re.split(rb"\r\n|\r|\n", data)
    if parts and parts[-1] == b"":
        parts = parts[:-1]
    return [(i + 1, p) for i, p in enumerate(parts) if p]


@settings(max_examples=150, deadline=None)
@given(
    data=st.lists(
        st.sampled_from([b"a", b"\t", b"\r", b"\n", b"\r\n", b"\xff", b"\xc3\xa9"]), max_size=60
    ).map(b"".join),
    chunk=st.integers(1, 9),
)
def test_python_lines_matches_reference_at_any_chunk_size(tmp_path_factory, data, chunk):
    path = tmp_path_factory.mktemp("lines") / "f.txt"
    path.write_bytes(data)
    old = rawfiles._CHUNK
    rawfiles._CHUNK = chunk
    try:
        got = []
        for numbers, texts, bad in rawfiles.python_lines(path):
            for n, t, b in zip(numbers.tolist(), texts, bad, strict=True):
                got.append((n, t, b))
    finally:
        rawfiles._CHUNK = old
    expected = _reference(data)
    assert [(n, t) for n, t, _ in got] == [
        (n, p.decode("utf-8", errors="replace")) for n, p in expected
    ]
    for (_, _, b), (_, p) in zip(got, expected, strict=True):
        try:
            p.decode("utf-8")
            assert not b
        except UnicodeDecodeError:
            assert b


def test_python_table_pads_and_keeps_extra_fields(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_bytes(b"a\tb\n\nc\t\td\te\tf\tg\n")
    table = rawfiles.python_table(path, 4, skip_header=False, file_label="t")
    rows = table.to_pylist()
    assert [r["line"] for r in rows] == [1, 3]
    assert [rows[0][f"c{i}"] for i in range(1, 5)] == ["a", "b", None, None]
    assert [rows[1][f"c{i}"] for i in range(1, 5)] == ["c", None, "d", "e"]
