"""Phone-first sizing shared by every calfkit widget, and the kit's stylesheet.

Widgets fill the width they are given up to a readable 680 px
(:data:`FULL_WIDTH`), so at 390 px (a phone) nothing sticks out and at 1280 px
nothing sprawls. The rules that ipywidgets' ``Layout`` cannot express (labels
that wrap instead of being cut, slider tracks that take the rest of the line and
move under their label on a narrow screen, tables that scroll inside their own
box) live in ``calfkit.css`` next to this module; :func:`stylesheet` returns it as
a ``<style>`` element, and :func:`style_widget` is one hidden ``HTML`` widget holding it
that every calfkit widget shows first (one model per kernel, so a page with seven calfkit
widgets receives the stylesheet once, not seven times).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import ipywidgets as W

__all__ = ["FULL_WIDTH", "MAX_WIDTH", "full_width", "plain_layout", "stylesheet", "style_widget"]

MAX_WIDTH = "680px"
"""Widest a widget grows: about 80 characters of text."""


def full_width() -> W.Layout:
    """A fresh ``Layout`` that fills its container up to :data:`MAX_WIDTH`."""
    return W.Layout(width="100%", max_width=MAX_WIDTH)


FULL_WIDTH = full_width()
"""A shared full-width ``Layout`` for widgets that never change their own layout."""


@cache
def _css() -> str:
    return resources.files(__package__).joinpath("calfkit.css").read_text(encoding="utf-8")


def stylesheet() -> str:
    """The kit's stylesheet as an HTML ``<style>`` element (the same text every time, so browsers apply it once)."""
    return f"<style>{_css()}</style>"


_STYLE: list[W.HTML] = []


def style_widget() -> W.HTML:
    """The kit's stylesheet in a hidden ``HTML`` widget, the same model for every calfkit widget.

    Each view of it puts the ``<style>`` element on the page (hidden with ``display: none``,
    which does not stop a style element from applying), so every widget that shows it is
    styled however many others there are and whichever of them is on screen; the state
    travels to the page once. A new one is made if the last was closed.
    """
    if not _STYLE or _STYLE[0].comm is None:
        _STYLE[:] = [W.HTML(value=stylesheet(), layout=W.Layout(display="none"))]
        _STYLE[0].add_class("calfkit-style")
    return _STYLE[0]


_PLAIN: list[W.Layout] = []


def plain_layout() -> W.Layout:
    """One ``Layout`` with every property unset, shared by the parts of calfkit's widgets whose
    layout never changes (a fresh ``Layout`` is about 1 kB of state on the page, each).

    Only for widgets whose layout nothing sets: a change to it would change them all. A new
    one is made if the last was closed.
    """
    if not _PLAIN or _PLAIN[0].comm is None:
        _PLAIN[:] = [W.Layout()]
    return _PLAIN[0]
