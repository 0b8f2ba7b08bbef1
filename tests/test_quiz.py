"""Self-check quizzes: the banks, their answers recomputed with calfkit, the format checks and the widget."""

from __future__ import annotations

import html
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from calfkit.quiz import (
    QuizError,
    answer_key,
    computed_value,
    grade,
    lessons,
    load_bank,
    load_banks,
    parse_number,
    quiz,
    quiz_dir,
    resolve_lesson,
    round_to_precision,
)

from .conftest import DATA, REPO

BANKS_DIR = DATA / "quizzes"
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
BANKS = load_banks()
QUESTIONS = [q for bank in BANKS.values() for q in bank.questions]
NUMERIC = [q for q in QUESTIONS if q.type == "numeric"]


# ------------------------------------------------------------------ the shipped banks


def test_shipped_banks_are_read_from_the_package_data() -> None:
    assert quiz_dir().resolve() == BANKS_DIR.resolve()
    assert lessons() == tuple(sorted(p.stem for p in BANKS_DIR.glob("*.json")))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_has_a_bank_of_3_to_6_questions(notebook: Path) -> None:
    assert notebook.stem in BANKS, f"no data/quizzes/{notebook.stem}.json"
    assert 3 <= len(BANKS[notebook.stem].questions) <= 6


def test_every_bank_belongs_to_a_lesson_in_the_lesson_map() -> None:
    """Catches a misspelt bank name even before its notebook exists (lesson 08 is linked from 00)."""
    start = json.loads((REPO / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in start["cells"] if c["cell_type"] == "markdown")
    linked = set(re.findall(r"\]\((\d{2}_[a-z0-9_]+)\.ipynb\)", text))
    assert set(BANKS) <= linked, sorted(set(BANKS) - linked)


def test_ids_are_unique_and_every_question_cites_a_known_source() -> None:
    import calfkit as ck

    ids = [q.id for q in QUESTIONS]
    assert len(ids) == len(set(ids))
    known = set(ck.load_sources()["id"])
    for question in QUESTIONS:
        assert question.sources and set(question.sources) <= known, question.id


def test_every_numeric_answer_is_computed_from_data_or_a_model() -> None:
    missing = [q.id for q in NUMERIC if q.computed_from is None]
    assert not missing, f"numeric questions without computed_from: {missing}"


@pytest.mark.parametrize("question", NUMERIC, ids=lambda q: q.id)
def test_numeric_answer_matches_calfkit(question) -> None:
    """A data or model change that makes the stored answer wrong fails here."""
    value = computed_value(question)
    stored = next(a.value for a in question.answers if a.kind == "value" and a.correct)
    assert round_to_precision(value, question.precision) == round_to_precision(stored, question.precision), (
        f"{question.location}: calfkit now gives {value!r}; the bank says {stored!r}. "
        "Update the answer (and its feedback) in data/quizzes/."
    )
    assert grade(question, value).correct, "an earlier wrong answer (value or range) captures the right value"


@pytest.mark.parametrize("question", NUMERIC, ids=lambda q: q.id)
def test_wrong_numeric_answers_get_their_own_feedback(question) -> None:
    for answer in question.answers:
        if answer.kind == "value" and not answer.correct:
            verdict = grade(question, answer.value)
            assert not verdict.correct and verdict.details == (answer.feedback,)
        elif answer.kind == "range" and not answer.correct:
            verdict = grade(question, answer.range[0])
            assert not verdict.correct and verdict.details == (answer.feedback,)


def test_banks_follow_jupyterquiz_format() -> None:
    """The keys jupyterquiz's renderer reads, and the question types it registers in its own JavaScript."""
    jupyterquiz = pytest.importorskip("jupyterquiz", reason="pip install jupyterquiz to check the banks against it")
    js = "\n".join(p.read_text(encoding="utf-8") for p in (Path(jupyterquiz.__file__).parent / "js").glob("*.js"))
    registered = set(re.findall(r"Question\.register\('(\w+)'", js))
    for path in sorted(BANKS_DIR.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            assert isinstance(item["question"], str) and item["type"] in registered, (path.name, item.get("id"))
            for answer in item["answers"]:
                if item["type"] == "numeric":
                    assert answer["type"] in ("value", "range", "default")
                    assert answer["type"] == "default" or answer["type"] in answer
                else:
                    assert isinstance(answer["answer"], str) and isinstance(answer["correct"], bool)


def test_banks_load_in_jupyterquiz(monkeypatch: pytest.MonkeyPatch) -> None:
    jupyterquiz = pytest.importorskip("jupyterquiz", reason="pip install jupyterquiz to check the banks against it")
    import jupyterquiz.dynamic.display as display_module

    shown: list = []
    monkeypatch.setattr(display_module, "display", shown.append)
    for path in sorted(BANKS_DIR.glob("*.json")):
        jupyterquiz.display_quiz(str(path))
    scripts = [obj.data for obj in shown if type(obj).__name__ == "Javascript"]
    assert len(scripts) == len(BANKS)
    assert all("Question.register('numeric'" in s for s in scripts)


# ------------------------------------------------------------------ loading and corrupt banks


def test_lesson_is_resolved_from_number_or_name() -> None:
    assert resolve_lesson("02") == resolve_lesson("02_doms_timeline") == "02_doms_timeline"
    assert load_bank("02") == load_bank("02_doms_timeline")


@pytest.mark.parametrize("bad", ["2", "99", "02_doms", "", None, 2])
def test_unknown_lesson_names_the_argument_and_the_allowed_values(bad) -> None:
    with pytest.raises(ValueError, match=r"lesson=.*allowed.*'02'.*'02_doms_timeline'"):
        resolve_lesson(bad)
    with pytest.raises(ValueError, match="lesson="):
        quiz(bad)


def _write(folder: Path, name: str, content) -> None:
    text = content if isinstance(content, str) else json.dumps(content)
    (folder / f"{name}.json").write_text(text, encoding="utf-8")


def _good() -> list[dict]:
    return json.loads((BANKS_DIR / "04_hydration_cramps_and_nutrients.json").read_text(encoding="utf-8"))


Q2 = r"question 2 \('04_threshold'\)"
CORRUPTIONS = {  # name: (change to the lesson-04 bank, returning a replacement or None; expected message)
    "invalid_json": (
        lambda b: '[{"question": "x",\n oops]',
        r"04_hydration_cramps_and_nutrients\.json, line 2: not valid JSON",
    ),
    "not_a_list": (lambda b: {"question": "x"}, r"\.json: must be a non-empty JSON list"),
    "missing_answers": (lambda b: b[1].pop("answers") and None, Q2 + r", key 'answers': missing"),
    "unknown_type": (lambda b: b[1].update(type="essay"), Q2 + r", key 'type': 'essay' is not one of"),
    "typo_key": (
        lambda b: b[1]["answers"][0].update(corect=True),
        Q2 + r", key 'answers', answer 1: unknown key\(s\) \['corect'\]",
    ),
    "two_correct": (
        lambda b: b[1]["answers"][1].update(correct=True),
        Q2 + r", key 'answers': a multiple_choice question needs exactly 1 correct answer, found 2",
    ),
    "correct_not_bool": (
        lambda b: b[1]["answers"][0].update(correct="yes"),
        Q2 + r", key 'answers', answer 1, key 'correct': must be true or false",
    ),
    "no_feedback": (
        lambda b: b[2]["answers"][0].pop("feedback") and None,
        r"question 3 \('04_ironman_cramps'\), key 'answers', answer 1, key 'feedback': missing",
    ),
    "unknown_source": (
        lambda b: b[3].update(sources=["nobody2099"]),
        r"question 4 \('04_overdrinking'\), key 'sources': unknown source id 'nobody2099'",
    ),
    "no_sources": (lambda b: b[3].update(sources=[]), r"question 4 .*key 'sources': must be a non-empty list"),
    "id_wrong_lesson": (
        lambda b: b[0].update(id="03_fluid"),
        r"question 1 \('03_fluid'\), key 'id': '03_fluid' must be the lesson number '04'",
    ),
    "duplicate_id": (
        lambda b: b[2].update(id="04_threshold"),
        r"question 3 \('04_threshold'\), key 'id': duplicate id \(first used by question 2\)",
    ),
    "html_in_text": (
        lambda b: b[1].update(question="Is <b>2 %</b> the threshold?"),
        Q2 + r", key 'question': contains '<'",
    ),
    "numeric_no_correct_value": (
        lambda b: b[0]["answers"][0].update(correct=False),
        r"question 1 \('04_fluid_loss_pct'\), key 'answers': a numeric question needs a 'value' answer",
    ),
    "bad_range": (
        lambda b: b[0]["answers"].insert(1, {"type": "range", "range": [3, 1], "correct": False, "feedback": "x"}),
        r"question 1 .*answer 2, key 'range': low 3 must be below high 1",
    ),
    "bad_precision": (
        lambda b: b[0].update(precision=0),
        r"question 1 \('04_fluid_loss_pct'\), key 'precision': must be a whole number",
    ),
    "precision_on_choice": (lambda b: b[1].update(precision=2), Q2 + r": unknown key\(s\) \['precision'\]"),
    "unknown_model": (
        lambda b: b[0]["computed_from"].update(function="sweat"),
        r"question 1 .*key 'computed_from', 'function': 'sweat' is not one of",
    ),
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_corrupt_bank_raises_naming_file_question_and_key(tmp_path: Path, name: str) -> None:
    change, message = CORRUPTIONS[name]
    bank = _good()
    replacement = change(bank)
    _write(tmp_path, "04_hydration_cramps_and_nutrients", bank if replacement is None else replacement)
    with pytest.raises(QuizError, match=message):
        load_bank("04", tmp_path)


def test_badly_named_bank_file_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "4_hydration", _good())
    with pytest.raises(QuizError, match=r"4_hydration\.json: a bank must be named after its notebook"):
        lessons(tmp_path)


def test_an_id_shared_by_two_banks_is_refused(tmp_path: Path) -> None:
    shutil.copy(
        BANKS_DIR / "04_hydration_cramps_and_nutrients.json", tmp_path / "04_hydration_cramps_and_nutrients.json"
    )
    _write(tmp_path, "04_copy", _good()[:1])
    with pytest.raises(QuizError, match=r"'04_fluid_loss_pct'\), key 'id': duplicate id, also used in"):
        load_banks(tmp_path)


def test_a_recipe_naming_a_missing_field_fails_with_the_question(tmp_path: Path) -> None:
    bank = _good()
    bank[0]["computed_from"]["field"] = "loss_percent"
    _write(tmp_path, "04_hydration_cramps_and_nutrients", bank)
    question = load_bank("04", tmp_path).questions[0]
    with pytest.raises(
        ValueError, match=r"question 1 \('04_fluid_loss_pct'\), key 'computed_from': cannot be computed"
    ):
        computed_value(question)


# ------------------------------------------------------------------ grading rules


@pytest.mark.parametrize(
    ("x", "precision", "expected"),
    [
        (1.857142857, 2, 1.9),
        (1.86, 3, 1.86),
        (175, 2, 180),
        (0.625, 2, 0.63),
        (0.125, 2, 0.13),
        (-1.25, 2, -1.3),
        (48, 2, 48),
        (0.0, 2, 0.0),
        (1.2345, None, 1.2345),
    ],
)
def test_rounding_matches_javascript_toprecision(x: float, precision: int | None, expected: float) -> None:
    assert round_to_precision(x, precision) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("1.9", 1.9), ("1,9", 1.9), (" 1.9 % ", 1.9), ("3/4", 0.75), ("-2", -2.0)]
)
def test_typed_numbers_are_read(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["abc", "1/0", "1.2.3", "inf", "nan"])
def test_text_that_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="text="):
        parse_number(text)


