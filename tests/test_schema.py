"""Validation of the canonical event table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa

from dyadwatch.schema import EVENT_COLUMNS, EVENT_SCHEMA, conform, empty_events, validate_events


def _event(**over):
    row = {
        "event_id": "e1",
        "source": "chronology",
        "date": dt.date(2008, 8, 8),
        "actor1": "RUS",
        "actor2": "GEO",
        "cameo": "190",
        "goldstein": -10.0,
        "quad_class": 4,
        "tags": ["war"],
    }
    row.update(over)
    return row


def test_valid_frame_has_no_problems():
    frame = pd.DataFrame(
        [_event(), _event(event_id="e2", actor1="NATO", actor2="SRB", cameo="195", goldstein=-10.0)]
    )
    assert validate_events(frame).empty


def test_every_violation_is_reported_with_its_row():
    frame = pd.DataFrame(
        [
            _event(),
            _event(event_id="e1"),  # duplicate id
            _event(event_id="e3", actor1="XXX"),  # unknown actor
            _event(event_id="e4", cameo="999"),  # unknown code
            _event(event_id="e5", goldstein=3.0),  # hand-typed score that disagrees
            _event(event_id="e6", date=dt.date(1900, 1, 1)),  # out of range
            _event(event_id="e7", quad_class=1),  # wrong quad class
            _event(event_id="e8", tags=["war", "gossip"]),  # unknown tag
            _event(event_id="e9", source="twitter"),
            _event(event_id="", actor2=""),
        ]
    )
    problems = validate_events(frame)
    got = {(p.row, p.column) for p in problems.itertuples()}
    assert got == {
        (1, "event_id"),
        (2, "actor1"),
        (3, "cameo"),
        (4, "goldstein"),
        (5, "date"),
        (6, "quad_class"),
        (7, "tags"),
        (8, "source"),
        (9, "event_id"),
        (9, "actor2"),
    }
    assert problems.loc[problems["row"] == 3, "reason"].item() == "unknown CAMEO code"


def test_lenient_actors_keep_unknown_codes():
    frame = pd.DataFrame([_event(actor1="XYZ")])
    assert not validate_events(frame).empty
    assert validate_events(frame, strict_actors=False).empty


def test_missing_columns_reported():
    problems = validate_events(pd.DataFrame({"event_id": ["x"]}))
    assert set(problems["column"]) >= {"source", "date", "cameo"}
    assert (problems["reason"] == "missing column").all()


def test_conform_fills_optional_columns_and_types():
    table = conform(pd.DataFrame([_event()]))
    assert isinstance(table, pa.Table)
    assert table.schema == EVENT_SCHEMA
    assert table.column("weight").to_pylist() == [1.0]
    assert table.column("flags").to_pylist() == [[]]
    assert tuple(empty_events().columns) == EVENT_COLUMNS
