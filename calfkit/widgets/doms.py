"""DOMS explorer: describe a session, see when soreness starts, peaks and fades."""

from __future__ import annotations

import math
from typing import Any

import ipywidgets as W

from ..data import load_doms_timeline
from ..figures.doms import doms_description, doms_layout, doms_traces, scenario_summary
from ..figures.style import fmt
from ..figures.words import hours_words
from .controls import checkbox, int_slider, slider
from .explorer import Explorer, View

__all__ = ["DomsExplorer", "doms_explorer", "REFERENCE_LABEL"]

REFERENCE_LABEL = "Reference: 50 % longer than usual, flat"
"""Legend label of the fixed comparison curve (the model's default scenario); one line on a 390 px phone."""

YOUR_LABEL = "Your session"


def _lead(summary: dict[str, float]) -> str:
    """One plain sentence: when the calves are sorest, how sore, and when it is gone."""
    peak = float(summary["peak_soreness"])
    if not math.isfinite(float(summary["onset_h"])):
        return f"<p>This session would leave your calves <b>hardly sore at all</b> ({fmt(peak)} out of 10 at most).</p>"
    resolved = float(summary["resolved_h"])
    gone = (
        f", and gone after <b>{hours_words(resolved)}</b>"
        if math.isfinite(resolved)
        else ", and still there at the end of the chart"
    )
    return (
        f"<p>Your calves would be sorest <b>{hours_words(summary['peak_h'])} after the session</b>, "
        f"at <b>{fmt(peak)} out of 10</b>{gone}.</p>"
    )


def _readout(summary: dict[str, float]) -> str:
    """HTML details of onset, peak and resolution hours."""
    if not math.isfinite(float(summary["onset_h"])):
        return f"<p><b>{YOUR_LABEL}:</b> no noticeable soreness (peak {fmt(summary['peak_soreness'])}/10).</p>"
    resolved = float(summary["resolved_h"])
    resolved_text = (
        f"resolved by <b>{fmt(resolved, 0)} h</b> (day {fmt(resolved / 24, 1)})"
        if math.isfinite(resolved)
        else "not resolved in the modelled time"
    )
    return (
        f"<p><b>{YOUR_LABEL}:</b> onset at <b>{fmt(summary['onset_h'], 0)} h</b>, peak "
        f"<b>{fmt(summary['peak_soreness'])}/10 at {fmt(summary['peak_h'], 0)} h</b>, {resolved_text}.</p>"
        "<p style='font-size:90%'>DOMS is a dull, spread-out ache that eases as you move. Sudden sharp pain, "
        "a 'pop', swelling, or soreness lasting more than about 5 days is not DOMS: see a clinician.</p>"
    )


class DomsExplorer(Explorer):
    """Session sliders, your soreness curve against a reference curve and the consensus bands.

    Controls: ``unaccustomed_pct``, ``downhill_pct``, ``trained``,
    ``repeated`` (done a similar session before) and ``weeks_since_similar``
    (enabled only when ``repeated`` is ticked).
    """

    def __init__(
        self,
        *,
        unaccustomed_pct: float = 50.0,
        downhill_pct: float = 50.0,
        trained: bool = False,
        weeks_since_similar: int | None = None,
    ) -> None:
        repeated = weeks_since_similar is not None
        controls = {
            "unaccustomed_pct": slider("Session longer or harder than usual (%)", unaccustomed_pct, 0.0, 300.0, 10.0),
            "downhill_pct": slider("Downhill share of the session (%)", downhill_pct, 0.0, 100.0, 5.0),
            "trained": checkbox("Trained runner (used to this kind of session)", trained),
            "repeated": checkbox("Done a similar session before", repeated),
            "weeks_since_similar": int_slider(
                "Weeks since that similar session (weeks)", int(weeks_since_similar or 0), 0, 52
            ),
        }
        controls["weeks_since_similar"].disabled = not repeated
        controls["weeks_since_similar"].layout.padding = "0 0 0 24px"  # indented, inside the width
        box = W.VBox(
            [
                controls["unaccustomed_pct"],
                controls["downhill_pct"],
                controls["trained"],
                controls["repeated"],
                controls["weeks_since_similar"],
            ]
        )
        self._timeline = load_doms_timeline()  # read once: the consensus bands never change
        # The reference curve never changes: its two traces (second scenario) are built once.
        self._reference = tuple(doms_traces({YOUR_LABEL: {}, REFERENCE_LABEL: {}}))[2:]
        # Fixed 0-240 h and 0-10 axes, the same curves and legend for every input.
        super().__init__(
            controls,
            doms_layout(self._timeline),
            title="When will my calves be sore, and for how long?",
            control_box=box,
            fixed_axes=True,
        )
        controls["repeated"].observe(self._toggle_weeks, names="value")

    def _toggle_weeks(self, change: dict[str, Any]) -> None:
        self.controls["weeks_since_similar"].disabled = not change["new"]

    def scenario(self) -> dict[str, Any]:
        """Current control values as :func:`calfkit.doms_curve` keyword arguments."""
        values = self.values()
        return {
            "unaccustomed_pct": float(values["unaccustomed_pct"]),
            "downhill_pct": float(values["downhill_pct"]),
            "trained": bool(values["trained"]),
            "weeks_since_similar": float(values["weeks_since_similar"]) if values["repeated"] else None,
        }

    def _compute(self) -> View:
        scenarios = {YOUR_LABEL: self.scenario(), REFERENCE_LABEL: {}}
        summary = scenario_summary(**scenarios[YOUR_LABEL])
        return View(
            doms_description(scenarios, timeline=self._timeline),
            _lead(summary),
            tuple(doms_traces({YOUR_LABEL: scenarios[YOUR_LABEL]})) + self._reference,
            _readout(summary),
        )


def doms_explorer(**initial: Any) -> DomsExplorer:
    """Interactive DOMS time course.

    Parameters
    ----------
    **initial
        Initial values: ``unaccustomed_pct`` (0-300 %, default 50),
        ``downhill_pct`` (0-100 %, default 50, so the first curve differs from
        the reference), ``trained`` (bool), ``weeks_since_similar`` (None for
        never, or 0-52 weeks).

    Returns
    -------
    DomsExplorer
        Displays itself when it is the last value of a cell; ``.widget``,
        ``.figure``, ``.controls``, ``.readout``, ``.description``.
    """
    return DomsExplorer(**initial)
