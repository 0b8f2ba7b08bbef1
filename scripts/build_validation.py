"""Write docs/validation.md and the parameter table of docs/models.md.

Usage: ``python scripts/build_validation.py``

Both are generated from the models and ``data/model_parameters.csv``; run this
after changing a model or a parameter. ``tests/test_validation_doc.py`` fails
until the committed files match.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

import calfkit as ck
from calfkit.models.parameters import param

ROOT = Path(__file__).resolve().parent.parent
CARD = ROOT / "docs" / "models.md"
VALIDATION = ROOT / "docs" / "validation.md"
TABLE_START = "## Parameter table"
TABLE_END = "## References"
SCENARIOS_START, SCENARIOS_END = "<!-- doms-scenarios -->", "<!-- /doms-scenarios -->"

DOMS_SCENARIOS: tuple[tuple[str, dict], ...] = (
    ("defaults (50 % longer than usual, flat, untrained)", {}),
    ("same, trained", {"trained": True}),
    ("100 % longer than usual", {"unaccustomed_pct": 100.0}),
    ("usual distance, all downhill", {"unaccustomed_pct": 0.0, "downhill_pct": 100.0}),
    ("300 % longer, all downhill (the most extreme allowed)", {"unaccustomed_pct": 300.0, "downhill_pct": 100.0}),
    (
        "usual distance, all downhill, similar run 3 weeks ago",
        {"unaccustomed_pct": 0.0, "downhill_pct": 100.0, "weeks_since_similar": 3},
    ),
    ("… 6 weeks ago", {"unaccustomed_pct": 0.0, "downhill_pct": 100.0, "weeks_since_similar": 6}),
    ("… 9 weeks ago", {"unaccustomed_pct": 0.0, "downhill_pct": 100.0, "weeks_since_similar": 9}),
    ("… 12 weeks ago (protection gone)", {"unaccustomed_pct": 0.0, "downhill_pct": 100.0, "weeks_since_similar": 12}),
    ("defaults after a 10-min dynamic warm-up", {"warmup_min": 10.0, "warmup_type": "dynamic"}),
    ("defaults with 3 % body-mass loss", {"fluid_loss_pct": 3.0}),
    (
        "trained runner's marathon (100 % longer, prolonged)",
        {"unaccustomed_pct": 100.0, "trained": True, "prolonged": True},
    ),
)
"""(label, :func:`calfkit.doms_summary` arguments) of the model card's scenario table."""


