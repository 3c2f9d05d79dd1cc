"""The layers point one way: the import-linter contracts of pyproject.toml hold, and the command
line starts without the heavy libraries (they load inside the command that needs them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

HEAVY = ("pandas", "numpy", "scipy", "plotly", "statsmodels", "ibis", "duckdb", "sklearn")


def test_the_import_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.fail("lint-imports is missing: pip install -e '.[dev]' installs import-linter")
    proc = subprocess.run(
        [str(lint), "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def test_the_command_line_starts_light():
    code = (
        "import json, sys; import dyadwatch.cli; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_importing_the_importer_loads_no_ibis_or_pandas():
    """``import dyadwatch.ingest`` is light: ibis loads inside an import, after the file scan."""
    code = (
        "import json, sys; import dyadwatch.ingest; "
        "print(json.dumps([m for m in ('ibis', 'pandas', 'duckdb') if m in sys.modules]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []
