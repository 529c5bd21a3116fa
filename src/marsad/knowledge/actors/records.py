"""The actor record and the ACLED codes it carries.

- ``inter`` is the ACLED actor-type code (1 state … 8 external/other). A state force
  acting outside its own country is coded 8 by ACLED; :meth:`Actor.inter_for` gives the
  code for an event in a given country.
- State forces carry a ``branch`` (army, air_force, police, intelligence, navy, ...), so a
  generic mention such as "الجيش" can be turned into the state force of the article's
  country (:meth:`ActorBase.instantiate`).
- Periods (active years, coalition memberships, government-dated names) are closed
  ranges of years; ``None`` leaves a side open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from marsad.schema import INTER_CODE

# ACLED actor types: kind -> inter code (one table, in marsad.schema).
KIND_INTER: dict[str, int] = INTER_CODE
BRANCHES = frozenset(
    {"army", "air_force", "navy", "police", "intelligence", "government", "paramilitary", "special_forces"}
)


class ActorDataError(ValueError):
    """The actor data files are inconsistent (unknown kind, dangling reference, ...)."""


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    name_ar: str
    kind: str
    inter: int
    country: str | None
    active: tuple[int | None, int | None]
    parent: str | None
    generic: bool
    coalitions: tuple[tuple[str, int | None, int | None], ...]  # (coalition id, from, to)
    aliases_ar: tuple[str, ...] = field(default=(), repr=False)
    aliases_en: tuple[str, ...] = field(default=(), repr=False)
    branch: str | None = None
    successor: str | None = None  # id of the actor this one was renamed/merged into
    sources: tuple[str, ...] = field(default=(), repr=False)
    # ACLED renames state forces with each government: (from, to, name) per period.
    period_names: tuple[tuple[int | None, int | None, str], ...] = field(default=(), repr=False)
    shared_aliases: tuple[str, ...] = field(
        default=(), repr=False
    )  # aliases deliberately shared with other actors

    def name_in(self, year: int | None) -> str:
        """The canonical name used for events in ``year`` (``name`` when no period matches).

        A name dated to a government period that does not cover ``year`` ("(2022-)" for a
        2019 event) loses that date rather than carry a wrong one."""
        for lo, hi, name in self.period_names:
            if year is not None and in_period(year, lo, hi):
                return name
        if year is None:
            return self.name
        m = _NAME_PERIOD.search(self.name)
        if m and not in_period(year, int(m.group(1)), int(m.group(2)) if m.group(2) else None):
            return _SPACES.sub(" ", self.name[: m.start()] + " " + self.name[m.end() :]).strip()
        return self.name

    def active_in(self, year: int | None) -> bool:
        """True when the actor existed in ``year`` (always True for an unknown year)."""
        if year is None:
            return True
        start, end = self.active
        return (start is None or start <= year) and (end is None or year <= end)

    def inter_for(self, event_country: str | None) -> int:
        """ACLED inter code for an event in ``event_country``: state forces abroad are 8."""
        if self.inter == 1 and event_country and self.country and self.country != event_country:
            return 8
        return self.inter

    def member_of(self, coalition_id: str, year: int | None) -> bool:
        return any(c == coalition_id and in_period(year, lo, hi) for c, lo, hi in self.coalitions)


_NAME_PERIOD = re.compile(r"\((\d{4})-(\d{4})?\)")
_SPACES = re.compile(r"\s+")


def in_period(year: int | None, lo: int | None, hi: int | None) -> bool:
    """True when ``year`` falls in [lo, hi] (an open side, or an unknown year, always does)."""
    if year is None:
        return True
    return (lo is None or lo <= year) and (hi is None or year <= hi)
