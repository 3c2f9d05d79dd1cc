"""Errors name parameters; front ends render them in their own terms."""

from __future__ import annotations

from dyadwatch.cli.options import FLAGS
from dyadwatch.errors import PARAMETERS, DyadwatchError, render


def test_placeholders_render_per_front_end():
    exc = DyadwatchError("bad range", where="{start}/{end}", fix="widen {start} or {end}")
    assert exc.line() == "bad range (start/end). widen start or end"
    assert exc.line(FLAGS) == "bad range (--from/--to). widen --from or --to"
    assert str(exc) == exc.line()


def test_only_known_parameters_are_placeholders():
    assert render("{start} {not_a_param} {x}", FLAGS) == "--from {not_a_param} {x}"
    assert set(FLAGS) == set(PARAMETERS)


def test_one_line_always():
    assert "\n" not in DyadwatchError("a\nb", where="c\n d").line()


def test_no_flag_names_below_the_command_line():
    """Issue 12, item 2: outside ``cli/`` errors name parameters (``where="{start}"``); only
    :data:`FLAGS` turns them into flags. A ``where="--from"`` below the CLI fails here."""
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "src" / "dyadwatch"
    flag_where = re.compile(r"""where=f?["']--""")
    found = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if "cli" not in path.relative_to(package).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if flag_where.search(line)
    ]
    assert found == []
    assert flag_where.search('where="--dyad"') and flag_where.search("where=f'--dyad {x}'")
