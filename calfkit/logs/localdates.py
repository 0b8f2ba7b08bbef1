"""Dates as Strava writes them in each of its languages, read with the Unicode CLDR names (Babel).

Strava writes ``Activity Date`` in the athlete's language with the CLDR
"medium" date-time pattern of that language, for example::

    Feb 17, 2022, 12:18:26 PM      English (United States)
    8 jul 2017, 15:25:34           Dutch (an older export: 23 jun. 2017 15:52:12)
    18 août 2026, 15:30:25         French
    01.08.2025, 17:00:00           German
    23 jun 2026, 6:14:26           Spanish
    8 de jul. de 2017 15:25:34     Portuguese (Brazil)
    2017/07/08 15:25:34            Japanese
    2017. 7. 8. 오후 3:25:34        Korean
    2017年7月8日 下午3:25:34        Chinese

Rather than one pattern per language, :func:`parse_local_datetime` reads the
parts: a four-digit year, a month name or abbreviation of any of Strava's
languages (CLDR month names from Babel, with or without a final dot), or a
number followed by 月 / 월, the day, the time ``h:mm[:ss]`` and a day-period
word (AM/PM, a.m./p.m., 午後, 오후, 下午, "de la tarde" ...) for 12-hour
clocks. Dates written only with numbers take year-month-day when the year
comes first and day-month-year when it comes last (German ``dd.MM.y``,
Portuguese ``dd/MM/y``); Strava's US English spells the month.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

__all__ = ["STRAVA_LOCALES", "parse_local_datetime"]

STRAVA_LOCALES = (
    "en_US",
    "en_GB",
    "nl",
    "fr",
    "de",
    "it",
    "ja",
    "ko",
    "pt_PT",
    "pt_BR",
    "ru",
    "zh_Hans_CN",
    "zh_Hant_TW",
    "es_ES",
    "es_419",
)
"""The languages Strava offers (English, Dutch, French, German, Italian, Japanese, Korean,
Portuguese of Portugal and Brazil, Russian, simplified and traditional Chinese, Spanish of
Spain and Latin America), as CLDR locales."""

_TIME = re.compile(r"(?<!\d)(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?!\d)")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_CJK_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*[月월]")
_NUMBER = re.compile(r"(?<!\d)(\d{1,2})(?!\d)")
_WORD = re.compile(r"[^\W\d_]+\.?")
_PM_KINDS = ("pm", "afternoon", "evening")


def _key(text: str) -> str:
    return re.sub(r"[\s.\u202f\xa0’']", "", text.casefold())


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], list[tuple[str, str]]]:
    """(month word -> number, [(day-period word, CLDR period kind)] longest first) for Strava's languages."""
    from babel.dates import get_month_names, get_period_names

    months: dict[str, int] = {}
    periods: dict[str, str] = {}
    for locale in STRAVA_LOCALES:
        for width in ("abbreviated", "wide"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    if not any(ch.isdigit() for ch in name):
                        months[_key(name)] = number
        for width in ("abbreviated", "wide", "narrow"):
            for kind, name in get_period_names(width, "format", locale).items():
                periods.setdefault(_key(name), kind)
    ordered = sorted(periods.items(), key=lambda item: -len(item[0]))
    return months, ordered


def _hour(hour: int, compact: str, periods: list[tuple[str, str]]) -> int | None:
    """24-hour value of ``hour`` given the day-period words in ``compact`` (None if impossible)."""
    kind = next((kind for word, kind in periods if word and word in compact), None)
    if kind is None or hour > 12:
        return hour if hour < 24 else None
    if kind == "midnight":
        return 0 if hour == 12 else hour
    if kind == "noon":
        return 12 if hour == 12 else hour + 12
    if kind.startswith(_PM_KINDS):
        return hour % 12 + 12
    if kind.startswith("night"):
        return hour % 12 + 12 if hour >= 6 else hour % 12
    return hour % 12


def parse_local_datetime(text: str) -> datetime | None:
    """A (naive) date and time from Strava's ``Activity Date`` text in any of its languages, or None.

    Parameters
    ----------
    text : str
        For example ``'8 jul 2017, 15:25:34'`` or ``'Feb 17, 2022, 12:18:26 PM'``.

    Returns
    -------
    datetime or None
        None when no year, month, day and time can be told apart.
    """
    months, periods = _tables()
    rest = text.strip()
    clock = _TIME.search(rest)
    if clock is None:
        return None
    rest = rest[: clock.start()] + " " + rest[clock.end() :]
    year_match = _YEAR.search(rest)
    if year_match is None:
        return None
    year = int(year_match.group(1))
    year_first = not _NUMBER.search(rest[: year_match.start()]) and not any(
        _key(word) in months for word in _WORD.findall(rest[: year_match.start()])
    )
    rest = rest[: year_match.start()] + " " + rest[year_match.end() :]
    month = None
    cjk = _CJK_MONTH.search(rest)
    if cjk is not None:
        month = int(cjk.group(1))
        rest = rest[: cjk.start()] + " " + rest[cjk.end() :]
    else:
        for word in _WORD.finditer(rest):
            if _key(word.group()) in months:
                month = months[_key(word.group())]
                rest = rest[: word.start()] + " " + rest[word.end() :]
                break
    numbers = [int(n) for n in _NUMBER.findall(rest)]
    if month is not None:
        if len(numbers) != 1:
            return None
        day = numbers[0]
    elif len(numbers) == 2:
        month, day = numbers if year_first else numbers[::-1]
    else:
        return None
    hour = _hour(int(clock.group(1)), _key(rest), periods)
    if hour is None:
        return None
    try:
        return datetime(year, month, day, hour, int(clock.group(2)), int(clock.group(3) or 0))
    except ValueError:
        return None
