"""Download raw event data: file lists, checksums, resumable parallel transfers.

Sources and their own file lists (the base URLs are configurable, so tests point them at a
local server, and mirrors work):

* ``gdelt1`` — GDELT 1.0 events, ``{base}/events/`` (``$DYADWATCH_GDELT_URL``, default
  ``http://data.gdeltproject.org``): yearly ``YYYY.zip`` (1979–2005), monthly ``YYYYMM.zip``
  (2006-01 to 2013-03) and daily ``YYYYMMDD.export.CSV.zip`` files (from 2013-04-01), with
  GDELT's MD5 list ``events/md5sums`` (lines ``md5  filename``).
* ``gdelt2`` — GDELT 2.0 15-minute files listed in ``gdeltv2/masterfilelist.txt`` (lines
  ``size md5 url``); ``kind`` picks ``export`` (events) or ``mentions``.
* ``normfiles`` — GDELT's event totals, ``normfiles/daily.csv`` and ``monthly.csv``, used by
  :mod:`dyadwatch.sources.normalise`.
* ``icews``, ``polecat``, ``unga`` — Harvard Dataverse datasets (``$DYADWATCH_DATAVERSE_URL``,
  default ``https://dataverse.harvard.edu``): ICEWS Coded Event Data doi:10.7910/DVN/28075,
  POLECAT doi:10.7910/DVN/AJGVIT, UN General Assembly votes (Voeten, Strezhnev & Bailey)
  doi:10.7910/DVN/LEJUQZ. The file list and MD5 checksums come from the Dataverse API
  (``/api/datasets/:persistentId/?persistentId=DOI``); files download through
  ``/api/access/datafile/{id}?format=original``.

Transfers (:func:`download`): a few parallel connections, each file written to ``NAME.part``
and resumed with an HTTP ``Range`` request after an interruption, retries with exponential
backoff on network errors and 5xx/429 answers, the size and MD5 checked at the end (a short
file is kept and resumed, reported as ``truncated``; a longer one or an MD5 mismatch deletes the
file and retries), files already present with the right checksum skipped. A file the
server does not have (404) is reported as missing, not retried. The progress bar (rich) shows
on a terminal only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dyadwatch.errors import DyadwatchError

__all__ = [
    "RemoteFile",
    "DownloadReport",
    "DATAVERSE_DOIS",
    "gdelt_base",
    "dataverse_base",
    "gdelt1_files",
    "gdelt2_files",
    "normfiles",
    "dataverse_files",
    "download",
    "source_files",
]

GDELT_DEFAULT = "http://data.gdeltproject.org"
DATAVERSE_DEFAULT = "https://dataverse.harvard.edu"
DATAVERSE_DOIS = {
    "icews": "doi:10.7910/DVN/28075",
    "polecat": "doi:10.7910/DVN/AJGVIT",
    "unga": "doi:10.7910/DVN/LEJUQZ",
}
GDELT1_DAILY_START = dt.date(2013, 4, 1)
_CHUNK = 1 << 20


def gdelt_base() -> str:
    """GDELT's base URL (``$DYADWATCH_GDELT_URL`` or the official one)."""
    return os.environ.get("DYADWATCH_GDELT_URL", GDELT_DEFAULT).rstrip("/")


def dataverse_base() -> str:
    """Dataverse's base URL (``$DYADWATCH_DATAVERSE_URL`` or Harvard's)."""
    return os.environ.get("DYADWATCH_DATAVERSE_URL", DATAVERSE_DEFAULT).rstrip("/")


@dataclass(frozen=True)
class RemoteFile:
    """One file to fetch: where from, its local name, and what the source says it should be."""

    url: str
    name: str
    size: int | None = None
    md5: str | None = None


@dataclass
class DownloadReport:
    """What a download did; ``missing`` are files the server does not have."""

    downloaded: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    bytes: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        text = (
            f"downloaded {len(self.downloaded)}, already present {len(self.skipped)}, "
            f"missing {len(self.missing)}, failed {len(self.failed)} "
            f"({self.bytes / 1e6:,.1f} MB in {self.seconds:.1f} s)"
        )
        if self.missing:
            text += "; missing: " + ", ".join(self.missing[:5])
            text += " ..." if len(self.missing) > 5 else ""
        if self.failed:
            first = self.failed[0]
            text += f"; first failure: {first['name']}: {first['reason']}"
        return text


