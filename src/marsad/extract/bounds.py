"""Bounds on the work of one article. Adversarial text (thousands of casualty sentences, a
number list without end) made some steps quadratic in its length; each such step stops at a
cap set far above anything real reports reach, and notes on the Doc that it did, so that
the record says its extraction was cut short (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.text.doc import Doc

_ATTR = "bounds_reached"


@dataclass(slots=True)
class BoundReached:
    limit: int
    times: int = 0


def note_bound(doc: Doc, what: str, limit: int) -> None:
    """Record that the step `what` stopped at its cap `limit` once more."""
    reached: dict[str, BoundReached] = doc.attrs.setdefault(_ATTR, {})
    reached.setdefault(what, BoundReached(limit)).times += 1


def bound_notes(doc: Doc) -> list[str]:
    """One line per cap reached, for the record's errors."""
    reached: dict[str, BoundReached] = doc.attrs.get(_ATTR, {})
    return [
        f"work bounded: {what} stopped at {b.limit} ({b.times} time{'s' if b.times > 1 else ''})"
        for what, b in reached.items()
    ]
