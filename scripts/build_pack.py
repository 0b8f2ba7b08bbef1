"""Write the teacher's pack from the lessons, the quiz banks and data/claims.csv.

Usage: ``python scripts/build_pack.py``

Writes ``docs/pack/*.html`` (pathways, a worksheet and an answer key per lesson, the
misconceptions page), each a self-contained printable page. Run it after editing a
lesson's metadata or headings, a quiz bank, ``data/claims.csv`` or
``docs/pack/pathways.json``; ``tests/test_pack.py`` fails until the committed pack matches.
"""

from __future__ import annotations

from pathlib import Path

from calfkit.pack import build_pack, standalone

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "docs" / "pack"


def main() -> None:
    """Build the pack and write every page; remove pages of lessons that no longer exist."""
    pages = build_pack(ROOT / "notebooks", ROOT / "data")
    PACK.mkdir(parents=True, exist_ok=True)
    for old in PACK.glob("*.html"):
        if old.name not in pages:
            old.unlink()
            print(f"removed {old.relative_to(ROOT)}")
    for name, (title, body) in pages.items():
        (PACK / name).write_text(standalone(title, body), encoding="utf-8", newline="\n")
    print(f"wrote {len(pages)} pages to {PACK.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
