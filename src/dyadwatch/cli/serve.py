"""``dyadwatch serve``: the dashboard and JSON API."""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import DB
from dyadwatch.errors import DyadwatchError, MissingExtraError

#: Addresses that only this machine can reach.
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise DyadwatchError(
                    f"port {port} on {host} is already in use",
                    where="{port}",
                    fix="stop the other server or pass another --port, e.g. --port 8001",
                ) from None
            raise DyadwatchError(
                f"cannot listen on {host}:{port}: {exc.strerror}", where="{host}/{port}"
            ) from None


@app.command("serve")
def serve_command(
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to bind (default loopback only)."
    ),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="TCP port (0: any free one)."),
    db: Path | None = DB,
    workers: int = typer.Option(
        1, "--workers", min=1, max=32, help="Server processes (each with its own caches)."
    ),
) -> None:
    """Run the dashboard and JSON API (read-only; binds to 127.0.0.1 unless told otherwise).

    Example: dyadwatch serve --port 8000   then open http://127.0.0.1:8000/
    """
    try:
        import uvicorn

        from dyadwatch.web.app import create_app
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtraError(exc.name or "fastapi", "web") from None
    if db is not None:
        path = Path(db)
        try:  # a missing store is created (with the shipped chronology) on first use
            if path.exists():
                with path.open("rb"):
                    pass
        except OSError as exc:
            raise DyadwatchError(
                f"cannot read the store {path}: {exc.strerror}",
                where="{db}",
                fix="check its permissions or pass another --db",
            ) from None
    if host not in LOOPBACK:
        typer.echo(
            f"warning: binding to {host} makes the dashboard reachable from other machines; "
            "it has no authentication (use the default 127.0.0.1 unless you mean it)",
            err=True,
        )
    if port:
        _check_port(host, port)
    application = create_app(db)  # the store opens (and gets the chronology) before any worker
    typer.echo(f"dyadwatch dashboard on http://{host}:{port}/  (API docs at /docs; Ctrl-C stops)")
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="warning")
        return
    del application
    os.environ[_DB_VARIABLE] = str(db) if db is not None else ""
    uvicorn.run(
        "dyadwatch.cli.serve:app_from_environment",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
    )


#: How ``dyadwatch serve --workers N`` tells its worker processes which store to open.
_DB_VARIABLE = "DYADWATCH_SERVE_DB"


def app_from_environment():
    """The app of one ``--workers`` process, over the store named in the environment."""
    from dyadwatch.web.app import create_app

    return create_app(os.environ.get(_DB_VARIABLE) or None)
