"""What an import did: the counts that always reconcile, and one line for people."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

__all__ = ["IngestSummary"]


@dataclass
class IngestSummary:
    """What an import did. ``read == accepted + quarantined + duplicates`` always."""

    source: str
    engine: str
    import_id: str
    files: int
    files_refused: list[str]
    read: int
    accepted: int
    quarantined: int
    duplicates: int
    duplicates_by_rule: dict[str, int]
    quarantine_reasons: dict[str, int]
    quarantine_file: str | None
    policy: dict
    seconds: float
    years: list[int] = field(default_factory=list)
    mentions: dict | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    def warning(self) -> str | None:
        """Why nothing was accepted, when nothing was (``None`` otherwise)."""
        if self.accepted:
            return None
        if not self.read:
            return "no row accepted: the files hold no data rows (only a header, or blank lines)"
        parts = []
        if self.quarantined:
            top = next(iter(self.quarantine_reasons), "?")
            parts.append(f"{self.quarantined:,} quarantined (most often: {top})")
        if self.duplicates:
            rules = ", ".join(f"{k} {v:,}" for k, v in self.duplicates_by_rule.items() if v)
            parts.append(f"{self.duplicates:,} duplicates ({rules})")
        return f"no row accepted: {'; '.join(parts)}"

    def line(self) -> str:
        """One summary line for people."""
        text = (
            f"{self.source}: read {self.read:,} = accepted {self.accepted:,} + quarantined "
            f"{self.quarantined:,} + duplicates {self.duplicates:,} "
            f"({self.files} file{'s' if self.files != 1 else ''}, {self.seconds:.1f} s, "
            f"{self.engine})"
        )
        if self.files_refused:
            text += f"; refused {len(self.files_refused)} file(s)"
        if self.quarantine_file:
            text += f"; quarantine: {self.quarantine_file}"
        return text
