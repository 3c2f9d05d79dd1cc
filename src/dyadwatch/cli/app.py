"""The one Typer application; command modules in this package register on it."""

from __future__ import annotations

import typer

from dyadwatch import __version__

app = typer.Typer(
    name="dyadwatch",
    help=(
        "Measure, test and reason about great-power relations from event data.\n\n"
        "Example: dyadwatch events --dyad USA-RUS --from 2008-01-01 --tag war"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dyadwatch {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """dyadwatch: relations indices, the cycle, and models of the essay's four misjudgements."""
