"""Issue 16, point 3: a property-based fuzz of every reader (hypothesis).

Event readers (GDELT 1.0, GDELT 2.0, ICEWS, POLECAT, through the import): rows whose fields
are replaced by hostile values (signs, fractions, exponents, non-finite numbers, NUL and other
control characters, overlong digits, quotes, tabs) and files cut short or compressed. The
import must keep ``read = accepted + quarantined + duplicates`` with ``read`` the file's data
lines, store no row that breaks a rule, and raise nothing but :class:`DyadwatchError`.

GDELT 2.0 Mentions files (read for ``--min-confidence``) get the same hostile values; the
event count still holds, the dropped events counted as duplicates.

The other file readers (series, transitions, capabilities, landmarks, chronology, distance
tables, GDELT normfiles, YAML registers, and the UNGA vote folder) get random bytes and
random CSV text under the right header: they return a result or raise DyadwatchError.

Time is bounded: few examples per reader, a deadline per example, derandomised so CI sees the
same cases every run (the whole module takes about 20 s on the 2-core machine).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import math
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyadwatch.errors import DyadwatchError
from dyadwatch.ingest import ingest
from dyadwatch.ingest.policy import DedupPolicy
from dyadwatch.sources.synthetic import (
    POLECAT_HEADERS,
    gdelt1_rows,
    gdelt2_mentions_rows,
    gdelt2_rows,
    polecat_rows,
)
from dyadwatch.store import open_store

EVENTS = settings(
    max_examples=5,
    deadline=dt.timedelta(seconds=10),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FILES = settings(
    max_examples=40,
    deadline=dt.timedelta(seconds=2),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

HOSTILE = [
    "",
    "-5",
    "1.5",
    "1e5",
    "1e308",
    "-1e308",
    "inf",
    "-inf",
    "nan",
    "NaN",
    "0",
    "-0",
    "007",
    "abc",
    "U\x00A",
    "GOV\x07",
    "\x1b[31m",
    "\x7f",
    "é",
    "\ufeff",
    "9" * 25,
    '"',
    "a\tb",
    "  1  ",
    "20160231",
    "19000101",
    "99991231",
]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ICEWS_HEADER = [
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Publisher",
]


def _icews_rows(n: int) -> list[list[str]]:
    return [
        [
            str(1000 + i),
            f"2018-06-{i % 28 + 1:02d}",
            "Government (Russia)",
            "Government",
            "Russian Federation",
            "Make statement",
            "010",
            "0",
            "Government (United States)",
            "Government",
            "United States",
            str(5000 + i),
            "Agency",
        ]
        for i in range(n)
    ]


def _valid(source: str) -> tuple[list[str] | None, list[list[str]]]:
    day = dt.date(2016, 7, 28)
    if source == "gdelt1":
        return None, [[v or "" for v in r.values()] for r in gdelt1_rows(6, day).to_pylist()]
    if source == "gdelt2":
        return None, [[v or "" for v in r.values()] for r in gdelt2_rows(6, day).to_pylist()]
    if source == "polecat":
        return list(POLECAT_HEADERS["title"]), [list(r) for r in polecat_rows(6)]
    return ICEWS_HEADER, _icews_rows(6)


@st.composite
def _edits(draw, width: int):
    """Up to six (row, column, value) replacements with hostile values."""
    n = draw(st.integers(0, 6))
    return [
        (draw(st.integers(0, 5)), draw(st.integers(0, width - 1)), draw(st.sampled_from(HOSTILE)))
        for _ in range(n)
    ]


def _check_stored(store) -> None:
    for e in store.arrow(store.events()).to_pylist():
        assert e["weight"] is None or (math.isfinite(e["weight"]) and e["weight"] >= 0)
        tone = e.get("avg_tone")
        assert tone is None or -100 <= tone <= 100
        for name in ("event_id", "actor1", "actor2", "actor1_detail", "actor2_detail", "url"):
            assert not _CONTROL.search(e[name] or ""), (name, e[name])
        if e["source"].startswith("gdelt"):
            assert re.fullmatch(r"[1-9][0-9]*", e["event_id"])


def _run(
    source: str, data: bytes, name: str, expected: int | None, mentions: bytes | None = None
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        options = {}
        if mentions is not None:
            (Path(tmp) / "m.mentions.CSV").write_bytes(mentions)
            options = {
                "mentions": [Path(tmp) / "m.mentions.CSV"],
                "policy": DedupPolicy(min_confidence=50),
            }
        with open_store(Path(tmp) / "s.duckdb") as store:
            try:
                s = ingest(source, [path], store=store, **options)
            except DyadwatchError:
                return
            assert s.read == s.accepted + s.quarantined + s.duplicates
            assert s.quarantined == sum(s.quarantine_reasons.values())
            if expected is not None:
                assert s.read == expected
            _check_stored(store)


@pytest.mark.parametrize("source", ["gdelt1", "gdelt2", "icews", "polecat"])
@EVENTS
@given(data=st.data())
def test_event_reader_keeps_the_count_and_its_rules(source, data):
    header, rows = _valid(source)
    width = len(rows[0])
    for r, c, value in data.draw(_edits(width)):
        rows[r][c] = value
    lines = ["\t".join(r) for r in rows]
    text = "\n".join(([("\t".join(header))] if header else []) + lines)
    ending = data.draw(st.sampled_from(["\n", "\r\n", ""]))
    if ending == "\r\n":
        text = text.replace("\n", "\r\n")
    text += ending
    raw = text.encode("utf-8")
    expected = sum(1 for line in lines if line.strip())
    # a tab inside a value adds a column, it does not add a row; the cut last line stays a row
    packed = data.draw(st.booleans())
    name = "events.tsv.gz" if packed else "events.tsv"
    _run(source, gzip.compress(raw) if packed else raw, name, expected)


@pytest.mark.parametrize("source", ["gdelt1", "icews"])
@EVENTS
@given(cut=st.integers(1, 400), junk=st.binary(max_size=40))
def test_event_reader_survives_cut_and_spliced_bytes(source, cut, junk):
    header, rows = _valid(source)
    text = "\n".join(([("\t".join(header))] if header else []) + ["\t".join(r) for r in rows])
    raw = text.encode() + b"\n"
    pos = len(raw) - cut
    _run(source, raw[:pos] + junk + raw[pos:], "events.tsv", None)
    _run(source, gzip.compress(raw)[: max(1, len(raw) - cut)], "events.tsv.gz", None)


@EVENTS
@given(data=st.data())
def test_mentions_reader_keeps_the_count(data):
    """Hostile values in a GDELT 2.0 Mentions file: every event still counted once."""
    events = gdelt2_rows(6, dt.date(2016, 7, 28))
    mentions = [[v or "" for v in r.values()] for r in gdelt2_mentions_rows(events).to_pylist()]
    for r, c, value in data.draw(_edits(len(mentions[0]))):
        mentions[r % len(mentions)][c] = value
    lines = ["\t".join(v or "" for v in r.values()) for r in events.to_pylist()]
    body = ("\n".join("\t".join(m) for m in mentions) + "\n").encode()
    _run("gdelt2", ("\n".join(lines) + "\n").encode(), "e.export.CSV", len(lines), body)


def _read_unga(path: Path):
    """The UNGA reader on a folder whose votes file is ``path`` (the other two files valid)."""
    from dyadwatch.sources.unga import read_unvotes

    folder = path.parent / "unga"
    folder.mkdir(exist_ok=True)
    path.replace(folder / "un_votes.csv")
    (folder / "un_roll_calls.csv").write_text(
        "rcid,session,importantvote,date,unres,amend,para,short,descr\n"
        "3,1,0,1946-01-01,R/1/66,1,0,short,descr\n"
        "4,1,0,1946-01-02,R/1/79,0,0,short,descr\n",
        encoding="utf-8",
    )
    (folder / "un_roll_call_issues.csv").write_text(
        "rcid,short_name,issue\n3,me,Palestinian conflict\n", encoding="utf-8"
    )
    return read_unvotes(folder)


def _csv_readers():
    from dyadwatch.sources import yamlfile
    from dyadwatch.sources.capabilities import read_capabilities
    from dyadwatch.sources.chronology import read_chronology
    from dyadwatch.sources.distance_csv import read_distance_csv
    from dyadwatch.sources.landmarks import load_landmarks
    from dyadwatch.sources.normalise import read_normfile
    from dyadwatch.sources.series import read_series_csv
    from dyadwatch.sources.transitions import read_transitions_csv

    return {
        "series": ("period,value", read_series_csv),
        "transitions": ("date,label", read_transitions_csv),
        "capabilities": ("ccode,year,cinc", read_capabilities),
        "landmarks": ("date,label,kind", load_landmarks),
        "chronology": (
            "event_id,date,date_precision,actor1,actor2,actor1_detail,actor2_detail,cameo,"
            "description,citation,url,tags",
            lambda p: read_chronology([p]),
        ),
        "distance": ("year,distance", read_distance_csv),
        "normfile": ("date,count", read_normfile),
        "yaml": ("claims:", yamlfile.read),
        "unga": ("rcid,country,country_code,vote", _read_unga),
    }


READERS = list(_csv_readers())
CELL = st.sampled_from(HOSTILE + ["2018-06", "2018-06-01", "1.25", "365", "USA", "RUS", "040"])


@pytest.mark.parametrize("reader", READERS)
@FILES
@given(data=st.one_of(st.binary(max_size=300), st.just(b"")))
def test_csv_reader_on_random_bytes_raises_only_its_own_error(tmp_path, reader, data):
    _, read = _csv_readers()[reader]
    path = tmp_path / f"{reader}.csv"
    path.write_bytes(data)
    with contextlib.suppress(DyadwatchError):
        read(path)


@pytest.mark.parametrize("reader", READERS)
@FILES
@given(rows=st.lists(st.lists(CELL, min_size=1, max_size=14), max_size=6))
def test_csv_reader_on_hostile_rows_raises_only_its_own_error(tmp_path, reader, rows):
    header, read = _csv_readers()[reader]
    path = tmp_path / f"{reader}.csv"
    body = "\n".join(",".join(r) for r in rows)
    path.write_text(header + "\n" + body + "\n", encoding="utf-8")
    try:
        result = read(path)
    except DyadwatchError:
        return
    if reader == "chronology":
        assert (
            result.read
            == len(result.events) + result.rejects.drop_duplicates(["file", "line"]).shape[0]
        )
        assert result.read <= len(rows)
