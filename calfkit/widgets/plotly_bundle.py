"""Put plotly's widget bundle where the Jupyter server serves static files, so browsers cache it.

plotly's ``FigureWidget`` front end is one 5 MB ES module (``plotly/package_data/
widgetbundle.js``). A plain ``FigureWidget`` sends it through the kernel's websocket
as a widget trait, once per figure and on every page load, and the browser cannot
cache it. JupyterLab (``/lab/extensions/...``) and Voilà (``/voila/labextensions/...``)
both serve every file under the ``labextensions`` folders of ``jupyter_path()``, the
folders that already hold the ``jupyterlab-plotly`` extension, with ``Last-Modified``
headers (a warm page gets a 304 reply, no body). :func:`published_bundle` links (or
copies) plotly's bundle into such a folder once per plotly version::

    <labextensions>/calfkit-plotly/static/widgetbundle-<plotly version>.js

The folder holds no ``package.json``, so JupyterLab does not take it for an extension.
The file is a cache of an installed file: deleting it is harmless (the next figure
puts it back). Where no folder is writable, nothing is written and the figure's front
end asks the kernel for the bundle instead (once per page, not once per figure).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from functools import cache
from importlib.resources import files
from pathlib import Path

__all__ = ["BUNDLE_FOLDER", "bundle_source", "published_bundle"]

BUNDLE_FOLDER = "calfkit-plotly/static"
"""Folder of the published bundle, relative to a ``labextensions`` folder (and URL)."""


_LOG = logging.getLogger(__name__)


def bundle_source() -> Path:
    """plotly's own front-end bundle of ``FigureWidget``: the file a plain ``FigureWidget`` sends as ``_esm``."""
    return Path(str(files("plotly") / "package_data" / "widgetbundle.js"))


def _candidate_folders() -> list[Path]:
    """``labextensions`` folders the Jupyter server serves, best first.

    First the folders that hold plotly's own ``jupyterlab-plotly`` extension (a server
    that shows plotly figures serves them), then the user's Jupyter data folder.
    """
    from jupyter_core.paths import jupyter_data_dir, jupyter_path

    folders = [Path(p) / "labextensions" for p in jupyter_path()]
    with_plotly = [f for f in folders if (f / "jupyterlab-plotly").is_dir()]
    user = Path(jupyter_data_dir()) / "labextensions"
    ordered = with_plotly + [user] + [f for f in folders if f not in with_plotly and f != user]
    return list(dict.fromkeys(ordered))


def _place(source: Path, target: Path) -> None:
    """Hard-link ``source`` to ``target`` (a copy across file systems), atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".widgetbundle-", suffix=".tmp")
    os.close(fd)
    os.unlink(tmp)
    try:
        try:
            os.link(source, tmp)
        except OSError:
            shutil.copyfile(source, tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@cache
def published_bundle() -> str:
    """Publish plotly's bundle for the Jupyter server and return its URL path.

    Returns
    -------
    str
        The bundle's path relative to the server's labextensions URL, with a
        ``?v=`` query naming the plotly version and the file's size in bytes
        (JupyterLab lets browsers keep a file with a ``v`` query for a year;
        Voilà asks them to check it, answered with 304), e.g.
        ``"calfkit-plotly/static/widgetbundle-7.1.0.js?v=7.1.0-4959028"``; ``""``
        if no ``labextensions`` folder is writable (the front end then asks the kernel).
    """
    import plotly

    source = bundle_source()
    size = source.stat().st_size
    name = f"widgetbundle-{plotly.__version__}.js"
    for folder in _candidate_folders():
        target = folder / BUNDLE_FOLDER / name
        try:
            if not (target.is_file() and target.stat().st_size == size):
                _place(source, target)
        except OSError as exc:
            _LOG.debug("plotly's bundle not published in %s: %s", folder, exc)
            continue
        return f"{BUNDLE_FOLDER}/{name}?v={plotly.__version__}-{size}"
    return ""
