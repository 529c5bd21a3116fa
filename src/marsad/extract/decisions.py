"""Fitted decisions: which candidates are news to code, and how confident an event is.

The models themselves (and how they are read from their file) are in decision_models.py;
this module applies them to a document's candidates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from marsad.extract.features import candidate_features

if TYPE_CHECKING:
    from marsad.extract.article import ArticleDoc
    from marsad.extract.knowledgebase import KnowledgeBase


def keep_candidates(doc: ArticleDoc, kb: KnowledgeBase) -> None:
    """Score every candidate with the keep model and drop those under its threshold:
    background, reports, metaphor and accidents that the rules proposed."""
    model = kb.decisions.keep
    if model is None or not doc.candidates:
        return
    n = len(doc.candidates)
    kept = []
    for cand in doc.candidates:
        cand.p = model.probability(candidate_features(doc, cand, n))
        if cand.p >= model.threshold:
            kept.append(cand)
    doc.candidates = kept
