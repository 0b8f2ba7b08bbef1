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
]


def quiz(lesson: str) -> QuizWidget:
    """The self-check quiz widget for a lesson (``"02"`` or ``"02_doms_timeline"``).

    See :func:`calfkit.quiz.widget.quiz`.
    """
    from .widget import quiz as build

    return build(lesson)
