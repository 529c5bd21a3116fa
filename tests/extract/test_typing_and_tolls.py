"""Typing by an attack's means, ground taken in passing, statements and accidents that
report no event, and tolls that join several groups of victims (own sentences)."""

from __future__ import annotations

from marsad.extract.pipeline import extract_record


def _events(text: str, published: str = "2018-05-09") -> list[dict]:
    return extract_record({"id": "t", "text": text, "published": published})["events"]


def _subtypes(text: str) -> list[str]:
    return [e["sub_event_type"] for e in _events(text)]


def _killed(text: str) -> int | None:
    events = _events(text)
    assert events, text
    fat = events[0]["fatalities"]
    return fat["best"] if fat else None


# -- an attack's means ----------------------------------------------------------------------------


def test_assassination_attempt_takes_the_blast_type() -> None:
    # One paragraph: a first line of its own would be read as the headline.
    text = (
        "نجا قائد شرطة المحافظة من محاولة اغتيال استهدفت سيارته في مدينة الرمادي مساء اليوم. "
        "وقال القائد في تصريح إن هذا التفجير لن يوقف حملات الملاحقة."
    )
    assert _subtypes(text) == ["Remote explosive/landmine/IED"]


def test_gunfire_with_bombs_is_one_ground_attack() -> None:
    text = (
        "هاجم مسلحون قرية الحصن في ولاية بورنو، وقتلوا سبعة من سكانها بعدما بدأوا بإطلاق النار "
        "على السكان وتفجير قنابل في السوق."
    )
    assert _subtypes(text)[:1] == ["Attack"]


# -- ground taken in passing ------------------------------------------------------------------------


def test_entering_and_taking_villages_without_fighting_is_a_transfer() -> None:
    text = (
        "قصفت طائرات حربية مواقع قرب مدينة تل رفعت.\n"
        "وذكر ناشطون أن وحدات الجيش دخلت ريف تل رفعت الشرقي، وسيطرت على ثلاث بلدات فيه."
    )
    assert "Non-violent transfer of territory" in _subtypes(text)


def test_taking_ground_in_a_battle_stays_a_battle() -> None:
    text = "سيطرت القوات الحكومية على قرية الحصن بعد اشتباكات عنيفة مع المسلحين أسفرت عن مقتل 4 منهم."
    assert "Non-violent transfer of territory" not in _subtypes(text)


# -- statements and accidents --------------------------------------------------------------------


def test_accidental_cause_makes_the_blast_no_event() -> None:
    text = (
        "أصيب 9 عمال في انفجار وقع داخل مخزن لشركة أدوية في مدينة الإسكندرية مساء الخميس.\n"
        "وأوضح المتحدث أن الانفجار وقع بسبب ماس كهربائي."
    )
    assert _events(text) == []
    assert _subtypes("أصيب 9 عمال في انفجار وقع داخل مخزن لشركة أدوية في مدينة الإسكندرية مساء الخميس.")
    # Heat and an aircraft's emergency landing tell an accident as well.
    heat = "أصيب 9 عمال في انفجار وقع داخل مخزن وقود في مدينة الإسكندرية. وقال المتحدث إن الانفجار وقع جراء ارتفاع درجة حرارة الجو."
    assert _events(heat) == []
    plane = (
        "أصيب راكبان بجروح بعد انفجار في محرك طائرة ركاب فوق مدينة أنطاليا."
        " ونفذت الطائرة هبوطا اضطراريا في المطار."
    )
    assert _events(plane) == []


def test_threat_and_verdict_are_no_events() -> None:
    assert _events("وتقول الهيئة إن الحراس يجوعون الموقوفين في مدينة سبها، ويهددونهم بالاغتصاب.") == []
    assert _events("وتقول المنظمة إن خطف الرهائن في مدينة تعز جريمة حرب.") == []


def test_statement_made_last_month_tells_of_older_acts() -> None:
    assert _events("وقال محققون دوليون الشهر الماضي إن القوات ارتكبت عمليات اغتصاب في مدينة درعا.") == []


# -- tolls that join several groups ------------------------------------------------------------------


def test_joined_groups_add_up() -> None:
    assert _killed("قتل جنديان ومدني في انفجار عبوة ناسفة في مدينة الموصل.") == 3
    assert _killed("مقتل 5 جنود ومدنيين اثنين في هجوم على حاجز في مدينة الرمادي.") == 7
    assert _killed("لقي 3 جنود و5 من عناصر الشرطة مصرعهم في كمين في مدينة الرمادي.") == 8
    assert _killed("قتل 5 جنود و2 مدنيين في هجوم على حاجز في مدينة الرمادي.") == 7


def test_groups_inside_a_total_are_not_added() -> None:
    assert _killed("قتل 12 شخصا بينهم 3 جنود و5 مدنيين في غارة على مدينة إدلب.") == 12
    assert _killed("قتل 10 أشخاص، 3 جنود و7 مدنيين، في غارة على مدينة إدلب.") == 10


