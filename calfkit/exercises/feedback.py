"""What a check says: right, or what is off with a hint, and a solution behind a click.

A :class:`Feedback` shows itself as HTML in JupyterLab and Voilà (``_repr_html_``)
and as plain text anywhere else (``__repr__``). In Voilà the learner cannot edit code,
so an unsolved exercise shows as a *worked example*: the task, a solution, its result
and why it is right.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass

__all__ = ["Feedback", "in_voila"]

_VOILA_VARIABLES = ("VOILA_KERNEL_ID", "VOILA_BASE_URL", "VOILA_SERVER_URL", "VOILA_APP_PORT")


def in_voila() -> bool:
    """Whether this kernel runs a Voilà page (Voilà sets these variables in the kernel's environment)."""
    return any(name in os.environ for name in _VOILA_VARIABLES)


@dataclass(frozen=True)
class Feedback:
    """The verdict of one exercise check.

    Attributes
    ----------
    exercise : str
        Title of the exercise.
    correct : bool
        True only for a right answer.
    done : bool
        False while the learner has not replaced the ``...`` placeholder.
    message : str
        One plain sentence: right, or what is off.
    hint : str
        What to try next (empty when right).
    solution : str
        A solution (Python code), shown behind "Show a solution".
    result : str
        What the solution computes, in words (for the worked example).
    """

    exercise: str
    correct: bool
    done: bool
    message: str
    hint: str
    solution: str
    result: str

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        head = "Right." if self.correct else ("Not done yet." if not self.done else "Not quite.")
        text = f"{head} {self.message}"
        return text + (f"\nHint: {self.hint}" if self.hint else "")

    def _repr_html_(self) -> str:
        solution = html.escape(self.solution)
        if in_voila() and not self.done:
            return (
                f'<div class="calfkit-exercise" role="note" style="border-left:4px solid #0072B2;padding:4px 10px">'
                f"<p><b>Worked example: {html.escape(self.exercise)}.</b> In JupyterLab you write this code "
                "yourself; here is one way to do it:</p>"
                f"<pre style='white-space:pre-wrap'>{solution}</pre>"
                f"<p><b>Result:</b> {html.escape(self.result)}</p></div>"
            )
        if self.correct:
            colour, mark, head = "#009E73", "✓", "Right."
        elif not self.done:
            colour, mark, head = "#0072B2", "ℹ", "Not done yet."
        else:
            colour, mark, head = "#D55E00", "✗", "Not quite."
        hint = f"<p style='margin:2px 0'><b>Hint:</b> {html.escape(self.hint)}</p>" if self.hint else ""
        return (
            f'<div class="calfkit-exercise" role="status" style="border-left:4px solid {colour};padding:4px 10px">'
            f"<p style='margin:2px 0'><b><span aria-hidden='true'>{mark} </span>{head}</b> {html.escape(self.message)}</p>"
            f"{hint}<details><summary>Show a solution</summary><pre style='white-space:pre-wrap'>{solution}</pre>"
            f"<p>{html.escape(self.result)}</p></details></div>"
        )
