"""Alerts: when the stage changes or the cycle model's turning-point probability crosses a
threshold, one JSON line with its evidence events — appended to the alerts file, printed on
standard output and, when asked, POSTed to a webhook."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

__all__ = ["alerts_between", "Alerts", "EVIDENCE_EVENTS"]

#: Evidence events an alert carries from each list (turning point, latest).
EVIDENCE_EVENTS = 5


def _evidence(stage: dict) -> list[dict]:
    ev = stage.get("evidence") or {}
    out = []
    for kind in ("turning_point", "latest"):
        for e in (ev.get(kind) or [])[:EVIDENCE_EVENTS]:
            out.append({"role": kind} | {k: e.get(k) for k in e})
    return out


def alerts_between(before: dict | None, after: dict, threshold: float | None) -> list[dict]:
    """The alerts that ``after`` raises over ``before`` (two :func:`estimate_stage` results).

    A first estimate (no ``before``) sets the baseline and raises nothing. The stage changes
    when its label or the start of its spell changes (a new turning point opens a new spell,
    even one with the same label as the last). The threshold alert
    fires when ``p_turn`` (the probability of a turning point within the horizon, from the
    cycle's transition model) rises to or above ``threshold`` from below it.
    """
    if not after or not after.get("stage") or not before or not before.get("stage"):
        return []
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    base = {"time": now, "dyad": after["dyad"], "source": after["source"]}
    out = []
    if (after["stage"], after.get("since")) != (before["stage"], before.get("since")):
        out.append(
            base
            | {
                "kind": "stage_change",
                "from": before["stage"],
                "from_since": before.get("since"),
                "to": after["stage"],
                "since": after["since"],
                "message": f"{after['dyad']}: stage {before['stage']} since "
                f"{before.get('since')} -> {after['stage']} since {after['since']}",
            }
        )
    if threshold is not None and before.get("p_turn", 0) < threshold <= after.get("p_turn", 0):
        out.append(
            base
            | {
                "kind": "threshold",
                "p_turn": after["p_turn"],
                "threshold": threshold,
                "message": f"{after['dyad']}: P(turning point) {before['p_turn']:.2f} -> "
                f"{after['p_turn']:.2f}, crossing {threshold:.2f}",
            }
        )
    for alert in out:
        alert["newest_event"] = after.get("newest_event")
        alert["evidence"] = _evidence(after)
    return out


class Alerts:
    """Where alerts go: a JSON-lines file, standard output, an optional webhook.

    Args:
        path: the alerts file (appended, one JSON line an alert).
        webhook: a URL each alert is POSTed to as JSON (failures are logged, not fatal).
        log: a :class:`logging.Logger`.
    """

    def __init__(self, path: str | Path, *, webhook: str | None = None, log=None) -> None:
        self.path = Path(path)
        self.webhook = webhook
        self.log = log

    def send(self, alert: dict) -> None:
        line = json.dumps(alert, ensure_ascii=False, default=str)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
        if self.log:
            self.log.warning("alert: %s", alert["message"])
        if self.webhook:
            self._post(alert)

    def _post(self, alert: dict) -> None:
        import httpx

        try:
            response = httpx.post(self.webhook, json=alert, timeout=10.0)
            if response.status_code >= 400 and self.log:
                self.log.error("webhook %s answered HTTP %s", self.webhook, response.status_code)
        except httpx.HTTPError as exc:
            if self.log:
                self.log.error("webhook %s failed: %s", self.webhook, type(exc).__name__)