def test_singular_noun_after_a_large_number_shares_it() -> None:
    assert _killed("قتل حوالي 25 جنديا وعنصر شرطة في هجوم شنه مسلحون على مدينة غزني.") == 25
    assert _killed("قتل 5 جنود ومدني في هجوم على حاجز في مدينة الرمادي.") == 6


def test_month_of_the_past_without_a_day_is_background() -> None:
    text = "وكانت الأطراف قد توصلت إلى اتفاق لوقف إطلاق النار في مدينة الحديدة في آذار/مارس الماضي."
    assert _events(text, "2018-08-16") == []
    assert _events("قتل 5 جنود في هجوم على حاجز في مدينة الرمادي في آب/أغسطس الماضي.") == []


def test_killing_names_the_attack_over_abduction() -> None:
    text = "هاجم مسلحون قرية الحصن في ولاية بورنو مساء الخميس، وذبحوا 18 شخصا وخطفوا عشر نساء."
    assert _subtypes(text)[:1] == ["Attack"]


def test_crowd_storming_outranks_a_development_in_passing() -> None:
    text = (
        "اقتحم مئات المتظاهرين مبنى البلدية في مدينة الناصرية مساء الثلاثاء متحدين حظر التجول "
        "الذي أعلنته السلطات المحلية."
    )
    assert _subtypes(text)[:1] == ["Violent demonstration"]


def test_foiled_attack_stays_a_development() -> None:
    text = "أسقطت الدفاعات الجوية طائرة مسيرة مفخخة أطلقها الحوثيون باتجاه مدينة جازان."
    assert _subtypes(text)[:1] == ["Disrupted weapons use"]


def test_an_organisations_seat_is_no_event_place() -> None:
    text = (
        "غارة على مستوصف سراقب\n"
        "قتل 4 مدنيين في غارة جوية استهدفت مستوصف بلدة سراقب فجر الأحد.\n"
        "أما رامي خليل، أحد مسؤولي منظمة الإغاثة الطبية ومقرها في غازي عنتاب، فقال إن البلدة تعرضت "
        "لغارات متتالية طوال الليل."
    )
    assert _subtypes(text) == ["Air/drone strike"]  # the quote adds no strike at the speaker's seat


def test_a_patients_condition_is_no_hypothesis() -> None:
    text = (
        "سقطت ثلاث قذائف على بلدة نتيفوت ليل الخميس حيث أصيبت امرأة بجروح ونقل طفلان إلى المستشفى "
        "في حالة حرجة."
    )
    assert _subtypes(text)[:1] == ["Shelling/artillery/missile attack"]
    assert _events("سيتم إطلاق صواريخ على مدينة سديروت في حال استمر القصف.") == []


def test_part_of_a_past_month_is_background_but_since_is_not() -> None:
    assert _events("وفي مطلع شباط قتل ضابط فرنسي بانفجار لغم خلال دورية قرب مدينة غاو.") == []
    text = (
        "سيطرت القوات الحكومية على مواقع شمالي مديرية الدريهمي بعد معارك عنيفة، بعد أن توقفت في "
        "تلك المنطقة منذ أواخر آذار المنصرم."
    )
    assert _events(text)


def test_state_forces_shooting_at_a_protest_use_force_against_it() -> None:
    text = (
        "قتل متظاهر برصاص قوات الأمن في مدينة الناصرية جنوب العراق. وتظاهر آلاف الشبان أمام مبنى المحافظة."
        " وتتواصل الاحتجاجات على انقطاع الكهرباء منذ أسبوع."
    )
    events = _events(text)
    assert [e["sub_event_type"] for e in events] == ["Excessive force against protesters"]
    # Without a protest, an army's shooting of civilians is an attack.
    assert _subtypes("قتل ثلاثة مدنيين برصاص الجيش في قرية الجبل بريف حماة.") == ["Attack"]


def test_a_protest_that_met_force_stays_so_when_plain_protest_words_follow() -> None:
    text = (
        "أصيب 12 متظاهرا برصاص الشرطة في مدينة الناصرية. وشارك الآلاف في مظاهرات أمام مبنى المحافظة."
        " وتواصلت الاحتجاجات حتى المساء."
    )
    assert _subtypes(text) == ["Excessive force against protesters"]


def test_an_attack_that_hits_policemen_and_a_civilian_is_a_fight() -> None:
    text = "قتل 3 من أفراد الشرطة ومدني في هجوم على مركز للشرطة في بلدة الشيخ زويد شمال سيناء."
    assert _subtypes(text) == ["Armed clash"]
    assert _subtypes("قتل 3 مدنيين في هجوم على سوق في بلدة الشيخ زويد شمال سيناء.") == ["Attack"]


