"""calfkit: an interactive teaching kit on why runners' calf muscles get sore.

Educational model, not medical advice.

``import calfkit`` is light: pandas, numpy, plotly and ipywidgets are imported
only when a loader, model, figure or widget is first used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    # data layer
    "DataError": "data",
    "data_dir": "data",
    "load_table": "data",
    "load_sources": "data",
    "load_causes": "data",
    "load_nutrients": "data",
    "load_nutrient_intakes": "data",
    "nutrient_intakes": "data",
    "load_doms_timeline": "data",
    "load_red_flags": "data",
    "load_treatments": "data",
    "load_claims": "data",
    "load_model_parameters": "data",
    "references": "data",
    "catalog": "data",
    # models
    "training_load": "models.training",
    "soreness_risk": "models.risk",
    "weekly_risk": "models.log_risk",
    "top_risk_weeks": "models.log_risk",
    "doms_curve": "models.doms",
    "doms_summary": "models.doms",
    "fluid_loss": "models.fluid",
    "read_training_log": "logs",
    "sample_log_path": "logs",
    # install check
    "doctor": "install_check",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'calfkit' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
