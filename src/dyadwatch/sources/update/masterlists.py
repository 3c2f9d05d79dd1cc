"""What each source announces: GDELT 2.0's master list, GDELT 1.0's daily index, POLECAT's files.

Every announced file becomes an :class:`Announced` row (source, name, url, size, MD5 and the
time the file stands for), the unit the ledger tracks:

* ``gdelt2`` — ``gdeltv2/lastupdate.txt`` names the newest 15-minute files and
  ``gdeltv2/masterfilelist.txt`` every file since 2015-02-18, both as lines ``size md5 url``
  (GDELT 2.0 *Event Database Data Format Codebook V2.1*, 2015). Only the events (``export``)
  tables are tracked; the stamp is the file's ``YYYYMMDDHHMMSS``.
* ``gdelt1`` — ``events/md5sums`` (lines ``md5  filename``) and ``events/filesizes`` (lines
  ``size filename``) list GDELT 1.0's daily files ``YYYYMMDD.export.CSV.zip`` (from
  2013-04-01); older yearly and monthly archives never change and are left to
  ``dyadwatch data download``. A missing ``filesizes`` leaves sizes unknown (MD5 only).
* ``polecat`` — POLECAT's weekly files in its Dataverse dataset (doi:10.7910/DVN/AJGVIT), with
  the MD5 Dataverse records; the stamp is the date in the file name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass

from dyadwatch.sources import downloads
from dyadwatch.sources.downloads import RemoteFile

__all__ = [
    "UPDATE_SOURCES",
    "Announced",
    "parse_gdelt2_list",
    "parse_gdelt1_index",
    "announced_files",
    "gdelt2_newest",
]

UPDATE_SOURCES = ("gdelt2", "gdelt1", "polecat")
_G2 = re.compile(r"(\d{14})\.export\.CSV\.zip")
_G1 = re.compile(r"(\d{8})\.export\.CSV\.zip")


@dataclass(frozen=True)
class Announced:
    """One file a source's list announces."""

    source: str
    name: str
    url: str
    size: int | None
    md5: str | None
    stamp: dt.datetime | None

    def remote(self) -> RemoteFile:
        return RemoteFile(self.url, self.name, self.size, self.md5)

    def as_dict(self) -> dict:
        out = asdict(self)
        out["stamp"] = None if self.stamp is None else self.stamp.isoformat()
        return out


def parse_gdelt2_list(text: str, base: str) -> list[Announced]:
    """Events files of a GDELT 2.0 ``masterfilelist.txt`` or ``lastupdate.txt`` text.

    Lines that are not ``size md5 url`` are skipped (the real list has a few blank ones). The
    URL is rebuilt on ``base`` so a mirror or a test server serves the files.
    """
    out = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 3:
            continue
        size, md5, url = parts
        name = url.rsplit("/", 1)[-1]
        m = _G2.fullmatch(name)
        if not m or not size.isdigit():
            continue
        stamp = dt.datetime.strptime(m.group(1), "%Y%m%d%H%M%S")
        out.append(
            Announced("gdelt2", name, f"{base}/gdeltv2/{name}", int(size), md5.lower(), stamp)
        )
    return sorted(out, key=lambda a: a.name)


def parse_gdelt1_index(md5sums: str, filesizes: str | None, base: str) -> list[Announced]:
    """GDELT 1.0's daily files from its ``md5sums`` and (optional) ``filesizes`` texts."""
    sizes: dict[str, int] = {}
    for line in (filesizes or "").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit():
            sizes[parts[1]] = int(parts[0])
    out = []
    for line in md5sums.splitlines():
        parts = line.split()
        if len(parts) != 2:
            continue
        md5, name = parts
        m = _G1.fullmatch(name)
        if not m:
            continue
        stamp = dt.datetime.strptime(m.group(1), "%Y%m%d")
        out.append(
            Announced("gdelt1", name, f"{base}/events/{name}", sizes.get(name), md5.lower(), stamp)
        )
    return sorted(out, key=lambda a: a.name)


def gdelt2_newest(base_url: str | None = None) -> list[Announced]:
    """The newest GDELT 2.0 events file(s), from the small ``lastupdate.txt``."""
    base = (base_url or downloads.gdelt_base()).rstrip("/")
    text = downloads._get_text(f"{base}/gdeltv2/lastupdate.txt", what="GDELT 2.0 last update")
    return parse_gdelt2_list(text, base)


def _optional_text(url: str, what: str) -> str | None:
    from dyadwatch.errors import DyadwatchError

    try:
        return downloads._get_text(url, what=what)
    except DyadwatchError:
        return None


def announced_files(source: str, *, base_url: str | None = None) -> list[Announced]:
    """Every file ``source`` announces now (see the module docstring)."""
    from dyadwatch.errors import DyadwatchError

    if source == "gdelt2":
        base = (base_url or downloads.gdelt_base()).rstrip("/")
        text = downloads._get_text(
            f"{base}/gdeltv2/masterfilelist.txt", what="GDELT 2.0 master file list"
        )
        return parse_gdelt2_list(text, base)
    if source == "gdelt1":
        base = (base_url or downloads.gdelt_base()).rstrip("/")
        md5s = downloads._get_text(f"{base}/events/md5sums", what="GDELT 1.0 MD5 list")
        sizes = _optional_text(f"{base}/events/filesizes", "GDELT 1.0 file sizes")
        return parse_gdelt1_index(md5s, sizes, base)
    if source == "polecat":
        out = []
        for f in downloads.dataverse_files("polecat", base_url=base_url):
            span = downloads._name_span(f.name)
            stamp = None if span is None else dt.datetime.combine(span[0], dt.time())
            out.append(Announced("polecat", f.name, f.url, f.size, f.md5, stamp))
        return out
    raise DyadwatchError(
        f"unknown source {source!r} for update",
        where="{source}",
        fix=f"use {', '.join(UPDATE_SOURCES)}",
    )
