"""The controls and HTML pieces every explorer is built from.

Sliders, checkboxes and dropdowns whose labels (with their units) are never
truncated and which fit a phone, the "not medical advice" banner, and a
scrollable, keyboard-reachable table.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as W

from ..figures.style import NOTE, OKABE_ITO
from .layout import full_width

__all__ = ["slider", "int_slider", "checkbox", "dropdown", "note_html", "table_html"]

_STYLE = {"description_width": "initial"}


def slider(description: str, value: float, low: float, high: float, step: float, fmt: str = ".0f") -> W.FloatSlider:
    """A keyboard-operable float slider whose label (with its unit) is never truncated."""
    return W.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=fmt,
        description_allow_html=False,
        style=_STYLE,
        layout=full_width(),
        continuous_update=True,
    )


def int_slider(description: str, value: int, low: int, high: int, step: int = 1) -> W.IntSlider:
    """A keyboard-operable integer slider whose label is never truncated."""
    return W.IntSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        description_allow_html=False,
        style=_STYLE,
        layout=full_width(),
        continuous_update=True,
    )


def checkbox(description: str, value: bool) -> W.Checkbox:
    """A checkbox with its label beside it (not indented)."""
    return W.Checkbox(
        value=value,
        description=description,
        indent=False,
        description_allow_html=False,
        style=_STYLE,
        layout=W.Layout(width="auto"),
    )


def dropdown(description: str, options: Sequence[tuple[str, Any]], value: Any) -> W.Dropdown:
    """A dropdown of ``(label, value)`` options whose label is never truncated.

    Inside an :class:`~calfkit.widgets.explorer.Explorer` it answers the arrow keys
    in JupyterLab too (see :func:`~calfkit.widgets.keyboard_guard.keyboard_guard`);
    on its own, JupyterLab's command mode takes them.
    """
    return W.Dropdown(
        options=list(options),
        value=value,
        description=description,
        description_allow_html=False,
        style=_STYLE,
        layout=full_width(),
    )


def note_html(extra: str = "") -> str:
    """The visible "Educational model, not medical advice" banner (``extra`` is escaped)."""
    more = f" {html.escape(extra)}" if extra else ""
    return (
        f'<div role="note" style="border-left:4px solid {OKABE_ITO["vermillion"]};padding:4px 10px;'
        f'margin:4px 0;background:#fff6ef;line-height:1.45"><b>⚠ {html.escape(NOTE)}.</b>{more}</div>'
    )


def table_html(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A scrollable HTML table; ``caption``, ``headers`` and every cell are escaped here.

    The scrolling box is a focusable region named after the caption, so a
    keyboard user can Tab to it and scroll it with the arrow keys.
    """
    cell = "padding:3px 8px;text-align:left;vertical-align:top;border-bottom:1px solid #ddd"
    head = "".join(f"<th scope='col' style='{cell}'>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td style='{cell}'>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f"<div class='calfkit-table' role='region' tabindex='0' aria-label='{html.escape(caption)}' "
        "style='max-height:360px;overflow:auto;max-width:100%'>"
        "<table style='border-collapse:collapse'>"
        f"<caption style='text-align:left;font-weight:bold'>{html.escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )
