"""Prospect theory: cumulative (1992) and original (1979), with expected-utility baselines.

A *prospect* is a sequence of ``(outcome, probability)`` pairs whose probabilities sum to 1.
Outcomes are measured in any unit; the model codes them as gains or losses relative to a
reference point ``reference`` before valuing them.

Cumulative prospect theory [TK1992] values a prospect as

    V = sum_i pi_i * v(x_i - r),

with the value function ``v(x) = x**alpha`` for gains and ``v(x) = -lam * (-x)**beta`` for
losses, and rank-dependent *decision weights* ``pi_i``: for a gain, the weighted probability of
getting at least ``x_i`` minus the weighted probability of getting strictly more; for a loss, the
same from the bottom up (the weighted probability of getting ``x_i`` or worse minus that of
getting strictly worse). Gains are weighted with ``w+`` (parameter gamma), losses with ``w-``
(parameter delta). Two weighting functions are available: the TK92 form

    w(p) = p**g / (p**g + (1 - p)**g) ** (1 / g)

and Prelec's one-parameter form ``w(p) = exp(-(-ln p) ** g)`` [Prelec1998].

The original, separable form [KT1979] weights each probability on its own, ``pi_i = w(p_i)``,
after the editing step that combines identical outcomes; for a strictly positive or strictly
negative two-outcome prospect it uses KT1979's equation (2), ``V = v(y) + pi(p) (v(x) - v(y))``
(the riskless component ``y`` is segregated).

Validation (tests/models/prospect/): TK1992's own parameter estimates reproduce the
identities V(100) ~ V(200, .71) ~ 57 and V(-100) ~ V(-200, .64) ~ -129; Birnbaum's CPT calculator
example gives V = 0.5672; and :func:`replicate` sets the engine's choices beside the majority
choices of KT1979 Problems 1-4, 11-12 and the Asian-disease problem [TK1981].

Where a model misses a published majority, :func:`replicate` says so and the tests name the
miss; nothing is tuned to make it go away. The TK1992 median parameters reproduce all eight
majorities, and so do Birnbaum's set and the Prelec and separable variants. The misses are
instructive:

* expected value misses the certainty effect (Problems 1 and 3) and is exactly indifferent in
  Problems 11-12 and both Asian-disease frames, whose options were built to have equal
  expected values;
* a concave value function without probability weighting (gamma = delta = 1) still misses
  Problems 1 and 3: in Problem 1 the margin is 0.2% of the certainty equivalent, a near-tie,
  because the Allais pattern comes from overweighting the last .01 of certainty, not from
  curvature;
* a linear value function with weighting misses the gain frame of the Asian disease by 0.8%,
  again a near-tie: there risk aversion for gains comes from the curvature of v;
* CARA expected utility cannot produce the reflection effect (risk seeking for losses), so it
  misses Problems 2, 4, 12 and the loss frame;
* with the reference point at initial wealth instead of after the bonus, Problems 11 and 12
  are the same choice over final states, so no reference-independent reading can match both
  majorities: the isolation effect is a statement about the reference point.

The package, one idea a module:

* :mod:`.prospects`: what a prospect is, and its validation (``check_prospect``);
* :mod:`.weighting`: the probability weighting functions (TK92, Prelec);
* :mod:`.preference`: what a decision maker offers (``PreferenceModel``), and choice and
  certainty equivalents derived from a value;
* :mod:`.cpt`: the prospect-theory decision maker (``CPT``), cumulative and separable;
* :mod:`.baselines`: expected utility (CARA) and expected value;
* :mod:`.published`: the published choice problems and their majorities;
* :mod:`.replicate`: a model's choices beside the published majorities.

References:
    [KT1979] Kahneman, D. & Tversky, A. (1979). Prospect theory: an analysis of decision under
        risk. Econometrica 47(2), 263-291.
    [TK1981] Tversky, A. & Kahneman, D. (1981). The framing of decisions and the psychology of
        choice. Science 211(4481), 453-458.
    [TK1992] Tversky, A. & Kahneman, D. (1992). Advances in prospect theory: cumulative
        representation of uncertainty. Journal of Risk and Uncertainty 5(4), 297-323.
    [Prelec1998] Prelec, D. (1998). The probability weighting function. Econometrica 66(3),
        497-527.
    [Ingersoll2008] Ingersoll, J. (2008). Non-monotonicity of the Tversky-Kahneman
        probability-weighting function: a cautionary note. European Financial Management 14(3),
        385-390.
    [Birnbaum] Birnbaum, M. H. Cumulative prospect theory calculator (online), example with
        alpha .8, beta .9, gamma .6, delta .7, lambda 2.25.
"""

from __future__ import annotations

from dyadwatch.models.prospect.baselines import ExpectedUtility, ExpectedValue
from dyadwatch.models.prospect.cpt import CPT
from dyadwatch.models.prospect.preference import Choice, PreferenceModel
from dyadwatch.models.prospect.prospects import (
    PROB_TOL,
    InvalidProspectError,
    Prospect,
    check_prospect,
)
from dyadwatch.models.prospect.published import PUBLISHED_CHOICES, PublishedChoice
from dyadwatch.models.prospect.replicate import replicate
from dyadwatch.models.prospect.weighting import TK92_MIN_GAMMA, prelec_weight, tk92_weight

__all__ = [
    "CPT",
    "Choice",
    "ExpectedUtility",
    "ExpectedValue",
    "InvalidProspectError",
    "PROB_TOL",
    "PUBLISHED_CHOICES",
    "PreferenceModel",
    "Prospect",
    "PublishedChoice",
    "TK92_MIN_GAMMA",
    "check_prospect",
    "prelec_weight",
    "replicate",
    "tk92_weight",
]
