"""General rules for event recall, counts and sources, on sentences we wrote ourselves.

Each test states one linguistic rule: numbers glued to the conjunction, killing and wounding
idioms, tolls in sentences without a trigger, one day per event, riots need a crowd, the
source of a report (anaphoric "المصدر", "وفقا لما أعلنته", claims of responsibility), and
wording that reports no new event (questions, accusations, standing control)."""

from __future__ import annotations

from marsad.extract.knowledgebase import knowledge
from marsad.extract.pipeline import extract_record


def _events(text: str, published: str = "2018-05-09") -> list[dict]:
    return extract_record({"id": "r", "text": text, "published": published})["events"]


def _first(text: str, published: str = "2018-05-09") -> dict:
    events = _events(text, published)
    assert events, text
    return events[0]


def _best(ev: dict, key: str) -> int | None:
    return ev[key]["best"] if ev[key] else None


# -- casualty counts ---------------------------------------------------------------------------


def test_number_glued_to_the_conjunction() -> None:
    ev = _first("أسفر القصف المدفعي على بلدة كفرنبل عن سقوط 9 قتلى و23 جريحا.")
    assert (_best(ev, "fatalities"), _best(ev, "injuries")) == (9, 23)


def test_vague_number_glued_to_the_conjunction() -> None:
    ev = _first("خلف تفجير سيارة مفخخة في مدينة الصدر 4 قتلى وعشرات الجرحى.")
    assert (_best(ev, "fatalities"), _best(ev, "injuries")) == (4, 12)


def test_killing_idioms() -> None:
    assert _best(_first("انفجار عبوة ناسفة في مدينة الصدر أودى بحياة 6 أشخاص."), "fatalities") == 6
    assert _best(_first("قصف جوي على مدينة دوما حصد أرواح 17 مدنيا."), "fatalities") == 17
    assert _best(_first("أعلن الجيش تحييد 12 إرهابيا في اشتباكات قرب الشيخ زويد."), "fatalities") == 12


def test_active_wounding_verb_needs_its_number_next_to_it() -> None:
    ev = _first("انفجرت عبوة ناسفة في مدينة الصدر فقتلت ثلاثة أشخاص وأصابت خمسة آخرين.")
    assert (_best(ev, "fatalities"), _best(ev, "injuries")) == (3, 5)
    # "أصاب" is also "hit": a town's name after it is no count ("الخمس" is also "the five").
    ev = _first("أطلق صاروخان من محيط مدينة مصراتة فأصاب أحدهما مدينة الخمس، ولم ترد معلومات عن إصابات.")
    assert ev["injuries"] is None


def test_taliban_are_not_students() -> None:
    matches = knowledge().lexicon.scan("قتل عشرة من عناصر طالبان")
    assert [
        m.entry.get("group") for m in matches if m.lexicon == "person_nouns" and "طالب" in m.entry.pattern
    ] == ["militant"]


# -- tolls in sentences without a trigger ------------------------------------------------------


def test_toll_after_fragments_completes_the_event() -> None:
    text = (
        "قتيل في انفجار عبوة ناسفة في العريش\n\n"
        'انفجرت عبوة ناسفة صباح اليوم في مدينة العريش لدى مرور دورية للشرطة.\n.\n"\n.\n'
        "وأضاف البيان أن ذلك أسفر عن مقتل شرطي وإصابة أربعة آخرين."
    )
    ev = _first(text)
    assert (_best(ev, "fatalities"), _best(ev, "injuries")) == (1, 4)


def test_late_toll_of_a_single_event_report() -> None:
    text = (
        "قتلى في تفجير انتحاري في بلدة الخالص\n\n"
        "فجر مهاجم حزامه الناسف قرب مطعم شعبي في بلدة الخالص مساء اليوم.\n"
        "وقال شهود إن المهاجم وصل سيرا على الأقدام.\n"
        "وطوقت قوات الشرطة الشارع المؤدي إلى المطعم.\n"
        "ونقلت سيارات الإسعاف المصابين من المكان.\n"
        "وفي وقت لاحق، أعلنت دائرة الصحة في المحافظة أن هناك 7 قتلى و15 جريحا."
    )
    ev = _first(text)
    assert (_best(ev, "fatalities"), _best(ev, "injuries")) == (7, 15)


def test_lead_toll_just_before_the_event_sentence() -> None:
    text = (
        "جرحى في تفجير وسط الموصل\n\n"
        "أفادت مصادر طبية بإصابة ستة مدنيين بجروح مساء اليوم.\n"
        "ووقع التفجير قرب سوق شعبي في مدينة الموصل."
    )
    ev = _first(text)
    assert _best(ev, "injuries") == 6


