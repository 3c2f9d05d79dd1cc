"""Issue 16: every command that reads a user's file or writes ``--out`` fails in one line.

The commands are enumerated from the Typer app itself, so a new command is covered without
editing this file: each parameter annotated as a path (other than the store, ``--db``, and
output paths) is fed a binary file and an empty file; each command with ``--out`` is given
three unwritable places. Every case must print one ``error:`` line, exit 2, no traceback.
"""

from __future__ import annotations

import inspect
import os
import typing
from pathlib import Path

import pytest
import typer.main

from dyadwatch.cli import app, main

#: Output paths and the store: not files the user hands in to be read.
NOT_INPUTS = {"db", "out", "dest", "plot", "forecasts"}
#: Values for required arguments that are not files.
REQUIRED = {
    "source": "gdelt1",
    "scenario": "cuba1962",
    "name": "chicken",
    "claim_id": "x",
}
#: Positional ``source`` of ``data download`` needs a source it can list.
DOWNLOAD = {"source": "gdelt1"}


def _commands():
    def walk(command, path):
        subs = getattr(command, "commands", None)
        if subs:
            for name, sub in subs.items():
                yield from walk(sub, [*path, name])
        else:
            yield path, command

    yield from walk(typer.main.get_command(app), [])


def _is_path(hint) -> bool:
    if hint is Path:
        return True
    return any(_is_path(a) for a in typing.get_args(hint))


def _file_params(command) -> list:
    hints = typing.get_type_hints(command.callback)
    return [
        p
        for p in command.params
        if p.name not in NOT_INPUTS and p.name in hints and _is_path(hints[p.name])
    ]


def _base_args(command, skip: str | None = None) -> list[str]:
    """Values for the command's required arguments (positional first, in order)."""
    args = []
    for p in command.params:
        if p.name == skip or not p.required:
            continue
        if p.param_type_name == "argument":
            args.append(REQUIRED.get(p.name, "x"))
        else:
            args += [p.opts[0], REQUIRED.get(p.name, "x")]
    return args


def _with_file(path: list[str], command, param, file: Path) -> list[str]:
    args = list(path)
    if param.param_type_name == "argument":
        for p in command.params:
            if p.param_type_name != "argument":
                continue
            args.append(str(file) if p is param else REQUIRED.get(p.name, "x"))
    else:
        args += _base_args(command) + [param.opts[0], str(file)]
    return args


FILE_CASES = [
    pytest.param(path, command, param, id=f"{' '.join(path)} {param.name}")
    for path, command in _commands()
    for param in _file_params(command)
]
OUT_CASES = [
    pytest.param(path, command, id=" ".join(path))
    for path, command in _commands()
    if any(p.name == "out" for p in command.params)
]


def test_the_enumeration_finds_the_known_commands():
    ids = {c.id for c in FILE_CASES}
    assert {"stages series", "ingest paths", "threats assess file", "data normfile path"} <= ids
    assert len(OUT_CASES) >= 30


def _check_one_line(rc: int, err: str, out: str) -> None:
    assert rc == 2, (rc, err, out)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err + out


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("DYADWATCH_DB", str(tmp_path / "store.duckdb"))
    monkeypatch.setenv("DYADWATCH_UPDATE_DIR", str(tmp_path / "update"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("path", "command", "param"), FILE_CASES)
@pytest.mark.parametrize("kind", ["binary", "empty"])
def test_bad_input_file_is_one_line_exit_2(env, capsys, path, command, param, kind):
    file = env / f"{kind}.csv"
    file.write_bytes(b"" if kind == "empty" else b"\xac\xed\x00\x05" + os.urandom(300))
    rc = main(_with_file(path, command, param, file))
    captured = capsys.readouterr()
    _check_one_line(rc, captured.err, captured.out)


#: Commands whose ``--out`` makes missing folders (``report`` writes a folder of files).
CREATES_FOLDERS = (["report"],)
UNWRITABLE = {
    "proc": "/proc/nope.json",
    "folder": "{tmp}",
    "missing_dir": "{tmp}/no/such/dir/out.json",
}


@pytest.mark.parametrize(("path", "command"), OUT_CASES)
@pytest.mark.parametrize("where", list(UNWRITABLE))
def test_unwritable_out_is_one_line_exit_2(env, capsys, path, command, where):
    if where == "missing_dir" and path in CREATES_FOLDERS:
        pytest.skip("this command creates the folders of its --out (documented)")
    target = UNWRITABLE[where].format(tmp=env)
    args = [*path, *_base_args(command), "--out", target]
    if "fmt" in {p.name for p in command.params}:
        args += ["--format", "json"]
    rc = main(args)
    captured = capsys.readouterr()
    _check_one_line(rc, captured.err, captured.out)
    assert "cannot write" in captured.err


def test_risk_sweep_out_under_proc_names_the_path(env, capsys):
    rc = main(["risk", "sweep", "cuba1962", "--format", "json", "--out", "/proc/nope.json"])
    err = capsys.readouterr().err
    assert rc == 2 and "cannot write /proc/nope.json" in err


def test_a_good_out_still_writes(env, capsys):
    target = env / "list.json"
    assert main(["risk", "list", "--format", "json", "--out", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("[")


def test_signature_helper_sees_annotations():
    (command,) = [c for p, c in _commands() if p == ["threats", "assess"]]
    assert "file" in inspect.signature(command.callback).parameters
