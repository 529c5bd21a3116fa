"""Round-ups: one line or paragraph per incident, a date and a source given once, places
and days referred back to ("في اليوم ذاته"), a toll phrase per line. Our own sentences."""

from __future__ import annotations

from typing import Any

from marsad.extract.pipeline import extract_record


def _events(text: str, published: str = "2021-03-18") -> list[dict[str, Any]]:
    return extract_record({"id": "t", "text": text, "published": published})["events"]


def _best(ev: dict[str, Any], key: str) -> int | None:
    return ev[key]["best"] if ev[key] else None


LINES = (
    "حصاد اليوم: قتلى في تعز والضالع\n\n"
    "شهدت عدة محافظات يمنية، أمس الأربعاء، سلسلة من الحوادث الأمنية بحسب مصادر محلية:\n"
    "- تعز: أصيب ثلاثة مدنيين، بينهم طفلة، بقذيفة هاون على حي الروضة شرقي مدينة تعز.\n"
    "- الضالع: اندلعت اشتباكات بين القوات الجنوبية ومسلحي الحوثي شمال مدينة قعطبة، أسفرت عن مقتل جنديين من القوات الجنوبية وأربعة من الحوثيين.\n"
    "- شبوة: اغتال مسلحون مجهولون إمام مسجد أمام منزله في مدينة عتق، ولاذوا بالفرار.\n"
    "- الجوف: أسقطت الدفاعات الجوية طائرة مسيّرة مفخخة باتجاه مدينة الحزم، دون وقوع إصابات."
)


def test_lead_dates_every_line_and_opens_nothing() -> None:
    events = _events(LINES)
    assert [e["sub_event_type"] for e in events] == [
        "Shelling/artillery/missile attack",
        "Armed clash",
        "Attack",
        "Disrupted weapons use",
    ]
    assert {e["date"] for e in events} == {"2021-03-17"}  # "أمس الأربعاء", said once
    assert all(e["attribution"] and e["attribution"]["source"] == "مصادر محلية" for e in events)


def test_a_toll_phrase_per_line() -> None:
    taiz, dhale, ataq, jawf = _events(LINES)
    assert (_best(taiz, "injuries"), _best(taiz, "fatalities")) == (3, None)
    assert _best(dhale, "fatalities") == 6  # both sides: 2 + 4
    assert _best(ataq, "fatalities") == 1
    assert (_best(jawf, "fatalities"), _best(jawf, "injuries")) == (0, 0)  # "دون وقوع إصابات"
    assert taiz["location"]["admin1"] == "Taizz"  # not an Ar Rawdah of another province


def test_subset_ends_at_a_new_casualty_word() -> None:
    (ev,) = _events("قُتل ثلاثة مدنيين، بينهم امرأة، وأصيب سبعة آخرون بقصف على مدينة درعا، الأحد.")
    assert (_best(ev, "fatalities"), _best(ev, "injuries")) == (3, 7)
    (ev,) = _events("قُتل مدنيان وأصيب ثالث بانفجار لغم في مدينة درعا.")
    assert (_best(ev, "fatalities"), _best(ev, "injuries")) == (2, 1)


def test_same_day_phrase_takes_the_day_before() -> None:
    text = (
        "اعتقلت قوات الأمن، فجر الاثنين، خمسة مطلوبين في قضاء الطارمية شمالي بغداد. "
        "وفي القضاء نفسه، انفجرت عبوة ناسفة بدورية للجيش العراقي في اليوم ذاته، من دون أن تسفر عن إصابات."
    )
    arrests, bomb = _events(text, "2022-05-10")
    assert (
        arrests["sub_event_type"] == "Arrests" and bomb["sub_event_type"] == "Remote explosive/landmine/IED"
    )
    assert arrests["date"] == bomb["date"] == "2022-05-09"
    assert bomb["location"]["name"] == arrests["location"]["name"] and bomb["location"]["geo_precision"] == 2


def test_unreported_casualties_leave_the_wounded_unknown() -> None:
    (ev,) = _events("سقط صاروخ على مدينة سديروت، ولم ترد معلومات عن إصابات.")
    assert (_best(ev, "fatalities"), ev["injuries"]) == (0, None)


