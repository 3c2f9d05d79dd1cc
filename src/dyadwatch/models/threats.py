"""Threat claims as competing hypotheses: an ACH engine and the shipped threat register.

Peter Zwack sorts the threats the Kremlin names into *real*, *perceived* and *contrived*; the
essay's recommendation is to tell the last two apart. This module applies Heuer's Analysis of
Competing Hypotheses [Heuer1999, ch. 8] to a claim: every piece of evidence is rated against
every hypothesis, and the hypothesis with the *least* evidence against it is the most likely.

Ratings (one per evidence item and hypothesis):

    ``CC`` very consistent, ``C`` consistent, ``N`` neutral, ``I`` inconsistent,
    ``II`` very inconsistent, ``NA`` not applicable.

Scoring (the inconsistency score of PARC ACH 2.0 [PARC2010]):

    score(h) = sum_e  w_e * points(r_eh),   points: I = 1, II = 2, every other rating = 0,

with the evidence weight ``w_e = credibility_e * relevance_e`` (each 1 by default, or one
``weight`` given directly). Lower is more likely; consistent evidence does not add support,
because evidence consistent with a hypothesis is usually consistent with others too (Heuer's
central point: work by refutation). ``NA`` scores 0, like ``C``.

Ranking: hypotheses sorted by score, ties kept together in *tiers* (scores equal within
1e-9); the flat ``ranking`` list breaks ties by the order the hypotheses were given in.

Diagnosticity of an evidence item (this module's definition):

    diag(e) = w_e * (max_h points(r_eh) - min_h points(r_eh)),  over hypotheses rated not NA,

so it lies in ``[0, 2 w_e]``. An item that no hypothesis finds inconsistent (only CC, C, N)
has diagnosticity 0: it cannot change any score difference, which is exactly Heuer's "evidence
consistent with all hypotheses has no diagnostic value". An item rated for fewer than two
hypotheses has diagnosticity 0.

Sensitivity [Heuer1999, step 6]: each item is dropped in turn and the matrix rescored. The
ranking *changes* when the tiers change (any pair of hypotheses changes order or ties or
un-ties); the *top changes* when the set of hypotheses in the first tier changes. Items whose
removal changes the top are the conclusion's *critical evidence*: the ones to double-check.

Conclusion and confidence (this module's rule, documented and testable):

* the most likely hypotheses are the first tier; if it holds more than one hypothesis the
  conclusion is "undecided" and the confidence is ``none``;
* otherwise ``gap`` = score of the second tier minus score of the first, in weighted
  inconsistency units (one unit = one full-weight ``I``), and with thresholds
  ``gap_thresholds = (t1, t2)`` (default ``(1, 3)``): ``gap < t1`` gives ``low``,
  ``t1 <= gap < t2`` ``moderate``, ``gap >= t2`` ``high``;
* if dropping any single item changes the top (the conclusion is fragile), the confidence is
  capped at ``low``.

For an undecided conclusion ``gap`` is the tied leaders' margin over the next tier (0 when
every hypothesis ties).

A one-item lead is therefore always ``low``: one piece of evidence is all that stands between
the leader and a tie.

The shipped register (``dyadwatch/data/threats/register.yaml``) holds threat claims made by
the Russian leadership 1993-2025, each with cited evidence rated against the three
hypotheses. The ratings are analytic judgements, with a rationale per rating row; the
citations are to real documents. :func:`assess_register` runs the engine on every claim.

References:
    [Heuer1999] Heuer, R. J. (1999). Psychology of Intelligence Analysis, ch. 8 "Analysis of
        Competing Hypotheses". CIA Center for the Study of Intelligence.
    [PARC2010] Palo Alto Research Center (2010). ACH 2.0.5 software and user manual; the
        "inconsistency score" counts I as 1 and II as 2, weighted by credibility and relevance.
    [Zwack] Zwack, P., quoted in the essay: threats to Russia are "real, perceived, and
        contrived".
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd
import yaml

from dyadwatch.errors import DyadwatchError

__all__ = [
    "ACH",
    "DEFAULT_HYPOTHESES",
    "EVIDENCE_KINDS",
    "INCONSISTENCY_POINTS",
    "RATINGS",
    "Claim",
    "Evidence",
    "assess_claim",
    "assess_register",
    "diagnosticity",
    "inconsistency_scores",
    "load_claim",
    "load_register",
    "parse_claim",
    "rank_tiers",
    "report_sections",
]

DEFAULT_HYPOTHESES: tuple[str, ...] = ("real", "perceived", "contrived")
RATINGS: tuple[str, ...] = ("CC", "C", "N", "I", "II", "NA")
INCONSISTENCY_POINTS: dict[str, int] = {"CC": 0, "C": 0, "N": 0, "I": 1, "II": 2, "NA": 0}
EVIDENCE_KINDS: tuple[str, ...] = (
    "military_change",
    "consistency",
    "costly_action",
    "domestic_timing",
    "verification",
)
_TOL = 1e-9


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One evidence item of an ACH matrix.

    Attributes:
        id: unique within its claim.
        text: what the evidence is.
        ratings: hypothesis -> rating (one of :data:`RATINGS`).
        weight: credibility x relevance (default 1).
        kind: one of :data:`EVIDENCE_KINDS` (register items), or None.
        citation: ``Publisher, "Title", date`` of the source.
        rationale: why the ratings are what they are (an analytic judgement).
    """

    id: str
    text: str
    ratings: Mapping[str, str]
    weight: float = 1.0
    kind: str | None = None
    citation: str | None = None
    rationale: str | None = None


