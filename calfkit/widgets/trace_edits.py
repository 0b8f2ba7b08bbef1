"""Which trace properties an explorer update changes, and how the figure redraws them.

:func:`update_traces` sends only the properties that differ from what the figure
shows, in one batch: plotly's full redraw, or for a figure whose axes never
change, a traces-only redraw (:meth:`LiveFigure.traces_only
<calfkit.widgets.live_figure.live_figure>`) with a full redraw only after edits
that change the axes or the legend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["update_traces", "LAYOUT_TRACE_KEYS", "HOVER_ONLY_KEYS"]


def update_traces(
    figure: Any,
    traces: Sequence[Mapping[str, Any]],
    previous: Sequence[Mapping[str, Any]] | None = None,
    *,
    fixed_axes: bool = False,
) -> None:
    """Replace the data of a figure's traces in place, in one message.

    Parameters
    ----------
    figure : plotly.graph_objects.FigureWidget
        A :func:`~calfkit.widgets.live_figure.live_figure` built from the same builder,
        so it has the same traces in the same order; the new values are stored without
        plotly's per-property checks (``LiveFigure.set_traces``).
    traces : sequence of dict
        New trace dicts.
    previous : sequence of dict, optional
        The trace dicts the figure currently shows; only properties that differ
        from them are sent (all properties if omitted).
    fixed_axes : bool
        Redraw only the traces, over the axes, legend, shapes and annotations already
        drawn (:meth:`LiveFigure.traces_only`): several times quicker, and right
        only for a figure whose axis ranges and layout do not depend on the data.
        An edit that changes what the axes or the legend show (category labels,
        trace names, visibility: see :data:`LAYOUT_TRACE_KEYS`) or the number of
        points of a trace goes the same way but asks for a full redraw after it
        (``previous`` is needed to tell). An update whose edits all change only
        what a hover box says (:data:`HOVER_ONLY_KEYS`) goes the same way, marked to be
        redrawn after the page's next paint (``LiveFigure.set_traces(after_paint=True)``):
        nothing on screen changes, and the paint of what does change (the run
        simulator's other figure) does not wait for it. Default: plotly's full redraw
        (``batch_update``).

    Raises
    ------
    ValueError
        If the number or the types of the traces differ from the figure's.
    """
    if len(traces) != len(figure.data) or any(t.get("type", "scatter") != f.type for t, f in zip(traces, figure.data)):
        raise ValueError(
            f"traces do not match the figure: got {[t.get('type') for t in traces]}, "
            f"figure has {[f.type for f in figure.data]}"
        )
    old = previous if previous is not None else [{}] * len(traces)
    edits = [
        {key: value for key, value in new.items() if key != "type" and before.get(key) != value}
        for new, before in zip(traces, old)
    ]
    if not any(edits):
        return
    redraw = fixed_axes and any(_needs_full_redraw(edit, before) for edit, before in zip(edits, old))
    hover_only = fixed_axes and all(HOVER_ONLY_KEYS.issuperset(edit) for edit in edits)
    figure.set_traces(edits, traces_only=fixed_axes, redraw=redraw, after_paint=hover_only)


HOVER_ONLY_KEYS = frozenset({"hovertext", "hovertemplate", "hoverinfo", "hoverlabel"})
"""Trace properties that change only what a hover box says, never what a plot draws. plotly.js
still recomputes and redraws a bar trace for a new ``hovertext`` (its edit type is "calc"), about
6 ms of the page's main thread for the risk breakdown, so such an update waits for the next paint."""


LAYOUT_TRACE_KEYS = frozenset({"name", "showlegend", "legendgroup", "legendrank", "visible", "xaxis", "yaxis"})
"""Trace properties whose change redraws the legend or the axes (never only the traces)."""


def _needs_full_redraw(edit: Mapping[str, Any], before: Mapping[str, Any]) -> bool:
    """Whether a trace edit needs plotly's full redraw rather than a traces-only one.

    True when the edit changes what the axes or the legend show (a key in
    :data:`LAYOUT_TRACE_KEYS`, or new ``x`` or ``y`` values holding text: the
    labels of a category axis), and when it changes the number of points in
    ``x`` or ``y``: plotly.js' transitions then mismatch the traces' SVG groups
    (a trace that becomes empty leaves its old markers on screen).

    Parameters
    ----------
    edit : dict
        The changed properties of one trace.
    before : dict
        The trace's properties before the edit.
    """
    if LAYOUT_TRACE_KEYS.intersection(edit):
        return True
    for key in ("x", "y"):
        if key not in edit:
            continue
        new, old = edit[key], before.get(key)
        if not isinstance(new, (list, tuple)) or not isinstance(old, (list, tuple)) or len(new) != len(old):
            return True
        if any(isinstance(value, str) for value in new):
            return True
    return False
