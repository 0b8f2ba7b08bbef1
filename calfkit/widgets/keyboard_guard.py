"""An invisible widget that makes the controls of explorers and quizzes keyboard- and reader-friendly.

See :func:`keyboard_guard`; its front-end module is ``keyboard_guard.js`` next to this file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import ipywidgets as W

__all__ = ["keyboard_guard", "EXPLORER_CLASS", "QUIZ_CLASS", "KEYBOARD_GUARD_ESM"]

EXPLORER_CLASS = "calfkit-explorer"
"""DOM class of every explorer's top-level box."""

QUIZ_CLASS = "calfkit-quiz"
"""DOM class of the self-check quiz's top-level box (:class:`calfkit.quiz.QuizWidget`)."""

KEYBOARD_GUARD_ESM = Path(__file__).with_name("keyboard_guard.js")
"""Front-end module of :func:`keyboard_guard` (see there)."""


@cache
def _keyboard_guard_class() -> type:
    """The invisible anywidget behind :func:`keyboard_guard`."""
    import anywidget
    import traitlets

    class KeyboardGuard(anywidget.AnyWidget):
        """Gives keys back to the controls of calfkit's boxes in JupyterLab and names slider handles."""

        _esm = KEYBOARD_GUARD_ESM
        scopes = traitlets.List(traitlets.Unicode(), default_value=[EXPLORER_CLASS, QUIZ_CLASS]).tag(sync=True)

    return KeyboardGuard


def keyboard_guard() -> W.Widget:
    """An invisible widget that makes the controls of explorers and quizzes keyboard- and reader-friendly.

    Displayed anywhere on the page (each explorer with a dropdown or a slider
    holds one, and so does each quiz), it acts on the controls inside a box
    with the DOM class :data:`EXPLORER_CLASS` or :data:`QUIZ_CLASS`:

    * In JupyterLab's command mode the arrow keys on a focused ``<select>`` or
      radio button move the notebook's cell cursor (a JupyterLab shortcut)
      instead of reaching the control. The guard adds Lumino's
      ``data-lm-suppress-shortcuts`` attribute to every dropdown and radio
      button when it gets focus; elsewhere (Voilà, a plain page) the attribute
      does nothing.
    * ipywidgets draws each radio button without a shared group name, so the
      browser gives them no arrow keys; the guard makes ArrowDown/ArrowRight
      choose the next answer and ArrowUp/ArrowLeft the previous one.
    * ipywidgets 8 draws a slider's handle (``role="slider"``) without an
      accessible name; the guard sets each handle's ``aria-label`` to the
      slider's visible description, also for handles drawn later.

    Returns
    -------
    ipywidgets.DOMWidget
        An anywidget that draws nothing; the same one on every call (until it is closed).
    """
    if not _GUARD or _GUARD[0].comm is None:  # one model per kernel (a new one if it was closed)
        _GUARD[:] = [_keyboard_guard_class()()]
    return _GUARD[0]


_GUARD: list[W.Widget] = []
"""The kernel's one guard: every explorer and quiz shows the same model, so its module and state
reach the page once (its listeners are installed once per page anyway)."""
