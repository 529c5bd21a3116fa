"""Attribution: who a report's events are credited to (own invented sentences)."""

from __future__ import annotations

from marsad.extract.pipeline import extract_record


def _sources(text: str) -> list[str | None]:
    rec = extract_record({"id": "attr-test", "text": text, "published": "2023-03-02"})
    return [(e.get("attribution") or {}).get("source") for e in rec["events"]]


def test_what_the_outlet_monitored_credits_the_outlet() -> None:
    text = (
        "حصاد اليوم\n\nشهدت محافظات عدة تصعيدا أمس. وفيما يلي أبرز ما رصدته الشبكة من مصادر أمنية:\n"
        "- أبين: انفجرت عبوة ناسفة بدورية لقوات الحزام الأمني قرب مدينة زنجبار، ما أسفر عن إصابة ثلاثة جنود.\n"
    )
    sources = _sources(text)
    assert sources and sources[0] is not None and "الشبكة" in sources[0]


def test_spokesman_of_him_names_the_office_named_before() -> None:
    # "باسمه" points back to the governor whose office was hit, in the text's own words.
    text = (
        "أصيب خمسة حراس السبت في هجوم بقذائف صاروخية على مقر محافظ ولاية كانو "
        "في مدينة كانو، وفق المتحدث باسمه."
    )
    assert _sources(text)[:1] == ["المتحدث باسم محافظ ولاية كانو"]


def test_office_title_cut_at_its_place_is_completed_in_the_texts_words() -> None:
    # The place after the title is read as a place name; the office keeps it, admin word
    # and all: the source is quoted, never rewritten.
    with_word = _sources(
        "أصيب خمسة حراس السبت في هجوم بقذائف صاروخية في مدينة كانو، بحسب المتحدث باسم محافظ ولاية كانو."
    )
    without_word = _sources(
        "أصيب خمسة حراس السبت في هجوم بقذائف صاروخية في مدينة كانو، بحسب المتحدث باسم محافظ كانو."
    )
    assert with_word[:1] == ["المتحدث باسم محافظ ولاية كانو"]
    assert without_word[:1] == ["المتحدث باسم محافظ كانو"]


def test_spokesman_of_her_names_the_body_named_before() -> None:
    text = (
        "أصدرت قيادة شرطة ولاية كانو بيانا صباح الأحد. وقال المتحدث باسمها إن مسلحين هاجموا "
        "قرية قرب مدينة كانو وقتلوا مزارعين اثنين."
    )
    assert _sources(text) == ["المتحدث باسم قيادة شرطة ولاية كانو"]


def test_he_added_keeps_the_speaker_of_the_sentence_before() -> None:
    text = (
        "قال مسؤول محلي إن اشتباكات اندلعت بين قوات الجيش ومسلحين في بلدة دوما. "
        "وقال قائد الشرطة في المدينة إن مسلحين مجهولين اغتالوا موظفا حكوميا في بلدة كفربطنا. "
        "وأضاف أن عبوة ناسفة انفجرت بدورية للشرطة في بلدة زملكا ما أدى إلى إصابة شرطيين."
    )
    assert _sources(text) == ["مسؤول محلي", "قائد الشرطة", "قائد الشرطة"]


def test_the_source_went_on_is_the_source_named_before() -> None:
    text = (
        "قال مسؤول محلي إن اشتباكات اندلعت بين قوات الجيش ومسلحين في بلدة دوما. "
        "وقال مصدر أمني في المدينة إن مسلحين مجهولين اغتالوا موظفا حكوميا في بلدة كفربطنا. "
        "وتابع المصدر أن عبوة ناسفة انفجرت بدورية للشرطة في بلدة زملكا ما أدى إلى إصابة شرطيين."
    )
    assert _sources(text)[-1] == "مصدر أمني"


def test_affiliated_is_no_speech_verb() -> None:
    # "التابع" (affiliated) must not read as "تابع" (he went on).
    text = (
        "قال مسؤول محلي إن اشتباكات اندلعت بين قوات الجيش ومسلحين في بلدة دوما، "
        "وفق مركز الإعلام التابع للمعارضة."
    )
    assert _sources(text)[:1] == ["مسؤول محلي"]


