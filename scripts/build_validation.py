"""Write docs/validation.md and the parameter table of docs/models.md.

Usage: ``python scripts/build_validation.py``

Both are generated from the models and ``data/model_parameters.csv``; run this
after changing a model or a parameter. ``tests/test_validation_doc.py`` fails
until the committed files match.
"""

from __future__ import annotations

from pathlib import Path

import calfkit as ck

ROOT = Path(__file__).resolve().parent.parent
CARD = ROOT / "docs" / "models.md"
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


def main() -> None:
    """Regenerate the files and write them."""
    CARD.write_text(model_card(CARD.read_text(encoding="utf-8")), encoding="utf-8", newline="\n")
    print(f"wrote {CARD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
