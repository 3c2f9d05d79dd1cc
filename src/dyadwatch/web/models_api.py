"""API routes for the models of the essay's misjudgements: threats, trust, neighbours, risk."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from dyadwatch.serialise import plain

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["models"])


class EvidenceIn(BaseModel):
    """One evidence item of an ACH matrix."""

    id: str = Field(min_length=1, max_length=80)
    text: str = Field(min_length=1, max_length=2000)
    weight: float | None = Field(None, gt=0, le=100)
    ratings: dict[str, str] = Field(description="hypothesis -> CC, C, N, I, II or NA")


class ClaimIn(BaseModel):
    """A claim to assess with Heuer's Analysis of Competing Hypotheses."""

    claim: str = Field(min_length=1, max_length=2000)
    hypotheses: list[str] | None = Field(None, min_length=2, max_length=10)
    evidence: list[EvidenceIn] = Field(min_length=1, max_length=200)


@router.get("/threats")
def threats() -> list[dict[str, Any]]:
    """The shipped threat register, each claim assessed with ACH (lower score = more likely)."""
    from dyadwatch.api.threats import assess_register

    return plain(_cache("threats", assess_register))


@router.get("/threats/claims/{claim_id}")
def threat(claim_id: str) -> dict[str, Any]:
    """One register claim: its evidence matrix and the full ACH result."""
    from dyadwatch.api.threats import assess_claim, claim_matrix, load_register
    from dyadwatch.errors import DyadwatchError

    register = _cache("register", load_register)
    if len(claim_id) > 120:
        raise DyadwatchError("claim id too long")
    claim = register.get(claim_id)
    ach = assess_claim(claim)
    return plain(
        {
            "id": claim.id,
            "claim": claim.claim,
            "hypotheses": list(ach.hypotheses_),
            "matrix": claim_matrix(claim, ach),
            **ach.result(),
        }
    )


@router.post("/threats/assess")
def assess(body: ClaimIn) -> dict[str, Any]:
    """Assess a new claim: ranking, inconsistency scores, diagnosticity, sensitivity, conclusion."""
    from dyadwatch.api.threats import assess_claim, parse_claim

    data = body.model_dump(exclude_none=True)
    claim = parse_claim(data, source="request body")
    return plain(assess_claim(claim).result())


@router.get("/trust")
def trust(
    forgetting: float = Query(1.0, gt=0, le=1, description="Forgetting factor per year (1: none)."),
    asymmetry: float = Query(1.0, gt=0, le=1, description="Weight of compliance evidence."),
) -> list[dict[str, Any]]:
    """Moscow's belief that the West keeps to norms: posterior mean and 90% interval per year."""
    from dyadwatch.api.trust import trust_by_year

    return plain(
        _cache(
            ("trust", forgetting, asymmetry),
            lambda: trust_by_year(forgetting=forgetting, asymmetry=asymmetry),
        )
    )


@router.get("/neighbours")
def neighbours(
    rule: str = Query("default", pattern="^(default|military)$", description="Coding rule."),
) -> dict[str, Any]:
    """Alignment of Russia's neighbours: transition matrix, stationary distribution, panel."""
    from dyadwatch.api.neighbours import AlignmentChain, alignment_panel

    def compute() -> dict[str, Any]:
        panel = alignment_panel(rule)
        chain = AlignmentChain().fit(panel)
        matrix = chain.matrix_
        return {
            "rule": rule,
            "states": list(matrix.index),
            "matrix": {str(k): plain(v) for k, v in matrix.to_dict(orient="index").items()},
            "counts": {str(k): plain(v) for k, v in chain.counts_.to_dict(orient="index").items()},
            "stationary": plain(chain.stationary_),
            "panel": plain(panel),
        }

    return _cache(("neighbours", rule), compute)


class RiskRunIn(BaseModel):
    """A crisis to solve and simulate: a shipped scenario's name or a scenario in YAML."""

    scenario: str | None = Field(
        None, pattern="^[a-z0-9_]{1,40}$", description="Shipped scenario, e.g. cuba1962."
    )
    yaml: str | None = Field(None, max_length=20_000, description="A scenario file's text.")
    n: int = Field(20_000, ge=1, le=200_000, description="Simulated crises (bounded).")
    seed: int | None = Field(None, ge=0, le=2**32 - 1)


@router.get("/risk/scenarios")
def risk_scenarios() -> list[str]:
    """Names of the shipped crisis scenarios."""
    from dyadwatch.api.risk import shipped_scenarios

    return shipped_scenarios()


@router.post("/risk/run")
def risk_run(body: RiskRunIn) -> dict[str, Any]:
    """Solve a scenario exactly and simulate it: outcomes, rungs, credibility, self-deterrence."""
    from dyadwatch.api.risk import load_scenario, parse_scenario, run_scenario
    from dyadwatch.errors import DyadwatchError

    if (body.scenario is None) == (body.yaml is None):
        raise DyadwatchError("give exactly one of 'scenario' (a shipped name) or 'yaml'")
    if body.scenario is not None:
        scenario = load_scenario(body.scenario)
    else:
        scenario = parse_scenario(body.yaml, where="request body", default_name="posted")
    tables = run_scenario(scenario, n=body.n, seed=body.seed)
    return plain({"scenario": scenario.name, "title": scenario.title, **tables})


_STORE: dict[Any, Any] = {}


def _cache(key: Any, compute) -> Any:
    """Results of the shipped registers never change while the server runs."""
    if key not in _STORE:
        _STORE[key] = compute()
    return _STORE[key]
