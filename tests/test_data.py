"""The data tables: every loader, every column, every source, and every kind of corruption."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

import calfkit as ck
from calfkit.data import DataError, split_ids
from calfkit.schema import SCHEMAS

from .conftest import DATA

LOADERS = {
    "sources": ck.load_sources,
    "causes": ck.load_causes,
    "nutrients": ck.load_nutrients,
    "nutrient_intakes": ck.load_nutrient_intakes,
    "doms_timeline": ck.load_doms_timeline,
    "red_flags": ck.load_red_flags,
    "treatments": ck.load_treatments,
    "claims": ck.load_claims,
    "model_parameters": ck.load_model_parameters,
}


def raw_rows(name: str) -> list[dict[str, str]]:
    """Rows read with the csv module alone, independently of calfkit's loader."""
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_loader_returns_every_row_with_schema_columns(name):
    frame = LOADERS[name]()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == SCHEMAS[name].column_names
    assert len(frame) == len(raw_rows(name)) > 0
    assert frame["id"].is_unique


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_loader_returns_a_copy(name):
    first = LOADERS[name]()
    first.iloc[0, 0] = "changed"
    assert LOADERS[name]().iloc[0, 0] != "changed"


@pytest.mark.parametrize("name", sorted(set(LOADERS) - {"sources"}))
def test_every_row_has_a_resolvable_source(name):
    known = {row["id"] for row in raw_rows("sources")}
    for row in raw_rows(name):
        ids = split_ids(row["sources"])
        assert ids, f"{name} row {row['id']} has no source"
        assert set(ids) <= known, f"{name} row {row['id']}: {set(ids) - known}"


def test_numeric_and_boolean_columns_are_typed():
    causes = ck.load_causes()
    assert causes["modifiable"].dtype == bool and causes["red_flag"].dtype == bool
    timeline = ck.load_doms_timeline()
    assert pd.api.types.is_float_dtype(timeline["peak_h_low"])
    nutrients = ck.load_nutrients()
    assert pd.api.types.is_float_dtype(nutrients["amount_low"])


def test_ranges_are_ordered():
    nutrients = ck.load_nutrients().dropna(subset=["amount_low"])
    assert (nutrients["amount_low"] <= nutrients["amount_high"]).all()
    timeline = ck.load_doms_timeline()
    for stage in ("onset", "peak", "resolved"):
        both = timeline.dropna(subset=[f"{stage}_h_low", f"{stage}_h_high"])
        assert (both[f"{stage}_h_low"] <= both[f"{stage}_h_high"]).all(), stage
    params = ck.load_model_parameters()
    assert ((params["low"] <= params["value"]) & (params["value"] <= params["high"])).all()


def test_every_source_is_used_and_every_seed_is_cited():
    used: set[str] = set()
    for name in set(LOADERS) - {"sources"}:
        for row in raw_rows(name):
            used.update(split_ids(row["sources"]))
    sources = raw_rows("sources")
    unused = {row["id"] for row in sources} - used
    assert not unused, f"sources listed but never cited: {sorted(unused)}"
    seed_files = {Path(row["url_or_doi"]).name for row in sources if row["kind"] == "seed"}
    assert len(seed_files) == 5
    for name in ("causes", "treatments", "claims"):
        cited = {s for row in raw_rows(name) for s in split_ids(row["seeds"])}
        assert cited == seed_files, f"{name} misses seeds {seed_files - cited}"


def test_seed_sources_match_the_shared_seed_articles(seeds_dir: Path):
    on_disk = {p.name for p in seeds_dir.glob("*.txt")}
    listed = {Path(row["url_or_doi"]).name for row in raw_rows("sources") if row["kind"] == "seed"}
    assert listed == on_disk


def test_references_render_citations_in_order():
    refs = ck.references("cheung2003;byrnes1985;cheung2003")
    assert [r.split("]")[0] for r in refs] == ["[cheung2003", "[byrnes1985"]
    assert "Sports Med" in refs[0]
    with pytest.raises(ValueError, match="no_such_source"):
        ck.references(["no_such_source"])
    with pytest.raises(ValueError, match="ids="):
        ck.references(42)


def test_unknown_table_name_is_a_clear_error():
    with pytest.raises(ValueError, match="name='calves'.*allowed"):
        ck.load_table("calves")
    with pytest.raises(ValueError, match="directory="):
        ck.load_table("causes", directory="/no/such/folder")


# --- corruption: each kind of damage gives an error naming file, column and line ---


def rewrite(folder: Path, name: str, edit) -> None:
    path = folder / f"{name}.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def set_cell(rows, row_index, column, value):
    rows[row_index][rows[0].index(column)] = value


def drop_column(rows, column):
    index = rows[0].index(column)
    for row in rows:
        del row[index]


