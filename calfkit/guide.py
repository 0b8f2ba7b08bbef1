"""Teacher guide generated from the lessons themselves, so it never drifts from them.

:func:`build_guide` reads every ``notebooks/NN_*.ipynb``: its ``calfkit``
metadata (lesson number, title, time, objectives, Think! prompts with model
answers), its own cells (the prerequisites line, the section headings, the
interactive demos, i.e. code cells calling ``*_explorer()`` or
``*_checker()``, and the cell showing the quiz, ``quiz("NN")``) and the
lesson's quiz bank (the answer key). It returns the
guide as Markdown and as one self-contained, printable HTML page.
``scripts/build_guide.py`` writes them to ``docs/teacher_guide.md`` and
``docs/teacher_guide.html``; a test regenerates both and compares. The output
holds no dates, so the same lessons always give the same bytes.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .quiz.bank import Bank, Question, answer_key, load_banks
from .quiz.think import Prompt, load_prompts

__all__ = ["Demo", "Lesson", "read_lesson", "build_guide"]

TEMPLATE_SECTIONS = ("Overview", "Check your understanding", "Summary", "What's next", "References")
"""H2 sections every lesson has; the outline lists the others."""
TYPE_LABELS = {"multiple_choice": "one answer", "many_choice": "tick all that apply", "numeric": "number"}
TITLE = "calfkit teacher guide"
NOTE = (
    "Educational model, not medical advice. The kit teaches how calf soreness works on average; "
    "it cannot diagnose anyone."
)

_DEMO_CALL = re.compile(r"\b([a-z][a-z0-9_]*_(?:explorer|checker))\(([^()]*)\)")
ORDER_NOTE = (
    "Each learner sees the answers in their own order (shuffled once per session; "
    "CALFKIT_QUIZ_SEED=N gives a whole class one order), so the key names answers by their text, "
    "not by a letter."
)
"""Printed under each answer key: why the key has no letters."""
_QUIZ_CALL = re.compile(r"(?<![\w.])quiz\(\s*(['\"])[^'\"]+\1\s*\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_PREREQ = re.compile(r"^\*\*Prerequisites\*\*\s*[—–-]+\s*(.+)$")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


@dataclass(frozen=True)
class Demo:
    """One interactive demo of a lesson.

    Attributes
    ----------
    call : str
        The call as written in the lesson, e.g. ``"risk_explorer()"``.
    section : str
        The H2 section it sits in.
    description : str
        The text under the "Interactive demo" heading before it (may be empty).
    """

    call: str
    section: str
    description: str


@dataclass(frozen=True)
class Lesson:
    """What the guide shows for one lesson, read from its notebook.

    Attributes
    ----------
    stem : str
        Notebook file name without ``.ipynb``.
    number : int
    title : str
    time_minutes : int
    objectives : tuple of str
    think : tuple of (str, str)
        ``(prompt, model answer)`` pairs from the metadata.
    prerequisites : str
        Text after ``**Prerequisites** —`` in the lesson (empty if none).
    sections : tuple of str
        H2 headings other than the template's Overview, Summary, What's next, References.
    demos : tuple of Demo
    quiz : Demo or None
        The cell showing the lesson's quiz (``call`` is e.g. ``'quiz("02")'``),
        or None if the lesson does not show one.
    """

    stem: str
    number: int
    title: str
    time_minutes: int
    objectives: tuple[str, ...]
    think: tuple[tuple[str, str], ...]
    prerequisites: str
    sections: tuple[str, ...]
    demos: tuple[Demo, ...]
    quiz: Demo | None = None


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _prompt_text(item: Prompt) -> str:
    """A Think! prompt as the guide prints it: the question, then the options and the expected one."""
    if item.kind != "choice":
        return item.prompt
    expected = f" Expected: {item.correct}." if item.correct else ""
    return f"{item.prompt} (Options: {'; '.join(item.choices)}.{expected})"


def read_lesson(path: str | Path) -> Lesson:
    """Read one lesson notebook.

    Raises
    ------
    ValueError
        If the notebook is not JSON or its ``calfkit`` metadata lacks
        ``lesson``, ``title``, ``time_minutes`` or ``objectives``, or has a
        malformed ``think`` entry (the message names the file and the key).
    """
    path = Path(path)
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path.name}: not a valid notebook ({exc.msg}, line {exc.lineno})") from None
    meta = notebook.get("metadata", {}).get("calfkit")
    if not isinstance(meta, dict):
        raise ValueError(f"{path.name}: notebook metadata has no 'calfkit' entry")
    for key, kind, label in (
        ("lesson", int, "whole number"),
        ("title", str, "string"),
        ("time_minutes", int, "whole number"),
        ("objectives", list, "list of strings"),
    ):
        value = meta.get(key)
        if (
            not isinstance(value, kind)
            or isinstance(value, bool)
            or (kind is list and not all(isinstance(o, str) for o in value))
        ):
            raise ValueError(f"{path.name}: metadata calfkit.{key} must be a {label}, got {value!r}")
    think = [(_prompt_text(p), p.answer) for p in load_prompts(path.stem)]
    for i, item in enumerate(meta.get("think", [])):
        if not (isinstance(item, dict) and isinstance(item.get("prompt"), str) and isinstance(item.get("answer"), str)):
            raise ValueError(f"{path.name}: metadata calfkit.think[{i}] must have string 'prompt' and 'answer'")
        think.append((item["prompt"], item["answer"]))

    prerequisites = ""
    sections: list[str] = []
    demos: list[Demo] = []
    quiz: Demo | None = None
    section = ""
    demo_text = ""
    for cell in notebook.get("cells", []):
        text = _source(cell)
        if cell.get("cell_type") == "markdown":
            demo_lines: list[str] | None = None
            for line in text.splitlines():
                heading = _HEADING.match(line)
                if heading:
                    level, title = len(heading.group(1)), heading.group(2)
                    if level == 2:
                        section = title
                        if title not in TEMPLATE_SECTIONS:
                            sections.append(title)
                    is_demo = level == 3 and title.lower().startswith("interactive demo")
                    demo_lines = [] if is_demo else None
                    demo_text = ""
                    continue
                prereq = _PREREQ.match(line.strip())
                if prereq:
                    prerequisites = prereq.group(1).strip()
                if demo_lines is not None:
                    demo_lines.append(line)
                    demo_text = " ".join(" ".join(demo_lines).split())
        elif cell.get("cell_type") == "code":
            for match in _DEMO_CALL.finditer(text):
                demos.append(Demo(call=match.group(0), section=section, description=demo_text))
                demo_text = ""
            shown = _QUIZ_CALL.search(text)
            if shown and quiz is None:
                quiz = Demo(call=shown.group(0), section=section, description="")
    return Lesson(
        stem=path.stem,
        number=meta["lesson"],
        title=meta["title"],
        time_minutes=meta["time_minutes"],
        objectives=tuple(meta["objectives"]),
        think=tuple(think),
        prerequisites=prerequisites,
        sections=tuple(sections),
        demos=tuple(demos),
        quiz=quiz,
    )


# ---------------------------------------------------------------- Markdown


def _md_text(text: str) -> str:
    """Lesson markdown made safe for the guide: links become their text (notebook links would break)."""
    return _LINK.sub(r"\1", text)


def _md_item(text: str) -> str:
    """A heading as a list item; a leading "1." is escaped so it does not start a nested list."""
    return re.sub(r"^(\d+)\.", r"\1\\.", _md_text(text))


def _md_cell(text: str) -> str:
    return _md_text(text).replace("|", "\\|").replace("\n", " ")


def _quiz_where(lesson: Lesson, code: Callable[[str], str], section: Callable[[str], str]) -> str:
    """Where the lesson shows its quiz; ``code`` formats the call, ``section`` the section name."""
    if lesson.quiz is None:
        call = 'quiz("' + f"{lesson.number:02d}" + '")'
        return f"The lesson does not show this quiz yet (add a cell calling {code(call)})"
    return f"The lesson shows the quiz with {code(lesson.quiz.call)} in {section(lesson.quiz.section)}"


def _md_lesson(lesson: Lesson, bank: Bank | None) -> list[str]:
    out = [f"## Lesson {lesson.number:02d}: {lesson.title}", ""]
    out.append(f"**Notebook:** `notebooks/{lesson.stem}.ipynb` · **Time:** {lesson.time_minutes} minutes")
    out.append("")
    if lesson.prerequisites:
        out += [f"**Prerequisites:** {_md_text(lesson.prerequisites)}", ""]
    out += ["### Learning objectives", ""]
    out += [f"{i}. {o}" for i, o in enumerate(lesson.objectives, 1)] + [""]
    out += ["### Outline", ""]
    out += [f"- {_md_item(s)}" for s in lesson.sections] + [""]
    out += ["### Interactive demos", ""]
    if lesson.demos:
        for demo in lesson.demos:
            tail = f": {_md_text(demo.description)}" if demo.description else ""
            out.append(f"- `{demo.call}` in *{_md_text(demo.section)}*{tail}")
    else:
        out.append("None in this lesson.")
    out.append("")
    out += ["### Think! prompts and model answers", ""]
    if lesson.think:
        for i, (prompt, answer) in enumerate(lesson.think, 1):
            out += [f"{i}. **Prompt:** {prompt}", f"   - **Model answer:** {answer}"]
    else:
        out.append("No Think! model answers in this lesson's metadata.")
    out.append("")
    out += ["### Self-check quiz: answer key", ""]
    if bank is None:
        out += ["No quiz bank for this lesson yet.", ""]
        return out
    where = _quiz_where(lesson, lambda call: f"`{call}`", lambda name: f"*{_md_text(name)}*")
    out += [f"{where}; questions come from `data/quizzes/{bank.path.name}`. {ORDER_NOTE}", ""]
    for i, q in enumerate(bank.questions, 1):
        out += [
            f"{i}. {q.text} *({TYPE_LABELS[q.type]})*",
            f"   - **Answer:** {answer_key(q)}",
            f"   - **Feedback:** {_explanation(q)}",
            f"   - **Sources:** {', '.join(q.sources)}",
        ]
    out.append("")
    return out


def _explanation(question: Question) -> str:
    """Feedback of the correct answer(s): the reasoning a teacher can read out."""
    return " ".join(a.feedback for a in question.answers if a.correct)


def _md_guide(lessons: list[Lesson], banks: dict[str, Bank], citations: list[str]) -> str:
    out = [f"# {TITLE}", ""]
    out += [
        "Generated by `scripts/build_guide.py` from the lessons' own metadata and cells and from the quiz "
        "banks in `data/quizzes/`. Do not edit by hand: change the lesson or the bank, then run "
        "`python scripts/build_guide.py`. A printable version is `docs/teacher_guide.html`.",
        "",
        f"> ⚠️ **{NOTE}**",
        "",
        "## Lessons at a glance",
        "",
        "| # | lesson | time (min) | demos | Think! prompts | quiz questions |",
        "|---|---|---|---|---|---|",
    ]
    for lesson in lessons:
        bank = banks.get(lesson.stem)
        out.append(
            f"| {lesson.number:02d} | {_md_cell(lesson.title)} | {lesson.time_minutes} | {len(lesson.demos)} | "
            f"{len(lesson.think)} | {len(bank.questions) if bank else 0} |"
        )
    out += ["", f"Total time: {sum(l.time_minutes for l in lessons)} minutes.", ""]
    for lesson in lessons:
        out += _md_lesson(lesson, banks.get(lesson.stem))
    out += ["## Sources cited in the answer keys", ""]
    out += [f"- {c}" for c in citations]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- HTML

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.5;
       color: #111; max-width: 60em; margin: 0 auto; padding: 1em 1.5em; }
h1, h2, h3 { line-height: 1.25; }
h2 { border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border: 1px solid #777; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
thead th { background: #e8f1f8; }
.note { border-left: 4px solid #D55E00; background: #fff6ef; padding: 0.4em 0.8em; }
.meta { color: #333; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.95em; }
dt { font-weight: bold; margin-top: 0.5em; }
dd { margin-left: 1.5em; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  section.lesson { break-before: page; }
  h2, h3 { break-after: avoid; }
  tr, li, dt, dd, .note { break-inside: avoid; }
  thead { display: table-header-group; }
  thead th { background: none; }
  a { color: inherit; text-decoration: none; }
}
@page { margin: 16mm 14mm; }
""".strip()


