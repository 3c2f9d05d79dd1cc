"""The public API package: every module a concept, every name exported and documented, the
package light to import, and the old names where they were (issue 12)."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import subprocess
import sys

import pytest

import dyadwatch
import dyadwatch.api

MODULES = sorted(f"dyadwatch.api.{m.name}" for m in pkgutil.iter_modules(dyadwatch.api.__path__))
OLD_NAMES = [
    "events",
    "leaders_table",
    "store_with_chronology",
    "relations_index",
    "stages",
    "stage_now",
    "presidents",
    "backtest",
    "structure",
    "ideal_points",
]


def test_the_concepts_are_there():
    names = {m.rsplit(".", 1)[1] for m in MODULES}
    expected = {"data", "update", "capabilities", "unga", "risk", "threats", "trust"}
    assert expected | {"neighbours", "dyad"} <= names


@pytest.mark.parametrize("module", MODULES)
def test_every_name_is_exported_and_documented(module):
    mod = importlib.import_module(module)
    assert (mod.__doc__ or "").strip(), f"{module} has no docstring"
    assert mod.__all__, module
    for name in mod.__all__:
        obj = getattr(mod, name)  # AttributeError: __all__ names a missing function
        if callable(obj):
            own = obj.__dict__.get("__doc__") if inspect.isclass(obj) else obj.__doc__
            assert (own or "").strip(), f"{module}.{name} has no docstring"
            if inspect.isfunction(obj) and obj.__module__ == module:
                hints = inspect.signature(obj)
                assert hints.return_annotation is not inspect.Signature.empty, (
                    f"{module}.{name} has no return type"
                )
        else:  # a constant: the module's docstring says what it is
            assert f"``{name}``" in mod.__doc__, f"{module}.{name} is not described"


def test_old_names_keep_working():
    for name in OLD_NAMES:
        assert name in dyadwatch.api.__all__
        assert getattr(dyadwatch.api, name) is getattr(dyadwatch, name), name
    from dyadwatch.api import ideal_points, stages  # noqa: F401


def test_importing_the_api_is_light():
    code = (
        "import json, sys; import dyadwatch.api; "
        "print(json.dumps([m for m in ('pandas', 'numpy', 'duckdb', 'ibis') if m in sys.modules]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_the_neighbours_panel_is_the_core_panel():
    from dyadwatch.api.neighbours import panel
    from dyadwatch.models.neighbours import alignment_panel

    assert panel("military").equals(alignment_panel("military"))
    assert not panel("military").equals(panel("default"))


def test_ideal_points_from_votes_read_once_equal_the_default():
    from dyadwatch.api.unga import fit_status, ideal_points, read_votes

    votes = read_votes()
    assert fit_status(votes) == "shipped"
    assert ideal_points(2019, votes=votes).equals(ideal_points(2019))


def test_normfile_and_totals_go_through_one_store(tmp_path):
    from dyadwatch.api.data import add_normfile, source_totals

    daily = tmp_path / "daily.csv"
    daily.write_text("19790101,100\n19790102,50\n19790201,7\n")
    db = tmp_path / "store.duckdb"
    target, rows = add_normfile(daily, source="gdelt1", db=db)
    assert rows == 3 and target.exists()
    assert source_totals("gdelt1", freq="month", db=db)["total"].tolist() == [150, 7]


def test_discernment_of_an_empty_file_is_one_clear_error(tmp_path):
    from dyadwatch.api.threats import discernment
    from dyadwatch.errors import DyadwatchError

    empty = tmp_path / "calls.csv"
    empty.write_text("")
    with pytest.raises(DyadwatchError, match="claim_id,classification"):
        discernment(empty)
