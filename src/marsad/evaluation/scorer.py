"""Score engine article records against gold annotations (shared/docs/gold-format.md).

The figures are defined by the reference scorer, shared/tools/score.py; `evaluate`
computes the same ones, with the same keys and rounding, and adds a per-article view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.evaluation.briefs import brief_gold_event, brief_system_event
from marsad.evaluation.error_classes import ErrorClasses, classify_article
from marsad.evaluation.loading import read_gold, read_input_texts, read_system_output
from marsad.evaluation.matching import Event, match_events, sub_type_accepted
from marsad.evaluation.names import actor_names, names_match
from marsad.evaluation.places import admin1_matches, distance_km, location_of
from marsad.evaluation.report import ArticleResult, EvalReport

# Rates over matched events (and over all engine events for the last two), in output order.
RATE_METRICS: tuple[str, ...] = (
    "sub_event_type",
    "actors",
    "location_10km",
    "location_50km",
    "admin1",
    "fatalities",
    "injuries",
    "casualties",
    "date",
    "attribution",
    "evidence_exact",
    "confident_precision",
)
COUNT_FIELDS: tuple[str, ...] = ("fatalities", "injuries", "casualties")
ACTOR_ROLES: tuple[tuple[str, str], ...] = (("actor1", "actor2"), ("actor2", "actor1"))
CONFIDENT = 0.8
NEAR_KM = 10.0
FAR_KM = 50.0
DECIMALS = 3


class RateCounter:
    """Hits and trials per metric name."""

    def __init__(self) -> None:
        self._counts: dict[str, tuple[int, int]] = {}

    def add(self, metric: str, ok: bool) -> None:
        hits, n = self._counts.get(metric, (0, 0))
        self._counts[metric] = (hits + bool(ok), n + 1)

    def rate(self, metric: str) -> tuple[float | None, int]:
        hits, n = self._counts.get(metric, (0, 0))
        return (hits / n if n else None), n


@dataclass(slots=True)
class Confusion:
    """True positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, n_system: int, n_gold: int, n_matched: int) -> None:
        self.tp += n_matched
        self.fp += n_system - n_matched
        self.fn += n_gold - n_matched

    def precision_recall_f1(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.fn


def _events_of(record: dict[str, Any] | None) -> list[Event]:
    events = (record or {}).get("events") or []
    return [e for e in events if isinstance(e, dict)] if isinstance(events, list) else []


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _best(count: Any) -> Any:
    return count.get("best") if isinstance(count, dict) else None


def is_confident(event: Event) -> bool:
    conf = event.get("confidence")
    return isinstance(conf, int | float) and conf >= CONFIDENT


def evidence_exact(evidence: Any, text: str | None) -> bool:
    """Whether an evidence span's `text` is the original text at [start:end] (non-empty)."""
    if text is None or not isinstance(evidence, dict):
        return False
    start, end = evidence.get("start"), evidence.get("end")
    if not (isinstance(start, int) and isinstance(end, int)):
        return False
    return text[start:end] == evidence.get("text") and end > start


def losses_of_gold(event: Event) -> set[tuple[Any, Any]]:
    return {(x["item"], x["count"]) for x in event.get("losses") or []}


def losses_of_system(event: Event) -> set[tuple[Any, Any]]:
    losses = event.get("losses") or []
    pairs = ((x.get("item"), x.get("count")) for x in losses if isinstance(x, dict))
    return (
        {p for p in pairs if all(isinstance(v, str | int | float | None) for v in p)}
        if isinstance(losses, list)
        else set()
    )


@dataclass
class _Scoring:
    """Running totals over the gold articles."""

    rates: RateCounter = field(default_factory=RateCounter)
    events: Confusion = field(default_factory=Confusion)
    events_any_type: Confusion = field(default_factory=Confusion)
    losses: Confusion = field(default_factory=Confusion)
    missing_articles: int = 0
    errors: ErrorClasses = field(default_factory=ErrorClasses)
    per_article: dict[str, ArticleResult] = field(default_factory=dict)

    def add_article(
        self, article_id: str, gold: dict[str, Any], record: dict[str, Any] | None, text: str | None
    ) -> None:
        if record is None:
            self.missing_articles += 1
        system_events = _events_of(record)
        gold_events: list[Event] = gold.get("events") or []

        pairs = match_events(system_events, gold_events)
        self.events.add(len(system_events), len(gold_events), len(pairs))
        loose_pairs = match_events(system_events, gold_events, same_type=False)
        self.events_any_type.add(len(system_events), len(gold_events), len(loose_pairs))

        matched_system = {i for i, _ in pairs}
        matched_gold = {j for _, j in pairs}
        for i, event in enumerate(system_events):
            if is_confident(event):
                self.rates.add("confident_precision", i in matched_system)
        for event in system_events:
            evidence = event.get("evidence") or []
            for span in evidence if isinstance(evidence, list) else [evidence]:
                self.rates.add("evidence_exact", evidence_exact(span, text))
        for i, j in pairs:
            self._score_pair(system_events[i], gold_events[j])
        classify_article(self.errors, article_id, system_events, gold_events, pairs)

        self.per_article[article_id] = ArticleResult(
            article_id=article_id,
            in_output=record is not None,
            tp=len(pairs),
            fp=len(system_events) - len(pairs),
            fn=len(gold_events) - len(pairs),
            missed=[brief_gold_event(g) for j, g in enumerate(gold_events) if j not in matched_gold],
            false_alarms=[
                brief_system_event(s) for i, s in enumerate(system_events) if i not in matched_system
            ],
        )

    def _score_pair(self, system_event: Event, gold_event: Event) -> None:
        add = self.rates.add
        add("sub_event_type", sub_type_accepted(system_event, gold_event))
        for role, other_role in ACTOR_ROLES:
            accepted = gold_event.get(role)
            if accepted:
                # Actor order is not scored: the gold actor may sit in either engine slot.
                add(
                    "actors",
                    names_match(actor_names(system_event.get(role)), accepted)
                    or names_match(actor_names(system_event.get(other_role)), accepted),
                )
        gold_loc = location_of(gold_event)
        if gold_loc.get("lat") is not None:
            d = distance_km(system_event, gold_event)
            add("location_10km", d is not None and d <= NEAR_KM)
            add("location_50km", d is not None and d <= FAR_KM)
        if gold_loc.get("admin1"):
            add("admin1", admin1_matches(location_of(system_event).get("admin1"), gold_loc["admin1"]))
        for key in COUNT_FIELDS:
            gold_best, system_best = _best(gold_event.get(key)), _best(system_event.get(key))
            # Scored when the gold gives a figure, or the engine claims a non-zero one.
            if gold_best is not None or system_best not in (None, 0):
                add(key, gold_best == system_best)
        if gold_event.get("date"):
            add("date", system_event.get("date") == gold_event["date"])
        gold_losses, system_losses = losses_of_gold(gold_event), losses_of_system(system_event)
        self.losses.tp += len(gold_losses & system_losses)
        self.losses.fp += len(system_losses - gold_losses)
        self.losses.fn += len(gold_losses - system_losses)
        if gold_event.get("attribution"):
            source = _as_dict(system_event.get("attribution")).get("source")
            add("attribution", names_match([source], gold_event["attribution"]))

    def metrics(self, n_articles: int, unparseable_lines: int) -> dict[str, Any]:
        p, r, f = self.events.precision_recall_f1()
        _, _, f_any_type = self.events_any_type.precision_recall_f1()
        _, _, f_losses = self.losses.precision_recall_f1()
        out: dict[str, Any] = {
            "articles": n_articles,
            "articles_missing_from_output": self.missing_articles,
            "unparseable_output_lines": unparseable_lines,
            "gold_events": self.events.tp + self.events.fn,
            "system_events": self.events.tp + self.events.fp,
            "event_precision": round(p, DECIMALS),
            "event_recall": round(r, DECIMALS),
            "event_f1": round(f, DECIMALS),
            "place_only_f1": round(f_any_type, DECIMALS),
            "losses_f1": round(f_losses, DECIMALS) if self.losses.total else None,
        }
        for metric in RATE_METRICS:
            rate, n = self.rates.rate(metric)
            out[metric] = None if rate is None else round(rate, DECIMALS)
            out[f"{metric}_n"] = n
        return out


def evaluate(gold_dir: Path, input_jsonl: Path, system_jsonl: Path) -> EvalReport:
    """Score the engine output `system_jsonl` for the articles of `input_jsonl` against
    the `*.gold.json` files in `gold_dir`. Only articles with a gold file are scored."""
    texts = read_input_texts(Path(input_jsonl))
    golds = read_gold(Path(gold_dir))
    system = read_system_output(Path(system_jsonl))
    scoring = _Scoring()
    for article_id, gold in golds.items():
        scoring.add_article(article_id, gold, system.records.get(article_id), texts.get(article_id))
    return EvalReport(
        metrics=scoring.metrics(len(golds), system.unparseable_lines),
        per_article=scoring.per_article,
        error_classes=scoring.errors,
    )
