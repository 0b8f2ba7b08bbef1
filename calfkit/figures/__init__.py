"""Figure layer: model output and data tables -> plotly figures with text descriptions.

Every builder ``<name>_figure(...)`` returns a :class:`FigureSpec` holding a
``plotly.graph_objects.Figure`` and a generated plain-English ``description``
(usable as alt text). The same figure is also available as plain dicts,
``<name>_traces(...)`` and ``<name>_layout(...)``, so a widget can build a
``FigureWidget`` once and later update its traces in place. Plotly itself is
imported only when a ``*_figure`` function is called.

Examples
--------
>>> from calfkit.figures import doms_figure
>>> spec = doms_figure({"Downhill": {"downhill_pct": 80}})
>>> spec.figure          # doctest: +SKIP
>>> print(spec.description)  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Imported when first used, so that ``from calfkit.figures.style import fmt`` (a table's number
# format) does not import every figure module, and with them the models and their parameter table.
_MODULES = {
    "causes": ("causes_description", "causes_figure", "causes_layout", "causes_traces"),
    "claims": ("claims_description", "claims_figure", "claims_layout", "claims_traces"),
    "doms": ("doms_description", "doms_figure", "doms_layout", "doms_traces"),
    "load": ("load_description", "load_figure", "load_layout", "load_traces"),
    "log": ("log_description", "log_figure", "log_layout", "log_traces"),
    "nutrients": ("nutrients_description", "nutrients_figure", "nutrients_layout", "nutrients_traces"),
    "risk": ("risk_description", "risk_figure", "risk_layout", "risk_traces"),
    "style": ("NOTE", "OKABE_ITO", "FigureSpec"),
}
_LAZY = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "FigureSpec",
    "NOTE",
    "OKABE_ITO",
    "risk_figure",
    "risk_traces",
    "risk_layout",
    "risk_description",
    "doms_figure",
    "doms_traces",
    "doms_layout",
    "doms_description",
    "load_figure",
    "load_traces",
    "load_layout",
    "load_description",
    "log_figure",
    "log_traces",
    "log_layout",
    "log_description",
    "causes_figure",
    "causes_traces",
    "causes_layout",
    "causes_description",
    "claims_figure",
    "claims_traces",
    "claims_layout",
    "claims_description",
    "nutrients_figure",
    "nutrients_traces",
    "nutrients_layout",
    "nutrients_description",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'calfkit.figures' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
