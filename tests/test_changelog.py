"""The version is one number everywhere, and the changelog has a section for it."""

from __future__ import annotations

import re

import yaml

import calfkit

from .conftest import REPO


def test_version_is_semver_and_the_same_in_the_package_and_citation() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", calfkit.__version__), calfkit.__version__
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(citation["version"]) == calfkit.__version__, "CITATION.cff and calfkit.__version__ differ"


def test_changelog_has_unreleased_and_the_current_version_with_its_date() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings[0] == "Unreleased"
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert f"{calfkit.__version__} - {citation['date-released']}" in headings, (
        f"CHANGELOG.md has no '## {calfkit.__version__} - {citation['date-released']}' section"
    )
    versions = [h.split(" - ")[0] for h in headings[1:]]
    as_numbers = [tuple(int(x) for x in v.split(".")) for v in versions]
    assert as_numbers == sorted(as_numbers, reverse=True), "releases must be listed newest first"
