"""Every doctest in src/ runs, and none is skipped without a reason in its docstring.

The examples run inside the test suite (the conftest keeps them away from the user's store), one
test per module, with ELLIPSIS and NORMALIZE_WHITESPACE. A skipped example (``+SKIP``) must say
why in the text of its docstring ("not run as a doctest because ..."), so a reader knows the
example was left out on purpose.
"""

from __future__ import annotations

import doctest
import importlib
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
REASON = re.compile(r"not run\b[^.]*?(\bbecause\b|:)", re.IGNORECASE)


def _modules_with_examples() -> list[str]:
    names = []
    for path in sorted((SRC / "dyadwatch").rglob("*.py")):
        if ">>>" not in path.read_text(encoding="utf-8"):
            continue
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


MODULES = _modules_with_examples()


def _tests(module_name: str) -> list[doctest.DocTest]:
    module = importlib.import_module(module_name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    return [t for t in finder.find(module, module_name) if t.examples]


def _skipped(test: doctest.DocTest) -> list[doctest.Example]:
    return [ex for ex in test.examples if ex.options.get(doctest.SKIP)]


def test_there_are_doctests_to_run():
    assert len(MODULES) >= 10, MODULES


@pytest.mark.parametrize("module_name", MODULES)
def test_doctests_pass(module_name: str):
    tests = _tests(module_name)
    assert tests, f"{module_name} has '>>>' but no doctest was found"
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed"


@pytest.mark.parametrize("module_name", MODULES)
def test_skipped_doctests_say_why(module_name: str):
    for test in _tests(module_name):
        if _skipped(test):
            assert REASON.search(test.docstring or ""), (
                f"{test.name} skips an example without saying why ('not run as a doctest "
                "because ...')"
            )


def test_skip_reason_pattern():
    assert REASON.search("not run as a doctest because it rewrites the shipped files")
    assert REASON.search("Not run: needs the network")
    assert not REASON.search("Example: run it")
