"""Attribution: who a report's events are credited to (own invented sentences)."""

from __future__ import annotations

from marsad.extract.pipeline import extract_record


def _sources(text: str) -> list[str | None]:
    rec = extract_record({"id": "attr-test", "text": text, "published": "2023-03-02"})
    return [(e.get("attribution") or {}).get("source") for e in rec["events"]]


def test_what_the_outlet_monitored_credits_the_outlet() -> None:
    text = ("حصاد اليوم\n\nشهدت محافظات عدة تصعيدا أمس. وفيما يلي أبرز ما رصدته الشبكة من مصادر أمنية:\n"
            "- أبين: انفجرت عبوة ناسفة بدورية لقوات الحزام الأمني قرب مدينة زنجبار، ما أسفر عن إصابة ثلاثة جنود.\n")
    sources = _sources(text)
    assert sources and sources[0] is not None and "الشبكة" in sources[0]
