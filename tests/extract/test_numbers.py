"""Numbers: digits, Eastern digits, number words, duals, bounds, vague words, non-counts.

Rows come from tests/data/numbers.tsv (written by us)."""

import csv
from pathlib import Path

import pytest

from marsad.extract.casualties import phrase_count
from marsad.extract.knowledgebase import knowledge
from marsad.extract.numbers import parse_quantities
from marsad.text.normalize import normalize

ROWS = list(
    csv.DictReader((Path(__file__).parents[1] / "data/numbers.tsv").open(encoding="utf-8"), delimiter="\t")
)


def _parse(phrase: str):
    text = normalize(phrase).text
    return text, parse_quantities(text)


SHADDA = "\u0651"  # normalisation drops it, so "مدنيَّين" (dual) reads as the plural


@pytest.mark.parametrize(
    "row",
    [r for r in ROWS if r["kind"] in ("count", "vague") and SHADDA not in r["phrase"]],
    ids=lambda r: r["phrase"],
)
def test_count_phrases(row: dict) -> None:
    text, qs = _parse(row["phrase"])
    if row["best"]:
        matches = knowledge().lexicon.scan(text)
        assert phrase_count(text, matches, qs) == int(row["best"])
    if qs and row["min"]:
        assert qs[0].min == int(row["min"])
    if qs and row["max"]:
        assert qs[0].max == int(row["max"])


@pytest.mark.parametrize("row", [r for r in ROWS if r["kind"] in ("year", "name")], ids=lambda r: r["phrase"])
def test_non_counts(row: dict) -> None:
    _, qs = _parse(row["phrase"])
    assert all(q.not_count for q in qs)


def test_bounds() -> None:
    (q,) = _parse("أكثر من 40 مسلحاً")[1]
    assert (q.min, q.max, q.best) == (41, None, 41)
    (q,) = _parse("ما لا يقل عن 12 شخصا")[1]
    assert (q.min, q.best) == (12, 12)
    (q,) = _parse("بين 10 و15 قتيلا")[1]
    assert (q.min, q.max, q.best) == (10, 15, 10)
    (q,) = _parse("عشرات الجرحى")[1]
    assert q.vague and q.best == 12


def test_compounds_and_separators() -> None:
    assert [q.best for q in _parse("ثلاثة وعشرين")[1]] == [23]
    assert [q.best for q in _parse("١٬٢٠٠ شخص")[1]] == [1200]
    assert [q.best for q in _parse("أكثر من عشرين ألف قتيل")[1]] == [20001]
    assert [q.best for q in _parse("ثلاثة وخمسة")[1]] == [3, 5]


def test_quantities_glued_to_the_conjunction() -> None:
    text, qs = _parse("قتل 31 شخصا و54 جريحا وعشرات المفقودين ونحو 30 أسيرا")
    assert [q.best for q in qs] == [31, 54, 12, 30]
    assert [text[q.num_start : q.num_end] for q in qs][:2] == ["31", "54"]
    assert qs[2].vague and qs[3].approx and not qs[1].approx
    # The conjunction is not part of the phrase, and a number word that starts with و stays whole.
    assert text[qs[3].start : qs[3].end] == "نحو 30"
    assert [q.best for q in _parse("جندي واحد وواحد من المدنيين")[1]] == [1, 1]


def test_definite_number_words() -> None:
    # After a definite noun the number is its adjective; otherwise part of a name.
    assert [q.best for q in _parse("أصيب المجندون الثلاثة")[1]] == [3]
    assert [q.best for q in _parse("وصل الجرحى السبعة إلى بئر السبع")[1]] == [7]
    assert _parse("سقطت قذيفة في ساحة السبع بحرات")[1] == []


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        # Spelled with ة, ئ: these were Python literals that never met a normalised token.
        ("ارتفعت النسبة إلى 30 بالمية", "percent"),
        ("ارتفعت النسبة إلى 30 بالمئة", "percent"),
        ("ارتفعت النسبة إلى 30 بالمائة", "percent"),
        ("تراجع بنسبة 12 المئة", "percent"),
        ("استمر القصف 20 دقائق", "measure"),
        ("بموجب المادة 12 من القانون", "name"),
        ("عند الساعة 10 صباحا", "time"),
    ],
)
def test_non_count_words_spelled_as_usual(phrase: str, kind: str) -> None:
    (q,) = _parse(phrase)[1]
    assert q.not_count == kind


def test_a_day_after_since_is_a_date_not_a_year() -> None:
    # "منذ 2011" is a year; "منذ 20 يوليو" a day of the month.
    _, qs = _parse("منذ 20 يوليو الماضي")
    assert [q.not_count for q in qs] == ["date"]
    _, qs = _parse("منذ 2011")
    assert [q.not_count for q in qs] == ["year"]
