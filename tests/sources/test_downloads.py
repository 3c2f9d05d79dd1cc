"""Downloaders against a local HTTP server laid out like GDELT and Dataverse (no network)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from dyadwatch.cli import main
from dyadwatch.errors import DyadwatchError
from dyadwatch.ingest import ingest
from dyadwatch.sources.downloads import (
    dataverse_files,
    download,
    gdelt1_files,
    gdelt2_files,
    source_files,
)
from dyadwatch.sources.synthetic import write_gdelt1_daily_files
from dyadwatch.store import open_store


class _Server:
    """Files by path; Range requests; scripted failures (500 once, a cut connection once)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.fail_once: set[str] = set()
        self.cut_once: set[str] = set()
        self.requests: list[tuple[str, str | None]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802
                path = urlsplit(self.path).path
                if urlsplit(self.path).query.startswith("persistentId="):
                    path = path + "?" + urlsplit(self.path).query
                rng = self.headers.get("Range")
                server.requests.append((path, rng))
                if path in server.fail_once:
                    server.fail_once.discard(path)
                    self.send_response(500)
                    self.end_headers()
                    return
                data = server.files.get(path)
                if data is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                start = 0
                if rng:
                    start = int(rng.split("=")[1].split("-")[0])
                    if start >= len(data):
                        self.send_response(416)
                        self.end_headers()
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                body = data[start:]
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if path in server.cut_once:
                    server.cut_once.discard(path)
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


@pytest.fixture
def gdelt_server(tmp_path):
    files = write_gdelt1_daily_files(tmp_path / "src", 900, days=3, seed=21, zipped=True)
    with _Server() as server:
        lines = []
        for f in files:
            data = f.read_bytes()
            server.files[f"/events/{f.name}"] = data
            lines.append(f"{_md5(data)}  {f.name}")
        lines.append(f"{'0' * 32}  20160104.export.CSV.zip")  # listed but not on the server
        lines.append(f"{'1' * 32}  2005.zip")
        lines.append(f"{'2' * 32}  201301.zip")
        server.files["/events/md5sums"] = ("\n".join(lines) + "\n").encode()
        yield server, files


def test_gdelt1_file_list_by_date_range(gdelt_server):
    server, files = gdelt_server
    listed = gdelt1_files(dt.date(2016, 1, 2), dt.date(2016, 1, 4), base_url=server.url)
    assert [f.name for f in listed] == [files[1].name, files[2].name, "20160104.export.CSV.zip"]
    assert listed[0].md5 == _md5(files[1].read_bytes())
    old = gdelt1_files(dt.date(2005, 6, 1), dt.date(2013, 1, 15), base_url=server.url)
    assert [f.name for f in old] == ["2005.zip", "201301.zip"]


def test_download_resumes_retries_and_reports_missing(tmp_path, gdelt_server):
    server, files = gdelt_server
    listed = gdelt1_files(dt.date(2016, 1, 1), dt.date(2016, 1, 4), base_url=server.url)
    server.fail_once.add(f"/events/{files[0].name}")
    server.cut_once.add(f"/events/{files[1].name}")
    dest = tmp_path / "dl"
    report = download(listed, dest, workers=3, retries=3, backoff=0.01, progress=False)
    assert sorted(report.downloaded) == sorted(f.name for f in files)
    assert report.missing == ["20160104.export.CSV.zip"] and report.failed == []
    for f in files:
        assert (dest / f.name).read_bytes() == f.read_bytes()
    ranged = [r for p, r in server.requests if p.endswith(files[1].name) and r]
    assert ranged and ranged[0].startswith("bytes=")  # the cut transfer resumed with Range
    again = download(listed, dest, workers=2, retries=0, progress=False)
    assert sorted(again.skipped) == sorted(f.name for f in files)
    # and what came down imports
    with open_store(":memory:") as store:
        s = ingest("gdelt1", sorted(dest.glob("*.zip")), store=store)
        assert s.accepted == 900


def test_checksum_mismatch_fails_after_retries(tmp_path, gdelt_server):
    server, files = gdelt_server
    listed = gdelt1_files(dt.date(2016, 1, 1), dt.date(2016, 1, 1), base_url=server.url)
    server.files[f"/events/{files[0].name}"] = b"corrupted"
    report = download(listed, tmp_path / "d", retries=1, backoff=0.01, progress=False)
    assert report.failed == [{"name": files[0].name, "reason": "MD5 mismatch"}]
    assert not (tmp_path / "d" / files[0].name).exists()


def test_gdelt2_masterfilelist(tmp_path):
    with _Server() as server:
        lines = []
        for stamp in ("20160728150000", "20160728151500", "20160729000000"):
            for kind in ("export", "mentions", "gkg"):
                data = f"{stamp}-{kind}".encode()
                name = f"{stamp}.{kind}.CSV.zip"
                server.files[f"/gdeltv2/{name}"] = data
                url = f"http://data.gdeltproject.org/gdeltv2/{name}"
                lines.append(f"{len(data)} {_md5(data)} {url}")
        server.files["/gdeltv2/masterfilelist.txt"] = "\n".join(lines).encode()
        listed = gdelt2_files(dt.date(2016, 7, 28), dt.date(2016, 7, 28), base_url=server.url)
        assert [f.name for f in listed] == [
            "20160728150000.export.CSV.zip",
            "20160728151500.export.CSV.zip",
        ]
        assert all(f.url.startswith(server.url) for f in listed)
        mentions = gdelt2_files(
            dt.date(2016, 7, 29), dt.date(2016, 7, 29), kind="mentions", base_url=server.url
        )
        report = download(mentions, tmp_path, progress=False)
        assert report.downloaded == ["20160729000000.mentions.CSV.zip"]


def test_dataverse_listing_and_cli(tmp_path, capsys):
    payload = {
        "data": {
            "latestVersion": {
                "files": [
                    {
                        "label": "events.2017.20201006.tab",
                        "dataFile": {
                            "id": 11,
                            "filename": "events.2017.20201006.tab",
                            "md5": None,
                            "checksum": {"type": "MD5", "value": _md5(b"2017 data")},
                        },
                    },
                    {
                        "label": "events.2018.tab",
                        "dataFile": {
                            "id": 12,
                            "filename": "events.2018.tab",
                            "md5": _md5(b"2018 data"),
                        },
                    },
                    {
                        "label": "README.pdf",
                        "dataFile": {"id": 13, "filename": "README.pdf", "md5": _md5(b"readme")},
                    },
                ]
            }
        }
    }
    with _Server() as server:
        server.files["/api/datasets/:persistentId/?persistentId=doi:10.7910/DVN/28075"] = (
            json.dumps(payload).encode()
        )
        server.files["/api/access/datafile/11"] = b"2017 data"
        server.files["/api/access/datafile/12"] = b"2018 data"
        server.files["/api/access/datafile/13"] = b"readme"
        listed = dataverse_files("icews", start=dt.date(2018, 1, 1), base_url=server.url)
        assert [f.name for f in listed] == ["README.pdf", "events.2018.tab"]
        rc = main(
            [
                "data",
                "download",
                "icews",
                "--from",
                "2017",
                "--to",
                "2017",
                "--dest",
                str(tmp_path),
                "--base-url",
                server.url,
                "--format",
                "json",
            ]
        )
        assert rc == 0
        out = json.loads(capsys.readouterr().out)
        assert sorted(out["downloaded"]) == ["README.pdf", "events.2017.20201006.tab"]
        assert (tmp_path / "events.2017.20201006.tab").read_bytes() == b"2017 data"


def test_bad_ranges_and_sources_are_refused():
    with pytest.raises(DyadwatchError, match="after"):
        source_files(
            "gdelt1", dt.date(2016, 2, 1), dt.date(2016, 1, 1), base_url="http://127.0.0.1:9"
        )
    with pytest.raises(DyadwatchError, match="date range"):
        source_files("gdelt2", None, None)
    with pytest.raises(DyadwatchError, match="unknown source"):
        source_files("acled")
