"""How far the kit's facts have been re-read against their sources (issue 13).

Every data row cites source ids (``sources`` column); ``sources.csv`` says for each
source what it was re-read against (``checked_against``: abstract, full text,
guideline page, patient page, not found, ...). From these two columns this module
works out, row by row, whether every evidence source of the row was re-read
(*fully*), only some of them (*partly*) or none (*not*: all its evidence sources are
``not found`` or ``not checked``). Seed ids are subject matter, not evidence, and are
not counted. The rows each pass changed, and why, are kept by hand in
``docs/fact_check_changes.csv``; ``scripts/build_fact_check.py`` writes the whole
report to ``docs/fact_check.md`` and ``tests/test_fact_check.py`` fails when the
committed report no longer matches the tables.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .data import data_dir, split_ids

__all__ = ["READ", "TABLES", "NOTE_COLUMNS", "RowCheck", "row_checks", "source_counts", "fact_check_report"]

READ = ("abstract", "full text", "guideline page", "patient page")
"""``checked_against`` values meaning the source's text was found and re-read."""

TABLES = (
    "claims",
    "causes",
    "red_flags",
    "treatments",
    "nutrients",
    "doms_timeline",
    "model_parameters",
    "nutrient_intakes",
    "glossary",
    "calf_regions",
)
"""Tables whose rows cite sources; the first seven are the ones issue 13 names."""

ISSUE_TABLES = TABLES[:7]

NOTE_COLUMNS = {
    "claims": "explanation",
    "causes": "evidence_note",
    "treatments": "evidence_says",
    "nutrients": "evidence_note",
    "doms_timeline": "statement",
    "model_parameters": "note",
    "nutrient_intakes": "note",
}
"""The column where a row says in words what its sources are (tables without one are not listed)."""


@dataclass(frozen=True)
class RowCheck:
    """How far one data row's evidence sources were re-read.

    Attributes
    ----------
    table, row_id : str
        Table name (``claims``) and the row's id (``term`` for the glossary).
    status : str
        ``fully`` (every evidence source re-read), ``partly`` or ``not``.
    unread : tuple of str
        Evidence source ids of the row that were not found or not checked.
    note : str
        The row's note column (empty for tables without one).
    """

    table: str
    row_id: str
    status: str
    unread: tuple[str, ...]
    note: str


def _read(directory: Path, name: str) -> list[dict[str, str]]:
    with open(directory / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _directory(directory: str | Path | None) -> Path:
    return data_dir() if directory is None else Path(directory)


def row_checks(directory: str | Path | None = None) -> list[RowCheck]:
    """Classify every source-citing row of :data:`TABLES` (see :class:`RowCheck`).

    Parameters
    ----------
    directory : str or Path, optional
        Folder holding the CSV tables (default: the kit's ``data/``).

    Returns
    -------
    list of RowCheck
        One entry per row, in table order then file order.
    """
    folder = _directory(directory)
    sources = {row["id"]: row for row in _read(folder, "sources")}
    checks = []
    for table in TABLES:
        for row in _read(folder, table):
            evidence = [sid for sid in split_ids(row["sources"]) if sources[sid]["kind"] != "seed"]
            unread = tuple(sid for sid in evidence if sources[sid]["checked_against"] not in READ)
            if not evidence or len(unread) == len(evidence):
                status = "not"
            else:
                status = "partly" if unread else "fully"
            row_id = row.get("id") or row["term"]
            checks.append(RowCheck(table, row_id, status, unread, row.get(NOTE_COLUMNS.get(table, ""), "")))
    return checks


def source_counts(directory: str | Path | None = None) -> Counter:
    """Number of sources per ``checked_against`` value.

    Parameters
    ----------
    directory : str or Path, optional
        Folder holding the CSV tables (default: the kit's ``data/``).

    Returns
    -------
    collections.Counter
        ``checked_against`` value -> number of sources.
    """
    return Counter(row["checked_against"] for row in _read(_directory(directory), "sources"))


def _changes(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def fact_check_report(directory: str | Path | None = None, changes: str | Path | None = None) -> str:
    """The fact-check report as Markdown (what ``docs/fact_check.md`` holds).

    Parameters
    ----------
    directory : str or Path, optional
        Folder holding the CSV tables (default: the kit's ``data/``).
    changes : str or Path, optional
        CSV of changed rows (``table``, ``id``, ``pass``, ``why``); default
        ``docs/fact_check_changes.csv`` next to the data folder.

    Returns
    -------
    str
        The report, ending with a newline.
    """
    folder = _directory(directory)
    changes_path = Path(changes) if changes is not None else folder.parent / "docs" / "fact_check_changes.csv"
    checks = row_checks(folder)
    sources = _read(folder, "sources")
    counts = source_counts(folder)
    changed = _changes(changes_path)
    evidence = [s for s in sources if s["kind"] != "seed"]
    read = sum(counts[value] for value in READ)
    lines = [
        "# Fact check: every row re-read against its sources",
        "",
        "Generated by `scripts/build_fact_check.py` from `data/*.csv` and `docs/fact_check_changes.csv`;",
        "`tests/test_fact_check.py` fails when this file no longer matches them. A row is *fully* re-read",
        "when every source it cites as evidence (seed articles are not evidence) was found and re-read,",
        "*partly* when some were, *not* when none were. Where a source's text could not be found, the",
        "rows citing it say so in their notes.",
        "",
        "## Sources",
        "",
        f"{len(evidence)} evidence sources (plus {len(sources) - len(evidence)} seed articles): "
        f"{read} re-read, {counts['not found']} not found, {counts['not checked']} not checked.",
        "",
        "| checked against | sources |",
        "|---|---|",
    ]
    lines += [f"| {value} | {counts[value]} |" for value in (*READ, "not found", "not checked") if counts[value]]
    lines += ["", "Not found (what was searched):", ""]
    lines += [f"- `{s['id']}`: {s['checked_on']}" for s in sources if s["checked_against"] == "not found"]
    lines += [
        "",
        "## Rows",
        "",
        "| table | rows | fully re-read | partly | not | changed |",
        "|---|---|---|---|---|---|",
    ]
    changed_ids = {(c["table"], c["id"]) for c in changed}
    per_table = {}
    for table in TABLES:
        mine = [c for c in checks if c.table == table]
        per_table[table] = Counter(c.status for c in mine)
        per_table[table].update(rows=len(mine), changed=sum((c.table, c.row_id) in changed_ids for c in mine))
        tally = per_table[table]
        lines.append(
            f"| {table} | {tally['rows']} | {tally['fully']} | {tally['partly']} | {tally['not']} | {tally['changed']} |"
        )
    for label, tables in (("issue 13's seven tables", ISSUE_TABLES), ("all tables", TABLES)):
        tally = sum((per_table[table] for table in tables), Counter())
        lines.append(
            f"| **{label}** | {tally['rows']} | {tally['fully']} | {tally['partly']} | {tally['not']} | {tally['changed']} |"
        )
    lines += ["", "Rows not fully re-read, and the sources that could not be read:", ""]
    lines += [
        f"- {c.table} `{c.row_id}` ({c.status}): {', '.join(c.unread) or 'cites only seed articles, no evidence source'}"
        for c in checks
        if c.status != "fully"
    ]
    lines += ["", "## Changed rows", "", "| table | id | pass | why |", "|---|---|---|---|"]
    lines += [f"| {c['table']} | `{c['id']}` | {c['pass']} | {c['why']} |" for c in changed]
    return "\n".join(lines) + "\n"