def test_numeric_question_without_answer_asks_for_a_number() -> None:
    question = NUMERIC[0]
    for empty in (None, "", "   "):
        verdict = grade(question, empty)
        assert not verdict.answered and "Type a number" in verdict.heading
    verdict = grade(question, "lots")
    assert not verdict.answered and "'lots' is not a number" in verdict.heading


def test_answer_key_lists_the_correct_answers() -> None:
    fluid = load_bank("04").questions[0]
    assert answer_key(fluid) == "1.86 (accepts any answer that rounds to 1.9 at 2 significant figures)"
    many = next(q for q in QUESTIONS if q.type == "many_choice")
    assert answer_key(many) == "; ".join(a.text for a in many.answers if a.correct)


# ------------------------------------------------------------------ the widget


def _feedback_says(view, heading: str, details) -> None:
    value = view.feedback.value
    assert 'role="alert"' in value and heading in value
    for line in details:
        assert html.escape(line, quote=False) in value


def _inside_and_outside(value: float, precision: int | None) -> tuple[float, float]:
    """A number accepted as ``value`` at ``precision`` and one just outside the tolerance."""
    if precision is None:
        return value, value + 1
    rounded = round_to_precision(value, precision)
    unit = 10.0 ** (math.floor(math.log10(abs(rounded))) - precision + 1)
    return rounded + 0.3 * unit, rounded + 1.5 * unit


