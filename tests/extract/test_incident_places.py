"""A later sentence that says where the incident happened gives the event its place.
Our own sentences."""

from __future__ import annotations

from marsad.extract.pipeline import extract_record


def _places(text: str) -> list[str | None]:
    # A headline first, as in a report: the body's lead is then the incident.
    events = extract_record(
        {"id": "t", "text": "مقتل جنود بهجوم انتحاري\n\n" + text, "published": "2022-05-08"}
    )["events"]
    return [(e["location"] or {}).get("name") for e in events]


def test_the_incident_placed_later_takes_the_town() -> None:
    text = (
        "قتل ثلاثة جنود في تفجير انتحاري استهدف نقطة تفتيش في أفغانستان مساء السبت.\n"
        "وقال مسؤول محلي إن الهجوم وقع عند مدخل مدينة قندهار الشرقي."
    )
    assert _places(text) == ["Kandahar"]


def test_a_town_abroad_or_a_remote_sentence_does_not_move_it() -> None:
    abroad = (
        "قتل ثلاثة جنود في تفجير انتحاري استهدف نقطة تفتيش في أفغانستان مساء السبت.\n"
        "وقال مسؤول في إسلام آباد إن الهجوم وقع بعد أيام من زيارة وفد باكستاني إلى لاهور."
    )
    assert _places(abroad) == ["Afghanistan"]
    far = (
        "قتل ثلاثة جنود في تفجير انتحاري استهدف نقطة تفتيش في أفغانستان مساء السبت.\n"
        "وتبنت حركة طالبان الهجوم في بيان.\n"
        "وقالت الحركة إن مقاتليها يسيطرون على الطريق.\n"
        "وأضافت أن عناصرها منتشرون في المنطقة.\n"
        "وكان مسؤولون قد حذروا من هجمات قرب الحدود.\n"
        "ويذكر أن الهجوم وقع قبل أيام من الانتخابات في مدينة قندهار."
    )
    assert _places(far) == ["Afghanistan"]
