"""``dyadwatch threats``: the threat register, ACH assessments, discernment, the spiral."""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import FMT, OUT, out_path
from dyadwatch.cli.output import Format, emit
from dyadwatch.cli.say import register_note
from dyadwatch.errors import DyadwatchError

threats_app = typer.Typer(
    help=(
        "Threat claims as real, perceived or contrived (Analysis of Competing Hypotheses), "
        "discernment scored as signal detection, and the NATO-enlargement spiral.\n\n"
        "Example: dyadwatch threats list --topic missile_defence"
    ),
    no_args_is_help=True,
)
app.add_typer(threats_app, name="threats")


@threats_app.command("list")
def list_command(
    topic: str | None = typer.Option(
        None, "--topic", help="Keep claims with this topic, e.g. nato_enlargement, wmd."
    ),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """List the threat register with each claim's ACH assessment, oldest first.

    Example: dyadwatch threats list --format csv --out register.csv
    """
    from dyadwatch.api.threats import assess_register

    out = out_path(out)
    frame = assess_register()
    if topic:
        topics = sorted(set(frame["topic"]))
        if topic not in topics:
            raise DyadwatchError(
                f"no claims with topic '{topic}'",
                where="--topic",
                fix=f"use one of: {', '.join(topics)}",
            )
        frame = frame[frame["topic"] == topic]
    if fmt is Format.table:
        frame = frame[
            [
                "date",
                "id",
                "claimant",
                "most_likely",
                "confidence",
                "gap",
                "score_real",
                "score_perceived",
                "score_contrived",
            ]
        ]
    emit(frame, fmt, out, title=f"Threat register ({len(frame)} claims)")
    register_note("Threat register", assess_register()["date"], fmt, out)


@threats_app.command("show")
def show_command(
    claim_id: str = typer.Argument(..., help="Register id, e.g. 2022-10-23-dirty-bomb."),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Show one register claim: its evidence matrix, ratings and rationales.

    Example: dyadwatch threats show 2022-10-23-dirty-bomb
    """
    from dyadwatch.api.threats import assess_claim, claim_matrix, load_register

    out = out_path(out)
    claim = load_register().get(claim_id)
    ach = assess_claim(claim)
    if fmt is Format.json:
        emit(
            {
                "id": claim.id,
                "date": claim.date,
                "claimant": claim.claimant,
                "claim": claim.claim,
                "citation": claim.citation,
                "evidence": claim_matrix(claim, ach).to_dict(orient="records"),
                **ach.result(),
            },
            fmt,
            out,
        )
        return
    matrix = claim_matrix(claim, ach)
    if fmt is Format.table:
        matrix = matrix.drop(columns=[c for c in ("kind", "rationale") if c in matrix])
    emit(matrix, fmt, out, title=f"{claim.id}: {ach.conclusion_['text']}")


@threats_app.command("assess")
def assess_command(
    file: Path = typer.Argument(..., help="YAML file: claim, hypotheses (optional), evidence."),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Assess a new claim with ACH: scores, ranking, diagnosticity, sensitivity, conclusion.

    The file holds `claim`, optional `hypotheses` (default real, perceived, contrived) and
    `evidence`, a list of items `{id, text, weight (optional), ratings: {hypothesis: rating}}`
    with ratings CC, C, N, I, II or NA.

    Example: dyadwatch threats assess my_claim.yaml --format json
    """
    from dyadwatch.api.threats import assess_claim, claim_matrix, load_claim

    out = out_path(out)
    claim = load_claim(file)
    ach = assess_claim(claim)
    if fmt is Format.json:
        emit({"claim": claim.claim, **ach.result()}, fmt, out)
        return
    matrix = claim_matrix(claim, ach)
    score_row = {
        "id": "SCORE",
        "weight": None,
        **ach.scores_,
        "diagnosticity": None,
        "text": "weighted inconsistency (lower = more likely)",
    }
    import pandas as pd

    frame = pd.concat([matrix, pd.DataFrame([score_row])], ignore_index=True)
    c = ach.conclusion_
    emit(frame, fmt, out, title=f"{claim.claim[:80]} | {c['text']}")


@threats_app.command("discern")
def discern_command(
    file: Path = typer.Argument(..., help="CSV with columns claim_id,classification."),
    cost_miscalculation: float = typer.Option(
        1.0,
        "--cost-miscalculation",
        help="Cost of treating a genuinely held (real or perceived) threat as contrived.",
    ),
    cost_concession: float = typer.Option(
        1.0,
        "--cost-concession",
        help="Cost of treating a contrived threat as genuinely held.",
    ),
    no_correction: bool = typer.Option(
        False, "--no-correction", help="Use raw rates instead of the log-linear correction."
    ),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Score an analyst's classifications against the register: d', criterion c, costs.

    Each row classifies a register claim as real, perceived or contrived; real and perceived
    count as "genuinely held". Claims the register leaves undecided are skipped.

    Example: dyadwatch threats discern my_calls.csv --cost-miscalculation 5 --cost-concession 1
    """
    from dyadwatch.api.threats import discernment

    out = out_path(out)
    result = discernment(
        file,
        cost_miscalculation=cost_miscalculation,
        cost_concession=cost_concession,
        correction="none" if no_correction else "loglinear",
    )
    emit(result, fmt, out, title="Discernment (signal detection)")


@threats_app.command("spiral")
def spiral_command(
    no_perception: bool = typer.Option(
        False,
        "--no-perception",
        help="Run the counterfactual: Russia reads no threat into enlargement (perception = 0).",
    ),
    compare_both: bool = typer.Option(
        False, "--compare", help="Print both runs, with and without perception (long format)."
    ),
    perception: float = typer.Option(
        0.5, "--perception", help="Threat read into one member-equivalent of enlargement."
    ),
    threshold: float = typer.Option(3.0, "--threshold", help="Perceived threat tolerated."),
    nato_response: str = typer.Option(
        "endogenous",
        "--nato-response",
        help="endogenous (NATO answers Russian action) or observed (real deployment dates).",
    ),
    start: int = typer.Option(1991, "--from", help="First year."),
    end: int = typer.Option(2025, "--to", help="Last year."),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """Simulate the NATO-enlargement security spiral on the real enlargement dates.

    Parameters are modelling assumptions (see `dyadwatch.models.spiral`).

    Example: dyadwatch threats spiral --compare --format csv --out spiral.csv
    """
    from dyadwatch.api.threats import SecuritySpiral, compare_spiral

    out = out_path(out)
    params = {
        "perception": 0.0 if no_perception else perception,
        "threshold": threshold,
        "nato_response": nato_response,
        "start": start,
        "end": end,
    }
    if compare_both:
        frame = compare_spiral(**params)
        title = "Security spiral with and without perception"
    else:
        frame = SecuritySpiral(**params).fit().trajectory_
        title = "Security spiral " + ("without" if no_perception else "with") + " perception"
    emit(frame, fmt, out, title=title)