@pytest.mark.parametrize("lesson", sorted(BANKS))
def test_widget_gives_right_and_wrong_feedback_for_every_question(lesson: str) -> None:
    widget = quiz(lesson)
    assert widget.lesson == lesson and len(widget.views) == len(BANKS[lesson].questions)
    for view in widget.views:
        q = view.question
        right = [i for i, a in enumerate(q.answers) if a.correct]
        wrong = [i for i, a in enumerate(q.answers) if not a.correct and a.kind == "choice"]
        if q.type == "multiple_choice":
            view.control.value = wrong[0]
            view.check_button.click()
            _feedback_says(view, "Not quite.", [q.answers[wrong[0]].feedback])
            view.control.value = right[0]
            view.check_button.click()
            _feedback_says(view, "Correct.", [q.answers[right[0]].feedback])
        elif q.type == "many_choice":
            view.checkboxes[wrong[0]].value = True
            view.check_button.click()
            _feedback_says(view, "Not quite.", [q.answers[wrong[0]].feedback])
            view.checkboxes[wrong[0]].value = False
            for i in right:
                view.checkboxes[i].value = True
            view.check_button.click()
            _feedback_says(view, "Correct.", [q.answers[i].feedback for i in right])
        else:
            correct = next(a for a in q.answers if a.kind == "value" and a.correct)
            inside, outside = _inside_and_outside(correct.value, q.precision)
            view.control.value = f"{outside!r}"
            view.check_button.click()
            assert view.verdict is not None and not view.verdict.correct
            assert "Not quite." in view.feedback.value
            view.control.value = f"{inside!r}"
            view.check_button.click()
            _feedback_says(view, "Correct.", [correct.feedback])
        assert view.verdict is not None and view.verdict.correct
    assert f"{len(widget.views)} of {len(widget.views)} correct" in widget.score.value


