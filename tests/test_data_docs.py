"""data/README.md documents every column of every table."""

from __future__ import annotations

import re

from calfkit.schema import SCHEMAS

from .conftest import DATA

SHARED = {"seeds", "sources"}


def sections() -> dict[str, str]:
    text = (DATA / "README.md").read_text(encoding="utf-8")
    parts = re.split(r"^## (\S+\.csv)\s*$", text, flags=re.M)
    return {parts[i].removesuffix(".csv"): parts[i + 1] for i in range(1, len(parts), 2)}


def test_every_table_has_a_section():
    assert set(sections()) == set(SCHEMAS)


def test_every_column_is_documented_in_its_table_section():
    docs = sections()
    for name, schema in SCHEMAS.items():
        documented = set(re.findall(r"`([a-z0-9_]+)`", docs[name]))
        missing = [c for c in schema.column_names if c not in documented and c not in SHARED]
        assert not missing, f"{name}: undocumented columns {missing}"
