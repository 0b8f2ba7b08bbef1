"""Risk explorer: move the training, hydration and warm-up inputs, see the relative risk."""

from __future__ import annotations

import html
from typing import Any

from ..figures.risk import risk_description, risk_layout, risk_traces
from ..figures.style import fmt, fmt_ratio
from ..figures.words import ratio_words
from ..models.risk import soreness_risk
from .controls import dropdown, slider
from .explorer import Explorer, View

__all__ = ["RiskExplorer", "risk_explorer", "WARMUP_OPTIONS"]

WARMUP_OPTIONS = (
    ("No warm-up", "none"),
    ("Static stretching", "static"),
    ("Dynamic (easy jog, drills)", "dynamic"),
)
"""Warm-up type dropdown: (label, model value)."""


def _lead(result: Any) -> str:
    """One plain sentence: the total risk in words, compared with the reference runner."""
    return (
        f"<p>Your modelled risk of calf trouble is <b>{ratio_words(result.total)} the reference runner's</b> "
        f"(×{fmt_ratio(result.total)}).</p>"
    )


def _readout(result: Any) -> str:
    """HTML details: total, range and category, then one line per factor."""
    lines = [
        f"<p><b>Total relative risk ×{fmt_ratio(result.total)}</b> (range {fmt_ratio(result.low)} to "
        f"{fmt_ratio(result.high)}): <b>{html.escape(str(result.category))}</b> compared with the reference runner.</p>",
        "<ul>",
    ]
    for factor in result.factors:
        contested = " — <i>contested evidence</i>" if factor.contested else ""
        said = (
            f" <b>{html.escape(str(factor.finding))}</b>"
            if factor.finding in ("no effect found", "not measured", "counted once")
            else ""
        )
        lines.append(
            f"<li><b>{html.escape(factor.label)}</b> ({fmt(factor.input_value)} {html.escape(factor.unit)}): "
            f"×{fmt_ratio(factor.ratio)}{said} ({fmt_ratio(factor.ratio_low)} to {fmt_ratio(factor.ratio_high)}), "
            f"evidence grade {html.escape(factor.evidence_grade)}{contested}. "
            f"{html.escape(factor.explanation)}</li>"
        )
    lines.append("</ul>")
    lines.append(f"<p style='font-size:90%'>{html.escape(result.reference)} {html.escape(result.note)}</p>")
    return "".join(lines)


class RiskExplorer(Explorer):
    """Sliders for the four risk factors, a risk-breakdown figure and per-factor notes.

    Controls (names as in :func:`calfkit.soreness_risk`): ``weekly_change_pct``,
    ``spike_pct``, ``fluid_loss_pct``, ``warmup_min``, ``warmup_type``.
    """

    def __init__(
        self,
        *,
        weekly_change_pct: float = 0.0,
        spike_pct: float = 0.0,
        fluid_loss_pct: float = 0.0,
        warmup_min: float = 0.0,
        warmup_type: str = "none",
    ) -> None:
        controls = {
            "weekly_change_pct": slider(
                "Weekly mileage change (% vs previous week)", weekly_change_pct, -50.0, 200.0, 5.0
            ),
            "spike_pct": slider("Longest-run spike (% beyond longest run of past 30 days)", spike_pct, 0.0, 200.0, 5.0),
            "fluid_loss_pct": slider("Fluid loss (% body mass)", fluid_loss_pct, 0.0, 6.0, 0.5, ".1f"),
            "warmup_min": slider("Warm-up (min)", warmup_min, 0.0, 30.0, 1.0),
            "warmup_type": dropdown("Warm-up type", WARMUP_OPTIONS, warmup_type),
        }
        # Fixed log x range and layout: only the traces change (renaming the warm-up row redraws all).
        super().__init__(controls, risk_layout(), title="Which factors raise the risk of sore calves?", fixed_axes=True)

    def _compute(self) -> View:
        result = soreness_risk(**self.values())
        return View(risk_description(result), _lead(result), tuple(risk_traces(result)), _readout(result))


def risk_explorer(**initial: Any) -> RiskExplorer:
    """Interactive risk breakdown.

    Parameters
    ----------
    **initial
        Initial control values: ``weekly_change_pct`` (-50 to 200 %),
        ``spike_pct`` (0 to 200 %), ``fluid_loss_pct`` (0 to 6 % body mass),
        ``warmup_min`` (0 to 30 min), ``warmup_type`` (``"none"``,
        ``"static"``, ``"dynamic"``). Defaults follow :func:`calfkit.soreness_risk`.

    Returns
    -------
    RiskExplorer
        Displays itself when it is the last value of a cell; ``.widget``,
        ``.figure``, ``.controls``, ``.readout``, ``.description``.
    """
    return RiskExplorer(**initial)
