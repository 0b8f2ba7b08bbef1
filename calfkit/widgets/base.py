"""Shared shell of every calfkit widget: controls, figure, readout, description.

An :class:`Explorer` builds its plotly ``FigureWidget`` once, with its final
layout and the data for the initial control values, and afterwards only
updates the traces in place inside ``fig.batch_update()``, or, for a figure
whose axes never change, ``fig.traces_only()``, which redraws only the traces.
Subclasses provide the controls and a :meth:`Explorer._compute` method that
calls the model and the figure builders; they hold no model or plotting logic
of their own.

The figure is a :func:`live_figure`, a ``FigureWidget`` that survives a slow
page: see there for the two front-end races it closes. An explorer with a
dropdown or a slider also carries a :func:`keyboard_guard`, so that in JupyterLab
the arrow keys on a focused dropdown change its option instead of moving the cell
cursor, and every slider handle is named after the slider's label.
"""
from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import ipywidgets as W

from ..figures.style import NOTE, OKABE_ITO

__all__ = ["View", "Explorer", "live_figure", "keyboard_guard", "EXPLORER_CLASS", "QUIZ_CLASS", "slider", "int_slider", "checkbox", "dropdown", "note_html", "table_html", "update_traces", "LAYOUT_TRACE_KEYS", "TRACES_ONLY"]

_STYLE = {"description_width": "initial"}
_WIDTH = "680px"


@dataclass(frozen=True)
class View:
    """What an explorer shows for one set of control values.

    Attributes
    ----------
    description : str
        Plain-text description (the figure's alt text, or the result in words).
    readout : str
        HTML for the text readout under the controls (already escaped).
    traces : tuple of dict
        Plotly trace dicts; empty for an explorer without a figure.
    """

    description: str
    readout: str
    traces: tuple[dict[str, Any], ...] = field(default_factory=tuple)


def slider(description: str, value: float, low: float, high: float, step: float, fmt: str = ".0f") -> W.FloatSlider:
    """A keyboard-operable float slider whose label (with its unit) is never truncated."""
    return W.FloatSlider(
        value=value, min=low, max=high, step=step, description=description, readout_format=fmt,
        description_allow_html=False, style=_STYLE, layout=W.Layout(width=_WIDTH), continuous_update=True,
    )


def int_slider(description: str, value: int, low: int, high: int, step: int = 1) -> W.IntSlider:
    """A keyboard-operable integer slider whose label is never truncated."""
    return W.IntSlider(
        value=value, min=low, max=high, step=step, description=description,
        description_allow_html=False, style=_STYLE, layout=W.Layout(width=_WIDTH), continuous_update=True,
    )


def checkbox(description: str, value: bool) -> W.Checkbox:
    """A checkbox with its label beside it (not indented)."""
    return W.Checkbox(value=value, description=description, indent=False, description_allow_html=False,
                      style=_STYLE, layout=W.Layout(width="auto"))


def dropdown(description: str, options: Sequence[tuple[str, Any]], value: Any) -> W.Dropdown:
    """A dropdown of ``(label, value)`` options whose label is never truncated.

    Inside an :class:`Explorer` it answers the arrow keys in JupyterLab too (see
    :func:`keyboard_guard`); on its own, JupyterLab's command mode takes them.
    """
    return W.Dropdown(options=list(options), value=value, description=description,
                      description_allow_html=False, style=_STYLE, layout=W.Layout(width=_WIDTH))


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
        f"<div role='region' tabindex='0' aria-label='{html.escape(caption)}' style='max-height:360px;overflow:auto'>"
        "<table style='border-collapse:collapse'>"
        f"<caption style='text-align:left;font-weight:bold'>{html.escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def update_traces(
    figure: Any,
    traces: Sequence[Mapping[str, Any]],
    previous: Sequence[Mapping[str, Any]] | None = None,
    *,
    fixed_axes: bool = False,
) -> None:
    """Replace the data of a figure's traces in place, in one batched message.

    Parameters
    ----------
    figure : plotly.graph_objects.FigureWidget
        Figure built from the same builder, so it has the same traces in the same order.
        With ``fixed_axes=True`` it must be a :func:`live_figure`.
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
        (``previous`` is needed to tell). Default: plotly's full redraw
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
    if fixed_axes:
        redraw = any(_needs_full_redraw(edit, before) for edit, before in zip(edits, old))
        batch = figure.traces_only(redraw=redraw)
    else:
        batch = figure.batch_update()
    with batch:
        for current, changed in zip(figure.data, edits):
            if changed:
                current.update(changed)


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


SHARED_PLOTLY_ESM = """\
// calfkit live figure: a tiny anywidget module, so the model is ready at once, that draws
// with plotly's own FigureWidget code, loaded once per page and shared by every figure.
const CACHE = "__calfkitPlotlyWidget";

