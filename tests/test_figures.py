"""Figure builders: figure + generated description, key numbers, determinism, accessible styling."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

import calfkit as ck
from calfkit.figures import (
    NOTE,
    OKABE_ITO,
    FigureSpec,
    causes_figure,
    causes_traces,
    claims_figure,
    doms_figure,
    doms_traces,
    load_figure,
    load_traces,
    nutrients_figure,
    risk_figure,
    risk_traces,
)
from calfkit.figures.style import fmt, fmt_ratio
from calfkit.widgets.load import plan_log

RISK_INPUTS = dict(weekly_change_pct=40.0, spike_pct=50.0, fluid_loss_pct=3.0, warmup_min=5.0, warmup_type="static")
SCENARIOS = {
    "flat, 50 % longer": {"unaccustomed_pct": 50.0},
    "half downhill": {"unaccustomed_pct": 50.0, "downhill_pct": 50.0},
    "trained": {"unaccustomed_pct": 50.0, "downhill_pct": 50.0, "trained": True},
    "repeat after 3 weeks": {"unaccustomed_pct": 50.0, "downhill_pct": 50.0, "weeks_since_similar": 3},
    "usual run": {"unaccustomed_pct": 0.0},
}


def _log() -> pd.DataFrame:
    """Eight weeks with a steady build, an easy week and a jump."""
    return plan_log([20, 22, 24, 26, 20, 34, 30, 32], 35)


BUILDERS: dict[str, Callable[[], FigureSpec]] = {
    "risk": lambda: risk_figure(ck.soreness_risk(**RISK_INPUTS)),
    "doms": lambda: doms_figure(SCENARIOS),
    "load": lambda: load_figure(ck.training_load(_log())),
    "causes": lambda: causes_figure(),
    "nutrients": lambda: nutrients_figure(),
    "claims": lambda: claims_figure(),
}


@pytest.fixture(scope="module", params=list(BUILDERS))
def built(request: pytest.FixtureRequest) -> tuple[str, FigureSpec]:
    return request.param, BUILDERS[request.param]()


def _colours(value: Any) -> Iterator[str]:
    """Every colour string anywhere in a trace's JSON (keys containing 'color')."""
    if isinstance(value, dict):
        for key, item in value.items():
            if "color" in key.lower():
                items = item if isinstance(item, (list, tuple)) else [item]
                yield from (c for c in items if isinstance(c, str))
            else:
                yield from _colours(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _colours(item)


def _rgb(colour: str) -> tuple[int, int, int]:
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    match = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*[\d.]+)?\)", colour)
    assert match, f"unexpected colour format {colour!r}"
    return tuple(int(g) for g in match.groups())  # type: ignore[return-value]


def _is_okabe_ito(colour: str) -> bool:
    """A palette colour, a translucent one, or a palette colour mixed with white (a tint)."""
    rgb = np.array(_rgb(colour), dtype=float)
    for hex_colour in OKABE_ITO.values():
        base = np.array(_rgb(hex_colour), dtype=float)
        room = 255.0 - base
        share = float(room @ (rgb - base) / (room @ room)) if room.any() else 0.0
        if -0.001 <= share <= 1.001 and np.abs(base + room * share - rgb).max() <= 1.5:
            return True
    return False


def test_builder_returns_figure_and_description(built: tuple[str, FigureSpec]) -> None:
    name, spec = built
    assert isinstance(spec, FigureSpec)
    assert isinstance(spec.figure, go.Figure)
    assert len(spec.figure.data) >= 1
    assert isinstance(spec.description, str) and len(spec.description) > 80
    assert "\n" not in spec.description, "the description is one paragraph"
    assert "nan" not in spec.description.lower().split()


def test_builder_is_deterministic(built: tuple[str, FigureSpec]) -> None:
    name, spec = built
    again = BUILDERS[name]()
    assert again.description == spec.description
    assert again.figure.to_json() == spec.figure.to_json()


def test_only_okabe_ito_colours(built: tuple[str, FigureSpec]) -> None:
    _, spec = built
    colours = set(_colours(spec.figure.to_plotly_json()["data"]))
    assert colours, "the figure sets its colours explicitly"
    assert [c for c in colours if not _is_okabe_ito(c)] == []
    layout = spec.figure.to_plotly_json()["layout"]
    assert [c for c in _colours(layout.get("shapes", [])) if not _is_okabe_ito(c)] == []


def test_spec_displays_figure_with_description_as_text(
    built: tuple[str, FigureSpec], monkeypatch: pytest.MonkeyPatch
) -> None:
    import plotly.io as pio

    monkeypatch.setattr(pio.renderers, "default", "plotly_mimetype")
    _, spec = built
    bundle = spec._repr_mimebundle_()
    assert bundle["text/plain"] == spec.description
    assert bundle["application/vnd.plotly.v1+json"]["data"] == spec.figure.to_plotly_json()["data"]


