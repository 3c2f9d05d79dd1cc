"""User-facing errors.

Every problem a user can fix (a bad date, an unknown dyad, a malformed file) raises
:class:`DyadwatchError` with one line that says what is wrong, where, and how to fix it.
The CLI prints that line and exits non-zero; it never shows a traceback for these.
"""

from __future__ import annotations


class DyadwatchError(Exception):
    """A problem with the user's input or environment, explained in one line."""

    exit_code = 2

    def __init__(self, what: str, *, where: str | None = None, fix: str | None = None) -> None:
        self.what = what
        self.where = where
        self.fix = fix
        super().__init__(self.line())

    def line(self) -> str:
        """The message as one line: ``what (where). fix``."""
        text = self.what
        if self.where:
            text += f" ({self.where})"
        if self.fix:
            text += f". {self.fix}"
        return text


class MissingExtraError(DyadwatchError, ImportError):
    """An optional dependency is missing; the message says which extra to install."""

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(
            f"optional dependency '{package}' is not installed",
            fix=f"install it with: pip install 'dyadwatch[{extra}]'",
        )
