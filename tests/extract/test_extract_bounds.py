"""Issue 16: bounded work per article on adversarial text (our own sentences). Each cap stops a
step that grew with the whole text, and the record says it was reached; an index that replaced
a scan answers as the scan did."""

from __future__ import annotations

import random

import pytest

from marsad.extract import actors as actor_roles
from marsad.extract import segmentation
from marsad.extract.actors import candidates
from marsad.extract.actors.records import SourceSpans
from marsad.extract.article import ArticleDoc
from marsad.extract.bounds import MAX_EVENT_SENTENCES, bound_notes
from marsad.extract.events import Event
from marsad.extract.knowledgebase import knowledge
from marsad.extract.pipeline import extract_record, run_until

SENTENCE = "قتل ثلاثة مدنيين وأصيب خمسة آخرون في غارة جوية استهدفت سوقا شعبيا في مدينة حلب. "


def test_evidence_spans_per_event_are_bounded() -> None:
    text = SENTENCE * (3 * MAX_EVENT_SENTENCES)
    record = extract_record({"id": "dense", "text": text, "published": "2024-03-05"})
    assert record["events"]
    assert max(len(e["evidence"]) for e in record["events"]) == MAX_EVENT_SENTENCES
    for ev in record["events"]:
        for span in ev["evidence"]:
            assert text[span["start"] : span["end"]] == span["text"]


def test_the_span_beyond_the_cap_is_not_stored_and_the_record_says_so() -> None:
    within = extract_record(
        {"id": "at-cap", "text": SENTENCE * MAX_EVENT_SENTENCES, "published": "2024-03-05"}
    )
    assert max(len(e["evidence"]) for e in within["events"]) == MAX_EVENT_SENTENCES
    assert not [e for e in within["errors"] if e.startswith("work bounded")]
    text = SENTENCE * (MAX_EVENT_SENTENCES + 1)
    beyond = extract_record({"id": "over-cap", "text": text, "published": "2024-03-05"})
    last_sentence_start = len(SENTENCE) * MAX_EVENT_SENTENCES
    stored = [span["start"] for e in beyond["events"] for span in e["evidence"]]
    assert max(len(e["evidence"]) for e in beyond["events"]) == MAX_EVENT_SENTENCES
    assert last_sentence_start not in stored
    assert (
        f"work bounded: evidence spans of an event stopped at {MAX_EVENT_SENTENCES} (1 time)"
        in beyond["errors"]
    )


def test_actors_are_read_in_the_event_sentences_shown_only() -> None:
    # The doer named in the first sentence is read; a side named only after the cap is not
    # (its sentence is not among the evidence either), and the record says so.
    doer = "شن الجيش السوري غارة جوية على سوق شعبي في مدينة حلب. "
    late = "وقتل ثلاثة مدنيين في غارة جوية لطيران التحالف الدولي على سوق شعبي في مدينة حلب. "
    text = doer + SENTENCE * MAX_EVENT_SENTENCES + late
    record = extract_record({"id": "actors-cap", "text": text, "published": "2024-03-05"})
    [event] = record["events"]
    assert event["actor1"]["name"].startswith("Military Forces of Syria")
    assert "coalition" not in str(event["actor2"]).lower()
    assert (
        f"work bounded: sentences an event's actors are read from stopped at {MAX_EVENT_SENTENCES} (1 time)"
        in record["errors"]
    )


# The group is named two names before the anaphor "التنظيم" of the last sentence.
ANAPHOR_TEXT = (
    "أعلن تنظيم داعش مسؤوليته عن هجمات سابقة في المنطقة. وقال الجيش السوري إن قواته تصدت للهجمات. "
    "وشن عناصر التنظيم هجوما على حاجز للجيش."
)


