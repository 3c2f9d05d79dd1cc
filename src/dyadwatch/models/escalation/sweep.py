"""Sensitivity of a crisis to one actor's loss aversion and reference point.

Prospect theory's loss aversion lambda [TK1992] and the reference point (the status quo, or a
lost position the actor wants back: gambling for resurrection [DownsRocke1994]) are the two
parameters the essay's argument turns on; :func:`sweep` solves the crisis over a grid of both.

References:
    [TK1992] Tversky, A. & Kahneman, D. (1992). Advances in prospect theory. Journal of Risk and
        Uncertainty 5(4), 297-323.
    [DownsRocke1994] Downs, G. W. & Rocke, D. M. (1994). Conflict, agency, and gambling for
        resurrection: the principal-agent problem goes to war. American Journal of Political
        Science 38(2), 362-380.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.escalation.game import OUTCOME_KEYS, ROLES
from dyadwatch.models.escalation.model import EscalationModel
from dyadwatch.models.prospect import CPT

__all__ = ["sweep"]


def sweep(
    model: EscalationModel,
    lams: Sequence[float] = (1.0, 1.5, 2.25, 3.0, 4.0),
    references: Sequence[str | float] = ("status_quo", "lost_position"),
    *,
    actor: str = "challenger",
) -> pd.DataFrame:
    """Sensitivity of the outcomes to one actor's loss aversion and reference point.

    Args:
        model: the base model (its actor must have CPT preferences).
        lams: loss-aversion values lambda to try.
        references: reference points to try (names or numbers in stake units).
        actor: ``"challenger"`` or ``"defender"``.

    Returns:
        One row per (lam, reference) with the four outcome probabilities, the defender's
        concession and the credibility of the first threat.
    """
    if actor not in ROLES:
        raise DyadwatchError(f"unknown actor {actor!r}", fix="use 'challenger' or 'defender'")
    base = model.clone()
    ch, de = base._actors()
    who = ch if actor == "challenger" else de
    if not isinstance(who.preferences, CPT):
        raise DyadwatchError(
            f"the {actor} does not have CPT preferences, so lambda has no meaning",
            fix="give it preferences: {model: cpt}",
        )
    rows = []
    for lam in lams:
        for ref in references:
            prefs = copy.copy(who.preferences)
            prefs.lam = float(lam)
            a = copy.copy(who)
            a.preferences = prefs
            a.reference = ref
            m = base.clone(**{actor: a}).fit()
            out = m.outcome_probabilities()
            cred = m.credibility()
            row = {"actor": actor, "lam": float(lam), "reference": str(ref)}
            row.update({k: v for k, v in zip(OUTCOME_KEYS, out.values(), strict=True)})
            row["expected_concession"] = m.concessions()["expected_concession"]
            row["first_threat_credibility"] = float(cred["credibility"].iloc[0])
            rows.append(row)
    return pd.DataFrame(rows)