function plotlyWidget(model) {
  const cache = (globalThis[CACHE] ??= {});
  const version = model.get("_plotly_version");
  if (!cache[version]) {
    const url = URL.createObjectURL(new Blob([model.get("_plotly_esm")], { type: "text/javascript" }));
    cache[version] = import(url).finally(() => URL.revokeObjectURL(url));
  }
  return cache[version];
}

// Plotly sizes an autosized plot from its element's width when it draws it: 700 px if the
// element is not in the page yet. Once the bundle is loaded, render() is often called before
// the view is attached (a figure displayed again, a cell run again), so wait for that first.
function attached(el, limitMs = 5000) {
  const start = performance.now();
  return new Promise((resolve) => {
    const check = () => (el.isConnected || performance.now() - start > limitMs ? resolve() : requestAnimationFrame(check));
    check();
  });
}

export default {
  async render({ model, el }) {
    const module = await plotlyWidget(model);
    await attached(el);
    const widget = await module.default();
    widget.initialize({ model });
    return widget.render({ model, el });
  },
};
"""
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


EXPLORER_CLASS = "calfkit-explorer"
"""DOM class of every explorer's top-level box."""

QUIZ_CLASS = "calfkit-quiz"
"""DOM class of the self-check quiz's top-level box (:class:`calfkit.quiz.QuizWidget`)."""

KEYBOARD_GUARD_ESM = """\
// calfkit keyboard guard: an invisible anywidget that looks after the controls inside calfkit's
// boxes (the DOM classes in its "scopes" trait: the explorers and the quiz). One set of listeners
// and one observer per page, however many guards are displayed; the guard draws nothing.
// * JupyterLab's command mode binds bare keys (arrows, J/K, A/B, D D) to notebook commands for any
//   focused element that is not editable, a <select> or a radio button included. Lumino skips its
//   shortcuts for targets inside an element with data-lm-suppress-shortcuts, so each <select> and
//   radio button gets that attribute when it gets focus.
// * ipywidgets draws radio buttons without a shared name, so the browser gives them no arrow keys:
//   ArrowDown/ArrowRight choose the next answer of the group, ArrowUp/ArrowLeft the previous one
//   (wrapping round), as in a native radio group. The choice is a click, which ipywidgets handles.
// * ipywidgets 8 draws a slider's handle (noUiSlider's role="slider") without a name: each handle
//   gets aria-label = its slider's visible description, once, when it is added to the page.
const ATTRIBUTE = "data-lm-suppress-shortcuts";
const FLAG = "__calfkitKeyboardGuard";
const STEP = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

function inside(scopes, selector) {
  return scopes.map((scope) => "." + scope + " " + selector).join(", ");
}

function nameHandle(handle) {
  if (handle.hasAttribute("aria-label")) return;
  const text = handle.closest(".widget-slider")?.querySelector(".widget-label")?.textContent.trim();
  if (text) handle.setAttribute("aria-label", text);
}

export default {
  render({ model, el }) {
    el.style.display = "none";
    if (globalThis[FLAG]) return;
    globalThis[FLAG] = true;
    const scopes = model.get("scopes");
    const guarded = inside(scopes, "select") + ", " + inside(scopes, "input[type=radio]");
    const radio = inside(scopes, ".widget-radio-box input[type=radio]");
    const handle = inside(scopes, ".widget-slider .noUi-handle");
    document.addEventListener("focusin", (event) => {
      if (event.target instanceof Element && event.target.matches(guarded)) event.target.setAttribute(ATTRIBUTE, "true");
    }, true);
    document.addEventListener("keydown", (event) => {
      const step = STEP[event.key];
      const target = event.target;
      if (!step || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (!(target instanceof HTMLInputElement) || !target.matches(radio)) return;
      const group = [...target.closest(".widget-radio-box").querySelectorAll("input[type=radio]")];
      const next = group[(group.indexOf(target) + step + group.length) % group.length];
      event.preventDefault();
      next.focus();
      next.click();
    }, true);
    const nameHandles = (root) => {
      if (root.matches(handle)) nameHandle(root);
      root.querySelectorAll(handle).forEach(nameHandle);
    };
    nameHandles(document.body);
    // Only added HTML elements can hold a handle (plotly's redraws add SVG elements: skipped).
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) if (node instanceof HTMLElement) nameHandles(node);
      }
    }).observe(document.body, { childList: true, subtree: true });
  },
};
"""
"""Front-end module of :func:`keyboard_guard` (see there)."""

