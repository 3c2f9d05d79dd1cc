"""What a decision maker offers: values of prospects, and choices derived from them.

:class:`PreferenceModel` is the protocol the escalation model and the 2x2 games need from a
decision maker (:class:`~dyadwatch.models.prospect.CPT`,
:class:`~dyadwatch.models.prospect.ExpectedUtility`, ...). :class:`Chooser` derives the
certainty equivalent ``v^{-1}(V)`` and binary choice from a model's ``value`` and
``inverse_utility``, as in [KT1979] (the preferred option is the one of higher value).

References:
    [KT1979] Kahneman, D. & Tversky, A. (1979). Prospect theory: an analysis of decision under
        risk. Econometrica 47(2), 263-291.
"""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

import numpy as np

from dyadwatch.models.prospect.prospects import Prospect

__all__ = ["Choice", "Chooser", "PreferenceModel"]

Choice = Literal["A", "B"]


@runtime_checkable
class PreferenceModel(Protocol):
    """What the escalation model and the games need from a decision maker."""

    reference: float

    def utility(self, x: np.ndarray | float) -> np.ndarray: ...

    def value(self, prospect: Prospect) -> float: ...

    def value_many(self, outcomes: np.ndarray, probs: np.ndarray) -> np.ndarray: ...

    def weights(self, prospect: Prospect) -> np.ndarray: ...

    def certainty_equivalent(self, prospect: Prospect) -> float: ...

    def inverse_utility(self, u: np.ndarray | float) -> np.ndarray: ...

    def choose(self, a: Prospect, b: Prospect) -> Choice: ...


class Chooser:
    """Shared methods: certainty equivalents and binary choice from ``value``."""

    reference: float

    def value(self, prospect: Prospect) -> float:  # pragma: no cover - overridden
        raise NotImplementedError

    def inverse_utility(self, u: np.ndarray | float) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def certainty_equivalent(self, prospect: Prospect) -> float:
        """The sure outcome the model values exactly as much as ``prospect``."""
        return float(self.inverse_utility(self.value(prospect)))

    def choose(self, a: Prospect, b: Prospect) -> Choice:
        """``"A"`` if the model values ``a`` at least as highly as ``b``, else ``"B"``.

        Exact ties go to ``"A"``; use :meth:`margin` to see how close a choice is.
        """
        return "A" if self.value(a) >= self.value(b) else "B"

    def margin(self, a: Prospect, b: Prospect) -> float:
        """Certainty equivalent of ``a`` minus that of ``b`` (outcome units)."""
        return self.certainty_equivalent(a) - self.certainty_equivalent(b)
