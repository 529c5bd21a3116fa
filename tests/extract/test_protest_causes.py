"""A protest held over a killing, on sentences we wrote ourselves.

The dead a crowd gathers over ("تظاهر المئات بعد مقتل شاب", "احتجاجاً على مقتل", "في
ذكرى مقتل") are the protest's cause: they do not make it excessive force, are not its
toll, and a past date told of them ("الشهر الماضي") does not make the protest background.
A protest held on an anniversary is news, even in the headline."""

from __future__ import annotations

from marsad.extract.pipeline import extract_record


def _events(text: str, published: str = "2018-05-09") -> list[tuple[str, int | None]]:
    events = extract_record({"id": "p", "text": text, "published": published})["events"]
    return [(e["sub_event_type"], (e["fatalities"] or {}).get("best")) for e in events]


def test_the_dead_a_protest_is_held_over_are_not_its_toll() -> None:
    events = _events("تظاهر المئات في مدينة البصرة اليوم الأربعاء بعد مقتل شاب برصاص مجهولين.")
    assert ("Peaceful protest", None) in events
    assert not any(sub == "Excessive force against protesters" for sub, _ in events)


def test_the_killing_and_the_protest_over_it_are_two_events() -> None:
    events = _events("تظاهر المئات في مدينة البصرة اليوم الأربعاء بعد مقتل شاب برصاص مجهولين.")
    assert len(events) == 2 and ("Attack", 1) in events


def test_a_past_date_of_the_cause_leaves_the_protest_news() -> None:
    events = _events("تظاهر آلاف في شوارع الموصل اليوم احتجاجاً على مقتل ثلاثة صيادين في غارة الشهر الماضي.")
    assert events == [("Peaceful protest", None)]


def test_protesters_shot_at_the_protest_are_still_excessive_force() -> None:
    assert _events("قتل ثلاثة متظاهرين برصاص الشرطة خلال احتجاجات في مدينة البصرة اليوم الأربعاء.") == [
        ("Excessive force against protesters", 3)
    ]
    # "بعد" not followed by the dead: the protesters killed are the protest's.
    assert _events(
        "تظاهر المئات في مدينة البصرة اليوم، وقتل اثنان منهم بعد أن أطلقت الشرطة النار عليهم."
    ) == [("Excessive force against protesters", 2)]


def test_a_cause_word_of_another_clause_holds_nothing_over() -> None:
    # "ضد العنصرية، ما أسفر عن مقتل": the comma ends the cause; the death is the event's.
    events = _events(
        "دهس رجل بسيارته تجمعا لمتظاهرين في مدينة البصرة اليوم غضباً من البطالة، ما أسفر عن مقتل امرأة."
    )
    assert any(fatalities == 1 for _, fatalities in events)


def test_a_protest_held_on_an_anniversary_is_news() -> None:
    text = (
        "مظاهرات في شوارع القاهرة في ذكرى مقتل ناشط\n\n"
        "شهدت القاهرة اليوم مظاهرات شارك فيها المئات في ذكرى مرور عام على مقتل ناشط برصاص مجهولين."
    )
    assert _events(text) == [("Peaceful protest", None)]


def test_an_anniversary_headline_without_a_protest_is_no_news() -> None:
    text = (
        "في ذكرى الهجوم على السفارة: الخارجية تتوعد\n\n"
        "أحيت الخارجية اليوم ذكرى الهجوم على السفارة الذي قتل فيه 20 شخصا."
    )
    assert _events(text) == []


def test_the_wounded_joined_to_the_dead_are_held_over_too() -> None:
    events = extract_record(
        {
            "id": "p",
            "text": "تظاهر المئات في مدينة البصرة اليوم الأربعاء بعد مقتل شاب وإصابة ثلاثة آخرين برصاص مجهولين.",
            "published": "2018-05-09",
        }
    )["events"]
    protest = next(e for e in events if e["sub_event_type"] == "Peaceful protest")
    assert protest["injuries"] is None and protest["fatalities"] is None


def test_clashes_a_protest_is_held_over_are_their_own_event() -> None:
    text = (
        "تظاهر المئات في مدينة الموصل أمس بعد مقتل ثلاثة أشخاص وإصابة سبعة في الاشتباكات بين"
        " الشرطة ومسلحين في مدينة تكريت."
    )
    events = extract_record({"id": "p", "text": text, "published": "2018-05-09"})["events"]
    by_type = {e["sub_event_type"]: e for e in events}
    assert set(by_type) == {"Peaceful protest", "Armed clash"}
    clash = by_type["Armed clash"]
    assert (clash["fatalities"]["best"], clash["injuries"]["best"]) == (3, 7)
    assert by_type["Peaceful protest"]["fatalities"] is None


def test_the_place_of_the_killing_is_not_the_protests() -> None:
    text = (
        "مسيرات طلابية في كندا\n\n"
        "خرج آلاف الطلاب اليوم الأربعاء في مسيرات في أنحاء كندا.\n"
        "وجاءت المسيرات الاحتجاجية بعد مقتل 12 شخصا في حادث إطلاق نار في مدرسة بمدينة إدمونتون الشهر الماضي."
    )
    events = extract_record({"id": "p", "text": text, "published": "2018-05-09"})["events"]
    assert [e["location"]["name"] for e in events] == ["Canada"]


def test_the_place_of_what_a_protest_coincided_with_is_not_the_protests() -> None:
    text = (
        "احتجاجات على حدود غزة\n\n"
        "تظاهر آلاف الفلسطينيين، الاثنين، قرب السياج الحدودي شرق قطاع غزة.\n"
        "وقالت وزارة الصحة إن 20 فلسطينيا قتلوا الاثنين في الاحتجاجات، التي تزامنت مع افتتاح "
        "قنصلية جديدة في القدس."
    )
    events = extract_record({"id": "p", "text": text, "published": "2018-05-15"})["events"]
    assert [e["location"]["name"] for e in events] == ["Gaza Strip"]


def test_an_event_told_in_the_coincidence_clause_keeps_its_place() -> None:
    text = "وتزامن مع وصول التعزيزات العسكرية قصف مدفعي عنيف على بلدة تل رفعت بريف حلب الشمالي يوم الأحد."
    events = extract_record({"id": "p", "text": text, "published": "2018-05-15"})["events"]
    assert [e["location"]["name"] for e in events] == ["Tall Refaat"]


def test_a_sit_in_told_with_its_verb_is_a_protest() -> None:
    events = _events("يعتصم العشرات من العمال المفصولين أمام مبنى البرلمان في عمان منذ صباح اليوم الأربعاء.")
    assert events == [("Peaceful protest", None)]
