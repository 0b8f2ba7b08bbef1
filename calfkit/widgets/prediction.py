"""Predict, then reveal: the learner commits a prediction before the kit shows the answer.

>>> from calfkit.widgets import predict
>>> predict("04_fluid_loss")  # doctest: +SKIP

A :class:`Prediction` shows one Think! prompt of ``data/think/`` (see
:mod:`calfkit.quiz.think`) with a box for the learner's number, choice or sentence
and a **Lock in my prediction** button. Until the learner locks a prediction in, the
page holds nothing that answers it: the model answer, the kit's value (recomputed
from the model) and any demo passed as ``reveal`` are created and added to the page
only then. A second, quieter button, **Show without predicting**, is for a teacher
who is demonstrating; it says that no prediction was made. A teacher projecting a
whole lesson can start the server with ``CALFKIT_REVEAL=1`` in its environment:
every prediction box then opens already revealed, saying so.

Stable CSS classes: ``calfkit-predict`` (the whole widget), ``calfkit-predict-answer``
(the learner's box), ``calfkit-predict-commit``, ``calfkit-predict-anyway`` (the
buttons), ``calfkit-predict-message`` (a request to answer first, ``role="alert"``)
and ``calfkit-predict-reveal`` (what appears after the prediction).
"""

from __future__ import annotations

import html
import os
from typing import Any

import ipywidgets as W

from ..figures.style import OKABE_ITO
from ..quiz.bank import parse_number
from ..quiz.think import Prompt, model_value, prompt
from .layout import FULL_WIDTH, style_widget

__all__ = ["PREDICT_CLASS", "REVEAL_VARIABLE", "Prediction", "predict"]

PREDICT_CLASS = "calfkit-predict"
REVEAL_VARIABLE = "CALFKIT_REVEAL"
"""Environment variable: ``1`` opens every prediction box revealed (a teacher's projected screen)."""

Reveal = Any
"""What appears after the prediction: a widget, an explorer (anything with ``.widget``), a table (anything
with ``_repr_html_``, such as :func:`calfkit.widgets.table`), a list of those, or a function of no
arguments returning one (called only when the answer is revealed)."""


def _as_widgets(reveal: Reveal) -> list[W.Widget]:
    if reveal is None:
        return []
    if callable(reveal) and not isinstance(reveal, W.Widget) and not hasattr(reveal, "widget"):
        reveal = reveal()
    items = reveal if isinstance(reveal, (list, tuple)) else [reveal]
    widgets = []
    for item in items:
        widget = getattr(item, "widget", item)
        if not isinstance(widget, W.Widget) and callable(getattr(widget, "_repr_html_", None)):
            widget = W.HTML(value=widget._repr_html_(), layout=W.Layout(width="100%", max_width="680px"))
        if not isinstance(widget, W.Widget):
            raise ValueError(
                f"reveal={reveal!r} must be a widget, an explorer, a table, a list of them or a function returning one"
            )
        widgets.append(widget)
    return widgets


def _fmt(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}"


