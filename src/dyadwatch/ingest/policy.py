"""The deduplication policy, and the expression that sorts parsed rows into ok / bad / drop."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["DedupPolicy", "policy_kind"]


@dataclass(frozen=True)
class DedupPolicy:
    """Which rows an import drops as duplicates (see the module docstring).

    Args:
        root_only: keep only GDELT root events (IsRootEvent = 1).
        min_sources: keep only GDELT events with NumSources at least this (0: no filter).
        one_a_day: keep one event per day, directed dyad and CAMEO code.
        min_confidence: GDELT 2.0: keep only events that some article mentions with a coding
            Confidence of at least this (10 to 100; 0: no filter); needs the Mentions files
            (``ingest(..., mentions=...)``).
    """

    root_only: bool = False
    min_sources: int = 0
    one_a_day: bool = False
    min_confidence: int = 0

    def describe(self) -> dict:
        return {"event_id": True, **asdict(self)}


def policy_kind(source: str, policy: DedupPolicy, confidence: ir.Table | None = None):
    """Add ``kind`` (ok / bad / drop) and the drop rule to a parsed table.

    ``confidence`` (``event_id, max_confidence``, from the Mentions files) is joined on the
    event id when the policy filters on confidence; the first rule that applies names a drop.
    """
    import ibis  # here, not at the top: importing dyadwatch.ingest stays light

    gdelt = source.startswith("gdelt")

    def apply(parsed: ir.Table) -> ir.Table:
        if confidence is not None:
            parsed = parsed.left_join(confidence, parsed.event_id == confidence.event_id).select(
                parsed, confidence.max_confidence
            )
        rules = []
        if gdelt and policy.root_only:
            rules.append((parsed.is_root_event == False, "not_root"))  # noqa: E712
        if gdelt and policy.min_sources > 0:
            rules.append((parsed.num_sources < policy.min_sources, "min_sources"))
        if confidence is not None:
            rules.append((parsed.max_confidence.isnull(), "no_mentions"))
            rules.append((parsed.max_confidence < policy.min_confidence, "min_confidence"))
        drop = (
            ibis.cases(
                *((cond.fill_null(False), name) for cond, name in rules), else_=ibis.null("string")
            )
            if rules
            else ibis.null("string")
        )
        kind = ibis.cases((parsed.reason.notnull(), "bad"), (drop.notnull(), "drop"), else_="ok")
        out = parsed.mutate(
            kind=kind, reason=ibis.ifelse(parsed.reason.notnull(), parsed.reason, drop)
        )
        return out.drop("max_confidence") if confidence is not None else out

    return apply
