"""The order a learner sees a question's answers in: shuffled per learner, fixed for a session.

The banks list the right answer first (it is easier to write them that way), so a
quiz shown in bank order is passed by always choosing the first answer. The widget
shows each choice question's answers in an order drawn from a *session seed*:

- one seed per Python process (a Jupyter or Voilà kernel is one learner's session),
  drawn at random the first time a quiz is built, so two learners see different
  orders and one learner sees the same order every time a quiz is shown again;
- or the whole number in the environment variable ``CALFKIT_QUIZ_SEED``, so a
  teacher can give a whole class, or a projected screen, one order.

The order of a question is drawn from the seed and the question's ``id``. Within
one quiz, the first shown answer is the (only) right one in at most a third of the choice questions,
rounded down, so a learner who always picks the first answer scores under half.
Grading and the teacher guide never use positions: answers are identified by their
index in the bank and named by their text.
"""

from __future__ import annotations

import os
import random
import secrets
from collections.abc import Sequence

from .bank import Question

__all__ = ["SEED_VARIABLE", "session_seed", "answer_orders", "first_pick_right"]

SEED_VARIABLE = "CALFKIT_QUIZ_SEED"
_session: list[int] = []


def session_seed() -> int:
    """The seed of this session: ``CALFKIT_QUIZ_SEED`` if set, else one random number per process.

    Raises
    ------
    ValueError
        If ``CALFKIT_QUIZ_SEED`` is set but is not a whole number.
    """
    fixed = os.environ.get(SEED_VARIABLE, "").strip()
    if fixed:
        try:
            return int(fixed)
        except ValueError:
            raise ValueError(f"{SEED_VARIABLE}={fixed!r} is not a whole number; unset it or write e.g. 7") from None
    if not _session:
        _session.append(secrets.randbits(32))
    return _session[0]


def first_pick_right(question: Question, order: Sequence[int]) -> bool:
    """Whether choosing (or ticking) only the first shown answer would be graded right."""
    right = [i for i, a in enumerate(question.answers) if a.correct]
    return question.type != "numeric" and right == [order[0]]


def answer_orders(questions: Sequence[Question], seed: int | None = None) -> tuple[tuple[int, ...], ...]:
    """The display order of every question's answers, as bank indices.

    Parameters
    ----------
    questions : sequence of Question
        One quiz, in bank order.
    seed : int, optional
        Session seed; default :func:`session_seed`.

    Returns
    -------
    tuple of tuple of int
        For each question, the bank indices of its answers in the order shown.
        Numeric questions keep bank order (their answers are never shown).

    Raises
    ------
    ValueError
        If ``seed`` is not a whole number.
    """
    if seed is None:
        seed = session_seed()
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed={seed!r} must be a whole number (or None for this session's seed)")
    orders: list[list[int]] = []
    for question in questions:
        order = list(range(len(question.answers)))
        if question.type != "numeric":
            random.Random(f"{seed}:{question.id}").shuffle(order)
        orders.append(order)
    choice = [i for i, q in enumerate(questions) if q.type != "numeric"]
    allowed = len(choice) // 3
    lucky = [i for i in choice if first_pick_right(questions[i], orders[i])]
    rng = random.Random(f"{seed}:quiz:{','.join(q.id for q in questions)}")
    rng.shuffle(lucky)
    for i in lucky[allowed:]:
        order = orders[i]
        wrong = [p for p in range(1, len(order)) if not questions[i].answers[order[p]].correct]
        swap = rng.choice(wrong)
        order[0], order[swap] = order[swap], order[0]
    return tuple(tuple(order) for order in orders)
