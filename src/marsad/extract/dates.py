"""Event dates from the publication date and the date words of the event's sentences."""

from __future__ import annotations

import datetime as dt
import re

from marsad.knowledge.lexicon import Match, load_word_lists, word_set
from marsad.text.sentences import END_MARK

_WORDS = load_word_lists("dates")


def _any(key: str) -> str:
    """Regex alternation of one word list, longest word first."""
    return "(?:" + "|".join(sorted(word_set(_WORDS, key), key=lambda w: (-len(w), w))) + ")"


_DAY_MONTH = re.compile(rf"(\d{{1,2}})\s*(?:{_any('of')}\s+)?$")
# "في أيار/مايو الماضي", "إلى أيار/مايو 2018": a month named without its day, as past or with
# its year (normalised text). The year, when given, is group 1.
# "في مطلع/منتصف أيار": a part of a month, so at least days back when it is another month.
_PART_BEFORE_MONTH = re.compile(rf"{_any('month_parts')}\s+(?:{_any('month')}\s+)?$")
_SINCE = re.compile(rf"(?:^|\s){_any('since')}\s")
_SINCE_MONTH = re.compile(rf"(?:^|\s){_any('since')}\s+(?:\d{{1,2}}\s*(?:{_any('of')}\s+)?)?$")
_LAST_AFTER_MONTH = re.compile(
    rf"\s*(?:/\s*\S+\s*)?(?:{_any('past')}|(?:(?:{_any('of')}\s+)?{_any('year')}\s*)?(\d{{4}}))\b"
)


_BESIDE_CHARS = 40  # a few words: "خلال صلاة الجمعة في 26"


def parse_published(value: str | None) -> dt.date | None:
    if not value or len(value) < 10:
        return None
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
    # Year 1 or 9999 is broken metadata, and date arithmetic next to them overflows.
    return day if 1900 <= day.year <= 2200 else None


def resolve_date(
    published: dt.date | None, date_words: list[Match], text: str
) -> tuple[dt.date | None, int, bool]:
    """(date, time_precision, is_old) for an event given the date words of its sentences.

    `is_old` is True when an explicit date is more than a week before publication: the
    sentence recalls an earlier event rather than reporting news.
    """
    if published is None:
        return None, 1, False
    best: tuple[dt.date, int] | None = None
    old = False
    dated = _day_month_dates(published, date_words, text)
    starts = {m.start: m for m in date_words}
    for m in date_words:
        kind = m.entry.get("kind")
        value = int(m.entry.get("value"))
        if kind == "relative":
            cand = (published + dt.timedelta(days=value), 1)
        elif kind in ("weekday", "weekday_night"):
            if _names_dated_day(m, value, dated, text) or _night_into(m, value, starts, text):
                continue
            delta = (published.weekday() - value) % 7
            cand = (published - dt.timedelta(days=delta), 1)
        elif kind == "month":
            day = day_before(text, m.start)
            if day is None:
                last = _LAST_AFTER_MONTH.match(text, m.end)
                before = text[max(0, m.start - 16) : m.start]
                part = _PART_BEFORE_MONTH.search(before)
                # "منذ أواخر مايو المنصرم": since then, up to the news; not a past event.
                if (
                    (last is not None or part is not None)
                    and value != published.month
                    and not _SINCE.search(before)
                    and (last is None or last.group(1) is None or int(last.group(1)) <= published.year)
                ):
                    old = True
                continue
            d = _day_month_date(published, value, day)
            if d is None or since_month(text, m.start):
                continue  # "منذ 20 يوليو": where a span up to the news begins, not a day told
            if (published - d).days > 7 or d > published:
                old = True
                continue
            cand = (d, 1)
        elif kind == "week":
            cand = (published, 2)
        else:
            continue
        if best is None:
            best = cand
    if best is None:
        return published, 1, old
    return best[0], best[1], False


def _day_month_date(published: dt.date, month: int, day: int) -> dt.date | None:
    """The last such day-and-month up to the publication's month (no year given)."""
    year = published.year if month <= published.month else published.year - 1
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day_month_dates(published: dt.date, date_words: list[Match], text: str) -> list[tuple[Match, dt.date]]:
    out = []
    for m in date_words:
        if m.entry.get("kind") != "month":
            continue
        day = day_before(text, m.start)
        d = _day_month_date(published, int(m.entry.get("value")), day) if day is not None else None
        if d is not None:
            out.append((m, d))
    return out


_NIGHT_JOINERS = " -/"  # between the two days of a night: "الجمعة السبت", "الجمعة/السبت"
_NIGHT_GAP = 3  # characters of joiners between them


def _night_into(weekday: Match, value: int, starts: dict[int, Match], text: str) -> bool:
    """ "ليل الأربعاء الخميس": the first of two days that name one night; the night is dated
    by the later day (the gold house convention), so this one gives way. `starts`: the date
    words by start; only the word right after this one is looked at (an event of thousands
    of sentences carries thousands of date words)."""
    k = weekday.end
    while k < len(text) and k - weekday.end <= _NIGHT_GAP and text[k] in _NIGHT_JOINERS:
        k += 1
    m = starts.get(k)
    return m is not None and m.entry.get("kind") == "weekday" and int(m.entry.get("value")) == (value + 1) % 7


def _names_dated_day(weekday: Match, value: int, dated: list[tuple[Match, dt.date]], text: str) -> bool:
    """ "يوم الجمعة 26 يونيو", "خلال صلاة الجمعة في 26 يونيو": a weekday beside a day-and-month
    date that falls on it names that date, not the last such day."""
    for m, d in dated:
        if d.weekday() != value:
            continue
        lo, hi = (weekday.end, m.start) if weekday.start < m.start else (m.end, weekday.start)
        if hi - lo <= _BESIDE_CHARS and not END_MARK.search(text, lo, hi):
            return True
    return False


def since_month(text: str, month_start: int) -> bool:
    """A month, with or without its day, right after "منذ" ("منذ أبريل الماضي", "منذ 18 أبريل")."""
    return _SINCE_MONTH.search(text[max(0, month_start - 20) : month_start]) is not None


def day_before(text: str, pos: int) -> int | None:
    """The day number written before a month name ("14 آذار"), if any."""
    m = _DAY_MONTH.search(text[max(0, pos - 8) : pos])
    if not m:
        return None
    day = int(m.group(1))
    return day if 1 <= day <= 31 else None
