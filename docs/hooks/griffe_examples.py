"""griffe extension: read a Google-style ``Example:`` section as ``Examples:``, and Sphinx roles
(``:func:`replicate```, ``:class:`~x.CPT```) as code.

The project's docstrings head their doctests ``Example:`` (one example); griffe's Google parser
knows only ``Examples:`` and would render the doctest as prose, where its output (``['2002-01']``)
reads as a broken cross-reference. Renaming the heading while the docs load keeps the source as
it is and shows every doctest as a code block.
"""

from __future__ import annotations

import re

import griffe

HEADING = re.compile(r"^(\s*)Example:\s*$", re.MULTILINE)
ROLE = re.compile(r":(?:func|mod|class|meth|data|attr|obj|exc):`~?")


class ExampleSections(griffe.Extension):
    """Rename ``Example:`` headings to ``Examples:`` and drop Sphinx roles in every docstring."""

    def on_instance(self, *, obj: griffe.Object, **kwargs) -> None:
        if obj.docstring is not None:
            text = HEADING.sub(r"\1Examples:", obj.docstring.value)
            obj.docstring.value = ROLE.sub("`", text)
