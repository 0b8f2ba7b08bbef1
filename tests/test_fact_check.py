"""The fact-check report (issue 13): sources re-read, rows re-read and changed, and the
rows whose sources could not be read say so."""

from __future__ import annotations

import csv
import re

from calfkit.fact_check import NOTE_COLUMNS, READ, TABLES, fact_check_report, row_checks, source_counts

from .conftest import DATA, REPO

REPORT = REPO / "docs" / "fact_check.md"
CHANGES = REPO / "docs" / "fact_check_changes.csv"
SAYS_UNREAD = re.compile(r"not found|could not be searched|not in the (abstract|part|parts)", re.I)


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_committed_report_matches_the_tables() -> None:
    assert REPORT.read_text(encoding="utf-8") == fact_check_report(DATA, CHANGES), (
        "docs/fact_check.md is stale: run python scripts/build_fact_check.py"
    )


def test_every_source_was_searched_for() -> None:
    counts = source_counts(DATA)
    assert counts["not checked"] == 0
    for source in _rows("sources"):
        if source["checked_against"] == "not found":
            assert "search" in source["checked_on"], source["id"]


def test_rows_citing_an_unread_source_say_so_in_their_notes() -> None:
    for check in row_checks(DATA):
        if check.unread and check.table in NOTE_COLUMNS:
            assert SAYS_UNREAD.search(check.note), (check.table, check.row_id, check.unread)


def test_row_status_follows_the_sources_table(tmp_path) -> None:
    # Marking a read source as not found turns the rows citing only it from fully to not re-read.
    for path in DATA.glob("*.csv"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    before = {(c.table, c.row_id): c.status for c in row_checks(tmp_path)}
    assert before[("claims", "lactic_acid_causes_soreness")] == "fully"
    sources = _rows("sources")
    for source in sources:
        if source["checked_against"] in READ:
            source["checked_against"] = "not found"
    with open(tmp_path / "sources.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(sources[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(sources)
    after = row_checks(tmp_path)
    assert {c.status for c in after} == {"not"}
    assert len(after) == len(before) == sum(len(_rows(t)) for t in TABLES)


def test_report_counts_add_up_and_changed_rows_exist() -> None:
    report = fact_check_report(DATA, CHANGES)
    issue = re.search(r"\| \*\*issue 13's seven tables\*\* \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|", report)
    rows, fully, partly, never, changed = map(int, issue.groups())
    assert rows == fully + partly + never == sum(len(_rows(t)) for t in TABLES[:7])
    ids = {(t, r.get("id") or r["term"]) for t in TABLES for r in _rows(t)}
    with open(CHANGES, encoding="utf-8", newline="") as handle:
        changes = list(csv.DictReader(handle))
    assert changes and all((c["table"], c["id"]) in ids and c["why"] for c in changes)
    assert changed == sum(c["table"] in TABLES[:7] for c in changes)
