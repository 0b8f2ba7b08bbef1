"""The self-check quiz of every lesson in Voilà and JupyterLab: answered by keyboard and mouse.

For each lesson that shows a quiz (any notebook with a ``quiz("NN")`` cell, so a new
lesson is covered without editing this file), the first question is answered wrongly
with the keyboard only and the last one rightly with the mouse only. The feedback
text must be the bank's own feedback for the answer given, under the words
"Not quite." or "Correct." (not colour alone), inside a ``role="alert"`` region, and
visible on screen inside its question card; a screenshot of each is taken. In
JupyterLab, ArrowDown on a focused answer of a third question chooses the next answer
and leaves the cell cursor where it is.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from calfkit.quiz import Question, load_bank

from . import servers
from .conftest import NOTEBOOKS, code_cells, describe_console, lesson_names
from .test_lab import lab_page  # noqa: F401 - a fixture used below
from .test_voila import open_voila, voila_page  # noqa: F401 - a fixture used below

pytestmark = pytest.mark.browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def quiz_cells(path: Path) -> list[tuple[int, str]]:
    """(cell index, lesson argument) of every code cell calling ``quiz("...")`` with a literal."""
    found = []
    for index, source in code_cells(path):
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "quiz"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((index, node.args[0].value))
    return found


QUIZ_LESSONS = [name for name in lesson_names() if quiz_cells(NOTEBOOKS / name)]
"""Lesson file names that show a quiz (lesson 08 is included once it has its quiz cell)."""


@dataclass(frozen=True)
class Response:
    """What to enter for a question and the feedback the bank gives for it."""

    heading: str  # "Correct." or "Not quite."
    feedback: tuple[str, ...]  # the bank's feedback lines for this answer
    choices: tuple[int, ...] = ()  # answer positions to pick (choice questions)
    number: str = ""  # text to type (numeric questions)


def right_response(question: Question) -> Response:
    """The bank's correct answer(s) and their feedback."""
    right = [i for i, a in enumerate(question.answers) if a.correct]
    if question.type == "numeric":
        answer = next(a for a in question.answers if a.kind == "value" and a.correct)
        return Response("Correct.", (answer.feedback,), number=f"{answer.value:g}")
    return Response("Correct.", tuple(question.answers[i].feedback for i in right), choices=tuple(right))


def wrong_response(question: Question) -> Response:
    """A wrong answer that has its own feedback in the bank (the first one tried)."""
    if question.type != "numeric":
        wrong = next(i for i, a in enumerate(question.answers) if not a.correct)
        return Response("Not quite.", (question.answers[wrong].feedback,), choices=(wrong,))
    for answer in question.answers:
        if answer.kind == "value" and not answer.correct:
            return Response("Not quite.", (answer.feedback,), number=f"{answer.value:g}")
        if answer.kind == "range" and not answer.correct:
            low, high = answer.range
            return Response("Not quite.", (answer.feedback,), number=f"{(low + high) / 2:g}")
    # Only a default answer is wrong: a number no other answer is near.
    correct = next(a.value for a in question.answers if a.kind == "value" and a.correct)
    default = next(a for a in question.answers if a.kind == "default")
    return Response("Not quite.", (default.feedback,), number=f"{correct * 10 + 7:g}")


def focused_is_check_button(page: Any, card: Any) -> bool:
    return page.evaluate(
        "(card) => { const el = document.activeElement;"
        " return !!el && card.contains(el) && el.classList.contains('calfkit-quiz-check'); }",
        card.element_handle(),
    )


def focused_option(page: Any, options: Any) -> int:
    """Position of the focused element among ``options`` (-1 if none of them has focus)."""
    return options.evaluate_all("(els) => els.indexOf(document.activeElement)")


def shown_labels(options: Any) -> list[str]:
    """The visible label of each radio button or checkbox, in the order the page shows them."""
    return [
        " ".join(t.split()) for t in options.evaluate_all("(els) => els.map((el) => el.closest('label').innerText)")
    ]


def shown_positions(options: Any, question: Question, choices: tuple[int, ...]) -> list[int]:
    """Where the answers with bank indices ``choices`` are shown (the quiz shuffles them for each learner)."""
    labels = shown_labels(options)
    assert sorted(labels) == sorted(" ".join(a.text.split()) for a in question.answers), labels
    return sorted(labels.index(" ".join(question.answers[i].text.split())) for i in choices)