def test_aircraft_make_a_plain_bombardment_an_air_strike() -> None:
    (ev,) = _events(
        "أعلن الجيش أن طائرات عراقية قصفت، الأحد، مضافة لداعش جنوب غرب الحويجة، ما أسفر عن مقتل سبعة إرهابيين."
    )
    assert ev["sub_event_type"] == "Air/drone strike"
    # Artillery stays shelling even with aircraft in the sentence.
    (ev,) = _events(
        "قصفت قوات النظام بالمدفعية الثقيلة مدينة معرة النعمان وسط تحليق للطائرات، ما أدى إلى مقتل مدنيين اثنين."
    )
    assert ev["sub_event_type"] == "Shelling/artillery/missile attack"


def test_survived_attempt_kills_no_one() -> None:
    (ev,) = _events("نجا قائد عسكري من محاولة اغتيال بعبوة ناسفة زرعت على طريق سيارته في مدينة لحج.")
    assert _best(ev, "fatalities") == 0 and ev["injuries"] is None


def test_places_of_one_list_are_one_event_each_with_the_toll_split() -> None:
    # Our own sentence: three towns of one country joined by "و", one joint toll.
    events = _events("قتل تسعة أشخاص في هجمات متزامنة على مدن إربد وجرش والزرقاء الأردنية أمس.")
    assert [e["location"]["name"] for e in events] == ["Irbid", "Jarash", "Zarqa"]
    assert {e["fatalities"]["best"] for e in events} == {3}  # 9 split evenly
    assert {e["fatalities"]["max"] for e in events} == {9}
    assert len({e["event_id"] for e in events}) == 3


def test_a_place_located_by_another_is_not_a_list() -> None:
    # "X جنوبي Y", "X قرب Y": Y only locates X.
    for text in (
        "قتل خمسة مدنيين بقصف مدفعي على بلدة تلبيسة شمالي مدينة حمص.",
        "قتل خمسة مدنيين بقصف مدفعي على بلدة تلبيسة قرب مدينة حمص.",
    ):
        (ev,) = _events(text)
        assert ev["fatalities"]["best"] == 5


def test_provinces_and_cities_abroad_of_one_list_are_events_too() -> None:
    # Our own sentences: two provinces named by a dual, and cities of several countries.
    events = _events("وفي هجومين منفصلين بمحافظتي إدلب وحماة قتل مسلحون أربعة جنود.")
    assert sorted(e["location"]["admin1"] for e in events) == ["Hama", "Idlib"]
    assert [e["fatalities"]["best"] for e in events] == [2, 2]
    events = _events("وخرجت تظاهرات تضامنية في باريس وبرلين ومدريد أمس السبت.")
    assert sorted(e["location"]["country"] for e in events) == ["France", "Germany", "Spain"]


def test_a_place_inside_another_is_not_a_list() -> None:
    # "حي X بمدينة Y": the quarter is in the city, one event.
    (ev,) = _events("اغتال مسلحون مجهولون ضابطا في حي المنصورة بمدينة عدن مساء الأحد.")
    assert ev["sub_event_type"] == "Attack"


def test_another_incident_is_told_apart() -> None:
    events = _events(
        "هاجم مسلحون قرية قرب مدينة مايدوغوري وقتلوا أربعة مزارعين. "
        "وفي هجوم آخر، فجرت انتحارية نفسها في سوق ما أسفر عن مقتل شخصين."
    )
    assert len(events) == 2


def test_a_sentence_going_on_with_the_incident_is_that_incident() -> None:
    # Our own report: stones thrown right after the shooting at one protest are one event.
    events = _events(
        "أطلقت قوات الأمن الرصاص الحي على متظاهرين قرب مبنى المحافظة في مدينة الناصرية "
        "مساء الأربعاء، ما أدى إلى إصابة خمسة أشخاص. ورشق المحتجون قوات الأمن بالحجارة."
    )
    assert len(events) == 1


