"""``dyadwatch trust``: Moscow's belief that the West keeps to norms, and how to restore it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import FMT, OUT, out_path
from dyadwatch.cli.output import Format, emit
from dyadwatch.cli.say import register_note
from dyadwatch.errors import DyadwatchError

trust_app = typer.Typer(
    help=(
        "Norm trust: a Beta posterior, by year, that the West keeps to international law, "
        "norms and institutions, learned from the cited norm ledger.\n\n"
        "Example: dyadwatch trust --forgetting 0.9 --asymmetry 0.5 --format json"
    ),
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(trust_app, name="trust")

FORGETTING_HELP = "Forgetting factor lambda in [0, 1]; 1 keeps all evidence. Example: 0.9"
OBSERVED_HELP = "Whose acts are learned from: west (Moscow's view, default) or russia (mirror)."
LEDGER_HELP = "A ledger CSV with the shipped columns (default: the shipped ledger)."
WEIGHT_HELP = "Weight of an act, ACT=W (repeatable), e.g. --weight withdrawal=1 --weight evasion=1."


def _weights(items: list[str]) -> dict[str, float]:
    from dyadwatch.api.trust import check_weights

    out: dict[str, float] = {}
    for item in items:
        key, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            out[key.strip()] = float(value)
        except ValueError:
            raise DyadwatchError(
                f"bad weight {item!r}", where="--weight", fix="write ACT=W, e.g. withdrawal=1"
            ) from None
    try:
        check_weights(out)
    except DyadwatchError as exc:  # the core names the parameter 'weights'; the flag is --weight
        raise DyadwatchError(exc.what, where="--weight", fix=exc.fix) from None
    return out


def _prior(text: str) -> tuple[float, float]:
    parts = [p for p in text.replace(",", " ").split() if p]
    try:
        if len(parts) != 2:
            raise ValueError
        return float(parts[0]), float(parts[1])
    except ValueError:
        raise DyadwatchError(
            f"bad prior {text!r}", where="--prior", fix="write two numbers, e.g. 1,1"
        ) from None


def _output(ctx: typer.Context, fmt: Format, out: Path | None) -> tuple[Format, Path | None]:
    """A subcommand's --format and --out, falling back to those given before its name
    (``dyadwatch trust --format json recover``), with --out checked before any work."""
    parent = ctx.parent.params if ctx.parent is not None else {}
    source = ctx.get_parameter_source("fmt")
    if (source is None or source.name == "DEFAULT") and parent.get("fmt") is not None:
        fmt = parent["fmt"]
    if out is None:
        out = parent.get("out")
    return fmt, out_path(out)


@trust_app.callback()
def trust_command(
    ctx: typer.Context,
    forgetting: float = typer.Option(1.0, "--forgetting", help=FORGETTING_HELP),
    asymmetry: float = typer.Option(
        1.0,
        "--asymmetry",
        help="Weight a in [0, 1] of compliance relative to violations; a < 1 is a cynic.",
    ),
    prior: str = typer.Option("1,1", "--prior", help="Beta prior alpha0,beta0. Example: 1,1"),
    weight: list[str] = typer.Option([], "--weight", help=WEIGHT_HELP),
    observed: str = typer.Option("west", "--observed", help=OBSERVED_HELP),
    credible: float = typer.Option(0.9, "--credible", help="Credible-interval mass (0.9 = 90%)."),
    ledger: Path | None = typer.Option(None, "--ledger", help=LEDGER_HELP),
    start: int = typer.Option(1991, "--from", help="First year of the yearly grid."),
    end: int = typer.Option(2025, "--to", help="Last year of the yearly grid."),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Posterior mean and 90% interval, per year, that the observed side keeps to norms.

    Example: dyadwatch trust --forgetting 0.9 --asymmetry 0.5 --format csv
    """
    params: dict[str, Any] = {
        "forgetting": forgetting,
        "prior": _prior(prior),
        "weights": _weights(weight),
        "observed": observed,
        "credible": credible,
        "start": start,
        "end": end,
    }
    ctx.obj = {"params": params, "asymmetry": asymmetry, "ledger": ledger}
    if ctx.invoked_subcommand is not None:
        return
    from dyadwatch.api.trust import NormTrust, load_ledger

    out = out_path(out)
    table = load_ledger(ledger)
    model = NormTrust(asymmetry=asymmetry, **params).fit(table)
    frame = model.posterior_
    if fmt is Format.json:
        emit(
            {
                "observer": "Moscow" if observed == "west" else "the West",
                "observed": observed,
                "forgetting": forgetting,
                "asymmetry": asymmetry,
                "prior": list(params["prior"]),
                "credible": credible,
                "years": frame.to_dict(orient="records"),
            },
            fmt,
            out,
        )
    else:
        if fmt is Format.table:
            frame = frame[["year", "compliance", "negative", "mean", "lower", "upper", "events"]]
        title = f"P(the {observed} keeps to norms), {int(credible * 100)}% band"
        emit(frame, fmt, out, title=title)
    register_note("Norm ledger", table["date"], fmt, out)


