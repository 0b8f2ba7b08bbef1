"""Risk breakdown figure: per-factor relative risk with ranges, and the total.

Horizontal bars start at 1 (the reference runner) on a log axis, so a factor
that raises risk points right and one that lowers it points left. Black
markers with whiskers give each estimate's uncertainty range. A factor whose
study found no effect is labelled "no effect found", one nobody measured "not
measured" and one whose week is carried by the other load factor "counted
once": all three read ×1.00, never protection.
"""

from __future__ import annotations

import math
from typing import Any

from .style import NOTE, OKABE_ITO, FigureSpec, base_layout, finite_list, fmt, fmt_ratio, make_spec, wrap

__all__ = ["TOTAL_LABEL", "X_RANGE", "risk_traces", "risk_layout", "risk_description", "risk_figure"]

TOTAL_LABEL = "All factors combined"
"""Row label of the total."""

X_RANGE = (0.5, 12.0)
"""Fixed relative-risk axis range (log scale), so bars can be compared as inputs change. Every
estimate and range the model gives lies inside it (0.61 to 6.9 over a sweep of all inputs), with
room for the value labels on the right."""

_TICKS = (0.5, 1.0, 2.0, 4.0, 8.0)

LABEL_CHARS = 11
"""Characters per line of a row label ("Weekly" / "distance" / "change"): the left margin stays
narrow enough for a 390 px phone to keep most of its width for the bars."""


def _scalar(value: Any) -> float:
    """A model output as a Python float; array results must be reduced first."""
    if hasattr(value, "ndim") and value.ndim != 0:
        raise ValueError("risk figures need a RiskResult from scalar inputs, not arrays")
    return float(value)


def _rows(result: Any) -> list[dict[str, Any]]:
    """One row per factor, then the total: label, ratio, low, high, contested."""
    rows = [
        {
            "label": factor.label,
            "ratio": _scalar(factor.ratio),
            "low": _scalar(factor.ratio_low),
            "high": _scalar(factor.ratio_high),
            "contested": bool(factor.contested),
            "grade": str(factor.evidence_grade),
            "input": f"{fmt(_scalar(factor.input_value))} {factor.unit}".strip(),
            "finding": str(factor.finding),
        }
        for factor in result.factors
    ]
    rows.append(
        {
            "label": TOTAL_LABEL,
            "ratio": _scalar(result.total),
            "low": _scalar(result.low),
            "high": _scalar(result.high),
            "contested": any(row["contested"] for row in rows),
            "grade": "combined",
            "input": f"category: {result.category}",
            "finding": "",
        }
    )
    return rows


_SAID = ("no effect found", "not measured", "counted once")
"""Findings the figure spells out next to the ratio."""


def _bar_text(row: dict[str, Any]) -> str:
    """The value label right of a whisker, on two short lines where a finding or "contested" follows."""
    if row["finding"] in _SAID:
        return f"×{fmt_ratio(row['ratio'])}<br>{row['finding']}"
    return f"×{fmt_ratio(row['ratio'])}" + ("<br>(contested)" if row["contested"] else "")


def _hover(row: dict[str, Any]) -> str:
    text = (
        f"<b>{row['label']}</b><br>{row['input']}<br>relative risk {fmt_ratio(row['ratio'])} "
        f"(range {fmt_ratio(row['low'])}–{fmt_ratio(row['high'])})<br>evidence: {row['grade']}"
    )
    if row["finding"] in _SAID:
        text += f"<br>{row['finding']}"
    return text + ("<br>contested evidence" if row["contested"] else "")