def parameter_table() -> str:
    """The model card's parameter table, one section per model, in the CSV's order."""
    table = ck.load_model_parameters()
    parts = [
        TABLE_START,
        "",
        "Generated from `data/model_parameters.csv` by `scripts/build_validation.py` (ids, values",
        "and ranges are checked by `tests/test_risk.py`).",
        "",
    ]
    for model, rows in table.groupby("model", sort=False):
        parts += [
            f"#### {model}",
            "",
            "| id | value | low–high | unit | grade | sources | what it is; why this value |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in rows.itertuples():
            sources = ", ".join(s for s in row.sources.split(";") if s)
            text = f"{row.description} {row.note}".replace("|", "/")
            parts.append(
                f"| `{row.id}` | {row.value:g} | {row.low:g}–{row.high:g} | {row.unit} | {row.evidence_grade} "
                f"| {sources} | {text} |"
            )
        parts.append("")
    return "\n".join(parts)


def doms_scenario_table() -> str:
    """Markdown table of :data:`DOMS_SCENARIOS`: onset, peak time, peak height and resolution."""
    lines = ["| scenario | onset_h | peak_h | peak_soreness | resolved_h |", "|---|---|---|---|---|"]
    for label, scenario in DOMS_SCENARIOS:
        s = ck.doms_summary(**scenario)
        cells = [f"{s[k]:.1f}" if s[k] == s[k] else "—" for k in ("onset_h", "peak_h", "peak_soreness", "resolved_h")]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _replace_between(text: str, start: str, end: str, body: str) -> str:
    head, rest = text.split(start, 1)
    return head + start + "\n" + body + "\n" + rest[rest.index(end) :]


def model_card(card: str) -> str:
    """``card`` with its DOMS scenario table and parameter table regenerated."""
    card = _replace_between(card, SCENARIOS_START, SCENARIOS_END, doms_scenario_table())
    head, rest = card.split(TABLE_START, 1)
    tail = rest[rest.index(TABLE_END) :]
    return head + parameter_table() + "\n" + tail


# ---------------------------------------------------------------- docs/validation.md
# Published numbers, each re-read from its source (page named) or /work/shared/EVIDENCE.md.

CHEUNG_2003 = {"onset_h": (0.0, 24.0), "peak_h": (24.0, 72.0), "resolved_h": (120.0, 168.0)}
"""Cheung, Hume & Maxwell 2003 (Sports Med 33:145): rises over the first 24 h, peaks 24-72 h, gone by 5-7 days."""

TAKAYAMA_2017 = (
    (1, 4.9, 2.0),
    (2, 3.5, 2.1),
    (3, 1.9, 1.5),
    (4, 1.4, 1.3),
    (5, 1.3, 1.1),
    (6, 1.2, 1.0),
    (7, 0.6, 1.0),
)
"""Takayama 2017 (J Sports Med 2017:9402386, Table 3, hindawi.com/journals/jsm/2017/9402386/tab3):
plantar-flexor soreness (day, mean, SD) after a marathon, 11 recreational runners; 1.7 +/- 2.2 before."""
TAKAYAMA_BEFORE = 1.7

REPEATED_BOUT = (
    (3, "protected (CK rise 340 % -> 63 %)", "Byrnes 1985"),
    (6, "protected (protection lasts ~6 weeks)", "Byrnes 1985"),
    (9, "gone by ~9 weeks (downhill running)", "Byrnes 1985"),
    (12, "partial at 12 weeks (arm exercise)", "Nosaka 2005"),
)
"""(weeks since the first bout, what was found, source): EVIDENCE.md rows for Byrnes 1985 and Nosaka 2005."""

MARATHON = {"unaccustomed_pct": 100.0, "trained": True, "prolonged": True}
DOWNHILL = {"unaccustomed_pct": 0.0, "downhill_pct": 100.0}


def _f(value: float, digits: int = 2) -> str:
    return "—" if not math.isfinite(float(value)) else f"{float(value):.{digits}f}"


def _doms_tables() -> list[str]:
    out = ["## DOMS model", "", "### Default curve against Cheung 2003's time course", ""]
    summary = ck.doms_summary()
    out += ["| event | Cheung 2003 | model (defaults) | inside? |", "|---|---|---|---|"]
    for key, (low, high) in CHEUNG_2003.items():
        inside = "yes" if low <= summary[key] <= high else "**no**"
        out.append(f"| {key.removesuffix('_h')} | {low:g}–{high:g} h | {_f(summary[key], 1)} h | {inside} |")
    out += [
        "",
        "### A trained runner's marathon against Takayama 2017, day by day",
        "",
        "Plantar-flexor soreness (0–10) after a marathon; model: "
        f"`doms_curve(24 * day, **{MARATHON})` (early post-race soreness plus DOMS).",
        "",
        "| day | Takayama mean | SD | model | model − mean | within 1 SD? |",
        "|---|---|---|---|---|---|",
    ]
    model = ck.doms_curve([24.0 * d for d, _, _ in TAKAYAMA_2017], **MARATHON)["soreness"].to_numpy()
    for (day, mean, sd), m in zip(TAKAYAMA_2017, model):
        out.append(
            f"| {day} | {mean:.1f} | {sd:.1f} | {m:.2f} | {m - mean:+.2f} | {'yes' if abs(m - mean) <= sd else '**no**'} |"
        )
    raw = TAKAYAMA_2017[1][1] / TAKAYAMA_2017[0][1]
    net = (TAKAYAMA_2017[1][1] - TAKAYAMA_BEFORE) / (TAKAYAMA_2017[0][1] - TAKAYAMA_BEFORE)
    out += [
        "",
        f"Day 2 / day 1: published {raw:.2f} (raw means) or {net:.2f} (after subtracting the pre-race "
        f"{TAKAYAMA_BEFORE}); model {model[1] / model[0]:.2f}.",
        "",
        "### Repeated bout against Byrnes 1985 and Nosaka 2005",
        "",
        "All-downhill run at usual distance, a similar run some weeks before; protection = 1 − peak / peak with no "
        "earlier run.",
        "",
        "| weeks since | published | source | model peak | model protection |",
        "|---|---|---|---|---|",
    ]
    never = ck.doms_summary(**DOWNHILL)["peak_soreness"]
    out.append(f"| none | — | — | {never:.2f} | 0 % |")
    for weeks, found, source in REPEATED_BOUT:
        peak = ck.doms_summary(**DOWNHILL, weeks_since_similar=weeks)["peak_soreness"]
        out.append(f"| {weeks} | {found} | {source} | {peak:.2f} | {100 * (1 - peak / never):.0f} % |")
    out += [
        "",
        "The model keeps full protection to 6 weeks and fades it linearly to none at 12 weeks: between "
        "Byrnes's leg data (gone by ~9 weeks) and Nosaka's arm data (partial at 12).",
        "",
        "### Warm-up and hydration",
        "",
        "| input | published | model |",
        "|---|---|---|",
    ]
    at48 = lambda **kw: float(ck.doms_curve([48.0], **DOWNHILL, **kw)["soreness"].iloc[0])  # noqa: E731
    out.append(
        "| 10-min warm-up before all-downhill exercise, soreness at 48 h | 13 mm of 100 less (Law & Herbert 2007) "
        f"| {at48() - at48(warmup_min=10.0, warmup_type='dynamic'):.2f} points of 10 less |"
    )
    out.append(
        "| pre-exercise static stretching | −0.5 of 100 (Herbert 2011): no effect | "
        f"{at48() - at48(warmup_min=15.0, warmup_type='static'):.2f} points less |"
    )
    peak = lambda f: ck.doms_summary(fluid_loss_pct=f)["peak_soreness"]  # noqa: E731
    out.append(
        "| 3.3 % vs 0.9 % body-mass loss | more leg pain after 3.3 % (Cleary 2005, n = 10; size not used) | "
        f"peak ×{peak(3.3) / peak(0.9):.2f} (illustrative factor `dehydration_doms_factor`) |"
    )
    return out


RISK_ROWS = (
    (
        "run 10–30 % longer than the longest of 30 days",
        {"spike_pct": 20.0},
        "spike",
        "HR 1.64 (1.31–2.05)",
        "Frandsen 2025",
    ),
    ("run 30–100 % longer", {"spike_pct": 60.0}, "spike", "HR 1.52 (1.16–2.00)", "Frandsen 2025"),
    ("run over 100 % longer", {"spike_pct": 150.0}, "spike", "HR 2.28 (1.50–3.48)", "Frandsen 2025"),
    (
        "novice raising the week by over 30 %",
        {"weekly_change_pct": 40.0},
        "mileage_change",
        "HR 1.59 (0.96–2.66), p = 0.07",
        "Nielsen 2014",
    ),
    (
        "10 % rule (randomised)",
        {"weekly_change_pct": 10.0},
        "mileage_change",
        "20.8 % vs 20.3 % injured: no effect",
        "Buist 2008",
    ),
    (
        "stretching before exercise",
        {"warmup_min": 15.0, "warmup_type": "static"},
        "warm_up",
        "HR 0.95 (0.77–1.18)",
        "Pope 2000",
    ),
    (
        "warm-up, cool-down and stretching in runners",
        {"warmup_min": 15.0, "warmup_type": "dynamic"},
        "warm_up",
        "5.5 vs 4.9 injuries per 1,000 h",
        "van Mechelen 1993",
    ),
    ("3 % body-mass loss", {"fluid_loss_pct": 3.0}, "hydration", "not measured by any study", "—"),
)
"""(situation, soreness_risk inputs, factor, published, source): EVIDENCE.md rows."""


def _risk_table() -> list[str]:
    out = [
        "## Risk model against its studies",
        "",
        "| situation | published | source | model factor | model range | finding |",
        "|---|---|---|---|---|---|",
    ]
    for label, inputs, name, published, source in RISK_ROWS:
        factor = {f.name: f for f in ck.soreness_risk(**inputs).factors}[name]
        out.append(
            f"| {label} | {published} | {source} | ×{float(factor.ratio):.2f} | "
            f"{float(factor.ratio_low):.2f}–{float(factor.ratio_high):.2f} | {factor.finding} |"
        )
    both = ck.soreness_risk(weekly_change_pct=40.0, spike_pct=20.0)
    out += [
        "",
        f"The 30–100 % band holds the 10–30 % ratio ({param('spike_hr_small').value:.2f}) so that risk never falls as a "
        "run gets longer (the published intervals overlap). One week counted once: a +40 % week with a run 20 % "
        f"longer gives ×{float(both.total):.2f} (the larger ratio), not the product "
        f"{param('mileage_change_hr').value * param('spike_hr_small').value:.2f}. The defaults of the run simulator read "
        f"×{float(ck.soreness_risk().total):.2f}.",
    ]
    return out


def _pmc_reference(km: list[float], tau_ctl: float, tau_atl: float) -> list[float]:
    """Form as an explicit weighted sum of all earlier days (no recursion): TSB_t = CTL_{t-1} - ATL_{t-1}."""

    def load(t: int, tau: float) -> float:
        k = math.exp(-1.0 / tau)
        return math.fsum((1.0 - k) * k ** (t - i) * km[i] for i in range(t + 1))

    return [0.0] + [load(t, tau_ctl) - load(t, tau_atl) for t in range(len(km) - 1)]


def _ewma_reference(km: list[float], n: int) -> list[float]:
    """Williams 2017's EWMA written as a loop: e_0 = x_0, e_t = lam x_t + (1 - lam) e_{t-1}, lam = 2 / (n + 1)."""
    lam, out = 2.0 / (n + 1.0), []
    for x in km:
        out.append(x if not out else lam * x + (1.0 - lam) * out[-1])
    return out


def _load_tables() -> list[str]:
    km = [40.0 / 7] * 120 + [160.0 / 7] * 7 + [20.0 / 7] * 21
    rng = np.random.default_rng(2017)
    km += list(rng.choice([0.0, 5.0, 8.0, 16.0, 32.0], 100))
    log = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=len(km)), "distance_km": km})
    daily = ck.training_load(log).daily
    form_gap = float(np.max(np.abs(daily["form"].to_numpy() - np.array(_pmc_reference(km, 42.0, 7.0)))))
    acute, chronic = np.array(_ewma_reference(km, 7)), np.array(_ewma_reference(km, 28))
    ratio = (acute / chronic)[27:]
    acwr_gap = float(np.nanmax(np.abs(daily["acwr_ewma"].to_numpy()[27:] - ratio)))
    overload, taper = daily["form"].iloc[127], daily["form"].iloc[148]
    return [
        "## Training load against independent formulas",
        "",
        f"A {len(km)}-day log (120 steady days at 40 km a week, one week at 4×, three weeks at half, then 100 random days).",
        "",
        "| quantity | convention | independent formula | largest difference |",
        "|---|---|---|---|",
        f"| form (TSB) | PMC as GoldenCheetah computes it: CTL 42 d, ATL 7 d, form = yesterday's CTL − ATL | explicit "
        f"weighted sums of all earlier days | {form_gap:.1e} |",
        f"| EWMA ACWR | Williams 2017, λ = 2/(N+1), N = 7 and 28 | a plain loop | {acwr_gap:.1e} |",
        "",
        f"Both agree to 1e-9 ({'yes' if max(form_gap, acwr_gap) <= 1e-9 else '**no**'}). Form the morning after the 4× "
        f"week: {overload:.1f} (negative: fatigue above fitness); after the 3-week taper: {taper:.1f} (positive).",
    ]


def validation_doc() -> str:
    """docs/validation.md: every model against the published numbers it follows, side by side."""
    parts = [
        "# Validation: the models against the published data",
        "",
        "Generated by `scripts/build_validation.py`; `tests/test_validation_doc.py` fails when it drifts from the "
        "models. Numbers side by side (the lessons draw the curves). Educational models, not medical advice.",
        "",
        *_doms_tables(),
        "",
        *_risk_table(),
        "",
        *_load_tables(),
        "",
    ]
    return "\n".join(parts)


def main() -> None:
    """Regenerate the files and write them."""
    CARD.write_text(model_card(CARD.read_text(encoding="utf-8")), encoding="utf-8", newline="\n")
    print(f"wrote {CARD.relative_to(ROOT)}")
    VALIDATION.write_text(validation_doc(), encoding="utf-8", newline="\n")
    print(f"wrote {VALIDATION.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
