"""The calf diagram (SVG in the kit), its text alternative and the 'where does it hurt?' map."""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET

import pytest

import calfkit as ck
from calfkit.figures.calf import REGION_IDS, calf_svg, calf_text_alternative
from calfkit.regions import load_calf_regions, split_ids

from .conftest import REPO

SVG = "{http://www.w3.org/2000/svg}"


def _groups() -> dict[str, ET.Element]:
    root = ET.fromstring(calf_svg())
    return {g.get("data-region"): g for g in root.iter(f"{SVG}g") if g.get("data-region")}


def test_the_svg_is_an_image_with_a_title_and_a_description() -> None:
    root = ET.fromstring(calf_svg())
    assert root.get("role") == "img" and root.get("aria-labelledby") == "calf-title calf-desc"
    assert root.find(f"{SVG}title").text and len(root.find(f"{SVG}desc").text) > 200


def test_every_part_the_lesson_names_is_drawn_and_labelled() -> None:
    groups = _groups()
    labels = " ".join(t.text for t in ET.fromstring(calf_svg()).iter(f"{SVG}text"))
    for word in (
        "gastrocnemius",
        "two heads",
        "soleus",
        "Achilles tendon",
        "heel bone",
        "knee joint",
        "ankle joint",
        "shin bone",
        "thigh bone",
    ):
        assert word in labels, word
    heads = groups["gastrocnemius"].findall(f"{SVG}path")
    assert len(heads) == 2, "the gastrocnemius is drawn with its two heads"
    for region, group in groups.items():
        assert group.find(f"{SVG}title").text, f"region {region} has no <title> (its tooltip and name)"


def test_the_text_alternative_names_every_part() -> None:
    text = calf_text_alternative()
    for word in ("gastrocnemius", "two heads", "soleus", "Achilles tendon", "heel bone", "knee joint", "ankle joint"):
        assert word in text, word


def test_regions_of_the_drawing_and_of_the_table_are_the_same() -> None:
    assert set(REGION_IDS) == set(load_calf_regions()["id"]) == set(_groups())


def test_every_region_links_to_causes_or_red_flags_that_exist() -> None:
    regions = load_calf_regions()
    causes, flags = set(ck.load_causes()["id"]), set(ck.load_red_flags()["id"])
    for _, row in regions.iterrows():
        linked_causes, linked_flags = split_ids(row["causes"]), split_ids(row["red_flags"])
        assert linked_causes or linked_flags, row["id"]
        assert set(linked_causes) <= causes and set(linked_flags) <= flags
        assert split_ids(row["sources"])
    mapped = {c for text in regions["causes"] for c in split_ids(text)}
    assert {"achilles_rupture", "calf_muscle_tear", "tibial_stress_fracture", "achilles_tendinopathy"} <= mapped


def test_an_unknown_id_in_the_regions_table_names_row_and_column(tmp_path, monkeypatch) -> None:
    import shutil

    import calfkit.data as data

    for path in (REPO / "data").glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    text = (tmp_path / "calf_regions.csv").read_text(encoding="utf-8").replace("plantar_fasciitis", "heel_spurs")
    (tmp_path / "calf_regions.csv").write_text(text, encoding="utf-8")
    monkeypatch.setattr(data, "data_dir", lambda: tmp_path)
    with pytest.raises(ValueError, match=r"row 'heel_bone', column 'causes': unknown id\(s\) \['heel_spurs'\]"):
        load_calf_regions()


def test_picking_a_region_outlines_it_and_lists_its_red_flags_with_what_to_do() -> None:
    from calfkit.widgets import calf_map

    flags = ck.load_red_flags().set_index("id")
    demo = calf_map()
    for region in REGION_IDS:
        demo.controls["region"].value = region
        assert f'class="region selected" data-region="{region}"' in demo.diagram.value
        assert demo.diagram.value.count("region selected") == 1
        row = load_calf_regions().set_index("id").loc[region]
        for flag in split_ids(row["red_flags"]):
            assert html.escape(flags.loc[flag, "possible_condition"]) in demo.readout.value  # named at once
            assert html.escape(flags.loc[flag, "what_to_do"]) in demo.more.value  # what to do, behind "More"
        assert row["name"] in demo.description


def test_a_bad_region_is_refused() -> None:
    from calfkit.widgets import calf_map

    with pytest.raises(ValueError, match=r"region='thigh' is not a region"):
        calf_map("thigh")
    with pytest.raises(ValueError, match=r"selected='thigh' is not a region of the diagram"):
        calf_svg("thigh")


def test_lesson_01_shows_the_map_in_its_anatomy_section() -> None:
    cells = json.loads((REPO / "notebooks" / "01_calf_anatomy_and_causes.ipynb").read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells]
    anatomy = next(i for i, s in enumerate(sources) if s.startswith("## 1. Two muscles"))
    shown = next(i for i, s in enumerate(sources) if "calf_map()" in s)
    causes = next(i for i, s in enumerate(sources) if s.startswith("## 2."))
    assert anatomy < shown < causes
