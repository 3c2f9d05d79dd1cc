"""Keeping the raw event data current: what each source announces, a ledger of every announced
file and what became of it, the plan of an update, and its checked, resumable downloads.

The import and the re-estimation that follow a download live above this layer
(:mod:`dyadwatch.watch`), so this package only reads lists, writes files and keeps the ledger.
"""

from __future__ import annotations

from dyadwatch.sources.update.fetch import failure_state, fetch_plan
from dyadwatch.sources.update.ledger import FINAL, GAPS, STATES, Ledger, update_dir
from dyadwatch.sources.update.masterlists import (
    UPDATE_SOURCES,
    Announced,
    announced_files,
    gdelt2_newest,
    parse_gdelt1_index,
    parse_gdelt2_list,
)
from dyadwatch.sources.update.plan import DEFAULT_DAYS, Plan, make_plan, window_start

__all__ = [
    "UPDATE_SOURCES",
    "STATES",
    "FINAL",
    "GAPS",
    "DEFAULT_DAYS",
    "Announced",
    "Ledger",
    "Plan",
    "announced_files",
    "gdelt2_newest",
    "parse_gdelt1_index",
    "parse_gdelt2_list",
    "make_plan",
    "window_start",
    "fetch_plan",
    "failure_state",
    "update_dir",
]
