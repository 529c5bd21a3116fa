"""The clitic inventory (knowledge/morphology.py) and the matchers that take their forms from it."""

from __future__ import annotations

import pytest

from marsad.knowledge import morphology
from marsad.knowledge.lexicon import Lexicon
from marsad.knowledge.morphology import MorphologyError, parse_clitics
from marsad.text.normalize import normalize

_HEADER = "form\tkind\tparts\tgloss\tuses\n"


def test_each_matcher_has_its_own_set() -> None:
    lexicon = set(morphology.proclitics("lexicon"))
    names = set(morphology.proclitics("name"))
    assert {"و", "ف", "ب", "ل", "ك", "س", "ال", "بال", "لل", "وال"} <= lexicon
    assert names < lexicon and not any(p.endswith("ال") or p == "لل" for p in names)
    assert set(morphology.article_in_preposition("lexicon")) == {"لل", "ولل"}
    assert all(p.endswith("ال") or p.endswith("لل") for p in morphology.proclitics("definite"))
    assert lexicon | names <= morphology.PROCLITICS
    assert morphology.ARTICLE == "ال" and morphology.AND == "و" and morphology.DUAL == "ان"


def test_forms_come_longest_first() -> None:
    forms = morphology.proclitics("strip")
    assert list(forms) == sorted(forms, key=lambda f: (-len(f), f))
    assert forms.index("وب") < forms.index("و")


def test_strip_proclitics_gives_every_stem_longest_clitic_first() -> None:
    assert morphology.strip_proclitics("وبالقصف") == ["قصف", "القصف", "بالقصف"]
    assert morphology.strip_proclitics("لعام", "strip", min_stem=3) == ["عام"]
    # "وبعد": after "وب" too little is left, so only the conjunction goes.
    assert morphology.strip_proclitic("وبعد", "strip", min_stem=3) == "بعد"
    assert morphology.strip_proclitic("عام", "strip", min_stem=3) == "عام"


def test_rows_are_normalised_on_load() -> None:
    (clitic,) = parse_clitics(_HEADER + "أ\tproclitic\tأ\tquestion\tlexicon\n")
    assert clitic.form == normalize("أ").text == "ا"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("وب\tproclitic\tو+ل\tand to\tlexicon\n", "parts do not spell"),
        ("و\tprefix\tو\tand\tlexicon\n", "kind"),
        ("و\tproclitic\tو\n", "columns"),
    ],
)
def test_malformed_rows_are_rejected(row: str, message: str) -> None:
    with pytest.raises(MorphologyError, match=message):
        parse_clitics(_HEADER + row)


def test_article_after_lam_spells_lil() -> None:
    (clitic,) = parse_clitics(_HEADER + "لل\tproclitic\tل+ال\tto the\tlexicon\n")
    assert clitic.parts == ("ل", "ال")


def test_lexicon_takes_lexicon_clitics_and_names_take_fewer() -> None:
    lexicon = Lexicon(
        {"triggers": [{"pattern": "قصف"}], "place": [{"pattern": "حلب"}]}, names=frozenset({"place"})
    )
    text = normalize("وسيقصف وبالقصف كقصف في حلب وبحلب كحلب").text
    found = [(m.lexicon, text[m.start : m.end]) for m in lexicon.scan(text)]
    # "وسي" and "وبال" are no lexicon clitics; a name keeps "وب" out of its span and
    # takes no "ك".
    assert found == [("triggers", "كقصف"), ("place", "حلب"), ("place", "حلب")]
    assert [m.start for m in lexicon.scan(text) if m.lexicon == "place"] == [
        text.index("حلب"),
        text.rindex("وبحلب") + 2,
    ]
