"""Place resolution on our own test set (tests/data/places.tsv): a mention in a sentence,
the expected place, with coordinates from a public source. Same-name places (طرابلس،
رفح، صور، البيضاء …) must be told apart by context."""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from pathlib import Path

from marsad.extract.knowledgebase import knowledge
from marsad.extract.places import find_places
from marsad.extract.tokens import Tokens
from marsad.geo.gazetteer import Place
from marsad.knowledge.lexicon import Match
from marsad.text.doc import Doc
from marsad.text.normalize import normalize_key

ROWS = list(
    csv.DictReader((Path(__file__).parents[1] / "data/places.tsv").open(encoding="utf-8"), delimiter="\t")
)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _resolve(mention: str, context: str) -> Place | None:
    kb = knowledge()
    doc = Doc(context)
    by: defaultdict[str, list[Match]] = defaultdict(list)
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
    key = normalize_key(mention)
    for pm in found:
        if pm.place is not None and (pm.key in key or key.endswith(pm.key) or pm.key.endswith(key)):
            return pm.place
    return None


def _correct(row: dict) -> bool:
    got = _resolve(row["mention"], row["context"])
    if got is None:
        return False
    if row["lat"] and got.lat is not None:
        return _km(float(row["lat"]), float(row["lon"]), got.lat, got.lon) <= 25
    return got.country == row["country"]


def test_resolution_accuracy_floor() -> None:
    hits = [r for r in ROWS if _correct(r)]
    accuracy = len(hits) / len(ROWS)
    assert len(ROWS) >= 200
    assert accuracy >= 0.85, f"place resolution accuracy {accuracy:.3f}"


def test_same_name_places_by_context() -> None:
    libya = _resolve("طرابلس", "اندلعت اشتباكات بين ميليشيات مسلحة في العاصمة الليبية طرابلس.")
    assert libya is not None and libya.country == "Libya"
    assert (
        _resolve("العاصمة السورية", "سقطت قذائف هاون على العاصمة السورية.")
        .name_en.lower()
        .startswith("damascus")
    )


def test_everyday_words_are_not_places() -> None:
    # Each word is also a gazetteer name (a Palestinian village, Khobar, Settat, El Manzala,
    # Mascara …); in running text it is a common noun.
    for word, sentence in [
        ("مصدر", "قال مصدر عسكري إن الهجوم أوقع قتلى."),
        ("خبر", "قتل جندي بحسب خبر نشرته وكالة محلية."),
        ("منزله", "قتل رجل في منزله برصاص مجهولين."),
        ("سلطات", "أعلنت سلطات الأمن اعتقال مسلحين."),
        ("المعسكر", "قتل جنديان في هجوم على المعسكر."),
        ("اطار", "جاء القصف في إطار حملة عسكرية."),
        ("حينه", "كما أفادت الوكالة في حينه."),
        ("فصائل", "اندلعت اشتباكات بين فصائل المعارضة وقوات النظام."),  # "بين" precedes any noun
    ]:
        assert _resolve(word, sentence) is None, word


def test_everyday_words_after_a_place_noun_are_places() -> None:
    village = _resolve("منزله", "سقطت قذائف على قرية المنزلة في ريف طرطوس.")
    assert village is not None and village.country == "Syria"
    village = _resolve("خطاب", "قصفت قوات النظام قرية خطاب بريف حماة الشمالي.")
    assert village is not None and village.country == "Syria"
    # An airport or port names its town: "مطار أبها", "ميناء الحديدة".
    airport = _resolve("ابها", "أعلن الحوثيون استهداف مطار أبها بطائرة مسيرة.")
    assert airport is not None and airport.country == "Saudi Arabia"


def test_ambiguous_list_is_built_from_usage_not_size() -> None:
    # Large foreign towns whose names are everyday words are in the built list (a town's
    # size does not make the word a place); provinces and capitals never are.
    words = knowledge().ambiguous_places
    assert {"سلطات", "خبر", "منزله", "اطار"} <= words
    assert not {"حلب", "الموصل", "تعز", "درنه"} & words


