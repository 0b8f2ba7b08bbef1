"""The labelled calf diagram (SVG drawn in the kit) and its text alternative.

``calf_diagram.svg`` next to this module shows the back of a right lower leg:
the gastrocnemius with its two heads, the soleus under it, the Achilles tendon, the
heel bone, the shin bone and the knee and ankle joints. Each part is an SVG group
with ``class="region"`` and a ``data-region`` id from ``data/calf_regions.csv``.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

__all__ = ["REGION_IDS", "calf_svg", "calf_text_alternative"]


@cache
def _svg() -> str:
    return resources.files(__package__).joinpath("calf_diagram.svg").read_text(encoding="utf-8")


REGION_IDS = tuple(re.findall(r'data-region="([a-z_]+)"', _svg()))
"""The regions drawn, top of the file first."""


def calf_svg(selected: str | None = None) -> str:
    """The diagram as SVG text, with region ``selected`` outlined (or none).

    Raises
    ------
    ValueError
        If ``selected`` is not one of :data:`REGION_IDS`.
    """
    if selected is None:
        return _svg()
    if selected not in REGION_IDS:
        raise ValueError(f"selected={selected!r} is not a region of the diagram; allowed: {', '.join(REGION_IDS)}")
    return _svg().replace(
        f'class="region" data-region="{selected}"', f'class="region selected" data-region="{selected}"'
    )


def calf_text_alternative() -> str:
    """The diagram in words (its SVG ``<desc>``), for a screen reader or a printed worksheet."""
    return re.search(r"<desc[^>]*>(.*?)</desc>", _svg(), flags=re.S).group(1).strip()
