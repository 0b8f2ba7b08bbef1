"""Red-flag checker: tick symptoms, see which warning patterns they belong to and what to do.

Not a diagnosis. Every pattern that shares at least one ticked sign is listed,
most urgent first, so no emergency is hidden behind a scoring rule. Risk factors
(a long journey, the contraceptive pill, pregnancy, ...) never raise a pattern on
their own: they are shown next to the patterns they make more likely, which come
first among patterns of the same urgency.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import ipywidgets as W
import pandas as pd

from ..data import load_red_flags, split_ids
from ..figures.style import OKABE_ITO
from ..schema import URGENCIES
from .controls import checkbox
from .explorer import Explorer, View

__all__ = ["SYMPTOM_TAGS", "RISK_FACTOR_TAGS", "RedFlagChecker", "red_flag_checker", "match_red_flags", "SAFETY_TEXT"]

SYMPTOM_TAGS: dict[str, str] = {
    "swelling": "Swelling of the calf or leg",
    "warmth": "Warm to the touch",
    "redness": "Red skin over the calf",
    "one_leg_only": "Only one leg affected",
    "breathlessness_or_chest_pain": "Breathlessness or chest pain",
    "dark_urine": "Dark (tea- or cola-coloured) urine",
    "severe_pain": "Severe pain, out of proportion",
    "extreme_exertion": "After extreme or unaccustomed exertion",
    "weakness": "Weakness (e.g. cannot push off)",
    "numbness_or_tingling": "Numbness or tingling",
    "pain_on_passive_stretch": "Pain when the toes are pulled up (stretch)",
    "tense_calf": "Calf feels tense or hard",
    "sudden_pop": "Sudden 'pop' or snap",
    "cannot_bear_weight": "Cannot bear weight",
    "bruising": "Bruising",
    "pain_walking_relieved_by_rest": "Pain on walking that eases with rest",
    "cool_pale_leg": "Leg cool or pale",
    "pain_radiating_from_back": "Pain spreading down from the back",
    "fever_or_chills": "Fever or chills",
    "lasting_over_5_days": "Pain lasting more than 5 days",
    "focal_bone_pain": "Pain at one spot on the shin bone",
    "frequent_cramps": "Frequent cramps",
    "pain_during_exercise_relieved_after": "Pain during exercise that goes after stopping",
    "pain_behind_knee": "Pain or a lump behind the knee",
    "hard_painful_vein": "A red, hard, sore vein under the skin",
    "headache_or_vomiting": "Headache, nausea or vomiting",
    "confusion_or_collapse": "Confusion, odd behaviour, collapse or a seizure",
}
"""The fixed symptom-tag vocabulary of ``data/red_flags.csv`` (``symptom_tags``) -> checkbox label."""

RISK_FACTOR_TAGS: dict[str, str] = {
    "long_travel": "Journey of more than 4 hours in the last few weeks",
    "recent_surgery_or_immobility": "Recent operation, bed rest or a leg in plaster",
    "oestrogen_pill_or_hrt": "Taking the combined (oestrogen) pill or HRT",
    "pregnant_or_recent_birth": "Pregnant, or gave birth in the last 6 weeks",
    "previous_clot": "Had a blood clot (DVT or PE) before",
    "knee_problem": "Knee problem (arthritis, cartilage tear)",
    "varicose_veins": "Varicose veins",
    "young_athlete": "Young, fit athlete",
    "smoker_diabetes_or_older": "Smoker, diabetes or over about 60",
    "long_race_lots_of_fluid": "Long run or race, drinking a lot",
    "hot_weather_hard_effort": "Hard effort in hot or humid weather",
}
"""The fixed risk-factor vocabulary of ``data/red_flags.csv`` (``risk_factor_tags``) -> checkbox label.
A risk factor alone never matches a pattern; it ranks the patterns it belongs to."""

SAFETY_TEXT = (
    "This is not a diagnosis. If you are worried, or symptoms are severe or getting worse, "
    "call emergency services (for example 911, 112 or 999) or see a clinician. If in doubt, call."
)
"""Shown whatever is ticked."""

_RISK_ONLY = (
    "Only risk factors are ticked. A risk factor is not a warning sign by itself; tick any signs "
    "you have (for example swelling of one calf) to see the patterns they belong to."
)

_URGENCY_COLOURS = {
    "emergency": OKABE_ITO["vermillion"],
    "urgent": OKABE_ITO["orange"],
    "soon": OKABE_ITO["blue"],
    "routine": OKABE_ITO["bluish_green"],
}


def match_red_flags(tags: Iterable[str], red_flags: pd.DataFrame | None = None) -> pd.DataFrame:
    """Red-flag patterns sharing at least one of the given symptom tags, most urgent first.

    Parameters
    ----------
    tags : iterable of str
        Ticked tags from :data:`SYMPTOM_TAGS` and :data:`RISK_FACTOR_TAGS`.
    red_flags : pandas.DataFrame, optional
        The red-flags table (loaded if omitted).

    Returns
    -------
    pandas.DataFrame
        Matching rows plus ``matched`` (tuple of the shared symptom tags, in
        vocabulary order), ``n_matched``, ``n_signs`` and ``matched_risks``
        (tuple of the ticked risk factors of that pattern). A row matches only
        through a symptom tag. Sorted by urgency (emergency first), then by the
        number of matching risk factors, then by the share of the pattern's
        signs ticked, then by table order.

    Raises
    ------
    ValueError
        If a tag is in neither vocabulary.
    """
    ticked = list(tags)
    unknown = [t for t in ticked if t not in SYMPTOM_TAGS and t not in RISK_FACTOR_TAGS]
    if unknown:
        raise ValueError(
            f"tags contains {unknown}, which are not symptom tags or risk factors; allowed: "
            f"{', '.join([*SYMPTOM_TAGS, *RISK_FACTOR_TAGS])}"
        )
    table = load_red_flags() if red_flags is None else red_flags
    signs = table["symptom_tags"].map(split_ids)
    risks = table["risk_factor_tags"].map(split_ids)
    matched = signs.map(lambda own: tuple(t for t in SYMPTOM_TAGS if t in ticked and t in own))
    matched_risks = risks.map(lambda own: tuple(t for t in RISK_FACTOR_TAGS if t in ticked and t in own))
    out = table.assign(
        matched=matched,
        n_matched=matched.map(len),
        n_signs=signs.map(len),
        matched_risks=matched_risks,
        _order=range(len(table)),
    )
    out = out[out["n_matched"] > 0]
    out = out.assign(
        _urgency=out["urgency"].map(URGENCIES.index),
        _risks=-out["matched_risks"].map(len),
        _share=-out["n_matched"] / out["n_signs"],
    )
    return out.sort_values(["_urgency", "_risks", "_share", "_order"]).drop(
        columns=["_urgency", "_risks", "_share", "_order"]
    )


def _label(tag: str) -> str:
    return SYMPTOM_TAGS.get(tag) or RISK_FACTOR_TAGS[tag]


def _ticked_text(ticked: list[str]) -> str:
    return ", ".join(_label(t).lower() for t in ticked)


def _risk_text(row: pd.Series) -> str:
    """'; more likely with: ...' for the ticked risk factors of a pattern, else ''."""
    risks = list(row["matched_risks"])
    return f"; more likely with: {_ticked_text(risks)}" if risks else ""


def _describe(ticked: list[str], matches: pd.DataFrame) -> str:
    """Plain-text result (the checker's description)."""
    if not ticked:
        return f"No signs ticked. {SAFETY_TEXT}"
    parts = [f"Ticked: {_ticked_text(ticked)}."]
    if matches.empty and not any(t in SYMPTOM_TAGS for t in ticked):
        parts.append(_RISK_ONLY)
    elif matches.empty:
        parts.append("None of the red-flag patterns includes these signs.")
    else:
        parts.append(
            f"{len(matches)} red-flag pattern{'s share' if len(matches) != 1 else ' shares'} a ticked sign, most urgent first:"
        )
        parts.extend(
            f"{row['urgency'].upper()}: {row['possible_condition']} — {row['what_to_do']} "
            f"(matches {row['n_matched']} of {row['n_signs']} signs: {_ticked_text(list(row['matched']))}"
            f"{_risk_text(row)})."
            for _, row in matches.iterrows()
        )
    parts.append(SAFETY_TEXT)
    return " ".join(parts)


def _readout(ticked: list[str], matches: pd.DataFrame) -> str:
    """HTML result: safety line, then one card per matching pattern."""
    safety = f"<p><b>{html.escape(SAFETY_TEXT)}</b></p>"
    if not ticked:
        return "<p>Tick the signs that apply to see which warning patterns include them.</p>" + safety
    if matches.empty and not any(t in SYMPTOM_TAGS for t in ticked):
        return f"<p>{html.escape(_RISK_ONLY)}</p>" + safety
    if matches.empty:
        return "<p>None of the red-flag patterns includes the ticked signs.</p>" + safety
    cards = []
    for _, row in matches.iterrows():
        colour = _URGENCY_COLOURS[row["urgency"]]
        cards.append(
            f"<li style='border-left:6px solid {colour};padding:2px 8px;margin:4px 0;list-style:none'>"
            f"<b>{html.escape(row['urgency'].upper())}</b> — {html.escape(row['possible_condition'])}<br>"
            f"<b>What to do:</b> {html.escape(row['what_to_do'])}<br>"
            f"<span style='font-size:90%'>Pattern: {html.escape(row['symptom_pattern'])} "
            f"(you ticked {row['n_matched']} of its {row['n_signs']} signs: {html.escape(_ticked_text(list(row['matched'])))}"
            f"{html.escape(_risk_text(row))})</span></li>"
        )
    top = matches.iloc[0]
    lead = (
        f"<p>The most urgent match is <b>{html.escape(top['urgency'].upper())}: "
        f"{html.escape(top['possible_condition'])}</b>. What to do: {html.escape(top['what_to_do'])}</p>"
    )
    return (
        lead + safety + f"<p>{len(matches)} warning pattern(s) share a ticked sign, most urgent first. "
        "One shared sign does not mean you have that condition.</p>"
        + "<ul style='padding-left:0'>"
        + "".join(cards)
        + "</ul>"
    )


class RedFlagChecker(Explorer):
    """One checkbox per symptom tag and a list of matching warning patterns (no figure).

    Controls: one ``ipywidgets.Checkbox`` per key of :data:`SYMPTOM_TAGS` and of
    :data:`RISK_FACTOR_TAGS` (two groups).
    """

    def __init__(self, *, ticked: Iterable[str] = ()) -> None:
        initial = set(ticked)
        unknown = sorted(initial - set(SYMPTOM_TAGS) - set(RISK_FACTOR_TAGS))
        if unknown:
            raise ValueError(
                f"ticked contains {unknown}, which are not symptom tags or risk factors; allowed: "
                f"{', '.join([*SYMPTOM_TAGS, *RISK_FACTOR_TAGS])}"
            )
        self._red_flags = load_red_flags()
        labels = {**SYMPTOM_TAGS, **RISK_FACTOR_TAGS}
        controls = {tag: checkbox(label, tag in initial) for tag, label in labels.items()}
        layout = W.Layout(grid_template_columns="repeat(auto-fill, minmax(min(320px, 100%), 1fr))", width="100%")
        signs = W.GridBox([controls[t] for t in SYMPTOM_TAGS], layout=layout)
        risk_factors = W.GridBox([controls[t] for t in RISK_FACTOR_TAGS], layout=layout)
        box = W.VBox(
            [
                W.HTML("<b>Signs</b>"),
                signs,
                W.HTML("<b>Things that raise the risk</b> (they never count as a warning sign on their own)"),
                risk_factors,
            ],
            layout=W.Layout(width="100%"),
        )
        super().__init__(
            controls,
            None,
            title="Is it more than ordinary soreness? Red-flag checker",
            note=SAFETY_TEXT,
            control_box=box,
        )

    def ticked(self) -> list[str]:
        """Ticked tags, in vocabulary order (signs, then risk factors)."""
        return [tag for tag, box in self.controls.items() if box.value]

    def _compute(self) -> View:
        ticked = self.ticked()
        matches = match_red_flags(ticked, self._red_flags)
        return View(_describe(ticked, matches), _readout(ticked, matches))


def red_flag_checker(**initial: Any) -> RedFlagChecker:
    """Interactive red-flag checker.

    Parameters
    ----------
    **initial
        ``ticked``: symptom tags and risk factors ticked at the start (default none).

    Returns
    -------
    RedFlagChecker
        Displays itself when it is the last value of a cell; ``.widget``,
        ``.controls`` (one checkbox per tag), ``.readout``, ``.description``;
        ``.figure`` is ``None``.
    """
    return RedFlagChecker(**initial)
