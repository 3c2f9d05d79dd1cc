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
