"""The self-check quiz widget: one card per question, a Check button, immediate feedback.

Built from standard ipywidgets controls, so it works in JupyterLab, the
classic notebook and Voilà, and every control is keyboard-operable (Tab to
move, Space to choose, Enter or Space to press Check; Enter in a number box
checks the number at once). ipywidgets draws every radio button as its own
Tab stop, without arrow keys, and in JupyterLab the notebook's command mode
takes the arrow keys (they move between cells); the quiz carries a
:func:`calfkit.widgets.keyboard_guard.keyboard_guard`, which gives the arrow keys to
the radio buttons: ArrowDown or ArrowRight chooses the next answer, ArrowUp
or ArrowLeft the previous one.
Colour is never the only cue: feedback starts with the words "Correct." or
"Not quite." (after a ✓ or ✗ hidden from screen readers), inside a
``role="alert"`` region so screen readers announce it.

Stable CSS classes for browser tests and styling:

``calfkit-quiz``            the whole quiz (:data:`calfkit.widgets.keyboard_guard.QUIZ_CLASS`)
``calfkit-quiz-question``   one question card (also ``calfkit-quiz-q-<id>``)
``calfkit-quiz-answer``     the answer control (radio group, checkbox, number box)
``calfkit-quiz-check``      the Check button
``calfkit-quiz-feedback``   the feedback area (its content has ``role="alert"``)
``calfkit-quiz-score``      the running score
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as W

from ..figures.style import OKABE_ITO
from ..widgets.keyboard_guard import QUIZ_CLASS, keyboard_guard
from ..widgets.layout import style_widget
from .bank import Question, Verdict, grade, load_bank
from .order import answer_orders

__all__ = ["QuestionView", "QuizWidget", "quiz"]

_LABEL_STYLE = {"description_width": "initial"}


def _feedback_html(verdict: Verdict) -> str:
    """Feedback block: heading word first, then the per-answer feedback (all escaped)."""
    if not verdict.answered:
        colour, mark = OKABE_ITO["blue"], "ℹ"
    elif verdict.correct:
        colour, mark = OKABE_ITO["bluish_green"], "✓"
    else:
        colour, mark = OKABE_ITO["vermillion"], "✗"
    details = "".join(f"<p style='margin:2px 0'>{html.escape(line, quote=False)}</p>" for line in verdict.details)
    return (
        f'<div role="alert" style="border-left:4px solid {colour};padding:2px 10px;margin:4px 0">'
        f'<p style="margin:2px 0"><b><span aria-hidden="true">{mark} </span>{html.escape(verdict.heading)}</b></p>'
        f"{details}</div>"
    )


class QuestionView:
    """The controls for one question.

    Parameters
    ----------
    question : Question
    number, total : int
        Position of the question (1-based) and number of questions.
    order : sequence of int, optional
        Bank indices of the answers in the order they are shown (default: bank
        order); see :mod:`calfkit.quiz.order`.

    Attributes
    ----------
    question : Question
    order : tuple of int
        Bank indices of the answers, in the order shown.
    control : ipywidgets.Widget
        ``RadioButtons`` (multiple choice), a ``VBox`` of ``Checkbox`` es
        (many choice; see :attr:`checkboxes`) or ``Text`` (numeric: unlike
        ``FloatText`` it can start empty, and it accepts ``1,9`` and ``3/4``).
    checkboxes : tuple of ipywidgets.Checkbox
        The many-choice checkboxes indexed by bank position (empty otherwise);
        they are shown in :attr:`order`. A radio button's value is likewise the
        answer's bank index, so grading never depends on the order shown.
    check_button : ipywidgets.Button
    feedback : ipywidgets.HTML
    box : ipywidgets.VBox
        The question card.
    verdict : Verdict or None
        Result of the last Check, or None before the first. After the first
        Check, every change of the answer is graded again at once. A number
        is graded as soon as it is committed (Enter, or leaving the box).
    """

    def __init__(self, question: Question, number: int, total: int, order: Any = None) -> None:
        self.question = question
        self.order = tuple(range(len(question.answers)) if order is None else order)
        if sorted(self.order) != list(range(len(question.answers))):
            raise ValueError(f"order={order!r} must list each of the {len(question.answers)} answer indices once")
        self.verdict: Verdict | None = None
        self._listeners: list[Any] = []
        label = f"Answer to question {number}"
        self.checkboxes: tuple[W.Checkbox, ...] = ()
        if question.type == "multiple_choice":
            self.control = W.RadioButtons(
                options=[(question.answers[i].text, i) for i in self.order],
                value=None,
                description=label,
                style=_LABEL_STYLE,
                layout=W.Layout(width="auto"),
            )
            hint = "Choose one answer."
        elif question.type == "many_choice":
            self.checkboxes = tuple(
                W.Checkbox(value=False, description=a.text, indent=False, layout=W.Layout(width="auto"))
                for a in question.answers
            )
            for checkbox in self.checkboxes:
                checkbox.add_class("calfkit-quiz-answer")
            self.control = W.VBox([self.checkboxes[i] for i in self.order])
            hint = "Tick every answer that applies."
        else:
            self.control = W.Text(
                value="",
                placeholder="a number, e.g. 1.5",
                description=label,
                style=_LABEL_STYLE,
                continuous_update=False,
            )
            hint = "Type a number, then press Enter or Check." + (
                f" It is checked to {question.precision} significant figure{'s' if question.precision > 1 else ''}."
                if question.precision
                else ""
            )
        self.control.add_class("calfkit-quiz-answer")
        self.check_button = W.Button(
            description="Check",
            tooltip=f"Check your answer to question {number}",
            button_style="primary",
            icon="check",
        )
        self.check_button.add_class("calfkit-quiz-check")
        self.check_button.on_click(self.check)
        self.feedback = W.HTML(value="")
        self.feedback.add_class("calfkit-quiz-feedback")
        prompt = W.HTML(
            value=(
                f"<p style='margin:4px 0'><b>Question {number} of {total}.</b> "
                f"{html.escape(question.text, quote=False)}</p>"
                f"<p style='margin:2px 0;font-size:90%'>{hint}</p>"
            )
        )
        for control in self.checkboxes or (self.control,):
            control.observe(self._on_change, names="value")
        self.box = W.VBox([prompt, self.control, self.check_button, self.feedback])
        self.box.add_class("calfkit-quiz-question")
        self.box.add_class(f"calfkit-quiz-q-{question.id}")

    def response(self) -> Any:
        """The learner's current answer, in the form :func:`calfkit.quiz.grade` takes."""
        if self.question.type == "many_choice":
            return [i for i, checkbox in enumerate(self.checkboxes) if checkbox.value]
        return self.control.value

    def _on_change(self, _change: Any) -> None:
        """Grade a committed number at once; otherwise keep shown feedback true to the answer.

        The number box sends its value only when the learner presses Enter or
        leaves it (``continuous_update=False``), so a change there is a
        deliberate answer: Enter in the box works like pressing Check. For the
        other controls, the front end may deliver the Check click before the
        last edit of the answer (ipywidgets throttles state updates but not
        button clicks), so a change arriving after a Check grades again.
        """
        if self.verdict is not None or self.question.type == "numeric":
            self.check()

    def on_checked(self, callback: Any) -> None:
        """Call ``callback(view)`` after every Check."""
        self._listeners.append(callback)

    def check(self, _button: W.Button | None = None) -> Verdict:
        """Grade the current answer and show the feedback (the Check button calls this)."""
        self.verdict = grade(self.question, self.response())
        self.feedback.value = _feedback_html(self.verdict)
        for callback in self._listeners:
            callback(self)
        return self.verdict


