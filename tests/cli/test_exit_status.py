"""``main`` passes a command's own exit status through (click returns it, it does not raise)."""

from __future__ import annotations

import typer

import dyadwatch.cli as cli


def test_exit_status_of_a_command_is_returned(monkeypatch):
    app = typer.Typer()

    @app.command()
    def fails() -> None:
        raise typer.Exit(3)

    @app.command()
    def works() -> None:
        pass

    monkeypatch.setattr(cli, "app", app)
    assert cli.main(["fails"]) == 3
    assert cli.main(["works"]) == 0