# -- one day, one event ------------------------------------------------------------------------


def test_same_place_other_day_is_another_event() -> None:
    text = (
        "قصف متجدد على كفرنبل\n\n"
        "قصفت المدفعية بلدة كفرنبل يوم الثلاثاء بعشرات القذائف.\n"
        "وعاودت المدفعية قصف بلدة كفرنبل يوم الأربعاء بالصواريخ."
    )
    assert len(_events(text)) == 2


def test_the_day_of_a_statement_does_not_split_the_event() -> None:
    text = (
        "أعلن مصدر أمني الأحد مقتل خمسة جنود في هجوم مسلح على حاجز في مدينة العريش مساء الخميس.\n"
        "وقال المصدر إن المسلحين هاجموا الحاجز بالأسلحة الرشاشة مساء الخميس."
    )
    events = _events(text, "2018-05-13")
    assert len(events) == 1
    assert events[0]["date"] == "2018-05-10"


def test_suicide_assault_with_gunfire_is_one_suicide_bomb() -> None:
    ev = _events(
        "اقتحم انتحاريان مقر مديرية الأمن في مدينة العريش وفجرا نفسيهما، "
        "وتبادلت قوات الأمن إطلاق النار مع المهاجمين."
    )
    assert [e["sub_event_type"] for e in ev] == ["Suicide bomb"]


# -- typing ------------------------------------------------------------------------------------


def test_burning_is_a_riot_only_with_a_crowd() -> None:
    ev = _first("هاجم مسلحون قرية قرب مدينة مايدوغوري وقتلوا 9 مزارعين ثم أضرموا النار في المنازل.")
    assert ev["event_type"] != "Riots"
    ev = _first("أضرم متظاهرون غاضبون النار في مبنى البلدية في مدينة البصرة.")
    assert ev["sub_event_type"] == "Violent demonstration"


def test_opening_fire_with_the_verb_inflected() -> None:
    ev = _first("فتحوا النار على المصلين أمام مسجد في مدينة الموصل فقتلوا 4 أشخاص.")
    assert ev["sub_event_type"] == "Attack"


def test_counted_arrests_are_coded() -> None:
    ev = _first("اعتقلت قوات الأمن العراقية سبعة أشخاص يشتبه بانتمائهم لتنظيم داعش في مدينة الموصل.")
    assert ev["sub_event_type"] == "Arrests"


def test_standing_control_is_no_takeover() -> None:
    events = _events("قتل قيادي في غارة جوية على مدينة صعدة الخاضعة لسيطرة الحوثيين.")
    assert all(e["event_type"] != "Battles" for e in events)


# -- no new event ------------------------------------------------------------------------------


def test_question_reports_nothing() -> None:
    assert _events("هل تتجدد الاشتباكات في مدينة عدن بعد انسحاب القوات؟") == []


def test_sentence_opening_with_an_accusation() -> None:
    assert (
        _events("اتهمت لجنة أممية حركة الشباب في الصومال بارتكاب جرائم، من بينها خطف رهائن وتجنيد أطفال.")
        == []
    )


def test_recalled_day_is_past() -> None:
    text = (
        "تظاهر المئات في مدينة البصرة اليوم للمطالبة بالخدمات.\n"
        "ويومها، أطلق مسلحون النار على المحتجين في المدينة نفسها."
    )
    assert all(e["sub_event_type"] == "Peaceful protest" for e in _events(text))


# -- sources -----------------------------------------------------------------------------------


def _source(text: str) -> str | None:
    attr = _first(text)["attribution"]
    return attr["source"] if attr else None


def test_anaphoric_source_takes_the_named_one() -> None:
    text = (
        # The event is told only by the second sentence, whose speaker is "المصدر ذاته".
        "قال مصدر أمني يمني إن التوتر يسود المحافظة منذ أيام.\n"
        "وذكر المصدر ذاته أن طائرات مسيرة قصفت مواقع في مدينة البيضاء، ما أسفر عن مقتل 9 مسلحين."
    )
    ev = _first(text)
    assert ev["attribution"]["source"] == "مصدر أمني يمني"


def test_source_after_a_relative_clause() -> None:
    src = _source("قتل مدنيان في قصف مدفعي على بلدة التمانعة، وفقا لما أعلنته مديرية الدفاع المدني المحلية.")
    assert src == "مديرية الدفاع المدني المحلية"


def test_news_agency_name_is_whole() -> None:
    src = _source("قالت وكالة الأنباء العراقية إن 3 مزارعين قتلوا في هجوم على قرية قرب مدينة كركوك.")
    assert src == "وكالة الأنباء العراقية"


