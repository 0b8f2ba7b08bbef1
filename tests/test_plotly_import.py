"""plotly's FigureWidget is imported without nbformat, and plotly's mime renderers still find it."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
from calfkit.widgets import risk_explorer
risk_explorer()
print('nbformat' in sys.modules, 'rfc3987_syntax' in sys.modules)
import plotly.io._renderers as renderers
print(renderers.nbformat.__version__ == __import__('nbformat').__version__)
"""


def test_an_explorer_does_not_import_nbformat_and_plotly_can_still_use_it() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "True"], result.stdout


def test_plotly_still_imports_nbformat_the_way_calfkit_expects() -> None:
    """calfkit relies on these parts of plotly; if plotly changes them, this names what."""
    import inspect

    import plotly.io._renderers as renderers
    from _plotly_utils import optional_imports

    assert isinstance(optional_imports._not_importable, set)
    assert 'nbformat = optional_imports.get_module("nbformat")' in inspect.getsource(renderers)
    assert hasattr(renderers, "nbformat")
