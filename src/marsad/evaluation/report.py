"""What an evaluation returns: the metrics dict and a per-article view of errors."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from marsad.evaluation.briefs import EventBrief
from marsad.evaluation.error_classes import ErrorClasses


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
