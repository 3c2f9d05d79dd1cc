"""The UN votes shipped as Parquet: equal to the ``unvotes`` CSVs row for row, read by default
with no research data beside the checkout, overlaid by newer sessions in the user data dir."""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import json
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pandas as pd
import pytest

from dyadwatch.cli import main
from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.unga import (
    PARQUET,
    read_unvotes,
    shipped_tables,
    shipped_unga_dir,
    user_unga_dir,
    write_shipped,
)


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    """A user data directory of its own (platformdirs honours ``$XDG_DATA_HOME``)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("DYADWATCH_UNGA_DIR", raising=False)
    monkeypatch.setenv("DYADWATCH_SHARED_DATA", str(tmp_path / "no-shared"))
    return user_unga_dir()


@contextlib.contextmanager
def _serve(folder):
    """A loopback HTTP server for ``folder`` (queries ignored: Dataverse's URLs map to files)."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def shipped():
    return read_unvotes(shipped_unga_dir())


def test_shipped_files_are_small():
    total = sum((shipped_unga_dir() / name).stat().st_size for name in PARQUET.values())
    assert total < 450_000
    assert (shipped_unga_dir() / "README.md").read_text().count("CC0") >= 1


def test_shipped_equals_the_csvs_row_for_row(shipped, shared_data):
    folder = shared_data / "unga"
    with open(folder / "un_votes.csv", newline="", encoding="utf-8") as f:
        raw = {
            (int(float(r["rcid"])), r["country"]): (r["country_code"], r["vote"])
            for r in csv.DictReader(f)
        }
    votes = shipped.votes.astype({"country": str, "country_code": str, "vote": str})
    ours = {
        (r, c): (cc, v)
        for r, c, cc, v in zip(
            votes["rcid"], votes["country"], votes["country_code"], votes["vote"], strict=True
        )
    }
    assert len(ours) == len(votes) == len(raw) == 869_937
    assert ours == raw
    csvs = read_unvotes(folder)
    cols = ["rcid", "session", "importantvote", "date", "unres", "amend", "para", "short"]
    cols += ["descr", "year"]
    a = shipped.roll_calls[cols].sort_values("rcid", ignore_index=True)
    b = csvs.roll_calls[cols].sort_values("rcid", ignore_index=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    key = ["rcid", "short_name"]
    pd.testing.assert_frame_equal(
        shipped.issues.sort_values(key, ignore_index=True),
        csvs.issues.sort_values(key, ignore_index=True),
        check_dtype=False,
    )


def test_regenerating_gives_the_shipped_files(shared_data, tmp_path):
    sizes = write_shipped(shared_data / "unga", tmp_path)
    assert set(sizes) == set(PARQUET.values())
    for name in PARQUET.values():
        pd.testing.assert_frame_equal(
            pd.read_parquet(tmp_path / name), pd.read_parquet(shipped_unga_dir() / name)
        )


def test_default_reads_the_shipped_copy_without_shared_data(user_dir, shipped):
    data = read_unvotes()
    assert data.sessions == (1, 74)
    assert len(data.votes) == len(shipped.votes)
    assert data.origin.startswith("shipped")


def test_newer_sessions_in_the_user_dir_take_precedence(user_dir, shipped):
    tables = shipped_tables(shipped)
    rolls = tables["roll_calls"]
    last = rolls[rolls["session"] == 74].copy()
    new = last.assign(rcid=last["rcid"] + 100_000, session=75)
    new["date"] = new["date"].map(lambda d: d.replace(year=2020))
    votes = tables["votes"]
    v74 = votes[votes["rcid"].isin(last["rcid"])]
    v75 = v74.assign(rcid=v74["rcid"] + 100_000)
    # session 74 again, with every vote turned to yes: the user's copy replaces the shipped one
    v74 = v74.assign(vote=1)
    user_dir.mkdir(parents=True)
    tables["roll_calls"] = pd.concat([last, new], ignore_index=True)
    tables["votes"] = pd.concat([v74, v75], ignore_index=True)
    tables["issues"] = tables["issues"][tables["issues"]["rcid"].isin(last["rcid"])]
    for key, frame in tables.items():
        frame.to_parquet(user_dir / PARQUET[key], index=False)
    data = read_unvotes()
    assert data.sessions == (1, 75)
    assert "sessions 74-75" in data.origin
    s74 = data.votes[data.votes["rcid"].isin(last["rcid"])]
    assert len(s74) == len(v74) and set(s74["vote"].astype(str)) == {"yes"}
    older = data.roll_calls["session"] < 74
    assert older.sum() == (shipped.roll_calls["session"] < 74).sum()
    assert (data.roll_calls["year"] == 2020).sum() == len(new)


def test_an_empty_folder_is_refused_with_the_fix(tmp_path):
    with pytest.raises(DyadwatchError, match="dyadwatch data download unga"):
        read_unvotes(tmp_path)


def test_cli_and_report_need_no_shared_data(user_dir, capsys, tmp_path):
    rc = main(["unga", "--dyad", "USA-RUS", "--from", "2018", "--format", "json"])
    captured = capsys.readouterr()
    assert rc == 0, captured.err
    rows = json.loads(captured.out)
    assert [r["year"] for r in rows] == [2018, 2019]
    assert all(0 < r["agreement"] < 1 for r in rows)
    from dyadwatch.report.sections.unga import sections
    from dyadwatch.study import Study

    secs = sections(Study())
    assert secs[0].figures and not secs[0].summary.startswith("Not shown")
    assert "1992" in secs[0].summary


def test_download_goes_to_the_user_dir_and_is_read_over_the_shipped(user_dir, capsys, tmp_path):
    release = (
        b"rcid,session,date,vote,Countryname,Country,unres,short,descr,me\n"
        b"900001,75,2020-12-07,1,United States,USA,R/75/1,S,A test resolution,1\n"
        b"900001,75,2020-12-07,3,Russia,RUS,R/75/1,S,A test resolution,1\n"
        b"900001,75,2020-12-07,8,France,FRA,R/75/1,S,A test resolution,1\n"
    )
    payload = {
        "data": {
            "latestVersion": {
                "files": [
                    {
                        "label": "UNVotes.csv",
                        "dataFile": {
                            "id": 7,
                            "filename": "UNVotes.csv",
                            "md5": hashlib.md5(release).hexdigest(),
                        },
                    }
                ]
            }
        }
    }
    site = tmp_path / "site"
    (site / "api/datasets/:persistentId").mkdir(parents=True)
    (site / "api/datasets/:persistentId/index.html").write_text(json.dumps(payload))
    (site / "api/access/datafile").mkdir(parents=True)
    (site / "api/access/datafile/7").write_bytes(release)
    with _serve(site) as url:
        rc = main(["data", "download", "unga", "--base-url", url, "--format", "json"])
    assert rc == 0, capsys.readouterr().err
    assert (user_dir / "UNVotes.csv").read_bytes() == release
    data = read_unvotes()
    assert data.sessions == (1, 75)
    new = data.votes[data.votes["rcid"] == 900001].astype(str)
    assert sorted(zip(new["country_code"], new["vote"], strict=True)) == [
        ("RU", "no"),
        ("US", "yes"),
    ]
    assert data.skipped == {"absent": 1}
