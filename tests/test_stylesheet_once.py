"""The kit's stylesheet reaches the page once, in one shared widget that every calfkit widget shows."""

from __future__ import annotations

import ipywidgets as W
from ipywidgets.widgets.widget import _instances

from calfkit.quiz import quiz
from calfkit.widgets import calf_map, load_explorer, predict, risk_explorer
from calfkit.widgets.layout import style_widget, stylesheet


def _descendants(widget: W.Widget) -> list[W.Widget]:
    found, stack = [], [widget]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(getattr(node, "children", ()))
    return found


def test_every_calfkit_widget_shows_the_one_stylesheet_model() -> None:
    risk = risk_explorer()
    shown = [
        load_explorer().widget,
        risk.widget,
        predict("03_same_week_acwr", reveal=risk),
        quiz("03"),
        calf_map().widget,
    ]
    style = style_widget()
    assert style.value == stylesheet() and style.layout.display == "none"
    for widget in shown:
        assert style in _descendants(widget)
    rules = stylesheet()[7:200]  # the start of calfkit.css
    with_css = [w for w in list(_instances.values()) if rules in str(getattr(w, "value", ""))]
    assert with_css == [style], "one model holds the stylesheet; no other widget repeats it"


def test_a_closed_stylesheet_widget_is_replaced() -> None:
    first = style_widget()
    first.close()
    second = style_widget()
    assert second is not first and second.comm is not None and second.value == stylesheet()
    assert style_widget() is second


def test_explorers_share_one_keyboard_guard_and_one_plain_layout() -> None:
    from calfkit.widgets.keyboard_guard import keyboard_guard
    from calfkit.widgets.layout import plain_layout

    explorers = [load_explorer(), risk_explorer()]
    guard, plain = keyboard_guard(), plain_layout()
    for explorer in explorers:
        assert guard in _descendants(explorer.widget)
        assert explorer._details.layout is plain and explorer.more.layout is plain
        # a part whose layout changes keeps its own
        assert explorer._more.layout is not plain and explorer.widget.layout is not plain
    assert plain.get_state() == W.Layout().get_state(), "the shared layout sets nothing"
    guard.close()
    assert keyboard_guard() is not guard and keyboard_guard().comm is not None
