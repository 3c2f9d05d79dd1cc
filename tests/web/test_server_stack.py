"""The web extra brings uvicorn's C event loop and HTTP parser, and ``dyadwatch serve`` uses them.

uvicorn picks httptools and uvloop when they are installed (``http="auto"``, ``loop="auto"``);
with them the server's CPU per request fell from 0.23 to 0.13 ms (benchmarks/README.md).
"""

from __future__ import annotations

import sys

import pytest

uvicorn_config = pytest.importorskip("uvicorn.config")


def test_uvicorn_picks_the_httptools_parser():
    config = uvicorn_config.Config(lambda scope, receive, send: None)
    config.load()
    assert config.http_protocol_class.__module__ == "uvicorn.protocols.http.httptools_impl"


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop does not run on Windows")
def test_uvicorn_picks_uvloop():
    config = uvicorn_config.Config(lambda scope, receive, send: None)
    config.load()
    assert config.get_loop_factory().__module__.split(".")[0] == "uvloop"


def test_the_web_extra_lists_both():
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    web = " ".join(project["project"]["optional-dependencies"]["web"])
    assert "httptools" in web and "uvloop" in web
