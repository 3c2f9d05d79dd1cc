"""Crisis scenarios: a model with its cited facts, read from YAML, solved and simulated.

A scenario file (``dyadwatch/data/scenarios/*.yaml`` ships three: Cuba 1962, Syria 2016,
Ukraine 2022) gives a title, the statement that its numbers are modelling assumptions, the
historical facts it rests on (each with its citation), the two actors, the ladder, and
optionally the balance of power, where the crisis opens and the simulation settings. Every
number in a scenario is a modelling assumption, not a fact; see the scenario files.

Files are read with :mod:`dyadwatch.sources.yamlfile`: an error names the file, the line and
the key (``ladder[1].loss_of_control``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.escalation.actors import Actor
from dyadwatch.models.escalation.deterrence import self_deterrence
from dyadwatch.models.escalation.game import ROLES
from dyadwatch.models.escalation.ladder import Rung
from dyadwatch.models.escalation.model import EscalationModel
from dyadwatch.models.prospect import CPT, ExpectedUtility, ExpectedValue, PreferenceModel
from dyadwatch.sources import yamlfile
from dyadwatch.sources.yamlfile import Field

__all__ = ["Scenario", "load_scenario", "parse_scenario", "run_scenario", "shipped_scenarios"]


@dataclass
class Scenario:
    """A crisis scenario: the model plus what it rests on.

    Attributes:
        name: short name (the file stem for shipped scenarios).
        title: one line.
        description: what is modelled.
        assumptions: the statement that parameters are modelling assumptions, and why these.
        facts: the historical facts the scenario rests on, each with its citation.
        model: the (unsolved) escalation model.
        n: default number of simulated crises.
        source: where the scenario was read from.
    """

    name: str
    title: str
    description: str
    assumptions: str
    facts: list[dict[str, str]]
    model: EscalationModel
    n: int = 100_000
    source: str = ""


_SCENARIO_DIR = "scenarios"
_EMPTY_FIX = "write a scenario: title, assumptions, facts, challenger, defender and ladder"


def shipped_scenarios() -> list[str]:
    """Names of the scenarios shipped with dyadwatch."""
    root = resources.files("dyadwatch.data").joinpath(_SCENARIO_DIR)
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".yaml"))


def _is_path(source: str | Path) -> bool:
    """Whether ``source`` names a file rather than a shipped scenario (names have no dots)."""
    path = Path(source)
    return isinstance(source, Path) or bool(path.suffix) or path.exists() or "/" in str(source)


def load_scenario(source: str | Path) -> Scenario:
    """Read a scenario from a YAML file or a shipped name (``"cuba1962"``).

    Raises:
        DyadwatchError: file not found, not a text file, empty, YAML syntax errors, unknown or
            missing keys, or values out of range, naming the file, line and key.
    """
    path = Path(source)
    if _is_path(source):
        if not path.exists():
            raise DyadwatchError(
                f"scenario file not found: {path}",
                fix=f"give a YAML file or a shipped name ({', '.join(shipped_scenarios())})",
            )
        text = yamlfile.read_text(path, empty_fix=_EMPTY_FIX)
        where = str(path)
    else:
        name = str(source)
        if name not in shipped_scenarios():
            raise DyadwatchError(
                f"no shipped scenario named {name!r}",
                fix=f"use one of {', '.join(shipped_scenarios())} or a path to a .yaml file",
            )
        res = resources.files("dyadwatch.data").joinpath(_SCENARIO_DIR, f"{name}.yaml")
        text = res.read_text(encoding="utf-8")
        where = f"{name}.yaml (shipped)"
    return parse_scenario(text, where=where, default_name=path.stem)


_PREF_KEYS = (
    "model",
    "alpha",
    "beta",
    "lam",
    "gamma",
    "delta",
    "weighting",
    "form",
    "risk_aversion",
)
_ACTOR_KEYS = (
    "name",
    "preferences",
    "reference",
    "stake",
    "war_cost",
    "backdown_cost",
    "cost_scale",
    "note",
)
_RUNG_KEYS = ("name", "kahn", "cost", "loss_of_control", "note")
_TOP_KEYS = (
    "name",
    "title",
    "description",
    "assumptions",
    "facts",
    "challenger",
    "defender",
    "balance",
    "ladder",
    "start",
    "simulation",
)
_REQUIRED = ("title", "assumptions", "facts", "challenger", "defender", "ladder")


def parse_scenario(
    text: str, *, where: str = "<scenario>", default_name: str = "scenario"
) -> Scenario:
    """Parse scenario YAML text (see :func:`load_scenario` and the shipped files).

    Raises:
        DyadwatchError: naming ``where``, the line and the key.
    """
    data = yamlfile.parse(text, where, empty_fix=_EMPTY_FIX)
    top = Field.top(data, where).mapping(_TOP_KEYS, required=_REQUIRED)
    title = top["title"].text()
    name = top["name"].text() if "name" in top else default_name
    description = top["description"].text() if "description" in top else ""
    assumptions = top["assumptions"].text()
    facts = _facts(top["facts"])
    challenger = _actor(top["challenger"])
    defender = _actor(top["defender"])
    ladder = _ladder(top["ladder"])
    p_win, share = _balance(top.get("balance"))
    start, first = _start(top.get("start"), len(ladder))
    noise, seed, n, beliefs = _simulation(top.get("simulation"))
    model = EscalationModel(
        challenger=challenger,
        defender=defender,
        ladder=ladder,
        p_win=p_win,
        settlement_share=share,
        start=int(start),
        first_mover=first,
        noise=noise,
        defender_beliefs=beliefs,
        seed=None if seed is None else int(seed),
    )
    return Scenario(name, title, description, assumptions, facts, model, int(n), where)


def _balance(f: Field | None) -> tuple[float, float]:
    p_win, share = 0.3, 0.0
    if f is not None:
        bal = f.mapping(("p_win", "settlement_share", "note"))
        if "p_win" in bal:
            p_win = bal["p_win"].number(lo=0, hi=1)
        if "settlement_share" in bal:
            share = bal["settlement_share"].number(lo=0, hi=1)
    return p_win, share


def _start(f: Field | None, rungs: int) -> tuple[int, str]:
    start, first = 0, "challenger"
    if f is not None:
        st = f.mapping(("rung", "first_mover", "note"))
        if "rung" in st:
            start = int(st["rung"].number(lo=0, hi=rungs, integer=True))
        if "first_mover" in st:
            first = st["first_mover"].text(ROLES)
            if start == 0 and first != "challenger":
                raise st["first_mover"].error(
                    "at the status quo (rung 0) the challenger moves first",
                    "set first_mover: challenger or start on a rung >= 1",
                )
    return start, first


def _simulation(f: Field | None) -> tuple[float, int | None, int, str]:
    noise, seed, n, beliefs = 0.05, None, 100_000, "estimate"
    if f is not None:
        sim = f.mapping(("noise", "seed", "n", "defender_beliefs", "note"))
        if "noise" in sim:
            noise = sim["noise"].number(lo=0)
        if "seed" in sim:
            seed = int(sim["seed"].number(lo=0, integer=True))
        if "n" in sim:
            n = int(sim["n"].number(lo=1, integer=True))
        if "defender_beliefs" in sim:
            beliefs = sim["defender_beliefs"].text(("estimate", "credible"))
    return noise, seed, n, beliefs


def _facts(f: Field) -> list[dict[str, str]]:
    out = []
    for item in f.items("facts must be a non-empty list", "list the cited facts"):
        m = item.mapping(("date", "fact", "citation", "url"), ("fact", "citation"))
        out.append({k: str(v.value) for k, v in m.items()})
    return out


def _actor(f: Field) -> Actor:
    m = f.mapping(_ACTOR_KEYS, required=("preferences",))
    name = m["name"].text() if "name" in m else f.path
    prefs = _preferences(m["preferences"])
    ref: str | float = "status_quo"
    if "reference" in m:
        r = m["reference"]
        ref = r.text(("status_quo", "lost_position")) if isinstance(r.value, str) else r.number()
    kw: dict[str, float] = {}
    for k in ("stake", "war_cost", "backdown_cost", "cost_scale"):
        if k in m:
            kw[k] = m[k].number(lo=0, lo_open=(k == "stake"))
    return Actor(name=name, preferences=prefs, reference=ref, **kw)


def _preferences(f: Field) -> PreferenceModel:
    m = f.mapping(_PREF_KEYS, required=("model",))
    kind = m["model"].text(("cpt", "ev", "eu"))
    if kind == "cpt":
        return _cpt(f, m)
    extra = [k for k in m if k not in ("model", "risk_aversion")]
    if extra:
        raise m[extra[0]].error(
            f"{extra[0]} does not apply to {kind}", "remove it or use model: cpt"
        )
    if kind == "eu":
        ra = m["risk_aversion"].number() if "risk_aversion" in m else 0.0
        return ExpectedUtility(risk_aversion=ra)
    if "risk_aversion" in m:
        raise m["risk_aversion"].error(
            "risk_aversion does not apply to ev", "remove it or use model: eu"
        )
    return ExpectedValue()


def _cpt(f: Field, m: Mapping[str, Field]) -> CPT:
    kw: dict[str, Any] = {}
    for k in ("alpha", "beta", "lam", "gamma", "delta"):
        if k in m:
            kw[k] = m[k].number(lo=0, lo_open=True)
    if "weighting" in m:
        kw["weighting"] = m["weighting"].text(("tk92", "prelec"))
    if "form" in m:
        kw["form"] = m["form"].text(("cumulative", "separable"))
    if "risk_aversion" in m:
        raise m["risk_aversion"].error(
            "risk_aversion does not apply to cpt", "remove it or use model: eu"
        )
    model = CPT(**kw)
    try:
        model._check_params()
    except DyadwatchError as exc:
        raise f.error(exc.what, exc.fix or "fix the parameters") from exc
    return model


def _rung(item: Field) -> Rung:
    m = item.mapping(_RUNG_KEYS, required=("cost", "loss_of_control"))
    kahn = int(m["kahn"].number(lo=1, hi=44, integer=True)) if "kahn" in m else None
    name = m["name"].text() if "name" in m else ""
    if not name and kahn is None:
        raise item.at("name").error(
            "a rung needs a name or a Kahn rung number", "add 'kahn: N' or 'name: ...'"
        )
    c = m["cost"]
    if isinstance(c.value, Mapping):
        cm = c.mapping(("challenger", "defender"), ("challenger", "defender"))
        cost: float | tuple[float, float] = (
            cm["challenger"].number(lo=0),
            cm["defender"].number(lo=0),
        )
    else:
        cost = c.number(lo=0)
    q = m["loss_of_control"].number(lo=0, hi=1)
    note = m["note"].text() if "note" in m else ""
    return Rung(name=name, kahn=kahn, cost=cost, loss_of_control=q, note=note)


def _ladder(f: Field) -> list[Rung]:
    items = f.items("ladder must be a non-empty list of rungs", "list the rungs from the bottom up")
    out = [_rung(item) for item in items]
    kahns = [x.kahn for x in out if x.kahn is not None]
    if kahns != sorted(kahns):
        raise f.error(
            "rungs must climb: Kahn numbers out of order", "list the rungs from the bottom up"
        )
    return out


def run_scenario(
    scenario: Scenario, n: int | None = None, seed: int | None = None
) -> dict[str, pd.DataFrame]:
    """Solve and simulate a scenario; return its result tables.

    Args:
        scenario: the scenario.
        n: simulated crises (default: the scenario's).
        seed: random seed (default: the scenario's).

    Returns:
        ``outcomes`` (exact and Monte Carlo), ``rungs``, ``credibility`` and
        ``self_deterrence`` frames.
    """
    changes = {} if seed is None else {"seed": seed}
    model = scenario.model.clone(**changes).fit()
    sim = model.simulate(n or scenario.n)
    out = model.outcome_table()
    out.insert(0, "scenario", scenario.name)
    out["mc_probability"] = sim.outcomes["probability"].to_numpy()
    out["mc_se"] = sim.outcomes["se"].to_numpy()
    out["mc_mean_rung"] = sim.outcomes["mean_rung"].to_numpy()
    cred = model.credibility()
    if not sim.credibility.empty:
        cred["mc_credibility"] = sim.credibility["credibility"].to_numpy()
        cred["mc_reached"] = sim.credibility["reached"].to_numpy()
    sd = self_deterrence(scenario.model)
    return {
        "outcomes": out,
        "rungs": model.rung_table(),
        "credibility": cred,
        "self_deterrence": sd,
    }
