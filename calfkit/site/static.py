"""Kernel side of the site build: explorers, figures and quizzes displayed as static HTML.

The site builder runs :func:`install` in each lesson's kernel before the lesson's
cells. From then on IPython displays

* a :class:`calfkit.widgets.Explorer` as its title, note, controls, an interactive
  plotly figure at the lesson's values, its readout and its text description; when its
  controls' grid fits the limits, the views computed ahead
  (:func:`calfkit.site.precompute.precompute_within`) ride along and
  ``assets/explorer.js`` makes the controls work in the page;
* a :class:`calfkit.quiz.QuizWidget` as a form per question built from the same bank,
  graded in the page by ``assets/quiz.js``;
* a :class:`calfkit.widgets.prediction.Prediction` as its prompt and answer box; what it
  reveals (the model answer, the kit's value, its demo) is in the page but hidden until the
  learner locks a prediction in (``assets/predict.js``), as in the notebook;
* a plotly ``Figure`` as an interactive figure (plotly.js from the site, no CDN);
* any other ipywidget as a line saying it needs the live version.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

__all__ = ["install", "explorer_html", "quiz_html", "figure_html", "prediction_html", "LIMITS"]

LIMITS = {"budget": 3000, "seconds": 6.0, "max_bytes": 700_000}
"""Grid limits of an explorer on a lesson page (combinations, kernel seconds, bytes of JSON)."""

LIVE_ONLY = (
    '<p class="ck-live-only">This control needs Python running: open the lesson live with a launch '
    "button at the top of the page.</p>"
)
_counter = {"n": 0}


def _uid(prefix: str) -> str:
    _counter["n"] += 1
    return f"{prefix}-{_counter['n']}"


def _json_script(cls: str, value: Any) -> str:
    """A JSON data island; ``</`` is escaped so the text cannot end the script element."""
    from plotly.utils import PlotlyJSONEncoder

    text = json.dumps(value, cls=PlotlyJSONEncoder, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" class="{cls}">{text}</script>'


def figure_html(figure: Any, description: str = "") -> str:
    """An interactive plotly figure: a container and its JSON, drawn by ``assets/site.js``.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure or FigureWidget
    description : str
        Plain-text description, the figure's accessible name.
    """
    import plotly.graph_objects as go

    spec = go.Figure(figure).to_plotly_json()
    label = html.escape(description or str(spec.get("layout", {}).get("title", {}).get("text", "Figure")))
    return (
        f'<div class="ck-figure" role="figure" aria-label="{label}"><div class="ck-plot"></div>'
        f"{_json_script('ck-figure-json', {'data': spec['data'], 'layout': spec['layout']})}</div>"
    )


def _control_html(uid: str, i: int, control: dict[str, Any]) -> str:
    cid = f"{uid}-c{i}"
    label = html.escape(control["label"])
    index = control["index"]
    if control["kind"] == "range":
        value = html.escape(control["labels"][index])
        return (
            f'<div class="ck-control ck-range"><label for="{cid}">{label}: '
            f'<output for="{cid}" id="{cid}-out">{value}</output></label>'
            f'<input type="range" id="{cid}" min="0" max="{len(control["labels"]) - 1}" step="1" '
            f'value="{index}" aria-valuetext="{value}"></div>'
        )
    if control["kind"] == "select":
        options = "".join(
            f'<option value="{j}"{" selected" if j == index else ""}>{html.escape(text)}</option>'
            for j, text in enumerate(control["labels"])
        )
        return f'<div class="ck-control ck-select"><label for="{cid}">{label}</label><select id="{cid}">{options}</select></div>'
    checked = " checked" if index else ""
    return (
        f'<div class="ck-control ck-checkbox"><input type="checkbox" id="{cid}"{checked}>'
        f'<label for="{cid}">{label}</label></div>'
    )


def _grid_note(controls: list[dict[str, Any]]) -> str:
    coarse = [
        c for c in controls if c["kind"] == "range" and c["step"] and c["live_step"] and c["step"] > c["live_step"]
    ]
    if not coarse:
        return ""
    parts = "; ".join(f"{html.escape(c['label'])} in steps of {c['step']:g} (live: {c['live_step']:g})" for c in coarse)
    return (
        f'<p class="ck-grid-note">This page has every result worked out in advance, so some sliders move in '
        f"bigger steps than in the live lesson: {parts}.</p>"
    )


def _static_controls(explorer: Any) -> str:
    from .precompute import control_axis

    items = []
    for name, control in explorer.controls.items():
        axis = control_axis(name, control)
        if axis is None:
            continue
        items.append(f"<li>{html.escape(axis.label)}: <strong>{html.escape(axis.labels[axis.index])}</strong></li>")
    listed = f'<ul class="ck-static-controls">{"".join(items)}</ul>' if items else ""
    return (
        f'<div class="ck-controls"><p>Shown at the lesson\'s values:</p>{listed}'
        '<p class="ck-live-only">These controls have too many combinations to work out in advance: '
        "move them in the live lesson (launch buttons at the top of the page).</p></div>"
    )


def explorer_html(explorer: Any, limits: dict[str, Any] | None = None) -> str:
    """An explorer as static HTML, working in the page when its grid fits ``limits``.

    Parameters
    ----------
    explorer : calfkit.widgets.Explorer
    limits : dict, optional
        ``budget``, ``seconds`` and ``max_bytes`` for
        :func:`~calfkit.site.precompute.precompute_within` (default :data:`LIMITS`).
    """
    import ipywidgets as W

    from .precompute import precompute_within

    limits = {**LIMITS, **(limits or {})}
    uid = _uid("ck-explorer")
    pack = precompute_within(explorer, limits["budget"], limits["seconds"], limits["max_bytes"])
    parts = []
    for child in explorer.widget.children:
        if child is explorer.figure:
            parts.append(figure_html(explorer.figure, explorer.description))
        elif child is explorer.readout:
            parts.append(f'<div class="ck-readout" role="status" aria-live="polite">{explorer.readout_html}</div>')
        elif child is getattr(explorer, "_more", None):
            continue  # the details are inside the readout (a <details> element)
        elif child is getattr(explorer, "_details", None):
            parts.append(
                '<details class="ck-details"><summary>Text description</summary>'
                f'<p class="ck-description">{html.escape(explorer.description)}</p></details>'
            )
        elif isinstance(child, W.HTML):
            parts.append(child.value)
        elif (
            isinstance(child, W.Box)
            and any(c in explorer.controls.values() for c in child.children)
            or (isinstance(child, W.Box) and _holds(child, explorer.controls.values()))
        ):
            if pack is None:
                parts.append(_static_controls(explorer))
            else:
                controls = "".join(_control_html(uid, i, c) for i, c in enumerate(pack["controls"]))
                parts.append(f'<div class="ck-controls">{controls}{_grid_note(pack["controls"])}</div>')
    data = _json_script("ck-pack", pack) if pack is not None else ""
    live = " ck-live" if pack is not None else ""
    return f'<section class="ck-explorer{live}" id="{uid}">{"".join(parts)}{data}</section>'


def _holds(box: Any, controls: Any) -> bool:
    """Whether a box holds (at any depth) one of the controls."""
    wanted = {id(c) for c in controls}
    stack = list(getattr(box, "children", ()))
    while stack:
        child = stack.pop()
        if id(child) in wanted:
            return True
        stack.extend(getattr(child, "children", ()))
    return False


_TYPE_HINT = {"multiple_choice": "choose one answer", "many_choice": "tick all that apply", "numeric": "type a number"}


def quiz_html(lesson: str) -> str:
    """A lesson's self-check quiz as forms graded in the page, from the same bank as the widget.

    Parameters
    ----------
    lesson : str
        Lesson number or notebook stem (as for :func:`calfkit.quiz.quiz`).
    """
    from ..quiz.bank import load_bank

    bank = load_bank(lesson)
    uid = _uid("ck-quiz")
    forms = []
    grading = []
    total = len(bank.questions)
    for n, q in enumerate(bank.questions, 1):
        qid = f"{uid}-{re.sub(r'[^a-z0-9_]', '', q.id.lower())}"
        legend = (
            f'<legend><span class="ck-qnum">Question {n} of {total}.</span> {html.escape(q.text)} '
            f'<span class="ck-qtype">({_TYPE_HINT[q.type]})</span></legend>'
        )
        if q.type == "numeric":
            body = (
                f'<label for="{qid}-n">Your answer</label> '
                f'<input type="text" inputmode="decimal" autocomplete="off" id="{qid}-n" name="{qid}" size="10">'
            )
        else:
            kind = "radio" if q.type == "multiple_choice" else "checkbox"
            body = "".join(
                f'<div class="ck-answer"><input type="{kind}" name="{qid}" id="{qid}-{j}" value="{j}">'
                f'<label for="{qid}-{j}">{html.escape(a.text)}</label></div>'
                for j, a in enumerate(q.answers)
            )
        forms.append(
            f'<form class="ck-question" data-question="{n - 1}" novalidate><fieldset>{legend}{body}</fieldset>'
            f'<button type="submit" class="ck-check">Check</button>'
            f'<div class="ck-feedback" role="status" aria-live="polite"></div></form>'
        )
        grading.append(
            {
                "type": q.type,
                "precision": q.precision,
                "answers": [
                    {
                        "kind": a.kind,
                        "correct": a.correct,
                        "feedback": a.feedback,
                        "value": a.value,
                        "range": list(a.range) if a.range else None,
                    }
                    for a in q.answers
                ],
            }
        )
    return (
        f'<section class="ck-quiz" id="{uid}" aria-labelledby="{uid}-h">'
        f'<h3 id="{uid}-h">Self-check quiz</h3>'
        f"<p>{total} questions. Answer, then press <strong>Check</strong> for feedback. Keyboard: Tab moves "
        "between questions and to Check, the arrow keys choose an answer of a one-answer question, Space ticks "
        "the answer you are on, Enter checks.</p>"
        f'{"".join(forms)}<p class="ck-score" role="status" aria-live="polite"></p>'
        f"{_json_script('ck-bank', grading)}</section>"
    )


def _reveal_html(reveal: Any, limits: dict[str, Any] | None) -> str:
    """What a prediction reveals, as static HTML (explorers working in the page where they can)."""
    import ipywidgets as W

    from ..widgets.base import Explorer

    if reveal is None:
        return ""
    if callable(reveal) and not isinstance(reveal, W.Widget) and not hasattr(reveal, "widget"):
        reveal = reveal()
    items = reveal if isinstance(reveal, (list, tuple)) else [reveal]
    out = []
    for item in items:
        if isinstance(item, Explorer):
            out.append(explorer_html(item, limits))
        elif isinstance(item, W.HTML):
            out.append(f'<div class="ck-output-html">{item.value}</div>')
        else:
            out.append(LIVE_ONLY)
    return "".join(out)


def prediction_html(prediction: Any, limits: dict[str, Any] | None = None) -> str:
    """A Think! prediction box: the answer and the demo stay hidden until the learner commits.

    Parameters
    ----------
    prediction : calfkit.widgets.prediction.Prediction
    limits : dict, optional
        Grid limits for an explorer it reveals (see :func:`explorer_html`).
    """
    from ..quiz.think import model_value

    item = prediction.item
    uid = _uid("ck-predict")
    if item.kind == "number":
        unit = f" ({html.escape(item.unit.strip())})" if item.unit.strip() else ""
        box = (
            f'<label for="{uid}-in">Your prediction{unit}</label> '
            f'<input type="text" inputmode="decimal" autocomplete="off" id="{uid}-in" size="10">'
        )
    elif item.kind == "choice":
        box = "".join(
            f'<div class="ck-answer"><input type="radio" name="{uid}" id="{uid}-{j}" value="{j}">'
            f'<label for="{uid}-{j}">{html.escape(choice)}</label></div>'
            for j, choice in enumerate(item.choices)
        )
    else:
        box = (
            f'<label for="{uid}-in">Your prediction</label>'
            f'<textarea id="{uid}-in" rows="3" placeholder="one or two sentences"></textarea>'
        )
    spec = {
        "kind": item.kind,
        "choices": list(item.choices),
        "correct": item.correct,
        "unit": item.unit.strip(),
        "decimals": item.decimals,
        "value": model_value(item) if item.kind == "number" else None,
    }
    legend = f"<legend><strong>Think! Predict first.</strong> {html.escape(item.prompt)}</legend>"
    return (
        f'<section class="ck-predict" id="{uid}" aria-label="Prediction">'
        f'<form class="ck-predict-form" novalidate><fieldset>{legend}{box}</fieldset>'
        '<button type="submit" class="ck-commit">Lock in my prediction</button> '
        '<button type="button" class="ck-anyway">Show without predicting</button>'
        '<div class="ck-predict-message" role="alert"></div></form>'
        '<div class="ck-reveal" hidden><div class="ck-verdict" role="status"></div>'
        f"<p><strong>Model answer:</strong> {html.escape(item.answer)}</p>"
        f"{_reveal_html(prediction._reveal, limits)}</div>"
        f"{_json_script('ck-predict-spec', spec)}</section>"
    )


def _bundle(text: str) -> dict[str, str]:
    return {"text/html": text, "text/plain": "(shown on the website)"}


def install(limits: dict[str, Any] | None = None) -> None:
    """Make the running IPython display calfkit's widgets as static HTML (see the module docstring).

    Parameters
    ----------
    limits : dict, optional
        Explorer grid limits (see :func:`explorer_html`).

    Raises
    ------
    RuntimeError
        Outside IPython.
    """
    import ipywidgets as W
    from IPython import get_ipython
    from plotly.basedatatypes import BaseFigure

    from ..quiz.widget import QuizWidget
    from ..widgets.base import Explorer
    from ..widgets.prediction import Prediction

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("calfkit.site.static.install() must run inside IPython (the site build's kernel)")
    formatter = shell.display_formatter.mimebundle_formatter
    formatter.for_type(Explorer, lambda e, include=None, exclude=None: _bundle(explorer_html(e, limits)))
    formatter.for_type(QuizWidget, lambda q, include=None, exclude=None: _bundle(quiz_html(q.lesson)))
    formatter.for_type(Prediction, lambda p, include=None, exclude=None: _bundle(prediction_html(p, limits)))
    formatter.for_type(BaseFigure, lambda f, include=None, exclude=None: _bundle(figure_html(f)))
    formatter.for_type(W.Widget, lambda w, include=None, exclude=None: _bundle(LIVE_ONLY))
