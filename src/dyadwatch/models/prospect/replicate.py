"""A preference model's choices beside the published majorities (see :mod:`.published`).

:func:`replicate` computes each option's certainty equivalent under the model and calls the
model's choice; a relative difference within ``tie_tol`` is called indifference, so the table
shows near-ties rather than hiding them. Nothing is tuned: the default model is CPT with the
TK1992 median parameters.

References:
    [KT1979] Kahneman, D. & Tversky, A. (1979). Prospect theory: an analysis of decision under
        risk. Econometrica 47(2), 263-291.
    [TK1992] Tversky, A. & Kahneman, D. (1992). Advances in prospect theory: cumulative
        representation of uncertainty. Journal of Risk and Uncertainty 5(4), 297-323.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dyadwatch.models.prospect.cpt import CPT
from dyadwatch.models.prospect.preference import PreferenceModel
from dyadwatch.models.prospect.published import PUBLISHED_CHOICES, PublishedChoice

__all__ = ["replicate"]


def replicate(
    model: PreferenceModel | None = None,
    problems: Sequence[PublishedChoice] = PUBLISHED_CHOICES,
    *,
    tie_tol: float = 1e-9,
) -> pd.DataFrame:
    """Set a model's choices beside the published majorities.

    Args:
        model: any preference model; default ``CPT()`` with the TK1992 median parameters.
        problems: the published problems (default :data:`PUBLISHED_CHOICES`).
        tie_tol: relative certainty-equivalent difference below which the model is called
            indifferent.

    Returns:
        One row per problem: ``problem, source, option_a, option_b, published_choice,
        published_percent, n, model_choice, ce_a, ce_b, margin_pct, reproduced``. ``margin_pct``
        is the certainty-equivalent difference (A minus B) as a percentage of the larger
        absolute certainty equivalent: a small margin is a near-tie.
    """
    model = CPT() if model is None else model
    rows = []
    for prob in problems:
        ce_a = model.certainty_equivalent(prob.a)
        ce_b = model.certainty_equivalent(prob.b)
        scale = max(abs(ce_a), abs(ce_b), 1e-12)
        margin = (ce_a - ce_b) / scale
        choice = "indifferent" if abs(margin) <= tie_tol else ("A" if margin > 0 else "B")
        label = {"A": prob.label_a, "B": prob.label_b, "indifferent": "indifferent"}
        rows.append(
            {
                "problem": prob.key,
                "source": prob.source,
                "option_a": f"{prob.label_a}: {_fmt(prob.a)}",
                "option_b": f"{prob.label_b}: {_fmt(prob.b)}",
                "published_choice": label[prob.majority],
                "published_percent": prob.percent,
                "n": prob.n,
                "model_choice": label[choice],
                "ce_a": ce_a,
                "ce_b": ce_b,
                "margin_pct": 100.0 * margin,
                "reproduced": choice == prob.majority,
            }
        )
    return pd.DataFrame(rows)


def _probability(p: float) -> str:
    if p == 1:
        return "1"
    if p == 1 / 3:
        return "1/3"
    if p == 2 / 3:
        return "2/3"
    return f"{p:.2f}".rstrip("0")


def _fmt(prospect: Sequence[tuple[float, float]]) -> str:
    """``"2500 w.p. 0.33; 0 w.p. 0.01"``: the prospect as the papers print it."""
    return "; ".join(f"{x:g} w.p. {_probability(p)}" for x, p in prospect if p != 0)
