"""User-facing errors.

Every problem a user can fix (a bad date, an unknown dyad, a malformed file) raises
:class:`DyadwatchError` with one line that says what is wrong, where, and how to fix it.
The CLI prints that line and exits non-zero; it never shows a traceback for these.

Errors name *parameters*, not command-line flags: the core does not know which front end
called it. A parameter is written in braces, ``where="{start}"`` or
``fix="widen {start}/{end}"``; :meth:`DyadwatchError.line` renders ``{start}`` as ``start``
for Python users, and the CLI renders it through its one table of flags
(:data:`dyadwatch.cli.options.FLAGS`) as ``--from``. Only names listed in :data:`PARAMETERS`
are placeholders; any other text in braces is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["DyadwatchError", "MissingExtraError", "PARAMETERS", "render"]

#: Parameter names that may appear as ``{name}`` in an error's text.
PARAMETERS = frozenset(
    {
        "dyad",
        "start",
        "end",
        "freq",
        "source",
        "sources",
        "series",
        "db",
        "penalty",
        "min_size",
        "method",
        "horizon",
        "half_life",
        "interval",
        "tag",
        "country",
        "office",
        "issue",
        "measure",
        "window",
        "tolerance",
        "transitions",
        "capabilities",
        "landmarks",
        "seed",
        "n_boot",
        "origin",
        "out",
        "data",
        "dest",
        "engine",
        "mentions",
        "min_confidence",
        "min_sources",
        "rule",
        "rate",
        "prior",
        "observed",
        "file",
        "port",
        "host",
        "year",
        "every",
        "since",
        "webhook",
        "k",
        "text",
        "cameo",
        "threshold",
        "perception",
        "nato_response",
        "plot",
        "pdf",
        # norm trust and the neighbours (dyadwatch.models.trust, dyadwatch.models.neighbours)
        "forgetting",
        "asymmetry",
        "asymmetries",
        "credible",
        "target",
        "weights",
        "ledger",
        "spells",
        "max_years",
        # downloads (dyadwatch.sources.downloads)
        "base_url",
    }
)
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def render(text: str, names: Mapping[str, str] | None = None) -> str:
    """Replace ``{param}`` placeholders by ``names[param]`` (default: the parameter name)."""

    def sub(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in PARAMETERS:
            return match.group(0)
        return (names or {}).get(key, key)

    return _PLACEHOLDER.sub(sub, text)


class DyadwatchError(Exception):
    """A problem with the user's input or environment, explained in one line.

    Args:
        what: what is wrong.
        where: the parameter (``"{start}"``), file and line, or other place.
        fix: how to fix it.
    """

    exit_code = 2

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None) -> None:
        self.what = what
        self.where = where
        self.fix = fix
        super().__init__(self.line())

    def line(self, names: Mapping[str, str] | None = None) -> str:
        """The message as one line: ``what (where). fix``, placeholders rendered by ``names``."""
        text = self.what
        if self.where:
            text += f" ({self.where})"
        if self.fix:
            text += f". {self.fix}"
        return " ".join(render(text, names).split())

    def __str__(self) -> str:
        return self.line()


class MissingExtraError(DyadwatchError, ImportError):
    """An optional dependency is missing; the message says which extra to install."""

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(
            f"optional dependency '{package}' is not installed",
            fix=f"install it with: pip install 'dyadwatch[{extra}]'",
        )