def test_same_place_phrases_take_the_previous_place() -> None:
    from marsad.extract.pipeline import extract_record

    text = (
        "حصاد يوم في سوريا\n\n"
        "قتل جنديان من قوات النظام صباح الثلاثاء بانفجار عبوة ناسفة استهدفت سيارتهما في مدينة درعا.\n"
        "وفي المدينة نفسها، اغتال مسلحون مجهولون موظفا حكوميا برصاص أمام منزله.\n"
        "وفي ريف حلب الشمالي، قصفت القوات التركية قرية تل رفعت ما أدى إلى إصابة ثلاثة مدنيين.\n"
        "وفي البلدة ذاتها، اندلعت اشتباكات بين فصائل المعارضة وقوات سوريا الديمقراطية أسفرت عن مقتل مقاتلين.\n"
        "وفي محافظة دير الزور، قتل عنصران من قسد بهجوم لمسلحين على حاجز في بلدة الشحيل.\n"
        "وبنفس المحافظة، انفجرت عبوة ناسفة بسيارة مدنية ما أدى إلى إصابة سائقها."
    )
    events = extract_record({"id": "t", "text": text, "published": "2021-03-10"})["events"]
    kinds = [e["sub_event_type"] for e in events]
    assert kinds == [
        "Remote explosive/landmine/IED",
        "Attack",
        "Shelling/artillery/missile attack",
        "Armed clash",
        "Armed clash",
        "Remote explosive/landmine/IED",
    ]
    places = [
        (e["location"]["name"], e["location"]["admin1"], e["location"]["geo_precision"]) for e in events
    ]
    # "في المدينة نفسها": another incident (not merged into the bombing), at Daraa itself.
    assert places[1] == places[0] and places[1][2] == 1
    # "في البلدة ذاتها": Tall Rifaat, not Syria ("قوات سوريا الديمقراطية" is an actor).
    assert places[3] == places[2]
    # "بنفس المحافظة": only the province of the place before is known.
    assert places[5][1] == places[4][1] == "Deir ez-Zor" and places[5][2] == 3
    assert events[5]["injuries"]["best"] == 1  # "إصابة سائقها"


def test_a_line_locates_its_places() -> None:
    # The town named in the line places a neighbourhood: Ar Rawdah of Al Jawf or Sanaa is
    # a namesake, not the Taiz neighbourhood the gazetteer does not know.
    assert _resolve("الروضة", "أصيب ثلاثة مدنيين بقذيفة هاون على حي الروضة شرقي مدينة تعز.") is None
    taiz = _resolve("تعز", "أصيب ثلاثة مدنيين بقذيفة هاون على حي الروضة شرقي مدينة تعز.")
    assert taiz is not None and taiz.admin1 == "Taizz"
    # A line's header names the province: Az Zahir of Al Bayda, not of Al Jawf.
    zahir = _resolve("الزاهر", "- البيضاء: شنت مقاتلات التحالف غارات على مواقع للحوثيين في مديرية الزاهر.")
    assert zahir is not None and zahir.admin1 == "Al Bayda"
    # "مدينة زنجبار" is also Zanzibar City's Arabic name: the Yemeni town in a Yemeni report.
    town = _resolve(
        "زنجبار", "- أبين: انفجرت عبوة ناسفة بدورية على الطريق الساحلي قرب مدينة زنجبار في اليمن."
    )
    assert town is not None and town.country == "Yemen"
    # Across the boundary of the city named after it.
    jaramana = _resolve("جرمانا", "سقطت قذائف هاون قرب مدرسة في جرمانا شرقي دمشق.")
    assert jaramana is not None and jaramana.name_en == "Jaramana"


def test_a_village_without_a_point_is_coded_to_the_place_whose_point_is_given() -> None:
    # ACLED practice: the record names the place it gives the coordinates of, with a lower
    # precision; the text's own name stays in `mention`.
    from marsad.extract.knowledgebase import knowledge
    from marsad.extract.pipeline import extract_record
    from marsad.text.normalize import normalize_key

    text = (
        "اندلعت اشتباكات عنيفة اليوم الأحد في محيط المشرفة في محافظة حلب بين الجيش السوري "
        "والفصائل المسلحة أسفرت عن مقتل ستة مسلحين."
    )
    (event,) = extract_record({"id": "fallback", "text": text, "published": "2016-10-30"})["events"]
    loc = event["location"]
    assert "المشرفة" in loc["mention"] and loc["admin1"] == "Aleppo"
    named = [
        p
        for p in knowledge().gazetteer.candidates(normalize_key(loc["name_ar"]))
        if p.lat == loc["lat"] and p.lon == loc["lon"]
    ]
    assert named, "the name and the point belong to the same gazetteer place"
    if loc["name_ar"] != "المشرفة":
        assert loc["geo_precision"] >= 2


