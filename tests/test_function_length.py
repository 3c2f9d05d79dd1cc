"""No function over 80 lines (ARCHITECTURE/guide: one concept a module, short functions).

Lines run from the ``def`` to the function's last line, docstring included. A function that must
be longer says why in a comment on the line above its ``def`` (``# longer than 80 lines:
<reason>``). The check covers the packages split so far (issue 12, item 4); add a package to
``CHECKED`` when its long functions are split.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dyadwatch"
LIMIT = 80
CHECKED = (
    "models",
    "plots",
    "report",
    "web",
    "cycle/explain.py",
    "cycle/presidents.py",
    "freshness.py",
    "leaders.py",
)
REASON = "# longer than 80 lines:"


def long_functions(path: Path, limit: int = LIMIT) -> list[tuple[str, int]]:
    """``(name, lines)`` of the functions in a file longer than ``limit`` lines, unexplained."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found = []
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        size = node.end_lineno - node.lineno + 1
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        above = lines[first - 2] if first >= 2 else ""
        if size > limit and REASON not in above:
            found.append((node.name, size))
    return found


def _files() -> list[Path]:
    files = []
    for entry in CHECKED:
        path = PACKAGE / entry
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return files


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_function_over_80_lines(path: Path):
    assert long_functions(path) == []


def test_the_measure(tmp_path: Path):
    body = "\n".join(f"    x{i} = {i}" for i in range(80))
    long = tmp_path / "m.py"
    long.write_text(f"def f():\n{body}\n\n\ndef g():\n    return 1\n")
    assert long_functions(long) == [("f", 81)]
    long.write_text(f"{REASON} a table of 81 cases\ndef f():\n{body}\n")
    assert long_functions(long) == []