class QuizWidget(W.VBox):
    """A lesson's self-check quiz, displayed as a ``VBox`` of question cards.

    Parameters
    ----------
    lesson : str
        Notebook stem of the lesson.
    questions : sequence of Question
    seed : int, optional
        Seed of the answer order (default: this session's, see
        :func:`calfkit.quiz.order.session_seed`).

    Attributes
    ----------
    lesson : str
    views : tuple of QuestionView
        One per question, in bank order; each shows its answers in its own
        shuffled :attr:`QuestionView.order`.
    score : ipywidgets.HTML
        "n of N correct" after at least one Check.
    """

    def __init__(self, lesson: str, questions: tuple[Question, ...], seed: int | None = None) -> None:
        orders = answer_orders(questions, seed)
        views = tuple(QuestionView(q, i + 1, len(questions), orders[i]) for i, q in enumerate(questions))
        header = W.HTML(
            value=(
                f"<p style='margin:4px 0'><b>Self-check quiz</b> ({len(views)} questions). "
                "Answer, then press <b>Check</b> for feedback. Keyboard: Tab moves from answer to answer "
                "and to Check, Space chooses or ticks the answer you are on, the arrow keys choose the next or "
                "previous answer of a one-answer question, Enter presses Check (in a number box, Enter checks "
                "the number).</p>"
            )
        )
        score = W.HTML(value="")
        score.add_class("calfkit-quiz-score")
        super().__init__([style_widget(), header, *(v.box for v in views), score, keyboard_guard()])
        self.add_class(QUIZ_CLASS)
        self.lesson = lesson
        self.views = views
        self.score = score
        for view in views:
            view.on_checked(self._update_score)

    def _update_score(self, _view: QuestionView) -> None:
        right = sum(1 for v in self.views if v.verdict is not None and v.verdict.correct)
        self.score.value = (
            f'<p role="status" style="margin:4px 0">Score so far: {right} of {len(self.views)} correct.</p>'
        )


def quiz(lesson: str, seed: int | None = None) -> QuizWidget:
    """The self-check quiz for a lesson, answers in this learner's order.

    Parameters
    ----------
    lesson : str
        Lesson number (``"02"``) or notebook name (``"02_doms_timeline"``).
    seed : int, optional
        Fixes the answer order (default: one order per session, or the
        environment variable ``CALFKIT_QUIZ_SEED``).

    Returns
    -------
    QuizWidget
        An ipywidgets ``VBox``; display it (or leave it last in a cell).

    Raises
    ------
    ValueError
        Naming ``lesson`` and the allowed values if no lesson matches.

    Examples
    --------
    >>> from calfkit.quiz import quiz
    >>> quiz("02")  # doctest: +SKIP
    """
    bank = load_bank(lesson)
    return QuizWidget(bank.lesson, bank.questions, seed)
