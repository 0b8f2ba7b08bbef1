"""Predict, then reveal: the Think! prompts as data, the widget, and the lessons that use them.

The lesson test reads every notebook: each ``### Think!`` heading is followed by a
``predict(...)`` cell before any cell that shows output, a demo shown after a Think! is
passed to ``predict(..., reveal=...)`` rather than displayed on its own, and no stored
output between a prompt and its prediction box gives the answer away.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from calfkit.quiz import QuizError
from calfkit.quiz.think import load_prompts, model_value, prompt, think_dir

from .conftest import DATA, REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PROMPTS = {nb.stem: load_prompts(nb.stem) for nb in NOTEBOOKS}
ALL = [p for items in PROMPTS.values() for p in items]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _predict_calls(source: str) -> list[tuple[str, bool]]:
    """(prompt id, has reveal=) of every ``predict("...")`` call in a code cell."""
    calls = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "predict":
            calls.append((node.args[0].value, any(k.arg == "reveal" for k in node.keywords)))
    return calls


# ------------------------------------------------------------------ the prompt files


def test_prompt_files_are_shipped_with_the_data() -> None:
    assert think_dir().resolve() == (DATA / "think").resolve()
    assert sorted(p.stem for p in (DATA / "think").glob("*.json")) == [nb.stem for nb in NOTEBOOKS]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_has_prompts_each_shown_once_in_lesson_order(notebook: Path) -> None:
    ids = [p.id for p in PROMPTS[notebook.stem]]
    assert ids, f"{notebook.name}: no data/think/{notebook.stem}.json"
    shown = [
        pid for cell in _cells(notebook) if cell["cell_type"] == "code" for pid, _ in _predict_calls(_source(cell))
    ]
    assert shown == ids, f"{notebook.name}: predict() calls {shown} differ from data/think order {ids}"


def test_ids_are_unique_across_lessons() -> None:
    ids = [p.id for p in ALL]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("item", [p for p in ALL if p.kind == "number"], ids=lambda p: p.id)
def test_a_number_prompt_shows_the_models_value_and_its_answer_agrees(item) -> None:
    value = model_value(item)
    shown = f"{value:.{item.decimals}f}"
    numbers = re.findall(r"\d+(?:\.\d+)?", item.answer)
    assert any(abs(float(n) - value) <= max(0.05 * abs(value), 10**-item.decimals) for n in numbers), (
        f"{item.id}: the model now gives {shown}; the model answer says {item.answer!r}"
    )


def test_lesson_07_classifications_match_the_audit() -> None:
    import calfkit as ck

    claims = ck.load_claims().set_index("id")["verdict"]
    expected = {
        "07_classify_lactic_acid": "lactic_acid_causes_soreness",
        "07_classify_ten_percent_rule": "ten_percent_rule",
        "07_classify_stretching": "stretching_proven_to_prevent_injury",
    }
    for pid, claim in expected.items():
        assert prompt(pid).correct == claims[claim], pid


def test_lesson_07_worst_article_matches_the_audit() -> None:
    import calfkit as ck

    claims = ck.load_claims()
    rows = claims.assign(seed=claims["seeds"].str.split(";")).explode("seed")
    share = rows.groupby("seed")["verdict"].apply(lambda v: (v == "incorrect").mean())
    worst = share.idxmax()[:3]
    assert prompt("07_worst_seed").correct.startswith(f"Seed {worst} ")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda b: b[0].update(kind="essay"), r"key 'kind': 'essay' is not one of"),
        (lambda b: b[0].update(id="03_x"), r"key 'id': '03_x' must start with the lesson number '04_'"),
        (lambda b: b[0].update(sources=["nobody2099"]), r"key 'sources': must be a non-empty list of ids"),
        (lambda b: b[0].pop("computed_from"), r"key 'computed_from': missing"),
        (lambda b: b[1].update(correct="Maybe"), r"key 'correct': 'Maybe' is not one of the choices"),
        (lambda b: b[1].update(unit="%"), r"unknown key\(s\) \['unit'\]"),
    ],
)
def test_a_broken_prompt_file_names_the_file_prompt_and_key(tmp_path: Path, change, message) -> None:
    bank = json.loads((DATA / "think" / "04_hydration_cramps_and_nutrients.json").read_text(encoding="utf-8"))
    change(bank)
    (tmp_path / "04_hydration_cramps_and_nutrients.json").write_text(json.dumps(bank), encoding="utf-8")
    with pytest.raises(QuizError, match=r"think/04_hydration_cramps_and_nutrients\.json, prompt \d.*" + message):
        load_prompts("04", tmp_path)


@pytest.mark.parametrize("bad", ["04_nothing", "fluid", None])
def test_an_unknown_prompt_id_is_refused(bad) -> None:
    with pytest.raises(ValueError, match="prompt_id="):
        prompt(bad)


# ------------------------------------------------------------------ the widget


def _texts(widget) -> str:
    """Every HTML value and description inside a widget tree."""
    import ipywidgets as W

    out = []
    stack = [widget]
    while stack:
        w = stack.pop()
        out += [getattr(w, "value", "") if isinstance(w, W.HTML) else "", getattr(w, "description", "") or ""]
        stack += list(getattr(w, "children", ()))
    return " ".join(str(t) for t in out)


def _right_input(item) -> str:
    if item.kind == "number":
        return f"{model_value(item):.{item.decimals}f}"
    if item.kind == "choice":
        return item.correct or item.choices[0]
    return "Because the long run is one run, not the week."


@pytest.mark.parametrize("item", ALL, ids=lambda p: p.id)
def test_nothing_answers_a_prompt_before_the_learner_commits(item) -> None:
    from calfkit.widgets import predict

    demo = __import__("ipywidgets").HTML(value="THE DEMO")
    box = predict(item.id, reveal=demo)
    before = _texts(box)
    assert item.answer not in before and "THE DEMO" not in before and "Model answer" not in before
    assert box.reveal_box.children == () and not box.revealed
    box.commit_button.click()  # empty: asks, reveals nothing
    assert not box.revealed and "first" in box.message.value and box.reveal_box.children == ()
    box.control.value = _right_input(item)
    if item.kind != "number":  # a number is locked in by Enter (the value arriving) already
        box.commit_button.click()
    assert box.revealed and box.control.disabled and box.commit_button.disabled
    after = _texts(box)
    assert "Model answer" in after and demo in box.reveal_box.children
    if item.kind == "number":
        assert f"{model_value(item):.{item.decimals}f}" in after and "close" in after
    if item.kind == "choice" and item.correct:
        assert "matches the evidence" in after


def test_a_wrong_number_says_how_far_off_and_which_way() -> None:
    from calfkit.widgets import predict

    box = predict("04_fluid_loss")
    box.control.value = "5"
    text = _texts(box)
    assert "You predicted 5 %" in text and "1.86 %" in text and "3.14 % too high" in text


def test_a_wrong_choice_names_the_right_one() -> None:
    from calfkit.widgets import predict

    box = predict("03_runner_a_or_b")
    box.control.value = "Runner A (+33 % in a week)"
    box.commit_button.click()
    assert "The answer is “Runner B (one run 80 % longer)”" in _texts(box)


def test_text_that_is_not_a_number_is_refused_without_revealing() -> None:
    from calfkit.widgets import predict

    box = predict("04_fluid_loss")
    box.control.value = "lots"
    assert not box.revealed and "'lots' is not a number" in box.message.value


def test_show_without_predicting_says_so_and_a_callable_is_built_only_then() -> None:
    import ipywidgets as W

    from calfkit.widgets import predict

    built = []
    box = predict("02_untrained_peak_hour", reveal=lambda: built.append(1) or W.HTML(value="late"))
    assert built == []
    box.anyway_button.click()
    assert built == [1] and box.revealed and box.prediction is None
    assert "Shown without a prediction" in _texts(box) and "Model answer" in _texts(box)


def test_a_teacher_screen_opens_revealed(monkeypatch: pytest.MonkeyPatch) -> None:
    from calfkit.widgets import predict

    monkeypatch.setenv("CALFKIT_REVEAL", "1")
    box = predict("06_dark_urine")
    assert box.revealed and "CALFKIT_REVEAL is set" in _texts(box)


def test_a_bad_reveal_is_refused() -> None:
    from calfkit.widgets import predict

    with pytest.raises(ValueError, match="reveal="):
        predict("06_dark_urine", reveal=42)


# ------------------------------------------------------------------ the lessons

_SHOWS_A_DEMO = re.compile(r"^\s*\w+\s*$", flags=re.M)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_think_prompt_is_answered_only_after_a_prediction(notebook: Path) -> None:
    cells = _cells(notebook)
    thinks = [
        i for i, c in enumerate(cells) if c["cell_type"] == "markdown" and re.search(r"^###\s+Think!", _source(c), re.M)
    ]
    assert thinks, f"{notebook.name}: no Think! prompt"
    for i in thinks:
        nxt = next((j for j in range(i + 1, len(cells)) if cells[j]["cell_type"] == "code"), None)
        assert nxt is not None and _predict_calls(_source(cells[nxt])), (
            f"{notebook.name}, cell {i}: the first code cell after a Think! must be its predict(...) box"
        )
        between = [j for j in range(i + 1, nxt) if cells[j].get("outputs")]
        assert not between, f"{notebook.name}: cells {between} show output between a Think! and its prediction"
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        source = _source(cell)
        tree = ast.parse(source)
        demos = {
            t.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and getattr(node.value.func, "id", "").endswith(("_explorer", "_checker", "_simulator"))
            for t in node.targets
            if isinstance(t, ast.Name)
        }
        shown_alone = (
            tree.body
            and isinstance(tree.body[-1], ast.Expr)
            and isinstance(tree.body[-1].value, ast.Name)
            and tree.body[-1].value.id in demos
        )
        assert not shown_alone, (
            f"{notebook.name}, cell {index}: a demo is shown on its own; pass it to predict(reveal=...)"
        )
        for pid, has_reveal in _predict_calls(source):
            if demos:
                assert has_reveal, f"{notebook.name}, cell {index}: {pid} builds a demo but does not reveal it"
        assert ".description)" not in source, (
            f"{notebook.name}, cell {index}: prints a widget's description, which goes stale when a learner moves it; "
            "print a model call instead"
        )


@pytest.mark.parametrize("item", [p for p in ALL if p.kind == "number"], ids=lambda p: p.id)
def test_no_output_after_a_number_prompt_gives_its_answer(item) -> None:
    """The number a learner predicts is not printed under the prompt, in the rest of its section
    (lesson 04 once printed "loss 1.86 %" right under the prompt that asks for it)."""
    path = next(p for p in NOTEBOOKS if p.name[:2] == item.id[:2])
    cells = _cells(path)
    start = next(i for i, c in enumerate(cells) if f'predict("{item.id}"' in _source(c))
    end = next(
        (
            i
            for i in range(start + 1, len(cells))
            if cells[i]["cell_type"] == "markdown" and _source(cells[i]).startswith("## ")
        ),
        len(cells),
    )
    answer = f"{model_value(item):.{item.decimals}f}"
    for index in range(start, end):
        for output in cells[index].get("outputs", []):
            data = output.get("data", {})
            text = (
                "".join(output.get("text", ""))
                + "".join(data.get("text/plain", ""))
                + "".join(data.get("text/html", ""))
            )
            assert not re.search(rf"(?<![\d.]){re.escape(answer)}(?![\d])", text), (
                f"{path.name}, cell {index}: a stored output shows {answer}, the answer to {item.id}; "
                "pass it to predict(..., reveal=...) instead"
            )


def test_public_names_stay_functions_after_every_submodule_is_imported() -> None:
    """A submodule named like a public function (once widgets/predict.py) would replace it on import."""
    import importlib
    import pkgutil
    import types

    import calfkit.widgets

    for module in pkgutil.iter_modules(calfkit.widgets.__path__):
        importlib.import_module(f"calfkit.widgets.{module.name}")
    from calfkit.widgets import predict

    assert isinstance(predict, types.FunctionType) and predict.__name__ == "predict"
    for name in calfkit.widgets.__all__:
        assert not isinstance(getattr(calfkit.widgets, name), types.ModuleType), name