def test_the_verb_after_hasbama_is_not_part_of_the_source() -> None:
    text = (
        "قتل أربعة عشر شرطيا بهجوم لمتمردين على نقطة تفتيش في شمال البلاد، حسبما أعلن مسؤولون مساء الاثنين."
    )
    assert _sources(text) == ["مسؤولون"]


def test_the_body_that_issued_a_statement_is_the_source() -> None:
    lam = _sources(
        "قتل ثلاثة من عناصر الحشد الشعبي فجر الجمعة في هجوم على نقطة قرب ناحية جلولاء، بحسب بيان لهيئة الحشد."
    )
    issued = _sources(
        "قتل ثلاثة من عناصر الحشد الشعبي فجر الجمعة في هجوم على نقطة قرب ناحية جلولاء، "
        "وفق بيان صادر عن قيادة العمليات المشتركة."
    )
    assert lam == ["هيئة الحشد"] and issued == ["قيادة العمليات المشتركة"]


def test_a_time_word_right_after_the_verb_is_no_source() -> None:
    # "أعلن مساء السبت": the speaker stood before the verb.
    text = (
        "قتل جنديان في هجوم على ثكنة قرب الحدود شمال بوركينا فاسو. "
        "وكان جيش بوركينا فاسو قد أعلن صباح الاثنين أنه أحبط هجوما على إحدى ثكناته."
    )
    assert "صباح" not in (_sources(text)[0] or "")
    assert _sources(text)[0] == "جيش بوركينا فاسو"


def test_a_source_named_later_about_the_incident_is_its_source() -> None:
    # "حسبما قالت تقارير" names no one; the spokesman two sentences on does.
    text = (
        "هاجم مسلحون مبنى البلدية في مدينة جلال آباد، وقتل في الهجوم شرطيان على الأقل.\n"
        "ولا يزال عدد من الموظفين عالقين داخل المبنى، حسبما أفادت تقارير.\n"
        "وبدأ الهجوم قرابة الساعة التاسعة صباحا، حسبما قال نور أحمد سلطاني المتحدث باسم الشرطة.\n"
    )
    assert _sources(text) == ["نور أحمد سلطاني المتحدث باسم الشرطة"]


def test_a_bare_source_is_named_by_the_body_it_belongs_to() -> None:
    text = (
        "قتل شاب برصاص مجهولين قرب سوق شعبي في البصرة، وقال مصدر في دائرة صحة البصرة "
        "إن المستشفى استقبل جثة الشاب."
    )
    assert _sources(text) == ["مصدر في دائرة صحة البصرة"]


def test_the_outlet_told_is_not_part_of_the_body() -> None:
    text = "قتل شرطيان في هجوم على مركز للشرطة شرق البلاد، وفق ما قال مسؤول في الشرطة الكينية لوكالة رويترز."
    assert _sources(text) == ["مسؤول في الشرطة الكينية"]


def test_the_verbs_object_pronoun_is_not_the_source() -> None:
    text = "قتل ثلاثة مدنيين في غارة جوية على بلدة كفرنبل، وفق ما أفاد به الدفاع المدني السوري."
    assert _sources(text) == ["الدفاع المدني السوري"]


def test_a_source_that_deems_likely_is_a_hedged_source() -> None:
    text = "ورجحت مصادر محلية أن يكون قائد ميداني قد قتل في غارة جوية استهدفت اجتماعا في مدينة الحديدة أمس."
    rec = extract_record({"id": "attr-hedge", "text": text, "published": "2023-03-02"})
    attrs = [e.get("attribution") or {} for e in rec["events"]]
    assert attrs and attrs[0].get("source") == "مصادر محلية" and attrs[0].get("hedged") is True


def test_the_outlet_told_after_la_is_not_part_of_the_source() -> None:
    # "لـ" is written with a tatweel that normalisation drops: the stop word must be "ل".
    for told in ('لـ"رويترز"', "لـ رويترز", 'لـ "رويترز"'):
        text = f"قال مصدر طبي {told} إن ثلاثة مدنيين قتلوا في قصف على بلدة سراقب."
        assert _sources(text) == ["مصدر طبي"], told