def test_gunmen_beside_a_weak_fight_word_attest_the_fight() -> None:
    assert _subtypes("هاجم مسلحون مقر قيادة الجيش في مدينة غاو شمال مالي صباح اليوم.") == ["Armed clash"]
    assert _subtypes("وقال مسؤول محلي إن الهجوم نفذه مسلحون على حاجز للشرطة في مدينة غاو.") == ["Armed clash"]
    # Without gunmen or a toll, a lone "هاجم" is no fight (it criticised, it lashed out).
    assert _events("هاجم وزير الخارجية في مدينة غاو سياسة الحكومة الجديدة.") == []
    # Longer words that begin with them: "offensive" capability of the "armed" forces.
    assert _events("وقال القائد إن القدرات الهجومية لدى القوات المسلحة في مدينة غاو عالية.") == []


def test_helicopters_that_attack_strike_from_the_air() -> None:
    text = "وقال حاكم المنطقة إن مروحيتين هاجمتا موقعا للمسلحين قرب بلدة موسى قلعة وقتل 9 مسلحين."
    assert _subtypes(text) == ["Air/drone strike"]


def test_a_capital_named_for_its_government_is_no_event_place() -> None:
    rec = _events("وشهدت مدينة المحمرة ليل الجمعة تظاهرات ضد حكومة طهران.")
    assert [e["location"]["name"] for e in rec] != ["Tehran"]
    # After "في" the place is where it happened: a protest against the government in Baghdad.
    rec = _events("وتظاهر المئات ضد الحكومة في بغداد.")
    assert rec and rec[0]["location"]["name"] == "Baghdad"


def test_marches_are_protests_and_drones_stay_drones() -> None:
    text = "وخرجت مسيرات مساندة في مدن لندن وأدنبرة وجنيف للمطالبة بوقف الحرب."
    assert [e["location"]["name"] for e in _events(text)] == ["London", "Edinburgh", "Geneva"]
    assert _subtypes("ونظم المئات مسيرة حاشدة في مدينة الرباط للمطالبة بالإفراج عن المعتقلين.") == [
        "Peaceful protest"
    ]
    text = "استهدفت طائرات مسيرة مواقع للمسلحين في مدينة الحديدة وقتل 5 منهم."
    assert _subtypes(text) == ["Air/drone strike"]


def test_shot_dead_with_gunfire_words_is_an_attack() -> None:
    assert _subtypes("وقتل شاب بالرصاص في حي المطار بمدينة درعا مساء الأحد.") == ["Attack"]
    assert _subtypes("وقتل شاب بطلق ناري في حي المطار بمدينة درعا مساء الأحد.") == ["Attack"]


def test_a_past_control_verb_with_its_place_takes_ground() -> None:
    text = "بعدما سيطر تنظيم داعش، الجمعة، على أجزاء من مدينة الميادين شرق دير الزور."
    assert _subtypes(text) == ["Non-state actor overtakes territory"]
    # Fear, a market, a present "تسيطر" (a state of control): no ground taken.
    assert _events("سيطر الخوف على الشارع في مدينة الميادين منذ أيام.") == []
    assert _events("وتقع البلدة في منطقة تسيطر عليها فصائل المعارضة قرب مدينة الميادين.") == []


def test_who_announces_an_arrest_made_it() -> None:
    text = (
        "أعلن الجيش الإسرائيلي، الأحد، اعتقال عدد من الشبان الفلسطينيين، بعد اقتحامه قرية عزون قرب قلقيلية."
    )
    events = _events(text)
    assert [e["sub_event_type"] for e in events] == ["Arrests"]
    assert events[0]["actor1"]["name"].startswith("Military Forces of Israel")


def test_recent_months_and_daily_habits_are_no_news() -> None:
    text = "وشهدت المناطق الحدودية خلال الشهرين الماضيين الكثير من الاشتباكات بين الجيش والمسلحين قرب بلدة مريوان."
    assert _events(text) == []
    assert _events("ويشن الجيش يوميا غارات جوية كثيفة على مواقع المسلحين قرب بلدة مريوان.") == []


def test_another_type_in_a_nearby_town_is_another_incident() -> None:
    # Duma and Kafr Batna are about 6 km apart: two named towns, two incidents.
    text = (
        "اندلعت اشتباكات بين قوات الجيش ومسلحين في بلدة دوما بريف دمشق."
        " واغتال مسلحون مجهولون موظفا حكوميا في بلدة كفربطنا."
    )
    assert [e["location"]["name"] for e in _events(text)] == ["Duma", "Kafr Batna"]


def test_chemical_attacks_in_every_common_spelling() -> None:
    for words in ("هجوم كيمياوي", "هجوم بالغاز السام"):
        rec = extract_record(
            {
                "id": "c",
                "text": f"قتل 20 شخصا في {words} على بلدة دوما بالغوطة الشرقية يوم السبت.",
                "published": "2018-04-08",
            }
        )
        assert [e["sub_event_type"] for e in rec["events"]] == ["Chemical weapon"], words
