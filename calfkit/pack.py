"""The teacher's pack, generated from the lessons, the quiz banks and ``claims.csv`` so it never drifts.

:func:`build_pack` returns the pack's pages as ``name -> (title, body HTML)``:

``pathways.html``
    A 40-minute and a 90-minute class through the lessons, from ``docs/pack/pathways.json``:
    every step names a lesson and one of its H2 sections, which must exist, and the minutes
    must add up to the pathway's length; the demos shown are the ones the lesson's section holds.
``worksheet-NN.html`` (one per lesson)
    A printable predict–observe–explain worksheet: each Think! prompt of the lesson's metadata
    with room to predict, to note what the demo showed and to explain, then the lesson's quiz
    questions without their answers.
``answers-NN.html``
    Its answer key: the model answer of every prompt and the quiz's answers and feedback.
``misconceptions.html``
    Every claim in ``data/claims.csv`` judged incorrect or contested: what learners bring, what
    the evidence says, and its sources.

:func:`standalone` wraps a page as a self-contained printable HTML file (inline CSS, no
scripts); ``scripts/build_pack.py`` writes them to ``docs/pack/`` and ``tests/test_pack.py``
regenerates and compares. The site (:mod:`calfkit.site`) shows the same bodies with its
own header. No dates: the same lessons give the same bytes.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from .guide import TEMPLATE_SECTIONS, Lesson, read_lesson
from .quiz.bank import Bank, answer_key, load_banks
from .quiz.think import load_prompts, model_value

__all__ = ["build_pack", "load_pathways", "standalone", "PACK_CSS"]

NOTE = "Educational model, not medical advice."
_LESSON_PAGE = re.compile(r'href="\.\./(\d{2}_\w+)\.html"')
"""A link to a lesson's page on the site; the standalone pack in docs/pack/ links the notebook instead."""
_TYPE = {"multiple_choice": "choose one", "many_choice": "tick all that apply", "numeric": "write a number"}
PACK_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.5; color: #111;
       max-width: 52rem; margin: 0 auto; padding: 1em 1rem; }
