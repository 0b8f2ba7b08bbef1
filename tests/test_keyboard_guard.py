"""Which widgets carry the keyboard guard, and that it covers their DOM classes.

What the guard does in a page (named slider handles, arrow keys on dropdowns and
quiz radio buttons in JupyterLab) is tested in a browser: tests/browser/test_a11y.py,
tests/browser/test_lab.py and tests/browser/test_quiz_browser.py.
"""

from __future__ import annotations

import ipywidgets as W
import pytest

from calfkit.quiz import quiz
from calfkit.widgets.keyboard_guard import _keyboard_guard_class

from .test_widget_sweep import FACTORIES

GUARDED = (W.Dropdown, W.FloatSlider, W.IntSlider)


def guards(box: W.Box) -> list[W.Widget]:
    return [child for child in box.children if isinstance(child, _keyboard_guard_class())]


@pytest.mark.parametrize("name", list(FACTORIES))
def test_explorer_with_a_slider_or_dropdown_carries_one_guard_covering_its_box(name: str) -> None:
    explorer = FACTORIES[name]()
    found = guards(explorer.widget)
    if any(isinstance(control, GUARDED) for control in explorer.controls.values()):
        assert len(found) == 1, f"{name}: {len(found)} keyboard guards"
        assert set(found[0].scopes) & set(explorer.widget._dom_classes), (found[0].scopes, explorer.widget._dom_classes)
    else:
        assert not found, f"{name} has no slider or dropdown but carries a guard"


def test_quiz_carries_one_guard_covering_its_box() -> None:
    widget = quiz("02")
    found = guards(widget)
    assert len(found) == 1
    assert set(found[0].scopes) & set(widget._dom_classes), (found[0].scopes, widget._dom_classes)