@dataclass(frozen=True)
class Claim:
    """A threat claim with its evidence matrix.

    Attributes:
        claim: the claim, paraphrased.
        evidence: the rated evidence items.
        hypotheses: the competing hypotheses (default real, perceived, contrived).
        id: register id (``YYYY-MM-DD-slug``) or None for a user file.
        date: when the claim was made.
        claimant: who made it.
        topic: register topic.
        citation: source of the claim.
    """

    claim: str
    evidence: tuple[Evidence, ...]
    hypotheses: tuple[str, ...] = DEFAULT_HYPOTHESES
    id: str | None = None
    date: date | None = None
    claimant: str | None = None
    topic: str | None = None
    citation: str | None = None
    url: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Scoring: pure functions
# ---------------------------------------------------------------------------------------------


def inconsistency_scores(
    evidence: Iterable[Evidence], hypotheses: Sequence[str]
) -> dict[str, float]:
    """Weighted inconsistency score per hypothesis (lower is more likely) [PARC2010].

    Args:
        evidence: rated evidence items.
        hypotheses: the hypotheses to score, in order.

    Returns:
        ``{hypothesis: sum of weight x points}`` with I = 1 and II = 2 points.
    """
    scores = {h: 0.0 for h in hypotheses}
    for item in evidence:
        for h in hypotheses:
            scores[h] += item.weight * INCONSISTENCY_POINTS[item.ratings[h]]
    return scores


def rank_tiers(scores: Mapping[str, float], hypotheses: Sequence[str]) -> list[list[str]]:
    """Hypotheses grouped into tiers of equal score, most likely (lowest score) first.

    Within a tier the hypotheses keep the order of ``hypotheses``.
    """
    order = sorted(hypotheses, key=lambda h: (scores[h], hypotheses.index(h)))
    tiers: list[list[str]] = []
    for h in order:
        if tiers and math.isclose(scores[h], scores[tiers[-1][0]], rel_tol=0.0, abs_tol=_TOL):
            tiers[-1].append(h)
        else:
            tiers.append([h])
    return tiers


def diagnosticity(item: Evidence, hypotheses: Sequence[str]) -> float:
    """Diagnosticity of one item: weight x spread of its inconsistency points.

    The spread is taken over the hypotheses the item is rated for (not ``NA``); an item no
    hypothesis finds inconsistent, or rated for fewer than two hypotheses, has none.
    """
    points = [INCONSISTENCY_POINTS[item.ratings[h]] for h in hypotheses if item.ratings[h] != "NA"]
    if len(points) < 2:
        return 0.0
    return item.weight * (max(points) - min(points))


# ---------------------------------------------------------------------------------------------
# The engine
# ---------------------------------------------------------------------------------------------


