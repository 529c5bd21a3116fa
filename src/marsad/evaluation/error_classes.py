"""Error classes of a scored set: why each unmatched event is unmatched.

The classes and their order of attribution are those of the reference companion,
shared/tools/error_classes.py, computed on the pairs of `match_events` so that the
counts add up with the scores (tp + wrong place + mistyped + missed = gold events;
tp + wrong place + mistyped + split incident + non-news = engine events):

- misplaced (wrong place): a missed gold event and a false alarm of the same type in one
  article that share a toll figure or most of the evidence words, but are not at the same
  place (more than SAME_PLACE_KM apart, or the engine gives only a country);
- mistyped: a missed gold event and a false alarm at the same place, of another type;
- oversplit (split incident): a remaining false alarm of the type and place of a matched
  pair, i.e. a second event opened for an incident already coded;
- spurious (non-news): the other false alarms (background, reports, metaphor, invented);
- missed: the other gold events.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from marsad.evaluation.briefs import EventBrief, brief_gold_event, brief_system_event
from marsad.evaluation.matching import Event
from marsad.evaluation.names import fold_name
from marsad.evaluation.places import same_place

CLASSES: tuple[str, ...] = ("tp", "misplaced", "mistyped", "oversplit", "spurious", "missed")
LABELS: dict[str, str] = {
    "tp": "matched",
    "misplaced": "wrong place",
    "mistyped": "mistyped",
    "oversplit": "split incident",
    "spurious": "non-news",
    "missed": "missed",
}
TOLL_FIELDS: tuple[str, ...] = ("fatalities", "injuries", "casualties")
# Share of the shorter evidence's words found in the other one for two quotes to be "the same".
SAME_EVIDENCE_WORDS = 0.5


@dataclass(frozen=True, slots=True)
class ErrorItem:
    """One classified event: its article, the engine's event and/or the gold event."""

    error_class: str
    article_id: str
    system: EventBrief | None = None
    gold: EventBrief | None = None

    def line(self) -> str:
        parts = [self.article_id]
        if self.gold is not None:
            parts.append(f"gold: {self.gold.line()}")
        if self.system is not None:
            parts.append(f"engine: {self.system.line()}")
        return "  ".join(parts)


@dataclass(slots=True)
class ErrorClasses:
    """Counts per class (CLASSES order) and the classified items, in article order."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    items: list[ErrorItem] = field(default_factory=list)

    def add(self, error_class: str, article_id: str, system: Event | None, gold: Event | None) -> None:
        self.counts[error_class] += 1
        self.items.append(
            ErrorItem(
                error_class,
                article_id,
                brief_system_event(system) if system is not None else None,
                brief_gold_event(gold) if gold is not None else None,
            )
        )

    def items_of(self, error_class: str) -> list[ErrorItem]:
        return [item for item in self.items if item.error_class == error_class]

    def to_dict(self, with_items: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"counts": dict(self.counts)}
        if with_items:
            out["items"] = [asdict(item) for item in self.items if item.error_class != "tp"]
        return out


def _best(count: Any) -> Any:
    return count.get("best") if isinstance(count, dict) else None


def tolls(event: Event) -> set[Any]:
    """The toll figures an event states (best values), for telling one incident by its toll."""
    values = {_best(event.get(key)) for key in TOLL_FIELDS} - {None}
    return {v for v in values if isinstance(v, int | float | str)}


def evidence_text(event: Event) -> str:
    """An event's evidence as one string: the engine's spans joined, or the gold quote."""
    evidence = event.get("evidence")
    if isinstance(evidence, list):
        return " ".join(str(x.get("text") or "") for x in evidence if isinstance(x, dict))
    return evidence if isinstance(evidence, str) else ""


def word_overlap(a: str, b: str) -> float:
    """Share of the shorter text's distinct words that the other text also has."""
    words_a, words_b = set(fold_name(a).split()), set(fold_name(b).split())
    if not words_a or not words_b:
        return 0.0
    return len(words_a & words_b) / min(len(words_a), len(words_b))


def same_incident_signs(system_event: Event, gold_event: Event) -> bool:
    """A shared toll figure, or evidence quotes that share most of their words."""
    if tolls(system_event) & tolls(gold_event):
        return True
    return word_overlap(evidence_text(system_event), evidence_text(gold_event)) >= SAME_EVIDENCE_WORDS


def _pair_class(system_event: Event, gold_event: Event) -> str | None:
    """How a false alarm explains a missed gold event: 'misplaced', 'mistyped' or None."""
    same_type = system_event.get("event_type") == gold_event.get("event_type")
    if (
        same_type
        and same_incident_signs(system_event, gold_event)
        and not same_place(system_event, gold_event)
    ):
        return "misplaced"
    if not same_type and same_place(system_event, gold_event):
        return "mistyped"
    return None


def classify_article(
    out: ErrorClasses,
    article_id: str,
    system_events: list[Event],
    gold_events: list[Event],
    pairs: list[tuple[int, int]],
) -> None:
    """Add one article's matched pairs and unmatched events to `out`."""
    for i, j in pairs:
        out.add("tp", article_id, system_events[i], gold_events[j])
    matched_system = {i for i, _ in pairs}
    matched_gold = {j for _, j in pairs}
    false_alarms = [i for i in range(len(system_events)) if i not in matched_system]
    explained: set[int] = set()  # false alarms already given to a missed gold event
    missed: list[int] = []
    for j in (j for j in range(len(gold_events)) if j not in matched_gold):
        for i in false_alarms:
            if i in explained:
                continue
            error_class = _pair_class(system_events[i], gold_events[j])
            if error_class is not None:
                explained.add(i)
                out.add(error_class, article_id, system_events[i], gold_events[j])
                break
        else:
            missed.append(j)
    for i in false_alarms:
        if i in explained:
            continue
        event = system_events[i]
        split = any(
            event.get("event_type") == system_events[k].get("event_type")
            and same_place(event, gold_events[j])
            for k, j in pairs
        )
        out.add("oversplit" if split else "spurious", article_id, event, None)
    for j in missed:
        out.add("missed", article_id, None, gold_events[j])