CORRUPTIONS = {
    "missing column": (
        "causes",
        lambda rows: drop_column(rows, "mechanism"),
        r"data/causes\.csv, column 'mechanism', line 1: missing column",
    ),
    "bad number": (
        "doms_timeline",
        lambda rows: set_cell(rows, 3, "peak_h_low", "two days"),
        r"data/doms_timeline\.csv, column 'peak_h_low', line 4 .*'two days' is not a number",
    ),
    "number out of range": (
        "nutrients",
        lambda rows: set_cell(rows, 2, "amount_low", "-5"),
        r"data/nutrients\.csv, column 'amount_low', line 3 .*outside the allowed range",
    ),
    "bad boolean": (
        "causes",
        lambda rows: set_cell(rows, 5, "red_flag", "yes"),
        r"data/causes\.csv, column 'red_flag', line 6 .*not 'true' or 'false'",
    ),
    "bad choice": (
        "claims",
        lambda rows: set_cell(rows, 2, "verdict", "probably"),
        r"data/claims\.csv, column 'verdict', line 3 .*'probably' is not one of",
    ),
    "duplicate id": (
        "red_flags",
        lambda rows: set_cell(rows, 3, "id", rows[1][0]),
        r"data/red_flags\.csv, column 'id', line 4 .*duplicate id \(first used on line 2\)",
    ),
    "unknown source id": (
        "treatments",
        lambda rows: set_cell(rows, 4, "sources", "seed001;made_up_2024"),
        r"data/treatments\.csv, column 'sources', line 5 .*unknown source id 'made_up_2024'",
    ),
    "empty sources": (
        "causes",
        lambda rows: set_cell(rows, 7, "sources", ""),
        r"data/causes\.csv, column 'sources', line 8 .*is empty",
    ),
    "unknown seed": (
        "causes",
        lambda rows: set_cell(rows, 2, "seeds", "999_0000000000000000.txt"),
        r"data/causes\.csv, column 'seeds', line 3 .*not listed as a seed",
    ),
    "empty required text": (
        "red_flags",
        lambda rows: set_cell(rows, 2, "what_to_do", ""),
        r"data/red_flags\.csv, column 'what_to_do', line 3 .*is empty but a value is required",
    ),
    "short row": (
        "nutrients",
        lambda rows: rows[4].pop(),
        r"data/nutrients\.csv, column '\(row\)', line 5: has 11 fields but the header has 12",
    ),
    "bad id": (
        "claims",
        lambda rows: set_cell(rows, 1, "id", "Not An Id"),
        r"data/claims\.csv, column 'id', line 2 .*not a snake_case id",
    ),
}


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_corrupt_file_raises_clear_error(kind, data_copy):
    name, edit, message = CORRUPTIONS[kind]
    rewrite(data_copy, name, edit)
    with pytest.raises(DataError, match=message):
        ck.load_table(name, directory=data_copy)
    # the kit's own data is untouched and still loads
    assert len(LOADERS[name]()) == len(raw_rows(name))


def test_unknown_source_in_sources_table_breaks_dependants(data_copy):
    rewrite(data_copy, "sources", lambda rows: set_cell(rows, 6, "id", "renamed_source"))
    old_id = raw_rows("sources")[5]["id"]
    with pytest.raises(DataError, match=f"unknown source id '{old_id}'"):
        for name in set(LOADERS) - {"sources"}:
            ck.load_table(name, directory=data_copy)


def test_empty_and_non_utf8_files(data_copy):
    (data_copy / "claims.csv").write_bytes(b"")
    with pytest.raises(DataError, match=r"data/claims\.csv.*file is empty"):
        ck.load_table("claims", directory=data_copy)
    raw = (DATA / "causes.csv").read_bytes()
    (data_copy / "causes.csv").write_bytes(raw.replace(b"\n", b"\n\xff\xfe", 3))
    with pytest.raises(DataError, match=r"data/causes\.csv, line 2: not valid UTF-8"):
        ck.load_table("causes", directory=data_copy)
    (data_copy / "nutrients.csv").unlink()
    with pytest.raises(DataError, match=r"data/nutrients\.csv: file not found"):
        ck.load_table("nutrients", directory=data_copy)


def test_seed_rows_must_not_claim_an_evidence_grade(data_copy):
    rewrite(data_copy, "sources", lambda rows: set_cell(rows, 1, "evidence_grade", "H"))
    with pytest.raises(DataError, match=r"sources\.csv, column 'evidence_grade', line 2 .*not evidence"):
        ck.load_table("sources", directory=data_copy)


def test_loading_never_modifies_the_files(data_copy):
    before = {p.name: p.read_bytes() for p in data_copy.glob("*.csv")}
    for name in LOADERS:
        ck.load_table(name, directory=data_copy)
    assert {p.name: p.read_bytes() for p in data_copy.glob("*.csv")} == before


def test_an_edited_file_is_reloaded(data_copy):
    before = len(ck.load_table("claims", directory=data_copy))
    rewrite(data_copy, "claims", lambda rows: rows.pop())
    assert len(ck.load_table("claims", directory=data_copy)) == before - 1