class ACH:
    """Analysis of Competing Hypotheses with PARC inconsistency scoring [Heuer1999].

    Args:
        hypotheses: the hypotheses (default real, perceived, contrived). When the claim
            passed to :meth:`fit` carries its own hypotheses, those are used.
        gap_thresholds: ``(t1, t2)`` in weighted inconsistency units: a score gap below t1
            is low confidence, from t1 to below t2 moderate, t2 and above high (see the
            module docstring for the full rule, including the fragility cap).

    Attributes:
        hypotheses_: the hypotheses scored.
        scores_: ``{hypothesis: inconsistency score}``.
        tiers_: hypotheses grouped by equal score, most likely first.
        ranking_: hypotheses most to least likely (ties in given order).
        diagnosticity_: ``{evidence id: diagnosticity}``.
        sensitivity_: one record per dropped item: ``dropped``, ``scores``, ``ranking``,
            ``ranking_changed``, ``top_changed``.
        conclusion_: ``most_likely``, ``confidence``, ``gap``, ``robust``,
            ``critical_evidence``, ``text``.
    """

    def __init__(
        self,
        hypotheses: Sequence[str] | None = None,
        *,
        gap_thresholds: tuple[float, float] = (1.0, 3.0),
    ) -> None:
        self.hypotheses = hypotheses
        self.gap_thresholds = gap_thresholds

    def fit(self, claim: Claim | Sequence[Evidence]) -> ACH:
        """Score a claim (or a bare list of evidence) and run the sensitivity analysis."""
        if isinstance(claim, Claim):
            hypotheses = tuple(claim.hypotheses)
            evidence = tuple(claim.evidence)
        else:
            hypotheses = tuple(self.hypotheses or DEFAULT_HYPOTHESES)
            evidence = tuple(claim)
        _check_matrix(hypotheses, evidence)
        t1, t2 = self.gap_thresholds
        if not (0 <= t1 <= t2):
            raise DyadwatchError(
                f"gap thresholds must satisfy 0 <= t1 <= t2, got {self.gap_thresholds}",
                fix="pass gap_thresholds=(1.0, 3.0) or similar",
            )

        self.hypotheses_ = hypotheses
        self.scores_ = inconsistency_scores(evidence, hypotheses)
        self.tiers_ = rank_tiers(self.scores_, hypotheses)
        self.ranking_ = [h for tier in self.tiers_ for h in tier]
        self.diagnosticity_ = {e.id: diagnosticity(e, hypotheses) for e in evidence}

        sensitivity = []
        for i, item in enumerate(evidence):
            rest = evidence[:i] + evidence[i + 1 :]
            scores = inconsistency_scores(rest, hypotheses)
            tiers = rank_tiers(scores, hypotheses)
            sensitivity.append(
                {
                    "dropped": item.id,
                    "scores": scores,
                    "ranking": [h for tier in tiers for h in tier],
                    "ranking_changed": _tiers_key(tiers) != _tiers_key(self.tiers_),
                    "top_changed": set(tiers[0]) != set(self.tiers_[0]),
                }
            )
        self.sensitivity_ = sensitivity
        self.conclusion_ = self._conclude()
        return self

    def _conclude(self) -> dict[str, Any]:
        top = self.tiers_[0]
        critical = [s["dropped"] for s in self.sensitivity_ if s["top_changed"]]
        robust = not critical
        if len(self.tiers_) == 1:
            gap = 0.0
        else:
            gap = self.scores_[self.tiers_[1][0]] - self.scores_[top[0]]
        t1, t2 = self.gap_thresholds
        if len(top) > 1:
            confidence = "none"
            text = (
                f"undecided between {' and '.join(top)} "
                f"(equal inconsistency {_num(self.scores_[top[0]])})"
            )
        else:
            if gap >= t2 - _TOL:
                confidence = "high"
            elif gap >= t1 - _TOL:
                confidence = "moderate"
            else:
                confidence = "low"
            if not robust and confidence != "low":
                confidence = "low"
            runner = self.tiers_[1]
            text = (
                f"{top[0]} is the least inconsistent hypothesis "
                f"(score {_num(self.scores_[top[0]])} against {_num(self.scores_[runner[0]])} "
                f"for {' / '.join(runner)}; gap {_num(gap)}): {confidence} confidence"
            )
            if not robust:
                text += f"; dropping {', '.join(critical)} would change the conclusion"
        return {
            "most_likely": list(top),
            "confidence": confidence,
            "gap": gap,
            "robust": robust,
            "critical_evidence": critical,
            "text": text,
        }

    def result(self) -> dict[str, Any]:
        """The assessment as plain data (what ``threats assess --format json`` prints)."""
        return {
            "hypotheses": list(self.hypotheses_),
            "ranking": list(self.ranking_),
            "tiers": [list(t) for t in self.tiers_],
            "scores": dict(self.scores_),
            "diagnosticity": dict(self.diagnosticity_),
            "sensitivity": list(self.sensitivity_),
            "conclusion": dict(self.conclusion_),
        }


def assess_claim(claim: Claim, *, gap_thresholds: tuple[float, float] = (1.0, 3.0)) -> ACH:
    """Fit :class:`ACH` on one claim and return the fitted engine."""
    return ACH(gap_thresholds=gap_thresholds).fit(claim)


def _tiers_key(tiers: list[list[str]]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(t) for t in tiers)


def _num(x: float) -> str:
    return f"{x:g}"


