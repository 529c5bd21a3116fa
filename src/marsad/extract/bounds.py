"""Bounds on the work of one article. Adversarial text (thousands of casualty sentences, a
number list without end) made some steps quadratic in its length; each such step stops at a
cap set far above anything real reports reach, and notes on the Doc that it did, so that
the record says its extraction was cut short (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from marsad.text.doc import Doc

if TYPE_CHECKING:
    from marsad.extract.events import SentenceInfo

_ATTR = "bounds_reached"

# The sentences an event is read from (its actors) and shown by (its evidence): its first,
# at most this many. The corpora's events have at most 15; a text dense with casualty
# sentences once stored 29,412 evidence spans for one event, and reading actors in every
# sentence of such events was a fifth of its time.
MAX_EVENT_SENTENCES = 50


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


def first_sentences(doc: Doc, sentences: list[SentenceInfo], what: str) -> list[SentenceInfo]:
    """An event's sentences in text order, the first MAX_EVENT_SENTENCES (the cap noted)."""
    if len(sentences) > MAX_EVENT_SENTENCES:
        note_bound(doc, what, MAX_EVENT_SENTENCES)
    return sorted(sentences, key=lambda i: i.start)[:MAX_EVENT_SENTENCES]
