"""Shared reader blocks: the CAMEO lookup read without pandas, flag lists."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from dyadwatch.cameo import cameo_table
from dyadwatch.sources.canonical import _cameo_arrow, _cameo_names, flags_list


@pytest.mark.parametrize("scale", ["gdelt", "icews"])
def test_cameo_lookup_matches_the_cameo_module(scale):
    table = cameo_table()
    table = table[table[f"goldstein_{scale}"].notna()]
    got = _cameo_arrow(scale).to_pandas()
    assert got["cameo_code"].tolist() == table.index.astype(str).tolist()
    assert got["cameo_goldstein"].tolist() == table[f"goldstein_{scale}"].astype(float).tolist()
    assert got["cameo_quad"].tolist() == table["quad_class"].astype(int).tolist()
    assert got["cameo_name_key"].tolist() == table["name"].str.strip().str.lower().tolist()
    assert "016" in set(got["cameo_code"])  # leading zeros kept
    assert ("1213" in set(got["cameo_code"])) == (scale == "icews")  # ICEWS-only code


def test_cameo_names_are_the_unique_codebook_names():
    table = cameo_table()
    table = table[(table.index.str.len() >= 3) & table["goldstein_icews"].notna()]
    keys = table["name"].str.strip().str.lower()
    counts = keys.value_counts()
    unique = keys[keys.map(counts) == 1]
    got = _cameo_names().to_pandas()
    expected = pd.DataFrame({"text_key": unique.tolist(), "text_code": unique.index.tolist()})
    pd.testing.assert_frame_equal(got, expected)


def test_flags_keep_order_and_are_empty_when_none_holds():
    t = ibis.memtable({"a": [True, False, None, True], "b": [True, False, True, False]})
    out = t.select(f=flags_list([(t.a, "first"), (t.b, "second")])).to_pyarrow()
    assert out["f"].to_pylist() == [["first", "second"], [], ["second"], ["first"]]


def test_flag_expression_grows_linearly_with_the_number_of_flags():
    """Nested concatenation doubled the compiled SQL with each flag (and cost parse time)."""
    t = ibis.table({f"c{i}": "boolean" for i in range(8)}, name="t")

    def size(n: int) -> int:
        expr = flags_list([(t[f"c{i}"], f"flag{i}") for i in range(n)])
        return len(ibis.to_sql(t.select(f=expr), dialect="duckdb"))

    assert size(8) < 3 * size(4)
