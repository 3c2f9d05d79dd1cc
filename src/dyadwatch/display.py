"""Results that show themselves: a table in Jupyter, ``.to_frame()`` and ``.plot()``.

Every result object of dyadwatch (stages, the stage now, the landmarks test, the structure
test, ...) inherits :class:`Result`. Jupyter shows ``_repr_html_``: a title, the result's table
and its notes. ``.plot()`` returns a plotly figure. The figures live in the presentation
package :mod:`dyadwatch.plots`, above the models in the layer order, so a result cannot import
them; :func:`plot` loads the plotting backend by name when first asked, the design of pandas'
``plotting.backend`` option [pandas], and the backend registers one figure function per result
type with :func:`register`.

References:
    [pandas] pandas developers. "Plotting backends", pandas user guide
    (``pandas.options.plotting.backend``): the core calls ``importlib.import_module(backend)``.
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["Result", "register", "plot", "BACKEND"]

#: The module that registers the figure functions (imported on the first ``plot``).
BACKEND = "dyadwatch.plots.registry"
_PLOTTERS: dict[type, Callable[..., Any]] = {}


def register(kind: type) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: ``fn(result, **options) -> Figure`` draws results of type ``kind``."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        _PLOTTERS[kind] = fn
        return fn

    return wrap


def plot(result: Any, **options: Any) -> Any:
    """The plotly figure of ``result`` (its type's registered figure function).

    Raises:
        TypeError: no figure is registered for the result's type.
    """
    if not _PLOTTERS:
        importlib.import_module(BACKEND)
    for kind in type(result).__mro__:
        if kind in _PLOTTERS:
            return _PLOTTERS[kind](result, **options)
    raise TypeError(f"no figure for {type(result).__name__} results")


class Result:
    """Mixin for result objects: subclasses define :meth:`to_frame` (and :meth:`title`)."""

    notes: list[str]

    def to_frame(self):
        """The result as a pandas DataFrame."""
        raise NotImplementedError

    def title(self) -> str:
        """A one-line title for displays."""
        return type(self).__name__

    def plot(self, **options: Any) -> Any:
        """A plotly figure of the result."""
        return plot(self, **options)

    def _repr_html_(self) -> str:
        frame = self.to_frame()
        table = frame.to_html(index=False, max_rows=60, float_format=lambda v: f"{v:.3g}")
        notes = "".join(
            f"<li>{html.escape(str(n))}</li>" for n in (getattr(self, "notes", None) or [])
        )
        return (
            f"<div><strong>{html.escape(self.title())}</strong>{table}"
            + (f"<ul style='font-size:smaller'>{notes}</ul>" if notes else "")
            + "</div>"
        )
