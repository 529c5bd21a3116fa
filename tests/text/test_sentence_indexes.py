"""Doc.sentence_indexes, the one-pass walk of the sentence layers, answers as
Doc.sentence_index does: inside a sentence, between two (the next), before the first and
after the last, for positions in text order or not."""

from __future__ import annotations

import random

from marsad.text.doc import Doc


def test_sentence_indexes_is_sentence_index_of_each() -> None:
    doc = Doc("قصف الجيش البلدة.  وقتل ثلاثة.\n\nوأصيب خمسة آخرون في القصف.  ")
    assert len(doc.sentences) == 3
    rng = random.Random(3)
    positions = sorted(rng.randrange(-3, len(doc.ntext) + 3) for _ in range(300))
    assert doc.sentence_indexes(positions) == [doc.sentence_index(p) for p in positions]
    shuffled = positions[:]
    rng.shuffle(shuffled)
    assert doc.sentence_indexes(shuffled) == [doc.sentence_index(p) for p in shuffled]


def test_no_sentences_and_no_positions() -> None:
    assert Doc("").sentence_indexes([]) == []
    assert Doc("").sentence_indexes([0, 1]) == [Doc("").sentence_index(0), Doc("").sentence_index(1)]
