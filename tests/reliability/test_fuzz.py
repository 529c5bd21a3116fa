"""Property tests of the text layer and the extractor on random Arabic-ish text.

Inputs come from tests/reliability/generators.py (conflict words, actors, places, numbers
in every digit system, punctuation, invisible and control characters, emoji, Latin, very
long tokens …) and from Hypothesis' own unicode text. Bounded to ~200 examples per test;
bench/fuzz.py runs the same generators over 100,000 inputs.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.extract.numbers import parse_quantities
from marsad.extract.pipeline import extract_record
from marsad.inputs import detect_language
from marsad.text import Doc, normalize, normalize_key
from marsad.text.sentences import _MAX_SENTENCE, split_clauses
from tests.reliability.generators import items, texts
from tests.reliability.record_checks import record_problems

BOUNDED = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
ANY_TEXT = texts() | st.text(max_size=300)
CLAUSE_MARKS = "،؛,;:"


@BOUNDED
@given(ANY_TEXT)
def test_normalised_offsets_map_back(text: str) -> None:
    norm = normalize(text)
    assert norm.original_length == len(text)
    assert len(norm.offsets) == len(norm.text) + 1
    assert norm.offsets[-1] == len(text)
    assert all(a < b for a, b in zip(norm.offsets, norm.offsets[1:], strict=False))
    for i, ch in enumerate(norm.text):
        # Characters map one-to-one or are dropped: each one comes from its own original character.
        assert normalize(text[norm.offsets[i]]).text == ch
    step = max(1, len(norm.text) // 50)
    for i in range(0, len(norm.text), step):
        for j in (i + 1, i + 7, len(norm.text)):
            j = min(j, len(norm.text))
            s, e = norm.to_original(i, j)
            assert 0 <= s < e <= len(text)
            assert normalize(text[s:e]).text == norm.text[i:j]


@BOUNDED
@given(ANY_TEXT)
def test_normalize_key_is_idempotent(text: str) -> None:
    key = normalize_key(text)
    assert normalize_key(key) == key
    assert key == key.strip() and "  " not in key


@BOUNDED
@given(ANY_TEXT)
def test_sentences_cover_the_text(text: str) -> None:
    doc = Doc(text)
    ntext = doc.ntext
    covered = [False] * len(ntext)
    prev_end = 0
    for k, (s, e) in enumerate(doc.sentences):
        assert prev_end <= s < e <= len(ntext)
        assert e - s <= _MAX_SENTENCE
        assert not ntext[s].isspace() and not ntext[e - 1].isspace()
        covered[s:e] = [True] * (e - s)
        prev_end = e
        os_, oe = doc.original_span(s, e)
        assert 0 <= os_ < oe <= len(text)
        assert normalize(text[os_:oe]).text == ntext[s:e]
        assert doc.sentence_index(s) == k and doc.sentence_index(e - 1) == k
    # Only whitespace falls between sentences.
    assert all(c or ch.isspace() for c, ch in zip(covered, ntext, strict=True))


@BOUNDED
@given(ANY_TEXT)
def test_clauses_split_only_at_clause_marks(text: str) -> None:
    doc = Doc(text)
    ntext = doc.ntext
    for s, e in doc.sentences:
        clauses = split_clauses(ntext, s, e)
        inside = [False] * (e - s)
        prev_end = s
        for cs, ce in clauses:
            assert prev_end <= cs < ce <= e
            assert not any(ch in CLAUSE_MARKS for ch in ntext[cs:ce])
            inside[cs - s : ce - s] = [True] * (ce - cs)
            prev_end = ce
        assert all(i or ch in CLAUSE_MARKS for i, ch in zip(inside, ntext[s:e], strict=True))


@BOUNDED
@given(ANY_TEXT)
def test_quantities_are_ordered_counts(text: str) -> None:
    ntext = normalize(text).text
    prev = 0
    for q in parse_quantities(ntext):
        assert prev <= q.start < q.end <= len(ntext)
        prev = q.end
        assert q.best >= 0 and q.value >= 0
        if q.min is not None:
            assert 0 <= q.min <= q.best
        if q.max is not None:
            assert q.best <= q.max


@BOUNDED
@given(ANY_TEXT)
def test_language_check_never_fails(text: str) -> None:
    assert isinstance(detect_language(text), str)


@BOUNDED
@given(items())
def test_extract_record_holds_the_contract(item: dict[str, Any]) -> None:
    record = extract_record(item)
    assert record_problems(item["text"], record) == []
    for event in record["events"]:
        assert 0.0 <= event["confidence"] <= 1.0
        for field in ("fatalities", "injuries", "casualties"):
            assert all(v is None or v >= 0 for v in (event[field] or {}).values())
    # Same input, same record (ids included).
    assert extract_record(item) == record


@BOUNDED
@given(ANY_TEXT)
def test_extract_record_on_raw_unicode(text: str) -> None:
    record = extract_record({"id": "fuzz", "text": text, "published": "2018-03-03"})
    assert record_problems(text, record) == []