@pytest.mark.parametrize("name", ["risk", "doms"])
def test_not_medical_advice_note_is_visible(name: str) -> None:
    annotations = BUILDERS[name]().figure.layout.annotations
    assert any(NOTE in a.text and a.visible is not False for a in annotations)
    assert NOTE in BUILDERS[name]().description


def test_risk_description_has_every_factor_and_the_total() -> None:
    result = ck.soreness_risk(**RISK_INPUTS)
    text = risk_figure(result).description
    for factor in result.factors:
        assert f"{factor.label} (" in text
        said = f", {factor.finding}" if factor.finding in ("no effect found", "not measured", "counted once") else ""
        assert f"{factor.ratio:.2f}{said} (range {factor.ratio_low:.2f} to {factor.ratio_high:.2f}" in text
    assert f"{result.total:.2f} (range {result.low:.2f} to {result.high:.2f})" in text
    assert f"category '{result.category}'" in text
    assert text.count("contested evidence") == sum(f.contested for f in result.factors)


def test_risk_traces_bars_start_at_one_with_whiskers() -> None:
    result = ck.soreness_risk(**RISK_INPUTS)
    factors, total, points, labels = risk_traces(result)
    ratios = [f.ratio for f in result.factors]
    assert factors["base"] == [1.0] * 4
    assert np.allclose(np.add(factors["base"], factors["x"]), ratios)
    assert np.allclose(total["x"], [result.total - 1])
    assert np.allclose(points["x"], ratios + [result.total])
    assert np.allclose(
        np.subtract(points["x"], points["error_x"]["arrayminus"]), [f.ratio_low for f in result.factors] + [result.low]
    )
    assert np.allclose(
        np.add(points["x"], points["error_x"]["array"]), [f.ratio_high for f in result.factors] + [result.high]
    )
    assert labels["text"][-1].startswith(f"×{fmt_ratio(result.total)}")
    # colour is not the only cue: hatch and marker shape tell factor from total
    assert total["marker"]["pattern"]["shape"] == ["x"]
    assert set(factors["marker"]["pattern"]["shape"]) <= {"", "/"}
    assert points["marker"]["symbol"] == ["circle"] * 4 + ["diamond"]
    contested = ["/" if f.contested else "" for f in result.factors]
    assert factors["marker"]["pattern"]["shape"] == contested


def test_risk_figure_has_log_axis_and_reference_line_at_one() -> None:
    layout = risk_figure(ck.soreness_risk(**RISK_INPUTS)).figure.layout
    assert layout.xaxis.type == "log"
    assert any(s.type == "line" and s.x0 == 1 and s.x1 == 1 for s in layout.shapes)


def test_doms_description_numbers_match_the_model_and_consensus() -> None:
    text = doms_figure(SCENARIOS).description
    timeline = ck.load_doms_timeline()
    consensus = timeline[timeline["kind"] == "consensus"].iloc[0]
    for band in ("onset", "peak", "resolved"):
        low, high = consensus[f"{band}_h_low"], consensus[f"{band}_h_high"]
        assert f"{band} {low:.0f}–{high:.0f} h" in text
    for label, scenario in SCENARIOS.items():
        summary = ck.doms_summary(**scenario)
        if math.isnan(summary["onset_h"]):
            assert f"'{label}': no noticeable soreness" in text
        else:
            assert (
                f"'{label}': onset at {summary['onset_h']:.0f} h, peak {fmt(summary['peak_soreness'])}/10 at {summary['peak_h']:.0f} h"
                in text
            )
            if not math.isnan(summary["resolved_h"]):
                assert f"resolved by {summary['resolved_h']:.0f} h" in text


def test_doms_bands_are_shaded_and_curves_differ_in_dash_and_symbol() -> None:
    spec = doms_figure(SCENARIOS)
    timeline = ck.load_doms_timeline()
    consensus = timeline[timeline["kind"] == "consensus"].iloc[0]
    spans = {(s.x0, s.x1) for s in spec.figure.layout.shapes if s.type == "rect"}
    assert spans == {(consensus[f"{b}_h_low"], consensus[f"{b}_h_high"]) for b in ("onset", "peak", "resolved")}
    curves, points = spec.figure.data[0::2], spec.figure.data[1::2]
    assert len(curves) == len(SCENARIOS)
    dashes = [c.line.dash for c in curves]
    symbols = [p.marker.symbol for p in points]
    assert len(set(dashes)) == len(dashes) and len(set(symbols)) == len(symbols)
    for curve, scenario in zip(curves, SCENARIOS.values()):
        expected = ck.doms_curve(np.asarray(curve.x), **scenario)["soreness"]
        assert np.allclose(curve.y, expected, atol=1e-6)


