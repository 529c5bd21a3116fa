"""Scoring engine output against gold annotations (shared/docs/gold-format.md).

report = evaluate(gold_dir, input_jsonl, system_jsonl)
report.metrics       # same keys and figures as shared/tools/score.py --json
report.per_article   # article id -> ArticleResult (tp/fp/fn, missed, false alarms)
"""

from marsad.evaluation.briefs import EventBrief
from marsad.evaluation.report import ArticleResult, EvalReport
from marsad.evaluation.run_engine import run_engine
from marsad.evaluation.scorer import RATE_METRICS, evaluate

__all__ = ["ArticleResult", "EvalReport", "EventBrief", "RATE_METRICS", "evaluate", "run_engine"]