class Prediction(W.VBox):
    """One Think! prompt: the learner's prediction box, then the answer.

    Parameters
    ----------
    item : Prompt
    reveal : widget, explorer, list of them, or callable, optional
        Shown (and, for a callable, built) only after the prediction.

    Attributes
    ----------
    item : Prompt
    control : ipywidgets.Widget
        ``Text`` (number), ``RadioButtons`` (choice) or ``Textarea`` (words).
    commit_button, anyway_button : ipywidgets.Button
    message : ipywidgets.HTML
        Asks for a prediction when Lock in is pressed on an empty box.
    reveal_box : ipywidgets.VBox
        Empty until the answer is revealed.
    prediction : float, str or None
        What the learner locked in (None before, or after "Show without predicting").
    revealed : bool
    """

    def __init__(self, item: Prompt, reveal: Reveal = None) -> None:
        self.item = item
        self.prediction: float | str | None = None
        self.revealed = False
        self._reveal = reveal
        if not callable(reveal) or isinstance(reveal, W.Widget) or hasattr(reveal, "widget"):
            _as_widgets(reveal)  # refuse a bad reveal now, not when the learner commits
        label = "Your prediction" + (f" ({item.unit.strip()})" if item.unit.strip() else "")
        if item.kind == "number":
            self.control = W.Text(
                value="",
                placeholder="a number",
                description=label,
                style={"description_width": "initial"},
                continuous_update=False,
                layout=W.Layout(width="auto", max_width="100%"),
            )
        elif item.kind == "choice":
            self.control = W.RadioButtons(
                options=list(item.choices),
                value=None,
                description=label,
                style={"description_width": "initial"},
                layout=W.Layout(width="auto", max_width="100%"),
            )
        else:
            self.control = W.Textarea(
                value="",
                placeholder="one or two sentences",
                description=label,
                style={"description_width": "initial"},
                rows=2,
                layout=W.Layout(width="100%", max_width="680px"),
            )
        self.control.add_class("calfkit-predict-answer")
        self.commit_button = W.Button(
            description="Lock in my prediction",
            button_style="primary",
            icon="lock",
            tooltip="Commit your prediction, then see the answer",
            layout=W.Layout(width="auto"),
        )
        self.commit_button.add_class("calfkit-predict-commit")
        self.commit_button.on_click(self.commit)
        self.anyway_button = W.Button(
            description="Show without predicting", tooltip="For a teacher demonstrating", layout=W.Layout(width="auto")
        )
        self.anyway_button.add_class("calfkit-predict-anyway")
        self.anyway_button.on_click(self.show_anyway)
        self.message = W.HTML(value="")
        self.message.add_class("calfkit-predict-message")
        self.reveal_box = W.VBox([], layout=W.Layout(width="100%"))
        self.reveal_box.add_class("calfkit-predict-reveal")
        head = W.HTML(
            value=(f"<p class='calfkit-lead'><b>Predict first.</b> {html.escape(item.prompt, quote=False)}</p>"),
            layout=FULL_WIDTH,
        )
        buttons = W.HBox([self.commit_button, self.anyway_button], layout=W.Layout(flex_flow="row wrap"))
        super().__init__(
            [style_widget(), head, self.control, buttons, self.message, self.reveal_box], layout=FULL_WIDTH
        )
        self.add_class(PREDICT_CLASS)
        self.add_class(f"calfkit-predict-{item.id}")
        if item.kind == "number":
            self.control.observe(self._on_number, names="value")
        if os.environ.get(REVEAL_VARIABLE, "").strip().lower() in ("1", "true", "yes"):
            self._show(f"<p><b>Shown without a prediction</b> ({REVEAL_VARIABLE} is set, for a teacher's screen).</p>")

    def _on_number(self, _change: Any) -> None:
        """Enter in the number box locks the number in, like the button."""
        if not self.revealed and self.control.value.strip():
            self.commit()

    def _read(self) -> float | str | None:
        if self.item.kind == "number":
            text = self.control.value.strip()
            if not text:
                return None
            return parse_number(text)
        if self.item.kind == "choice":
            return self.control.value
        return self.control.value.strip() or None

    def commit(self, _button: W.Button | None = None) -> bool:
        """Lock in the prediction and reveal the answer; returns False (and asks) if the box is empty."""
        if self.revealed:
            return True
        try:
            value = self._read()
        except ValueError:
            self._ask(f"{self.control.value.strip()!r} is not a number: type digits such as 1.5.")
            return False
        if value is None:
            self._ask(
                {"number": "Type a number first.", "choice": "Choose one first.", "words": "Write a sentence first."}[
                    self.item.kind
                ]
            )
            return False
        self.prediction = value
        self._show(self._verdict(value))
        return True

    def show_anyway(self, _button: W.Button | None = None) -> None:
        """Reveal without a prediction (for a teacher demonstrating)."""
        if not self.revealed:
            self._show(
                "<p><b>Shown without a prediction.</b> Next time, commit a guess first: "
                "comparing it with the answer is where the learning happens.</p>"
            )

    def _ask(self, text: str) -> None:
        self.message.value = (
            f'<div role="alert" style="border-left:4px solid {OKABE_ITO["blue"]};'
            f'padding:2px 10px"><b>ℹ {html.escape(text, quote=False)}</b></div>'
        )

    def _verdict(self, value: float | str) -> str:
        item = self.item
        if item.kind == "number":
            kit = model_value(item)
            unit = f" {item.unit.strip()}" if item.unit.strip() else ""
            off = abs(float(value) - kit)
            close = off <= max(abs(kit) * 0.1, 10.0**-item.decimals)
            return (
                f"<p><b>You predicted {html.escape(f'{value:g}')}{html.escape(unit)}. The kit's model gives "
                f"{_fmt(kit, item.decimals)}{html.escape(unit)}</b> — "
                + (
                    "close: within a tenth of it."
                    if close
                    else f"you were {_fmt(off, item.decimals)}{html.escape(unit)} "
                    f"{'too high' if float(value) > kit else 'too low'}."
                )
                + "</p>"
            )
        if item.kind == "choice":
            said = f"<p><b>You chose “{html.escape(str(value))}”.</b>"
            if item.correct is None:
                return said + "</p>"
            if value == item.correct:
                return said + " That matches the evidence.</p>"
            return said + f" The answer is “{html.escape(item.correct)}”.</p>"
        return "<p><b>Your prediction is locked in.</b> Compare it with the model answer:</p>"

    def _show(self, verdict_html: str) -> None:
        self.revealed = True
        self.message.value = ""
        self.control.disabled = True
        self.commit_button.disabled = True
        self.anyway_button.disabled = True
        answer = W.HTML(
            value=(
                f'<div role="status" style="border-left:4px solid {OKABE_ITO["bluish_green"]};padding:2px 10px;'
                f'margin:4px 0">{verdict_html}<p><b>Model answer:</b> {html.escape(self.item.answer, quote=False)}</p>'
                "</div>"
            ),
            layout=FULL_WIDTH,
        )
        self.reveal_box.children = [answer, *_as_widgets(self._reveal)]


def predict(prompt_id: str, reveal: Reveal = None) -> Prediction:
    """A Think! prompt that shows its answer (and ``reveal``) only after the learner predicts.

    Parameters
    ----------
    prompt_id : str
        Id of a prompt in ``data/think/``, e.g. ``"04_fluid_loss"``.
    reveal : widget, explorer, list of them, or callable, optional
        The demo or table the prediction is about; added to the page after the
        prediction. Pass a function (``reveal=doms_explorer``) to build it only then.

    Returns
    -------
    Prediction
        An ipywidgets ``VBox``; leave it last in a cell to show it.

    Raises
    ------
    ValueError
        Naming ``prompt_id`` if there is no such prompt.
    """
    return Prediction(prompt(prompt_id), reveal)
