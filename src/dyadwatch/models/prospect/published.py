"""Published choice problems and their majorities: KT1979 Problems 1-4 and 11-12, TK1981's
Asian disease.

Each problem is typed from the paper: the two options as offered (outcomes are the changes
the subjects were asked to evaluate, after the problem's framing), the majority option, its
share of subjects and the number of subjects. Outcomes are Israeli pounds (KT1979) or lives
(TK1981).

References:
    [KT1979] Kahneman, D. & Tversky, A. (1979). Prospect theory: an analysis of decision under
        risk. Econometrica 47(2), 263-291.
    [TK1981] Tversky, A. & Kahneman, D. (1981). The framing of decisions and the psychology of
        choice. Science 211(4481), 453-458.
"""

from __future__ import annotations

from dataclasses import dataclass

from dyadwatch.models.prospect.preference import Choice

__all__ = ["PUBLISHED_CHOICES", "PublishedChoice"]


@dataclass(frozen=True)
class PublishedChoice:
    """A published choice problem and its majority.

    Attributes:
        key: short identifier (``"KT1979-P1"``).
        source: citation.
        a, b: the two prospects as offered (after the problem's framing: outcomes are the
            changes the subjects were asked to evaluate).
        majority: ``"A"`` or ``"B"``, the option most subjects chose.
        percent: share of subjects choosing the majority option.
        n: number of subjects.
        label_a, label_b: the option names used in the paper.
        note: how the problem is framed.
    """

    key: str
    source: str
    a: tuple[tuple[float, float], ...]
    b: tuple[tuple[float, float], ...]
    majority: Choice
    percent: int
    n: int
    label_a: str
    label_b: str
    note: str = ""


_KT79 = "Kahneman & Tversky (1979), Econometrica 47(2)"
_TK81 = "Tversky & Kahneman (1981), Science 211(4481)"

#: KT1979 Problems 1-4 and 11-12, and the Asian-disease problem of TK1981, with the published
#: majorities. Outcomes in Israeli pounds (KT1979) or lives (TK1981).
PUBLISHED_CHOICES: tuple[PublishedChoice, ...] = (
    PublishedChoice(
        "KT1979-P1",
        _KT79 + ", Problem 1",
        ((2500, 0.33), (2400, 0.66), (0, 0.01)),
        ((2400, 1.0),),
        "B",
        82,
        72,
        "A",
        "B",
        "certainty effect (Allais common consequence)",
    ),
    PublishedChoice(
        "KT1979-P2",
        _KT79 + ", Problem 2",
        ((2500, 0.33), (0, 0.67)),
        ((2400, 0.34), (0, 0.66)),
        "A",
        83,
        72,
        "C",
        "D",
        "Problem 1 with the common .66 chance of 2400 removed",
    ),
    PublishedChoice(
        "KT1979-P3",
        _KT79 + ", Problem 3",
        ((4000, 0.80), (0, 0.20)),
        ((3000, 1.0),),
        "B",
        80,
        95,
        "A",
        "B",
        "certainty effect (common ratio)",
    ),
    PublishedChoice(
        "KT1979-P4",
        _KT79 + ", Problem 4",
        ((4000, 0.20), (0, 0.80)),
        ((3000, 0.25), (0, 0.75)),
        "A",
        65,
        95,
        "C",
        "D",
        "Problem 3 with probabilities divided by 4",
    ),
    PublishedChoice(
        "KT1979-P11",
        _KT79 + ", Problem 11",
        ((1000, 0.5), (0, 0.5)),
        ((500, 1.0),),
        "B",
        84,
        70,
        "A",
        "B",
        "given 1000 first; outcomes are changes from there (isolation effect)",
    ),
    PublishedChoice(
        "KT1979-P12",
        _KT79 + ", Problem 12",
        ((-1000, 0.5), (0, 0.5)),
        ((-500, 1.0),),
        "A",
        69,
        68,
        "C",
        "D",
        "given 2000 first; outcomes are changes from there (isolation effect)",
    ),
    PublishedChoice(
        "TK1981-asian-gain",
        _TK81 + ", Problem 1 (Asian disease, lives saved)",
        ((200, 1.0),),
        ((600, 1 / 3), (0, 2 / 3)),
        "A",
        72,
        152,
        "Program A",
        "Program B",
        "gain frame: reference point is 600 expected deaths, outcomes are lives saved",
    ),
    PublishedChoice(
        "TK1981-asian-loss",
        _TK81 + ", Problem 2 (Asian disease, deaths)",
        ((-400, 1.0),),
        ((0, 1 / 3), (-600, 2 / 3)),
        "B",
        78,
        155,
        "Program C",
        "Program D",
        "loss frame: reference point is no deaths, outcomes are lives lost",
    ),
)
