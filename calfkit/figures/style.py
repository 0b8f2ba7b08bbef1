"""Shared look of every calfkit figure: palette, line styles, note, number format.

Colour is never the only cue: each series also gets its own line dash and
marker symbol, and categories carry text labels. Colours come from the
Okabe–Ito palette, which stays distinguishable with the common forms of colour
vision deficiency.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "OKABE_ITO",
    "SERIES_COLOURS",
    "DASHES",
    "SYMBOLS",
    "NOTE",
    "FigureSpec",
    "rgba",
    "tint",
    "fmt",
    "fmt_signed",
    "fmt_ratio",
    "wrap",
    "finite_list",
    "gap_list",
    "note_annotation",
    "base_layout",
    "make_spec",
]

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
"""The Okabe–Ito palette (Okabe & Ito 2008), name -> hex colour."""

SERIES_COLOURS: tuple[str, ...] = tuple(
    OKABE_ITO[name] for name in ("blue", "orange", "bluish_green", "reddish_purple", "sky_blue", "vermillion", "black")
)
"""Colours for successive data series, in order (yellow is kept for fills: too light for lines)."""

DASHES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
"""Line dashes for successive series."""

SYMBOLS: tuple[str, ...] = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross")
"""Marker symbols for successive series."""

NOTE = "Educational model, not medical advice"
"""Visible note placed on every figure that shows risk or soreness."""

FONT = "Arial, Helvetica, sans-serif"


@dataclass(frozen=True)
class FigureSpec:
    """A plotly figure with a generated plain-English description.

    Attributes
    ----------
    figure : plotly.graph_objects.Figure
        The figure.
    description : str
        One paragraph describing what the figure shows, with its key numbers;
        use it as alt text. Deterministic for the same input.
    """

    figure: Any
    description: str

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **kwargs: Any) -> dict:
        """Show the figure, with the description as its plain-text form."""
        bundle = dict(self.figure._repr_mimebundle_(include, exclude, **kwargs))
        bundle["text/plain"] = self.description
        return bundle


def rgba(colour: str, alpha: float) -> str:
    """Translucent version of a hex colour, e.g. for shaded bands.

    Parameters
    ----------
    colour : str
        ``#RRGGBB`` colour.
    alpha : float
        Opacity in [0, 1].

    Returns
    -------
    str
        ``rgba(r,g,b,alpha)``.
    """
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha:g})"


def tint(colour: str, white: float) -> str:
    """Solid lighter version of a hex colour, mixed with a share ``white`` of white.

    Parameters
    ----------
    colour : str
        ``#RRGGBB`` colour.
    white : float
        Share of white in [0, 1]; 0 keeps the colour.

    Returns
    -------
    str
        ``#RRGGBB`` colour.
    """
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * white):02X}" for c in channels)


def fmt(value: float, digits: int = 1) -> str:
    """Format a number with fixed rounding, dropping a trailing ``.0...``.

    Parameters
    ----------
    value : float
        Number to show; NaN gives ``"n/a"``.
    digits : int
        Decimal places kept before trailing zeros are dropped.

    Returns
    -------
    str
        e.g. ``fmt(2.0) == "2"``, ``fmt(1.25, 2) == "1.25"``, never ``"-0"``.
    """
    number = float(value)
    if not math.isfinite(number):
        return "n/a"
    text = f"{number:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_signed(value: float, digits: int = 1) -> str:
    """Like :func:`fmt` with an explicit ``+`` for positive numbers."""
    text = fmt(value, digits)
    return text if text.startswith("-") or text in ("0", "n/a") else f"+{text}"


def fmt_ratio(value: float) -> str:
    """A ratio with exactly two decimals, e.g. ``"1.00"``, ``"0.74"`` (``"n/a"`` for NaN)."""
    number = float(value)
    return f"{number + 0.0:.2f}" if math.isfinite(number) else "n/a"


TITLE_CHARS = 40
"""Characters per line of a figure title (15 px bold-ish text: about 330 px, inside a phone's width)."""


def wrap(text: str, width: int) -> str:
    """Break text into ``<br>``-separated lines of about ``width`` characters (for labels)."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _floats(values: Iterable[float]) -> list[float]:
    """``values`` as plain Python floats (an array or Series in one conversion)."""
    if isinstance(values, np.ndarray) or hasattr(values, "to_numpy"):
        return np.asarray(values, dtype=float).ravel().tolist()
    return [float(value) for value in values]


def finite_list(values: Iterable[float], digits: int = 6) -> list[float]:
    """Plain Python floats rounded to ``digits`` places (stable JSON, no float noise).

    Raises
    ------
    ValueError
        If a value is NaN or infinite: use :func:`gap_list` where gaps are meant.
    """
    numbers = _floats(values)
    for number in numbers:
        if not math.isfinite(number):
            raise ValueError(f"values contains {number!r}; expected finite numbers")
    return [round(number, digits) + 0.0 for number in numbers]


def gap_list(values: Iterable[float], digits: int = 6) -> list[float | None]:
    """Like :func:`finite_list`, but NaN/inf become ``None``: a deliberate gap in a line."""
    isfinite = math.isfinite
    return [round(number, digits) + 0.0 if isfinite(number) else None for number in _floats(values)]


def note_annotation(text: str = NOTE) -> dict:
    """Annotation placing the not-medical-advice note above the plot, right-aligned."""
    return {
        "text": f"<b>{text}</b>",
        "xref": "paper",
        "yref": "paper",
        "x": 1.0,
        "y": 1.0,
        "xanchor": "right",
        "yanchor": "bottom",
        "yshift": 4,
        "showarrow": False,
        "font": {"size": 12, "color": OKABE_ITO["vermillion"]},
    }


#: The legend every figure starts with: one horizontal row at the bottom left of the figure's box.
LEGEND: dict[str, Any] = {
    "orientation": "h",
    "xref": "container",
    "yref": "container",
    "x": 0.0,
    "y": 0.0,
    "xanchor": "left",
    "yanchor": "bottom",
}


def base_layout(
    title: str,
    *,
    height: int = 420,
    note: bool = False,
    annotations: Sequence[Mapping] = (),
    **extra: Any,
) -> dict:
    """Layout shared by all figures: white template, Okabe–Ito colourway, title.

    Parameters
    ----------
    title : str
        Figure title.
    height : int
        Height in pixels.
    note : bool
        Add the visible "Educational model, not medical advice" note.
    annotations : sequence of dict
        Further annotations.
    **extra
        Other layout properties (axes, shapes, ...).

    Returns
    -------
    dict
        A plotly layout as a plain dict.
    """
    layout: dict[str, Any] = {
        "template": "simple_white",
        "colorway": list(SERIES_COLOURS),
        "font": {"family": FONT, "size": 13},
        # Wrapped to two short lines: plotly cannot wrap a title, and one long line is cut at 390 px.
        "title": {
            "text": wrap(title, TITLE_CHARS),
            "x": 0.0,
            "xanchor": "left",
            # From the top edge, padded: plotly places a two-line title anchored at its top about
            # 14 px too high, so with y=0.98 and no padding its first line was cut off above the plot.
            "y": 1.0,
            "yanchor": "top",
            "pad": {"t": 20},
            "font": {"size": 15},
        },
        "height": height,
        "margin": {"l": 70, "r": 30, "t": 80, "b": 120},
        "legend": dict(LEGEND),
        "hovermode": "closest",
        "annotations": [*([note_annotation()] if note else []), *map(dict, annotations)],
    }
    layout.update(extra)
    return layout


def make_spec(traces: Sequence[Mapping], layout: Mapping, description: str) -> FigureSpec:
    """Build a :class:`FigureSpec` from plain trace and layout dicts (imports plotly here)."""
    import plotly.graph_objects as go

    return FigureSpec(go.Figure(data=[dict(t) for t in traces], layout=dict(layout)), description)
