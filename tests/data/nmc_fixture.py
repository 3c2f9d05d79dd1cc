"""The NMC test fixture: the first rows of each country in ../shared/data's COW NMC extract.

Regenerate with ``python tests/data/nmc_fixture.py`` (from the repository root);
``tests/sources/test_capabilities_download.py`` checks the committed file still matches.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

FIXTURE = Path(__file__).with_name("cow_nmc_head.csv")
ROWS_PER_COUNTRY = 12


def fixture_text(shared_csv: Path) -> str:
    """Header plus the first :data:`ROWS_PER_COUNTRY` rows of each ``ccode``, as in the file."""
    lines = shared_csv.read_text(encoding="utf-8").splitlines()
    frame = pd.read_csv(shared_csv)
    keep = frame.groupby("ccode", sort=False).head(ROWS_PER_COUNTRY).index
    return "\n".join([lines[0]] + [lines[i + 1] for i in keep]) + "\n"


if __name__ == "__main__":
    src = Path(
        sys.argv[1] if len(sys.argv) > 1 else "../shared/data/capabilities/cow_nmc_US_RUS.csv"
    )
    FIXTURE.write_text(fixture_text(src), encoding="utf-8")
    print(f"wrote {FIXTURE} ({FIXTURE.stat().st_size} bytes)")
