"""Import plotly's ``FigureWidget`` without the seconds its renderers module spends importing nbformat.

``plotly.basewidget`` imports ``plotly.io._renderers``, which imports ``nbformat`` at once
(``optional_imports.get_module("nbformat")``) only to check its version later, when a
figure is *shown* through a notebook mime renderer (``fig.show()``). ``nbformat`` imports
``jsonschema``, which imports ``rfc3987_syntax``, which builds a parser grammar on import:
1-5 s of a lesson kernel's start (1.4 s on an idle 2-core machine, 4-6 s on a busy one),
before the learner's first control appears, paid again by every kernel. A ``FigureWidget``
never uses it.

:func:`figure_widget_class` imports the widget with ``nbformat`` marked not importable for
plotly's optional imports, then puts it back and gives ``plotly.io._renderers`` a module
object that imports ``nbformat`` when it is first used: ``fig.show()`` with a mime renderer
works as before, and pays the import then.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from functools import cache
from types import ModuleType
from typing import Any

__all__ = ["figure_widget_class", "LazyModule"]


class LazyModule(ModuleType):
    """A module that is imported when one of its attributes is first read."""

    def __getattr__(self, name: str) -> Any:
        module = importlib.import_module(self.__name__)
        return getattr(module, name)


@cache
def figure_widget_class() -> type:
    """``plotly.graph_objects.FigureWidget``, imported without importing ``nbformat`` (see the module docstring)."""
    if "plotly.io._renderers" in sys.modules or "nbformat" in sys.modules:
        import plotly.graph_objects as go

        return go.FigureWidget
    from _plotly_utils import optional_imports

    newly_hidden = "nbformat" not in optional_imports._not_importable
    optional_imports._not_importable.add("nbformat")
    try:
        import plotly.graph_objects as go
        import plotly.io._renderers as renderers

        widget = go.FigureWidget
    finally:
        if newly_hidden:
            optional_imports._not_importable.discard("nbformat")
    if renderers.nbformat is None and importlib.util.find_spec("nbformat") is not None:
        renderers.nbformat = LazyModule("nbformat")
    return widget
