"""What an evaluation returns: the metrics dict and a per-article view of errors."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from marsad.evaluation.error_classes import ErrorClasses

_EXCERPT_CHARS = 70


@dataclass(frozen=True, slots=True)
class EventBrief:
    """A one-line account of an event, engine's or gold, for reading misses and false alarms."""

    event_type: str | None
    sub_event_type: str | None
    place: str | None
    fatalities: Any
    injuries: Any
    casualties: Any
    evidence: str

    def line(self) -> str:
        kind = f"{self.event_type or '?'} / {self.sub_event_type or '?'}"
        counts = ", ".join(
            f"{label} {value}"
            for label, value in (
                ("killed", self.fatalities),
                ("wounded", self.injuries),
                ("casualties", self.casualties),
            )
            if value is not None
        )
        parts = [kind, f"@ {self.place or '?'}"]
        if counts:
            parts.append(f"[{counts}]")
        if self.evidence:
            parts.append(f"«{self.evidence}»")
        return " ".join(parts)


@dataclass(slots=True)
class ArticleResult:
    """How one gold article fared: matched (tp), invented (fp) and missed (fn) events."""

    article_id: str
    in_output: bool
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[EventBrief] = field(default_factory=list)
    false_alarms: list[EventBrief] = field(default_factory=list)


@dataclass(slots=True)
class EvalReport:
    """`metrics`: the figures, same keys and rounding as the reference scorer's --json;
    `per_article`: one ArticleResult per gold article, in gold-file order;
    `error_classes`: why the unmatched events are unmatched (evaluation/error_classes.py)."""

    metrics: dict[str, Any]
    per_article: dict[str, ArticleResult]
    error_classes: ErrorClasses

    def to_dict(self, with_error_items: bool = False) -> dict[str, Any]:
        return {
            "metrics": dict(self.metrics),
            "articles": {aid: asdict(result) for aid, result in self.per_article.items()},
            "error_classes": self.error_classes.to_dict(with_items=with_error_items),
        }


def excerpt(text: Any) -> str:
    """First characters of a quote, on one line."""
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= _EXCERPT_CHARS else flat[: _EXCERPT_CHARS - 1] + "…"


def _best(count: Any) -> Any:
    return count.get("best") if isinstance(count, dict) else None


def _dict_or_empty(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def brief_system_event(event: dict[str, Any]) -> EventBrief:
    loc = _dict_or_empty(event.get("location"))
    evidence = event.get("evidence")
    first = evidence[0] if isinstance(evidence, list) and evidence else None
    return EventBrief(
        event_type=event.get("event_type"),
        sub_event_type=event.get("sub_event_type"),
        place=loc.get("name")
        or loc.get("mention")
        or loc.get("name_ar")
        or loc.get("admin1")
        or loc.get("country"),
        fatalities=_best(event.get("fatalities")),
        injuries=_best(event.get("injuries")),
        casualties=_best(event.get("casualties")),
        evidence=excerpt(_dict_or_empty(first).get("text")),
    )


def brief_gold_event(event: dict[str, Any]) -> EventBrief:
    loc = _dict_or_empty(event.get("location"))
    names = loc.get("names") or []
    sub_types = event.get("sub_event_type") or []
    return EventBrief(
        event_type=event.get("event_type"),
        sub_event_type=" | ".join(sub_types) if isinstance(sub_types, list) else str(sub_types),
        place=(names[0] if names else None) or loc.get("admin1") or loc.get("country"),
        fatalities=_best(event.get("fatalities")),
        injuries=_best(event.get("injuries")),
        casualties=_best(event.get("casualties")),
        evidence=excerpt(event.get("evidence")),
    )