_GUARDED_CONTROLS = (W.Dropdown, W.FloatSlider, W.IntSlider)
"""Controls an explorer needs a :func:`keyboard_guard` for (dropdown keys, slider names)."""


@cache
def _keyboard_guard_class() -> type:
    """The invisible anywidget behind :func:`keyboard_guard`."""
    import anywidget
    import traitlets

    class KeyboardGuard(anywidget.AnyWidget):
        """Gives keys back to the controls of calfkit's boxes in JupyterLab and names slider handles."""

        _esm = KEYBOARD_GUARD_ESM
        scopes = traitlets.List(traitlets.Unicode(), default_value=[EXPLORER_CLASS, QUIZ_CLASS]).tag(sync=True)

    return KeyboardGuard


def keyboard_guard() -> W.Widget:
    """An invisible widget that makes the controls of explorers and quizzes keyboard- and reader-friendly.

    Displayed anywhere on the page (each explorer with a dropdown or a slider
    holds one, and so does each quiz), it acts on the controls inside a box
    with the DOM class :data:`EXPLORER_CLASS` or :data:`QUIZ_CLASS`:

    * In JupyterLab's command mode the arrow keys on a focused ``<select>`` or
      radio button move the notebook's cell cursor (a JupyterLab shortcut)
      instead of reaching the control. The guard adds Lumino's
      ``data-lm-suppress-shortcuts`` attribute to every dropdown and radio
      button when it gets focus; elsewhere (Voilà, a plain page) the attribute
      does nothing.
    * ipywidgets draws each radio button without a shared group name, so the
      browser gives them no arrow keys; the guard makes ArrowDown/ArrowRight
      choose the next answer and ArrowUp/ArrowLeft the previous one.
    * ipywidgets 8 draws a slider's handle (``role="slider"``) without an
      accessible name; the guard sets each handle's ``aria-label`` to the
      slider's visible description, also for handles drawn later.

    Returns
    -------
    ipywidgets.DOMWidget
        An anywidget that draws nothing.
    """
    return _keyboard_guard_class()()