def _check_matrix(hypotheses: Sequence[str], evidence: Sequence[Evidence]) -> None:
    """Validate a matrix built in Python (files are validated with line numbers on load)."""
    if len(hypotheses) < 2 or len(set(hypotheses)) != len(hypotheses):
        raise DyadwatchError(
            f"need at least two distinct hypotheses, got {list(hypotheses)}",
            fix="name each competing hypothesis once",
        )
    if not evidence:
        raise DyadwatchError("no evidence to assess", fix="add at least one evidence item")
    seen: set[str] = set()
    for item in evidence:
        where = f"evidence '{item.id}'"
        if item.id in seen:
            raise DyadwatchError(
                f"duplicate evidence id '{item.id}'",
                where=where,
                fix="give every evidence item its own id",
            )
        seen.add(item.id)
        missing = [h for h in hypotheses if h not in item.ratings]
        if missing:
            raise DyadwatchError(
                f"no rating for hypothesis '{missing[0]}'",
                where=where,
                fix=f"rate every hypothesis: {', '.join(hypotheses)}",
            )
        extra = [h for h in item.ratings if h not in hypotheses]
        if extra:
            raise DyadwatchError(
                f"rating for unknown hypothesis '{extra[0]}'",
                where=where,
                fix=f"the hypotheses are: {', '.join(hypotheses)}",
            )
        for h, r in item.ratings.items():
            if r not in INCONSISTENCY_POINTS:
                raise DyadwatchError(
                    f"unknown rating '{r}' for hypothesis '{h}'",
                    where=where,
                    fix=f"use one of {', '.join(RATINGS)}",
                )
        if not (
            isinstance(item.weight, (int, float)) and math.isfinite(item.weight) and item.weight > 0
        ):
            raise DyadwatchError(
                f"weight must be a positive number, got {item.weight!r}",
                where=where,
                fix="use e.g. weight: 0.5",
            )


# ---------------------------------------------------------------------------------------------
# YAML with line numbers
# ---------------------------------------------------------------------------------------------


