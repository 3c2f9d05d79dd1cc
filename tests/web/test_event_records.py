"""The dashboard's event records are built from the Arrow table (web/service.py ``_records``)
and checked against the Event schema on the columns, once per commit."""

from __future__ import annotations

import pyarrow as pa
import pytest

from dyadwatch.dyads import parse_dyad
from dyadwatch.queries import dyad_events
from dyadwatch.sources.chronology import ensure_chronology
from dyadwatch.store import open_store
from dyadwatch.web.schemas import Event
from dyadwatch.web.service import Service, _records


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    db = tmp_path_factory.mktemp("records") / "s.duckdb"
    with open_store(db) as store:
        ensure_chronology(store)
    service = Service(db)
    return service.study("USA-RUS").all_events_arrow, service


def test_every_record_is_a_valid_event_matching_the_frame(table):
    arrow, service = table
    records = _records(arrow)
    frame = dyad_events(service.store, parse_dyad("USA-RUS"))
    assert len(records) == len(frame) > 500
    for record, (_, row) in zip(records, frame.iterrows(), strict=True):
        Event.model_validate(record)
        assert record["event_id"] == str(row["event_id"])
        assert record["date"] == row["date"].strftime("%Y-%m-%d")
        assert record["tags"] == list(row["tags"] if row["tags"] is not None else [])
        assert isinstance(record["cameo_name"], str)
    assert any(r["cameo_name"] for r in records)


@pytest.mark.parametrize("column", ["actor1", "cameo", "goldstein"])
def test_a_required_column_with_nulls_is_refused(table, column):
    arrow, _ = table
    i = arrow.column_names.index(column)
    bad = arrow.set_column(i, column, pa.nulls(arrow.num_rows, arrow.schema.field(column).type))
    with pytest.raises(ValueError, match=f"have no {column}"):
        _records(bad)


def test_a_column_of_the_wrong_type_is_refused(table):
    arrow, _ = table
    i = arrow.column_names.index("quad_class")
    bad = arrow.set_column(i, "quad_class", pa.array(["x"] * arrow.num_rows))
    with pytest.raises(ValueError, match="quad_class"):
        _records(bad)


def test_tags_holding_a_null_are_refused(table):
    arrow, _ = table
    i = arrow.column_names.index("tags")
    tags = pa.array([["a", None]] + [[]] * (arrow.num_rows - 1), pa.list_(pa.string()))
    with pytest.raises(ValueError, match="tags"):
        _records(arrow.set_column(i, "tags", tags))