def test_claim_of_responsibility_is_no_source() -> None:
    text = (
        "قتل 4 شرطيين في تفجير انتحاري قرب مدينة رفح، وأعلنت جماعة متشددة مسؤوليتها عن التفجير، "
        "بحسب مصادر طبية."
    )
    assert _source(text) == "مصادر طبية"


def test_quotation_after_the_verb_is_no_source() -> None:
    text = (
        "قتل 5 أشخاص في تفجير انتحاري في مدينة الموصل، بحسب مصادر أمنية.\n"
        'وقال: "كان الموكب يمر قرب السوق عندما فجر الانتحاري نفسه".'
    )
    assert _source(text) == "مصادر أمنية"


def test_verb_with_object_pronoun_names_no_source() -> None:
    text = "قتل 4 مدنيين في قصف على مدينة دوما، وحض الوزير في بيان أصدره كل الأطراف على ضبط النفس."
    assert _source(text) != "كل الأطراف"


def test_bare_death_word_does_not_attest_violence() -> None:
    # "توفي" with no number is often a natural death: a weak trigger stays unused.
    assert _events("توفي الشاعر في مدينة الموصل بعد أن شارك في مسيرة ثقافية.") == []


def test_material_damage_only_is_no_casualty() -> None:
    ev = _first("انفجرت عبوة ناسفة قرب مدرسة في مدينة الصدر وأسفر التفجير عن أضرار مادية فقط.")
    assert ev["fatalities"] == {"min": 0, "max": 0, "best": 0}


def test_aircraft_with_the_article_make_an_air_strike() -> None:
    ev = _first("قصفت الطائرات الحربية الروسية بلدة كفرنبل فقتلت 7 مدنيين.")
    assert ev["sub_event_type"] == "Air/drone strike"


def test_killed_by_fire_needs_a_toll() -> None:
    assert _events("تقدمت القوات بنيران كثيفة نحو بلدة كفرنبل.") == []
    ev = _first("لقي عدد من المسلحين مصرعهم بنيران الجيش في بلدة كفرنبل.")
    assert ev["event_type"] == "Battles"


# -- word order: verb, subject, object -------------------------------------------------------


def test_gunfire_with_the_subject_between_verb_and_object() -> None:
    # "أطلق مسلحون النار": the phrase "أطلق النار" with its subject inside it.
    ev = _first("أطلق مسلحون النار على حافلة ركاب قرب مدينة الفلوجة صباح اليوم وقتلوا سائقها.")
    assert ev["event_type"] == "Violence against civilians"
    assert _best(ev, "fatalities") == 1


def test_an_interception_with_the_subject_between_verb_and_missile() -> None:
    (ev,) = _events("اعترضت الدفاعات الجوية صاروخاً أطلق باتجاه مدينة نجران مساء الأحد، دون إصابات.")
    assert ev["sub_event_type"] == "Disrupted weapons use"
    # a launch that nobody stopped is the shelling
    (ev,) = _events("أطلق الحوثيون صاروخاً باتجاه مدينة نجران مساء الأحد، دون إصابات.")
    assert ev["event_type"] == "Explosions/Remote violence"


def test_a_war_toll_estimate_is_not_the_incident_toll() -> None:
    text = (
        "غارات على معسكر في مأرب\n\n"
        "قتل أربعة جنود في غارة جوية على معسكر في محافظة مأرب أمس.\n"
        "وتقول تقديرات إن الحرب أدت إلى مقتل نحو 100 ألف شخص منذ اندلاعها."
    )
    ev = _first(text)
    assert _best(ev, "fatalities") == 4


def test_ambush_skirmish_and_belt_wordings_are_triggers() -> None:
    # Our own sentences for wordings the trigger lexicon lacked.
    ev = _first("قتل أربعة جنود في مكمن نصبه مسلحون لدورية عسكرية قرب مدينة الرمادي أمس.")
    assert ev["sub_event_type"] == "Armed clash"
    ev = _first("واندلعت مناوشات بين الجيش ومسلحي الحزب في جبال قنديل صباح اليوم.")
    assert ev["sub_event_type"] == "Armed clash"
    ev = _first("وفجرت امرأة حزامها الناسف في سوق شعبي بمدينة مايدوغوري ما أدى إلى مقتل سبعة أشخاص.")
    assert ev["sub_event_type"] == "Suicide bomb"
    # "عملية نوعية" names a raid only with a toll: alone it is a figure of speech.
    ev = _first("وأعلن الحزب أن عملية نوعية نفذها مقاتلوه في منطقة خواكرك أدت إلى مقتل ستة جنود.")
    assert ev["sub_event_type"] == "Armed clash"
    assert not _events("ووصف الوزير الاتفاق التجاري بأنه عملية نوعية في تاريخ البلدين.")


