"""Command-line interface: ``dyadwatch COMMAND``.

Each command is a thin wrapper over the public API. Errors the user can fix print one line on
standard error and exit with status 2; nothing here shows a traceback for them.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

from dyadwatch.cli.app import app
from dyadwatch.errors import DyadwatchError

try:  # recent typer vendors its own copy of click (and does not install click)
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - older typer built on click
    from click.exceptions import ClickException

__all__ = ["app", "main"]

# Every module of this package registers its commands on ``app`` when imported.
for _mod in pkgutil.iter_modules(__path__):
    if _mod.name not in {"app", "output", "options", "say"}:
        importlib.import_module(f"{__name__}.{_mod.name}")

_USAGE_ERRORS = (ClickException,)
_EXITS = (typer.Exit,)
_ABORTS = (typer.Abort, KeyboardInterrupt)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status (used by the console script)."""
    try:
        # with standalone_mode=False click returns a typer.Exit's code instead of raising it
        status = app(args=argv, prog_name="dyadwatch", standalone_mode=False)
    except DyadwatchError as exc:
        from dyadwatch.cli.options import FLAGS

        typer.echo(f"error: {exc.line(FLAGS)}", err=True)
        return exc.exit_code
    except _ABORTS:
        typer.echo("error: aborted", err=True)
        return 130
    except _EXITS as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    except _USAGE_ERRORS as exc:
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            typer.echo(ctx.get_help())
            return 0
        cmd = ctx.command_path if ctx is not None else "dyadwatch"
        message = exc.format_message().splitlines()[0]
        typer.echo(f"error: {message} (run '{cmd} --help')", err=True)
        return int(getattr(exc, "exit_code", 2) or 2)
    except BrokenPipeError:
        return 0
    return status if isinstance(status, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