def answer_with_keyboard(page: Any, card: Any, number: int, question: Question, response: Response) -> None:
    """Type a number and press Enter, or Tab from answer to answer pressing Space, then Tab to Check and Enter.

    Tab and Space work on every choice question, a many-choice one included; the arrow
    keys, for one-answer questions only, are tested by :func:`choose_with_arrow_keys`.
    """
    if question.type == "numeric":
        box = card.get_by_label(f"Answer to question {number}", exact=True)
        box.focus()
        page.keyboard.type(response.number)
        page.keyboard.press("Enter")
        return
    options = card.locator("input[type=radio]" if question.type == "multiple_choice" else "input[type=checkbox]")
    options.first.focus()
    for index in shown_positions(options, question, response.choices):
        while focused_option(page, options) < index:
            before = focused_option(page, options)
            page.keyboard.press("Tab")
            assert focused_option(page, options) == before + 1, (
                f"Tab from answer {before + 1} did not reach the next answer"
            )
        page.keyboard.press("Space")
    for _ in range(len(question.answers) + 1):
        page.keyboard.press("Tab")
        if focused_is_check_button(page, card):
            break
    assert focused_is_check_button(page, card), "Tab from the answer did not reach the question's Check button"
    page.keyboard.press("Enter")


def answer_with_mouse(card: Any, number: int, question: Question, response: Response) -> None:
    """Click the answer(s) by their visible label (or type the number into the box), then click Check."""
    if question.type == "numeric":
        box = card.get_by_label(f"Answer to question {number}", exact=True)
        box.click()
        box.press_sequentially(response.number)
    else:
        role = "radio" if question.type == "multiple_choice" else "checkbox"
        for index in response.choices:
            card.get_by_role(role, name=question.answers[index].text, exact=True).click()
    card.get_by_role("button", name="Check").click()


def check_feedback(page: Any, card: Any, response: Response, shot: Path) -> str:
    """Wait for the feedback, check its words, role and visibility; screenshot it. Returns its text."""
    feedback = card.locator(".calfkit-quiz-feedback [role=alert]")
    feedback.wait_for(state="visible", timeout=servers.BUDGET_MS)
    # Query afresh on every poll: a late answer update re-grades and replaces the feedback element.
    page.wait_for_function(
        "([card, heading]) => { const el = card.querySelector('.calfkit-quiz-feedback [role=alert]');"
        " return !!el && el.innerText.includes(heading); }",
        arg=[card.element_handle(), response.heading],
        timeout=servers.BUDGET_MS,
        polling=100,
    )
    text = " ".join(feedback.inner_text().split())
    assert response.heading in text, text
    wrong_heading = "Correct." if response.heading == "Not quite." else "Not quite."
    assert wrong_heading not in text, text
    for line in response.feedback:
        assert " ".join(line.split()) in text, f"feedback {line!r} not shown; the page says {text!r}"

    feedback.scroll_into_view_if_needed()
    page.screenshot(path=str(shot))
    data = shot.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 1_000, f"screenshot {shot} is empty or not a PNG"
    box, card_box = feedback.bounding_box(), card.bounding_box()
    viewport = page.viewport_size
    assert box and card_box and box["width"] > 0 and box["height"] > 0, f"feedback has no size: {box}"
    assert 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"], f"feedback {box} is off screen {viewport}"
    assert card_box["y"] <= box["y"] and box["y"] + box["height"] <= card_box["y"] + card_box["height"] + 1, (
        f"feedback {box} is outside its question card {card_box}"
    )
    return text


def exercise_quiz(page: Any, cell: Any, lesson_arg: str, label: str, shots: Path) -> None:
    """First question wrong by keyboard, last question right by mouse, in the rendered quiz of ``cell``."""
    questions = load_bank(lesson_arg).questions
    servers.wait_widget(cell)
    cards = cell.locator(".calfkit-quiz .calfkit-quiz-question")
    assert cards.count() == len(questions), (
        f"{label}: {cards.count()} question cards, the bank has {len(questions)}; "
        f"console errors:\n{describe_console(page)}"
    )
    first, last = questions[0], questions[-1]
    wrong, right = wrong_response(first), right_response(last)
    first_card, last_card = cards.nth(0), cards.nth(len(questions) - 1)
    assert first.text in " ".join(first_card.inner_text().split())

    answer_with_keyboard(page, first_card, 1, first, wrong)
    shown_wrong = check_feedback(page, first_card, wrong, shots / "wrong.png")
    answer_with_mouse(last_card, len(questions), last, right)
    shown_right = check_feedback(page, last_card, right, shots / "right.png")

    score = cell.locator(".calfkit-quiz-score [role=status]")
    score.wait_for(state="attached", timeout=servers.BUDGET_MS)
    assert f"1 of {len(questions)} correct" in score.inner_text()
    print(
        json.dumps(
            {
                "quiz": label,
                "wrong": shown_wrong,
                "right": shown_right,
                "screenshots": [str(shots / "wrong.png"), str(shots / "right.png")],
            },
            indent=1,
        )
    )


