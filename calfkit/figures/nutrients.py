"""Nutrient reference intakes: one panel per unit, one marker style per intake kind.

A single value (e.g. an RDA) is a marker; a range (``amount_low`` to
``amount_high``) is a marker at the low end with a whisker to the high end.
Rows without an amount (intake kind ``none``) are named in the description.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..data import load_nutrients
from .style import OKABE_ITO, FigureSpec, base_layout, finite_list, fmt, make_spec, wrap

__all__ = ["INTAKE_KINDS", "nutrients_traces", "nutrients_layout", "nutrients_description", "nutrients_figure"]

INTAKE_KINDS: dict[str, tuple[str, str, str]] = {
    "RDA": ("Recommended Dietary Allowance (RDA)", "circle", OKABE_ITO["blue"]),
    "AI": ("Adequate Intake (AI)", "square", OKABE_ITO["bluish_green"]),
    "range": ("Recommended range", "diamond", OKABE_ITO["reddish_purple"]),
    "CDRR": ("Chronic Disease Risk Reduction intake (CDRR)", "triangle-down", OKABE_ITO["orange"]),
    "UL": ("Tolerable Upper Intake Level (UL)", "x", OKABE_ITO["vermillion"]),
}
"""intake_kind -> (legend label, marker symbol, colour); kind ``none`` is not plotted."""


def _plotted(nutrients: pd.DataFrame) -> pd.DataFrame:
    amounts = nutrients["amount_low"].astype(float)
    return nutrients[nutrients["intake_kind"].isin(list(INTAKE_KINDS)) & amounts.map(math.isfinite)]


def _units(plotted: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(str(u) for u in plotted["unit"]))


def _row_label(row: pd.Series) -> str:
    return f"{row['nutrient']} — {row['population']}"


def _amount(row: pd.Series) -> str:
    low, high = float(row["amount_low"]), float(row["amount_high"])
    if math.isfinite(high) and high != low:
        return f"{fmt(low, 2)}–{fmt(high, 2)} {row['unit']}"
    return f"{fmt(low, 2)} {row['unit']}"


def nutrients_traces(nutrients: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """Trace dicts: one per (unit panel, intake kind) that has rows.

    Parameters
    ----------
    nutrients : pandas.DataFrame, optional
        Rows of :func:`calfkit.load_nutrients`; all rows if omitted.

    Returns
    -------
    list of dict
        Scatter traces; panel ``i`` (1-based) uses axes ``x{i}``/``y{i}``.
    """
    plotted = _plotted(load_nutrients() if nutrients is None else nutrients)
    traces: list[dict[str, Any]] = []
    shown: set[str] = set()
    for panel, unit in enumerate(_units(plotted), start=1):
        suffix = "" if panel == 1 else str(panel)
        in_unit = plotted[plotted["unit"] == unit]
        for kind, (label, symbol, colour) in INTAKE_KINDS.items():
            rows = in_unit[in_unit["intake_kind"] == kind]
            if rows.empty:
                continue
            low = rows["amount_low"].astype(float)
            high = rows["amount_high"].astype(float).where(lambda s: s.map(math.isfinite), low)
            traces.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": label,
                    "legendgroup": kind,
                    "showlegend": kind not in shown,
                    "x": finite_list(low),
                    "y": [wrap(_row_label(row), 34) for _, row in rows.iterrows()],
                    "error_x": {
                        "type": "data",
                        "symmetric": False,
                        "array": finite_list(high - low),
                        "arrayminus": [0.0] * len(rows),
                        "color": colour,
                        "thickness": 3,
                        "width": 6,
                    },
                    "marker": {
                        "color": colour,
                        "symbol": symbol,
                        "size": 12,
                        "line": {"color": OKABE_ITO["black"], "width": 1},
                    },
                    "hovertext": [f"{_row_label(row)}: {kind} {_amount(row)}" for _, row in rows.iterrows()],
                    "hoverinfo": "text",
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                }
            )
            shown.add(kind)
    return traces


def nutrients_layout(
    nutrients: pd.DataFrame | None = None,
    title: str = "Adult reference intakes of nutrients linked to muscle function",
) -> dict[str, Any]:
    """Layout with one panel per unit, panel height proportional to its rows."""
    plotted = _plotted(load_nutrients() if nutrients is None else nutrients)
    units = _units(plotted)
    counts = [int((plotted["unit"] == u).sum()) for u in units]
    gap, total = 0.12, sum(counts) or 1
    usable = 1.0 - gap * max(len(units) - 1, 0)
    axes: dict[str, Any] = {}
    top = 1.0
    for panel, (unit, count) in enumerate(zip(units, counts), start=1):
        suffix = "" if panel == 1 else str(panel)
        bottom = max(top - usable * count / total, 0.0)
        axes[f"xaxis{suffix}"] = {
            "anchor": f"y{suffix}",
            "domain": [0.0, 1.0],
            "rangemode": "tozero",
            "title": {"text": f"Amount ({unit})"},
            "showgrid": True,
            "gridcolor": "#e5e5e5",
        }
        axes[f"yaxis{suffix}"] = {
            "anchor": f"x{suffix}",
            "categoryorder": "array",
            "categoryarray": [wrap(_row_label(row), 34) for _, row in plotted[plotted["unit"] == unit].iterrows()],
            "domain": [round(bottom, 4), round(top, 4)],
            "autorange": "reversed",
            "automargin": True,
        }
        top = bottom - gap
    return base_layout(
        title,
        height=220 + 55 * sum(counts) + 60 * len(units),
        margin={"l": 220, "r": 30, "t": 60, "b": 130},
        **axes,
    )


def nutrients_description(nutrients: pd.DataFrame | None = None) -> str:
    """Plain-English description of the nutrients figure, with every plotted amount."""
    table = load_nutrients() if nutrients is None else nutrients
    plotted = _plotted(table)
    parts = [
        f"Dot chart of {len(plotted)} adult reference intakes for "
        f"{plotted['nutrient'].nunique()} nutrients, one panel per unit "
        f"({', '.join(_units(plotted))}); whiskers show ranges."
    ]
    parts.extend(f"{_row_label(row)}: {row['intake_kind']} {_amount(row)}." for _, row in plotted.iterrows())
    missing = table.loc[~table.index.isin(plotted.index), "nutrient"]
    if len(missing):
        parts.append("No reference intake: " + ", ".join(dict.fromkeys(str(n) for n in missing)) + ".")
    return " ".join(parts)


def nutrients_figure(nutrients: pd.DataFrame | None = None) -> FigureSpec:
    """Reference intakes per nutrient with its description.

    Parameters
    ----------
    nutrients : pandas.DataFrame, optional
        Rows of :func:`calfkit.load_nutrients`; all rows if omitted.

    Returns
    -------
    FigureSpec
    """
    table = load_nutrients() if nutrients is None else nutrients
    return make_spec(nutrients_traces(table), nutrients_layout(table), nutrients_description(table))
