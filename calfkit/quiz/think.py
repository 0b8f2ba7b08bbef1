"""Think! prompts: the predictions a lesson asks for, with their model answers, as data.

One JSON file per lesson lives in ``data/think/<notebook stem>.json``: a list of
prompts the learner answers *before* the kit shows the result
(:func:`calfkit.widgets.prediction.predict` shows one). Each prompt is::

    {"id": "04_fluid_loss", "kind": "number" | "choice" | "words",
     "prompt": "...", "answer": "the model answer, shown after the learner commits",
     "sources": ["baker2016"]}

plus, for ``"number"``: ``"unit"`` (text after the number, e.g. ``"%"``),
``"decimals"`` (how the kit's value is printed) and ``"computed_from"`` (a recipe
of the quiz banks' format, see :mod:`calfkit.quiz.bank`, so the value shown is
recomputed from the model every time); for ``"choice"``: ``"choices"`` (at least
two texts) and ``"correct"`` (the right one, or ``null`` when the question has no
single right answer). ``"words"`` prompts take a sentence (an explanation).
The teacher guide prints every prompt with its model answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bank import QuizError, _check_computed_from, _compute

__all__ = ["KINDS", "Prompt", "think_dir", "load_prompts", "prompt", "model_value"]

KINDS = ("number", "choice", "words")
_REQUIRED = {"id", "kind", "prompt", "answer", "sources"}
_ALLOWED = {
    "number": _REQUIRED | {"unit", "decimals", "computed_from"},
    "choice": _REQUIRED | {"choices", "correct"},
    "words": _REQUIRED,
}
_ID = re.compile(r"^(\d{2})_[a-z0-9][a-z0-9_]*$")


@dataclass(frozen=True)
class Prompt:
    """One validated Think! prompt.

    Attributes
    ----------
    id : str
        Unique id, lesson number first, e.g. ``"04_fluid_loss"``.
    kind : str
        ``"number"``, ``"choice"`` or ``"words"``.
    prompt : str
        What the learner predicts.
    answer : str
        The model answer, shown only after the learner commits.
    sources : tuple of str
        Ids in ``data/sources.csv``.
    unit : str
        Unit printed after a number (``"number"`` only).
    decimals : int
        Decimals of the kit's value (``"number"`` only).
    choices : tuple of str
        Options (``"choice"`` only).
    correct : str or None
        The right option, or None if none is singled out.
    computed_from : dict or None
        Recipe for the kit's value (``"number"`` only).
    """

    id: str
    kind: str
    prompt: str
    answer: str
    sources: tuple[str, ...]
    unit: str = ""
    decimals: int = 0
    choices: tuple[str, ...] = ()
    correct: str | None = None
    computed_from: Mapping[str, Any] | None = field(default=None, compare=False)


def think_dir() -> Path:
    """Folder holding the shipped prompt files (``data/think``)."""
    from ..data import data_dir

    return data_dir() / "think"


def _text(item: Mapping[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise QuizError(f"{where}, key {key!r}: must be a non-empty string, got {value!r}")
    return value.strip()


def _parse(item: Any, path: Path, index: int, known: set[str]) -> Prompt:
    where = f"think/{path.name}, prompt {index + 1}"
    if not isinstance(item, Mapping):
        raise QuizError(f"{where}: must be an object")
    kind = item.get("kind")
    if kind not in KINDS:
        raise QuizError(f"{where}, key 'kind': {kind!r} is not one of {', '.join(KINDS)}")
    unknown = sorted(set(item) - _ALLOWED[kind])
    if unknown:
        raise QuizError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(_ALLOWED[kind])}")
    pid = _text(item, "id", where)
    match = _ID.match(pid)
    if not match or match.group(1) != path.stem[:2]:
        raise QuizError(f"{where}, key 'id': {pid!r} must start with the lesson number '{path.stem[:2]}_'")
    where = f"{where} ({pid!r})"
    sources = item.get("sources")
    if not isinstance(sources, list) or not sources or not set(sources) <= known:
        raise QuizError(f"{where}, key 'sources': must be a non-empty list of ids in data/sources.csv, got {sources!r}")
    extra: dict[str, Any] = {}
    if kind == "number":
        decimals = item.get("decimals", 0)
        if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 4:
            raise QuizError(f"{where}, key 'decimals': must be a whole number in [0, 4], got {decimals!r}")
        if "computed_from" not in item:
            raise QuizError(f"{where}, key 'computed_from': missing (a number prompt shows the kit's value)")
        extra = {
            "unit": str(item.get("unit", "")),
            "decimals": decimals,
            "computed_from": _check_computed_from(item["computed_from"], f"{where}, key 'computed_from'"),
        }
    elif kind == "choice":
        choices = item.get("choices")
        if not isinstance(choices, list) or len(choices) < 2 or not all(isinstance(c, str) and c for c in choices):
            raise QuizError(f"{where}, key 'choices': must be a list of at least 2 texts")
        correct = item.get("correct")
        if correct is not None and correct not in choices:
            raise QuizError(f"{where}, key 'correct': {correct!r} is not one of the choices")
        extra = {"choices": tuple(choices), "correct": correct}
    return Prompt(
        id=pid,
        kind=kind,
        prompt=_text(item, "prompt", where),
        answer=_text(item, "answer", where),
        sources=tuple(sources),
        **extra,
    )


def load_prompts(lesson: str, directory: str | Path | None = None) -> tuple[Prompt, ...]:
    """A lesson's Think! prompts, in lesson order.

    Parameters
    ----------
    lesson : str
        Notebook stem (``"04_hydration_cramps_and_nutrients"``) or its number (``"04"``).
    directory : str or pathlib.Path, optional
        Folder of prompt files instead of ``data/think``.

    Returns
    -------
    tuple of Prompt
        Empty if the lesson has no prompt file.

    Raises
    ------
    QuizError
        Naming the file, the prompt and the key, if a file breaks the format.
    """
    from ..data import load_sources

    folder = Path(directory) if directory is not None else think_dir()
    paths = [p for p in sorted(folder.glob("*.json")) if p.stem == lesson or p.stem[:2] == lesson]
    if not paths:
        return ()
    path = paths[0]
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise QuizError(f"think/{path.name}, line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(raw, list) or not raw:
        raise QuizError(f"think/{path.name}: must be a non-empty JSON list of prompts")
    known = set(load_sources()["id"])
    prompts = tuple(_parse(item, path, i, known) for i, item in enumerate(raw))
    ids = [p.id for p in prompts]
    if len(ids) != len(set(ids)):
        raise QuizError(f"think/{path.name}: duplicate prompt id {sorted({i for i in ids if ids.count(i) > 1})}")
    return prompts


def prompt(prompt_id: str) -> Prompt:
    """The Think! prompt with this id (e.g. ``"04_fluid_loss"``).

    Raises
    ------
    ValueError
        Naming ``prompt_id`` and the ids of its lesson, if there is no such prompt.
    """
    if not isinstance(prompt_id, str) or not _ID.match(prompt_id):
        raise ValueError(f"prompt_id={prompt_id!r} must be a Think! prompt id such as '04_fluid_loss'")
    prompts = load_prompts(prompt_id[:2])
    for found in prompts:
        if found.id == prompt_id:
            return found
    raise ValueError(
        f"prompt_id={prompt_id!r} is not a Think! prompt; lesson {prompt_id[:2]} has: "
        f"{', '.join(p.id for p in prompts) or 'none'}"
    )


def model_value(item: Prompt) -> float:
    """The kit's value for a ``"number"`` prompt, recomputed from its ``computed_from``.

    Raises
    ------
    ValueError
        If the prompt is not a number prompt.
    """
    if item.computed_from is None:
        raise ValueError(f"prompt {item.id!r} is a {item.kind!r} prompt; only number prompts have a model value")
    return float(_compute(item.computed_from))
