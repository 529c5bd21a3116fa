"""Normalisation keeps an exact map back to the original text."""

from hypothesis import given
from hypothesis import strategies as st

from marsad.text import Doc, normalize, normalize_key

ARABIC_CHUNKS = st.sampled_from(
    [
        "قُتِلَ",
        "أُصيب",
        "إدلب",
        "آليتين",
        "مستشفى",
        "ـــ",
        "\u200f",
        "\u200b",
        "\u202b",
        "«",
        "»",
        "٣٤",
        "۱۲",
        "  ",
        "\n",
        "،",
        ".",
        "؟",
        "ة",
        "ى",
        "ٱ",
        "abc",
        "١٬٢٠٠",
        "\ufeff",
        "–",
        "\t",
    ]
)


@given(st.lists(ARABIC_CHUNKS | st.text(max_size=5), max_size=40))
def test_every_normalised_span_maps_back_to_the_original(chunks: list[str]) -> None:
    text = "".join(chunks)
    norm = normalize(text)
    assert len(norm.offsets) == len(norm.text) + 1
    for i in range(len(norm.text)):
        for j in range(i + 1, min(len(norm.text), i + 6) + 1):
            start, end = norm.to_original(i, j)
            assert 0 <= start < end <= len(text)
            # Dropped characters (diacritics, controls) are the only difference.
            assert normalize(text[start:end]).text == norm.text[i:j]


def test_variants_fold() -> None:
    assert normalize("أإآٱ").text == "اااا"
    assert normalize("مستشفى قرية").text == "مستشفي قريه"
    assert normalize("قُتِلَ").text == "قتل"
    assert normalize("الـــجيش").text == "الجيش"
    assert normalize("٣٤ و۱۲").text == "34 و12"
    assert normalize("«نص»–").text == '"نص"-'
    assert normalize("a\u200fb\u200b").text == "ab"


def test_normalize_key_folds_punctuation_and_space() -> None:
    assert normalize_key("  «جيش   الفتح» ") == "جيش الفتح"
    assert normalize_key("Khan-Tuman") == "khan tuman"


def test_doc_sentences_and_original_spans() -> None:
    text = "عنوان الخبر\n\nقُتل ٣ أشخاص في حلب. وأصيب آخرون؟ نعم"
    doc = Doc(text)
    spans = [doc.original_text(s, e) for s, e in doc.sentences]
    assert spans == ["عنوان الخبر", "قُتل ٣ أشخاص في حلب.", "وأصيب آخرون؟", "نعم"]


def test_run_on_text_is_cut_into_bounded_sentences() -> None:
    text = " ".join(["كلمة"] * 10000)
    doc = Doc(text)
    assert len(doc.sentences) > 1
    assert all(e - s <= 1200 for s, e in doc.sentences)


def test_a_hashtag_underscore_separates_the_words_of_a_name() -> None:
    n = normalize("قصف على #خان_يونس")
    assert n.text == "قصف علي #خان يونس"
    assert len(n.text) == len("قصف على #خان_يونس")  # one character for one: evidence offsets hold