JS_ACTIVE_CELL = "() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].findIndex(c => c.classList.contains('jp-mod-active'))"
"""Index of JupyterLab's active cell (the cell cursor)."""


def inner_choice_question(questions: tuple[Question, ...]) -> int | None:
    """Position of the first multiple-choice question that is neither the first nor the last, if any."""
    return next((i for i, q in enumerate(questions[1:-1], 1) if q.type == "multiple_choice"), None)


def choose_with_arrow_keys(
    page: Any, cell: Any, questions: tuple[Question, ...], index: int, label: str, shots: Path
) -> None:
    """ArrowDown on the first, focused radio button of unanswered question ``index``, then Check.

    The second answer must be chosen and focused, the cell cursor must stay put (JupyterLab's
    command mode binds ArrowDown to it), and Check must grade the answer chosen. ArrowUp
    then goes back to the first answer.
    """
    card = cell.locator(".calfkit-quiz .calfkit-quiz-question").nth(index)
    radios = card.locator("input[type=radio]")
    radios.first.scroll_into_view_if_needed()
    radios.first.focus()
    active = page.evaluate(JS_ACTIVE_CELL)
    page.keyboard.press("ArrowDown")
    checked = "(els) => els.map((el) => el.checked)"
    expected = [i == 1 for i in range(radios.count())]
    try:
        page.wait_for_function(
            f"(els) => JSON.stringify(({checked})(els)) === JSON.stringify({json.dumps(expected)})",
            arg=radios.element_handles(),
            timeout=5_000,
            polling=100,
        )
    except Exception:  # noqa: BLE001 - playwright TimeoutError: reported below
        pass
    assert radios.evaluate_all(checked) == expected, f"{label}: ArrowDown on the first answer did not choose the second"
    assert focused_option(page, radios) == 1, f"{label}: ArrowDown did not move the focus to the second answer"
    assert page.evaluate(JS_ACTIVE_CELL) == active, (
        f"{label}: ArrowDown on a quiz answer moved the cell cursor from cell {active} to {page.evaluate(JS_ACTIVE_CELL)}"
    )
    card.get_by_role("button", name="Check").click()
    second = shown_labels(radios)[1]
    answer = next(a for a in questions[index].answers if " ".join(a.text.split()) == second)
    check_feedback(
        page, card, Response("Correct." if answer.correct else "Not quite.", (answer.feedback,)), shots / "arrow.png"
    )
    radios.nth(1).focus()
    active = page.evaluate(JS_ACTIVE_CELL)
    page.keyboard.press("ArrowUp")
    assert radios.evaluate_all(checked)[0] and focused_option(page, radios) == 0, f"{label}: ArrowUp did not go back"
    assert page.evaluate(JS_ACTIVE_CELL) == active, f"{label}: ArrowUp on a quiz answer moved the cell cursor"


@pytest.mark.parametrize("quiz_lesson", QUIZ_LESSONS)
def test_quiz_feedback_by_keyboard_and_mouse_in_voila(
    voila_page, voila_server, quiz_lesson: str, tmp_path: Path
) -> None:
    """First question wrong by keyboard, last question right by mouse: the bank's feedback shows, on screen."""
    ((cell_index, lesson_arg),) = quiz_cells(NOTEBOOKS / quiz_lesson)
    open_voila(voila_page, voila_server, f"notebooks/{quiz_lesson}")
    exercise_quiz(
        voila_page, servers.voila_cell(voila_page, cell_index), lesson_arg, f"{quiz_lesson} in Voila", tmp_path
    )


@pytest.mark.parametrize("quiz_lesson", QUIZ_LESSONS)
def test_quiz_feedback_by_keyboard_and_mouse_in_lab(lab_page, lab_server, quiz_lesson: str, tmp_path: Path) -> None:
    """The same in JupyterLab after Run All, where command-mode shortcuts must not swallow the quiz's keys.

    Then the arrow keys choose an answer of another one-answer question without moving the cell cursor.
    """
    ((cell_index, lesson_arg),) = quiz_cells(NOTEBOOKS / quiz_lesson)
    servers.open_lab_notebook(lab_page, lab_server, f"notebooks/{quiz_lesson}")
    servers.lab_run_all(lab_page)
    cell, label = servers.lab_cell(lab_page, cell_index), f"{quiz_lesson} in JupyterLab"
    exercise_quiz(lab_page, cell, lesson_arg, label, tmp_path)
    questions = load_bank(lesson_arg).questions
    index = inner_choice_question(questions)
    if index is not None:  # a quiz of numeric questions only (lesson 08) has no radio buttons
        choose_with_arrow_keys(lab_page, cell, questions, index, label, tmp_path)