def test_tripoli_district_abu_salim() -> None:
    # A Tripoli district named like a man's kunya: read as the district after "منطقة"/"في".
    got = _resolve("أبو سليم", "تجددت الاشتباكات المسلحة في منطقة أبو سليم جنوب العاصمة الليبية.")
    assert got is not None and got.country == "Libya" and got.admin1 == "Tripoli"
    assert got.lat is not None and _km(got.lat, got.lon, 32.83333, 13.17389) < 5
    # The bare kunya is a man, not the district.
    assert _resolve("أبو سليم", "قال أبو سليم أحد سكان الحي إن القصف كان عنيفا.") is None


def test_famous_cities_far_from_the_focus_are_not_namesakes() -> None:
    # A report from Iraq that goes on to marches of solidarity in two capitals abroad: a
    # capital far from the report's focus is still that capital, one event each.
    from marsad.extract.pipeline import extract_record

    text = (
        "تظاهر آلاف في مدينة البصرة جنوبي العراق احتجاجا على انقطاع الكهرباء يوم الجمعة. "
        "وخرجت مسيرات تضامنية في باريس وبرلين."
    )
    record = extract_record({"id": "solidarity", "text": text, "published": "2018-07-14"})
    places = [e["location"]["name"] for e in record["events"]]
    assert places == ["Basrah", "Paris", "Berlin"]


def test_a_famous_city_abroad_is_still_a_namesake_when_a_home_place_shares_its_name() -> None:
    # "منطقة العمارة" in a report from Aleppo: a Syrian Amara bears the name, so the Iraqi
    # city of Amarah (300,000 people) is not taken for it.
    from marsad.extract.pipeline import extract_record

    text = (
        "قصف الجيش السوري مواقع المسلحين في ريف حلب الجنوبي يوم الأحد. "
        "وقتل خمسة مسلحين في اشتباكات مع الجيش في منطقة العمارة."
    )
    record = extract_record({"id": "amara", "text": text, "published": "2018-07-14"})
    assert record["events"]
    assert all(e["location"]["country"] == "Syria" for e in record["events"])


def test_a_word_that_is_a_town_name_whole_is_ambiguous() -> None:
    # "بأنه" (normalised "بانه") is Baneh, a town of Iran, written whole; the list builder
    # once counted it only as "انه" behind the clitic ب, so every "وصفه بأنه" was a place.
    from marsad.extract.article import ArticleDoc
    from marsad.extract.pipeline import run_until
    from marsad.text.normalize import normalize

    kb = knowledge()
    assert normalize("بأنه").text in kb.ambiguous_places
    doc = ArticleDoc("قصفت طائرات حربية سوقا في مدينة إدلب يوم الأحد، ووصف ناشطون القصف بأنه مجزرة.")
    run_until(doc, kb, "places")
    assert [p.place.country for p in doc.places if p.place is not None] == ["Syria"]


def test_a_place_after_another_only_situates_it() -> None:
    # "X جنوب Y", "X قرب Y": Y tells where X lies. A province so situated is the event's
    # place, not the city named only as a bearing.
    from marsad.extract.pipeline import extract_record

    cases = [
        ("قتل ثلاثة جنود في هجوم على نقطة تفتيش في محافظة الأنبار غرب بغداد.", "Al Anbar"),
        ("سقطت قذائف على منازل في ولاية ننكرهار شرق كابول مما أدى إلى مقتل طفلين.", "Nangarhar"),
        ("قتل جنديان في اشتباكات مع مسلحين في بلدة القائم قرب الحدود السورية.", "Al Qa'im"),
    ]
    for text, name in cases:
        (event,) = extract_record({"id": "bearing", "text": text, "published": "2018-07-14"})["events"]
        assert event["location"]["name"] == name, text


