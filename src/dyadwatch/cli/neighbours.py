"""``dyadwatch neighbours``: alignment of Russia's neighbours, transitions and neutrality."""

from __future__ import annotations

import enum
import numbers
from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import FMT, OUT, out_path
from dyadwatch.cli.output import Format, emit
from dyadwatch.cli.say import register_note, say
from dyadwatch.errors import DyadwatchError

neighbours_app = typer.Typer(
    help=(
        "Security demand: yearly alignment (aligned / neutral / opposed) of 16 neighbours of "
        "Russia, 1991-2025, its transition matrix, stationary distribution and the survival "
        "of neutrality.\n\nExample: dyadwatch neighbours matrix --format json"
    ),
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(neighbours_app, name="neighbours")


class Rule(str, enum.Enum):
    """Coding rules of the alignment table."""

    default = "default"
    military = "military"


RULE_HELP = "Coding rule: default (EU ties count as opposed) or military (NATO and war only)."
SPELLS_HELP = "An alignment spells CSV (default: the shipped table)."


def _panel(rule: Rule, spells: Path | None):
    from dyadwatch.api.neighbours import panel

    return panel(rule.value, spells)


def _spells_note(spells: Path | None, fmt: Format, out: Path | None) -> None:
    """The spells register's range and newest coded year, after an output."""
    from dyadwatch.api.neighbours import load_spells

    frame = load_spells(spells)
    years = [*frame["start_year"], *frame["end_year"]]
    register_note("Alignment spells", years, fmt, out, rows=len(frame))


def _table(panel, country: str | None, wide: bool, fmt: Format, out: Path | None) -> None:
    if country:
        codes = [c.strip().upper() for c in country.split(",") if c.strip()]
        unknown = sorted(set(codes) - set(panel["country"]))
        if unknown:
            raise DyadwatchError(
                f"unknown country {unknown[0]!r}",
                where="--country",
                fix="use ISO3 codes from: " + ", ".join(sorted(panel["country"].unique())),
            )
        panel = panel[panel["country"].isin(codes)]
    if wide or fmt is Format.table:
        short = panel.assign(code=panel["status"].str[0].str.upper())
        frame = short.pivot(index="country", columns="year", values="code").reset_index()
        narrow = fmt is Format.table
        frame.columns = [
            str(c)[2:] if narrow and isinstance(c, numbers.Integral) else str(c)
            for c in frame.columns
        ]
        emit(frame, fmt, out, title="Alignment (A aligned, N neutral, O opposed)")
        return
    emit(panel, fmt, out, title="Alignment by country and year")


@neighbours_app.callback()
def neighbours_command(
    ctx: typer.Context,
    rule: Rule = typer.Option(Rule.default, "--rule", help=RULE_HELP),
    spells: Path | None = typer.Option(None, "--spells", help=SPELLS_HELP),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Alignment of each neighbour per year (the table itself when no subcommand is given).

    Example: dyadwatch neighbours --format csv --out alignment.csv
    """
    ctx.obj = {"rule": rule, "spells": spells}
    if ctx.invoked_subcommand is None:
        out = out_path(out)
        _table(_panel(rule, spells), None, False, fmt, out)
        _spells_note(spells, fmt, out)


def _options(
    ctx: typer.Context, rule: Rule | None, fmt: Format, out: Path | None
) -> tuple[Rule, Path | None, Format, Path | None]:
    """The subcommand's rule, spells file, --format and --out, falling back to the options
    given before its name (``dyadwatch neighbours --format json matrix``); --out is checked
    before any work."""
    obj = ctx.obj or {}
    parent = ctx.parent.params if ctx.parent is not None else {}
    source = ctx.get_parameter_source("fmt")
    if (source is None or source.name == "DEFAULT") and parent.get("fmt") is not None:
        fmt = parent["fmt"]
    if out is None:
        out = parent.get("out")
    out = out_path(out)
    return (rule or obj.get("rule", Rule.default)), obj.get("spells"), fmt, out


@neighbours_app.command("table")
def table_command(
    ctx: typer.Context,
    country: str | None = typer.Option(None, "--country", help="ISO3 codes, e.g. UKR,GEO."),
    wide: bool = typer.Option(False, "--wide", help="One row per country, one column per year."),
    rule: Rule | None = typer.Option(None, "--rule", help=RULE_HELP),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Status per country and year, with basis and citation (long) or as a grid (--wide).

    Example: dyadwatch neighbours table --country UKR,MDA --format csv
    """
    rule, spells, fmt, out = _options(ctx, rule, fmt, out)
    _table(_panel(rule, spells), country, wide, fmt, out)
    _spells_note(spells, fmt, out)


@neighbours_app.command("spells")
def spells_command(ctx: typer.Context, fmt: Format = FMT, out: Path | None = OUT) -> None:
    """The cited spells as shipped (both coding rules side by side).

    Example: dyadwatch neighbours spells --format json
    """
    from dyadwatch.api.neighbours import load_spells

    _, spells, fmt, out = _options(ctx, None, fmt, out)
    emit(load_spells(spells), fmt, out, title="Alignment spells")
    _spells_note(spells, fmt, out)


@neighbours_app.command("matrix")
def matrix_command(
    ctx: typer.Context,
    counts: bool = typer.Option(False, "--counts", help="Show counts instead of probabilities."),
    rule: Rule | None = typer.Option(None, "--rule", help=RULE_HELP),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Empirical yearly transition matrix (rows: status in year t-1, columns: year t).

    Example: dyadwatch neighbours matrix --counts --format csv
    """
    from dyadwatch.api.neighbours import AlignmentChain

    rule, spells, fmt, out = _options(ctx, rule, fmt, out)
    chain = AlignmentChain().fit(_panel(rule, spells))
    if fmt is Format.json:
        emit(
            {
                "rule": rule.value,
                "states": list(chain.matrix_.index),
                "counts": chain.counts_.to_dict(orient="index"),
                "probabilities": chain.matrix_.to_dict(orient="index"),
            },
            fmt,
            out,
        )
    else:
        frame = chain.counts_ if counts else chain.matrix_
        title = "Transition " + ("counts" if counts else "matrix")
        emit(frame.reset_index(), fmt, out, title=title)
    _spells_note(spells, fmt, out)


@neighbours_app.command("stationary")
def stationary_command(
    ctx: typer.Context,
    rule: Rule | None = typer.Option(None, "--rule", help=RULE_HELP),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Stationary distribution of the transition matrix, with a note on reducibility.

    Example: dyadwatch neighbours stationary --rule military --format json
    """
    from dyadwatch.api.neighbours import AlignmentChain

    rule, spells, fmt, out = _options(ctx, rule, fmt, out)
    result = AlignmentChain().fit(_panel(rule, spells)).stationary_
    data = {
        "rule": rule.value,
        "distribution": result.distribution,
        "by_closed_class": result.by_closed_class,
        "irreducible": result.irreducible,
        "absorbing": result.absorbing,
        "note": result.note,
    }
    if fmt is Format.json:
        emit(data, fmt, out)
        _spells_note(spells, fmt, out)
        return
    rows = [
        {"closed_class": k + 1, "state": s, "probability": p}
        for k, dist in enumerate(result.by_closed_class)
        for s, p in dist.items()
    ]
    emit(rows, fmt, out, title="Stationary distribution")
    say([result.note], fmt, out)
    _spells_note(spells, fmt, out)


@neighbours_app.command("survival")
def survival_command(
    ctx: typer.Context,
    spells_only: bool = typer.Option(False, "--spells", help="List the neutral spells instead."),
    rule: Rule | None = typer.Option(None, "--rule", help=RULE_HELP),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Kaplan-Meier survival of neutrality and how neutral spells end (aligned or opposed).

    Example: dyadwatch neighbours survival --format json
    """
    from dyadwatch.api.neighbours import NeutralitySurvival

    rule, spells, fmt, out = _options(ctx, rule, fmt, out)
    model = NeutralitySurvival().fit(_panel(rule, spells))
    if spells_only:
        emit(model.spells_, fmt, out, title="Neutral spells")
        _spells_note(spells, fmt, out)
        return
    table = model.table_.merge(model.incidence_.drop(columns="at_risk"), on="time")
    if fmt is Format.json:
        emit(
            {
                "rule": rule.value,
                "median_years": model.median_,
                "ends": model.ends_,
                "kaplan_meier": table.to_dict(orient="records"),
                "spells": model.spells_.to_dict(orient="records"),
            },
            fmt,
            out,
        )
    else:
        emit(table, fmt, out, title=f"Survival of neutrality (median {model.median_} years)")
    _spells_note(spells, fmt, out)


@neighbours_app.command("coercion")
def coercion_command(
    ctx: typer.Context,
    country: str | None = typer.Option(None, "--country", help="ISO3 code, e.g. GEO."),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Cited Russian coercive acts against the neighbours (wars, gas cut-offs, cyber attacks).

    Example: dyadwatch neighbours coercion --country UKR
    """
    from dyadwatch.api.neighbours import COUNTRIES, load_coercive_acts

    _, _, fmt, out = _options(ctx, None, fmt, out)
    code = country.strip().upper() if country else None
    if code is not None and code not in COUNTRIES:
        raise DyadwatchError(
            f"unknown country {code!r}",
            where="--country",
            fix="use an ISO3 code from: " + ", ".join(sorted(COUNTRIES)),
        )
    frame = load_coercive_acts()
    if code is not None:
        frame = frame[frame["country"] == code]
    columns = ["date", "country", "kind", "description", "citation"]
    emit(frame[columns] if fmt is Format.table else frame, fmt, out, title="Coercive acts")
    acts = load_coercive_acts()
    register_note("Coercive acts register", acts["date"], fmt, out)
