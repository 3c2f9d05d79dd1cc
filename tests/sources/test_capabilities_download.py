"""The COW NMC downloader against a local 127.0.0.1 server (no network), and the reader's order."""

from __future__ import annotations

import io
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dyadwatch.cli import main
from dyadwatch.sources.capabilities import default_capabilities_path, read_capabilities
from dyadwatch.sources.capabilities_download import COW_NMC_DEFAULT, cow_nmc_url, download_nmc

FIXTURE = Path(__file__).parents[1] / "data" / "cow_nmc_head.csv"


class _Server:
    """Serves ``files`` by path with HEAD, Range, and one cut connection on request."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files, self.cut_once, self.ranges = files, set(), []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _head(self) -> bytes | None:
                data = server.files.get(self.path)
                if data is None:
                    self.send_response(404)
                    self.end_headers()
                    return None
                start = int(self.headers.get("Range", "bytes=0-")[6:].split("-")[0])
                if start:
                    server.ranges.append(start)
                    self.send_response(206)
                else:
                    self.send_response(200)
                self.send_header("Content-Length", str(len(data) - start))
                self.end_headers()
                return data[start:]

            def do_HEAD(self):  # noqa: N802
                self._head()

            def do_GET(self):  # noqa: N802
                body = self._head()
                if body is None:
                    return
                if self.path in server.cut_once:
                    server.cut_once.discard(self.path)
                    self.wfile.write(body[: len(body) // 2])
                    self.close_connection = True
                    return
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _nested_zip(csv: bytes) -> bytes:
    """Laid out as COW ships NMCv7.zip: zips inside the zip, a supplementary table beside."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("NMC-70-abridged.csv", csv)
    supp = io.BytesIO()
    with zipfile.ZipFile(supp, "w") as z:
        z.writestr("NMC-70-wsupplementary.csv", csv.replace(b"cinc", b"cinc,source", 1))
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w") as z:
        z.writestr("NMCv7/NMC-v7-supplemental.zip", supp.getvalue())
        z.writestr("NMCv7/NMC-v7-abridged.zip", inner.getvalue())
        z.writestr("NMCv7/NMC_Codebook.pdf", b"%PDF-1.4")
    return outer.getvalue()


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("DYADWATCH_CAPABILITIES", raising=False)
    monkeypatch.delenv("DYADWATCH_COW_URL", raising=False)
    return tmp_path / "xdg" / "dyadwatch" / "capabilities"


def test_fixture_is_the_head_of_the_shared_file(shared_data):
    from tests.data.nmc_fixture import fixture_text

    text = fixture_text(shared_data / "capabilities" / "cow_nmc_US_RUS.csv")
    assert FIXTURE.read_text(encoding="utf-8") == text
    assert FIXTURE.stat().st_size < 4000


def test_url_default_and_override(monkeypatch):
    monkeypatch.delenv("DYADWATCH_COW_URL", raising=False)
    assert (
        cow_nmc_url()
        == COW_NMC_DEFAULT
        == "https://correlatesofwar.org/wp-content/uploads/NMCv7.zip"
    )
    monkeypatch.setenv("DYADWATCH_COW_URL", "http://127.0.0.1:1/x.zip")
    assert cow_nmc_url() == "http://127.0.0.1:1/x.zip"


def test_nested_zip_resumed_after_a_cut_and_read_first(user_dir):
    csv = FIXTURE.read_bytes()
    with _Server({"/NMCv7.zip": _nested_zip(csv)}) as server:
        server.cut_once.add("/NMCv7.zip")
        report, written = download_nmc(base_url=f"{server.url}/NMCv7.zip", retries=2)
    assert report.downloaded == ["NMCv7.zip"] and not report.failed
    assert server.ranges and server.ranges[0] > 0  # the second attempt resumed
    assert written == user_dir / "cow_nmc.csv"
    assert written.read_bytes() == csv  # the abridged table, not the supplementary one
    assert (user_dir / "cow_nmc.md5").read_text().endswith("  NMCv7.zip\n")
    assert default_capabilities_path() == written
    assert read_capabilities()["year"].max() == 1827


def test_cli_download_then_capabilities_reads_the_user_copy(user_dir, monkeypatch, capsys):
    with _Server({"/nmc.csv": FIXTURE.read_bytes()}) as server:
        monkeypatch.setenv("DYADWATCH_COW_URL", f"{server.url}/nmc.csv")
        assert main(["data", "download", "nmc", "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["capabilities", "--dyad", "USA-RUS", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "year,cinc_USA,cinc_RUS,ratio,log_ratio"
    assert [int(x.split(",")[0]) for x in lines[1:]] == list(range(1816, 1828))
    first = lines[1].split(",")
    assert float(first[3]) == pytest.approx(0.039697491 / float(first[2]), abs=6e-4)


def test_a_file_without_the_nmc_columns_is_one_error_line(user_dir, monkeypatch, capsys):
    with _Server({"/nmc.csv": b"country,year,gdp\nUSA,2000,1\n"}) as server:
        monkeypatch.setenv("DYADWATCH_COW_URL", f"{server.url}/nmc.csv")
        assert main(["data", "download", "nmc"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "ccode, year, cinc" in err[0]
    assert not (user_dir / "cow_nmc.csv").exists()


def test_missing_file_is_reported_and_exits_2(user_dir, monkeypatch, capsys):
    with _Server({}) as server:
        monkeypatch.setenv("DYADWATCH_COW_URL", f"{server.url}/NMCv7.zip")
        assert main(["data", "download", "nmc"]) == 2
    got = capsys.readouterr()
    assert "missing 1" in got.out
    assert got.err.count("\n") == 1 and "not downloaded" in got.err
