"""Report section: tolerance for risk, prospect theory and escalation (the Ukraine 2022 case).

The section does not depend on the report's dyad: ``study`` is ignored. Probabilities are
printed as percentages ("97.3 %", "< 0.01 %"), stakes with their unit.
"""

from __future__ import annotations

import pandas as pd

from dyadwatch.report.section import Figure, Section

__all__ = ["percent", "sections", "stakes"]

_SCENARIO = "ukraine2022"


def percent(p: float) -> str:
    """A probability for people: ``"97.3 %"``, ``"0.25 %"``, ``"< 0.01 %"``, ``"> 99.99 %"``.

    One decimal between 1 % and 99 %, two outside; below 0.01 % (and above 99.99 %) only the
    bound is printed, because the model's numbers are not that precise.
    """
    if p <= 0:
        return "0 %"
    if p >= 1:
        return "100 %"
    if p < 1e-4:
        return "< 0.01 %"
    if p > 1 - 1e-4:
        return "> 99.99 %"
    digits = 2 if (p < 0.01 or p > 0.99) else 1
    return f"{100 * p:.{digits}f} %"


def stakes(x: float) -> str:
    """An amount in units of an actor's stake, three significant digits (``"< 0.001"``)."""
    if x == 0:
        return "0"
    if abs(x) < 1e-3:
        return "< 0.001"
    return f"{x:.3g}"


def _summary(title: str, out: dict, first: pd.Series, sd: pd.DataFrame) -> str:
    cr, es = sd.iloc[0], sd.iloc[1]
    return (
        f"Scenario '{title}'. With the stated modelling assumptions the crisis ends with "
        f"the challenger backing down with probability {percent(out['challenger backs down'])}, "
        f"the defender backing down {percent(out['defender backs down'])}, a settlement "
        f"{percent(out['settlement'])} and uncontrolled escalation "
        f"{percent(out['uncontrolled escalation'])}. "
        f"The first threat (to climb to '{first['label']}') would be carried out with "
        f"probability {percent(first['credibility'])} if the defender stood firm. A defender "
        "that treats every threat as credible backs down with probability "
        f"{percent(cr['p_defender_backs_down'])} (risk of uncontrolled escalation "
        f"{percent(cr['p_uncontrolled'])}); one that estimates credibility backs down with "
        f"probability {percent(es['p_defender_backs_down'])} "
        f"(risk {percent(es['p_uncontrolled'])}). "
        "Concessions to threats that would not have been carried out: "
        f"{percent(cr['p_bluff_concession'])} against {percent(es['p_bluff_concession'])}. "
        "Every parameter is a modelling assumption, not a measurement."
    )


def _deterrence_table(sd: pd.DataFrame) -> pd.DataFrame:
    names = {"credible": "believes every threat", "estimate": "estimates credibility"}
    return pd.DataFrame(
        {
            "defender": sd["defender"].map(names),
            "P(defender backs down)": sd["p_defender_backs_down"].map(percent),
            "expected concession (share of its stake)": sd["expected_concession"].map(percent),
            "P(uncontrolled escalation)": sd["p_uncontrolled"].map(percent),
            "P(concession to a bluff)": sd["p_bluff_concession"].map(percent),
            "cost of those concessions (stakes)": sd["bluff_concession_cost"].map(stakes),
        }
    )


def sections(study: object = None) -> list[Section]:
    """The risk section: a scenario outcome chart and the lambda sweep, captioned.

    Uses the shipped Ukraine 2022 scenario (the essay's case). ``study`` is ignored.
    """
    from dyadwatch.api.risk import load_scenario, self_deterrence, sweep
    from dyadwatch.plots.risk import outcome_figure, sweep_figure

    scen = load_scenario(_SCENARIO)
    model = scen.model.clone().fit()
    sd = self_deterrence(scen.model)
    first = model.credibility().iloc[0]
    fig1 = Figure(
        outcome_figure(model, f"{scen.title}: where the crisis ends"),
        caption=(
            f"Source: dyadwatch scenario '{scen.name}' (parameters are modelling assumptions; "
            "historical facts cited in the scenario file). Method: escalation game on a "
            "condensed Kahn (1965) ladder with cumulative prospect theory actors "
            "(Tversky & Kahneman 1992), solved exactly by backward induction with logit noise."
        ),
    )
    fig2 = Figure(
        sweep_figure(
            sweep(scen.model),
            "defender_backs_down",
            "Defender concessions against the challenger's loss aversion",
        ),
        caption=(
            f"Source: dyadwatch scenario '{scen.name}'. Method: the challenger's loss aversion "
            "lambda and reference point varied, everything else fixed; exact backward-induction "
            "solution. 'lost_position' puts the challenger in the domain of losses (gambling "
            "for resurrection, Downs & Rocke 1994)."
        ),
    )
    caption = (
        "Self-deterrence: a defender that believes every threat against one that estimates "
        "credibility (exact solution; probabilities in per cent, costs in units of the "
        "defender's stake)."
    )
    return [
        Section(
            title="Tolerance for risk: prospect theory and escalation",
            summary=_summary(scen.title, model.outcome_probabilities(), first, sd),
            figures=[fig1, fig2],
            tables=[(caption, _deterrence_table(sd))],
            order=60,
        )
    ]
