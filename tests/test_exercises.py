"""'Your turn' exercises: each check marks a right answer right, a wrong one wrong with a hint,
and unrelated code without crashing; the lessons ship unsolved and still run.

Right and wrong answers are written here by hand (the right ones are also recomputed the
long way, independently of calfkit), and each is run inside the lesson's own exercise cell,
so the test also proves the cell's data and the check belong together.
"""

from __future__ import annotations

import ast
import json
import math
import re

import pytest

import calfkit as ck
from calfkit.exercises import Feedback, expected

from .conftest import REPO

NOTEBOOKS = REPO / "notebooks"
PLACEHOLDER = re.compile(r"^(?P<name>\w+) = \.\.\.  # your code.*$", flags=re.M)

# lesson, check, right answer (code), wrong answers (code, words the hint must contain)
EXERCISES = {
    "check_peak_hour": (
        "02_doms_timeline",
        'curve.loc[curve["soreness"].idxmax(), "hours"]',
        [('curve["soreness"].max()', "how sore"), ('curve["hours"].max()', "last hour")],
    ),
    "check_weekly_change": (
        "03_training_load_and_risk",
        "weekly_km.pct_change() * 100",
        [
            ("weekly_km.pct_change()", "Multiply by 100"),
            ("weekly_km.diff()", "differences in km"),
            ("(1 - weekly_km.shift(1) / weekly_km) * 100", "instead of the week before"),
        ],
    ),
    "check_spike": (
        "03_training_load_and_risk",
        "(today_km / previous_30_days_km.max() - 1) * 100",
        [
            ("(today_km / previous_30_days_km.mean() - 1) * 100", "average run"),
            ("today_km / previous_30_days_km.max() * 100", "Subtract 100"),
        ],
    ),
    "check_fluid_loss": (
        "04_hydration_cramps_and_nutrients",
        "(sweat_rate_l_per_h * duration_min / 60 - intake_l) / body_mass_kg * 100",
        [
            ("(sweat_rate_l_per_h * duration_min - intake_l) / body_mass_kg * 100", "minutes"),
            ("sweat_rate_l_per_h * duration_min / 60 / body_mass_kg * 100", "drank"),
        ],
    ),
    "check_sweat_rate": (
        "04_hydration_cramps_and_nutrients",
        "(before_kg - after_kg + drank_l) / (duration_min / 60)",
        [
            ("(before_kg - after_kg) / (duration_min / 60)", "water drunk"),
            ("before_kg - after_kg + drank_l", "divide by the hours"),
        ],
    ),
    "check_acwr": (
        "08_your_training_log",
        "(daily_km.rolling(7).sum() / (daily_km.rolling(28).sum() / 4)).iloc[-1]",
        [
            ("(daily_km.rolling(7).sum() / daily_km.rolling(28).sum()).iloc[-1]", "divide the 28-day sum by 4"),
            ("(daily_km.rolling(28).sum() / 4 / daily_km.rolling(7).sum()).iloc[-1]", "Upside down"),
        ],
    ),
}
UNRELATED = [
    'print("I do not know")',
    '"forty"',
    "__import__('pandas').DataFrame({'a': [1, 2, 3]})",
    "True",
    "float('nan')",
]


def _exercise_cell(lesson: str, check: str) -> str:
    cells = json.loads((NOTEBOOKS / f"{lesson}.ipynb").read_text(encoding="utf-8"))["cells"]
    found = [c for c in cells if c["cell_type"] == "code" and f"{check}(" in "".join(c["source"])]
    assert len(found) == 1, f"{lesson}: {len(found)} cells call {check}()"
    return "".join(found[0]["source"])


def _run(lesson: str, check: str, answer: str) -> Feedback:
    """Run the lesson's exercise cell with ``answer`` in place of the ``...``; returns what the check shows."""
    source = _exercise_cell(lesson, check)
    source, count = PLACEHOLDER.subn(lambda m: f"{m['name']} = {answer}", source)
    assert count == 1, f"{lesson}: the {check} cell has no single 'name = ...  # your code' line"
    tree = ast.parse(source)
    *body, last = tree.body
    namespace = {"ck": ck}
    if lesson.startswith("08"):
        namespace["log"] = ck.read_training_log(ck.sample_log_path("plain_16_weeks.csv"))
    exec(compile(ast.Module(body=body, type_ignores=[]), lesson, "exec"), namespace)  # noqa: S102 - test harness
    result = eval(compile(ast.Expression(last.value), lesson, "eval"), namespace)  # noqa: S307
    assert isinstance(result, Feedback)
    return result


def test_at_least_six_exercises_across_lessons_02_03_04_08() -> None:
    lessons = {lesson[:2] for lesson, _, _ in EXERCISES.values()}
    assert len(EXERCISES) >= 6 and lessons == {"02", "03", "04", "08"}


