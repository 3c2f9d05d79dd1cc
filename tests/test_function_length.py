"""No function over 80 lines (ARCHITECTURE/guide: one concept a module, short functions).

Lines run from the ``def`` to the function's last line, docstring included. A function that must
be longer says why in a comment on the line above its ``def`` (``# longer than 80 lines:
<reason>``). The check covers every module under ``src/dyadwatch`` (issue 12, item 4).

``ALLOWED`` lists the long functions that live in files another helper of this session owns
and is still splitting; each entry says why it is there. An entry that is no longer long (or
gone) fails :func:`test_allowlist_is_not_stale`, so the list only ever shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dyadwatch"
LIMIT = 80
#: (module path under src/dyadwatch, function name) -> why it may still exceed the limit.
ALLOWED: dict[tuple[str, str], str] = {}
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
    return sorted(PACKAGE.rglob("*.py"))


def _module(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def test_every_module_is_checked():
    files = _files()
    assert len(files) > 100  # the whole package, not a chosen few
    assert {"study/core.py", "sources/icews.py", "cli/app.py"} <= {_module(p) for p in files}


@pytest.mark.parametrize("path", _files(), ids=_module)
def test_no_function_over_80_lines(path: Path):
    module = _module(path)
    found = [(n, size) for n, size in long_functions(path) if (module, n) not in ALLOWED]
    assert found == []


def test_allowlist_is_not_stale():
    for module, name in ALLOWED:
        path = PACKAGE / module
        assert path.exists(), f"{module} is gone: drop {name} from ALLOWED"
        assert name in dict(long_functions(path)), f"{module}:{name} is short now: drop it"
