"""One CLI vocabulary: every command that prints results takes --format and --out, and the
shared options mean the same everywhere."""

from __future__ import annotations

import pytest
import typer.main

from dyadwatch.cli import app

#: Commands that print no result table: they write files, serve, or run on a schedule.
NOT_PRINTING = {"report", "serve", "watch"}


def _commands():
    root = typer.main.get_command(app)

    def walk(cmd, path):
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                yield from walk(sub, (*path, name))
        else:
            yield " ".join(path), cmd

    return list(walk(root, ()))


COMMANDS = _commands()


def _options(cmd) -> dict[str, object]:
    return {opt: p for p in cmd.params for opt in getattr(p, "opts", [])}


def test_there_are_commands():
    names = {name for name, _ in COMMANDS}
    assert {"events", "index", "stages", "now", "unga", "risk run", "threats list"} <= names


@pytest.mark.parametrize(("name", "cmd"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_printing_commands_take_format_and_out(name, cmd):
    if name.split()[0] in NOT_PRINTING:
        return
    opts = _options(cmd)
    assert "--format" in opts, f"{name} lacks --format"
    assert "--out" in opts, f"{name} lacks --out"
    fmt = opts["--format"]
    annotation = fmt.type_descriptor.annotation if hasattr(fmt, "type_descriptor") else None
    choices = getattr(fmt, "type", None) and getattr(fmt.type, "choices", None)
    values = {m.value for m in annotation} if annotation is not None else set(choices or ())
    assert values >= {"table", "csv", "json"}, f"{name}: --format takes {values}"


@pytest.mark.parametrize(("name", "cmd"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_shared_options_mean_the_same(name, cmd):
    opts = _options(cmd)
    for flag, dest in (("--dyad", "dyad"), ("--from", "start"), ("--to", "end"), ("--db", "db")):
        if flag in opts:
            assert opts[flag].name == dest, f"{name}: {flag} sets {opts[flag].name}"
    assert "--pair" not in opts or opts["--pair"].hidden, f"{name}: --pair must be a hidden alias"


@pytest.mark.parametrize(("name", "cmd"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_an_example(name, cmd):
    assert "Example:" in (cmd.help or ""), f"{name} --help has no example"
