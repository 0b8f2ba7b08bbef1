"""The explorers' figure: a plotly ``FigureWidget`` that stays live on a slow page (see :func:`live_figure`).

Its front-end module is ``live_figure.js`` next to this file.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from copy import deepcopy
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["live_figure", "TRACES_ONLY", "SHARED_PLOTLY_ESM"]

SHARED_PLOTLY_ESM = Path(__file__).with_name("live_figure.js")
"""Front-end module of :func:`live_figure` (see there)."""

TRACES_ONLY: dict[str, Any] = {
    "transition": {"duration": 0, "easing": "linear"},
    "frame": {"duration": 0, "redraw": False},
    "mode": "afterall",
}
"""``Plotly.animate`` options of :meth:`LiveFigure.traces_only`: no transition, no full redraw,
and every update drawn, in order ("afterall": a quicker update never discards a queued one)."""


@cache
def _live_figure_class() -> type:
    """The ``FigureWidget`` subclass behind :func:`live_figure` (plotly is imported on first use)."""
    import plotly
    import plotly.graph_objects as go
    import traitlets
    from plotly.basewidget import BaseFigureWidget

    class LiveFigure(go.FigureWidget):
        """A ``FigureWidget`` whose views never miss an update (see :func:`live_figure`)."""

        _esm = SHARED_PLOTLY_ESM
        _plotly_esm = traitlets.Unicode(str(BaseFigureWidget._esm)).tag(sync=True)
        _plotly_version = traitlets.Unicode(plotly.__version__).tag(sync=True)

        @contextmanager
        def traces_only(self, redraw: bool = False) -> Iterator[None]:
            """Like ``batch_update()``, but the front end redraws only the traces.

            The new state of every trace goes to ``Plotly.animate`` with a zero-length
            transition and ``redraw: false`` (:data:`TRACES_ONLY`): plotly recomputes
            the traces and redraws their SVG, but not the axes, legend, shapes and
            annotations. Every trace, whole: plotly.js removes the bar traces left out
            of a transition, and an update drawn from whole traces is right whatever
            came before it. Only for edits that leave the axes and legend as they are;
            layout edits are refused.

            Parameters
            ----------
            redraw : bool
                Follow the update with plotly's full redraw (``frame.redraw``), for an
                edit that changes the axes or the legend; still queued in order with
                the traces-only updates, so no update overtakes another.

            Raises
            ------
            ValueError
                If the block edited the layout.
            """
            if self._in_batch_mode:
                yield
                return
            self._in_batch_mode = True
            try:
                yield
            finally:
                self._in_batch_mode = False
            if self._batch_layout_edits:
                edits = sorted(self._batch_layout_edits)
                self._batch_layout_edits.clear()
                self._batch_trace_edits.clear()
                raise ValueError(f"traces_only() redraws no layout: layout edits {edits} are not allowed")
            if not self._batch_trace_edits:
                return
            options = deepcopy(TRACES_ONLY)
            options["frame"]["redraw"] = bool(redraw)
            self._perform_batch_animate(options)

        def _send_update_msg(
            self, restyle_data: dict, relayout_data: dict, trace_indexes: Any = None, source_view_id: Any = None
        ) -> None:
            self._send_with_state("_py2js_update", {
                "style_data": restyle_data,
                "layout_data": relayout_data,
                "style_traces": self._normalize_trace_indexes(trace_indexes),
                "source_view_id": source_view_id,
            })

        def _send_animate_msg(
            self, styles_data: list, relayout_data: dict, trace_indexes: list, animation_opts: dict
        ) -> None:
            # The edited properties (styles_data) are already in the figure: send every
            # trace whole (see traces_only).
            self._send_with_state("_py2js_animate", {
                "style_data": deepcopy(self._data),
                "layout_data": relayout_data,
                "style_traces": list(range(len(self._data))),
                "animation_opts": animation_opts,
                "source_view_id": None,
            })

        def _send_with_state(self, trait: str, message: dict) -> None:
            # plotly's message (same fields, same edit ids), sent in ONE state message with the
            # full figure: a view drawn later starts from the current figure, a view drawn
            # earlier applies the update (the new full state is set before its change event
            # fires). plotly sends five messages here; fewer messages, a quicker redraw.
            with self.hold_sync():
                self._widget_data = deepcopy(self._data)
                self._widget_layout = deepcopy(self._layout_obj._props)
                self._last_trace_edit_id += 1
                self._last_layout_edit_id += 1
                self._trace_edit_in_process = True
                self._layout_edit_in_process = True
                setattr(self, trait, {
                    **message,
                    "trace_edit_id": self._last_trace_edit_id,
                    "layout_edit_id": self._last_layout_edit_id,
                })
            setattr(self, trait, None)

    return LiveFigure


def live_figure(data: Sequence[Mapping[str, Any]], layout: Mapping[str, Any]) -> Any:
    """A plotly ``FigureWidget`` that stays live on a slow page and in views opened later.

    Two races of plotly 6/7's anywidget-based ``FigureWidget`` leave a plot frozen
    while its sliders still move the readout:

    * anywidget drops every kernel message for a model whose front-end module
      has not loaded within 2 s of the model's creation (``Runtime.ready`` is
      rejected by a timeout and ``AnyModel._handle_comm_msg`` awaits it). Plotly's
      module is its 5 MB bundle, imported anew for every figure; with two figures
      on a Voilà page on a busy machine the second one regularly misses the 2 s.
      Here the module is a few lines that load immediately; plotly's bundle is
      sent as a trait, imported once per page when the first figure is drawn, and
      shared by all figures.
    * plotly's front end draws a view from the figure's *initial* state (its
      synced ``_widget_data`` is never updated) and applies later updates only to
      views that exist at that moment, so a view drawn after an update (a page
      still loading, a reopened notebook) shows stale data. Here the full state
      travels in the same message as every update.

    Parameters
    ----------
    data : sequence of dict
        Plotly trace dicts.
    layout : dict
        The figure's final layout.

    Returns
    -------
    plotly.graph_objects.FigureWidget
        Updated like any ``FigureWidget`` (``batch_update``, trace ``update``), and
        also with ``traces_only()``, a ``batch_update`` whose front end redraws only
        the traces (see :func:`update_traces`).
    """
    return _live_figure_class()(data=[dict(t) for t in data], layout=dict(layout))
