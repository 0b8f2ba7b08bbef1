"""Every explorer's readout opens with one plain sentence; the details sit behind "more".

The lead's numbers come from the model (called here directly), and its words follow the
fractions a reader expects: 1.33 is "a third higher", 2.0 is "twice", 0.5 is "half".
"""

from __future__ import annotations

import re

import pytest

import calfkit as ck
from calfkit.figures.words import hours_words, ratio_words
from calfkit.models.simulator import run_plan
from calfkit.widgets import (
    causes_explorer,
    claims_explorer,
    doms_explorer,
    intake_picker,
    load_explorer,
    log_explorer,
    risk_explorer,
    run_simulator,
)

FACTORIES = (
    risk_explorer,
    doms_explorer,
    load_explorer,
    causes_explorer,
    claims_explorer,
    log_explorer,
    run_simulator,
)


def _text(html_text: str) -> str:
    return re.sub(r"<[^>]+>", "", html_text).strip()


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_the_readout_is_one_sentence_and_the_details_are_behind_more(factory) -> None:
    explorer = factory()
    lead = _text(explorer.readout.value)
    assert len(re.findall(r"[.!?](?:\s|$)", lead)) == 1 and lead.endswith("."), lead
    assert len(lead.split()) <= 40, f"a lead of {len(lead.split())} words: {lead}"
    assert _text(explorer.more.value), "no details behind 'more'"
    assert explorer._more.selected_index is None, "the details start closed"
    assert '<details class="calfkit-more">' in explorer.readout_html  # a static page shows the same, closed


def test_an_open_more_panel_stays_open_and_follows_the_controls() -> None:
    risk = risk_explorer()
    risk._more.selected_index = 0
    risk.controls["spike_pct"].value = 80.0
    assert risk._more.selected_index == 0
    result = ck.soreness_risk(spike_pct=80.0)
    assert f"Total relative risk ×{result.total:.2f}" in risk.more.value
    assert f"(×{result.total:.2f})" in risk.readout.value


def test_the_risk_lead_says_the_models_total_in_words() -> None:
    # Nielsen 2014's HR 1.59 for a > 30 % weekly jump: "one and a half times".
    risk = risk_explorer(weekly_change_pct=33.0)
    assert "about one and a half times the reference runner" in risk.readout.value
    assert f"×{ck.soreness_risk(weekly_change_pct=33.0).total:.2f}" in risk.readout.value
    assert "about the same as the reference runner" in risk_explorer().readout.value


def test_the_doms_lead_gives_the_models_peak_and_end() -> None:
    summary = ck.doms_summary(unaccustomed_pct=50, downhill_pct=50)
    lead = doms_explorer().readout.value
    assert hours_words(summary["peak_h"]) in lead and f"{summary['peak_soreness']:.1f} out of 10" in lead
    assert hours_words(summary["resolved_h"]) in lead
    assert "hardly sore at all" in doms_explorer(unaccustomed_pct=0, downhill_pct=0).readout.value


def test_the_simulator_lead_gives_the_peak_and_the_risk_in_words() -> None:
    # 18 km against a longest run of 12 km in the last 30 days: 50 % longer, so DOMS and a raised risk.
    plan = run_plan(planned_long_run_km=18.0)
    sim = run_simulator(planned_long_run_km=18.0)
    lead = _text(sim.readout.value)
    assert f"sorest {hours_words(plan.summary['peak_h'])} after the run" in lead
    assert f"at {plan.summary['peak_soreness']:.1f} out of 10" in lead
    assert f"{ratio_words(plan.risk.total)} the reference runner's (×{plan.risk.total:.2f})" in lead
    assert "one and a half times" in lead  # Nielsen 2014-style spike ratio 1.64
    # the numbers sit behind "More": onset, resolution, body-mass loss, the risk range
    more = _text(sim.more.value)
    assert f"body-mass loss on that run {plan.fluid.loss_pct:.1f} %" in more
    assert f"range {plan.risk.low:.2f} to {plan.risk.high:.2f}" in more
    assert f"gone by {plan.summary['resolved_h']:.0f} h" in more
    # the reference runner (the defaults): no DOMS, risk x1.00
    default = _text(run_simulator().readout.value)
    assert default == (
        "This run would leave your calves hardly sore at all, and your risk of calf trouble this week is "
        "about the same as the reference runner's (×1.00)."
    )


def test_the_simulator_lead_follows_the_controls_and_an_error_replaces_it() -> None:
    sim = run_simulator()
    sim.controls["planned_long_run_km"].value = 18.0
    assert "one and a half times" in sim.readout.value
    sim.controls["planned_long_run_km"].value = 40.0  # longer than the 30 km week
    assert "Cannot compute this combination" in sim.readout.value and "planned_long_run_km=40" in sim.readout.value
    assert f"×{run_plan(planned_long_run_km=18.0).risk.total:.2f} (range" in sim.more.value  # last good details kept


def test_the_load_lead_names_the_biggest_jump() -> None:
    # Default plan 20, 22, 24, 26, 20, 34, ...: week 6 is 34 / 20 - 1 = +70 %.
    assert "week 6, +70 %" in load_explorer().readout.value
    steady = load_explorer(weekly_km=[30.0] * 8).readout.value
    assert "No week is longer than the week before" in steady


def test_filter_leads_count_what_matches() -> None:
    causes = ck.load_causes()
    flags = int(causes["red_flag"].sum())
    assert f"{flags} of the {len(causes)} causes match" in causes_explorer(red_flag="yes").readout.value
    claims = ck.load_claims()
    wrong = int((claims["verdict"] == "incorrect").sum())
    assert f"{wrong} of the {len(claims)} claims match: {wrong} incorrect." in _text(
        claims_explorer(verdict="incorrect").readout.value
    )


def test_the_intake_lead_names_the_group_and_the_legend_is_behind_more() -> None:
    picker = intake_picker(age_group="14-18", sex="female", authority="EFSA")
    assert "girls aged 14 to 18" in picker.readout.value and "European" in picker.readout.value
    assert "RDA = recommended dietary allowance" in picker.more.value


@pytest.mark.parametrize(
    ("ratio", "words"),
    [
        (1.0, "about the same as"),
        (1.33, "about a third higher than"),
        (1.25, "about a quarter higher than"),
        (1.2, "about a fifth higher than"),
        (1.5, "about one and a half times"),
        (2.0, "about twice"),
        (3.0, "about three times"),
        (0.5, "about half"),
        (0.75, "about a quarter lower than"),
        (0.9, "about a tenth lower than"),
    ],
)
def test_ratio_words(ratio: float, words: str) -> None:
    assert ratio_words(ratio) == words


@pytest.mark.parametrize("bad", [0, -1, float("nan"), float("inf")])
def test_ratio_words_refuses_what_is_not_a_ratio(bad: float) -> None:
    with pytest.raises(ValueError, match="ratio="):
        ratio_words(bad)


def test_hours_words() -> None:
    assert hours_words(11) == "11 h"
    assert hours_words(48) == "about 2 days (48 h)"
    assert hours_words(153) == "about 6.5 days (153 h)"
    with pytest.raises(ValueError, match="hours="):
        hours_words(-1)
