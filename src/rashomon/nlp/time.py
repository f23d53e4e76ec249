"""Date expressions resolved against the article's publication date (dateparser with a base)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rashomon.lexicon import wordset

MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_QUALIFIER = re.compile(
    r"^(?:(?P<q>early|mid|late|the (?:end|start|beginning|middle) of|end of|start of|beginning "
    r"of)[\s-]+)",
    re.I,
)
_LEAD = re.compile(r"^(?:since|until|till|by|on|in|at|during|from|through|of)\s+", re.I)
_WEEKEND = re.compile(r"^(?:the|this|last|over the)?\s*weekend$", re.I)
# Durations and frequencies are not points in time.
_NOT_A_POINT = re.compile(
    r"(?:\b(?:every|each|annual|annually|daily|weekly|monthly|yearly|decades?|centuries|"
    r"years? old|ago)\b|-(?:day|week|month|year|hour|minute)\b|\b\d{3}0s\b|"
    r"^(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|few|"
    r"several|many)\s+(?:hours?|days?|weeks?|months?|years?)$)",
    re.I,
)
# A bare weekday, maybe with a part of the day: "Wednesday", "Wednesday night".
_WEEKDAY = re.compile(
    r"^(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?$",
    re.I,
)
_FUTURE_MARKERS = wordset("will shall 'll expected plans plan scheduled next upcoming coming")

QUALIFIER_NAMES = {
    "early": "early",
    "mid": "mid",
    "late": "late",
    "the end of": "end",
    "end of": "end",
    "the start of": "start",
    "start of": "start",
    "the beginning of": "start",
    "beginning of": "start",
    "the middle of": "mid",
}


@dataclass(frozen=True, slots=True)
class Resolved:
    value: str
    granularity: str
    qualifier: str | None


class DateResolver:
    """Resolves one expression at a time; keeps one dateparser parser per base date."""

    def __init__(self) -> None:
        self._parsers: dict[tuple[dt.date, bool], object] = {}

    def _parser(self, base: dt.date, future: bool):
        key = (base, future)
        if key not in self._parsers:
            from dateparser.date import DateDataParser

            self._parsers[key] = DateDataParser(
                languages=["en"],
                settings={
                    "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
                    "PREFER_DATES_FROM": "future" if future else "past",
                    "RETURN_TIME_AS_PERIOD": True,
                },
            )
        return self._parsers[key]

    def resolve(self, text: str, base: dt.date, *, future: bool = False) -> Resolved | None:
        """Resolve ``text`` ("Saturday", "early October", "last month") against ``base``.

        ``future`` says the surrounding clause looks ahead ("will", "is expected to"), so a
        bare weekday or month is taken as the next one, not the last one.
        """
        expr = " ".join(text.split()).strip(" ,.;:")
        if not expr or _NOT_A_POINT.search(expr):
            return None
        expr = _LEAD.sub("", expr)
        qualifier = None
        m = _QUALIFIER.match(expr)
        if m:
            qualifier = QUALIFIER_NAMES[m.group("q").lower()]
            expr = expr[m.end() :]
        expr = re.sub(r"^the\s+", "", expr, flags=re.I)
        low = expr.lower()
        if _WEEKEND.match(low):
            return self._weekend(base, future, qualifier)
        if low.rstrip(".") in _MONTH_ABBR:
            return self._month(low, base, future, qualifier)
        if low == "year":
            return Resolved(f"{base.year:04d}", "year", qualifier)
        if low == "month":
            return Resolved(f"{base.year:04d}-{base.month:02d}", "month", qualifier)
        if m := _WEEKDAY.match(low):
            return self._weekday(WEEKDAYS.index(m.group("day").lower()), base, future, qualifier)
        data = self._parser(base, future).get_date_data(expr)
        if data.date_obj is None:
            return None
        d = data.date_obj.date()
        period = data.period or "day"
        if period == "month":
            return Resolved(f"{d.year:04d}-{d.month:02d}", "month", qualifier)
        if period == "year":
            return Resolved(f"{d.year:04d}", "year", qualifier)
        if period == "week":
            iso = d.isocalendar()
            return Resolved(f"{iso.year:04d}-W{iso.week:02d}", "week", qualifier)
        return Resolved(d.isoformat(), "day", qualifier)

    @staticmethod
    def _month(low: str, base: dt.date, future: bool, qualifier: str | None) -> Resolved:
        month = _MONTH_ABBR[low.rstrip(".")]
        year = base.year
        if future:
            if month < base.month:
                year += 1
        elif month > base.month:
            year -= 1
        return Resolved(f"{year:04d}-{month:02d}", "month", qualifier)

    @staticmethod
    def _weekday(weekday: int, base: dt.date, future: bool, qualifier: str | None) -> Resolved:
        # News names the days of the week around publication: the last one, or the next
        # one when looking ahead; the publication day's own name means that very day.
        if future:
            day = base + dt.timedelta(days=(weekday - base.weekday()) % 7)
        else:
            day = base - dt.timedelta(days=(base.weekday() - weekday) % 7)
        return Resolved(day.isoformat(), "day", qualifier)

    @staticmethod
    def _weekend(base: dt.date, future: bool, qualifier: str | None) -> Resolved:
        # Saturday of the weekend meant: the coming one when looking ahead, else the last
        # one (or the current one, when the article appears on that weekend).
        offset = (base.weekday() - 5) % 7
        saturday = base - dt.timedelta(days=offset)
        if future and saturday < base:
            saturday += dt.timedelta(days=7)
        return Resolved(saturday.isoformat(), "weekend", qualifier)


_MONTH_ABBR = (
    {name: i + 1 for i, name in enumerate(MONTHS)}
    | {name[:3]: i + 1 for i, name in enumerate(MONTHS)}
    | {"sept": 9}
)


def looks_future(tokens: list[str]) -> bool:
    """True when the words of the governing clause mark the future."""
    return any(t.lower() in _FUTURE_MARKERS for t in tokens)