def _inline(text: str) -> str:
    """Lesson markdown (bold, italics, code, links) as escaped inline HTML; links become their text."""
    out = html.escape(_md_text(text), quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"(?<![*\w])\*([^*]+)\*(?![*\w])", r"<em>\1</em>", out)


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _html_lesson(lesson: Lesson, bank: Bank | None) -> list[str]:
    anchor = f"lesson-{lesson.number:02d}"
    out = [
        f'<section class="lesson" aria-labelledby="{anchor}">',
        f'<h2 id="{anchor}">Lesson {lesson.number:02d}: {_esc(lesson.title)}</h2>',
        f'<p class="meta"><strong>Notebook:</strong> <code>notebooks/{_esc(lesson.stem)}.ipynb</code> · '
        f"<strong>Time:</strong> {lesson.time_minutes} minutes</p>",
    ]
    if lesson.prerequisites:
        out.append(f"<p><strong>Prerequisites:</strong> {_inline(lesson.prerequisites)}</p>")
    out.append("<h3>Learning objectives</h3>")
    out.append("<ol>" + "".join(f"<li>{_esc(o)}</li>" for o in lesson.objectives) + "</ol>")
    out.append("<h3>Outline</h3>")
    out.append("<ul>" + "".join(f"<li>{_inline(s)}</li>" for s in lesson.sections) + "</ul>")
    out.append("<h3>Interactive demos</h3>")
    if lesson.demos:
        items = []
        for demo in lesson.demos:
            tail = f": {_inline(demo.description)}" if demo.description else ""
            items.append(f"<li><code>{_esc(demo.call)}</code> in <em>{_inline(demo.section)}</em>{tail}</li>")
        out.append("<ul>" + "".join(items) + "</ul>")
    else:
        out.append("<p>None in this lesson.</p>")
    out.append("<h3>Think! prompts and model answers</h3>")
    if lesson.think:
        out.append(
            "<dl>"
            + "".join(
                f"<dt>Prompt {i}: {_esc(prompt)}</dt><dd><strong>Model answer:</strong> {_esc(answer)}</dd>"
                for i, (prompt, answer) in enumerate(lesson.think, 1)
            )
            + "</dl>"
        )
    else:
        out.append("<p>No Think! model answers in this lesson's metadata.</p>")
    out.append("<h3>Self-check quiz: answer key</h3>")
    if bank is None:
        out.append("<p>No quiz bank for this lesson yet.</p>")
    else:
        where = _quiz_where(lesson, lambda call: f"<code>{_esc(call)}</code>", lambda name: f"<em>{_inline(name)}</em>")
        out.append(
            f"<p>{where}; questions come from <code>data/quizzes/{_esc(bank.path.name)}</code>. {_esc(ORDER_NOTE)}</p>"
        )
        out.append(
            "<table><caption>Answer key, lesson "
            f'{lesson.number:02d}</caption><thead><tr><th scope="col">#</th><th scope="col">Question</th>'
            '<th scope="col">Answer</th><th scope="col">Feedback</th><th scope="col">Sources</th></tr></thead><tbody>'
        )
        for i, q in enumerate(bank.questions, 1):
            out.append(
                f'<tr><th scope="row">{i}</th><td>{_esc(q.text)} <em>({TYPE_LABELS[q.type]})</em></td>'
                f"<td>{_esc(answer_key(q))}</td><td>{_esc(_explanation(q))}</td>"
                f"<td>{_esc(', '.join(q.sources))}</td></tr>"
            )
        out.append("</tbody></table>")
    out.append("</section>")
    return out


