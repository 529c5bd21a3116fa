from __future__ import annotations

import pytest
from input_samples import AR_ARTICLE, AR_BOMB, AR_CLASHES, AR_PROTEST, EN_TEXT, FA_TEXT, FR_TEXT, UR_TEXT

from marsad.inputs import detect_language
from marsad.inputs.language import LANGUAGE_DATA, arabic_letter_share, language_data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (AR_ARTICLE, "ar"),
        (AR_CLASHES, "ar"),
        (AR_BOMB + " " + AR_PROTEST, "ar"),
        (FA_TEXT, "fa"),
        (UR_TEXT, "ur"),
        (EN_TEXT, "en"),
        (FR_TEXT, "fr"),
        ("Вчера вечером в центре города произошёл сильный взрыв, есть погибшие.", "ru"),
        ("אתמול בערב אירע פיצוץ חזק במרכז העיר", "he"),
        ("12345 ... !!! 2018-03-14", "unknown"),
        ("", "unknown"),
    ],
)
def test_detects_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_short_arabic_script_defaults_to_arabic() -> None:
    # Too short for statistics: headlines, single words, even a Persian word or a name with گ.
    assert detect_language("مقتل ٣ جنود") == "ar"
    assert detect_language("غارة") == "ar"
    assert detect_language("گزارش") == "ar"


def test_arabic_typed_on_persian_keyboard_is_arabic() -> None:
    # Persian yeh/kaf and Urdu heh in place of the Arabic letters: still Arabic words.
    persianised = AR_CLASHES.replace("ي", "ی").replace("ى", "ی").replace("ك", "ک").replace("ه", "ھ")
    persianised += " " + AR_BOMB.replace("ي", "ی").replace("ه", "ھ")
    assert detect_language(persianised) == "ar"


def test_arabic_with_foreign_words_stays_arabic() -> None:
    text = f"{AR_CLASHES} (CNN) -- Reuters {AR_BOMB} {AR_PROTEST}"
    assert detect_language(text) == "ar"


def test_mostly_english_with_an_arabic_quote_is_english() -> None:
    assert detect_language(EN_TEXT + " " + EN_TEXT + " «غارة»") == "en"


def test_persian_and_urdu_with_diacritics_and_zwnj() -> None:
    assert detect_language(FA_TEXT.replace("می", "می\u200c")) == "fa"
    assert detect_language(UR_TEXT + "\u200f") == "ur"


def test_arabic_letter_share() -> None:
    assert arabic_letter_share(AR_CLASHES) == pytest.approx(1.0)
    assert arabic_letter_share(EN_TEXT) == 0.0
    assert arabic_letter_share("123") == 0.0


def test_language_data_file_is_complete() -> None:
    data = language_data(LANGUAGE_DATA)
    assert {"ar", "fa", "ur", "en"} <= set(data.words)
    assert {"fa", "ur", "ar"} <= set(data.letters)
    assert data.families["fa"] == data.families["ur"] == data.families["ar"] == "Arab"
    assert data.families["en"] == "Latn"
    # No function word may be claimed by two Arabic-script languages after folding.
    arabic_script = [lang for lang, fam in data.families.items() if fam == "Arab"]
    for i, a in enumerate(arabic_script):
        for b in arabic_script[i + 1 :]:
            assert not (data.words.get(a, frozenset()) & data.words.get(b, frozenset())), (a, b)