@trust_app.command("recover")
def recover_command(
    ctx: typer.Context,
    target: float = typer.Option(0.5, "--target", help="Belief level to reach, in (0, 1)."),
    rate: float = typer.Option(1.0, "--rate", help="Compliance events per year (no violations)."),
    asymmetries: str = typer.Option(
        "1,0.75,0.5,0.25,0.1", "--asymmetries", help="Comma-separated values of a, e.g. 1,0.5."
    ),
    forgetting: float | None = typer.Option(
        None, "--forgetting", help=FORGETTING_HELP + " Default: the parent option (1)."
    ),
    max_years: int = typer.Option(1000, "--max-years", help="Give up after this many years."),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Years of consistent compliance needed to bring the belief back to a target.

    Example: dyadwatch trust recover --target 0.5 --forgetting 0.9 --asymmetries 1,0.5,0.25
    """
    from dyadwatch.api.trust import load_ledger, recovery_table

    fmt, out = _output(ctx, fmt, out)
    obj = ctx.obj or {}
    params = dict(obj.get("params", {}))
    if forgetting is not None:
        params["forgetting"] = forgetting
    try:
        values = [float(x) for x in asymmetries.split(",") if x.strip()]
    except ValueError:
        raise DyadwatchError(
            f"bad --asymmetries {asymmetries!r}", fix="write numbers like 1,0.5,0.25"
        ) from None
    table = recovery_table(
        load_ledger(obj.get("ledger")),
        target=target,
        asymmetries=values,
        rate=rate,
        max_years=max_years,
        **params,
    )
    emit(table, fmt, out, title=f"Years of compliance to reach {target:g}")
    register_note("Norm ledger", load_ledger(obj.get("ledger"))["date"], fmt, out)


@trust_app.command("ledger")
def ledger_command(
    ctx: typer.Context,
    side: str | None = typer.Option(None, "--side", help="west or russia (default both)."),
    act: str | None = typer.Option(
        None, "--act", help="compliance, violation, evasion or withdrawal."
    ),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """List the cited norm ledger (Western and Russian acts).

    Example: dyadwatch trust ledger --side west --act violation --format csv
    """
    from dyadwatch.api.trust import ACTS, LEDGER_COLUMNS, SIDES, load_ledger

    fmt, out = _output(ctx, fmt, out)
    if side is not None and side not in SIDES:
        raise DyadwatchError(f"unknown side {side!r}", where="--side", fix="use west or russia")
    if act is not None and act not in ACTS:
        raise DyadwatchError(f"unknown act {act!r}", where="--act", fix=f"use {', '.join(ACTS)}")
    frame = load_ledger((ctx.obj or {}).get("ledger"))
    full = frame
    if side is not None:
        frame = frame[frame["side"] == side]
    if act is not None:
        frame = frame[frame["act"] == act]
    columns = ["date", "actor", "act", "norm", "description", "citation"]
    frame = frame[columns] if fmt is Format.table else frame[[*LEDGER_COLUMNS, "side"]]
    emit(frame, fmt, out, title=f"Norm ledger ({len(frame)} events)")
    register_note("Norm ledger", full["date"], fmt, out)
