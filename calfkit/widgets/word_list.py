"""A lesson's glossary box: the words a lesson introduces, as a list a learner can read on a phone.

>>> from calfkit.widgets import glossary
>>> glossary("03")  # doctest: +SKIP

In a notebook or in Voilà the terms show as an HTML list (one item per term: the term in bold,
then its plain explanation; CSS class ``calfkit-glossary``) instead of lines of
fixed-width printed text; its plain text (what nbval compares) is one
``term: explanation`` line per term.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..glossary import load_glossary

__all__ = ["GLOSSARY_CLASS", "WordList", "glossary"]

GLOSSARY_CLASS = "calfkit-glossary"
"""CSS class of the definition list (see ``calfkit.css``)."""


@dataclass(frozen=True)
class WordList:
    """Terms and their plain explanations: HTML for the page, ``term: explanation`` lines as text.

    Attributes
    ----------
    terms : tuple of (str, str)
        ``(term, explanation)`` pairs, in the glossary's order.
    """

    terms: tuple[tuple[str, str], ...]

    def text(self) -> str:
        """One ``term: explanation`` line per term."""
        return "\n".join(f"{term}: {plain}" for term, plain in self.terms)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        items = "".join(
            f'<li style="margin:0.25em 0"><strong>{html.escape(term)}</strong>: {html.escape(plain)}</li>'
            for term, plain in self.terms
        )
        return f'<ul class="{GLOSSARY_CLASS}" style="margin:0;padding-left:1.2em">{items}</ul>'


def glossary(lesson: str) -> WordList:
    """The terms first used in ``lesson``, for the lesson to show; leave it last in a cell.

    Parameters
    ----------
    lesson : str
        Two-digit lesson number, e.g. ``"03"``.

    Returns
    -------
    WordList

    Raises
    ------
    ValueError
        If ``lesson`` is not a two-digit lesson number, or no term in ``data/glossary.csv``
        belongs to it.
    """
    if not (isinstance(lesson, str) and len(lesson) == 2 and lesson.isdigit()):
        raise ValueError(f"lesson={lesson!r} must be a two-digit lesson number such as '03'")
    table = load_glossary()
    terms = tuple((row.term, row.plain) for row in table.itertuples() if row.lesson == lesson)
    if not terms:
        known = sorted(set(table["lesson"]))
        raise ValueError(f"lesson={lesson!r} introduces no glossary terms; lessons with terms: {known}")
    return WordList(terms)
