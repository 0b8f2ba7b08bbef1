"""The explorers' figure: a plotly ``FigureWidget`` that stays live on a slow page (see :func:`live_figure`).

Its front-end module is ``live_figure.js`` next to this file; plotly's own front end
(5 MB) comes from the Jupyter server's static files (:mod:`.plotly_bundle`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from copy import deepcopy
from functools import cache
from pathlib import Path
from typing import Any

from .plotly_bundle import bundle_source, published_bundle
from .plotly_import import figure_widget_class

__all__ = ["live_figure", "TRACES_ONLY", "AFTER_PAINT", "SHARED_PLOTLY_ESM", "LIVE_STATE", "BUNDLE_REQUEST"]

SHARED_PLOTLY_ESM = Path(__file__).with_name("live_figure.js")
"""Front-end module of :func:`live_figure` (see there)."""

LIVE_STATE = ("_widget_data", "_widget_layout")
"""Traits of the figure's state that travel only when a view needs the whole figure (see :func:`live_figure`)."""

BUNDLE_REQUEST = "calfkit-plotly-bundle"
"""Type of the custom message in which the front end asks the kernel for plotly's bundle, and gets it."""

TRACES_ONLY: dict[str, Any] = {
    "transition": {"duration": 0, "easing": "linear"},
    "frame": {"duration": 0, "redraw": False},
    "mode": "afterall",
}
"""``Plotly.animate`` options of :meth:`LiveFigure.traces_only`: no transition, no full redraw,
and every update drawn, in order ("afterall": a quicker update never discards a queued one)."""

AFTER_PAINT = "calfkit_after_paint"
"""Field of a traces-only message that changes nothing drawn (only hover text): the front end
(``live_figure.js``) redraws it after the page's next paint, from the model's copy of the figure
as it is then, so the paint of what did change (this figure's or another's) does not wait for it."""