def test_a_bearing_still_places_a_village_without_a_point_or_a_place_abroad() -> None:
    from marsad.extract.pipeline import extract_record

    # Only the town's point locates a village the gazetteer has no point for.
    text = "تجمع نحو 400 متظاهر قرب صوامع قرية الصرمان شرق معرة النعمان يوم السبت."
    (event,) = extract_record({"id": "bearing", "text": text, "published": "2018-07-14"})["events"]
    assert event["location"]["lat"] is not None
    # A province of another country before a bearing on Nigeria does not situate it.
    text = (
        "قال الجيش النيجيري إن قواته تلاحق مسلحي بوكو حرام في ولاية بورنو. "
        "وقتل 20 قرويا في هجمات على قرى في الحدود الشمالية والشرقية لنيجيريا يوم الأحد."
    )
    events = extract_record({"id": "bearing", "text": text, "published": "2018-07-14"})["events"]
    assert events and all(e["location"]["country"] == "Nigeria" for e in events)


def test_a_place_given_by_its_distance_from_another_keeps_its_own_province() -> None:
    # "X 40 كلم شمال Y": X lies away from Y, so X in another province than Y is no sign
    # that the gazetteer picked a namesake of X.
    from marsad.extract.pipeline import extract_record

    text = "قتل ثلاثة مدنيين في قصف على مدينة حمص 160 كلم شمال دمشق يوم الأحد."
    (event,) = extract_record({"id": "distance", "text": text, "published": "2018-07-14"})["events"]
    assert event["location"]["name"] == "Homs"


def test_two_ports_named_together_are_two_places() -> None:
    # "ميناء X" is near X, yet a place of its own: a list of ports is one event per port,
    # where a bearing ("جنوب X") only tells where another place lies.
    from marsad.extract.pipeline import extract_record

    text = "استعادت القوات الحكومية السيطرة على مطاري بنغازي وطرابلس بعد معارك مع مسلحين يوم الخميس."
    events = extract_record({"id": "ports", "text": text, "published": "2018-07-14"})["events"]
    assert sorted(e["location"]["name"] for e in events) == ["Benghazi", "Tripoli"]


def test_where_people_fled_from_is_not_where_they_were_struck() -> None:
    from marsad.extract.pipeline import extract_record

    text = "قصفت طائرات حربية الأحد مواقع المسلحين الفارين من مدينة سرت في منطقة قريبة من بلدة بني وليد."
    (event,) = extract_record({"id": "origin", "text": text, "published": "2018-07-14"})["events"]
    assert event["location"]["name"] == "Bani Walid"


def test_a_launch_site_is_not_the_place_a_missile_was_stopped() -> None:
    # "من X باتجاه Y": X is where the missile came from.
    from marsad.extract.pipeline import extract_record

    text = "اعترضت الدفاعات الجوية صاروخا باليستيا أطلقه المسلحون من محافظة صعدة باتجاه مدينة نجران مساء الاثنين."
    (event,) = extract_record({"id": "launch", "text": text, "published": "2018-04-23"})["events"]
    assert event["location"]["name"] != "Sa'dah" and event["location"]["country"] == "Saudi Arabia"


def test_a_media_outlet_named_after_a_place_is_no_event_place() -> None:
    # "وكالة أنباء فارس", "صحيفة الرياض": the outlet's name, not where anything happened.
    from marsad.extract.pipeline import extract_record

    text = "قتل ثلاثة جنود في هجوم مسلح على دورية في البلاد أمس، بحسب ما نقلت وكالة أنباء فارس."
    events = extract_record({"id": "outlet", "text": text, "published": "2018-10-01"})["events"]
    assert events and all(e["location"] is None or e["location"]["name"] != "Fars" for e in events)


def test_the_same_base_is_the_town_the_incident_was_placed_at() -> None:
    # "نفس القاعدة" points back to the base of the incident just told: the town named in
    # its telling, not only the country of its first line.
    from marsad.extract.pipeline import extract_record

    text = (
        "هجوم بسيارة ملغومة على قاعدة في أفغانستان\n\n"
        "أصيب خمسة جنود أفغان في تفجير انتحاري لسيارة ملغومة عند قاعدة عسكرية في أفغانستان مساء السبت.\n"
        "وقال ضابط في الجيش إن الهجوم وقع عند قاعدة عسكرية تقع خارج مدينة قندهار مباشرة.\n"
        "وقال: أطلقنا النار على السيارة. انفجرت خارج القاعدة.\n"
        "ووقع الهجوم على نفس القاعدة التي قتل فيها جندي أميركي في هجوم وقع في ساعة متأخرة من مساء الجمعة."
    )
    events = extract_record({"id": "base", "text": text, "published": "2018-06-10"})["events"]
    assert len(events) == 2 and all(e["location"]["name"] == "Kandahar" for e in events)
