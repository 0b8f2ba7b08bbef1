"""Self-check question banks: load, validate, grade and recompute.

One JSON file per lesson lives in ``data/quizzes/<notebook stem>.json``
(shipped in the wheel as ``calfkit/_data/quizzes``). Each file is a list of
questions in jupyterquiz's JSON format, so the same file also loads in
``jupyterquiz.display_quiz``::

    {"question": "...", "type": "multiple_choice" | "many_choice" | "numeric",
     "answers": [...], "id": "02_peak_hour", "sources": ["cheung2003"]}

Choice answers are ``{"answer": str, "correct": bool, "feedback": str}``.
Numeric answers are ``{"type": "value", "value": x, "correct": bool,
"feedback": str}``, ``{"type": "range", "range": [lo, hi], "correct": bool,
"feedback": str}`` (``lo <= x < hi``) and at most one ``{"type": "default",
"feedback": str}``. A numeric question may set jupyterquiz's ``precision``
(significant digits): the learner's number and every ``value`` answer are
rounded to that many digits before they are compared, which is the
question's tolerance, identical in jupyterquiz and in calfkit's widget.

Keys jupyterquiz ignores and calfkit requires or reads:

``id``
    Unique across all banks: the lesson's two-digit number, ``_``, snake_case.
``sources``
    One or more ids from ``data/sources.csv``.
``computed_from`` (numeric questions only)
    How to recompute the correct ``value`` answer with calfkit, so a data or
    model change that makes the question wrong fails the tests. One of::

        {"function": "fluid_loss" | "doms_summary" | "soreness_risk",
         "kwargs": {...}, "field": "loss_pct"}
        {"function": "training_load",
         "kwargs": {"log": {"start": "2024-01-01", "distance_km": [...]}},
         "field": "daily.acwr_coupled" | "weekly.change_pct", "row": -1}
        {"table": "doms_timeline", "id": "byrnes1985_doms", "column": "peak_h_low"}
        {"table": "sources", "count_where": {"kind": "seed"}}

Question and answer text is plain text (no ``<`` and no ``$``, which
jupyterquiz would read as HTML or mathematics).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "QUESTION_TYPES",
    "QuizError",
    "Answer",
    "Question",
    "Bank",
    "Verdict",
    "quiz_dir",
    "lessons",
    "resolve_lesson",
    "load_bank",
    "load_banks",
    "grade",
    "parse_number",
    "round_to_precision",
    "answer_key",
    "computed_value",
]

QUESTION_TYPES = ("multiple_choice", "many_choice", "numeric")
MODEL_FUNCTIONS = ("fluid_loss", "doms_summary", "soreness_risk", "training_load")
TABLES = ("sources", "causes", "nutrients", "doms_timeline", "red_flags", "treatments", "claims", "model_parameters")

_QUESTION_KEYS = {
    "multiple_choice": {"question", "type", "answers", "id", "sources"},
    "many_choice": {"question", "type", "answers", "id", "sources"},
    "numeric": {"question", "type", "answers", "id", "sources", "precision", "computed_from"},
}
_ANSWER_KEYS = {
    "choice": {"answer", "correct", "feedback"},
    "value": {"type", "value", "correct", "feedback"},
    "range": {"type", "range", "correct", "feedback"},
    "default": {"type", "feedback"},
}
_NAME = re.compile(r"^(\d{2})_[a-z0-9][a-z0-9_]*$")
"""Bank file stems and question ids: two-digit lesson number, ``_``, snake_case."""
_FORBIDDEN_TEXT = ("<", "$")
MAX_PRECISION = 15


class QuizError(ValueError):
    """A question bank does not follow the bank format."""


@dataclass(frozen=True)
class Answer:
    """One answer of a question.

    Attributes
    ----------
    kind : str
        ``"choice"`` (multiple / many choice), or for numeric questions
        ``"value"``, ``"range"`` or ``"default"``.
    feedback : str
        Shown when the learner gives (or, for numeric, matches) this answer.
    correct : bool
        Whether this answer is right (always False for ``"default"``).
    text : str
        Answer text of a choice answer; empty otherwise.
    value : float or None
        Number of a ``"value"`` answer.
    range : tuple of float or None
        ``(lo, hi)`` of a ``"range"`` answer, matching ``lo <= x < hi``.
    """

    kind: str
    feedback: str
    correct: bool = False
    text: str = ""
    value: float | None = None
    range: tuple[float, float] | None = None


@dataclass(frozen=True)
class Question:
    """One validated question.

    Attributes
    ----------
    id : str
        Unique id, e.g. ``"04_fluid_loss_pct"``.
    type : str
        One of :data:`QUESTION_TYPES`.
    text : str
        The question.
    answers : tuple of Answer
        In the bank's order; the widget shows choice answers shuffled (:mod:`calfkit.quiz.order`).
    sources : tuple of str
        Source ids in ``data/sources.csv``.
    precision : int or None
        Significant digits numeric answers are compared at (None = exact).
    computed_from : dict or None
        Recipe for recomputing the correct value with calfkit (numeric only).
    location : str
        ``"quizzes/<file>, question <n> ('<id>')"``, for error messages.
    """

    id: str
    type: str
    text: str
    answers: tuple[Answer, ...]
    sources: tuple[str, ...]
    precision: int | None = None
    computed_from: Mapping[str, Any] | None = field(default=None, compare=False)
    location: str = field(default="", compare=False)


@dataclass(frozen=True)
class Bank:
    """A lesson's validated question bank.

    Attributes
    ----------
    lesson : str
        Notebook stem, e.g. ``"02_doms_timeline"``.
    path : pathlib.Path
        The JSON file it was read from.
    questions : tuple of Question
    """

    lesson: str
    path: Path
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Verdict:
    """Result of grading one response.

    Attributes
    ----------
    correct : bool
        True only for a right answer.
    answered : bool
        False when there was nothing to grade (no choice made, no number).
    heading : str
        ``"Correct."``, ``"Not quite."`` or a request to answer first.
    details : tuple of str
        The per-answer feedback lines to show under the heading.
    """

    correct: bool
    answered: bool
    heading: str
    details: tuple[str, ...] = ()


def quiz_dir() -> Path:
    """Folder holding the shipped banks (``data/quizzes``, or ``calfkit/_data/quizzes`` in a wheel)."""
    from ..data import data_dir

    return data_dir() / "quizzes"


def _folder(directory: str | Path | None) -> Path:
    if directory is None:
        return quiz_dir()
    if isinstance(directory, (str, Path)) and Path(directory).is_dir():
        return Path(directory)
    raise ValueError(f"directory={directory!r} is not an existing folder of question banks")


def lessons(directory: str | Path | None = None) -> tuple[str, ...]:
    """Notebook stems that have a question bank, sorted.

    Parameters
    ----------
    directory : str or pathlib.Path, optional
        Folder of banks instead of the kit's own ``data/quizzes``.

    Returns
    -------
    tuple of str
        E.g. ``("00_start_here", "01_calf_anatomy_and_causes", ...)``.

    Raises
    ------
    QuizError
        If a ``.json`` file in the folder is not named like a notebook.
    """
    paths = sorted(_folder(directory).glob("*.json"))
    for path in paths:
        if not _NAME.match(path.stem):
            raise QuizError(
                f"{_where(path)}: a bank must be named after its notebook, e.g. 02_doms_timeline.json "
                "(two-digit lesson number, '_', snake_case)"
            )
    return tuple(path.stem for path in paths)


def resolve_lesson(lesson: str, directory: str | Path | None = None) -> str:
    """The notebook stem for ``"02"`` or ``"02_doms_timeline"``.

    Raises
    ------
    ValueError
        Naming ``lesson`` and the allowed values, if no bank matches.
    """
    names = lessons(directory)
    if isinstance(lesson, str):
        if lesson in names:
            return lesson
        numbered = [name for name in names if len(lesson) == 2 and name[:2] == lesson]
        if numbered:
            return numbered[0]
    allowed = ", ".join(repr(name[:2]) for name in names)
    raise ValueError(
        f"lesson={lesson!r} is not a lesson with a quiz; allowed: a lesson number ({allowed}) "
        f"or a notebook name ({', '.join(repr(n) for n in names)})"
    )


def _where(path: Path, index: int | None = None, qid: str | None = None, key: str | None = None) -> str:
    text = f"{path.parent.name}/{path.name}"
    if index is not None:
        text += f", question {index + 1}"
        if qid:
            text += f" ({qid!r})"
    if key is not None:
        text += f", key {key!r}"
    return text


def _plain_text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise QuizError(f"{where}: must be a non-empty string, got {value!r}")
    for char in _FORBIDDEN_TEXT:
        if char in value:
            raise QuizError(
                f"{where}: contains {char!r}; write plain text (jupyterquiz reads '<' as HTML and '$' as maths)"
            )
    return value.strip()


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise QuizError(f"{where}: must be a finite number, got {value!r}")
    return float(value)


def _check_keys(item: Mapping[str, Any], allowed: set[str], required: Iterable[str], where: str) -> None:
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise QuizError(f"{where}: unknown key(s) {unknown}; allowed keys: {sorted(allowed)}")
    for key in required:
        if key not in item:
            raise QuizError(f"{where}, key {key!r}: missing")


def _parse_answer(item: Any, qtype: str, path: Path, index: int, qid: str, a: int) -> Answer:
    where = f"{_where(path, index, qid, 'answers')}, answer {a + 1}"
    if not isinstance(item, Mapping):
        raise QuizError(f"{where}: must be an object, got {type(item).__name__}")
    if qtype != "numeric":
        _check_keys(item, _ANSWER_KEYS["choice"], ("answer", "correct", "feedback"), where)
        correct = item["correct"]
        if not isinstance(correct, bool):
            raise QuizError(f"{where}, key 'correct': must be true or false, got {correct!r}")
        return Answer(
            kind="choice",
            text=_plain_text(item["answer"], f"{where}, key 'answer'"),
            correct=correct,
            feedback=_plain_text(item["feedback"], f"{where}, key 'feedback'"),
        )
    kind = item.get("type")
    if kind not in ("value", "range", "default"):
        raise QuizError(f"{where}, key 'type': must be 'value', 'range' or 'default', got {kind!r}")
    required = ("type", "feedback") if kind == "default" else ("type", kind, "correct", "feedback")
    _check_keys(item, _ANSWER_KEYS[kind], required, where)
    feedback = _plain_text(item["feedback"], f"{where}, key 'feedback'")
    if kind == "default":
        return Answer(kind="default", feedback=feedback)
    correct = item["correct"]
    if not isinstance(correct, bool):
        raise QuizError(f"{where}, key 'correct': must be true or false, got {correct!r}")
    if kind == "value":
        return Answer(
            kind="value", value=_number(item["value"], f"{where}, key 'value'"), correct=correct, feedback=feedback
        )
    bounds = item["range"]
    if not isinstance(bounds, Sequence) or isinstance(bounds, str) or len(bounds) != 2:
        raise QuizError(f"{where}, key 'range': must be [low, high], got {bounds!r}")
    low, high = (_number(b, f"{where}, key 'range'") for b in bounds)
    if not low < high:
        raise QuizError(f"{where}, key 'range': low {low:g} must be below high {high:g}")
    return Answer(kind="range", range=(low, high), correct=correct, feedback=feedback)


def _check_computed_from(spec: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(spec, Mapping):
        raise QuizError(f"{where}: must be an object, got {spec!r}")
    if "function" in spec:
        name = spec["function"]
        if name not in MODEL_FUNCTIONS:
            raise QuizError(f"{where}, 'function': {name!r} is not one of {', '.join(MODEL_FUNCTIONS)}")
        allowed = {"function", "kwargs", "field", "row"} if name == "training_load" else {"function", "kwargs", "field"}
        _check_keys(spec, allowed, sorted(allowed), where)
        if not isinstance(spec["kwargs"], Mapping):
            raise QuizError(f"{where}, 'kwargs': must be an object of keyword arguments")
        if not isinstance(spec["field"], str) or not spec["field"]:
            raise QuizError(f"{where}, 'field': must be a result field name")
        if name == "training_load":
            log = spec["kwargs"].get("log")
            if not (
                isinstance(log, Mapping)
                and set(log) == {"start", "distance_km"}
                and isinstance(log["distance_km"], list)
            ):
                raise QuizError(f"{where}, 'kwargs': needs 'log': {{'start': 'YYYY-MM-DD', 'distance_km': [...]}}")
            table, _, column = spec["field"].partition(".")
            if table not in ("daily", "weekly") or not column:
                raise QuizError(
                    f"{where}, 'field': must be 'daily.<column>' or 'weekly.<column>', got {spec['field']!r}"
                )
            if isinstance(spec["row"], bool) or not isinstance(spec["row"], int):
                raise QuizError(f"{where}, 'row': must be a whole number (row position, -1 = last)")
        return spec
    if "table" in spec:
        if spec["table"] not in TABLES:
            raise QuizError(f"{where}, 'table': {spec['table']!r} is not one of {', '.join(TABLES)}")
        if "count_where" in spec:
            _check_keys(spec, {"table", "count_where"}, ("table", "count_where"), where)
            if not isinstance(spec["count_where"], Mapping) or not spec["count_where"]:
                raise QuizError(f"{where}, 'count_where': must map column names to values")
            return spec
        _check_keys(spec, {"table", "id", "column"}, ("table", "id", "column"), where)
        return spec
    raise QuizError(f"{where}: needs 'function' (a calfkit model) or 'table' (a calfkit data table)")


def _parse_question(item: Any, path: Path, index: int, known_sources: set[str]) -> Question:
    if not isinstance(item, Mapping):
        raise QuizError(f"{_where(path, index)}: must be an object, got {type(item).__name__}")
    qid = item.get("id") if isinstance(item.get("id"), str) else None
    qtype = item.get("type")
    if qtype not in QUESTION_TYPES:
        raise QuizError(f"{_where(path, index, qid, 'type')}: {qtype!r} is not one of {', '.join(QUESTION_TYPES)}")
    _check_keys(item, _QUESTION_KEYS[qtype], ("question", "type", "answers", "id", "sources"), _where(path, index, qid))
    match = _NAME.match(qid or "")
    if not match or match.group(1) != path.stem[:2]:
        raise QuizError(
            f"{_where(path, index, qid, 'id')}: {item['id']!r} must be the lesson number "
            f"'{path.stem[:2]}', '_', then snake_case (e.g. '{path.stem[:2]}_peak_hour')"
        )
    text = _plain_text(item["question"], _where(path, index, qid, "question"))
    sources = item["sources"]
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
        raise QuizError(f"{_where(path, index, qid, 'sources')}: must be a non-empty list of source ids")
    for source in sources:
        if source not in known_sources:
            raise QuizError(
                f"{_where(path, index, qid, 'sources')}: unknown source id {source!r} (not in data/sources.csv)"
            )
    raw_answers = item["answers"]
    if not isinstance(raw_answers, list) or len(raw_answers) < 2:
        raise QuizError(f"{_where(path, index, qid, 'answers')}: must be a list of at least 2 answers")
    answers = tuple(_parse_answer(a, qtype, path, index, qid, i) for i, a in enumerate(raw_answers))
    where = _where(path, index, qid, "answers")
    n_correct = sum(a.correct for a in answers)
    if qtype == "multiple_choice" and n_correct != 1:
        raise QuizError(f"{where}: a multiple_choice question needs exactly 1 correct answer, found {n_correct}")
    if qtype == "many_choice" and n_correct < 1:
        raise QuizError(f"{where}: a many_choice question needs at least 1 correct answer, found 0")
    if qtype != "numeric":
        texts = [a.text for a in answers]
        repeated = sorted({t for t in texts if texts.count(t) > 1})
        if repeated:
            raise QuizError(f"{where}: repeated answer text {repeated}")
    precision = None
    computed = None
    if qtype == "numeric":
        if not any(a.correct and a.kind == "value" for a in answers):
            raise QuizError(f"{where}: a numeric question needs a 'value' answer with correct true")
        if sum(a.kind == "default" for a in answers) > 1:
            raise QuizError(f"{where}: at most one 'default' answer is allowed")
        if "precision" in item:
            precision = item["precision"]
            if isinstance(precision, bool) or not isinstance(precision, int) or not 1 <= precision <= MAX_PRECISION:
                raise QuizError(
                    f"{_where(path, index, qid, 'precision')}: must be a whole number of significant digits "
                    f"in [1, {MAX_PRECISION}], got {precision!r}"
                )
        if "computed_from" in item:
            computed = _check_computed_from(item["computed_from"], _where(path, index, qid, "computed_from"))
    return Question(
        id=qid,
        type=qtype,
        text=text,
        answers=answers,
        sources=tuple(sources),
        precision=precision,
        computed_from=computed,
        location=_where(path, index, qid),
    )


def _read_bank(path: Path, known_sources: set[str]) -> Bank:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise QuizError(f"{_where(path)}: not valid UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise QuizError(f"{_where(path)}, line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(raw, list) or not raw:
        raise QuizError(f"{_where(path)}: must be a non-empty JSON list of questions")
    questions = tuple(_parse_question(item, path, i, known_sources) for i, item in enumerate(raw))
    seen: dict[str, int] = {}
    for i, question in enumerate(questions):
        if question.id in seen:
            raise QuizError(
                f"{_where(path, i, question.id, 'id')}: duplicate id (first used by question {seen[question.id] + 1})"
            )
        seen[question.id] = i
    return Bank(lesson=path.stem, path=path, questions=questions)


@cache
def _cached_bank(path: Path, stamp: tuple[int, int], sources_stamp: tuple[int, int]) -> Bank:
    from ..data import load_sources

    return _read_bank(path, set(load_sources()["id"]))


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


def load_bank(lesson: str, directory: str | Path | None = None) -> Bank:
    """Load and validate one lesson's question bank.

    Parameters
    ----------
    lesson : str
        ``"02"`` or ``"02_doms_timeline"``.
    directory : str or pathlib.Path, optional
        Folder of banks instead of the kit's own ``data/quizzes``.

    Returns
    -------
    Bank

    Raises
    ------
    ValueError
        If ``lesson`` names no bank; :class:`QuizError` (a ``ValueError``)
        naming the file, the question number and the key if the bank breaks
        the format.
    """
    folder = _folder(directory)
    path = (folder / f"{resolve_lesson(lesson, folder)}.json").resolve()
    from ..data import data_dir

    return _cached_bank(path, _stamp(path), _stamp(data_dir() / "sources.csv"))


def load_banks(directory: str | Path | None = None) -> dict[str, Bank]:
    """Every bank in a folder, by notebook stem, with ids unique across banks.

    Raises
    ------
    QuizError
        If a bank is invalid or two banks share a question id.
    """
    folder = _folder(directory)
    banks = {name: load_bank(name, folder) for name in lessons(folder)}
    owner: dict[str, str] = {}
    for name, bank in banks.items():
        for question in bank.questions:
            if question.id in owner:
                raise QuizError(f"{question.location}, key 'id': duplicate id, also used in {owner[question.id]}.json")
            owner[question.id] = name
    return banks


def parse_number(text: str) -> float:
    """Read a typed number: ``"1.9"``, ``"1,9"`` (decimal comma), ``"1.9 %"``, ``"-3"`` or ``"3/4"``.

    Raises
    ------
    ValueError
        If ``text`` is not one of those forms of a finite number.
    """
    cleaned = text.strip().removesuffix("%").strip().replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    numerator, slash, denominator = cleaned.partition("/")
    try:
        value = float(numerator) / float(denominator) if slash else float(cleaned)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"text={text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"text={text!r} is not a finite number")
    return value


def round_to_precision(x: float, precision: int | None) -> float:
    """Round to ``precision`` significant digits, halves away from zero (JavaScript's ``toPrecision``).

    ``None`` returns ``x`` unchanged.
    """
    if precision is None or x == 0:
        return x
    exact = Decimal(x)
    quantum = Decimal(1).scaleb(exact.adjusted() - precision + 1)
    return float(exact.quantize(quantum, rounding=ROUND_HALF_UP))


def grade(question: Question, response: Any) -> Verdict:
    """Grade a learner's response to one question.

    Parameters
    ----------
    question : Question
    response : int, collection of int, float, str or None
        The chosen answer's position (``multiple_choice``), the ticked
        positions (``many_choice``) or the number typed (``numeric``: a
        float, or text read by :func:`parse_number`); ``None``, blank text
        or an empty collection means no answer yet.

    Returns
    -------
    Verdict
        Numeric questions follow jupyterquiz: the number is rounded to the
        question's precision, then the answers are tried in order (a value
        matches if equal after rounding, a range if ``lo <= x < hi``); the
        first match decides, otherwise the default answer's feedback shows.
    """
    if question.type == "multiple_choice":
        if response is None:
            return Verdict(False, False, "Choose an answer, then press Check.")
        answer = question.answers[response]
        return Verdict(answer.correct, True, "Correct." if answer.correct else "Not quite.", (answer.feedback,))
    if question.type == "many_choice":
        chosen = sorted(set(response or ()))
        if not chosen:
            return Verdict(False, False, "Tick at least one answer, then press Check.")
        right = {i for i, a in enumerate(question.answers) if a.correct}
        details = [question.answers[i].feedback for i in chosen]
        missed = len(right - set(chosen))
        if missed:
            details.append(
                f"There {'is' if missed == 1 else 'are'} {missed} more correct "
                f"answer{'' if missed == 1 else 's'} to tick."
            )
        correct = set(chosen) == right
        return Verdict(correct, True, "Correct." if correct else "Not quite.", tuple(details))
    if isinstance(response, str):
        if not response.strip():
            response = None
        else:
            try:
                response = parse_number(response)
            except ValueError:
                return Verdict(
                    False, False, f"{response.strip()!r} is not a number: type digits such as 1.5, then press Check."
                )
    if response is None or not math.isfinite(response):
        return Verdict(False, False, "Type a number, then press Check.")
    x = round_to_precision(float(response), question.precision)
    default = "Not quite. Try again."
    for answer in question.answers:
        if answer.kind == "value" and x == round_to_precision(answer.value, question.precision):
            return _numeric_verdict(answer)
        if answer.kind == "range" and answer.range[0] <= x < answer.range[1]:
            return _numeric_verdict(answer)
        if answer.kind == "default":
            default = answer.feedback
    return Verdict(False, True, "Not quite.", (default,))


def _numeric_verdict(answer: Answer) -> Verdict:
    return Verdict(answer.correct, True, "Correct." if answer.correct else "Not quite.", (answer.feedback,))


def _fmt(x: float) -> str:
    return f"{x:,.10g}".replace(",", " ") if abs(x) >= 10_000 else f"{x:.10g}"


def answer_key(question: Question) -> str:
    """The right answer(s) in words, for a teacher's answer key.

    Returns
    -------
    str
        Choice questions: the correct answer texts joined by ``"; "``.
        Numeric questions: the correct value and what it is accepted as,
        e.g. ``"1.86 (accepts any answer that rounds to 1.9 at 2 significant figures)"``.
    """
    if question.type != "numeric":
        return "; ".join(a.text for a in question.answers if a.correct)
    value = next(a.value for a in question.answers if a.kind == "value" and a.correct)
    if question.precision is None:
        return f"{_fmt(value)} (exact)"
    p = question.precision
    return (
        f"{_fmt(value)} (accepts any answer that rounds to {_significant(value, p)} "
        f"at {p} significant figure{'s' if p > 1 else ''})"
    )


def _significant(x: float, precision: int) -> str:
    """``x`` rounded to ``precision`` significant digits, keeping trailing zeros (1.0, not 1)."""
    rounded = round_to_precision(x, precision)
    if rounded == 0:
        return "0"
    decimals = max(precision - 1 - math.floor(math.log10(abs(rounded))), 0)
    return f"{rounded:.{decimals}f}"


def computed_value(question: Question) -> float:
    """Recompute a numeric question's correct value with calfkit from its ``computed_from``.

    Raises
    ------
    ValueError
        If the question has no ``computed_from``, or the recipe names a
        result field, row, table id or column that does not exist
        (the message starts with the question's location).
    """
    spec = question.computed_from
    if spec is None:
        raise ValueError(f"{question.location}: has no 'computed_from'")
    try:
        value = _compute(spec)
    except (KeyError, IndexError, AttributeError, TypeError) as exc:
        raise ValueError(f"{question.location}, key 'computed_from': cannot be computed ({exc!r})") from None
    except ValueError as exc:
        raise ValueError(f"{question.location}, key 'computed_from': {exc}") from None
    return float(value)


def _compute(spec: Mapping[str, Any]) -> Any:
    import calfkit

    if "table" in spec:
        table = calfkit.load_table(spec["table"])
        if "count_where" in spec:
            mask = True
            for column, wanted in spec["count_where"].items():
                mask = mask & (table[column] == wanted)
            return int(mask.sum())
        from ..schema import SCHEMAS

        rows = table.loc[table[SCHEMAS[spec["table"]].id_column] == spec["id"], spec["column"]]
        if len(rows) != 1:
            raise KeyError(f"no row with id {spec['id']!r} in {spec['table']}")
        return rows.iloc[0]
    kwargs = dict(spec["kwargs"])
    if spec["function"] == "training_load":
        import pandas as pd

        log = kwargs.pop("log")
        kwargs["log"] = pd.DataFrame(
            {
                "date": pd.date_range(log["start"], periods=len(log["distance_km"]), freq="D"),
                "distance_km": [float(d) for d in log["distance_km"]],
            }
        )
        result = calfkit.training_load(**kwargs)
        table, _, column = spec["field"].partition(".")
        return getattr(result, table)[column].iloc[spec["row"]]
    result = getattr(calfkit, spec["function"])(**kwargs)
    if isinstance(result, Mapping):
        return result[spec["field"]]
    return getattr(result, spec["field"])