def test_doms_key_points_dropped_when_no_soreness() -> None:
    _, points = doms_traces({"usual": {"unaccustomed_pct": 0.0}})
    assert points["x"] == [] and points["y"] == []


def test_load_description_and_traces_match_training_load() -> None:
    result = ck.training_load(_log())
    text = load_figure(result).description
    daily, weekly = result.daily, result.weekly
    assert (
        f"{fmt(daily['distance_km'].sum())} km in {int((daily['distance_km'] > 0).sum())} runs over {len(weekly)} weeks"
        in text
    )
    assert f"from {fmt(weekly['distance_km'].min())} to {fmt(weekly['distance_km'].max())} km" in text
    assert f"{daily['acwr_coupled'].iloc[-1]:.2f} rolling, {daily['acwr_ewma'].iloc[-1]:.2f} EWMA" in text
    assert "contested" in text
    spikes = int(daily["spike_band"].isin(["10-30%", "30-100%", ">100%"]).sum())
    assert spikes >= 1 and f"{spikes} run" in text

    traces = load_traces(result)
    assert len(traces) == 10
    assert np.allclose(traces[0]["y"], weekly["distance_km"])
    spike_x = [x for t in traces[2:5] for x in t["x"]]
    assert len(spike_x) == spikes
    acwr = traces[5]["y"]
    undefined = daily["acwr_coupled"].isna().to_numpy()
    assert [v is None for v in acwr] == undefined.tolist(), "undefined ACWR is a gap (None), nothing else"
    dashes = [t["line"]["dash"] for t in traces[5:] if t["yaxis"] == "y3"]
    assert len(set(dashes)) == len(dashes)


def test_load_figure_labels_acwr_band_as_contested() -> None:
    layout = load_figure(ck.training_load(_log())).figure.layout
    band = [s for s in layout.shapes if s.yref == "y2"]
    assert [(s.y0, s.y1) for s in band] == [(0.8, 1.3)]
    assert any("contested" in a.text and a.yref == "y2" for a in layout.annotations)


def test_causes_description_and_red_flag_cues() -> None:
    causes = ck.load_causes()
    spec = causes_figure(causes)
    text = spec.description
    assert f"Treemap of {len(causes)} causes" in text
    assert f"in {causes['category'].nunique()} categories" in text
    flagged = causes[causes["red_flag"]]
    assert f"{len(flagged)} red flags" in text
    for name in flagged["name"]:
        assert name in text
    (trace,) = causes_traces(causes)
    leaves = {i: n for i, n in zip(trace["ids"], trace["labels"]) if i.startswith("cause:")}
    assert len(leaves) == len(causes)
    for cause_id, flag in zip(causes["id"], causes["red_flag"]):
        assert leaves[f"cause:{cause_id}"].startswith("⚠") == bool(flag)


def test_causes_figure_of_a_filtered_table() -> None:
    causes = ck.load_causes()
    subset = causes[causes["category"] == causes["category"].iloc[0]].head(1)
    spec = causes_figure(subset)
    assert spec.description.startswith("Treemap of 1 cause of calf soreness or pain in 1 category")
    assert len(spec.figure.data[0].ids) == 3
    empty = causes_figure(causes.iloc[0:0])
    assert "no causes match" in empty.description


def test_nutrients_description_has_every_amount() -> None:
    nutrients = ck.load_nutrients()
    spec = nutrients_figure(nutrients)
    plotted = nutrients[(nutrients["intake_kind"] != "none") & nutrients["amount_low"].notna()]
    for _, row in plotted.iterrows():
        assert (
            f"{row['nutrient']} — {row['population']}: {row['intake_kind']} {fmt(row['amount_low'], 2)}"
            in spec.description
        )
    xs = sorted(x for trace in spec.figure.data for x in trace.x)
    assert np.allclose(xs, sorted(plotted["amount_low"]))
    symbols = {trace.name: trace.marker.symbol for trace in spec.figure.data}
    assert len(set(symbols.values())) == len(symbols), "each intake kind has its own marker"
    for name in nutrients.loc[nutrients["intake_kind"] == "none", "nutrient"]:
        assert name in spec.description.split("No reference intake:")[1]


def test_claims_description_counts_match_the_table() -> None:
    claims = ck.load_claims()
    spec = claims_figure(claims)
    counts = claims["verdict"].value_counts()
    assert spec.description.startswith(
        f"Stacked bar chart of {len(claims)} audited claims: {counts.get('supported', 0)} supported, "
        f"{counts.get('contested', 0)} contested, {counts.get('incorrect', 0)} incorrect."
    )
    patterns = [t.marker.pattern.shape for t in spec.figure.data]
    assert len(set(patterns)) == 3
    per_seed = claims.assign(seed=claims["seeds"].str.split(";")).explode("seed")
    assert sum(sum(t.x) for t in spec.figure.data) == len(per_seed)