def test_widget_asks_for_an_answer_before_grading() -> None:
    widget = quiz("04")
    for view in widget.views:
        view.check_button.click()
        assert view.verdict is not None and not view.verdict.answered
        assert "then press Check" in view.feedback.value
    assert "0 of" in widget.score.value


def test_many_choice_says_how_many_correct_answers_are_missing() -> None:
    view = next(v for v in quiz("04").views if v.question.type == "many_choice")
    first = next(i for i, a in enumerate(view.question.answers) if a.correct)
    view.checkboxes[first].value = True
    view.check_button.click()
    assert not view.verdict.correct and "1 more correct answer to tick" in view.feedback.value


def test_widget_controls_are_labelled_and_carry_stable_css_classes() -> None:
    import ipywidgets as W

    widget = quiz("04")
    assert "calfkit-quiz" in widget._dom_classes
    assert "calfkit-quiz-score" in widget.score._dom_classes
    for number, view in enumerate(widget.views, 1):
        assert {"calfkit-quiz-question", f"calfkit-quiz-q-{view.question.id}"} <= set(view.box._dom_classes)
        assert "calfkit-quiz-check" in view.check_button._dom_classes
        assert view.check_button.description == "Check" and str(number) in view.check_button.tooltip
        assert "calfkit-quiz-feedback" in view.feedback._dom_classes
        assert "calfkit-quiz-answer" in view.control._dom_classes
        expected = {"multiple_choice": W.RadioButtons, "many_choice": W.VBox, "numeric": W.Text}[view.question.type]
        assert isinstance(view.control, expected)
        if view.question.type == "many_choice":
            assert [c.description for c in view.checkboxes] == [a.text for a in view.question.answers]
            assert all("calfkit-quiz-answer" in c._dom_classes for c in view.checkboxes)
        else:
            assert view.control.description == f"Answer to question {number}"
        assert html.escape(view.question.text, quote=False) in view.box.children[0].value


def test_import_calfkit_quiz_is_light() -> None:
    probe = "import calfkit.quiz, sys; print('ipywidgets' in sys.modules, 'plotly' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_an_answer_changed_after_check_is_graded_again() -> None:
    """The browser may deliver the Check click before the answer's last edit; the feedback must follow the edit."""
    view = quiz("04").views[0]
    view.control.value = "1.3"
    view.check_button.click()
    assert not view.verdict.correct and "kilograms" in view.feedback.value
    view.control.value = "1.86"
    assert view.verdict.correct and "Correct." in view.feedback.value