@pytest.mark.parametrize("check", sorted(EXERCISES))
def test_the_lesson_ships_unsolved_and_says_not_done_yet(check: str) -> None:
    lesson = EXERCISES[check][0]
    feedback = _run(lesson, check, "...")
    assert not feedback.done and not feedback.correct and "Replace the ..." in feedback.message
    assert "Show a solution" in feedback._repr_html_() and feedback.solution.strip()


@pytest.mark.parametrize("check", sorted(EXERCISES))
def test_a_right_answer_is_marked_right(check: str) -> None:
    lesson, right, _ = EXERCISES[check]
    feedback = _run(lesson, check, right)
    assert feedback.correct and feedback.done and repr(feedback).startswith("Right."), repr(feedback)
    assert "✓" in feedback._repr_html_()


@pytest.mark.parametrize("check", sorted(EXERCISES))
def test_the_checks_own_solution_is_right(check: str) -> None:
    lesson = EXERCISES[check][0]
    solution = _run(lesson, check, "...").solution
    name = PLACEHOLDER.search(_exercise_cell(lesson, check))["name"]
    *steps, final = solution.strip().split("\n")
    assert final.startswith(f"{name} = "), solution
    source = _exercise_cell(lesson, check).replace(
        PLACEHOLDER.search(_exercise_cell(lesson, check))[0], "\n".join([*steps, final])
    )
    namespace = {"ck": ck}  # no pandas given: each exercise cell imports what it uses
    if lesson.startswith("08"):
        namespace["log"] = ck.read_training_log(ck.sample_log_path("plain_16_weeks.csv"))
    *body, last = ast.parse(source).body
    exec(compile(ast.Module(body=body, type_ignores=[]), lesson, "exec"), namespace)  # noqa: S102
    assert eval(compile(ast.Expression(last.value), lesson, "eval"), namespace).correct  # noqa: S307


@pytest.mark.parametrize(
    ("check", "index"), [(c, i) for c, (_, _, w) in sorted(EXERCISES.items()) for i in range(len(w))]
)
def test_a_wrong_answer_says_what_is_off_with_a_hint(check: str, index: int) -> None:
    lesson, _, wrong = EXERCISES[check]
    code, words = wrong[index]
    feedback = _run(lesson, check, code)
    assert feedback.done and not feedback.correct and repr(feedback).startswith("Not quite.")
    assert words in feedback.hint + " " + feedback.message, repr(feedback)


@pytest.mark.parametrize(("check", "code"), [(c, u) for c in sorted(EXERCISES) for u in UNRELATED])
def test_unrelated_code_gets_a_clear_message_not_a_crash(check: str, code: str) -> None:
    lesson = EXERCISES[check][0]
    feedback = _run(lesson, check, code)
    name = PLACEHOLDER.search(_exercise_cell(lesson, check))["name"]
    assert feedback.done and not feedback.correct and name in feedback.message, repr(feedback)


def test_right_answers_agree_with_the_long_way_round() -> None:
    """Independent arithmetic, without calfkit, for the numbers the checks accept."""
    assert expected("spike") == pytest.approx(80.0)
    assert expected("fluid_loss") == pytest.approx((1.5 * 1.25 - 0.4) / 60 * 100)
    assert expected("sweat_rate") == pytest.approx(1.6 / 1.5)
    assert expected("weekly_change")[1:] == pytest.approx([10.0, 700 / 33, -5.0, 700 / 38])
    assert math.isnan(expected("weekly_change")[0])
    curve = ck.doms_curve(range(0, 241), unaccustomed_pct=50, downhill_pct=50)
    assert expected("peak_hour") == float(curve["hours"][curve["soreness"].to_numpy().argmax()])
    daily = (
        ck.training_load(ck.read_training_log(ck.sample_log_path("plain_16_weeks.csv"))).daily["distance_km"].tolist()
    )
    assert expected("acwr") == pytest.approx(sum(daily[-7:]) / (sum(daily[-28:]) / 4))


def test_in_voila_an_unsolved_exercise_is_a_worked_example(monkeypatch: pytest.MonkeyPatch) -> None:
    feedback = _run("03_training_load_and_risk", "check_weekly_change", "...")
    assert "Worked example" not in feedback._repr_html_()
    monkeypatch.setenv("VOILA_KERNEL_ID", "abc")
    page = feedback._repr_html_()
    assert "Worked example" in page and "weekly_km.pct_change() * 100" in page and "+21.2 %" in page
    assert "Not done yet" not in page


def test_a_bad_exercise_name_is_refused() -> None:
    with pytest.raises(ValueError, match=r"exercise='acwr7' is not one of"):
        expected("acwr7")