def _client(timeout: float = 60.0):
    import httpx

    return httpx.Client(timeout=timeout, follow_redirects=True)


def _get_text(url: str, *, what: str, client=None) -> str:
    import httpx

    own = client is None
    client = client or _client()
    try:
        response = client.get(url)
    except httpx.HTTPError as exc:
        raise DyadwatchError(
            f"cannot fetch the {what}: {type(exc).__name__}",
            where=url,
            fix="check the network or the base URL ({base_url})",
        ) from None
    finally:
        if own:
            client.close()
    if response.status_code != 200:
        raise DyadwatchError(
            f"cannot fetch the {what}: HTTP {response.status_code}",
            where=url,
            fix="check the base URL ({base_url})",
        )
    return response.text


def _check_range(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise DyadwatchError(f"{{start}} {start} is after {{end}} {end}", fix="swap them")


def gdelt1_files(start: dt.date, end: dt.date, *, base_url: str | None = None) -> list[RemoteFile]:
    """GDELT 1.0 event files covering ``start..end``, with MD5s from GDELT's list.

    Files up to 2013-03-31 cover whole years or months (by event date); later ones are daily
    (by the day GDELT saw the events).
    """
    _check_range(start, end)
    base = (base_url or gdelt_base()).rstrip("/")
    text = _get_text(f"{base}/events/md5sums", what="GDELT 1.0 MD5 list")
    files = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 2:
            continue
        md5, name = parts
        first, last = _gdelt1_span(name)
        if first is None or last < start or first > end:
            continue
        files.append(RemoteFile(f"{base}/events/{name}", name, None, md5.lower()))
    return sorted(files, key=lambda f: f.name)


def _gdelt1_span(name: str) -> tuple[dt.date | None, dt.date | None]:
    m = re.fullmatch(r"(\d{8})\.export\.CSV\.zip", name)
    if m:
        day = dt.datetime.strptime(m.group(1), "%Y%m%d").date()
        return day, day
    m = re.fullmatch(r"(\d{4})(\d{2})\.zip", name)
    if m:
        first = dt.date(int(m.group(1)), int(m.group(2)), 1)
        nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, nxt - dt.timedelta(days=1)
    m = re.fullmatch(r"(\d{4})\.zip", name)
    if m:
        return dt.date(int(m.group(1)), 1, 1), dt.date(int(m.group(1)), 12, 31)
    return None, None


def gdelt2_files(
    start: dt.date, end: dt.date, *, kind: str = "export", base_url: str | None = None
) -> list[RemoteFile]:
    """GDELT 2.0 15-minute files of ``kind`` (``export`` or ``mentions``) for ``start..end``."""
    _check_range(start, end)
    if kind not in ("export", "mentions"):
        raise DyadwatchError(f"unknown GDELT 2.0 table {kind!r}", fix="use export or mentions")
    base = (base_url or gdelt_base()).rstrip("/")
    text = _get_text(f"{base}/gdeltv2/masterfilelist.txt", what="GDELT 2.0 master file list")
    files = []
    pattern = re.compile(rf"(\d{{14}})\.{kind}\.CSV\.zip$")
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 3:
            continue
        size, md5, url = parts
        name = url.rsplit("/", 1)[-1]
        m = pattern.fullmatch(name)
        if not m:
            continue
        day = dt.datetime.strptime(m.group(1)[:8], "%Y%m%d").date()
        if not start <= day <= end:
            continue
        files.append(
            RemoteFile(
                f"{base}/gdeltv2/{name}", name, int(size) if size.isdigit() else None, md5.lower()
            )
        )
    return sorted(files, key=lambda f: f.name)


def normfiles(*, base_url: str | None = None) -> list[RemoteFile]:
    """GDELT's published event totals (daily and monthly); no checksums are published."""
    base = (base_url or gdelt_base()).rstrip("/")
    return [
        RemoteFile(f"{base}/normfiles/{n}", f"normfiles-{n}") for n in ("daily.csv", "monthly.csv")
    ]


def dataverse_files(
    source: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    base_url: str | None = None,
) -> list[RemoteFile]:
    """Files of a Dataverse dataset (``icews``, ``polecat``, ``unga``) with their MD5s.

    For ``icews`` and ``polecat`` a date range keeps the files whose name carries a year (or
    a ``YYYYMMDD`` date) inside it; files without a date in their name are always kept.
    """
    import json

    doi = DATAVERSE_DOIS[source]
    base = (base_url or dataverse_base()).rstrip("/")
    url = f"{base}/api/datasets/:persistentId/?persistentId={doi}"
    try:
        payload = json.loads(_get_text(url, what=f"{source} file list (Dataverse)"))
        entries = payload["data"]["latestVersion"]["files"]
    except (ValueError, KeyError, TypeError):
        raise DyadwatchError(
            f"unexpected answer from Dataverse for {doi}", where=url, fix="check {base_url}"
        ) from None
    files = []
    for entry in entries:
        data = entry.get("dataFile", {})
        name = data.get("originalFileName") or data.get("filename") or entry.get("label")
        if not name or "id" not in data:
            continue
        md5 = data.get("md5") or (data.get("checksum") or {}).get("value")
        size = data.get("originalFileSize") or data.get("filesize")
        if start or end:
            span = _name_span(name)
            if span is not None:
                first, last = span
                if (end and first > end) or (start and last < start):
                    continue
        files.append(
            RemoteFile(
                f"{base}/api/access/datafile/{data['id']}?format=original",
                Path(name).name,
                int(size) if size else None,
                md5.lower() if md5 else None,
            )
        )
    return sorted(files, key=lambda f: f.name)


def _name_span(name: str) -> tuple[dt.date, dt.date] | None:
    """Dates a file name covers: a standalone year (``events.2017.20201006.tab``: 2017, the
    second number being the release stamp), else a ``YYYYMMDD`` or ``YYYY-MM-DD`` day."""
    m = re.search(r"(?<![\d-])(19\d{2}|20\d{2})(?![\d-])", name)
    if m:
        year = int(m.group(1))
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    m = re.search(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)", name)
    if m:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return day, day
    return None


def source_files(
    source: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    base_url: str | None = None,
    kind: str = "export",
) -> list[RemoteFile]:
    """The files of ``source`` (gdelt1, gdelt2, normfiles, icews, polecat, unga) for a range."""
    if source in ("gdelt1", "gdelt2"):
        if start is None or end is None:
            raise DyadwatchError(
                f"{source} needs a date range", where="{start}/{end}", fix="e.g. {start} 2016-01-01"
            )
        if source == "gdelt1":
            return gdelt1_files(start, end, base_url=base_url)
        return gdelt2_files(start, end, kind=kind, base_url=base_url)
    if source == "normfiles":
        return normfiles(base_url=base_url)
    if source in DATAVERSE_DOIS:
        return dataverse_files(source, start=start, end=end, base_url=base_url)
    raise DyadwatchError(
        f"unknown source {source!r}",
        fix="use gdelt1, gdelt2, normfiles, icews, polecat or unga",
    )


def _md5(path: Path) -> str:
    h = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as f:
        for block in iter(lambda: f.read(_CHUNK), b""):
            h.update(block)
    return h.hexdigest()


class _Missing(Exception):
    pass


class _Fatal(Exception):
    pass


def _fetch_one(client, f: RemoteFile, dest: Path, retries: int, backoff: float, tick) -> str:
    """Fetch one file; returns ``downloaded`` or ``skipped``; raises _Missing / _Fatal."""
    import httpx

    target = dest / f.name
    part = dest / (f.name + ".part")
    if target.exists() and (
        (f.md5 and _md5(target) == f.md5)
        or (not f.md5 and f.size and target.stat().st_size == f.size)
    ):
        return "skipped"
    last_error = "unknown error"
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        have = part.stat().st_size if part.exists() else 0
        headers = {"Range": f"bytes={have}-"} if have else {}
        try:
            with client.stream("GET", f.url, headers=headers) as response:
                if response.status_code == 404:
                    raise _Missing()
                if response.status_code == 416:  # nothing left to send: the part is complete
                    pass
                elif response.status_code in (429,) or response.status_code >= 500:
                    last_error = f"HTTP {response.status_code}"
                    continue
                elif response.status_code not in (200, 206):
                    raise _Fatal(f"HTTP {response.status_code}")
                else:
                    mode = "ab" if response.status_code == 206 and have else "wb"
                    with part.open(mode) as out:
                        for block in response.iter_bytes():
                            out.write(block)
                            tick(len(block))
        except httpx.TransportError as exc:
            last_error = f"{type(exc).__name__}"
            continue
        got = part.stat().st_size if part.exists() else 0
        if f.size is not None and got < f.size:  # kept: the next attempt resumes from here
            last_error = f"truncated: {got:,} of {f.size:,} bytes"
            continue
        if f.size is not None and got > f.size:
            part.unlink(missing_ok=True)
            last_error = f"size mismatch: {got:,} bytes, the list says {f.size:,}"
            continue
        if f.md5 and _md5(part) != f.md5:
            part.unlink(missing_ok=True)
            last_error = "MD5 mismatch"
            continue
        os.replace(part, target)
        return "downloaded"
    raise _Fatal(last_error)


def _progress_bar(files: list[RemoteFile]):
    """A started rich progress bar over the files' total size (a terminal only)."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    bar = Progress(
        TextColumn("[bold]download"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        transient=True,
    )
    task = bar.add_task("download", total=sum(f.size or 0 for f in files) or None)
    bar.start()
    return bar, task


def download(
    files: list[RemoteFile],
    dest: str | Path,
    *,
    workers: int = 4,
    retries: int = 4,
    backoff: float = 0.5,
    progress: bool | None = None,
    on_done=None,
) -> DownloadReport:
    """Fetch ``files`` into ``dest`` (see the module docstring for how).

    Args:
        files: from :func:`source_files` (or any list of :class:`RemoteFile`).
        dest: target folder (created).
        workers: parallel connections.
        retries: further attempts per file after a network error, 5xx/429 or bad checksum.
        backoff: first wait between attempts in seconds (doubles each time).
        progress: show a progress bar (default: when standard error is a terminal).
        on_done: called as ``on_done(file, status, reason)`` as each file finishes (status
            ``downloaded``, ``skipped``, ``missing`` or ``failed``), so a caller can record
            progress that survives an interruption.
    """
    import threading

    dest = Path(dest)
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DyadwatchError(
            f"cannot create {dest}: {exc.strerror}", where="{dest}", fix="pick a writable folder"
        ) from None
    report = DownloadReport()
    started = time.perf_counter()
    show = sys.stderr.isatty() if progress is None else progress
    lock = threading.Lock()
    bar, task = _progress_bar(files) if show and files else (None, None)

    def tick(n: int) -> None:
        with lock:
            report.bytes += n
        if bar is not None:
            bar.update(task, advance=n)

    def one(f: RemoteFile) -> tuple[RemoteFile, str, str | None]:
        try:
            return f, _fetch_one(client, f, dest, retries, backoff, tick), None
        except _Missing:
            return f, "missing", None
        except _Fatal as exc:
            return f, "failed", str(exc)
        except OSError as exc:
            return f, "failed", exc.strerror or type(exc).__name__

    client = _client()
    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for f, status, reason in pool.map(one, files):
                if on_done is not None:
                    on_done(f, status, reason)
                if status == "downloaded":
                    report.downloaded.append(f.name)
                elif status == "skipped":
                    report.skipped.append(f.name)
                elif status == "missing":
                    report.missing.append(f.name)
                else:
                    report.failed.append({"name": f.name, "reason": reason})
    finally:
        client.close()
        if bar is not None:
            bar.stop()
    report.seconds = round(time.perf_counter() - started, 3)
    return report
