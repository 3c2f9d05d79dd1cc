"""The shipped threat register: threat claims by the Russian leadership, 1993-2025, assessed.

The register (``dyadwatch/data/threats/register.yaml``) holds threat claims made by the
Russian leadership 1993-2025, each with cited evidence rated against the three hypotheses
(real, perceived, contrived [Zwack]). The ratings are analytic judgements, with a rationale per
rating row; the citations are to real documents. :func:`assess_register` runs the ACH engine
on every claim.

References:
    [Zwack] Zwack, P., quoted in the essay: threats to Russia are "real, perceived, and
        contrived".
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.threats.ach import assess_claim
from dyadwatch.models.threats.claims import parse_claim
from dyadwatch.models.threats.evidence import Claim
from dyadwatch.sources import yamlfile
from dyadwatch.sources.yamlfile import line_of, place

__all__ = ["CITATION_RE", "Register", "assess_register", "load_register"]

_REGISTER = ("threats", "register.yaml")
#: ``Publisher, "Title" (optional note: symbol, series), YYYY-MM-DD`` (or YYYY-MM, YYYY)
CITATION_RE = re.compile(
    r'^[^"]+, "[^"]+"( \([^()]+(\([^()]*\)[^()]*)*\))?, \d{4}(-\d{2}(-\d{2})?)?$'
)


@dataclass(frozen=True)
class Register:
    """The threat register: metadata, the source list and the claims (a record)."""

    meta: Mapping[str, Any]
    sources: Mapping[str, Mapping[str, Any]]
    claims: tuple[Claim, ...]

    def get(self, claim_id: str) -> Claim:
        """The claim with this id.

        Raises:
            DyadwatchError: no such claim (naming the closest id).
        """
        for c in self.claims:
            if c.id == claim_id:
                return c
        ids = [str(c.id) for c in self.claims]
        close = difflib.get_close_matches(claim_id, ids, n=1)
        raise DyadwatchError(
            f"no claim '{claim_id}' in the threat register",
            fix=f"did you mean {close[0]}?" if close else f"ids look like {ids[0]}",
        )


def load_register(path: str | Path | None = None) -> Register:
    """Load and validate the threat register (the shipped one unless ``path`` is given)."""
    if path is None:
        return _shipped_register()
    text = yamlfile.read_text(path, empty_fix="see dyadwatch/data/threats/README.md")
    return _parse_register(text, str(path))


@functools.lru_cache(maxsize=1)
def _shipped_register() -> Register:
    ref = resources.files("dyadwatch.data").joinpath(*_REGISTER)
    return _parse_register(ref.read_text(encoding="utf-8"), "dyadwatch/data/threats/register.yaml")


def _parse_register(text: str, source: str) -> Register:
    data = yamlfile.parse(text, source, empty_fix="see dyadwatch/data/threats/README.md")
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
                where=place(source, line_of(sources, key)),
                fix='write citation: Publisher, "Title", YYYY-MM-DD',
            )
    claims = []
    ids: dict[str, int | None] = {}
    raw_claims = data["claims"]
    lines = getattr(raw_claims, "item_lines", [None] * len(raw_claims))
    for raw, line in zip(raw_claims, lines, strict=True):
        claim = parse_claim(raw, source=source, sources=sources)
        if claim.id in ids:
            raise DyadwatchError(
                f"duplicate claim id '{claim.id}'",
                where=place(source, line),
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
