"""Widget layer: interactive explorers built from ipywidgets and a plotly FigureWidget.

Each factory returns an explorer that displays itself when it is the last
value of a notebook cell::

    from calfkit.widgets import risk_explorer
    risk_explorer()

Every explorer has ``.widget`` (the top-level ``ipywidgets.VBox``),
``.figure`` (the ``plotly.graph_objects.FigureWidget``, created once and
updated in place; ``None`` for the red-flag checker), ``.controls`` (dict of
name -> ipywidgets control), ``.readout`` (``ipywidgets.HTML``) and
``.description`` (the current plain-text description).

``import calfkit.widgets`` is light: ipywidgets and plotly are imported when
a factory is first used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "run_simulator": "simulator",
    "RunSimulator": "simulator",
    "risk_explorer": "risk",
    "RiskExplorer": "risk",
    "doms_explorer": "doms",
    "DomsExplorer": "doms",
    "load_explorer": "load",
    "LoadExplorer": "load",
    "log_explorer": "log",
    "LogExplorer": "log",
    "causes_explorer": "causes",
    "CausesExplorer": "causes",
    "red_flag_checker": "red_flags",
    "RedFlagChecker": "red_flags",
    "match_red_flags": "red_flags",
    "intake_picker": "intakes",
    "IntakePicker": "intakes",
    "claims_explorer": "claims",
    "ClaimsExplorer": "claims",
    "Explorer": "explorer",
    "predict": "prediction",
    "calf_map": "calf_regions",
    "CalfMap": "calf_regions",
    "Prediction": "prediction",
    "table": "tables",
    "Table": "tables",
    "glossary": "word_list",
    "WordList": "word_list",
}

__all__ = list(_LAZY)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'calfkit.widgets' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