# ------------------------------------------------------------------ the lessons show their quiz


def _quiz_calls(path: Path) -> list[tuple[int, list[str]]]:
    """(cell index, lesson arguments) of every code cell that calls ``quiz(...)``."""
    import ast

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        args = [
            node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else repr(node.args)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "quiz"
        ]
        imports = any(
            isinstance(node, ast.ImportFrom)
            and node.module == "calfkit.quiz"
            and any(a.name == "quiz" for a in node.names)
            for node in ast.walk(tree)
        )
        if args:
            assert imports, (
                f"{path.name}, cell {index}: calls quiz() without `from calfkit.quiz import quiz` in the cell"
            )
            found.append((index, args))
    return found


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_shows_its_own_quiz_once_after_its_demos(notebook: Path) -> None:
    calls = _quiz_calls(notebook)
    assert len(calls) == 1, f"{notebook.name}: {len(calls)} cells call quiz(); a lesson shows its quiz in exactly one"
    ((index, args),) = calls
    assert len(args) == 1 and resolve_lesson(args[0]) == notebook.stem, (
        f"{notebook.name}, cell {index}: quiz({args[0]!r}) is not this lesson's quiz; write quiz({notebook.stem[:2]!r})"
    )
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    demos = [
        i
        for i, c in enumerate(cells)
        if c["cell_type"] == "code" and re.search(r"\b\w+_(?:explorer|checker)\(", "".join(c["source"]))
    ]
    assert all(i < index for i in demos), (
        f"{notebook.name}: the quiz (cell {index}) comes before a demo (cells {demos})"
    )


def test_a_quiz_cell_is_recognised_only_for_a_real_call(tmp_path: Path) -> None:
    """The cell finder above is what the lesson test relies on: check it on a made-up notebook."""
    sources = ['from calfkit.quiz import quiz\n\nquiz("02")', "# quiz('03') is shown below", "print('quiz(\"04\")')"]
    cells = [{"cell_type": "code", "source": s, "metadata": {}, "outputs": []} for s in sources]
    path = tmp_path / "02_doms_timeline.ipynb"
    path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    assert _quiz_calls(path) == [(0, ["02"])]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_has_think_prompts_with_model_answers(notebook: Path) -> None:
    """The teacher guide prints the model answers from data/think; the learner sees them after predicting."""
    from calfkit.quiz.think import load_prompts

    think = load_prompts(notebook.stem)
    assert think, f"{notebook.name}: no data/think/{notebook.stem}.json (prompt + model answer)"
    for item in think:
        assert item.prompt.strip() and item.answer.strip(), f"{notebook.name}: {item}"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    prompts = re.findall(r"^###\s+Think!", text, flags=re.M)
    assert prompts, f"{notebook.name}: no '### Think!' prompt in the lesson text"


def test_a_committed_number_is_graded_without_pressing_check() -> None:
    """Enter in a number box (the front end then sends the value) works like Check; choosing alone does not grade."""
    widget = quiz("04")
    number = next(v for v in widget.views if v.question.type == "numeric")
    number.control.value = f"{computed_value(number.question)!r}"
    assert number.verdict is not None and number.verdict.correct and "Correct." in number.feedback.value
    choice = next(v for v in widget.views if v.question.type == "multiple_choice")
    choice.control.value = 0
    assert choice.verdict is None and choice.feedback.value == ""


# ------------------------------------------------------------------ answer order: shuffled per learner, fixed per session


def _always_first_score(widget) -> int:
    """Score of a learner who chooses (or ticks) only the first answer shown and leaves numbers blank."""
    for view in widget.views:
        if view.question.type == "multiple_choice":
            view.control.value = view.control.options[0][1]
        elif view.question.type == "many_choice":
            view.control.children[0].value = True
        view.check_button.click()
    return sum(v.verdict.correct for v in widget.views)


@pytest.mark.parametrize("lesson", sorted(BANKS))
def test_a_learner_who_always_picks_the_first_answer_does_not_pass(lesson: str) -> None:
    """Under half right in every session (200 seeds), through the widget's own controls and Check buttons."""
    from calfkit.quiz import answer_orders, first_pick_right

    questions = BANKS[lesson].questions
    for seed in range(200):
        orders = answer_orders(questions, seed)
        lucky = sum(first_pick_right(q, o) for q, o in zip(questions, orders))
        assert lucky < len(questions) / 2, f"{lesson}, seed {seed}: always-first gets {lucky} of {len(questions)}"
    for seed in (0, 1, 2):
        widget = quiz(lesson, seed=seed)
        assert _always_first_score(widget) < len(questions) / 2
        assert widget.score.value.count(" correct") == 1