def test_a_list_lends_its_first_members_place_slot_to_the_others() -> None:
    # Our own sentence: district names that need a place slot ("في X") stand after "و" in a
    # list; the first member's slot is the list's, one event each.
    events = _events("وقصفت مقاتلات التحالف العربي الأحد مواقع للحوثيين في حيدان وسحار ورازح.")
    assert len(events) == 3
    assert len({e["location"]["mention"] for e in events}) == 3


def test_a_name_after_a_place_outside_a_place_slot_is_no_list() -> None:
    # "مفتي القدس والديار …": the first name is not in a place slot, so neither is the next.
    events = _events("وقال مفتي القدس والديار المقدسة إن قوات الاحتلال اقتحمت باحات المسجد.")
    assert all(e["location"]["country"] != "Iraq" for e in events if e["location"])


def test_the_province_after_a_district_only_situates_it() -> None:
    # Our own sentences: "X في/بمحافظة Y" puts the event at X, not at Y's seat.
    (ev,) = _events("وشنت قوات التحالف قصفا مدفعيا على مواقع الحوثيين في مديرية غمر في صعدة.")
    assert ev["location"]["admin2"] == "Ghamer"
    (ev,) = _events("قتل ثلاثة مدنيين بقصف على بلدة كفرنبل في إدلب أمس.")
    assert ev["location"]["name"] != "Idlib"


def test_a_list_of_towns_each_with_its_distance_gives_one_event_each() -> None:
    # "X 40 كلم شمال Y" only tells where X lies: the list goes on after it, and Y is none
    # of the list's places.
    events = _events(
        "وشهدت مدن الحلة 100 كلم جنوب بغداد والكوت 180 كلم جنوب شرق بغداد والعمارة احتجاجات شارك"
        " فيها المئات أمس الأربعاء."
    )
    assert sorted(e["location"]["name"] for e in events) == ["Al Kūt", "Al Ḩillah", "Al ‘Amārah"]


def test_a_number_glued_to_a_place_name_ends_the_name() -> None:
    # "وحماة50 كلم": a missing space, not a longer word.
    events = _events(
        "وشهدت مدن الحلة والكوت180 كلم جنوب شرق بغداد والعمارة احتجاجات شارك فيها المئات أمس الأربعاء."
    )
    assert sorted(e["location"]["name"] for e in events) == ["Al Kūt", "Al Ḩillah", "Al ‘Amārah"]


def test_a_list_goes_on_through_names_the_gazetteer_does_not_know() -> None:
    # "زرنوكات" is made up: the known towns on either side of it are still one list.
    events = _events(
        "وشهدت مناطق عدة في محافظة خوزستان، بما في ذلك عبادان وزرنوكات وحميدية، "
        "مساء الجمعة، تظاهرات ضد الحكومة."
    )
    assert sorted(e["location"]["name"] for e in events) == ["Abadan", "Ḥamīdiyeh"]


def test_a_bearing_from_a_city_after_provinces_only_situates_them() -> None:
    events = _events("وخرج المئات في تظاهرتين صباح الاثنين في محافظتي بابل وكربلاء في جنوب بغداد.")
    names = sorted(e["location"]["name"] for e in events)
    assert "Baghdad" not in names and len(names) == 2


def test_the_pieces_of_a_headline_cut_at_its_dots_are_the_headline() -> None:
    text = (
        "اشتباكات في درعا.. وقصف على حماة\n\n"
        "اندلعت اشتباكات عنيفة بين الجيش ومسلحي المعارضة في مدينة درعا صباح الأحد، "
        "وأسفرت عن مقتل ثلاثة مسلحين."
    )
    assert [e["sub_event_type"] for e in _events(text)] == ["Armed clash"]


def test_meanwhile_opens_another_incident() -> None:
    text = (
        "اشتباكات في ريف حماة\n\n"
        "قتل ثلاثة جنود في اشتباكات مع مسلحين قرب بلدة اللطامنة بريف حماة الشمالي الأحد.\n"
        "في غضون ذلك، قصفت قوات الجيش بالمدفعية مواقع المسلحين قرب بلدة اللطامنة."
    )
    assert sorted(e["event_type"] for e in _events(text)) == ["Battles", "Explosions/Remote violence"]