class _MarkedDict(dict):
    """A mapping that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]


class _MarkedList(list):
    line: int = 0
    item_lines: list[int]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences remember their lines; duplicate keys fail."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _MarkedDict:
    loader.flatten_mapping(node)
    out = _MarkedDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, "found an unhashable key", key_node.start_mark
            ) from exc
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _MarkedList:
    out = _MarkedList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.item_lines = [child.start_mark.line + 1 for child in node.value]
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _read_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = exc.problem or exc.context or "malformed YAML"
        fix = "check the indentation and quoting there (YAML syntax)"
        if problem.startswith("duplicate key"):
            fix = "keep one of the two keys"
        raise DyadwatchError(
            f"cannot read YAML: {problem}", where=f"{source}{line}", fix=fix
        ) from None
    except yaml.YAMLError as exc:
        raise DyadwatchError(
            f"cannot read YAML: {str(exc).splitlines()[0]}",
            where=source,
            fix="check the file is valid YAML",
        ) from None


def _where(source: str, line: int | None, label: str | None = None) -> str:
    text = source
    if line:
        text += f", line {line}"
    if label:
        text += f", {label}"
    return text


def _line_of(mapping: Any, key: Any) -> int | None:
    lines = getattr(mapping, "key_lines", None)
    if lines and key in lines:
        return lines[key]
    return getattr(mapping, "line", None) or None


_EVIDENCE_KEYS = {
    "id",
    "text",
    "ratings",
    "weight",
    "credibility",
    "relevance",
    "citation",
    "source",
    "rationale",
    "kind",
    "url",
}
_CLAIM_KEYS = {
    "claim",
    "hypotheses",
    "evidence",
    "id",
    "date",
    "date_precision",
    "claimant",
    "topic",
    "citation",
    "source",
    "url",
    "title",
    "note",
}


def _positive(value: Any, name: str, where: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(float(value))
        or value <= 0
    ):
        raise DyadwatchError(
            f"{name} must be a positive number, got {value!r}",
            where=where,
            fix=f"write e.g. {name}: 0.5",
        )
    return float(value)


def _text(value: Any, name: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DyadwatchError(
            f"'{name}' must be non-empty text", where=where, fix=f"add a '{name}:' line with text"
        )
    return value.strip()


def parse_claim(
    data: Any,
    *,
    source: str = "<claim>",
    sources: Mapping[str, Mapping[str, Any]] | None = None,
) -> Claim:
    """Build and validate a :class:`Claim` from parsed YAML (a mapping).

    Keys: ``claim`` (text), ``hypotheses`` (optional list, default real/perceived/contrived),
    ``evidence`` (list of ``{id, text, ratings, weight?}`` or ``credibility``/``relevance``).
    Register entries add ``id``, ``date``, ``claimant``, ``topic``, ``citation`` or ``source``,
    and per item ``kind``, ``citation`` or ``source``, ``rationale``.

    Raises:
        DyadwatchError: naming the item and line for an unknown rating, a missing or unknown
            hypothesis in a rating row, a duplicate id, a bad weight or a missing field.
    """
    if not isinstance(data, Mapping):
        raise DyadwatchError(
            "a claim must be a mapping with 'claim' and 'evidence'",
            where=_where(source, getattr(data, "line", None)),
            fix="start the file with 'claim: ...' and 'evidence:'",
        )
    label = f"claim '{data['id']}'" if isinstance(data.get("id"), str) else None
    for key in data:
        if key not in _CLAIM_KEYS:
            raise DyadwatchError(
                f"unknown key '{key}'",
                where=_where(source, _line_of(data, key), label),
                fix=f"allowed keys: {', '.join(sorted(_CLAIM_KEYS))}",
            )
    if "claim" not in data:
        raise DyadwatchError(
            "missing 'claim'",
            where=_where(source, _line_of(data, None), label),
            fix="add 'claim: <the claim in one sentence>'",
        )
    text = _text(data["claim"], "claim", _where(source, _line_of(data, "claim"), label))

    raw_h = data.get("hypotheses", list(DEFAULT_HYPOTHESES))
    h_where = _where(source, _line_of(data, "hypotheses"), label)
    if not isinstance(raw_h, list) or not all(isinstance(h, str) and h.strip() for h in raw_h):
        raise DyadwatchError(
            "'hypotheses' must be a list of names",
            where=h_where,
            fix="write e.g. hypotheses: [real, perceived, contrived]",
        )
    hypotheses = tuple(h.strip() for h in raw_h)
    if len(hypotheses) < 2:
        raise DyadwatchError(
            "need at least two hypotheses",
            where=h_where,
            fix="ACH compares competing hypotheses: list two or more",
        )
    dup = [h for h in hypotheses if hypotheses.count(h) > 1]
    if dup:
        raise DyadwatchError(
            f"duplicate hypothesis '{dup[0]}'", where=h_where, fix="name each hypothesis once"
        )

    raw_e = data.get("evidence")
    e_where = _where(source, _line_of(data, "evidence"), label)
    if not isinstance(raw_e, list) or not raw_e:
        raise DyadwatchError(
            "'evidence' must be a non-empty list",
            where=e_where,
            fix="add items like '- {id: e1, text: ..., ratings: {...}}'",
        )
    item_lines = getattr(raw_e, "item_lines", [None] * len(raw_e))
    evidence: list[Evidence] = []
    seen: dict[str, int | None] = {}
    for raw, line in zip(raw_e, item_lines, strict=True):
        evidence.append(_parse_evidence(raw, line, hypotheses, source, label, seen, sources))

    claim_source = _resolve_source(data, sources, source, label)
    when = data.get("date")
    if when is not None and not isinstance(when, date):
        when_s = str(when)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", when_s):
            raise DyadwatchError(
                f"date must be YYYY-MM-DD, got {when_s!r}",
                where=_where(source, _line_of(data, "date"), label),
                fix="write the date as YYYY-MM-DD",
            )
        try:
            when = date.fromisoformat(when_s)
        except ValueError:
            raise DyadwatchError(
                f"no such date {when_s!r}",
                where=_where(source, _line_of(data, "date"), label),
                fix="write a real calendar date",
            ) from None
    return Claim(
        claim=text,
        evidence=tuple(evidence),
        hypotheses=hypotheses,
        id=data.get("id"),
        date=when,
        claimant=data.get("claimant"),
        topic=data.get("topic"),
        citation=claim_source[0],
        url=claim_source[1],
        extra={k: data[k] for k in ("date_precision", "title", "note") if k in data},
    )


def _resolve_source(
    data: Mapping[str, Any],
    sources: Mapping[str, Mapping[str, Any]] | None,
    source: str,
    label: str | None,
) -> tuple[str | None, str | None]:
    if "source" in data:
        key = data["source"]
        if not sources or key not in sources:
            raise DyadwatchError(
                f"unknown source '{key}'",
                where=_where(source, _line_of(data, "source"), label),
                fix="add it under 'sources:' or write 'citation:' instead",
            )
        entry = sources[key]
        return entry.get("citation"), entry.get("url")
    citation = data.get("citation")
    return (citation.strip() if isinstance(citation, str) else None), data.get("url")


def _parse_evidence(
    raw: Any,
    line: int | None,
    hypotheses: tuple[str, ...],
    source: str,
    claim_label: str | None,
    seen: dict[str, int | None],
    sources: Mapping[str, Mapping[str, Any]] | None,
) -> Evidence:
    prefix = f"{claim_label}, " if claim_label else ""
    if not isinstance(raw, Mapping):
        raise DyadwatchError(
            "an evidence item must be a mapping",
            where=_where(source, line, claim_label),
            fix="write '- id: e1' then text and ratings under it",
        )
    eid = raw.get("id")
    if (
        eid is None
        or (not isinstance(eid, (str, int)))
        or isinstance(eid, bool)
        or not str(eid).strip()
    ):
        raise DyadwatchError(
            "evidence item without an id",
            where=_where(source, line, claim_label),
            fix="give it 'id: e1' (unique within the claim)",
        )
    eid = str(eid).strip()
    label = f"{prefix}evidence '{eid}'"
    if eid in seen:
        first = seen[eid]
        raise DyadwatchError(
            f"duplicate evidence id '{eid}'" + (f" (first used on line {first})" if first else ""),
            where=_where(source, line, label),
            fix="give every evidence item its own id",
        )
    seen[eid] = line
    for key in raw:
        if key not in _EVIDENCE_KEYS:
            raise DyadwatchError(
                f"unknown key '{key}'",
                where=_where(source, _line_of(raw, key), label),
                fix=f"allowed keys: {', '.join(sorted(_EVIDENCE_KEYS))}",
            )
    text = raw.get("text", "")
    if not isinstance(text, str):
        raise DyadwatchError(
            "'text' must be text",
            where=_where(source, _line_of(raw, "text"), label),
            fix="quote the text",
        )
    ratings_raw = raw.get("ratings")
    r_line = _line_of(raw, "ratings")
    if not isinstance(ratings_raw, Mapping):
        raise DyadwatchError(
            "missing or malformed 'ratings'",
            where=_where(source, r_line, label),
            fix="write ratings: {" + ", ".join(f"{h}: C" for h in hypotheses) + "}",
        )
    ratings: dict[str, str] = {}
    for h_key, value in ratings_raw.items():
        h = str(h_key).strip()
        v_line = _line_of(ratings_raw, h_key) or r_line
        if h not in hypotheses:
            raise DyadwatchError(
                f"rating for unknown hypothesis '{h}'",
                where=_where(source, v_line, label),
                fix=f"the hypotheses are: {', '.join(hypotheses)}",
            )
        rating = value.strip().upper() if isinstance(value, str) else None
        if rating not in INCONSISTENCY_POINTS:
            raise DyadwatchError(
                f"unknown rating {value!r} for hypothesis '{h}'",
                where=_where(source, v_line, label),
                fix=f"use one of {', '.join(RATINGS)}",
            )
        ratings[h] = rating
    missing = [h for h in hypotheses if h not in ratings]
    if missing:
        raise DyadwatchError(
            f"no rating for hypothesis '{missing[0]}'",
            where=_where(source, r_line, label),
            fix=f"rate every hypothesis: {', '.join(hypotheses)}",
        )

    if "weight" in raw and ("credibility" in raw or "relevance" in raw):
        raise DyadwatchError(
            "give either 'weight' or 'credibility'/'relevance', not both",
            where=_where(source, _line_of(raw, "weight"), label),
            fix="weight = credibility x relevance; keep one form",
        )
    if "weight" in raw:
        weight = _positive(raw["weight"], "weight", _where(source, _line_of(raw, "weight"), label))
    else:
        weight = 1.0
        for name in ("credibility", "relevance"):
            if name in raw:
                weight *= _positive(raw[name], name, _where(source, _line_of(raw, name), label))

    kind = raw.get("kind")
    if kind is not None and kind not in EVIDENCE_KINDS:
        raise DyadwatchError(
            f"unknown evidence kind {kind!r}",
            where=_where(source, _line_of(raw, "kind"), label),
            fix=f"use one of {', '.join(EVIDENCE_KINDS)}",
        )
    citation, _url = _resolve_source(raw, sources, source, label)
    rationale = raw.get("rationale")
    return Evidence(
        id=eid,
        text=text.strip(),
        ratings=MappingProxyType(ratings),
        weight=weight,
        kind=kind,
        citation=citation,
        rationale=rationale.strip() if isinstance(rationale, str) else None,
    )


def load_claim(path: str | Path) -> Claim:
    """Read and validate a claim file for ``dyadwatch threats assess``.

    Raises:
        DyadwatchError: unreadable file, bad YAML, or a bad matrix (with item and line).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DyadwatchError(f"no such file: {path}", fix="check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DyadwatchError(f"cannot read {path}: {exc}", fix="pass a UTF-8 YAML file") from None
    data = _read_yaml(text, str(path))
    if data is None:
        raise DyadwatchError(
            "the file is empty",
            where=str(path),
            fix="write 'claim:', optional 'hypotheses:' and 'evidence:'",
        )
    return parse_claim(data, source=str(path))


# ---------------------------------------------------------------------------------------------
# The shipped register
# ---------------------------------------------------------------------------------------------

_REGISTER = ("threats", "register.yaml")
#: ``Publisher, "Title" (optional note: symbol, series), YYYY-MM-DD`` (or YYYY-MM, YYYY)
CITATION_RE = re.compile(
    r'^[^"]+, "[^"]+"( \([^()]+(\([^()]*\)[^()]*)*\))?, \d{4}(-\d{2}(-\d{2})?)?$'
)


@dataclass(frozen=True)
class Register:
    """The threat register: metadata, the source list and the claims."""

    meta: Mapping[str, Any]
    sources: Mapping[str, Mapping[str, Any]]
    claims: tuple[Claim, ...]

    def get(self, claim_id: str) -> Claim:
        """The claim with this id.

        Raises:
            DyadwatchError: no such claim.
        """
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise DyadwatchError(
            f"no claim '{claim_id}' in the threat register",
            fix="list the ids with: dyadwatch threats list",
        )


def _register_text() -> tuple[str, str]:
    ref = resources.files("dyadwatch.data").joinpath(*_REGISTER)
    return ref.read_text(encoding="utf-8"), "dyadwatch/data/threats/register.yaml"


def load_register(path: str | Path | None = None) -> Register:
    """Load and validate the threat register (the shipped one unless ``path`` is given)."""
    if path is None:
        return _shipped_register()
    return _load_register(path)


@functools.lru_cache(maxsize=1)
def _shipped_register() -> Register:
    return _load_register(None)


def _load_register(path: str | Path | None) -> Register:
    if path is None:
        text, source = _register_text()
    else:
        path = Path(path)
        text, source = path.read_text(encoding="utf-8"), str(path)
    data = _read_yaml(text, source)
    if not isinstance(data, Mapping) or "claims" not in data:
        raise DyadwatchError(
            "the register must be a mapping with 'claims'",
            where=source,
            fix="see dyadwatch/data/threats/README.md",
        )
    sources = data.get("sources") or {}
    for key, entry in sources.items():
        if not isinstance(entry, Mapping) or not isinstance(entry.get("citation"), str):
            raise DyadwatchError(
                f"source '{key}' has no citation",
                where=_where(source, _line_of(sources, key)),
                fix='write citation: Publisher, "Title", YYYY-MM-DD',
            )
    claims = []
    ids: dict[str, int | None] = {}
    raw_claims = data["claims"]
    for raw, line in zip(
        raw_claims, getattr(raw_claims, "item_lines", [None] * len(raw_claims)), strict=True
    ):
        claim = parse_claim(raw, source=source, sources=sources)
        if claim.id in ids:
            raise DyadwatchError(
                f"duplicate claim id '{claim.id}'",
                where=_where(source, line),
                fix="give every claim its own id",
            )
        ids[str(claim.id)] = line
        claims.append(claim)
    return Register(meta=dict(data.get("meta") or {}), sources=dict(sources), claims=tuple(claims))


def assess_register(
    register: Register | None = None, *, gap_thresholds: tuple[float, float] = (1.0, 3.0)
) -> pd.DataFrame:
    """Run ACH on every register claim.

    Returns:
        One row per claim, oldest first: ``id, date, topic, claimant, claim, most_likely``
        (``;``-joined first tier), ``label`` (the single most likely hypothesis, or empty when
        undecided), ``confidence``, ``gap``, ``ranking``, one ``score_<hypothesis>`` column per
        hypothesis, ``n_evidence`` and ``critical_evidence``.
    """
    register = register or load_register()
    rows = []
    for claim in register.claims:
        ach = assess_claim(claim, gap_thresholds=gap_thresholds)
        c = ach.conclusion_
        row: dict[str, Any] = {
            "id": claim.id,
            "date": claim.date,
            "topic": claim.topic,
            "claimant": claim.claimant,
            "claim": claim.claim,
            "most_likely": ";".join(c["most_likely"]),
            "label": c["most_likely"][0] if len(c["most_likely"]) == 1 else "",
            "confidence": c["confidence"],
            "gap": c["gap"],
            "ranking": list(ach.ranking_),
        }
        for h in ach.hypotheses_:
            row[f"score_{h}"] = ach.scores_[h]
        row["n_evidence"] = len(claim.evidence)
        row["critical_evidence"] = list(c["critical_evidence"])
        rows.append(row)
    return pd.DataFrame(rows).sort_values(["date", "id"], kind="stable").reset_index(drop=True)


def claim_matrix(claim: Claim, ach: ACH | None = None) -> pd.DataFrame:
    """The evidence matrix of a claim as a frame: id, weight, one column per hypothesis,
    diagnosticity, text (and kind/citation/rationale when present)."""
    ach = ach or assess_claim(claim)
    rows = []
    for e in claim.evidence:
        row: dict[str, Any] = {"id": e.id, "weight": e.weight}
        row.update({h: e.ratings[h] for h in claim.hypotheses})
        row["diagnosticity"] = ach.diagnosticity_[e.id]
        row["text"] = e.text
        if e.kind:
            row["kind"] = e.kind
        if e.citation:
            row["citation"] = e.citation
        if e.rationale:
            row["rationale"] = e.rationale
        rows.append(row)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def report_sections() -> list:
    """Report sections: the register's assessments and the NATO-enlargement spiral.

    Returns:
        Two :class:`dyadwatch.report.section.Section` objects with captioned figures.
    """
    import plotly.graph_objects as go

    from dyadwatch.models import spiral
    from dyadwatch.report.section import Figure, Section

    frame = assess_register()
    hyps = list(DEFAULT_HYPOTHESES)
    n = len(frame)
    counts = frame["label"].replace("", "undecided").value_counts()
    undecided = int(counts.get("undecided", 0))
    pc_ties = int(
        frame["most_likely"].map(lambda s: set(s.split(";")) == {"perceived", "contrived"}).sum()
    )
    by_conf = frame["confidence"].value_counts()
    items = [e for c in load_register().claims for e in c.evidence]
    n_items = len(items)

    def differs(e: Evidence, a: str, b: str) -> bool:
        return INCONSISTENCY_POINTS[e.ratings[a]] != INCONSISTENCY_POINTS[e.ratings[b]]

    n_pc = sum(differs(e, "perceived", "contrived") for e in items)
    n_rp = sum(differs(e, "real", "perceived") for e in items)

    colours = {"real": "#2b6cb0", "perceived": "#d69e2e", "contrived": "#c53030"}
    fig = go.Figure()
    labels = [
        f"{d} {c}" for d, c in zip(frame["date"].astype(str), frame["id"].str[11:], strict=True)
    ]
    for h in hyps:
        fig.add_trace(
            go.Bar(
                y=labels,
                x=frame[f"score_{h}"],
                name=h,
                orientation="h",
                marker_color=colours.get(h),
            )
        )
    fig.update_layout(
        barmode="group",
        height=max(500, 26 * n),
        xaxis_title=("weighted inconsistency score (lower = more likely)"),
        yaxis={"autorange": "reversed"},
        legend_title="hypothesis",
    )
    caption = (
        f"ACH inconsistency scores of the {n} claims in the dyadwatch threat register "
        "(dyadwatch/data/threats/register.yaml; each evidence item cited to a primary or "
        "independent source). Method: Heuer's Analysis of Competing Hypotheses with the PARC "
        "inconsistency score (I = 1, II = 2, weighted by credibility x relevance); the shortest "
        "bar is the most likely hypothesis. Ratings are analytic judgements recorded with a "
        "rationale in the register."
    )
    table = frame[["date", "id", "claimant", "most_likely", "confidence", "gap"]].copy()
    summary = (
        f"The register holds {n} threat claims made by the Russian leadership between "
        f"{frame['date'].min()} and {frame['date'].max()}. Scored by ACH, "
        f"{int(counts.get('perceived', 0))} are best read as perceived threats, "
        f"{int(counts.get('real', 0))} as real and {int(counts.get('contrived', 0))} as "
        f"contrived; {undecided} stay undecided, {pc_ties} of them between perceived and "
        "contrived. Confidence is high for "
        f"{int(by_conf.get('high', 0))}, moderate for {int(by_conf.get('moderate', 0))} and low "
        f"for {int(by_conf.get('low', 0))} claims (ties have none). Of the {n_items} rated "
        f"evidence items, {n_pc} separate a perceived from a contrived reading (their "
        f"inconsistency differs) and {n_rp} separate real from perceived; in the {pc_ties} claims "
        "tied between perceived and contrived the evidence weighs equally against both. "
        "Discerning the two, as the essay recommends, needs evidence of what the leadership "
        "believes: private statements that match public ones, costly actions, timing."
    )
    threat_section = Section(
        title="Threats: real, perceived or contrived",
        summary=summary,
        figures=[Figure(fig, caption)],
        tables=[("Register assessments (ACH, most likely hypothesis first)", table)],
        order=40,
    )
    return [threat_section, spiral.report_section()]
