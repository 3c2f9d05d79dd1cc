"""The shipped CAMEO table against the published GDELT and ICEWS lookups."""

from __future__ import annotations

import csv

import pytest

from dyadwatch.cameo import cameo_name, cameo_table, goldstein, quad_class, quad_for_root
from dyadwatch.errors import DyadwatchError


def _gdelt_lookup(shared_data):
    rows = {}
    with open(shared_data / "cameo" / "gdelt_cameo_goldstein.txt", encoding="utf-8") as f:
        for line in f:
            code, score = line.rstrip("\n").split("\t")
            if code != "CAMEOEVENTCODE":
                rows[code] = float(score)
    return rows


def test_every_gdelt_code_and_score_matches(shared_data):
    published = _gdelt_lookup(shared_data)
    table = cameo_table()
    assert len(published) == 311
    for code, score in published.items():
        assert code in table.index, code
        assert goldstein(code, "gdelt") == pytest.approx(score), code
    shipped = set(table.index[table["goldstein_gdelt"].notna()])
    assert shipped == set(published)


def test_every_icews_code_and_score_matches(shared_data):
    with open(shared_data / "cameo" / "icews_cameo_codes.csv", encoding="latin-1") as f:
        published = {r["code"]: (r["name"], float(r["goldstein"])) for r in csv.DictReader(f)}
    for code, (name, score) in published.items():
        assert goldstein(code, "icews") == pytest.approx(score), code
        assert cameo_name(code) == name.strip()


def test_documented_differences_between_scales():
    differing = {
        c
        for c in cameo_table().index
        if cameo_table().at[c, "goldstein_gdelt"] == cameo_table().at[c, "goldstein_gdelt"]
        and cameo_table().at[c, "goldstein_icews"] == cameo_table().at[c, "goldstein_icews"]
        and cameo_table().at[c, "goldstein_gdelt"] != cameo_table().at[c, "goldstein_icews"]
    }
    assert differing == {"016", "022", "164", "165"}
    with pytest.raises(DyadwatchError, match="no Goldstein score on the gdelt scale"):
        goldstein("1213", "gdelt")
    assert goldstein("1213", "icews") == -4.0


@pytest.mark.parametrize(
    ("root", "quad"), [(1, 1), (5, 1), (6, 2), (9, 2), (10, 3), (14, 3), (15, 4), (20, 4)]
)
def test_quad_class_mapping_follows_gdelt(root, quad):
    assert quad_for_root(root) == quad
    assert quad_class(f"{root:02d}") == quad


def test_quad_classes_agree_with_real_gdelt_rows(shared_data):
    """Every real GDELT row's QuadClass equals the table's quad class for its code."""
    with open(shared_data / "gdelt_samples" / "gdelt1_events_sample.tsv", encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    checked = 0
    for r in rows:
        code, quad = r[26], int(r[29])
        assert quad_class(code) == quad, (code, quad)
        checked += 1
    assert checked == 710


def test_unknown_code_is_a_clear_error():
    with pytest.raises(DyadwatchError, match="unknown CAMEO code '999'"):
        goldstein("999")
    with pytest.raises(ValueError):
        quad_for_root(21)