def risk_traces(result: Any) -> list[dict[str, Any]]:
    """Plotly trace dicts for a risk result (always the same four traces).

    Parameters
    ----------
    result : calfkit.models.risk.RiskResult
        Result of :func:`calfkit.soreness_risk` for scalar inputs.

    Returns
    -------
    list of dict
        0: factor bars (blue; hatched ``/`` where the evidence is contested),
        1: total bar (vermillion, cross-hatched),
        2: estimates with uncertainty whiskers (circles for factors, a diamond
        for the total), 3: value labels right of each whisker. Bars start at 1
        (``base=1``).
    """
    rows = _rows(result)
    factors, total = rows[:-1], rows[-1]

    def bar(subset: list[dict[str, Any]], name: str, colour: str, pattern: list[str]) -> dict[str, Any]:
        return {
            "type": "bar",
            "name": name,
            "orientation": "h",
            "y": [wrap(row["label"], LABEL_CHARS) for row in subset],
            "x": finite_list(row["ratio"] - 1.0 for row in subset),
            "base": [1.0] * len(subset),
            "hovertext": [_hover(row) for row in subset],
            "hoverinfo": "text",
            "marker": {
                "color": colour,
                "line": {"color": OKABE_ITO["black"], "width": 1},
                "pattern": {"shape": pattern, "fgcolor": OKABE_ITO["black"], "solidity": 0.25},
            },
            "width": 0.6,
        }

    return [
        bar(
            factors,
            "Factor (hatched = contested evidence)",
            OKABE_ITO["blue"],
            ["/" if row["contested"] else "" for row in factors],
        ),
        bar([total], TOTAL_LABEL, OKABE_ITO["vermillion"], ["x"]),
        {
            "type": "scatter",
            "name": "Estimate and uncertainty range",
            "mode": "markers",
            "y": [wrap(row["label"], LABEL_CHARS) for row in rows],
            "x": finite_list(row["ratio"] for row in rows),
            "error_x": {
                "type": "data",
                "symmetric": False,
                "array": finite_list(row["high"] - row["ratio"] for row in rows),
                "arrayminus": finite_list(row["ratio"] - row["low"] for row in rows),
                "color": OKABE_ITO["black"],
                "thickness": 2,
                "width": 6,
            },
            "marker": {
                "color": OKABE_ITO["black"],
                "size": 9,
                "symbol": ["circle"] * len(factors) + ["diamond"],
            },
            "hovertext": [_hover(row) for row in rows],
            "hoverinfo": "text",
        },
        {
            "type": "scatter",
            "name": "Value labels",
            "mode": "text",
            "showlegend": False,
            "y": [wrap(row["label"], LABEL_CHARS) for row in rows],
            "x": finite_list(max(row["high"], 1.0) * 1.08 for row in rows),
            "text": [_bar_text(row) for row in rows],
            "textposition": "middle right",
            "cliponaxis": False,
            "hoverinfo": "skip",
        },
    ]


def risk_layout(title: str = "Relative risk of calf trouble compared with the reference runner") -> dict[str, Any]:
    """Final layout of the risk figure (log x axis, dashed reference line at 1, explained in the axis title; note)."""
    return base_layout(
        title,
        height=480,
        note=True,
        barmode="overlay",
        # The value labels need a little room past the plot only when a range reaches far right.
        margin={"l": 142, "r": 56, "t": 80, "b": 150},
        xaxis={
            "type": "log",
            "range": [math.log10(X_RANGE[0]), math.log10(X_RANGE[1])],
            "tickvals": list(_TICKS),
            "ticktext": [fmt(t, 2) for t in _TICKS],
            "title": {"text": wrap("Relative risk (log scale; 1 = same as the reference runner)", 28)},
            "showgrid": True,
            "gridcolor": "#e5e5e5",
        },
        # A fixed left margin that fits the widest wrapped row label (142 px: what plotly's
        # automargin measured for them); the template's automargin is off, because it measures the
        # labels again on each redraw and moves the plot by a pixel between an update and a fresh
        # plot of the same figure (tests/browser/test_traces_only.py).
        yaxis={"autorange": "reversed", "title": {"text": ""}, "automargin": False},
        shapes=[
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": 1,
                "x1": 1,
                "y0": 0,
                "y1": 1,
                "line": {"color": OKABE_ITO["black"], "width": 1.5, "dash": "dash"},
            }
        ],
    )


def risk_description(result: Any) -> str:
    """Plain-English description of the risk figure, with its numbers.

    Parameters
    ----------
    result : calfkit.models.risk.RiskResult
        Result of :func:`calfkit.soreness_risk` for scalar inputs.

    Returns
    -------
    str
        One paragraph; ratios rounded to 2 decimals, inputs to 1.
    """
    rows = _rows(result)
    parts = [
        "Bar chart of relative risk of calf soreness or injury on a log scale, where 1 means the same "
        "risk as the reference runner.",
        str(result.reference).rstrip(".") + ".",
    ]
    for row in rows[:-1]:
        contested = "; contested evidence" if row["contested"] else ""
        said = f", {row['finding']}" if row["finding"] in _SAID else ""
        parts.append(
            f"{row['label']} ({row['input']}): {fmt_ratio(row['ratio'])}{said} "
            f"(range {fmt_ratio(row['low'])} to {fmt_ratio(row['high'])}{contested})."
        )
    total = rows[-1]
    parts.append(
        f"{TOTAL_LABEL}: {fmt_ratio(total['ratio'])} (range {fmt_ratio(total['low'])} to {fmt_ratio(total['high'])}), "
        f"category '{result.category}'."
    )
    parts.append(f"{NOTE}.")
    return " ".join(parts)


def risk_figure(result: Any) -> FigureSpec:
    """Risk breakdown figure with its description.

    Parameters
    ----------
    result : calfkit.models.risk.RiskResult
        e.g. ``calfkit.soreness_risk(weekly_change_pct=40)``.

    Returns
    -------
    FigureSpec
    """
    return make_spec(risk_traces(result), risk_layout(), risk_description(result))
