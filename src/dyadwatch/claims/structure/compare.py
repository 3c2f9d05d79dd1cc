"""The well-posed test on one measure, its verdict, and the robustness table over measures.

:func:`test_measure` runs, at the measure's own frequency: the timing test of its breaks
against leader transitions and against the structural-events register (with power: the share
of periods near an event and the count chance expects); the level-shift test of administrations
over H-structure; and the held-out comparison of H-structure with H-personality
(:mod:`.hypotheses`, :mod:`.heldout`). The verdict is a rule fixed in advance:

* **personality** when term levels add to H-structure beyond chance (block-permutation
  ``p < alpha``) *and* H-personality predicts held-out periods better by more than two standard
  errors;
* **structure** when H-structure predicts held-out periods better by more than two standard
  errors and term levels add nothing beyond chance;
* **undecided** otherwise.

The honeymoon is inside H-structure: its size never counts against the essay.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

import pandas as pd

from dyadwatch.claims.structure.calendar import (
    as_periods,
    freq_code,
    freq_name,
    term_labels,
    window_periods,
)
from dyadwatch.claims.structure.heldout import HeldOutResult, heldout_compare
from dyadwatch.claims.structure.hypotheses import (
    HYPOTHESES,
    personality_design,
    structure_design,
)
from dyadwatch.claims.structure.levelshift import LevelShiftResult, level_shift_test
from dyadwatch.claims.structure.timing import RotationResult, rotation_test
from dyadwatch.errors import DyadwatchError

__all__ = ["MeasureTest", "test_measure", "robustness_table", "robustness_line", "VERDICTS"]

VERDICTS = ("structure", "personality", "undecided")


@dataclass
class MeasureTest:
    """Every figure of the structure-versus-personality test on one measure."""

    measure: str
    freq: str
    n: int
    start: str
    end: str
    breaks: list[str]
    timing_leaders: RotationResult
    timing_structural: RotationResult
    level_shift: LevelShiftResult
    heldout: HeldOutResult
    verdict: str
    text: str
    hypotheses: dict[str, str] = field(default_factory=lambda: dict(HYPOTHESES))

    def to_dict(self) -> dict:
        return asdict(self)


def _fmt_p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _verdict(shift: LevelShiftResult, held: HeldOutResult, alpha: float) -> str:
    decisive = abs(held.difference) > 2 * held.se
    if shift.p_value < alpha and decisive and held.difference > 0:
        return "personality"
    if shift.p_value >= alpha and decisive and held.difference < 0:
        return "structure"
    return "undecided"


def _text(m: str, n: int, code: str, t_l, t_s, shift, held, verdict: str) -> str:
    unit = freq_name(code)
    parts = [
        f"{m}: {t_l.n_breaks} breaks in {n} {unit}s;"
        f" {t_l.observed} near a leader change (chance {t_l.expected:.1f}, {_fmt_p(t_l.p_value)};"
        f" {t_l.share_near:.0%} of {unit}s are near one) and {t_s.observed} near a structural"
        f" event (chance {t_s.expected:.1f}, {_fmt_p(t_s.p_value)}; {t_s.share_near:.0%} near)."
    ]
    for t, what in ((t_l, "leader"), (t_s, "structural")):
        if t.n_breaks and t.p_min >= 0.05:
            parts.append(f"The {what} timing test has no power here (best p {t.p_min:.2f}).")
    parts.append(
        f"Administration levels add {shift.r2_gain:.1%} of R² to H-structure (block permutation "
        f"{_fmt_p(shift.p_value)}); held-out log density per {unit}, personality minus "
        f"structure: {held.difference:+.3f} (se {held.se:.3f})."
    )
    parts.append(f"Verdict on this measure: {verdict}.")
    return " ".join(parts)


def test_measure(
    series: pd.Series,
    breaks: Sequence,
    *,
    name: str,
    transitions: Sequence,
    us_transitions: Sequence,
    structural_events: Sequence,
    window_months: int = 3,
    n_perm: int = 999,
    seed: int | None = 0,
    alpha: float = 0.05,
) -> MeasureTest:
    """The test on one measure at its own frequency (see the module docstring).

    Args:
        series: the measure, with a monthly, quarterly or yearly PeriodIndex, no gaps.
        breaks: its turning points (found by the caller's change-point detector).
        name: what it is.
        transitions: leader changes (both countries) that start a term.
        us_transitions: the inaugurations whose honeymoon H-structure includes.
        structural_events: dates of the register's events.
        window_months: the coincidence window (months; turned into whole periods).
        n_perm: block permutations of the level-shift test.
        seed: its seed.
        alpha: the level.
    """
    y = pd.Series(series, dtype=float).dropna()
    if not isinstance(y.index, pd.PeriodIndex) or len(y) < 8:
        raise DyadwatchError(
            f"the measure {name!r} needs at least 8 periods with a PeriodIndex, got {len(y)}",
            where="{series}",
        )
    code = freq_code(y.index)
    w = window_periods(window_months, code)
    start, end = y.index[0], y.index[-1]
    b = as_periods(breaks, code)
    t_l = rotation_test(b, transitions, start=start, end=end, window=w, freq=code)
    t_s = rotation_test(b, structural_events, start=start, end=end, window=w, freq=code)
    xs = structure_design(y.index, structural_events, us_transitions)
    xp = personality_design(y.index, transitions)
    labels = term_labels(y.index, transitions)
    shift = level_shift_test(y.to_numpy(), xs[0], labels, n_perm=n_perm, seed=seed)
    held = heldout_compare(y.to_numpy(), {"structure": xs, "personality": xp}, code)
    verdict = _verdict(shift, held, alpha)
    return MeasureTest(
        measure=name,
        freq=freq_name(code),
        n=len(y),
        start=str(start),
        end=str(end),
        breaks=[str(p) for p in b],
        timing_leaders=t_l,
        timing_structural=t_s,
        level_shift=shift,
        heldout=held,
        verdict=verdict,
        text=_text(name, len(y), code, t_l, t_s, shift, held, verdict),
    )


def robustness_table(tests: Mapping[str, MeasureTest] | Sequence[MeasureTest]) -> pd.DataFrame:
    """One row a measure: sizes, timing (observed, chance, p, share near), level shift, held-out."""
    rows = []
    for t in tests.values() if isinstance(tests, Mapping) else tests:
        tl, ts, h = t.timing_leaders, t.timing_structural, t.heldout
        rows.append(
            {
                "measure": t.measure,
                "freq": t.freq,
                "n": t.n,
                "span": f"{t.start}–{t.end}",
                "breaks": len(t.breaks),
                "near_leader": tl.observed,
                "chance_leader": round(tl.expected, 2),
                "p_leader": round(tl.p_value, 3),
                "share_near_leader": round(tl.share_near, 2),
                "near_structural": ts.observed,
                "chance_structural": round(ts.expected, 2),
                "p_structural": round(ts.p_value, 3),
                "share_near_structural": round(ts.share_near, 2),
                "term_r2_gain": round(t.level_shift.r2_gain, 3),
                "p_terms": round(t.level_shift.p_value, 3),
                "heldout_personality_minus_structure": round(h.difference, 3),
                "heldout_se": round(h.se, 3),
                "verdict": t.verdict,
            }
        )
    return pd.DataFrame(rows)


def robustness_line(tests: Mapping[str, MeasureTest]) -> str:
    """How the verdicts agree across measures, in one sentence."""
    counts = {v: [m for m, t in tests.items() if t.verdict == v] for v in VERDICTS}
    parts = [f"{len(ms)} {v} ({', '.join(ms)})" for v, ms in counts.items() if ms]
    agree = len([v for v, ms in counts.items() if ms]) == 1
    lead = "The verdict holds across" if agree else "The verdicts differ across"
    return f"{lead} {len(tests)} measures: " + "; ".join(parts) + "."
