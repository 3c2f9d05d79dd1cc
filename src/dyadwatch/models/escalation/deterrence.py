"""Self-deterrence: a defender that believes every threat against one that estimates them.

A defender with ``defender_beliefs="credible"`` treats every threat as credible; one with
``"estimate"`` uses the challenger's strategy from the model. The challenger knows how the
defender decides and best-replies to each. :func:`self_deterrence` compares the two:
concessions, the risk of uncontrolled escalation, and the concessions made to threats that would
not have been carried out, with their expected cost. Schelling's "threat that leaves something
to chance" [Schelling1960] is what the estimating defender weighs; the credulous one does not.

References:
    [Schelling1960] Schelling, T. C. (1960). The Strategy of Conflict. Harvard University Press.
"""

from __future__ import annotations

import pandas as pd

from dyadwatch.models.escalation.model import EscalationModel

__all__ = ["self_deterrence"]


def self_deterrence(model: EscalationModel) -> pd.DataFrame:
    """Compare a defender that treats every threat as credible with one that estimates credibility.

    Both versions of ``model`` are solved (the challenger best-replies to each); the frame has
    one row per defender (``credible``: self-deterring; ``estimate``) with
    :meth:`EscalationModel.concessions` and the outcome probabilities.
    """
    rows = []
    for beliefs in ("credible", "estimate"):
        m = model.clone(defender_beliefs=beliefs).fit()
        row = {"defender": beliefs}
        row.update(m.concessions())
        out = m.outcome_probabilities()
        row["p_challenger_backs_down"] = out["challenger backs down"]
        row["p_settlement"] = out["settlement"]
        row.update(m.expected_payoffs())
        rows.append(row)
    return pd.DataFrame(rows)