class Explorer:
    """Controls + (optional) figure + readout + description, shown as one ``VBox``.

    Subclasses set up their controls, then call ``super().__init__`` and
    implement :meth:`_compute`.

    Parameters
    ----------
    controls : dict of str to ipywidgets.Widget
        Controls by name; every ``value`` change triggers :meth:`refresh`.
    layout : dict, optional
        Final plotly layout of the figure; ``None`` for an explorer without a figure.
    title : str
        Heading shown above the controls.
    note : str, optional
        Extra text for the not-medical-advice banner; ``None`` hides the banner
        (only for explorers that show no risk, soreness or red flags).
    control_box : ipywidgets.Widget, optional
        How to arrange the controls (default: one per line).
    fixed_axes : bool
        The figure's axis ranges and layout never depend on the control values, so
        an update redraws only the traces (:func:`update_traces` with
        ``fixed_axes=True``; an edit that renames a category or changes a trace's
        number of points is followed by a full redraw). Default: full redraws.

    Attributes
    ----------
    widget : ipywidgets.VBox
        Top-level container (DOM class :data:`EXPLORER_CLASS`); displaying the explorer displays this.
    figure : plotly.graph_objects.FigureWidget or None
        Created once; later changes only update its traces.
    controls : dict of str to ipywidgets.Widget
    readout : ipywidgets.HTML
        Text readout of the current result.
    description : str
        Current plain-text description (updated on every change).
    error : str or None
        Message of the last model ``ValueError`` (shown in the readout), else ``None``.
    fixed_axes : bool
        Whether updates redraw only the figure's traces (see the parameter).
    """

    error_heading = "Cannot compute this combination"
    """Bold lead of the readout when the model refuses the current values."""

    def __init__(
        self,
        controls: Mapping[str, W.Widget],
        layout: Mapping[str, Any] | None,
        *,
        title: str,
        note: str | None = "",
        control_box: W.Widget | None = None,
        fixed_axes: bool = False,
    ) -> None:
        self.controls: dict[str, W.Widget] = dict(controls)
        self.fixed_axes = fixed_axes
        self.error: str | None = None
        view = self._compute()
        self._traces = view.traces
        self.figure = None
        if layout is not None:
            self.figure = live_figure(view.traces, layout)
        self.readout = W.HTML(value=self._live(view.readout))
        self._description = view.description
        self._description_html = W.HTML(value=self._escaped(view.description))
        parts: list[W.Widget] = [W.HTML(value=f"<h3 style='margin:4px 0'>{html.escape(title)}</h3>")]
        if note is not None:
            parts.append(W.HTML(value=note_html(note)))
        parts.append(control_box if control_box is not None else W.VBox(list(self.controls.values())))
        if self.figure is not None:
            parts.append(self.figure)
        parts.append(self.readout)
        self._details = W.Accordion(children=[self._description_html], titles=("Text description",), selected_index=None)
        self._details.observe(self._show_description, names="selected_index")
        parts.append(self._details)
        if any(isinstance(control, _GUARDED_CONTROLS) for control in self.controls.values()):
            parts.append(keyboard_guard())
        self.widget = W.VBox(parts)
        self.widget.add_class(EXPLORER_CLASS)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    @staticmethod
    def _escaped(text: str) -> str:
        return f'<p style="max-width:60em;line-height:1.45">{html.escape(text)}</p>'

    @staticmethod
    def _live(readout: str) -> str:
        return f'<div role="status" aria-live="polite" style="max-width:60em;line-height:1.45">{readout}</div>'

    def _compute(self) -> View:
        """Model + figure builders for the current control values."""
        raise NotImplementedError

    @property
    def description(self) -> str:
        """Current plain-text description."""
        return self._description

    def values(self) -> dict[str, Any]:
        """Current control values by name."""
        return {name: control.value for name, control in self.controls.items()}

    def refresh(self) -> None:
        """Recompute and update the readout, description and figure traces in place."""
        try:
            view = self._compute()
        except ValueError as exc:
            self.show_error(str(exc))
            return
        self.error = None
        if self.figure is not None:
            update_traces(self.figure, view.traces, self._traces, fixed_axes=self.fixed_axes)
            self._traces = view.traces
        self.readout.value = self._live(view.readout)
        self._description = view.description
        if self._details.selected_index is not None:  # a closed panel is filled when it opens
            self._show_description()

    def show_error(self, message: str) -> None:
        """Show a model's or reader's error in the readout, keeping the figure and description.

        Parameters
        ----------
        message : str
            The ``ValueError`` message (escaped here); also kept in :attr:`error`.
        """
        self.error = str(message)
        self.readout.value = self._live(f"<p><b>{html.escape(self.error_heading)}:</b> {html.escape(self.error)}</p>")

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        self.refresh()

    def _show_description(self, _change: Mapping[str, Any] | None = None) -> None:
        """Put the current description into the "Text description" panel."""
        self._description_html.value = self._escaped(self._description)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Display the widget when the explorer is the last value of a cell."""
        return self.widget._repr_mimebundle_(**kwargs)
