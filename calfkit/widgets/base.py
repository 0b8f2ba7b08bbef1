"""Every shared name of the widget layer in one import (kept for code written against it).

The pieces live in one module each: :mod:`.controls` (sliders, dropdowns,
banner, tables), :mod:`.trace_edits` (what an update sends), :mod:`.live_figure`
(the figure), :mod:`.keyboard_guard` (keys and slider names) and
:mod:`.explorer` (the shell of every widget). New code imports from those.
"""

from __future__ import annotations

from .controls import checkbox, dropdown, int_slider, note_html, slider, table_html
from .explorer import Explorer, View
from .keyboard_guard import EXPLORER_CLASS, QUIZ_CLASS, keyboard_guard
from .live_figure import TRACES_ONLY, live_figure
from .trace_edits import LAYOUT_TRACE_KEYS, update_traces

__all__ = [
    "View",
    "Explorer",
    "live_figure",
    "keyboard_guard",
    "EXPLORER_CLASS",
    "QUIZ_CLASS",
    "slider",
    "int_slider",
    "checkbox",
    "dropdown",
    "note_html",
    "table_html",
    "update_traces",
    "LAYOUT_TRACE_KEYS",
    "TRACES_ONLY",
]
