"""Claim files: a threat claim and its rated evidence, read and checked with line numbers.

A claim is a mapping (from a user's YAML file, the shipped register, or a web request's JSON):
``claim`` (text), ``hypotheses`` (optional list, default real/perceived/contrived) and
``evidence``, a list of ``{id, text, ratings, weight?}`` items (or ``credibility`` and
``relevance`` instead of ``weight``: ``weight = credibility x relevance`` [PARC2010]). Register
entries add ``id``, ``date``, ``claimant``, ``topic``, ``citation`` or ``source``, and per item
``kind``, ``citation`` or ``source``, ``rationale``.

Files are read with :mod:`dyadwatch.sources.yamlfile`; an error names the file, the line and
the evidence item (``claim.yaml, line 12, evidence 'e3'``).

References:
    [PARC2010] Palo Alto Research Center (2010). ACH 2.0.5 software and user manual.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.threats.evidence import (
    DEFAULT_HYPOTHESES,
    EVIDENCE_KINDS,
    INCONSISTENCY_POINTS,
    RATINGS,
    Claim,
    Evidence,
)
from dyadwatch.sources import yamlfile
from dyadwatch.sources.yamlfile import line_of, place

__all__ = ["load_claim", "parse_claim"]

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
Sources = Mapping[str, Mapping[str, Any]]


def load_claim(path: str | Path) -> Claim:
    """Read and validate a claim file (what ``threats assess`` on the command line reads).

    Raises:
        DyadwatchError: a missing, binary or empty file, bad YAML, or a bad matrix (with
            the item and the line).
    """
    data = yamlfile.read(path, empty_fix="write 'claim:', optional 'hypotheses:' and 'evidence:'")
    return parse_claim(data, source=str(path))


def parse_claim(
    data: Any,
    *,
    source: str = "<claim>",
    sources: Sources | None = None,
) -> Claim:
    """Build and validate a :class:`Claim` from parsed YAML (a mapping).

    See the module docstring for the keys.

    Raises:
        DyadwatchError: naming the item and line for an unknown rating, a missing or unknown
            hypothesis in a rating row, a duplicate id, a bad weight or a missing field.
    """
    label = _check_top(data, source)
    text = _text(data["claim"], "claim", place(source, line_of(data, "claim"), label))
    hypotheses = _hypotheses(data, place(source, line_of(data, "hypotheses"), label))
    evidence = _evidence(data, hypotheses, source, label, sources)
    citation, url = _resolve_source(data, sources, source, label)
    return Claim(
        claim=text,
        evidence=tuple(evidence),
        hypotheses=hypotheses,
        id=data.get("id"),
        date=_date(data, place(source, line_of(data, "date"), label)),
        claimant=data.get("claimant"),
        topic=data.get("topic"),
        citation=citation,
        url=url,
        extra={k: data[k] for k in ("date_precision", "title", "note") if k in data},
    )


def _check_top(data: Any, source: str) -> str | None:
    """Check the claim's keys; returns its label (``claim 'ID'``) for error messages."""
    if not isinstance(data, Mapping):
        raise DyadwatchError(
            "a claim must be a mapping with 'claim' and 'evidence'",
            where=place(source, getattr(data, "line", None)),
            fix="start the file with 'claim: ...' and 'evidence:'",
        )
    label = f"claim '{data['id']}'" if isinstance(data.get("id"), str) else None
    for key in data:
        if key not in _CLAIM_KEYS:
            raise DyadwatchError(
                f"unknown key '{key}'",
                where=place(source, line_of(data, key), label),
                fix=f"allowed keys: {', '.join(sorted(_CLAIM_KEYS))}",
            )
    if "claim" not in data:
        raise DyadwatchError(
            "missing 'claim'",
            where=place(source, line_of(data), label),
            fix="add 'claim: <the claim in one sentence>'",
        )
    return label


def _hypotheses(data: Mapping[str, Any], where: str) -> tuple[str, ...]:
    raw = data.get("hypotheses", list(DEFAULT_HYPOTHESES))
    if not isinstance(raw, list) or not all(isinstance(h, str) and h.strip() for h in raw):
        raise DyadwatchError(
            "'hypotheses' must be a list of names",
            where=where,
            fix="write e.g. hypotheses: [real, perceived, contrived]",
        )
    hypotheses = tuple(h.strip() for h in raw)
    if len(hypotheses) < 2:
        raise DyadwatchError(
            "need at least two hypotheses",
            where=where,
            fix="ACH compares competing hypotheses: list two or more",
        )
    dup = [h for h in hypotheses if hypotheses.count(h) > 1]
    if dup:
        raise DyadwatchError(
            f"duplicate hypothesis '{dup[0]}'", where=where, fix="name each hypothesis once"
        )
    return hypotheses


def _evidence(
    data: Mapping[str, Any],
    hypotheses: tuple[str, ...],
    source: str,
    label: str | None,
    sources: Sources | None,
) -> list[Evidence]:
    raw = data.get("evidence")
    if not isinstance(raw, list) or not raw:
        raise DyadwatchError(
            "'evidence' must be a non-empty list",
            where=place(source, line_of(data, "evidence"), label),
            fix="add items like '- {id: e1, text: ..., ratings: {...}}'",
        )
    lines = getattr(raw, "item_lines", [None] * len(raw))
    seen: dict[str, int | None] = {}
    return [
        _parse_evidence(item, line, hypotheses, source, label, seen, sources)
        for item, line in zip(raw, lines, strict=True)
    ]


