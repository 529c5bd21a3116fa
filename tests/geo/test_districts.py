"""Yemen's districts (knowledge/data/geo/districts.tsv, scripts/build_districts.py): names
with their governorate and no invented point. Sentences are ours."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from marsad.extract.knowledgebase import knowledge
from marsad.extract.pipeline import extract_record
from marsad.extract.places import find_places
from marsad.extract.tokens import Tokens
from marsad.text.doc import Doc
from marsad.text.normalize import normalize_key

DISTRICTS = Path(__file__).parents[2] / "src" / "marsad" / "knowledge" / "data" / "geo" / "districts.tsv"
ADMIN1 = DISTRICTS.with_name("admin1.tsv")
_SOURCE = "YemenOpenSource/Yemen-info@"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _location(text: str) -> dict:
    events = extract_record({"id": "district", "text": text, "published": "2019-03-10"})["events"]
    assert len(events) == 1, events
    return events[0]["location"]


def test_rows_have_a_source_a_province_and_no_point() -> None:
    provinces = {r["name_en"] for r in _rows(ADMIN1) if r["country_iso2"] == "YE"}
    rows = _rows(DISTRICTS)
    assert len(rows) > 100
    for r in rows:
        assert r["country_iso2"] == "YE" and r["feature"] == "admin2", r
        assert r["admin1"] in provinces, r
        assert not r["lat"] and not r["lon"], r  # the source gives no point
        assert r["source"].startswith(_SOURCE + "59a8c46"), r


def test_every_district_is_in_the_gazetteer_under_its_province() -> None:
    gaz = knowledge().gazetteer
    for r in _rows(DISTRICTS):
        cands = [p for p in gaz.candidates(normalize_key(r["name_ar"])) if p.feature == "admin2"]
        assert any(p.admin1 == r["admin1"] and p.country_iso2 == "YE" for p in cands), r


@pytest.mark.parametrize(
    ("text", "admin1", "admin2"),
    [
        ("قتل ثلاثة مدنيين في قصف مدفعي على مديرية رازح الحدودية شمال اليمن.", "Sadah", "Razih"),
        ("قتل شخصان في غارة جوية على مديرية سحار بمحافظة صعدة اليمنية.", "Sadah", "Sahar"),
        ("أصيب أربعة جنود يمنيين في هجوم للحوثيين على مديرية حريب القرامش.", "Marib", None),
        ("قتل مسلحان في اشتباكات مع القوات الحكومية في مديرية ردفان اليمنية.", "Lahij", None),
    ],
)
def test_an_event_in_a_district_is_coded_to_its_province(text: str, admin1: str, admin2: str | None) -> None:
    loc = _location(text)
    assert loc["country"] == "Yemen" and loc["admin1"] == admin1, loc
    assert loc["geo_precision"] == 3, loc  # the governorate's seat: the district has no point
    if admin2:
        assert loc["admin2"] == admin2, loc


@pytest.mark.parametrize(
    "text",
    [
        "قال مسؤول يمني إن عدد القتلى في محافظة تعز وصل إلى السبعين منذ بداية الشهر.",
        "قتل جندي يمني في صباح اليوم في هجوم على نقطة عسكرية في محافظة تعز.",
        "قتل جندي يمني في هجوم على ميناء الحديدة غرب اليمن.",
        "طالب المحتجون في عدن بتحرير الأسرى ورفعوا شعار الوحدة.",
    ],
)
def test_everyday_words_that_name_districts_stay_words(text: str) -> None:
    doc = Doc(text)
    kb = knowledge()
    by = defaultdict(list)
    for m in kb.lexicon.scan(doc.ntext):
        by[m.lexicon].append(m)
    found = find_places(
        doc,
        Tokens.of(doc.ntext),
        by["place"],
        by["location_cues"],
        kb.place_stopwords,
        kb.gazetteer,
        kb.ambiguous_places,
    )
    districts = [pm.key for pm in found if pm.place is not None and pm.place.source.startswith(_SOURCE)]
    assert not districts, districts