h1, h2, h3 { line-height: 1.25; }
h2 { border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
th, td { border: 1px solid #777; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
thead th { background: #e8f1f8; }
.ck-note { border-left: 4px solid #D55E00; background: #fff6ef; padding: 0.4em 0.8em; }
.ck-table { overflow-x: auto; }
.ck-write { border-bottom: 1px solid #555; min-height: 2.2em; margin: 0.3em 0 0.8em; }
.ck-write-box { border: 1px solid #555; min-height: 6em; margin: 0.3em 0 0.8em; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2, h3 { break-after: avoid; }
  li, tr, section.ck-poe, .ck-note { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
@page { margin: 16mm 14mm; }
""".strip()


def _esc(text: str) -> str:
    return html.escape(str(text), quote=False)


def _lessons(notebooks: Path) -> list[Lesson]:
    paths = sorted(notebooks.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        raise ValueError(f"notebooks={str(notebooks)!r} holds no lesson notebooks (NN_name.ipynb)")
    return sorted((read_lesson(p) for p in paths), key=lambda lesson: (lesson.number, lesson.stem))


def load_pathways(path: str | Path, lessons: list[Lesson]) -> list[dict]:
    """Read and check the pathways file against the lessons.

    Raises
    ------
    ValueError
        Naming the pathway and step, if a step's lesson or section does not exist, its minutes are
        not a positive whole number, or a pathway's minutes do not add up to its length.
    """
    path = Path(path)
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path.name}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    by_stem = {lesson.stem: lesson for lesson in lessons}
    pathways = spec.get("pathways")
    if not isinstance(pathways, list) or not pathways:
        raise ValueError(f"{path.name}: 'pathways' must be a non-empty list")
    for pathway in pathways:
        name = f"{path.name}: pathway {pathway.get('id')!r}"
        total = 0
        for i, step in enumerate(pathway.get("steps", []), 1):
            lesson = by_stem.get(step.get("lesson"))
            if lesson is None:
                raise ValueError(
                    f"{name}, step {i}: lesson {step.get('lesson')!r} is not in notebooks/ "
                    f"(lessons: {', '.join(by_stem)})"
                )
            sections = (*lesson.sections, *TEMPLATE_SECTIONS)
            if step.get("section") not in sections:
                raise ValueError(
                    f"{name}, step {i}: lesson {lesson.stem} has no section {step.get('section')!r} "
                    f"(its sections: {', '.join(repr(s) for s in sections)})"
                )
            minutes = step.get("minutes")
            if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 1:
                raise ValueError(f"{name}, step {i}: minutes={minutes!r} must be a whole number >= 1")
            total += minutes
        if total != pathway.get("minutes"):
            raise ValueError(f"{name}: the steps take {total} minutes, not the pathway's {pathway.get('minutes')!r}")
    return pathways


def _pathways_page(pathways: list[dict], lessons: list[Lesson]) -> tuple[str, str]:
    by_stem = {lesson.stem: lesson for lesson in lessons}
    out = [
        "<h1>Class pathways: 40 and 90 minutes</h1>",
        f"<p>All the lessons take {sum(lesson.time_minutes for lesson in lessons)} minutes. These pathways "
        "pick the parts that fit one class. Every step is a section of a lesson, with the demo it uses; the "
        "worksheets and answer keys of those lessons go with them.</p>",
        f'<p class="ck-note" role="note"><strong>{NOTE}</strong></p>',
    ]
    for pathway in pathways:
        pid = f"pathway-{_esc(pathway['id'])}"
        out.append(f'<section aria-labelledby="{pid}"><h2 id="{pid}">{_esc(pathway["title"])}</h2>')
        out.append(f"<p><strong>Goal:</strong> {_esc(pathway.get('goal', ''))}</p>")
        out.append(
            '<div class="ck-table" role="region" tabindex="0" aria-label="' + _esc(pathway["title"]) + '">'
            f"<table><caption>{_esc(pathway['title'])}: the steps</caption><thead><tr>"
            '<th scope="col">Minutes</th><th scope="col">Lesson and section</th>'
            '<th scope="col">What the class does</th><th scope="col">Demo</th></tr></thead><tbody>'
        )
        clock = 0
        for step in pathway["steps"]:
            lesson = by_stem[step["lesson"]]
            demos = [d.call for d in lesson.demos if d.section == step["section"]]
            if step["section"] == "Check your understanding" and lesson.quiz is not None:
                demos.append(lesson.quiz.call)
            start, clock = clock, clock + step["minutes"]
            out.append(
                f'<tr><th scope="row">{start}–{clock}</th>'
                f'<td><a href="../{lesson.stem}.html">Lesson {lesson.number:02d}: {_esc(lesson.title)}</a>, '
                f'<em>{_esc(step["section"])}</em><br>Worksheet: <a href="worksheet-{lesson.number:02d}.html">'
                f"lesson {lesson.number:02d}</a></td>"
                f"<td>{_esc(step.get('do', ''))}</td>"
                f"<td>{', '.join(f'<code>{_esc(d)}</code>' for d in demos) or '—'}</td></tr>"
            )
        out.append("</tbody></table></div></section>")
    return "Class pathways (40 and 90 minutes)", "\n".join(out)


def _quiz_questions(bank: Bank | None) -> list[str]:
    if bank is None:
        return []
    out = ['<section aria-labelledby="quiz"><h2 id="quiz">Quiz</h2><ol>']
    for q in bank.questions:
        if q.type == "numeric":
            options = '<div class="ck-write" aria-hidden="true"></div>'
        else:
            options = "<ul>" + "".join(f"<li>☐ {_esc(a.text)}</li>" for a in q.answers) + "</ul>"
        out.append(f"<li><p>{_esc(q.text)} <em>({_TYPE[q.type]})</em></p>{options}</li>")
    out.append("</ol></section>")
    return out


def _think(lesson: Lesson) -> list[tuple[str, str, str]]:
    """The lesson's Think! prompts as (what the learner reads, how to answer, the model answer).

    Prompts from ``data/think`` give their options (never which is right) or their unit; prompts
    still in the notebook's metadata follow them.
    """
    out = []
    prompts = load_prompts(lesson.stem)
    for item in prompts:
        if item.kind == "choice":
            how = "Circle one: " + " / ".join(item.choices)
            key = f"Expected: {item.correct}. " if item.correct else ""
        elif item.kind == "number":
            unit = f" ({item.unit.strip()})" if item.unit.strip() else ""
            how = f"Write a number{unit}."
            key = f"The kit's model gives {model_value(item):.{item.decimals}f}{unit}. "
        else:
            how, key = "Write one or two sentences.", ""
        out.append((item.prompt, how, key + item.answer))
    for prompt, answer in lesson.think[len(prompts) :]:
        out.append((prompt, "", answer))
    return out


def _worksheet(lesson: Lesson, bank: Bank | None) -> tuple[str, str]:
    title = f"Worksheet, lesson {lesson.number:02d}: {lesson.title}"
    demos = ", ".join(f"<code>{_esc(d.call)}</code> (<em>{_esc(d.section)}</em>)" for d in lesson.demos)
    out = [
        f"<h1>{_esc(title)}</h1>",
        "<p>Name: ____________________ &nbsp; Date: ____________</p>",
        "<p>For each question: <strong>predict</strong> before you touch the demo, then <strong>observe</strong> "
        "what it shows, then <strong>explain</strong> the difference. A wrong prediction is fine: it is how "
        "you find out what you did not know yet.</p>",
        f'<p class="ck-note" role="note"><strong>{NOTE}</strong></p>',
        '<section aria-labelledby="goals"><h2 id="goals">By the end you can</h2><ol>'
        + "".join(f"<li>{_esc(o)}</li>" for o in lesson.objectives)
        + "</ol></section>",
    ]
    think = _think(lesson)
    if think:
        for i, (prompt, how, _answer) in enumerate(think, 1):
            sid = f"poe-{i}"
            out.append(
                f'<section class="ck-poe" aria-labelledby="{sid}"><h2 id="{sid}">Question {i}</h2>'
                f"<p><strong>{_esc(prompt)}</strong></p>"
                f"<h3>1. Predict</h3><p>{_esc(how) + ' ' if how else ''}My prediction, and why:</p>"
                '<div class="ck-write" aria-hidden="true"></div><div class="ck-write" aria-hidden="true"></div>'
                "<h3>2. Observe</h3>"
                f"<p>Use the demo{'s' if len(lesson.demos) > 1 else ''} "
                f"{demos or 'in the lesson'}. What did you see? Write the numbers.</p>"
                '<div class="ck-write" aria-hidden="true"></div><div class="ck-write" aria-hidden="true"></div>'
                "<h3>3. Explain</h3><p>Was your prediction right? Explain what you saw, using the evidence "
                'from the lesson:</p><div class="ck-write-box" aria-hidden="true"></div></section>'
            )
    else:
        out.append("<p>This lesson has no Think! questions yet.</p>")
    out += _quiz_questions(bank)
    return title, "\n".join(out)


def _answers(lesson: Lesson, bank: Bank | None) -> tuple[str, str]:
    title = f"Answer key, lesson {lesson.number:02d}: {lesson.title}"
    out = [
        f"<h1>{_esc(title)}</h1>",
        f'<p>For the teacher. The worksheet is <a href="worksheet-{lesson.number:02d}.html">here</a>.</p>',
        '<section aria-labelledby="model"><h2 id="model">Predict–observe–explain: model answers</h2><ol>',
    ]
    out += [f"<li><p><strong>{_esc(p)}</strong></p><p>{_esc(a)}</p></li>" for p, _how, a in _think(lesson)]
    out.append("</ol></section>")
    if bank is not None:
        out.append('<section aria-labelledby="key"><h2 id="key">Quiz answers</h2><ol>')
        for q in bank.questions:
            why = " ".join(a.feedback for a in q.answers if a.correct)
            out.append(
                f"<li><p>{_esc(q.text)}</p><p><strong>Answer:</strong> {_esc(answer_key(q))}</p>"
                f"<p><strong>Why:</strong> {_esc(why)}</p><p>Sources: {_esc(', '.join(q.sources))}</p></li>"
            )
        out.append("</ol></section>")
    return title, "\n".join(out)


def _misconceptions(data: Path) -> tuple[str, str]:
    from .data import load_claims, references

    claims = load_claims()
    title = "Misconceptions learners bring"
    out = [
        f"<h1>{title}</h1>",
        "<p>Claims from popular articles about calf soreness that the evidence does not support, or supports "
        "only in part. Generated from <code>data/claims.csv</code>; each row gives what learners often believe, "
        "what the evidence says and where it says it. Lesson 07 (Myth or evidence?) works through them.</p>",
        f'<p class="ck-note" role="note"><strong>{NOTE}</strong></p>',
    ]
    labels = {"incorrect": "Incorrect: the evidence says otherwise", "contested": "Contested: partly right, or debated"}
    for verdict in ("incorrect", "contested"):
        rows = claims[claims["verdict"] == verdict].sort_values(["topic", "id"], kind="stable")
        out.append(f'<section aria-labelledby="{verdict}"><h2 id="{verdict}">{labels[verdict]} ({len(rows)})</h2>')
        out.append(
            f'<div class="ck-table" role="region" tabindex="0" aria-label="{labels[verdict]}"><table>'
            f'<caption>{labels[verdict]}</caption><thead><tr><th scope="col">Topic</th>'
            '<th scope="col">What learners bring</th><th scope="col">What the evidence says</th>'
            '<th scope="col">Sources</th></tr></thead><tbody>'
        )
        for row in rows.itertuples():
            cited = "; ".join(references(str(row.sources)))
            out.append(
                f'<tr><th scope="row">{_esc(row.topic)}</th><td>{_esc(row.claim)}</td>'
                f"<td>{_esc(row.explanation)}</td><td>{_esc(cited)}</td></tr>"
            )
        out.append("</tbody></table></div></section>")
    return title, "\n".join(out)


def build_pack(
    notebooks: str | Path, data: str | Path, pathways: str | Path | None = None
) -> dict[str, tuple[str, str]]:
    """Every page of the teacher's pack.

    Parameters
    ----------
    notebooks : str or pathlib.Path
        The lessons folder.
    data : str or pathlib.Path
        The data folder (its ``quizzes/`` banks; ``claims.csv`` is read with :func:`calfkit.load_claims`).
    pathways : str or pathlib.Path, optional
        The pathways file (default: ``docs/pack/pathways.json`` beside the lessons folder).

    Returns
    -------
    dict
        ``file name -> (title, body HTML)``, pathways first, then per lesson its worksheet
        and answer key, then the misconceptions page.

    Raises
    ------
    ValueError
        If there are no lessons, a lesson's metadata is incomplete, or a pathway does not fit the
        lessons (see :func:`load_pathways`).
    """
    notebooks, data = Path(notebooks), Path(data)
    lessons = _lessons(notebooks)
    banks = load_banks(data / "quizzes")
    spec = Path(pathways) if pathways is not None else notebooks.parent / "docs" / "pack" / "pathways.json"
    pages = {"pathways.html": _pathways_page(load_pathways(spec, lessons), lessons)}
    for lesson in lessons:
        pages[f"worksheet-{lesson.number:02d}.html"] = _worksheet(lesson, banks.get(lesson.stem))
        pages[f"answers-{lesson.number:02d}.html"] = _answers(lesson, banks.get(lesson.stem))
    pages["misconceptions.html"] = _misconceptions(data)
    return pages


def standalone(title: str, body: str) -> str:
    """A pack page as one printable HTML file (inline CSS, no scripts, links to the site's lesson pages)."""
    return (
        "\n".join(
            [
                "<!DOCTYPE html>",
                '<html lang="en">',
                "<head>",
                '<meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                f"<title>{_esc(title)}</title>",
                f"<style>\n{PACK_CSS}\n</style>",
                "</head>",
                "<body>",
                "<main>",
                _LESSON_PAGE.sub(r'href="../../notebooks/\1.ipynb"', re.sub(r"\n{2,}", "\n", body)),
                "</main>",
                "</body>",
                "</html>",
            ]
        )
        + "\n"
    )
