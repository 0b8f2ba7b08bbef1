"""Each seed's causes, nutrients, timeline statements, treatments and warnings are in the data.

The expectations below were written by reading the five seed articles in shared/seeds, not
from the data files: each entry is (table, pattern) and means "some row of that table,
tagged with that seed, mentions this". A row dropped or mis-tagged makes the test fail.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import calfkit as ck
from calfkit.data import split_ids

S0, S1, S2, S3, S4 = (
    "000_b1cea77aadf7a50d.txt",
    "001_ca5ececf3203a877.txt",
    "002_06b2f64dc66a6497.txt",
    "003_4ad5d5bfdc346268.txt",
    "004_7dd17131d425ac22.txt",
)

EXPECTED = {
    S0: [
        ("causes", r"overuse"),
        ("causes", r"strain"),
        ("causes", r"dehydrat"),
        ("causes", r"electrolyte"),
        ("causes", r"peripheral artery|PAD"),
        ("causes", r"herniat|stenosis|nerve root"),
        ("causes", r"sciatica"),
        ("causes", r"cramp"),
        ("causes", r"deep vein|DVT"),
        ("causes", r"achilles"),
        ("causes", r"footwear|shoe"),
        ("causes", r"sitting|pooling"),
        ("nutrients", r"protein"),
        ("nutrients", r"potassium"),
        ("nutrients", r"magnesium"),
        ("nutrients", r"calcium"),
        ("nutrients", r"sodium"),
        ("nutrients", r"water"),
        ("doms_timeline", r"24 to 72"),
        ("treatments", r"elevat"),
        ("treatments", r"ice"),
        ("treatments", r"ibuprofen|NSAID"),
        ("treatments", r"massage"),
        ("treatments", r"footwear|shoe"),
        ("treatments", r"sitting|immobil"),
        ("treatments", r"dynamic"),
        ("treatments", r"antioxidant|fruit"),
        ("red_flags", r"deep vein|DVT"),
    ],
    S1: [
        ("causes", r"rhabdomyolysis"),
        ("causes", r"mileage"),
        ("causes", r"overtrain"),
        ("causes", r"neuropath"),
        ("causes", r"stairs|jump rope|box jump"),
        ("causes", r"plantar fasci"),
        ("causes", r"varicose"),
        ("causes", r"compartment"),
        ("causes", r"rupture"),
        ("causes", r"peripheral artery|PAD"),
        ("causes", r"lactic"),
        ("causes", r"compensat"),
        ("nutrients", r"protein"),
        ("nutrients", r"carbohydrate"),
        ("doms_timeline", r"24-48|day or two"),
        ("treatments", r"ice"),
        ("treatments", r"foam roll"),
        ("treatments", r"naproxen|ibuprofen|NSAID"),
        ("treatments", r"strength"),
        ("treatments", r"warfarin|rivaroxaban|blood thinner"),
        ("red_flags", r"dark urine|tea-coloured|rhabdomyolysis"),
        ("red_flags", r"fever|chills"),
        ("red_flags", r"numb"),
    ],
    S2: [
        ("causes", r"overtrain"),
        ("causes", r"glycogen"),
        ("causes", r"stress fracture"),
        ("causes", r"dehydrat"),
        ("causes", r"electrolyte"),
        ("causes", r"flexib|tight"),
        ("causes", r"warm-up|warm up"),
        ("causes", r"minimalist|drop"),
        ("causes", r"pronat"),
        ("causes", r"supinat"),
        ("causes", r"thermoreg|heat"),
        ("nutrients", r"potassium"),
        ("nutrients", r"magnesium"),
        ("nutrients", r"sodium"),
        ("doms_timeline", r"no timing|not_stated|gives no"),
        ("treatments", r"10 ?%"),
        ("treatments", r"sports drink"),
        ("treatments", r"30 s"),
        ("treatments", r"foam roll"),
        ("treatments", r"leg swing|brisk walk"),
        ("treatments", r"fitting"),
        ("treatments", r"rotat"),
        ("treatments", r"calf raise|squat|hamstring curl"),
        ("red_flags", r"persist|severe"),
    ],
    S3: [
        ("causes", r"mileage|too much"),
        ("causes", r"forefoot"),
        ("causes", r"hamstring|glute"),
        ("causes", r"soleus"),
        ("causes", r"hill|uphill"),
        ("causes", r"drop"),
        ("doms_timeline", r"12 to 72|12 to 48"),
        ("treatments", r"10 ?%"),
        ("treatments", r"dynamic"),
        ("treatments", r"heel drop"),
        ("treatments", r"rotat"),
        ("treatments", r"light movement|gentle movement|active recovery"),
        ("treatments", r"RICE"),
        ("treatments", r"massage gun"),
        ("treatments", r"sharp"),
        ("red_flags", r"weight"),
        ("red_flags", r"bruis"),
        ("red_flags", r"5 days"),
        ("red_flags", r"pop|snap"),
    ],
    S4: [
        ("causes", r"posture"),
        ("causes", r"dehydrat"),
        ("causes", r"hyperpronation|pronat"),
        ("causes", r"charley|cramp"),
        ("causes", r"deep vein|DVT"),
        ("nutrients", r"magnesium"),
        ("nutrients", r"calcium"),
        ("doms_timeline", r"two days|next morning"),
        ("treatments", r"knead"),
        ("treatments", r"arnica"),
        ("treatments", r"menthol"),
        ("red_flags", r"deep vein|DVT"),
    ],
}

LOADERS = {
    "causes": ck.load_causes,
    "nutrients": ck.load_nutrients,
    "doms_timeline": ck.load_doms_timeline,
    "treatments": ck.load_treatments,
    "red_flags": ck.load_red_flags,
    "claims": ck.load_claims,
}


def rows_for(table: str, seed: str) -> list[str]:
    frame: pd.DataFrame = LOADERS[table]()
    tagged = frame[frame["seeds"].map(lambda cell: seed in split_ids(cell))]
    return [" | ".join(str(v) for v in row) for row in tagged.itertuples(index=False)]


CASES = [(seed, table, pattern) for seed, items in EXPECTED.items() for table, pattern in items]


@pytest.mark.parametrize("seed,table,pattern", CASES, ids=[f"{s[:3]}-{t}-{p[:20]}" for s, t, p in CASES])
def test_seed_content_is_in_the_data(seed, table, pattern):
    texts = rows_for(table, seed)
    assert any(re.search(pattern, text, flags=re.I) for text in texts), (
        f"no {table} row tagged {seed} mentions /{pattern}/"
    )


def test_every_seed_has_audited_claims():
    claims = ck.load_claims()
    assert len(claims) >= 30
    per_seed = {seed: len(rows_for("claims", seed)) for seed in EXPECTED}
    assert min(per_seed.values()) >= 4, per_seed
    assert set(claims["verdict"]) == {"supported", "contested", "incorrect"}


def test_the_massage_routine_is_complete_and_ordered():
    routine = ck.load_treatments().dropna(subset=["step"])
    assert sorted(routine["step"].astype(int)) == list(range(1, 7))
    assert all(S4 in split_ids(cell) for cell in routine["seeds"])


def test_seed_doses_are_numbers():
    treatments = ck.load_treatments()

    def dose(pattern):
        rows = treatments[
            treatments["advice"].str.contains(pattern, case=False, regex=True) & treatments["dose_low"].notna()
        ]
        assert len(rows), pattern
        return rows.iloc[0]

    ice = dose(r"\bice\b")
    assert (ice.dose_low, ice.dose_high) == (10, 20) and "min" in ice.dose_unit
    stretch = dose(r"static (?:calf )?stretch")
    assert stretch.dose_low == 30 and stretch.dose_unit.startswith("s")
    strength = dose(r"strength")
    assert (strength.dose_low, strength.dose_high) == (2, 3) and "week" in strength.dose_unit
