"""The incident's figure and its summary fields, from its active reports.

The figure (ACLED practice): each outlet's latest claim only (its later report replaces its
earlier toll); of those, unhedged claims are the credible ones; the latest official claim
wins when there is one (a later official update replaces an early estimate), otherwise the
lowest credible figure. The rule and the claim it took are stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from marsad.fusion.reports import Report
from marsad.fusion.rules import FusionRules
from marsad.store.reference import source_scale
from marsad.text.normalize import normalize_key

LATEST_OFFICIAL, LOWEST_CREDIBLE, ONLY_CLAIM, NONE_REPORTED = (
    "latest_official",
    "lowest_credible",
    "only_claim",
    "none_reported",
)


@dataclass(frozen=True, slots=True)
class Choice:
    value: int | None
    event_id: str | None
    rule: str


def is_official(attribution: str | None, rules: FusionRules) -> bool:
    if not attribution:
        return False
    words = normalize_key(attribution).split()
    # Arabic attaches a proclitic to the next word ("by the ministry", "to the ministry"): also try without it.
    variants = {" ".join(words)}
    variants.add(" ".join(w[1:] if len(w) > 3 and w[0] in rules.proclitics else w for w in words))
    return any(f" {term} " in f" {v} " for v in variants for term in rules.official_terms if term)


def choose_figure(reports: Sequence[Report], rules: FusionRules, what: str = "fatalities") -> Choice:
    """The incident's figure for `what` (fatalities, injuries or casualties) from its active reports."""
    with_figure = [r for r in reports if isinstance(getattr(r, what)[2], int) and getattr(r, what)[2] > 0]
    if not with_figure:
        return Choice(0 if what == "fatalities" else None, None, NONE_REPORTED)
    latest: dict[str, Report] = {}
    for r in sorted(with_figure, key=Report.order):
        latest[normalize_key(r.outlet or "") or r.article_id] = r  # an outlet's later report replaces its own
    current = sorted(latest.values(), key=Report.order)
    credible = [r for r in current if not r.hedged] or current
    official = [r for r in credible if is_official(r.attribution, rules)]
    if official:
        chosen, rule = official[-1], LATEST_OFFICIAL
    else:
        chosen = min(credible, key=lambda r: (getattr(r, what)[2], r.order()))
        rule = ONLY_CLAIM if len(with_figure) == 1 else LOWEST_CREDIBLE
    return Choice(getattr(chosen, what)[2], chosen.event_id, rule)


def representative(reports: Sequence[Report]) -> Report:
    """The most precise report: it gives the incident's place, date and actors."""

    def key(r: Report) -> tuple[Any, ...]:
        return (
            0 if r.precise else 1,
            r.geo_precision or 9,
            r.time_precision or 9,
            0 if r.dated else 1,
            -(r.confidence or 0.0),
            r.order(),
        )

    return min(reports, key=key)


def distinct_names(names: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        clean = (name or "").strip()
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            out.append(clean)
    return out


def combined_scale(outlets: Sequence[str], rules: FusionRules) -> str:
    scales = {s for s in (source_scale(o) for o in outlets) if s}
    rank = {name: i for i, name in enumerate(rules.scale_order)}
    return "-".join(sorted(scales, key=lambda s: (rank.get(s, len(rank)), s)))


def figure_text(r: Report) -> str:
    low, high, best = r.fatalities
    if best is None:
        return "no figure"
    if high is not None and high != best:
        return f"{best} ({low if low is not None else '?'}-{high})"
    return str(best)
