"""Line-aware YAML: a user's text file read safely and parsed with the line of every key.

dyadwatch reads two kinds of YAML that people write by hand: crisis scenarios
(:mod:`dyadwatch.models.escalation`) and threat claims (:mod:`dyadwatch.models.threats`). An
error in either must be one line that names the file, the line and what to change. This module
is the one reader both use:

* :func:`read_text` reads a user's file and refuses, in one line each, a missing path, a
  folder or a device, an unreadable or oversized file, binary data (a NUL byte, UTF-16), text
  that is not UTF-8, and an empty file;
* :func:`parse` parses YAML text with PyYAML's ``SafeLoader`` into plain Python values whose
  mappings (:class:`YamlMap`) and lists (:class:`YamlList`) remember the line of themselves,
  of each key and of each item. It refuses control characters, duplicate keys, dates that do
  not exist, keys that are lists or mappings and syntax errors, each as one
  :class:`~dyadwatch.errors.DyadwatchError` with ``where="FILE, line N"``;
* :class:`Field` walks the parsed values with checks (allowed and required keys, numbers in a
  range, text from a list of choices) whose errors name the file, the line and the key path
  (``ladder[1].loss_of_control``).

Values built in Python (a web request's JSON) work too: they carry no lines, and errors then
name only the key.

Why not another library: PyYAML (the YAML 1.1 reference implementation for Python, already a
dependency) keeps every node's position; what it lacks for this job is a constructor that
refuses duplicate keys (YAML 1.2 forbids them, PyYAML keeps the last) and hands the positions
to the caller, which takes the two constructors below. ruamel.yaml keeps lines too, but would be
a second YAML parser in the dependency tree for the same job.

References:
    [YAML1.2] Ben-Kiki, O., Evans, C. & döt Net, I. (2021). YAML Ain't Markup Language
        version 1.2.2, sect. 3.2.1.1 (keys are unique) and 5.1 (printable characters).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dyadwatch.errors import DyadwatchError

__all__ = ["Field", "YamlList", "YamlMap", "line_of", "parse", "place", "read", "read_text"]

#: C0 and C1 control characters other than tab, line feed, carriage return and NEL, which
#: YAML does not allow in a stream [YAML1.2, sect. 5.1].
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
#: the largest file :func:`read_text` reads (hand-written scenarios and claims are kilobytes)
MAX_BYTES = 20_000_000
_SYNTAX_FIX = "cannot read YAML past this point: check the indentation, quoting and brackets there"


# ---------------------------------------------------------------------------------------------
# Reading a user's file
# ---------------------------------------------------------------------------------------------


def read_text(path: str | Path, *, empty_fix: str = "write the content into it") -> str:
    """A user's UTF-8 text file, or one clear error line.

    Args:
        path: the file.
        empty_fix: what to tell the user when the file is empty (or only white space).

    Returns:
        The text (a leading byte-order mark removed).

    Raises:
        DyadwatchError: missing file, a folder or a device, an unreadable file, a file over
            :data:`MAX_BYTES`, binary data, text that is not UTF-8, or an empty file.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise IsADirectoryError
        if path.exists() and not path.is_file():  # a device or a pipe: reading may not end
            raise DyadwatchError(f"{path} is not a regular file", fix="pass a text file")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DyadwatchError(f"no such file: {path}", fix="check the path") from None
    except IsADirectoryError:
        raise DyadwatchError(f"{path} is a folder, not a file", fix="pass a file") from None
    except OSError as exc:
        raise DyadwatchError(
            f"cannot read {path}: {exc.strerror or exc}", fix="check the path and its permissions"
        ) from None
    if len(data) > MAX_BYTES:
        raise DyadwatchError(
            f"the file is larger than {MAX_BYTES // 1_000_000} MB",
            where=str(path),
            fix="pass a hand-written file, not a data dump",
        )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise DyadwatchError(
            "the file is UTF-16 text", where=str(path), fix="save it as UTF-8 text"
        )
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DyadwatchError(
            "not a text file: it holds binary data (a NUL byte)",
            where=f"{path}, line {line}",
            fix="pass a UTF-8 text file",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DyadwatchError(
            f"not a UTF-8 text file: byte 0x{data[exc.start]:02x} cannot be decoded",
            where=f"{path}, line {line}",
            fix="save the file as UTF-8 text",
        ) from None
    if not text.strip():
        raise DyadwatchError("the file is empty", where=str(path), fix=empty_fix)
    return text.removeprefix("\ufeff")


def read(path: str | Path, *, empty_fix: str = "write the content into it") -> Any:
    """Read and parse a user's YAML file (:func:`read_text`, then :func:`parse`)."""
    return parse(read_text(path, empty_fix=empty_fix), str(path), empty_fix=empty_fix)


# ---------------------------------------------------------------------------------------------
# Parsing with lines
# ---------------------------------------------------------------------------------------------


class YamlMap(dict):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    line: int | None = None
    key_lines: dict[Any, int]


class YamlList(list):
    """A list that remembers its own line and the line of each item (1-based)."""

    line: int | None = None
    item_lines: list[int]


class _Problem(Exception):
    """A value the loader refuses, with its position (turned into a DyadwatchError)."""

    def __init__(self, what: str, fix: str, mark: yaml.Mark) -> None:
        super().__init__(what)
        self.what, self.fix, self.mark = what, fix, mark


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings and lists remember their lines; duplicate keys fail."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> YamlMap:
    loader.flatten_mapping(node)
    out = YamlMap()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise _Problem(
                "a key must be a name or a number, not a list or a mapping",
                "write the key as plain text",
                key_node.start_mark,
            ) from None
        if key in out:
            raise _Problem(
                f"duplicate key '{key}' (first on line {out.key_lines[key]})",
                "keep one of the two keys",
                key_node.start_mark,
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> YamlList:
    out = YamlList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        raise _Problem(
            f"no such date {node.value!r}",
            "write a real calendar date, YYYY-MM-DD",
            node.start_mark,
        ) from None


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def parse(text: str, source: str, *, empty_fix: str = "write the content into it") -> Any:
    """Parse YAML text into plain values with lines (:class:`YamlMap`, :class:`YamlList`).

    Args:
        text: the YAML text.
        source: what the text is, for error messages (a file name, ``"request body"``).
        empty_fix: what to tell the user when the text holds no YAML content.

    Raises:
        DyadwatchError: a control character, a duplicate key, a date that does not exist, a
            syntax error, or no content; ``where`` is ``"SOURCE, line N"``.
    """
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise DyadwatchError(
            f"invalid YAML: unacceptable character U+{ord(bad.group()):04X} (a control character)",
            where=f"{source}, line {line}, column {column}",
            fix="delete it: YAML text cannot hold control characters",
        )
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except _Problem as exc:
        raise DyadwatchError(
            exc.what, where=place(source, exc.mark.line + 1), fix=exc.fix
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        parts = [p for p in (exc.context, exc.problem) if p]
        problem = ", ".join(parts) if parts else "malformed YAML"
        raise DyadwatchError(
            f"invalid YAML: {problem}",
            where=place(source, mark.line + 1 if mark is not None else None),
            fix=_SYNTAX_FIX,
        ) from None
    except yaml.reader.ReaderError as exc:
        raise DyadwatchError(
            f"invalid YAML: unacceptable character #x{exc.character:04x}",
            where=place(source, text.count("\n", 0, exc.position) + 1),
            fix="delete it: YAML text cannot hold it",
        ) from None
    except yaml.YAMLError as exc:
        raise DyadwatchError(
            f"invalid YAML: {str(exc).splitlines()[0]}", where=source, fix=_SYNTAX_FIX
        ) from None
    except RecursionError:
        raise DyadwatchError(
            "invalid YAML: nested too deeply", where=source, fix="flatten the structure"
        ) from None
    if data is None:
        raise DyadwatchError(
            "the YAML is empty (no content, or only comments)", where=source, fix=empty_fix
        )
    return data


def line_of(container: Any, key: Any = None) -> int | None:
    """The line of ``key`` in a parsed mapping, else the container's own line (None if unknown).

    For a :class:`YamlList`, ``key`` is an item's index.
    """
    if isinstance(container, YamlList) and isinstance(key, int):
        lines = getattr(container, "item_lines", [])
        if 0 <= key < len(lines):
            return lines[key]
    lines = getattr(container, "key_lines", None)
    if lines and key is not None and key in lines:
        return lines[key]
    return getattr(container, "line", None) or None


def _own_line(value: Any) -> int | None:
    return value.line if isinstance(value, (YamlMap, YamlList)) else None


def place(source: str, line: int | None = None, label: str | None = None) -> str:
    """``"SOURCE, line N, LABEL"``, leaving out what is not known."""
    text = source
    if line:
        text += f", line {line}"
    if label:
        text += f", {label}"
    return text


# ---------------------------------------------------------------------------------------------
# Checked access
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One value of a parsed YAML file, with where it is: the source, its line, its key path.

    Attributes:
        value: the parsed value.
        source: the file (or ``"request body"``) it came from.
        line: its line (1-based), None when unknown.
        path: the key path from the top, e.g. ``ladder[1].loss_of_control`` ("" at the top).
    """

    value: Any
    source: str
    line: int | None = None
    path: str = ""

    @classmethod
    def top(cls, data: Any, source: str) -> Field:
        """The whole document."""
        return cls(data, source, line_of(data))

    def error(self, what: str, fix: str) -> DyadwatchError:
        """An error at this value: ``what (SOURCE, line N, key PATH). fix``."""
        label = f"key {self.path}" if self.path else None
        return DyadwatchError(what, where=place(self.source, self.line, label), fix=fix)

    def _name(self) -> str:
        return self.path or "the document"

    def mapping(self, allowed: Sequence[str], required: Sequence[str] = ()) -> dict[str, Field]:
        """The value as a mapping of fields, checking its keys.

        Raises:
            DyadwatchError: not a mapping, an unknown key, or a missing required key.
        """
        if not isinstance(self.value, Mapping):
            raise self.error(f"{self._name()} must be a mapping", "write it as 'name: value' lines")
        out: dict[str, Field] = {}
        for key, value in self.value.items():
            path = f"{self.path}.{key}" if self.path else str(key)
            key_line = line_of(self.value, key) or self.line
            if not isinstance(key, str) or key not in allowed:
                raise Field(key, self.source, key_line, path).error(
                    f"unknown key {key!r}", f"allowed keys here: {', '.join(allowed)}"
                )
            # a nested mapping or list is placed at its first line, a scalar at its key's
            out[key] = Field(value, self.source, _own_line(value) or key_line, path)
        for key in required:
            if key not in out:
                raise self.at(key).error(f"missing required key {key!r}", f"add '{key}:'")
        return out

    def at(self, key: str) -> Field:
        """A place for a key of this mapping that is missing or wrong as a whole (its line is
        the mapping's)."""
        return Field(None, self.source, self.line, f"{self.path}.{key}" if self.path else key)

    def items(self, what: str, fix: str) -> list[Field]:
        """The value as a non-empty list of fields (``what``/``fix`` say what it must hold).

        Raises:
            DyadwatchError: not a list, or an empty one.
        """
        if not isinstance(self.value, list) or not self.value:
            raise self.error(what, fix)
        return [
            Field(v, self.source, _own_line(v) or line_of(self.value, i), f"{self.path}[{i}]")
            for i, v in enumerate(self.value)
        ]

    def number(
        self,
        *,
        lo: float | None = None,
        hi: float | None = None,
        lo_open: bool = False,
        integer: bool = False,
    ) -> float:
        """The value as a finite number in ``[lo, hi]`` (``(lo, hi]`` with ``lo_open``).

        Returns:
            A float, or an int when ``integer``.

        Raises:
            DyadwatchError: not a number (or not a whole one), or out of range.
        """
        v, key = self.value, self.path
        ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
        if integer:
            ok = ok and float(v).is_integer()
        if not ok:
            kind = "an integer" if integer else "a number"
            raise self.error(f"{key} must be {kind}, got {v!r}", f"write {kind}")
        rng = f"[{lo if lo is not None else '-inf'}, {hi if hi is not None else 'inf'}]"
        if (lo is not None and (v < lo or (lo_open and v == lo))) or (hi is not None and v > hi):
            what = "probability" if (lo == 0 and hi == 1) else "value"
            raise self.error(f"{key}={v} is out of range for a {what}", f"use a value in {rng}")
        return int(v) if integer else float(v)

    def text(self, choices: Sequence[str] | None = None) -> str:
        """The value as text (one of ``choices`` when given).

        Raises:
            DyadwatchError: not text, or not one of the choices.
        """
        v = self.value
        if not isinstance(v, str) or (choices is not None and v not in choices):
            fix = f"use one of {', '.join(choices)}" if choices else "write text"
            raise self.error(f"{self.path}={v!r} is not valid", fix)
        return v
