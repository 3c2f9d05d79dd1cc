"""``dyadwatch risk``: prospect theory, escalation scenarios, self-deterrence, 2x2 games."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import FMT, OUT, out_path
from dyadwatch.cli.output import Format, emit, frame_records, to_json
from dyadwatch.errors import DyadwatchError

if TYPE_CHECKING:
    import pandas as pd

risk_app = typer.Typer(
    help=(
        "Tolerance for risk: a prospect-theory engine, an escalation model with gambling for "
        "resurrection, threat credibility and self-deterrence, and 2x2 games.\n\n"
        "Example: dyadwatch risk run cuba1962 --table outcomes"
    ),
    no_args_is_help=True,
)
app.add_typer(risk_app, name="risk")

SCENARIO_HELP = (
    "A scenario YAML file or a shipped name (see 'dyadwatch risk list'). Example: cuba1962"
)
TABLES = ("outcomes", "rungs", "credibility", "deterrence", "all")


def _floats(text: str, option: str) -> list[float]:
    try:
        vals = [float(x) for x in text.replace(" ", "").split(",") if x]
    except ValueError:
        raise DyadwatchError(
            f"bad number list {text!r}", where=option, fix="write numbers separated by commas"
        ) from None
    if not vals:
        raise DyadwatchError("empty list", where=option, fix="give at least one number")
    return vals


def _references(text: str) -> list[str | float]:
    out: list[str | float] = []
    for item in [x.strip() for x in text.split(",") if x.strip()]:
        if item in ("status_quo", "lost_position"):
            out.append(item)
            continue
        try:
            out.append(float(item))
        except ValueError:
            raise DyadwatchError(
                f"bad reference point {item!r}",
                where="--reference",
                fix="use status_quo, lost_position or a number (stake units)",
            ) from None
    if not out:
        raise DyadwatchError("empty list", where="--reference", fix="give at least one value")
    return out


def _check_table(which: str, fmt: Format) -> None:
    if which not in TABLES:
        raise DyadwatchError(
            f"unknown table {which!r}", where="--table", fix=f"use one of {', '.join(TABLES)}"
        )
    if fmt is Format.csv and which == "all":
        raise DyadwatchError(
            "csv holds one table", where="--table all", fix="choose one table with --table"
        )


def _emit_tables(
    tables: dict[str, pd.DataFrame], which: str, fmt: Format, out: Path | None, title: str
) -> None:
    names = list(tables) if which == "all" else [which]
    if fmt is Format.json:
        payload = {k: tables[k] for k in names} if which == "all" else tables[which]
        if which == "all":
            text = to_json({k: frame_records(v) for k, v in payload.items()})
            if out is not None:
                out.write_text(text + "\n", encoding="utf-8")
            else:
                typer.echo(text)
            return
        emit(payload, fmt, out)
        return
    if fmt is Format.table and len(names) > 1 and out is not None:
        chunks = []
        for k in names:
            tmp = out.with_suffix(out.suffix + f".{k}.tmp")
            emit(tables[k], fmt, tmp, title=f"{title}: {k}")
            chunks.append(tmp.read_text(encoding="utf-8"))
            tmp.unlink()
        out.write_text("\n".join(chunks), encoding="utf-8")
        return
    for k in names:
        emit(tables[k], fmt, out, title=f"{title}: {k}")


def _plot_path(plot: Path | None) -> Path | None:
    """Check that ``--plot`` can be written before any work is done."""
    try:
        return out_path(plot)
    except DyadwatchError as exc:
        raise DyadwatchError(
            exc.what, where="--plot", fix="pass --plot with a file in a folder you can write to"
        ) from None


@risk_app.command("list")
def list_command(
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """List the shipped scenarios.

    Example: dyadwatch risk list --format json
    """
    from dyadwatch.api import risk

    out = out_path(out)
    rows = []
    for name in risk.shipped_scenarios():
        sc = risk.load_scenario(name)
        m = sc.model
        rows.append(
            {
                "name": name,
                "title": sc.title,
                "challenger": m.challenger.name if m.challenger else "challenger",
                "defender": m.defender.name if m.defender else "defender",
                "rungs": len(m.ladder or []),
                "cited_facts": len(sc.facts),
            }
        )
    emit(rows, fmt, out, title="Shipped scenarios")


@risk_app.command("run")
def run_command(
    scenario: str = typer.Argument(..., help=SCENARIO_HELP),
    table: str = typer.Option(
        "all", "--table", help="outcomes, rungs, credibility, deterrence or all (not for csv)."
    ),
    n: int | None = typer.Option(None, "--n", help="Simulated crises. Example: --n 200000"),
    seed: int | None = typer.Option(None, "--seed", help="Random seed (default: the scenario's)."),
    plot: Path | None = typer.Option(
        None, "--plot", help="Write plotly charts to this HTML file. Example: --plot cuba.html"
    ),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Solve a scenario exactly, simulate it, and print the outcome tables.

    Outcomes (exact probability, Monte Carlo estimate, mean rung), outcomes by rung, threat
    credibility per rung, and self-deterrence (a defender that believes every threat against
    one that estimates credibility).

    Example: dyadwatch risk run ukraine2022 --table deterrence --plot ukraine.html
    """
    out, plot = out_path(out), _plot_path(plot)
    _check_table(table, fmt)
    if n is not None and n < 1:
        raise DyadwatchError(f"--n {n} must be at least 1", where="--n", fix="use --n 100000")
    from dyadwatch.api import risk

    sc = risk.load_scenario(scenario)
    tables = risk.run_scenario(sc, n=n, seed=seed)
    tables = {
        "outcomes": tables["outcomes"],
        "rungs": tables["rungs"],
        "credibility": tables["credibility"],
        "deterrence": tables["self_deterrence"],
    }
    if plot is not None:
        from dyadwatch.plots.risk import credibility_figure, outcome_figure, write_plots

        model = sc.model.clone().fit()
        write_plots(
            [
                outcome_figure(model, f"{sc.title}: where the crisis ends"),
                credibility_figure(model, f"{sc.title}: threat credibility"),
            ],
            plot,
        )
    _emit_tables(tables, table, fmt, out, sc.title)