def test_bank_order_would_let_always_first_pass() -> None:
    """The banks list the right answer first, which is why the widget must not show them in bank order."""
    from calfkit.quiz import first_pick_right

    passed = [
        name
        for name, bank in BANKS.items()
        if sum(first_pick_right(q, range(len(q.answers))) for q in bank.questions) >= len(bank.questions) / 2
    ]
    assert len(passed) >= len(BANKS) // 2, passed


def test_the_shown_order_differs_between_sessions_and_covers_every_position() -> None:
    from calfkit.quiz import answer_orders

    choice = [q for q in QUESTIONS if q.type != "numeric"]
    orders = [answer_orders(choice, seed) for seed in range(60)]
    assert len(set(orders)) == len(orders)
    for i, question in enumerate(choice):
        right = next(j for j, a in enumerate(question.answers) if a.correct)
        positions = {order[i].index(right) for order in orders}
        assert positions == set(range(len(question.answers))), (question.id, positions)


_ORDER_PROBE = (
    "from calfkit.quiz import quiz; import json\n"
    "a = [[v.order for v in quiz(l).views] for l in ('01', '02', '03', '07')]\n"
    "b = [[v.order for v in quiz(l).views] for l in ('01', '02', '03', '07')]\n"
    "print(json.dumps([a == b, a]))"
)


def _orders_in_a_new_session(env_seed: str | None = None) -> tuple[bool, list]:
    import os

    env = {k: v for k, v in os.environ.items() if k != "CALFKIT_QUIZ_SEED"}
    if env_seed is not None:
        env["CALFKIT_QUIZ_SEED"] = env_seed
    out = subprocess.run([sys.executable, "-c", _ORDER_PROBE], capture_output=True, text=True, check=True, env=env)
    same, orders = json.loads(out.stdout)
    return same, orders


def test_a_learners_order_is_stable_within_a_session_and_differs_between_learners() -> None:
    same_1, first = _orders_in_a_new_session()
    same_2, second = _orders_in_a_new_session()
    assert same_1 and same_2, "a quiz shown twice in one session changed its answer order"
    assert first != second, "two sessions (learners) got the same answer order"
    shown = [list(o) for view in quiz("02").views for o in [view.order]]
    assert shown == [list(view.order) for view in quiz("02").views]


def test_a_teacher_can_fix_the_order_for_a_class() -> None:
    assert _orders_in_a_new_session("7")[1] == _orders_in_a_new_session("7")[1]
    assert _orders_in_a_new_session("7")[1] != _orders_in_a_new_session("8")[1]


def test_a_bad_seed_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from calfkit.quiz import answer_orders, session_seed

    monkeypatch.setenv("CALFKIT_QUIZ_SEED", "class A")
    with pytest.raises(ValueError, match=r"CALFKIT_QUIZ_SEED='class A' is not a whole number"):
        session_seed()
    with pytest.raises(ValueError, match=r"seed=1.5 must be a whole number"):
        answer_orders(QUESTIONS, 1.5)


@pytest.mark.parametrize("seed", [0, 11, 12345])
def test_the_guide_key_picked_by_its_text_in_a_shuffled_quiz_is_graded_right(seed: int) -> None:
    """The teacher guide names answers by their text, so its key stays right whatever order a learner sees."""
    guide = (REPO / "docs" / "teacher_guide.md").read_text(encoding="utf-8")
    for lesson in sorted(BANKS):
        for view in quiz(lesson, seed=seed).views:
            key = answer_key(view.question)
            assert f"**Answer:** {key}" in guide, f"{view.question.id}: the guide's key is not {key!r}"
            if view.question.type == "multiple_choice":
                view.control.value = next(value for label, value in view.control.options if label == key)
            elif view.question.type == "many_choice":
                texts = {a.text for a in view.question.answers if a.correct}
                assert key == "; ".join(a.text for a in view.question.answers if a.correct)
                for box in view.control.children:
                    box.value = box.description in texts
            else:
                view.control.value = key.split(" (", 1)[0].replace(" ", "")
            view.check_button.click()
            assert view.verdict.correct, (lesson, seed, view.question.id, key)
