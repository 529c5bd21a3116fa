"""Name folding and matching rules of the scorer (gold-format.md: actors, places, sources)."""

from __future__ import annotations

import pytest

from marsad.evaluation.names import (
    actor_names,
    drop_definite_articles,
    fold_name,
    is_specific,
    names_match,
)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("الجَيْشُ", "الجيش"),  # harakat dropped
        ("إدلـــب", "ادلب"),  # hamza-alef and tatweel
        ("آمرلي", "امرلي"),
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("قرية", "قريه"),  # taa marbuta
        ("Jaish al-Fath", "jaish al fath"),  # case and hyphen
        ("«جبهة   النصرة»،", "جبهه النصره ،"),  # quotes become spaces; the Arabic comma is kept
        (None, ""),
        (0, ""),
    ],
)
def test_fold_name(raw: object, folded: str) -> None:
    assert fold_name(raw) == folded


def test_hamza_seats_are_not_folded() -> None:
    # The scorer keeps ئ and ؤ as written (unlike the text layer's lookup keys).
    assert fold_name("الجزائر") != fold_name("الجزاير")


def test_definite_article_dropped_only_from_long_words() -> None:
    assert drop_definite_articles("الحوثيين") == "حوثيين"
    assert drop_definite_articles("الباب") == "باب"
    assert drop_definite_articles("الله") == "الله"  # four letters: kept
    assert drop_definite_articles("قوات النظام") == "قوات نظام"


def test_specific_names() -> None:
    assert is_specific("جيش الفتح")  # two words
    assert is_specific("الطائرات")  # eight letters
    assert not is_specific("الجيش")
    assert not is_specific("is")


@pytest.mark.parametrize(
    ("system", "gold", "expected"),
    [
        (["الجيش السوري"], ["الجيش السوري"], True),
        (["الجيشِ السوريّ"], ["الجيش السوري"], True),  # diacritics
        (["حوثيين"], ["الحوثيين"], True),  # al- stripped on both sides
        (["مسلحي جيش الفتح"], ["جيش الفتح"], True),  # gold name (two words) inside the engine's
        (["جيش الفتح"], ["مسلحي جيش الفتح", "Jaish al-Fath"], True),  # engine name inside a gold name
        (["الجيش السوري"], ["الجيش"], False),  # short generic gold name must match whole
        (["الجيش"], ["الجيش السوري"], False),  # short engine name is not found inside a longer one
        (["جيش الفتحي"], ["جيش الفتح"], False),  # containment is by whole words
        (["Jaish Al Fath"], ["jaish al-fath"], True),
        (["ISIS fighters"], ["IS"], False),
        ([None, ""], ["الجيش"], False),
        (["الجيش"], [], False),
    ],
)
def test_names_match(system: list[object], gold: list[object], expected: bool) -> None:
    assert names_match(system, gold) is expected


def test_actor_names_include_members_and_skip_blanks() -> None:
    actor = {
        "name": "Coalition",
        "name_ar": None,
        "mention": "التحالف",
        "members": [{"name": "Military Forces of Saudi Arabia", "mention": "القوات السعودية"}],
    }
    assert actor_names(actor) == [
        "Coalition",
        "التحالف",
        "Military Forces of Saudi Arabia",
        "القوات السعودية",
    ]
    assert actor_names(None) == []
    assert actor_names("not an object") == []