@risk_app.command("sweep")
def sweep_command(
    scenario: str = typer.Argument(..., help=SCENARIO_HELP),
    lam: str = typer.Option(
        "1,1.5,2.25,3,4", "--lam", help="Loss-aversion values. Example: --lam 1,2.25,4"
    ),
    reference: str = typer.Option(
        "status_quo,lost_position",
        "--reference",
        help="Reference points: status_quo, lost_position or numbers. Example: status_quo,0.5",
    ),
    actor: str = typer.Option("challenger", "--actor", help="challenger or defender."),
    plot: Path | None = typer.Option(
        None, "--plot", help="Write the sweep chart to this HTML file. Example: --plot sweep.html"
    ),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Sensitivity of the outcomes to one actor's loss aversion and reference point.

    Example: dyadwatch risk sweep syria2016 --lam 1,2.25,4 --reference status_quo,lost_position
    """
    from dyadwatch.api import risk

    out, plot = out_path(out), _plot_path(plot)
    sc = risk.load_scenario(scenario)
    lams = _floats(lam, "--lam")
    if any(x <= 0 for x in lams):
        raise DyadwatchError("lambda must be positive", where="--lam", fix="use values > 0")
    frame = risk.sweep(sc.model, lams, _references(reference), actor=actor)
    if plot is not None:
        from dyadwatch.plots.risk import sweep_figure, write_plots

        write_plots(
            [
                sweep_figure(frame, "defender_backs_down", f"{sc.title}: defender concessions"),
                sweep_figure(
                    frame, "uncontrolled_escalation", f"{sc.title}: uncontrolled escalation"
                ),
            ],
            plot,
        )
    emit(frame, fmt, out, title=f"{sc.title}: sweep over the {actor}'s lambda and reference")


@risk_app.command("replicate")
def replicate_command(
    model: str = typer.Option("cpt", "--model", help="cpt, ev (expected value) or eu (CARA)."),
    alpha: float = typer.Option(0.88, "--alpha", help="CPT value curvature for gains."),
    beta: float = typer.Option(0.88, "--beta", help="CPT value curvature for losses."),
    lam: float = typer.Option(2.25, "--lam", help="CPT loss aversion."),
    gamma: float = typer.Option(0.61, "--gamma", help="CPT weighting parameter for gains."),
    delta: float = typer.Option(0.69, "--delta", help="CPT weighting parameter for losses."),
    weighting: str = typer.Option("tk92", "--weighting", help="tk92 or prelec."),
    form: str = typer.Option("cumulative", "--form", help="cumulative (1992) or separable (1979)."),
    risk_aversion: float = typer.Option(0.001, "--risk-aversion", help="CARA coefficient (eu)."),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """The published majority choices next to the engine's (KT1979, TK1981).

    Example: dyadwatch risk replicate --model cpt --gamma 1 --delta 1
    """
    from dyadwatch.api import risk

    out = out_path(out)
    if model == "cpt":
        pref: risk.PreferenceModel = risk.CPT(
            alpha=alpha,
            beta=beta,
            lam=lam,
            gamma=gamma,
            delta=delta,
            weighting=weighting,
            form=form,
        )
    elif model == "ev":
        pref = risk.ExpectedValue()
    elif model == "eu":
        pref = risk.ExpectedUtility(risk_aversion=risk_aversion)
    else:
        raise DyadwatchError(f"unknown model {model!r}", where="--model", fix="use cpt, ev or eu")
    frame = risk.replicate(pref)
    emit(frame, fmt, out, title=f"Published choices and {pref!r}")


_GAMES = {"chicken": "chicken", "pd": "prisoners_dilemma", "stag": "stag_hunt"}


@risk_app.command("game")
def game_command(
    name: str = typer.Argument(..., help="chicken, pd (Prisoner's Dilemma) or stag (Stag Hunt)."),
    crash_cost: float = typer.Option(10.0, "--crash-cost", help="Chicken's crash cost C (> 1)."),
    lam: float = typer.Option(2.25, "--lam", help="Both players' CPT loss aversion."),
    reference: float = typer.Option(0.0, "--reference", help="Both players' reference point."),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Nash equilibria of a 2x2 game for expected-value and for CPT players (nashpy).

    Example: dyadwatch risk game chicken --crash-cost 10 --lam 2.25
    """
    from dyadwatch.api import risk

    out = out_path(out)
    if name not in _GAMES:
        raise DyadwatchError(f"unknown game {name!r}", fix="use chicken, pd or stag")
    if name == "chicken" and crash_cost <= 1:
        raise DyadwatchError("crash cost must exceed 1", where="--crash-cost", fix="use > 1")
    g = risk.chicken(crash_cost) if name == "chicken" else getattr(risk, _GAMES[name])()
    cpt = risk.CPT(lam=lam, reference=reference)
    rows = []
    for label, pref in (("expected value", risk.ExpectedValue()), ("CPT", cpt)):
        for i, (a, b) in enumerate(risk.CPTGame(g, copy.copy(pref), copy.copy(pref)).equilibria()):
            rows.append(
                {
                    "players": label,
                    "equilibrium": i + 1,
                    f"row_p_{g.strategies[1]}": float(a[1]),
                    f"col_p_{g.strategies[1]}": float(b[1]),
                }
            )
    emit(rows, fmt, out, title=f"{g.name}: Nash equilibria")