def _date(data: Mapping[str, Any], where: str) -> date | None:
    when = data.get("date")
    if when is None or isinstance(when, date):
        return when
    when_s = str(when)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", when_s):
        raise DyadwatchError(
            f"date must be YYYY-MM-DD, got {when_s!r}",
            where=where,
            fix="write the date as YYYY-MM-DD",
        )
    try:
        return date.fromisoformat(when_s)
    except ValueError:
        raise DyadwatchError(
            f"no such date {when_s!r}", where=where, fix="write a real calendar date"
        ) from None


def _resolve_source(
    data: Mapping[str, Any], sources: Sources | None, source: str, label: str | None
) -> tuple[str | None, str | None]:
    """The citation and url of a claim or item: its own, or its ``source`` entry's."""
    if "source" in data:
        key = data["source"]
        if not sources or key not in sources:
            raise DyadwatchError(
                f"unknown source '{key}'",
                where=place(source, line_of(data, "source"), label),
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
    sources: Sources | None,
) -> Evidence:
    if not isinstance(raw, Mapping):
        raise DyadwatchError(
            "an evidence item must be a mapping",
            where=place(source, line, claim_label),
            fix="write '- id: e1' then text and ratings under it",
        )
    eid = _evidence_id(raw, place(source, line, claim_label))
    label = (f"{claim_label}, " if claim_label else "") + f"evidence '{eid}'"
    if eid in seen:
        first = seen[eid]
        raise DyadwatchError(
            f"duplicate evidence id '{eid}'" + (f" (first used on line {first})" if first else ""),
            where=place(source, line, label),
            fix="give every evidence item its own id",
        )
    seen[eid] = line
    for key in raw:
        if key not in _EVIDENCE_KEYS:
            raise DyadwatchError(
                f"unknown key '{key}'",
                where=place(source, line_of(raw, key), label),
                fix=f"allowed keys: {', '.join(sorted(_EVIDENCE_KEYS))}",
            )
    text = raw.get("text", "")
    if not isinstance(text, str):
        raise DyadwatchError(
            "'text' must be text",
            where=place(source, line_of(raw, "text"), label),
            fix="quote the text",
        )
    ratings = _ratings(raw, hypotheses, source, label)
    weight = _weight(raw, source, label)
    kind = raw.get("kind")
    if kind is not None and kind not in EVIDENCE_KINDS:
        raise DyadwatchError(
            f"unknown evidence kind {kind!r}",
            where=place(source, line_of(raw, "kind"), label),
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


def _evidence_id(raw: Mapping[str, Any], where: str) -> str:
    eid = raw.get("id")
    if (
        eid is None
        or not isinstance(eid, (str, int))
        or isinstance(eid, bool)
        or not str(eid).strip()
    ):
        raise DyadwatchError(
            "evidence item without an id",
            where=where,
            fix="give it 'id: e1' (unique within the claim)",
        )
    return str(eid).strip()


def _ratings(
    raw: Mapping[str, Any], hypotheses: tuple[str, ...], source: str, label: str
) -> dict[str, str]:
    """The item's rating row, one rating per hypothesis (ratings are case-insensitive)."""
    row = raw.get("ratings")
    r_line = line_of(raw, "ratings")
    if not isinstance(row, Mapping):
        raise DyadwatchError(
            "missing or malformed 'ratings'",
            where=place(source, r_line, label),
            fix="write ratings: {" + ", ".join(f"{h}: C" for h in hypotheses) + "}",
        )
    ratings: dict[str, str] = {}
    for h_key, value in row.items():
        h = str(h_key).strip()
        where = place(source, line_of(row, h_key) or r_line, label)
        if h not in hypotheses:
            raise DyadwatchError(
                f"rating for unknown hypothesis '{h}'",
                where=where,
                fix=f"the hypotheses are: {', '.join(hypotheses)}",
            )
        rating = value.strip().upper() if isinstance(value, str) else None
        if rating not in INCONSISTENCY_POINTS:
            raise DyadwatchError(
                f"unknown rating {value!r} for hypothesis '{h}'",
                where=where,
                fix=f"use one of {', '.join(RATINGS)}",
            )
        ratings[h] = rating
    missing = [h for h in hypotheses if h not in ratings]
    if missing:
        raise DyadwatchError(
            f"no rating for hypothesis '{missing[0]}'",
            where=place(source, r_line, label),
            fix=f"rate every hypothesis: {', '.join(hypotheses)}",
        )
    return ratings


def _weight(raw: Mapping[str, Any], source: str, label: str) -> float:
    """``weight``, or ``credibility x relevance`` (each 1 when not given)."""
    if "weight" in raw and ("credibility" in raw or "relevance" in raw):
        raise DyadwatchError(
            "give either 'weight' or 'credibility'/'relevance', not both",
            where=place(source, line_of(raw, "weight"), label),
            fix="weight = credibility x relevance; keep one form",
        )
    if "weight" in raw:
        return _positive(raw["weight"], "weight", place(source, line_of(raw, "weight"), label))
    weight = 1.0
    for name in ("credibility", "relevance"):
        if name in raw:
            weight *= _positive(raw[name], name, place(source, line_of(raw, name), label))
    return weight


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
