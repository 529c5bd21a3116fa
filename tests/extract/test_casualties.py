"""Killed / wounded / lumped counts, bounds, subsets, negation and equipment losses."""

from __future__ import annotations

from marsad.extract.pipeline import extract_record


def _event(text: str) -> dict:
    rec = extract_record({"id": "c", "text": text, "published": "2018-05-09"})
    assert rec["events"], text
    return rec["events"][0]


def _best(ev: dict, key: str) -> int | None:
    return ev[key]["best"] if ev[key] else None


def test_killed_and_wounded() -> None:
    ev = _event("قتل 5 مدنيين وأصيب 12 آخرون في قصف مدفعي على بلدة كفرنبل.")
    assert (_best(ev, "fatalities"), _best(ev, "injuries"), ev["casualties"]) == (5, 12, None)


def test_number_before_plural_noun_and_dual() -> None:
    assert _best(_event("16 قتيلا في تفجير سيارة مفخخة في مدينة الصدر."), "fatalities") == 16
    assert _best(_event("قتيلان في تفجير عبوة ناسفة في مدينة الصدر."), "fatalities") == 2
    assert _best(_event("قتل جنديان في انفجار لغم قرب بلدة الشيخ زويد."), "fatalities") == 2


def test_lumped_casualties_with_bound() -> None:
    ev = _event("أسفرت الغارة عن مقتل وإصابة أكثر من 40 مسلحا في بلدة خان طومان.")
    assert ev["casualties"] == {"min": 41, "max": None, "best": 41}
    assert ev["fatalities"] is None


def test_vague_and_word_numbers() -> None:
    assert _best(_event("قتل العشرات في قصف جوي على مدينة دوما."), "fatalities") == 12
    assert _best(_event("قتل ثلاثة وعشرون شخصا في قصف جوي على مدينة دوما."), "fatalities") == 23


def test_subset_is_not_added() -> None:
    ev = _event("قتل 12 شخصا بينهم 5 أطفال في قصف جوي على مدينة دوما.")
    assert _best(ev, "fatalities") == 12


def test_revised_toll_replaces_the_first() -> None:
    ev = _event("قتل 10 أشخاص في تفجير انتحاري في مدينة الصدر. وارتفعت حصيلة القتلى لاحقا إلى 18 قتيلا.")
    assert _best(ev, "fatalities") == 18


def test_no_casualties() -> None:
    ev = _event("سقطت قذيفة صاروخية على مدينة سديروت دون وقوع إصابات.")
    assert ev["fatalities"] == {"min": 0, "max": 0, "best": 0}


def test_equipment_losses() -> None:
    ev = _event("دمرت قوات الجيش 3 دبابات وآليتين وعربة مدرعة خلال اشتباكات قرب بلدة تل رفعت.")
    losses = {(x["item"], x["count"]) for x in ev["losses"]}
    assert {("tank", 3), ("military_vehicle", 2), ("armoured_vehicle", 1)} <= losses


def test_exact_revision_replaces_a_rounded_toll() -> None:
    ev = _event(
        "قتل نحو 250 شخصا في هجمات انتحارية على مدينة السويداء. وقال المرصد: ارتفعت الحصيلة إلى 246 شخصا."
    )
    assert _best(ev, "fatalities") == 246


def test_a_partitive_count_names_its_group() -> None:
    # "16 من سكانها": the people after "من" are who was counted (civilians: an attack).
    from marsad.extract.pipeline import extract_record

    (ev,) = extract_record(
        {
            "id": "p",
            "text": "هاجم مسلحون قرية قرب مدينة كادونا فجر الأحد وقتلوا 12 من سكانها.",
            "published": "2023-01-01",
        }
    )["events"]
    assert ev["event_type"] == "Violence against civilians"
    assert ev["fatalities"]["best"] == 12


def test_the_noun_after_a_gunfire_marker_is_the_shooter() -> None:
    # "قتل برصاص جندي": killed by a soldier's bullets; the soldier is not the dead.
    ev = _event("وطالب والد شاب فلسطيني قتل برصاص جندي إسرائيلي قرب مدينة نابلس بمحاسبة الجندي.")
    assert _best(ev, "fatalities") == 1
    rec = extract_record(
        {"id": "c", "text": "قتل برصاص جندي في بلدة بيت أمر قرب الخليل.", "published": "2018-05-09"}
    )
    assert all(e["fatalities"] is None for e in rec["events"])
    # A number after the shooter is still the toll.
    assert _best(_event("أصيب برصاص الاحتلال 3 شبان في بلدة بيت أمر قرب الخليل."), "injuries") == 3


def test_the_sides_after_between_are_no_joined_toll() -> None:
    # "… بين الشرطة ومقاتلي الحزب": the sides of the fight, not one more wounded.
    from marsad.extract.pipeline import extract_record

    text = "أسفرت الاشتباكات عن مقتل ثلاثة أشخاص وإصابة سبعة في الاشتباكات بين الشرطة ومقاتلي الحزب في مدينة تكريت أمس."
    (event,) = extract_record({"id": "c", "text": text, "published": "2018-05-09"})["events"]
    assert (event["fatalities"]["best"], event["injuries"]["best"]) == (3, 7)


def test_the_dead_named_between_the_verb_and_his_death() -> None:
    # "لقي X مصرعه": the person stands between the verb and the noun of death.
    ev = _event("لقي شاب مصرعه برصاص مسلحين مجهولين في مدينة الرمادي مساء الثلاثاء.")
    assert _best(ev, "fatalities") == 1
    ev = _event("لقي جنديان عراقيان مصرعهما في انفجار عبوة ناسفة قرب مدينة الرمادي.")
    assert _best(ev, "fatalities") == 2


def test_a_running_total_since_a_month_is_not_the_incidents_toll() -> None:
    ev = _event(
        "وفي هجومين منفصلين بإقليمي فان وأغري قتل المتمردون جنديين ليرتفع عدد قتلى "
        "قوات الأمن منذ 20 أبريل الماضي إلى 31 قتيلا على الأقل."
    )
    assert _best(ev, "fatalities") == 1  # two soldiers in two provinces, one each
    ev = _event(
        "قتل شاب برصاص مسلحين في مدينة البصرة، وبعد مقتله ارتفعت الحصيلة إلى 90 قتيلا "
        "في الاحتجاجات التي تشهدها المدينة منذ 18 أبريل."
    )
    assert _best(ev, "fatalities") == 1


def test_a_demonstrative_points_back_to_the_dead_already_counted() -> None:
    ev = _event(
        "قتل شاب برصاص مسلحين في مدينة البصرة مساء الثلاثاء. وقال الشرطة إن مقتل هذين الشخصين أثار غضب السكان."
    )
    assert _best(ev, "fatalities") == 1


def test_the_number_before_a_joined_verb_is_the_verb_befores() -> None:
    # "اعتقل عشرات المسلحين وقتل آخرين": the dozens were arrested; "others" were killed.
    ev = _event("وقال الحاكم إن الجيش اعتقل عشرات المسلحين وقتل آخرين في اشتباكات قرب بلدة تل أبيض.")
    assert ev["fatalities"] is None


def test_people_named_by_their_faith_are_counted() -> None:
    ev = _event("خطف مسلحون ثلاثة مسيحيين من قرية قرب مدينة الموصل مساء الأحد.")
    assert ev["sub_event_type"] == "Abduction/forced disappearance"
    ev = _event("قتل خمسة إيزيديين في هجوم لمسلحين على قرية قرب جبل سنجار.")
    assert _best(ev, "fatalities") == 5
