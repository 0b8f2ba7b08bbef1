"""Self-check quizzes: question banks as data, graded by a keyboard-operable widget.

>>> from calfkit.quiz import quiz
>>> quiz("02")  # doctest: +SKIP

The banks (``data/quizzes/*.json``) and their format are described in
:mod:`calfkit.quiz.bank`; the widget in :mod:`calfkit.quiz.widget`.
ipywidgets is imported only when :func:`quiz` is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .bank import (
    QUESTION_TYPES,
    Answer,
    Bank,
    Question,
    QuizError,
    Verdict,
    answer_key,
    computed_value,
    grade,
    lessons,
    load_bank,
    load_banks,
    parse_number,
    quiz_dir,
    resolve_lesson,
    round_to_precision,
)
from .order import SEED_VARIABLE, answer_orders, first_pick_right, session_seed

if TYPE_CHECKING:
    from .widget import QuizWidget

__all__ = [
    "quiz",
    "QUESTION_TYPES",
    "Answer",
    "Bank",
    "Question",
    "QuizError",
    "Verdict",
    "answer_key",
    "computed_value",
    "grade",
    "lessons",
    "load_bank",
    "load_banks",
    "parse_number",
    "quiz_dir",
    "resolve_lesson",
    "round_to_precision",
    "SEED_VARIABLE",
    "answer_orders",
    "first_pick_right",
    "session_seed",
]


def quiz(lesson: str, seed: int | None = None) -> QuizWidget:
    """The self-check quiz widget for a lesson (``"02"`` or ``"02_doms_timeline"``).

    Answers are shown in an order shuffled per learner and fixed for the session
    (:mod:`calfkit.quiz.order`). See :func:`calfkit.quiz.widget.quiz`.
    """
    from .widget import quiz as build

    return build(lesson, seed)
