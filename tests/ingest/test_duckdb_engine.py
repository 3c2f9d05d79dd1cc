"""The DuckDB import's own bookkeeping: file numbers, counts from the COPY, no pandas."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
import textwrap
import zipfile

import pyarrow as pa

from dyadwatch.ingest import ingest
from dyadwatch.sources.synthetic import gdelt1_rows, write_gdelt1_daily_files, write_tsv
from dyadwatch.store import open_store


def _lines(rows: list[dict]) -> str:
    return "\n".join("\t".join(v or "" for v in r.values()) for r in rows) + "\n"


def test_quarantine_names_the_original_zip_of_a_numbered_file(tmp_path):
    files = write_gdelt1_daily_files(tmp_path / "g", 300, days=3, seed=41, zipped=True)
    rows = gdelt1_rows(4, dt.date(2016, 1, 2), seed=42, first_id=10**8).to_pylist()
    rows[2]["EventCode"] = "999"
    bad = tmp_path / "g" / "20160102.extra.CSV"
    bad.write_text(_lines(rows), encoding="utf-8")
    with zipfile.ZipFile(bad.with_suffix(".CSV.zip"), "w") as zf:
        zf.write(bad, arcname=bad.name)
    bad.unlink()
    zipped_bad = bad.with_suffix(".CSV.zip")
    with open_store(tmp_path / "s.duckdb") as store:
        s = ingest("gdelt1", [*files, zipped_bad], store=store)
    assert (s.read, s.accepted, s.quarantined) == (304, 303, 1)
    with open(s.quarantine_file, newline="", encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert row["file"] == str(zipped_bad) and row["line"] == "3"
    assert row["row"].split("\t")[0] == rows[2]["GLOBALEVENTID"]


def test_a_repeated_event_keeps_the_row_of_the_first_file_in_path_order(tmp_path):
    table = gdelt1_rows(5, dt.date(2016, 1, 1), seed=43)
    changed = table.to_pylist()
    for r in changed:
        r["Actor1Code"] = "ZZZGOV"
    a = write_tsv(table, tmp_path / "a.CSV")
    b = write_tsv(pa.Table.from_pylist(changed), tmp_path / "b.CSV")
    with open_store(":memory:") as store:
        s = ingest("gdelt1", [b, a], store=store)  # given in reverse order
        assert (s.read, s.accepted, s.duplicates_by_rule["event_id"]) == (10, 5, 5)
        t = store.events()
        kept = store.arrow(t.select("actor1_detail"))["actor1_detail"].to_pylist()
    assert "ZZZGOV" not in kept  # a.CSV sorts first, as on Spark (ordered by path)


def test_counts_come_from_the_copy_and_match_the_store(tmp_path):
    files = write_gdelt1_daily_files(tmp_path / "g", 2000, days=4, seed=44)
    with open_store(tmp_path / "s.duckdb") as store:
        s = ingest("gdelt1", files, store=store)
        assert s.accepted == store.count("gdelt1") == 2000
        per_year = store.raw.execute(
            "SELECT year(date), count(*) FROM _parquet_events GROUP BY 1 ORDER BY 1"
        ).fetchall()
    assert sorted(s.years) == [y for y, _ in per_year] and sum(n for _, n in per_year) == 2000


def test_importing_and_querying_do_not_load_pandas(tmp_path):
    """pandas costs about 0.4 s to import; the import path and ``Store.arrow`` avoid it."""
    files = write_gdelt1_daily_files(tmp_path / "g", 200, days=2, seed=45)
    code = textwrap.dedent(
        f"""
        import sys
        import dyadwatch.ingest, dyadwatch.store
        assert "pandas" not in sys.modules, "imported by the modules"
        from dyadwatch.ingest import dyad_monthly, ingest
        from dyadwatch.store import open_store
        with open_store({str(tmp_path / "p.duckdb")!r}) as store:
            s = ingest("gdelt1", {[str(f) for f in files]!r}, store=store)
            assert s.accepted == 200
            store.arrow(dyad_monthly(store.events(), "USA", "RUS"))
        assert "pandas" not in sys.modules, "imported by the import or the query"
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_header_groups_with_interleaved_file_numbers(tmp_path):
    """ICEWS files with two header layouts: each layout's files are read together, while the
    file numbers (path order) interleave between the groups."""
    header = (
        "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\t"
        "CAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country"
    )

    def rows(first: int, source: str = "Gov") -> list[str]:
        return [
            f"{first + i}\t2018-06-0{i + 1}\t{source}\tGovernment\tRussian Federation\tConsult\t"
            "040\t1\tGov\tGovernment\tUnited States"
            for i in range(5)
        ]

    bad = rows(300)
    bad[2] = bad[2].replace("\t040\t", "\t999\t")
    (tmp_path / "a.tab").write_text(header + "\n" + "\n".join(rows(100)) + "\n")
    (tmp_path / "c.tab").write_text(header + "\n" + "\n".join(bad) + "\n")
    other = [r + "\tx" for r in rows(100, source="Other")]  # same events as a.tab
    (tmp_path / "b.tab").write_text(header + "\tExtra\n" + "\n".join(other) + "\n")
    paths = [tmp_path / n for n in ("c.tab", "b.tab", "a.tab")]
    with open_store(tmp_path / "s.duckdb") as store:
        s = ingest("icews", paths, store=store)
        t = store.events()
        details = set(store.arrow(t.select("actor1_detail"))["actor1_detail"].to_pylist())
    assert (s.read, s.accepted, s.quarantined, s.duplicates) == (15, 9, 1, 5)
    assert details == {"Gov"}  # a.tab comes before b.tab in path order
    with open(s.quarantine_file, newline="", encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    assert (row["file"], row["line"]) == (str(tmp_path / "c.tab"), "4")
