"""Write the fact-check report (issue 13) from the data tables.

Usage: ``python scripts/build_fact_check.py``

Reads ``data/*.csv`` and ``docs/fact_check_changes.csv`` and writes
``docs/fact_check.md``. Run it after re-reading a source (``checked_against`` in
``data/sources.csv``) or changing a row; add the changed row to
``docs/fact_check_changes.csv`` first. ``tests/test_fact_check.py`` fails until the
committed report matches.
"""

from __future__ import annotations

from pathlib import Path

from calfkit.fact_check import fact_check_report

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Build the report and write it."""
    path = ROOT / "docs" / "fact_check.md"
    path.write_text(
        fact_check_report(ROOT / "data", ROOT / "docs" / "fact_check_changes.csv"), encoding="utf-8", newline="\n"
    )
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
