"""'Where does it hurt?': the calf diagram with the causes and red flags of each region.

>>> from calfkit.widgets import calf_map
>>> calf_map()  # doctest: +SKIP

The learner picks a region (a dropdown: keyboard, touch and screen-reader friendly);
the diagram outlines it and the panel under it lists, from ``data/causes.csv`` and
``data/red_flags.csv``, the causes felt there and the red flags with how
urgent each is and what to do.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as W

from ..figures.calf import calf_svg, calf_text_alternative
from ..regions import load_calf_regions, split_ids
from .controls import dropdown, note_html
from .keyboard_guard import EXPLORER_CLASS, keyboard_guard
from .layout import full_width, style_widget

__all__ = ["CalfMap", "calf_map"]

_URGENCY = {
    "emergency": "Emergency: call for help now",
    "urgent": "Urgent: see a clinician today",
    "soon": "Soon: see a clinician within days",
    "routine": "Routine",
}


class CalfMap:
    """The diagram, a region picker and the region's causes and red flags.

    Attributes
    ----------
    widget : ipywidgets.VBox
    controls : dict
        ``{"region": Dropdown}``.
    diagram, readout : ipywidgets.HTML
        The drawing; the region's plain description and its red flags in one line each.
    more : ipywidgets.HTML
        Every cause and red flag of the region with its mechanism and what to do, in a closed
        "More" panel that stays open or closed as the region changes.
    description : str
        The current region and its lists in plain text.
    """

    def __init__(self, region: str = "gastrocnemius") -> None:
        import calfkit as ck

        self._regions = load_calf_regions().set_index("id")
        if region not in self._regions.index:
            raise ValueError(f"region={region!r} is not a region; allowed: {', '.join(self._regions.index)}")
        self._causes = ck.load_causes().set_index("id")
        self._flags = ck.load_red_flags().set_index("id")
        picker = dropdown("Where does it hurt?", [(row["name"], rid) for rid, row in self._regions.iterrows()], region)
        self.controls = {"region": picker}
        self.diagram = W.HTML(layout=full_width())
        self.diagram.add_class("calfkit-diagram")
        self.readout = W.HTML(layout=full_width())
        self.more = W.HTML(layout=full_width())
        self._more = W.Accordion(
            children=[self.more], titles=("More: every cause and red flag here",), selected_index=None
        )
        self._more.add_class("calfkit-more")
        alt = W.Accordion(
            children=[W.HTML(value=f"<p>{html.escape(calf_text_alternative())}</p>")],
            titles=("The diagram in words",),
            selected_index=None,
        )
        self.widget = W.VBox(
            [
                style_widget(),
                W.HTML(value="<h3 style='margin:4px 0'>Where does it hurt?</h3>"),
                W.HTML(
                    value=note_html("It cannot tell you what is wrong with your calf; lesson 06 says when to get help.")
                ),
                picker,
                self.diagram,
                self.readout,
                self._more,
                alt,
                keyboard_guard(),
            ],
            layout=full_width(),
        )
        self.widget.add_class(EXPLORER_CLASS)
        self.description = ""
        picker.observe(self._on_change, names="value")
        self._show(region)

    def _on_change(self, change: dict[str, Any]) -> None:
        self._show(change["new"])

    def _show(self, region: str) -> None:
        row = self._regions.loc[region]
        causes = [self._causes.loc[c] for c in split_ids(row["causes"])]
        flags = [self._flags.loc[f] for f in split_ids(row["red_flags"])]
        self.diagram.value = f"<div role='group' aria-label='Calf diagram'>{calf_svg(region)}</div>"
        cause_items = "".join(
            f"<li><b>{html.escape(c['name'])}</b>: {html.escape(c['mechanism'])}</li>" for c in causes
        )
        flag_items = "".join(
            f"<li><b>{html.escape(_URGENCY.get(f['urgency'], f['urgency']))}.</b> {html.escape(f['symptom_pattern'])} "
            f"<i>Could be:</i> {html.escape(f['possible_condition'])}. <i>What to do:</i> {html.escape(f['what_to_do'])}</li>"
            for f in flags
        )
        short_flags = "; ".join(
            f"{html.escape(_URGENCY.get(f['urgency'], f['urgency']))}: {html.escape(f['possible_condition'])}"
            for f in flags
        )
        self.readout.value = (
            f"<div role='status' aria-live='polite' class='calfkit-lead'><p><b>{html.escape(row['name'])}.</b> "
            f"{html.escape(row['plain'])}</p>"
            + (
                f"<p><b>Red flags here: get help ({len(flags)}):</b> {short_flags}.</p>"
                if flags
                else "<p>No red flag in the kit is felt mainly here.</p>"
            )
            + f"<p>{len(causes)} cause(s) and {len(flags)} red flag(s), with what to do, are under <i>More</i>.</p></div>"
        )
        self.more.value = (
            "<div style='line-height:1.45'>"
            + (f"<p><b>Causes felt here ({len(causes)}):</b></p><ul>{cause_items}</ul>" if causes else "")
            + (f"<p><b>Red flags here: get help ({len(flags)}):</b></p><ul>{flag_items}</ul>" if flags else "")
            + "</div>"
        )
        self.description = (
            f"{row['name']}: {row['plain']} Causes felt here: "
            + ("; ".join(c["name"] for c in causes) or "none in the kit")
            + ". Red flags: "
            + ("; ".join(f"{f['possible_condition']} ({f['urgency']})" for f in flags) or "none")
            + "."
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def calf_map(region: str = "gastrocnemius") -> CalfMap:
    """The 'where does it hurt?' map, opened at ``region``.

    Raises
    ------
    ValueError
        Naming ``region`` and the allowed ids.
    """
    return CalfMap(region)
