"""Shared fixtures: the real data in ../shared/data, temporary stores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def _shared_data_path() -> Path:
    override = os.environ.get("DYADWATCH_SHARED_DATA")
    return Path(override) if override else SHARED_DATA


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path to ../shared/data; skips when absent, fails when REQUIRE_SHARED_DATA=1."""
    path = _shared_data_path()
    if not path.is_dir():
        if os.environ.get("REQUIRE_SHARED_DATA") == "1":
            pytest.fail(f"REQUIRE_SHARED_DATA=1 but {path} does not exist")
        pytest.skip(f"shared research data not found at {path}")
    return path


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    """A path for a throwaway DuckDB store."""
    return tmp_path / "store.duckdb"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep every test away from the user's real store."""
    monkeypatch.setenv("DYADWATCH_DB", str(tmp_path_factory.getbasetemp() / "default.duckdb"))
