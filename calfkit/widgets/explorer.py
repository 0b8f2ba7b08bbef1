"""The shared shell of every calfkit widget: controls, figure, readout, description.

An :class:`Explorer` builds its plotly ``FigureWidget`` once, with its final
layout and the data for the initial control values, and afterwards only
updates the traces in place inside ``fig.batch_update()``, or, for a figure
whose axes never change, ``fig.traces_only()``, which redraws only the traces
(:func:`~calfkit.widgets.trace_edits.update_traces`).
Subclasses provide the controls and a :meth:`Explorer._compute` method that
calls the model and the figure builders; they hold no model or plotting logic
of their own.

The figure is a :func:`~calfkit.widgets.live_figure.live_figure`, a
``FigureWidget`` that survives a slow page. An explorer with a dropdown or a
slider also carries a :func:`~calfkit.widgets.keyboard_guard.keyboard_guard`, so
that in JupyterLab the arrow keys on a focused dropdown change its option instead
of moving the cell cursor, and every slider handle is named after the slider's label.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as W

from .controls import note_html
from .keyboard_guard import EXPLORER_CLASS, keyboard_guard
from .layout import plain_layout, style_widget
from .live_figure import live_figure
from .trace_edits import update_traces

__all__ = ["MORE_TITLE", "View", "Explorer"]


MORE_TITLE = "More: the numbers behind this"
"""Title of the panel under the readout's first sentence that holds the details."""


@dataclass(frozen=True)
class View:
    """What an explorer shows for one set of control values.

    Attributes
    ----------
    description : str
        Plain-text description (the figure's alt text, or the result in words).
    lead : str
        HTML (already escaped) of the readout's opening: one plain sentence a
        16-year-old understands, shown under the figure.
    traces : tuple of dict
        Plotly trace dicts; empty for an explorer without a figure.
    more : str
        HTML (already escaped) of the details, shown behind "more"; ``""`` for none.
    """

    description: str
    lead: str
    traces: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    more: str = ""

    @property
    def readout(self) -> str:
        """The whole readout as one HTML string: the lead, then the details in a ``<details>`` element."""
        if not self.more:
            return self.lead
        return (
            f'{self.lead}<details class="calfkit-more"><summary>{html.escape(MORE_TITLE)}</summary>'
            f"{self.more}</details>"
        )


_GUARDED_CONTROLS = (W.Dropdown, W.FloatSlider, W.IntSlider)
"""Controls an explorer needs a :func:`keyboard_guard` for (dropdown keys, slider names)."""


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
        The readout's opening sentence (:attr:`View.lead`), or the error.
    more : ipywidgets.HTML
        The details (:attr:`View.more`), inside a closed "More" panel under the readout
        that stays open or closed as the controls move.
    readout_html : str
        The whole current readout as one HTML string (:attr:`View.readout`), for a static page.
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
        self.readout = W.HTML(value=self._live(view.lead))
        self.more = W.HTML(value=self._details_html(view.more), layout=plain_layout())
        self.readout_html = view.readout
        self._more = W.Accordion(children=[self.more], titles=(MORE_TITLE,), selected_index=None)
        self._more.add_class("calfkit-more")
        self._more.layout.display = None if view.more else "none"
        self._description = view.description
        self._description_html = W.HTML(value=self._escaped(view.description), layout=plain_layout())
        # the parts whose layout nothing changes share one Layout model (plain_layout)
        heading = W.HTML(value=f"<h3 style='margin:4px 0'>{html.escape(title)}</h3>", layout=plain_layout())
        parts: list[W.Widget] = [style_widget(), heading]
        if note is not None:
            parts.append(W.HTML(value=note_html(note), layout=plain_layout()))
        parts.append(control_box if control_box is not None else W.VBox(list(self.controls.values())))
        if self.figure is not None:
            parts.append(self.figure)
        parts.append(self.readout)
        parts.append(self._more)
        self._details = W.Accordion(
            children=[self._description_html], titles=("Text description",), selected_index=None, layout=plain_layout()
        )
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
        return f'<div role="status" aria-live="polite" class="calfkit-lead">{readout}</div>'

    @staticmethod
    def _details_html(more: str) -> str:
        return f'<div style="max-width:60em;line-height:1.45">{more}</div>'

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
        self.readout.value = self._live(view.lead)
        self.more.value = self._details_html(view.more)
        self._more.layout.display = None if view.more else "none"
        self.readout_html = view.readout
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
        self.readout_html = self.readout.value

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        self.refresh()

    def _show_description(self, _change: Mapping[str, Any] | None = None) -> None:
        """Put the current description into the "Text description" panel."""
        self._description_html.value = self._escaped(self._description)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """Display the widget when the explorer is the last value of a cell."""
        return self.widget._repr_mimebundle_(**kwargs)
