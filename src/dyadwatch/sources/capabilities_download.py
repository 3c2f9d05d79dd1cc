"""Downloading the COW National Material Capabilities file into the user data directory.

The default is the Correlates of War project's NMC v7.0 release,
``https://correlatesofwar.org/wp-content/uploads/NMCv7.zip`` (1816–2022; Singer, Bremer &
Stuckey 1972; Greig & Enterline 2024), overridden by ``$DYADWATCH_COW_URL`` or ``base_url``
(a mirror or a test server): a zip, possibly with zips inside it as COW ships v7, or a plain
CSV. The transfer goes through :func:`dyadwatch.sources.downloads.download` (resumed with
``Range``, retries, the size checked against the server's ``Content-Length``; COW publishes no
checksums, so the file's MD5 is recorded in ``cow_nmc.md5`` beside it). From the archive the
CSV with ``ccode, year, cinc`` is taken (the abridged table preferred over the supplementary
one), checked by :func:`~dyadwatch.sources.capabilities.read_capabilities`, and written
atomically to ``capabilities/cow_nmc.csv`` in the user data directory, which
:func:`~dyadwatch.sources.capabilities.default_capabilities_path` then reads first.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.capabilities import read_capabilities, user_capabilities_dir
from dyadwatch.sources.downloads import DownloadReport, RemoteFile, download

__all__ = ["COW_NMC_DEFAULT", "cow_nmc_url", "nmc_file", "download_nmc"]

COW_NMC_DEFAULT = "https://correlatesofwar.org/wp-content/uploads/NMCv7.zip"
_NEED = (b"ccode", b"year", b"cinc")


def cow_nmc_url(base_url: str | None = None) -> str:
    """The NMC file's URL: ``base_url``, ``$DYADWATCH_COW_URL`` or COW's own."""
    return base_url or os.environ.get("DYADWATCH_COW_URL") or COW_NMC_DEFAULT


def nmc_file(base_url: str | None = None) -> RemoteFile:
    """The file to fetch, with the size the server announces (``HEAD``), when it does."""
    import httpx

    url = cow_nmc_url(base_url)
    name = url.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "cow_nmc.zip"
    size = None
    try:
        with httpx.Client(timeout=30.0, follow_redirects=True) as client:
            head = client.head(url)
        if head.status_code == 200 and head.headers.get("content-length", "").isdigit():
            size = int(head.headers["content-length"])
    except httpx.HTTPError:
        size = None  # the GET reports the network error
    return RemoteFile(url, name, size, None)


def _csv_members(data: bytes, depth: int = 0) -> list[tuple[str, bytes]]:
    """Every CSV in ``data`` with the NMC columns, looking into zips inside zips."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        header = data.split(b"\n", 1)[0].lower()
        return [("", data)] if all(c in header for c in _NEED) else []
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            low = member.lower()
            if low.endswith(".zip") and depth < 2:
                found += _csv_members(archive.read(member), depth + 1)
            elif low.endswith(".csv"):
                found += [(member, b) for _, b in _csv_members(archive.read(member), depth)]
    return found


def _pick(members: list[tuple[str, bytes]], where: str) -> bytes:
    if not members:
        raise DyadwatchError(
            "no CSV with the columns ccode, year, cinc in the downloaded file",
            where=where,
            fix="point $DYADWATCH_COW_URL at a COW NMC zip or CSV",
        )
    members.sort(key=lambda m: ("abridged" not in m[0].lower(), m[0]))
    return members[0][1]


def download_nmc(
    dest: str | Path | None = None, *, base_url: str | None = None, retries: int = 4
) -> tuple[DownloadReport, Path | None]:
    """Fetch the NMC file and write ``cow_nmc.csv`` in ``dest`` (default: the user's).

    Returns:
        The transfer's report and the CSV written (None when the transfer failed).

    Raises:
        DyadwatchError: the file holds no NMC table, or the table does not parse.
    """
    dest = Path(dest) if dest is not None else user_capabilities_dir()
    remote = nmc_file(base_url)
    report = download([remote], dest, workers=1, retries=retries)
    got = dest / remote.name
    if report.failed or report.missing or not got.exists():
        return report, None
    data = got.read_bytes()
    table = _pick(_csv_members(data), str(got))
    target = dest / "cow_nmc.csv"
    part = dest / "cow_nmc.csv.part"
    part.write_bytes(table)
    try:
        read_capabilities(part)  # a table that does not parse never replaces a good one
    except DyadwatchError:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, target)
    md5 = hashlib.md5(data, usedforsecurity=False).hexdigest()
    (dest / "cow_nmc.md5").write_text(f"{md5}  {remote.name}\n", encoding="utf-8")
    return report, target
