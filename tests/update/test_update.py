"""``update`` against a loopback GDELT 2.0 server: new files, gaps with reasons, idempotence,
``--since``, and event counts in the store (no network)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from loopback import Server, md5, month_file, months

from dyadwatch.cli import main
from dyadwatch.sources.update import Ledger, parse_gdelt1_index, parse_gdelt2_list
from dyadwatch.store import open_store
from dyadwatch.watch import run_update

N = 40  # events a file


@pytest.fixture
def server():
    with Server() as s:
        yield s


def _stamp(month: dt.date) -> str:
    return month.strftime("%Y%m%d") + "000000.export.CSV.zip"


def _good(server, first: dt.date, n: int, first_id: int = 1) -> list[str]:
    names = []
    for i, m in enumerate(months(first, n)):
        name = _stamp(m)
        server.announce(name, month_file(m, N, first_id + i * N))
        names.append(name)
    return names


def _faulty(server, first_id: int = 10_000) -> dict[str, str]:
    """Missing, corrupt (bad MD5), truncated and empty files in 2016-07..10."""
    m = months(dt.date(2016, 7, 1), 4)
    data = [month_file(x, N, first_id + i * N) for i, x in enumerate(m)]
    server.announce(_stamp(m[0]), data[0], serve=False)  # listed, 404
    bad = bytearray(data[1])
    bad[len(bad) // 2] ^= 0xFF
    server.announce(_stamp(m[1]), data[1], serve=bytes(bad))  # same size, wrong bytes
    server.announce(_stamp(m[2]), data[2], serve=data[2][: len(data[2]) // 2])  # truncated
    server.announce(_stamp(m[3]), b"")  # size 0 in the list
    return {
        _stamp(m[0]): "missing",
        _stamp(m[1]): "bad_checksum",
        _stamp(m[2]): "truncated",
        _stamp(m[3]): "empty",
    }


def _update(server, tmp_path, **kw):
    kw.setdefault("since", dt.date(2016, 1, 1))
    return run_update(
        ["gdelt2"],
        db=tmp_path / "store.duckdb",
        dest=tmp_path / "raw",
        ledger=tmp_path / "ledger.jsonl",
        base_url=server.url,
        retries=1,
        backoff=0.01,
        progress=False,
        **kw,
    )


def _count(tmp_path) -> tuple[int, int]:
    with open_store(tmp_path / "store.duckdb") as store:
        t = store.imported_events("gdelt2")
        if t is None:
            return 0, 0
        ids = store.arrow(t.select("event_id"))["event_id"].to_pylist()
    return len(ids), len(set(ids))


def test_parsers_read_the_published_layouts():
    text = (
        "150383 297a16b493de7cf6ca809a7cc31d0b93 "
        "http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip\n"
        "318084 bb27f78ba45f69a17ea6ed7755e9f8ff "
        "http://data.gdeltproject.org/gdeltv2/20150218230000.mentions.CSV.zip\n\n"
    )
    (a,) = parse_gdelt2_list(text, "http://mirror")
    assert (a.size, a.stamp) == (150383, dt.datetime(2015, 2, 18, 23))
    assert a.url == "http://mirror/gdeltv2/20150218230000.export.CSV.zip"
    g1 = parse_gdelt1_index(
        "ab  20160101.export.CSV.zip\ncd  2005.zip\n", "12 20160101.export.CSV.zip\n", "http://m"
    )
    assert [(f.name, f.size, f.md5) for f in g1] == [("20160101.export.CSV.zip", 12, "ab")]


def test_update_reports_gaps_and_is_idempotent(server, tmp_path):
    good = _good(server, dt.date(2016, 1, 1), 6)
    faults = _faulty(server)
    first = _update(server, tmp_path)
    (s,) = first.sources
    assert (s.in_window, s.downloaded, s.imported) == (10, 6, 6)
    assert s.events_added == 6 * N
    gaps = {g["name"]: g["state"] for g in s.gaps}
    assert gaps == {k: v for k, v in faults.items() if v != "empty"}
    reasons = {g["name"]: g["reason"] for g in s.gaps}
    assert all(reasons.values())  # every gap says why
    assert "404" in reasons[next(k for k, v in faults.items() if v == "missing")]
    ledger = Ledger(tmp_path / "ledger.jsonl")
    assert ledger.state("gdelt2", next(k for k, v in faults.items() if v == "empty")) == "empty"
    assert all(ledger.state("gdelt2", n) == "imported" for n in good)
    assert "gaps 1 bad_checksum, 1 missing, 1 truncated" in first.line()
    assert _count(tmp_path) == (6 * N, 6 * N)

    server.requests.clear()
    second = _update(server, tmp_path)
    (s2,) = second.sources
    assert (s2.downloaded, s2.imported, s2.events_added) == (0, 0, 0)
    fetched = {p for p, _ in server.requests if p.endswith(".zip")}
    assert fetched <= {f"/gdeltv2/{n}" for n in faults}  # only the gaps are asked for again
    assert _count(tmp_path) == (6 * N, 6 * N)


def test_late_file_and_repaired_gap_are_picked_up(server, tmp_path):
    _good(server, dt.date(2016, 1, 1), 3)
    late = month_file(dt.date(2015, 12, 1), N, 5000)
    missing_month = dt.date(2016, 4, 1)
    data = month_file(missing_month, N, 6000)
    server.announce(_stamp(missing_month), data, serve=False)
    _update(server, tmp_path, since=dt.date(2015, 12, 1))
    # the missing file appears, and an older one is announced late
    server.files[f"/gdeltv2/{_stamp(missing_month)}"] = data
    server.announce(_stamp(dt.date(2015, 12, 1)), late)
    (s,) = _update(server, tmp_path).sources
    assert s.imported == 2 and s.gaps == []
    assert sorted(s.late) == sorted([_stamp(missing_month), _stamp(dt.date(2015, 12, 1))])
    assert _count(tmp_path) == (5 * N, 5 * N)


def test_since_bounds_the_first_backfill(server, tmp_path):
    _good(server, dt.date(2016, 1, 1), 6)
    (s,) = _update(server, tmp_path, since=dt.date(2016, 4, 1)).sources
    assert s.imported == 3
    (s,) = _update(server, tmp_path, since=dt.date(2016, 2, 1)).sources  # widens the window
    assert s.imported == 2
    assert _count(tmp_path) == (5 * N, 5 * N)
    server.requests.clear()  # no gap open, newest imported: only lastupdate.txt is read
    (s,) = _update(server, tmp_path, since=None).sources
    assert [p for p, _ in server.requests] == ["/gdeltv2/lastupdate.txt"]
    assert s.new == 0 and s.note


def test_cli_formats_and_summary(server, tmp_path, monkeypatch, capsys):
    _good(server, dt.date(2016, 1, 1), 2)
    monkeypatch.setenv("DYADWATCH_UPDATE_DIR", str(tmp_path / "upd"))
    args = ["update", "--source", "gdelt2", "--since", "2016-01-01", "--base-url", server.url]
    args += ["--db", str(tmp_path / "s.duckdb")]
    assert main(args + ["--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["sources"][0]["imported"] == 2
    assert main(args + ["--format", "csv", "--out", str(tmp_path / "u.csv")]) == 0
    text = (tmp_path / "u.csv").read_text()
    assert text.splitlines()[0].startswith("source,") and ",0," in text.splitlines()[1]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "update gdelt2: 0 new of 2 announced" in out
    assert main(["update", "--source", "nope"]) == 2
    assert "unknown source" in capsys.readouterr().err


def test_gdelt1_daily_files_with_sizes(server, tmp_path):
    """GDELT 1.0: the daily index (md5sums + filesizes); fewer bytes than listed: truncated."""
    from dyadwatch.sources.synthetic import write_gdelt1_daily_files

    files = write_gdelt1_daily_files(tmp_path / "src", 300, days=3, seed=5, zipped=True)
    sums, sizes = [], []
    for i, f in enumerate(files):
        data = f.read_bytes()
        server.files[f"/events/{f.name}"] = data
        sums.append(f"{md5(data)}  {f.name}")
        sizes.append(f"{len(data) + (7 if i == 2 else 0)} {f.name}")  # the third: wrong size
    server.files["/events/md5sums"] = "\n".join(sums).encode()
    server.files["/events/filesizes"] = "\n".join(sizes).encode()
    day = min(int(f.name[:8]) for f in files)
    since = dt.datetime.strptime(str(day), "%Y%m%d").date()
    result = run_update(
        ["gdelt1"],
        db=tmp_path / "g1.duckdb",
        dest=tmp_path / "raw",
        ledger=tmp_path / "l.jsonl",
        base_url=server.url,
        since=since,
        retries=0,
        progress=False,
    )
    (s,) = result.sources
    assert s.imported == 2 and [g["state"] for g in s.gaps] == ["truncated"]
    assert s.events_added + s.duplicates + s.quarantined == s.events_read


def test_polecat_weekly_files_from_dataverse(server, tmp_path, monkeypatch):
    """POLECAT: the weekly files of its Dataverse dataset, with Dataverse's MD5s."""
    from dyadwatch.sources.synthetic import polecat_rows, write_polecat_file

    entries = []
    for i, week in enumerate(["2023-01-06", "2023-01-13"]):
        path = write_polecat_file(
            tmp_path / f"ngec_coded_all_{week}.txt", polecat_rows(30, seed=i), header="title"
        )
        data = path.read_bytes()
        server.files[f"/api/access/datafile/{i + 1}"] = data
        entries.append(
            {
                "label": path.name,
                "dataFile": {
                    "id": i + 1,
                    "filename": path.name,
                    "md5": md5(data),
                    "filesize": len(data),
                },
            }
        )
    payload = {"data": {"latestVersion": {"files": entries}}}
    server.files["/api/datasets/:persistentId/"] = json.dumps(payload).encode()
    kw = dict(db=tmp_path / "p.duckdb", dest=tmp_path / "raw", ledger=tmp_path / "l.jsonl")
    kw |= dict(base_url=server.url, since=dt.date(2023, 1, 1), progress=False)
    (s,) = run_update(["polecat"], **kw).sources
    assert (s.downloaded, s.imported, s.gaps) == (2, 2, [])
    assert s.events_read == 60 == s.events_added + s.duplicates + s.quarantined
    (s,) = run_update(["polecat"], **kw).sources
    assert (s.downloaded, s.imported) == (0, 0)
