"""What an update must do for one source: the files to fetch, to import, and the empty ones.

The window of a source starts at ``--since`` the first time (or a few days back, see
:data:`DEFAULT_DAYS`) and only ever widens; every announced file inside it that is not final in
the ledger (imported or empty) is planned again, so gaps are retried on every update and a
second update right after the first plans nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from dyadwatch.sources.update.ledger import FINAL, Ledger
from dyadwatch.sources.update.masterlists import Announced

__all__ = ["DEFAULT_DAYS", "Plan", "make_plan", "window_start"]

#: Days back a source is followed from its first update without ``--since``
#: (GDELT 2.0: 96 files a day; GDELT 1.0: one a day; POLECAT: weekly files).
DEFAULT_DAYS = {"gdelt2": 3, "gdelt1": 7, "polecat": 28}


@dataclass
class Plan:
    """One source's update plan."""

    source: str
    window_start: dt.datetime
    announced: int = 0
    in_window: int = 0
    done: int = 0
    fetch: list[Announced] = field(default_factory=list)
    import_only: list[Announced] = field(default_factory=list)
    empty: list[Announced] = field(default_factory=list)
    late: list[str] = field(default_factory=list)

    @property
    def nothing_to_do(self) -> bool:
        return not (self.fetch or self.import_only or self.empty)


def window_start(source: str, ledger: Ledger, since: dt.date | None, today: dt.date) -> dt.datetime:
    """The first moment followed: the earliest of the ledger's window and ``since``."""
    candidates = []
    if ledger.window(source) is not None:
        candidates.append(ledger.window(source))
    if since is not None:
        candidates.append(dt.datetime.combine(since, dt.time()))
    if not candidates:
        first = today - dt.timedelta(days=DEFAULT_DAYS.get(source, 7))
        candidates.append(dt.datetime.combine(first, dt.time()))
    return min(candidates)


def make_plan(
    source: str,
    announced: list[Announced],
    ledger: Ledger,
    dest: Path,
    *,
    since: dt.date | None = None,
    today: dt.date | None = None,
) -> Plan:
    """Compare the announced files with the ledger (see the module docstring).

    Args:
        dest: the folder holding this source's downloads (a file the ledger calls downloaded
            but that is gone is fetched again).
    """
    start = window_start(source, ledger, since, today or dt.date.today())
    plan = Plan(source, start, announced=len(announced))
    newest = ledger.newest_stamp(source)
    for a in announced:
        if a.stamp is not None and a.stamp < start:
            continue
        plan.in_window += 1
        state = ledger.state(source, a.name)
        if state in FINAL:
            plan.done += 1
            continue
        late = state == "missing" or (
            state is None and newest is not None and a.stamp is not None and a.stamp < newest
        )
        if late:
            plan.late.append(a.name)
        if a.size == 0:
            plan.empty.append(a)
        elif state == "downloaded" and (dest / a.name).exists():
            plan.import_only.append(a)
        else:
            plan.fetch.append(a)
    return plan
