"""``dyadwatch watch``: run the update on a schedule, raise alerts, stop cleanly.

Each cycle runs :func:`~dyadwatch.watch.update.run_update`, estimates the dyad's stage again,
and compares it with the previous cycle's (kept in ``watch_state.json`` beside the alerts, so a
restarted watch goes on where it stopped). SIGTERM or Ctrl-C (SIGINT) ends the wait at once, or
ends the loop after the cycle under way (a second signal stops at once; the ledger is written
as each file finishes, so the next update resumes). Every cycle is logged to a file.
"""

from __future__ import annotations

import json
import logging
import re
import signal
import threading
import time
from pathlib import Path

from dyadwatch.errors import DyadwatchError
from dyadwatch.watch.alerts import Alerts, alerts_between

__all__ = ["parse_every", "watch", "WatchStop"]


class WatchStop(Exception):
    """A second signal: stop now."""


def parse_every(text: str) -> float:
    """``15m``, ``1h``, ``30s``, ``2d`` or plain seconds -> seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(text))
    if not m or float(m.group(1)) <= 0:
        raise DyadwatchError(
            f"cannot read the interval {text!r}", where="{every}", fix="e.g. 15m, 1h, 30s"
        )
    return float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def _logger(path: Path) -> logging.Logger:
    log = logging.getLogger(f"dyadwatch.watch.{path}")
    log.setLevel(logging.INFO)
    log.propagate = False
    if not log.handlers:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
    return log


def _load_state(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def watch(
    every: float,
    *,
    dyad: str,
    alerts_path: str | Path,
    log_path: str | Path,
    state_path: str | Path | None = None,
    webhook: str | None = None,
    threshold: float | None = None,
    cycles: int | None = None,
    update_options: dict | None = None,
    stop: threading.Event | None = None,
) -> dict:
    """Run update cycles every ``every`` seconds until stopped or ``cycles`` are done.

    Returns:
        ``{"cycles", "alerts", "stopped_by"}``.
    """
    from dyadwatch.watch.update import run_update

    alerts_path = Path(alerts_path)
    state_path = Path(state_path) if state_path else alerts_path.with_name("watch_state.json")
    log = _logger(Path(log_path))
    sink = Alerts(alerts_path, webhook=webhook, log=log)
    stop = stop or threading.Event()
    why = {"by": "cycles"}

    def on_signal(signum, _frame):
        if stop.is_set():
            raise WatchStop()
        why["by"] = signal.Signals(signum).name
        log.info("received %s: stopping after the current step", why["by"])
        stop.set()

    old = {}
    if threading.current_thread() is threading.main_thread():
        old = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    state = _load_state(state_path)
    n = sent = 0
    log.info("watch %s every %.0f s (alerts: %s)", dyad, every, alerts_path)
    try:
        while not stop.is_set() and (cycles is None or n < cycles):
            begun = time.monotonic()
            n += 1
            try:
                result = run_update(dyad=dyad, **(update_options or {}))
            except DyadwatchError as exc:
                log.error("cycle %d failed: %s", n, exc.line())
                if n == 1:
                    raise  # the first cycle checks the set-up: a bad file or URL stops it
                # later failures (a network outage, a file not yet published) wait for the next
            else:
                log.info("cycle %d: %s", n, result.line())
                for alert in alerts_between(state.get(dyad), result.stage or {}, threshold):
                    alert["update"] = result.line()
                    sink.send(alert)
                    sent += 1
                if result.stage and result.stage.get("stage"):
                    state[dyad] = {k: v for k, v in result.stage.items() if k != "evidence"}
                    state_path.write_text(json.dumps(state, indent=2), encoding="utf-8")
            if cycles is not None and n >= cycles:
                break
            stop.wait(max(0.0, every - (time.monotonic() - begun)))
    except WatchStop:
        log.info("second signal: stopped at once")
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
        log.info("watch stopped after %d cycle(s), %d alert(s) (%s)", n, sent, why["by"])
    return {"cycles": n, "alerts": sent, "stopped_by": why["by"]}
