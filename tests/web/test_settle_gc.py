"""The server keeps its long-lived objects out of the cyclic collector's walk (web/freshness)."""

from __future__ import annotations

import gc

from dyadwatch.web import freshness


def test_settle_gc_freezes_what_is_alive_and_thaws_every_so_often(monkeypatch):
    calls = []
    monkeypatch.setattr(freshness, "THAW_EVERY", 3)
    monkeypatch.setattr(freshness, "_swaps", {"n": 0})
    monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append("collect") or 0)
    real_freeze = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze") or real_freeze())
    for _ in range(4):
        freshness.settle_gc()
    assert calls == ["freeze", "freeze", "unfreeze", "collect", "freeze", "freeze"]
    assert gc.get_freeze_count() > 0


def test_the_app_settles_the_collector_when_it_is_made(tmp_path):
    from dyadwatch.web.app import create_app

    gc.unfreeze()
    create_app(tmp_path / "s.duckdb")
    assert gc.get_freeze_count() > 10_000  # the imported modules, at least
