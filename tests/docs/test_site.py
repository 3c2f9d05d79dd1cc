"""The docs site builds with warnings as errors, and its reference covers the public API."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_hook(name: str):
    spec = importlib.util.spec_from_file_location(f"docs_hook_{name}", ROOT / "docs/hooks" / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_mkdocs_build_strict(tmp_path: Path):
    """``mkdocs build --strict`` succeeds: no broken link, no unknown page, no docstring warning.

    The build executes the tutorial notebook (mkdocs-jupyter), so this also proves the
    notebook runs inside the docs toolchain.
    """
    site = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-6000:]
    for page in (
        "index.html",
        "tutorials/cycle/index.html",
        "tutorials/prospect/index.html",
        "reference/study/index.html",
        "explanation/cycle/index.html",
        "how-to/spark/index.html",
    ):
        assert (site / page).is_file(), page
    study = (site / "reference/study/index.html").read_text(encoding="utf-8")
    assert "Study" in study and "from_series" in study
    tutorial = (site / "tutorials/cycle/index.html").read_text(encoding="utf-8")
    assert "euphoria" in tutorial  # the executed stage table is on the page


def test_every_public_name_has_a_reference_entry():
    import dyadwatch

    pages = _load_hook("reference.py").pages()
    text = "\n".join(pages.values())
    for name, module in dyadwatch._EXPORTS.items():
        assert f"::: {module}.{name}\n" in text, name
    assert set(pages) <= {p for p in _nav_pages()}


def _nav_pages() -> set[str]:
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *a: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    found: set[str] = set()

    def walk(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            else:
                found.add(value)

    walk(config["nav"])
    return found


def test_nav_hook_appends_unlisted_pages(tmp_path: Path):
    """A page no nav entry lists joins its folder's section; a top-level one joins Explanation."""
    hook = _load_hook("nav.py")
    docs = tmp_path / "docs"
    for page in (
        "index.md",
        "explanation/a.md",
        "explanation/store.md",
        "how-to/x.md",
        "loose.md",
        ".ipynb_checkpoints/cycle.ipynb",
        "hooks/nav.md",
    ):
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text("# t\n")
    nav = [
        {"Home": "index.md"},
        {"Explanation": ["explanation/a.md"]},
        {"How-to guides": []},
    ]
    hook.on_config({"nav": nav, "docs_dir": str(docs)})
    assert nav[1]["Explanation"] == ["explanation/a.md", "explanation/store.md", "loose.md"]
    assert nav[2]["How-to guides"] == ["how-to/x.md"]
