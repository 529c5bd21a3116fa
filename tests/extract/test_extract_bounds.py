"""Issue 16: bounded output per event on a text dense with casualty sentences (our own sentence,
repeated): the evidence of one event is capped, and every span is still exact."""

from __future__ import annotations

from marsad.extract.pipeline import extract_record
from marsad.extract.records import MAX_EVIDENCE_SPANS

SENTENCE = "قتل ثلاثة مدنيين وأصيب خمسة آخرون في غارة جوية استهدفت سوقا شعبيا في مدينة حلب. "


def test_evidence_spans_per_event_are_bounded() -> None:
    text = SENTENCE * (3 * MAX_EVIDENCE_SPANS)
    record = extract_record({"id": "dense", "text": text, "published": "2024-03-05"})
    assert record["events"]
    assert max(len(e["evidence"]) for e in record["events"]) == MAX_EVIDENCE_SPANS
    for ev in record["events"]:
        for span in ev["evidence"]:
            assert text[span["start"] : span["end"]] == span["text"]
