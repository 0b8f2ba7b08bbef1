"""Facts a sports physician checked (issue 13): each error found in the audit has a test here.

The numbers and phrases these tests expect were read on the pages named in
``data/sources.csv`` (``checked_on``), not copied from the code under test.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

import calfkit as ck
from calfkit.data import DataError, split_ids

from .conftest import DATA, REPO

NOTEBOOKS = REPO / "notebooks"
QUIZZES = DATA / "quizzes"
GUIDE = REPO / "docs" / "teacher_guide.md"


def learner_texts() -> dict[str, str]:
    """Everything a learner or teacher reads: lesson cells and their stored outputs, quiz
    banks, the teacher guide and the data tables the widgets show."""
    texts: dict[str, str] = {}
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        parts = []
        for cell in notebook["cells"]:
            parts.append("".join(cell["source"]))
            for output in cell.get("outputs", []):
                parts.append("".join(output.get("text", "")))
                parts.extend("".join(v) for v in output.get("data", {}).values() if isinstance(v, (str, list)))
        texts[f"notebooks/{path.name}"] = "\n".join(parts)
    for path in sorted(QUIZZES.glob("*.json")):
        texts[f"data/quizzes/{path.name}"] = path.read_text(encoding="utf-8")
    for path in sorted(DATA.glob("*.csv")):
        texts[f"data/{path.name}"] = path.read_text(encoding="utf-8")
    texts["docs/teacher_guide.md"] = GUIDE.read_text(encoding="utf-8")
    return texts


def rows(name: str) -> dict[str, dict[str, str]]:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


# --- the Wells cut-off -------------------------------------------------------------------

def test_dvt_red_flag_uses_nice_two_level_wells_cut_off():
    # NICE NG158 table 1 (guideline page): "DVT likely: 2 points or more; DVT unlikely: 1 point or less".
    text = rows("red_flags")["dvt_signs"]["what_to_do"]
    assert "two-level Wells score" in text and "2 points or more = DVT likely" in text
    assert "nice_ng158" in split_ids(rows("red_flags")["dvt_signs"]["sources"])
    for where, body in learner_texts().items():
        assert not re.search(r"3 or more\s*=\s*high probability", body), where


# --- one owner for every claim verdict --------------------------------------------------

VERDICT_PHRASES = {
    "begins within 24-48 hours": "doms_begins_24_48h",
    "electrolyte loss causes cramps": "dehydration_electrolytes_cause_cramps",
    "lactic acid causes next-day soreness": "lactic_acid_causes_soreness",
}
"""Quoted seed phrases that quizzes, lessons and the guide give a verdict for -> claims.csv id."""

VERDICT_QUESTIONS = {"07_lactic_acid_verdict": "lactic_acid_causes_soreness"}
"""Quiz questions whose answers are verdicts -> the claim they ask about."""

_VERDICT = r"\b(supported|contested|incorrect)\b"
_KIT_VERDICT = re.compile(r"[^.?!]*\b(?:kit|audit) (?:marks|rates|calls)\b[^.?!]*" + _VERDICT + r"[^.?!]*", re.I)


def test_seed_timeline_rows_take_their_verdict_from_claims_csv():
    claims = ck.load_claims().set_index("id")["verdict"]
    timeline = ck.load_doms_timeline()
    seeds = timeline[timeline["kind"] == "seed"]
    linked = seeds[seeds["claim"] != ""]
    # every seed row that states a timing quotes a claim
    assert set(seeds.loc[seeds["agrees_with_consensus"] != "not_stated", "id"]) == set(linked["id"])
    for _, row in linked.iterrows():
        assert row["agrees_with_consensus"] == claims[row["claim"]], row["id"]
    assert claims["doms_begins_24_48h"] == "contested"


def test_timeline_that_disagrees_with_claims_csv_does_not_load(data_copy):
    path = data_copy / "claims.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    verdict = table[0].index("verdict")
    for row in table[1:]:
        if row[0] == "doms_begins_24_48h":
            row[verdict] = "supported"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    with pytest.raises(DataError, match=r"doms_timeline\.csv.*seed001_doms.*claims\.csv rates claim 'doms_begins_24_48h' 'supported'"):
        ck.load_table("doms_timeline", directory=data_copy)


def test_every_verdict_the_kit_states_in_words_matches_claims_csv():
    claims = ck.load_claims().set_index("id")["verdict"]
    seen = set()
    for where, body in learner_texts().items():
        if where.startswith("data/") and where.endswith(".csv"):
            continue
        for sentence in _KIT_VERDICT.finditer(body.replace("\\n", " ")):
            text = sentence.group(0)
            phrases = [p for p in VERDICT_PHRASES if p in text]
            assert phrases, f"{where}: a verdict in words that no claim owns; add its phrase to VERDICT_PHRASES: {text!r}"
            for phrase in phrases:
                after = text[text.index(phrase) + len(phrase):]
                stated = re.search(_VERDICT, after, re.I)
                assert stated, f"{where}: no verdict after {phrase!r}"
                assert stated.group(1).lower() == claims[VERDICT_PHRASES[phrase]], (
                    f"{where} says {phrase!r} is {stated.group(1)}, claims.csv says {claims[VERDICT_PHRASES[phrase]]}")
                seen.add(phrase)
    assert seen == set(VERDICT_PHRASES), set(VERDICT_PHRASES) - seen


def test_verdict_questions_accept_the_claims_csv_verdict():
    claims = ck.load_claims().set_index("id")["verdict"]
    questions = {q["id"]: q for path in QUIZZES.glob("*.json") for q in json.loads(path.read_text(encoding="utf-8"))}
    for qid, claim in VERDICT_QUESTIONS.items():
        right = [a["answer"] for a in questions[qid]["answers"] if a["correct"]]
        assert len(right) == 1 and right[0].lower().startswith(claims[claim]), (qid, right, claims[claim])


# --- real titles ------------------------------------------------------------------------

def test_paraphrased_titles_are_replaced_by_the_real_ones():
    sources = rows("sources")
    # Titles as on PubMed 40623829 and the DOAJ record of J Exerc Sci Fit 2020;18(3):115-121.
    assert ("How much running is too much? Identifying high-risk running sessions in a 5200-person "
            "cohort study") in sources["frandsen2025"]["citation"]
    assert "59(17):1203-1210" in sources["frandsen2025"]["citation"]
    assert ("Relationship between early-onset muscle soreness and indirect muscle damage markers and "
            "their dynamics after a full marathon") in sources["tokinoya2020"]["citation"]
    assert sources["frandsen2025"]["url_or_doi"] == "https://doi.org/10.1136/bjsports-2024-109380"
    assert sources["tokinoya2020"]["url_or_doi"] == "https://doi.org/10.1016/j.jesf.2020.03.001"
    for where, body in learner_texts().items():
        assert "paraphrased" not in body, where


def test_every_read_source_says_where_it_was_read_and_links_to_it():
    for sid, source in rows("sources").items():
        assert source["checked_against"], sid
        if source["kind"] == "seed":
            assert source["checked_against"] == "seed file", sid
        elif source["checked_against"] not in ("not found", "not checked"):
            assert re.match(r"https?://", source["url_or_doi"]), sid
            assert source["checked_on"], sid


def test_a_source_marked_as_read_without_a_link_does_not_load(data_copy):
    path = data_copy / "sources.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    link = table[0].index("url_or_doi")
    line = next(i for i, row in enumerate(table) if row[0] == "frandsen2025")
    table[line][link] = ""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    with pytest.raises(DataError, match=rf"sources\.csv, column 'url_or_doi', line {line + 1} \(id 'frandsen2025'\).*abstract"):
        ck.load_table("sources", directory=data_copy)


def test_rows_citing_unfound_sources_say_so():
    sources = rows("sources")
    unfound = {sid for sid, s in sources.items() if s["checked_against"] == "not found"}
    assert "standring2016" in unfound
    for sid in ("gastrocnemius_origin_insertion", "soleus_slow_twitch", "gastrocnemius_soleus_either_side",
                "achilles_heel_to_shin"):
        assert "could not be searched" in rows("claims")[sid]["explanation"] or \
            "not found" in rows("claims")[sid]["explanation"], sid


# --- Tokinoya, Vickers, Byrnes: the DOMS timeline --------------------------------------

def test_tokinoya_marathon_soreness_is_not_counted_as_doms():
    # Abstract: soreness "peaking immediately after a full marathon ... this is different from DOMS".
    timeline = ck.load_doms_timeline().set_index("id")
    row = timeline.loc["tokinoya2020_doms"]
    assert row["agrees_with_consensus"] != "supported"
    assert "different from DOMS" in row["statement"]
    assert row["peak_h_low"] == row["peak_h_high"] == 0
    assert "tokinoya2020" not in split_ids(timeline.loc["consensus_doms", "sources"])


def test_vickers_row_shows_the_runners_not_the_bench_steppers():
    # Abstract: 45 % of 82 untrained bench-steppers vs 14 % of 400 runners peaked at about 36-48 h.
    row = ck.load_doms_timeline().set_index("id").loc["vickers2001_doms"]
    assert row["peak_h_high"] < 24
    assert "400 runners" in row["context"] and "bench-steppers" in row["statement"]
    assert row["agrees_with_consensus"] != "supported"


def test_byrnes_slope_is_ten_degrees_not_ten_percent():
    # Abstract: "30-min exercise bouts of downhill running (-10 degrees slope)".
    context = ck.load_doms_timeline().set_index("id").loc["byrnes1985_doms", "context"]
    assert "-10 degree" in context and "%" not in context


# --- ACSM: more than 2 % ---------------------------------------------------------------

def test_acsm_threshold_is_more_than_two_percent():
    at_two = ck.fluid_loss(sweat_rate_l_per_h=1.0, duration_min=60, intake_l=0.0, body_mass_kg=50.0)
    assert at_two.loss_pct == 2.0 and not at_two.over_threshold
    params = rows("model_parameters")
    assert "more than 2 %" in params["dehydration_threshold_pct"]["note"]
    for where, body in learner_texts().items():
        assert not re.search(r"(≥|>=)\s*2 ?%|at or above the (2 %|dehydration)", body), where
    ratio = ck.soreness_risk(fluid_loss_pct=2.0).to_frame().set_index("name")["ratio"]
    assert ratio["hydration"] == 1.0
    assert ck.soreness_risk(fluid_loss_pct=2.1).to_frame().set_index("name")["ratio"]["hydration"] > 1.0


# --- lesson 01 and the red-flag list ----------------------------------------------------

def test_sciatica_and_neuropathy_are_not_listed_as_red_flags():
    causes = ck.load_causes().set_index("id")
    for cid in ("sciatica", "neuropathic_pain", "nerve_root_compression"):
        assert not causes.loc[cid, "red_flag"], cid
    lesson = learner_texts()["notebooks/01_calf_anatomy_and_causes.ipynb"]
    assert "Sciatica (irritated sciatic nerve root)" not in lesson.split("Which causes are red flags?")[1]
    # the emergency form stays a red flag, with its own row
    assert rows("red_flags")["nerve_compression_emergency_signs"]["urgency"] == "emergency"


def test_no_stale_not_yet_in_sources_notes_anywhere_learners_read():
    for where, body in learner_texts().items():
        assert "not yet in sources" not in body, where
        assert "not yet in the sources" not in body, where