def _html_guide(lessons: list[Lesson], banks: dict[str, Bank], citations: list[str]) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{TITLE}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{TITLE}</h1>",
        "<p>Generated by <code>scripts/build_guide.py</code> from the lessons' own metadata and cells and from "
        "the quiz banks in <code>data/quizzes/</code>. Do not edit by hand: change the lesson or the bank, then "
        "run <code>python scripts/build_guide.py</code>.</p>",
        f'<p class="note" role="note"><strong>{_esc(NOTE)}</strong></p>',
        '<nav aria-label="Lessons"><ul>'
        + "".join(
            f'<li><a href="#lesson-{l.number:02d}">Lesson {l.number:02d}: {_esc(l.title)}</a></li>' for l in lessons
        )
        + "</ul></nav>",
        "<h2>Lessons at a glance</h2>",
        '<table><caption>Lessons, time and activities</caption><thead><tr><th scope="col">#</th>'
        '<th scope="col">Lesson</th><th scope="col">Time (min)</th><th scope="col">Demos</th>'
        '<th scope="col">Think! prompts</th><th scope="col">Quiz questions</th></tr></thead><tbody>',
    ]
    for lesson in lessons:
        bank = banks.get(lesson.stem)
        out.append(
            f'<tr><th scope="row">{lesson.number:02d}</th><td>{_esc(lesson.title)}</td>'
            f"<td>{lesson.time_minutes}</td><td>{len(lesson.demos)}</td><td>{len(lesson.think)}</td>"
            f"<td>{len(bank.questions) if bank else 0}</td></tr>"
        )
    out.append("</tbody></table>")
    out.append(f"<p>Total time: {sum(l.time_minutes for l in lessons)} minutes.</p>")
    for lesson in lessons:
        out += _html_lesson(lesson, banks.get(lesson.stem))
    out.append('<section aria-labelledby="sources"><h2 id="sources">Sources cited in the answer keys</h2><ul>')
    out += [f"<li>{_esc(c)}</li>" for c in citations]
    out += ["</ul></section>", "</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def build_guide(notebooks_dir: str | Path, quizzes: str | Path) -> tuple[str, str]:
    """Build the teacher guide from lesson notebooks and quiz banks.

    Parameters
    ----------
    notebooks_dir : str or pathlib.Path
        Folder holding the lessons ``NN_name.ipynb``.
    quizzes : str or pathlib.Path
        Folder holding the quiz banks ``NN_name.json`` (normally ``data/quizzes``).

    Returns
    -------
    (str, str)
        The guide as Markdown and as a self-contained printable HTML page
        (inline CSS with print rules, no scripts or external assets).
        Deterministic: no dates or timestamps.

    Raises
    ------
    ValueError
        If ``notebooks_dir`` holds no lessons, a lesson's metadata is
        incomplete, or a bank is invalid (see :func:`calfkit.quiz.load_bank`).
    """
    folder = Path(notebooks_dir)
    paths = sorted(p for p in folder.glob("*.ipynb") if re.match(r"^\d{2}_", p.name))
    if not paths:
        raise ValueError(f"notebooks_dir={str(notebooks_dir)!r} holds no lesson notebooks (NN_name.ipynb)")
    lessons = sorted((read_lesson(p) for p in paths), key=lambda l: (l.number, l.stem))
    banks = load_banks(quizzes)
    from .data import references

    cited = [s for lesson in lessons if lesson.stem in banks for q in banks[lesson.stem].questions for s in q.sources]
    citations = references(cited) if cited else []
    return _md_guide(lessons, banks, citations), _html_guide(lessons, banks, citations)
