"""A 127.0.0.1 server laid out like GDELT 2.0, with scripted faults, and generated event files."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pyarrow as pa

from dyadwatch.sources.synthetic import gdelt2_rows


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def month_file(month: dt.date, n: int, first_id: int, *, code: str | None = None) -> bytes:
    """A zipped GDELT 2.0 events file: ``n`` USA-RUS events dated in ``month``."""
    table = gdelt2_rows(n, month, seed=first_id, first_id=first_id)
    days = [month.replace(day=1 + i % 27).strftime("%Y%m%d") for i in range(n)]
    fixed = {
        "SQLDATE": days,
        "Actor1CountryCode": ["USA"] * n,
        "Actor2CountryCode": ["RUS"] * n,
        "Actor1Code": ["USAGOV"] * n,
        "Actor2Code": ["RUSGOV"] * n,
    }
    if code:
        from dyadwatch.cameo import goldstein, quad_class

        fixed |= {
            "EventCode": [code] * n,
            "EventBaseCode": [code[:3]] * n,
            "EventRootCode": [code[:2]] * n,
            "QuadClass": [str(quad_class(code))] * n,
            "GoldsteinScale": [str(goldstein(code))] * n,
        }
    for name, values in fixed.items():
        i = table.schema.get_field_index(name)
        table = table.set_column(i, name, pa.array(values, type=pa.string()))
    text = (
        "\n".join("\t".join(r) for r in zip(*(c.to_pylist() for c in table.columns), strict=True))
        + "\n"
    )
    buf = io.BytesIO()
    name = month.strftime("%Y%m%d") + "000000.export.CSV"
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, text)
    return buf.getvalue()


class Server:
    """Files by path, Range requests, and a slow path (for a kill mid-download)."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.listing: list[str] = []
        self.slow: set[str] = set()
        self.requests: list[tuple[str, str | None]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                path = urlsplit(self.path).path
                rng = self.headers.get("Range")
                server.requests.append((path, rng))
                if path == "/gdeltv2/masterfilelist.txt":
                    data = ("\n".join(server.listing) + "\n").encode()
                elif path == "/gdeltv2/lastupdate.txt":
                    data = (server.listing[-1] + "\n").encode() if server.listing else b""
                else:
                    data = server.files.get(path)
                if data is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                start = int(rng.split("=")[1].split("-")[0]) if rng else 0
                if rng and start >= len(data):
                    self.send_response(416)
                    self.end_headers()
                    return
                self.send_response(206 if rng else 200)
                body = data[start:]
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if path in server.slow:
                    for i in range(0, len(body), 4096):
                        self.wfile.write(body[i : i + 4096])
                        self.wfile.flush()
                        time.sleep(0.05)
                else:
                    self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def announce(self, name: str, data: bytes, *, serve=None, size=None, digest=None) -> None:
        """List ``name`` with ``data``'s size and MD5; serve ``serve`` (default ``data``),
        or nothing with ``serve=False`` (a listed file the server does not have)."""
        url = f"http://data.gdeltproject.org/gdeltv2/{name}"
        size = len(data) if size is None else size
        self.listing.append(f"{size} {digest or md5(data)} {url}")
        if serve is not False:
            self.files[f"/gdeltv2/{name}"] = data if serve is None else serve

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def months(first: dt.date, n: int) -> list[dt.date]:
    out, d = [], first
    for _ in range(n):
        out.append(d)
        d = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return out
