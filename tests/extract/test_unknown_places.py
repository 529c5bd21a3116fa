"""A village no source knows, named after a settlement noun, is a place of its own; an
attack whose only victims are armed men is a fight; a campaign over "the past days" is
not news. Our own sentences; the village names are made up."""

from __future__ import annotations

from marsad.extract.article import ArticleDoc
from marsad.extract.knowledgebase import knowledge
from marsad.extract.pipeline import extract_record, run_until


def _events(text: str) -> list[dict]:
    return extract_record({"id": "t", "text": text, "published": "2022-05-08"})["events"]


def _unknown(text: str) -> list[tuple[str, str, str | None]]:
    doc = ArticleDoc(text)
    doc.article_id = "t"
    run_until(doc, knowledge(), "places")
    return [
        (doc.ntext[p.name_start : p.name_end], p.place.country, p.place.admin1)
        for p in doc.places
        if p.extra.get("unknown") and p.place is not None
    ]


def test_a_village_no_source_knows_takes_the_province_that_situates_it() -> None:
    found = _unknown("قتل جنديان في اشتباكات مع مسلحين في قرية زرنوكات التابعة لمحافظة إدلب السورية.")
    assert found == [("زرنوكات", "Syria", "Idlib")]


def test_everyday_words_after_a_settlement_noun_are_no_place() -> None:
    text = (
        "قتل جنديان في اشتباكات في منطقة أخرى من محافظة إدلب، وفي منطقة جبلية قرب الحدود، "
        "وفي منطقة للتجارة الحرة، ومن ناحية والاقتصاد في سوريا."
    )
    assert _unknown(text) == []


def test_fighting_in_an_unknown_village_is_its_own_event() -> None:
    text = (
        "اشتباكات في حمص\n\n"
        "قتل ثلاثة جنود سوريين في اشتباكات مع مسلحين في مدينة حمص صباح الأحد.\n"
        "وقتل أربعة مسلحين وجندي في تبادل لإطلاق النار في قرية زرنوكات التابعة لمحافظة حمص."
    )
    events = _events(text)
    assert len(events) == 2
    village = events[1]
    assert village["event_type"] == "Battles"
    assert village["location"]["mention"].endswith("زرنوكات")
    assert village["location"]["admin1"] == "Homs"
    assert village["location"]["geo_precision"] >= 2  # coded at a point near it, less precisely
    assert village["fatalities"]["best"] == 5


def test_gunfire_that_kills_only_armed_men_is_a_fight() -> None:
    soldiers = _events("قتل ثلاثة جنود برصاص مسلحين مجهولين في مدينة كركوك العراقية يوم الأحد.")
    assert [e["sub_event_type"] for e in soldiers] == ["Armed clash"]
    civilians = _events("قتل ثلاثة مدنيين برصاص مسلحين مجهولين في مدينة كركوك العراقية يوم الأحد.")
    assert [e["sub_event_type"] for e in civilians] == ["Attack"]


def test_a_campaign_over_the_past_days_is_not_news() -> None:
    text = "وكانت الطائرات قد شنت خلال الأيام الماضية غارات على مواقع المسلحين في بلدة مارع بريف حلب."
    assert _events(text) == []


def test_a_place_written_as_a_hashtag_is_found() -> None:
    events = _events("قتل شاب فلسطيني برصاص قوات الاحتلال الإسرائيلي شرق #خان_يونس يوم الجمعة.")
    assert [e["location"]["name"] for e in events] == ["Khān Yūnis"]


def test_a_verb_in_many_articles_after_a_settlement_noun_is_no_place() -> None:
    assert _unknown("أعلن الجيش استعادة مدينة سيطر عليها المتمردون في شمال سوريا.") == []
    assert _unknown("قتل جنديان في بلدة تبعد خمسين كيلومترا عن العاصمة السورية.") == []
    assert _unknown("وكان الشرطي جالسا أمام مقهى في مدينة زرنوكات في جنوب شرق تركيا.") == [
        ("زرنوكات", "Turkey", None)
    ]


def test_on_the_other_hand_opens_another_incident() -> None:
    text = (
        "مقتل شرطيين في تركيا\n\n"
        "قتل شرطيان أمس في هجوم مسلح على دورية في مدينة ديار بكر بجنوب شرق تركيا.\n"
        "ومن جهة ثانية، قتل مسلح في هجوم على مركز للشرطة في مدينة جزرة."
    )
    assert len(_events(text)) == 2


def test_a_name_between_in_and_a_bearing_from_a_country_is_a_place_of_that_country() -> None:
    # GeoNames gives Maroua and Gombe only in Latin; the bearing from the country places them.
    found = {
        name: country for name, country, _ in _unknown("قتل 11 شخصا في هجوم في زرنوكات بشمال الكاميرون.")
    }
    assert found == {"زرنوكات": "Cameroon"}
    events = _events("قتل 11 شخصا في تفجير انتحاري مزدوج في مروة بشمال الكاميرون مساء الأربعاء.")
    assert [e["location"]["name"] for e in events] == ["Maroua"]


def test_where_people_fled_to_is_not_the_events_place() -> None:
    text = (
        "هجوم في بورنو\n\n"
        "قتل 12 شخصا في هجوم لمسلحين على قرية في ولاية بورنو شمال شرق نيجيريا أمس.\n"
        "وقال أحد سكان القرية الذين لجأوا إلى مدينة مايدوغوري إن «الإرهابيين هاجموا القرية حوالى الساعة "
        "الخامسة وقتلوا 12 شخصا»."
    )
    assert [e["location"]["name"] for e in _events(text)] == ["Borno"]
