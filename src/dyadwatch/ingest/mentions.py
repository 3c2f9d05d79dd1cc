"""GDELT 2.0 Mentions files for the confidence filter: options, paths, preparation."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dyadwatch.errors import DyadwatchError
from dyadwatch.ingest.files import check_prepared
from dyadwatch.ingest.policy import DedupPolicy
from dyadwatch.sources.rawfiles import prepare_files

__all__ = ["check_mentions_options", "mentions_in_paths", "mention_paths", "prepare_mentions"]


def check_mentions_options(source: str, policy: DedupPolicy, mentions) -> None:
    if policy.min_confidence:
        if source != "gdelt2":
            raise DyadwatchError(
                "{min_confidence} filters GDELT 2.0 events by their Mentions",
                where="{min_confidence}",
                fix="use it with the source gdelt2 (Mentions exist for GDELT 2.0 only)",
            )
        if not 0 < policy.min_confidence <= 100:
            raise DyadwatchError(
                f"{{min_confidence}} must be 1 to 100, got {policy.min_confidence}",
                where="{min_confidence}",
                fix="GDELT's Confidence is a percentage (10 to 100)",
            )
        if not mentions:
            raise DyadwatchError(
                "{min_confidence} needs the GDELT 2.0 Mentions files",
                where="{mentions}",
                fix="pass the .mentions.CSV(.zip) files of the same 15-minute intervals "
                "with {mentions}",
            )
    elif mentions:
        raise DyadwatchError(
            "{mentions} is only read to filter by confidence",
            where="{mentions}",
            fix="add {min_confidence} N (10 to 100), or leave out {mentions}",
        )


def mentions_in_paths(paths: Sequence[str | Path]) -> None:
    """Refuse Mentions files among the event files (a shell glob after --mentions puts them
    there: only its first file goes to the option)."""
    for p in paths:
        if ".mentions." in Path(p).name.lower():
            raise DyadwatchError(
                f"{p} looks like a GDELT 2.0 Mentions file, not an events file",
                where="PATH",
                fix="pass Mentions files with {mentions} (repeat it, or give a folder or a "
                "quoted glob such as {mentions} 'g2/*.mentions.CSV.zip')",
            )


def mention_paths(values: Sequence[str | Path]) -> list[Path]:
    """Mentions files named by ``values``: files as given, a folder's ``*.mentions.*`` files,
    and glob patterns expanded.

    Used for ``--mentions``, which a shell cannot fill from one glob (an option takes one
    value): ``--mentions g2/`` or ``--mentions 'g2/*.mentions.CSV.zip'`` both work.
    """
    import glob

    out: list[Path] = []
    for value in values:
        text = str(value)
        path = Path(text)
        if path.is_dir():
            out += sorted(f for f in path.iterdir() if ".mentions." in f.name.lower())
        elif glob.has_magic(text) and not path.exists():
            out += [Path(f) for f in sorted(glob.glob(text))] or [path]
        else:
            out.append(path)
    return out


def prepare_mentions(mentions, staging: Path, skip_bad_files: bool):
    """Check (and unzip) the Mentions files, refusing unreadable ones as for event files."""
    if not mentions:
        return None
    prepared = prepare_files(
        [Path(p) for p in mentions], staging / "mentions-unzipped", header=False
    )
    check_prepared(prepared, skip_bad_files, kind="Mentions ", where="{mentions}")
    return prepared