def test_a_lone_private_offender_is_a_crime_not_coded() -> None:
    # Our own sentences (gold-format "Conventions": a lone criminal with no stated motive).
    assert not _events(
        "قتل طالب وأصيب آخر بجروح مساء الجمعة في إطلاق نار داخل مدرسة ثانوية بمدينة دالاس، "
        "إثر مشادة بين طلاب في ساحة المدرسة، واعتقلت الشرطة مطلق النار."
    )
    # The same act with a motive told of it, or by an organised group, is coded.
    assert _events(
        "قتل طالب وأصيب آخر بجروح مساء الجمعة في هجوم إرهابي بإطلاق نار داخل مدرسة بمدينة "
        "دالاس، واعتقلت الشرطة المشتبه به."
    )
    assert _events(
        "قتل مسلحون من حركة الشباب ثلاثة مدنيين في هجوم على قرية قرب مدينة بيدوا، واعتقلت الشرطة المشتبه به."
    )


def test_a_clash_with_an_army_is_no_private_crime() -> None:
    # Our own sentences: a suspect arrested elsewhere in the report does not make a clash
    # with the army a crime.
    assert _events(
        "أصيب 25 فلسطينيا في مواجهات مع الجيش الإسرائيلي شرق مدينة خان يونس أمس. "
        "وفي خبر آخر اعتقلت الشرطة المشتبه به في سرقة متجر."
    )


def test_stun_grenades_are_crowd_control_not_a_bomb() -> None:
    # Our own sentence: police stun grenades at a protest are its intervention, not an IED.
    events = _events(
        "فرقت الشرطة مئات المتظاهرين أمام مبنى البرلمان في مدينة البصرة بقنابل الصوت مساء أمس، واعتقلت عشرة منهم."
    )
    assert events and all(e["event_type"] != "Explosions/Remote violence" for e in events)


def test_ground_fighting_and_an_air_strike_in_one_sentence_are_two_events() -> None:
    # ACLED codes the clash and the strikes apart; a shelling word with the aircraft right
    # after it names the strike as plainly as "قصف جوي".
    for text in (
        "دارت معارك عنيفة بين الجيش والمسلحين في أطراف مدينة الرمادي وقصفا مكثفا لطائرات التحالف "
        "على مواقع التنظيم.",
        "اندلعت اشتباكات بين القوات الحكومية والمتمردين قرب بلدة الخوخة تخللها قصف لمقاتلات "
        "التحالف استهدف تعزيزات المتمردين.",
    ):
        types = sorted(e["sub_event_type"] for e in _events(text))
        assert types == ["Air/drone strike", "Armed clash"], text


def test_a_clash_with_a_plain_shelling_word_stays_one_incident() -> None:
    # Without the aircraft beside it, a weak second word of another type goes on telling
    # the one incident.
    text = "اندلعت اشتباكات بين الجيش ومسلحين في مدينة الرمادي رافقها قصف متبادل."
    assert [e["sub_event_type"] for e in _events(text)] == ["Armed clash"]


def test_a_toll_over_weeks_is_a_statistic_not_an_event() -> None:
    assert _events("قتل أكثر من 300 مسلح خلال أسبوعين من الغارات الجوية على مواقعهم في شمال البلاد.") == []
    assert _events("وقتل 500 شخص على الأقل خلال الأسابيع الماضية في قصف على ريف إدلب.") == []


def test_daily_strikes_are_a_series_not_an_event() -> None:
    text = "وتشن الطائرات يومياً غارات مكثفة على مواقع المسلحين في جبال قنديل."
    assert _events(text) == []


def test_a_capital_after_according_to_is_the_speaker_not_the_place() -> None:
    # "بحسب أنقرة": the Turkish government says so; the strike was not in Ankara.
    ev = _first("قتل عشرة مسلحين في غارة جوية على قرية في ولاية هكاري أمس بحسب أنقرة.")
    assert ev["location"]["name"] != "Ankara"


def test_a_toll_of_weeks_of_fighting_is_a_statistic() -> None:
    assert (
        _events("وقتل نحو 200 شخص في أسابيع من الاشتباكات بين قوات الأمن والمحتجين في مدينة ماناغوا.") == []
    )


def test_a_statement_on_a_world_day_recalls_rather_than_reports() -> None:
    text = (
        "وقالت النقابة في بيان بمناسبة اليوم العالمي لحرية الصحافة إن المسلحين خطفوا عشرة صحافيين في صنعاء."
    )
    assert _events(text) == []