@cache
def _live_figure_class() -> type:
    """The ``FigureWidget`` subclass behind :func:`live_figure` (plotly is imported on first use)."""
    import uuid

    import plotly
    import traitlets
    from plotly.basedatatypes import Undefined

    class LiveFigure(figure_widget_class()):
        """A ``FigureWidget`` whose views never miss an update (see :func:`live_figure`)."""

        _esm = SHARED_PLOTLY_ESM
        _plotly_version = traitlets.Unicode(plotly.__version__).tag(sync=True)
        _plotly_bundle = traitlets.Unicode(published_bundle()).tag(sync=True)
        _figure_key = traitlets.Unicode().tag(sync=True)

        @traitlets.default("_figure_key")
        def _new_key(self) -> str:
            return uuid.uuid4().hex

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.on_msg(self._on_custom_msg)
            # The comm opened (inside plotly's constructor) before the figure had its data.
            self.send_state(list(LIVE_STATE))

        def _on_custom_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
            # The fallback for a page that cannot fetch the published bundle: once per page.
            if isinstance(content, dict) and content.get("type") == BUNDLE_REQUEST:
                self.send(
                    {"type": BUNDLE_REQUEST, "version": plotly.__version__}, buffers=[bundle_source().read_bytes()]
                )

        def get_state(self, key: Any = None, drop_defaults: bool = False) -> dict[str, Any]:
            """The widget state, with the figure's *current* data and layout in ``_widget_data`` / ``_widget_layout``.

            Asked for when a comm opens and when a page restores its widgets from the
            kernel (a reloaded JupyterLab page): a view drawn from it shows the figure as it is.
            """
            state = super().get_state(key, drop_defaults)
            if "_layout_obj" not in self.__dict__:  # inside plotly's constructor: no figure yet
                return state
            current = {"_widget_data": self._data, "_widget_layout": self._layout_obj._props}
            for name in set(LIVE_STATE) & state.keys():
                to_json = self.trait_metadata(name, "to_json", self._trait_to_json)
                state[name] = to_json(current[name], self)
            return state

        def _should_send_property(self, key: str, value: Any) -> bool:
            # The whole figure never travels after the comm opens (plotly assigns it again
            # once at creation and at every display): updates go as plotly's edit messages.
            if key in LIVE_STATE:
                return False
            return super()._should_send_property(key, value)

        @contextmanager
        def traces_only(self, redraw: bool = False) -> Iterator[None]:
            """Like ``batch_update()``, but the front end redraws only the traces.

            The edited properties of the traces go to ``Plotly.animate`` with a zero-length
            transition and ``redraw: false`` (:data:`TRACES_ONLY`): plotly recomputes
            the traces and redraws their SVG, but not the axes, legend, shapes and
            annotations. Every trace is named in the update, an unedited one with no
            properties: plotly.js removes the bar traces left out of a transition. Each
            edited top-level property (``y``, ``marker``, ...) goes whole, as it now is,
            since plotly.js merges the update into the trace property by property.
            Only for edits that leave the axes and legend as they are;
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

        def set_traces(
            self,
            edits: Sequence[Mapping[str, Any]],
            *,
            traces_only: bool = False,
            redraw: bool = False,
            after_paint: bool = False,
        ) -> None:
            """Set top-level properties of the traces and send them in one message, without plotly's checks.

            For trace dicts from the same figure builders as the figure's first traces,
            which plotly checked when the figure was built: plotly's property-by-property
            validation of an update (``trace.update``) costs about 10 ms per bar trace,
            most of a slider move's kernel work; here the new values are stored as they
            are (``None`` removes a property, as in plotly) and sent as plotly's own
            edit message.

            Parameters
            ----------
            edits : sequence of dict
                One dict of top-level properties (``"y"``, ``"marker"``, ...) per trace,
                in the figure's order; an empty dict leaves its trace as it is.
            traces_only : bool
                Redraw only the traces (as :meth:`traces_only`); default: plotly's full
                redraw (``Plotly.update``, as ``batch_update``).
            redraw : bool
                With ``traces_only``: follow the update with a full redraw (as
                :meth:`traces_only`).
            after_paint : bool
                With ``traces_only``: the edits change nothing drawn (only hover text), so
                the front end applies them after the page's next paint (:data:`AFTER_PAINT`).

            Raises
            ------
            ValueError
                If ``edits`` does not hold one dict per trace, or names a nested path
                (``"marker.color"``).
            """
            if len(edits) != len(self._data):
                raise ValueError(f"edits has {len(edits)} entries, the figure {len(self._data)} traces")
            nested = sorted(key for edit in edits for key in edit if "." in key or "[" in key)
            if nested:
                raise ValueError(f"edits must name top-level properties, got {nested}")
            if not any(edits):
                return
            for trace, edit in zip(self._data, edits):
                for key, value in edit.items():
                    if value is None:
                        trace.pop(key, None)
                    else:
                        trace[key] = value
            if traces_only:
                options = deepcopy(TRACES_ONLY)
                options["frame"]["redraw"] = bool(redraw)
                self._send_edit(
                    "_py2js_animate",
                    {
                        "style_data": [dict(edit) for edit in edits],
                        "layout_data": {},
                        "style_traces": list(range(len(self._data))),
                        "animation_opts": options,
                        "source_view_id": None,
                        AFTER_PAINT: bool(after_paint) and not redraw,
                    },
                )
                return
            indexes = [i for i, edit in enumerate(edits) if edit]
            keys = sorted({key for edit in edits for key in edit})
            self._send_update_msg({key: [edits[i].get(key, Undefined) for i in indexes] for key in keys}, {}, indexes)

        def _send_update_msg(
            self, restyle_data: dict, relayout_data: dict, trace_indexes: Any = None, source_view_id: Any = None
        ) -> None:
            self._send_edit(
                "_py2js_update",
                {
                    "style_data": restyle_data,
                    "layout_data": relayout_data,
                    "style_traces": self._normalize_trace_indexes(trace_indexes),
                    "source_view_id": source_view_id,
                },
            )

        def _send_animate_msg(
            self, styles_data: list, relayout_data: dict, trace_indexes: list, animation_opts: dict
        ) -> None:
            # Every trace, each with only the top-level properties the batch edited, as they
            # now are (plotly.js merges each into its trace; see traces_only).
            edited: dict[int, set[str]] = {i: set() for i in range(len(self._data))}
            for index, style in zip(trace_indexes, styles_data):
                edited[index].update(path.split(".", 1)[0].split("[", 1)[0] for path in style)
            self._send_edit(
                "_py2js_animate",
                {
                    "style_data": [
                        {key: trace[key] for key in sorted(edited[i]) if key in trace}
                        for i, trace in enumerate(self._data)
                    ],
                    "layout_data": relayout_data,
                    "style_traces": list(range(len(self._data))),
                    "animation_opts": animation_opts,
                    "source_view_id": None,
                },
            )

        def _send_edit(self, trait: str, message: dict) -> None:
            # plotly's message (same fields, same edit ids) in ONE state message with the edit
            # ids (plotly sends five), then cleared as plotly does. The front end applies it to
            # the model's figure too (live_figure.js), so a view drawn later starts from the
            # current figure.
            with self.hold_sync():
                self._last_trace_edit_id += 1
                self._last_layout_edit_id += 1
                self._trace_edit_in_process = True
                self._layout_edit_in_process = True
                setattr(
                    self,
                    trait,
                    {
                        **message,
                        "trace_edit_id": self._last_trace_edit_id,
                        "layout_edit_id": self._last_layout_edit_id,
                    },
                )
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
      Here the module is a few lines that load immediately. plotly's bundle is
      published once among the Jupyter server's static files
      (:func:`~calfkit.widgets.plotly_bundle.published_bundle`), so it never
      travels through the kernel's websocket and the browser caches it; it is
      imported once per page and shared by all figures. A page that cannot
      fetch it asks the kernel for it in a custom message (:data:`BUNDLE_REQUEST`),
      once per page.
    * plotly's front end draws a view from the figure's *initial* state and
      applies later updates only to views that exist at that moment, so a view
      drawn after an update (a page still loading, a reopened notebook) shows
      stale data. Here each update carries only what changed; the front-end
      module applies every update to the model's copy of the figure from the
      moment the model exists (it keeps the updates that arrive before plotly's
      bundle has loaded and applies them, in order, with plotly's own code once
      it has), and the kernel's state of the figure (``get_state``, asked for
      when a page restores its widgets) is always the current figure
      (:data:`LIVE_STATE`).

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
