"""Regenerate the shipped ideal-point fit ``src/dyadwatch/data/unga/idealpoints.parquet``.

Fits :func:`dyadwatch.measures.idealpoints.unga.unga_ideal_points` to the shipped 1946–2019
votes with the default settings (a few minutes on 2 cores) and writes it with its key, so
``dyadwatch report`` and ``dw.ideal_points()`` need no refit on the built-in data. Derived
from CC0 data (Voeten, Strezhnev & Bailey), so the fit is CC0 too.

Run from the repository root: ``python scripts/make_shipped_idealpoints.py``
"""

from __future__ import annotations

import time

from dyadwatch.measures.idealpoints.fits import fit_key, shipped_fit_path, write_fit
from dyadwatch.measures.idealpoints.unga import unga_ideal_points
from dyadwatch.sources.unga import read_unvotes, shipped_unga_dir


def main() -> None:
    data = read_unvotes(shipped_unga_dir())
    began = time.perf_counter()
    frame = unga_ideal_points(data)
    seconds = time.perf_counter() - began
    path = write_fit(frame, shipped_fit_path(), fit_key(data))
    print(f"{path}: {len(frame)} rows, {path.stat().st_size} bytes, fit {seconds:.0f} s,")
    print(f"diagnostics {frame.attrs}")


if __name__ == "__main__":
    main()