def _doer_of_last_sentence(text: str) -> tuple[str | None, list[str]]:
    """actor1 of an event told by the last sentence alone, and the bounds reached."""
    kb = knowledge()
    doc = run_until(ArticleDoc(text), kb, "event_days")
    last = doc.infos[-1]
    ev = Event("Armed clash", 1, [last], last.matches["triggers"][:1])
    mentions = actor_roles.mentions(doc, doc.lexicon("actor"), kb)
    actor1, _ = actor_roles.assign(doc, ev, doc.infos, mentions, kb, "Syria", 2018, doc.tokens, [])
    return (actor1 or {}).get("name"), bound_notes(doc)


def test_an_anaphor_finds_the_group_named_before_it() -> None:
    name, notes = _doer_of_last_sentence(ANAPHOR_TEXT)
    assert name is not None and name.startswith("Islamic State")
    assert notes == []


def test_an_anaphor_looks_back_over_a_bounded_number_of_names(monkeypatch: pytest.MonkeyPatch) -> None:
    # With room for one name only, the army named in between is as far as it reads: the
    # group is out of reach, and the Doc says the look-back stopped.
    monkeypatch.setattr(candidates, "ANAPHOR_LOOKBACK", 1)
    name, notes = _doer_of_last_sentence(ANAPHOR_TEXT)
    assert name is None or not name.startswith("Islamic State")
    assert notes == ["work bounded: anaphor look-back stopped at 1 (1 time)"]


# Three strikes on three cities: three events.
THREE_INCIDENTS = (
    "قتل خمسة مدنيين في غارة جوية على مدينة حلب. "
    "وفي مدينة إدلب، قتل ثلاثة أشخاص في غارة جوية أخرى. "
    "وفي مدينة حماة، قتل طفلان في غارة جوية ثالثة."
)


def test_each_incident_is_an_event_below_the_cap() -> None:
    record = extract_record({"id": "three", "text": THREE_INCIDENTS, "published": "2024-03-05"})
    assert [e["location"]["name"] for e in record["events"]] == ["Aleppo", "Idleb", "Hama"]
    assert not [e for e in record["errors"] if e.startswith("work bounded")]


def test_an_incident_beyond_the_events_cap_opens_no_event(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segmentation, "MAX_EVENTS", 2)
    record = extract_record({"id": "three", "text": THREE_INCIDENTS, "published": "2024-03-05"})
    assert [e["location"]["name"] for e in record["events"]] == ["Aleppo", "Idleb"]
    assert "work bounded: events of an article stopped at 2 (1 time)" in record["errors"]


def test_source_spans_answer_as_a_scan_of_every_span_would() -> None:
    rng = random.Random(16)
    for _ in range(500):
        spans = [(s, s + rng.randint(0, 12)) for s in (rng.randint(0, 50) for _ in range(rng.randint(0, 6)))]
        index = SourceSpans(spans)
        for offset in range(-1, 70):
            assert index.holds(offset) == any(s <= offset < e for s, e in spans), (spans, offset)


def test_a_text_over_the_cap_is_cut_once_and_its_emptiness_read_whole() -> None:
    from marsad.extract.pipeline import MAX_TEXT_CHARS

    long_text = SENTENCE * (MAX_TEXT_CHARS // len(SENTENCE) + 2)
    record = extract_record({"id": "long", "text": long_text, "published": "2024-03-05"})
    assert f"text cut to {MAX_TEXT_CHARS} characters for extraction" in record["errors"]
    assert record["events"]
    # Invisible up to the cap, words after it: not "empty text", and nothing to extract.
    hidden = "\u200b" * MAX_TEXT_CHARS + SENTENCE
    record = extract_record({"id": "hidden", "text": hidden, "published": "2024-03-05"})
    assert "empty text" not in record["errors"]
    assert f"text cut to {MAX_TEXT_CHARS} characters for extraction" in record["errors"]
    assert record["events"] == []
    blank = "\u200b" * (MAX_TEXT_CHARS + 10)
    assert extract_record({"id": "blank", "text": blank})["errors"] == ["empty text"]
