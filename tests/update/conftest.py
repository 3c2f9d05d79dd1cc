"""Puts the loopback GDELT server helpers (tests/update/loopback.py) on the import path."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "update"))
