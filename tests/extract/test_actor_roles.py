"""Who did what to whom: actor resolution and actor1/actor2 roles, apart from event detection.

Each sentence is read the way the pipeline reads it (one lexicon pass, numbers, places,
sentence analysis), then handed to ``actors.assign`` as one event whose sub-type is that of
the sentence's strongest trigger — so these tests measure the actor code alone.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from marsad.extract import actors as actor_roles
from marsad.extract.article import ArticleDoc
from marsad.extract.attribution import source_after
from marsad.extract.events import Event
from marsad.extract.knowledgebase import knowledge
from marsad.extract.pipeline import run_until
from marsad.knowledge.actors import Actor, ActorBase

SENTENCES = Path(__file__).parents[1] / "data" / "actor_sentences.tsv"


def roles(
    text: str, sub_event_type: str | None = None, country: str | None = None, year: int = 2018
) -> tuple[dict | None, dict | None]:
    kb = knowledge()
    # The components up to the sentence analysis, with no publication date (no news window).
    doc = run_until(ArticleDoc(text), kb, "event_days")
    infos, tokens = doc.infos, doc.tokens
    triggers = sorted(
        (t for i in infos for t in i.matches["triggers"]), key=lambda t: -int(t.entry.get("strength") or 1)
    )
    sub = sub_event_type or (triggers[0].entry.get("sub_event_type") if triggers else "Attack")
    ev = Event(sub, 1, list(infos), triggers[:1])
    if country is None:
        countries = doc.attrs.get("countries")
        country = countries.most_common(1)[0][0] if countries else None
    sources = [
        sp
        for info in infos
        for cue in info.matches["attribution"]
        if (sp := source_after(doc, cue, info.end)) is not None
    ]
    mentions = actor_roles.mentions(doc, doc.lexicon("actor"), kb)
    return actor_roles.assign(doc, ev, infos, mentions, kb, country, year, tokens, sources)


def _name(actor: dict | None) -> str | None:
    return actor["name"] if actor else None


# -- word order and cue words -------------------------------------------------------------------


def test_verb_subject_is_the_doer_even_after_a_target_verb() -> None:
    a1, a2 = roles(
        "استهدفت قوات النظام بالمدفعية بلدة في ريف إدلب وقتل ثلاثة مدنيين.",
        "Shelling/artillery/missile attack",
        "Syria",
    )
    assert _name(a1).startswith("Military Forces of Syria")
    assert _name(a2) == "Civilians (Syria)"


def test_object_after_the_subject_is_the_target() -> None:
    a1, a2 = roles("هاجمت هيئة تحرير الشام قوات النظام قرب سراقب.", "Armed clash", "Syria")
    assert _name(a1) == "Hayat Tahrir al-Sham"
    assert _name(a2).startswith("Military Forces of Syria")


def test_passive_kill_verb_makes_the_named_side_the_victim() -> None:
    a1, a2 = roles("قُتل ثلاثة جنود من الجيش التركي بهجوم لمقاتلي حزب العمال الكردستاني.", "Armed clash")
    assert _name(a1).startswith("PKK")
    assert _name(a2).startswith("Military Forces of Turkey")


def test_attack_noun_with_lam_names_the_doer() -> None:
    a1, a2 = roles("قتل اثنان من مقاتلي الحشد الشعبي بهجوم لتنظيم داعش في بيجي.", "Armed clash", "Iraq")
    assert _name(a1).startswith("Islamic State")
    assert _name(a2) == "Popular Mobilization Forces"


def test_claim_of_responsibility_after_the_name() -> None:
    a1, _ = roles(
        "حركة الشباب تبنت التفجير الذي استهدف فندقا في مقديشو.", "Remote explosive/landmine/IED", "Somalia"
    )
    assert _name(a1) == "Al Shabaab"


# -- rewriting mentions -------------------------------------------------------------------------


def test_gunmen_from_a_group_are_that_group() -> None:
    a1, _ = roles("هاجم مسلحون من تنظيم القاعدة نقطة أمنية في أبين.", "Armed clash", "Yemen")
    assert "Qaeda" in _name(a1)


def test_unit_belonging_to_a_group_is_that_group() -> None:
    a1, _ = roles("داهم جهاز أمني التابع لهيئة تحرير الشام منزلا واعتقل شابين.", "Arrests", "Syria")
    assert _name(a1) == "Hayat Tahrir al-Sham"


def test_side_holding_the_place_takes_no_part() -> None:
    a1, a2 = roles(
        "سقطت قذيفة على سوق شعبي في مدينة تعز الخاضعة لسيطرة الجيش ما أسفر عن إصابة ثلاثة أطفال.",
        "Shelling/artillery/missile attack",
        "Yemen",
    )
    names = {_name(a1), _name(a2)}
    # Any state force: "القوات الحكومية" without its cue reads as another country's army.
    assert not any(n and n.startswith("Military Forces") for n in names)
    assert "Civilians (Yemen)" in names


def test_nationality_after_a_weapon_names_the_state_force() -> None:
    a1, a2 = roles(
        "قتل أربعة عناصر من وحدات حماية الشعب في غارات تركية قرب عفرين.", "Air/drone strike", "Syria"
    )
    assert _name(a1).startswith("Military Forces of Turkey")
    assert _name(a2).startswith("YPG")


def test_nationality_after_a_generic_force_names_its_country() -> None:
    a1, _ = roles("أطلقت القوات الإثيوبية النار على مهربين قرب الحدود.", "Attack")
    assert _name(a1).startswith("Military Forces of Ethiopia")


def test_people_of_a_nation_are_its_civilians() -> None:
    _, a2 = roles("أطلق مسلحون النار على لاجئين سوريين قرب الحدود مع لبنان.", "Attack", "Lebanon")
    assert _name(a2) == "Civilians (Syria)"


def test_force_named_as_instrument_is_not_a_party() -> None:
    a1, _ = roles(
        "قصفت قوات سوريا الديمقراطية بالمدفعية قرى في ريف منبج.", "Shelling/artillery/missile attack", "Syria"
    )
    assert _name(a1) == "Syrian Democratic Forces"


def test_back_reference_to_the_group_named_earlier() -> None:
    a1, _ = roles(
        "أعلن تنظيم داعش مسؤوليته عن هجمات سابقة في المنطقة. وشن عناصر التنظيم هجوما على حاجز للجيش.",
        "Armed clash",
        "Syria",
    )
    assert _name(a1).startswith("Islamic State")


def test_partisan_label_is_the_outlets_foe() -> None:
    a1, _ = roles(
        "قصف «المرتزقة» قرى في ريف عفرين بالمدفعية، بحسب وكالة هاوار.",
        "Shelling/artillery/missile attack",
        "Syria",
    )
    assert _name(a1) == "Syrian National Army"


def test_partisan_label_without_a_known_outlet_is_unidentified() -> None:
    a1, _ = roles(
        "استهدف «الإرهابيون» بالقذائف حيا سكنيا في مدينة حماة.", "Shelling/artillery/missile attack", "Syria"
    )
    assert _name(a1) == "Unidentified Armed Group (Syria)"


def test_coalition_and_its_member_are_one_side() -> None:
    a1, a2 = roles(
        "شن الطيران السوري والروسي غارات على مواقع جيش الفتح قرب مواقع الجيش السوري.",
        "Air/drone strike",
        "Syria",
        year=2016,
    )
    assert _name(a1) == "Allied Syrian and/or Russian Forces"
    assert _name(a2) == "Jaish al-Fath"


def test_generic_force_of_no_known_state_never_leaks_a_placeholder() -> None:
    a1, a2 = roles("قصفت مدفعية الجيش قرى حدودية.", "Shelling/artillery/missile attack")
    for a in (a1, a2):
        assert a is None or "{country" not in a["name"] + (a["name_ar"] or "")


# -- names by period, coalitions, co-doers, civilian targets, labels by country --------------------


def test_a_renamed_group_is_coded_under_its_name_of_the_year() -> None:
    sentence = "قتل مسلحون من «أنصار بيت المقدس» ثلاثة مجندين عند نقطة تفتيش في العريش."
    a1, _ = roles(sentence, "Armed clash", "Egypt", year=2018)
    assert _name(a1).startswith("Islamic State")
    a1, _ = roles(sentence, "Armed clash", "Egypt", year=2013)
    assert _name(a1) == "Ansar Bayt al-Maqdis"


def test_two_members_of_one_coalition_can_fight_each_other() -> None:
    a1, a2 = roles("اشتبكت «سرايا السلام» مع «عصائب أهل الحق» في حي الكرادة.", "Armed clash", "Iraq")
    assert _name(a1) == "Saraya al-Salam"
    assert _name(a2) == "Asaib Ahl al-Haq"


def test_a_name_joined_to_the_subject_by_wa_is_a_co_doer() -> None:
    a1, a2 = roles(
        "قصفت «قوات الأسد» و«الاحتلال الروسي» قرى في جبل الزاوية.",
        "Shelling/artillery/missile attack",
        "Syria",
        year=2019,
    )
    assert _name(a1).startswith("Military Forces of Syria")
    assert _name(a2) == "Civilians (Syria)"


def test_a_civilian_place_hit_makes_civilians_the_target() -> None:
    _, a2 = roles(
        "قصفت قوات الدعم السريع بالمدفعية مستشفى في مدينة الأبيض.",
        "Shelling/artillery/missile attack",
        "Sudan",
    )
    assert _name(a2) == "Civilians (Sudan)"


def test_a_civilian_place_that_only_locates_the_event_is_not_its_target() -> None:
    _, a2 = roles(
        "قصفت قوات الدعم السريع بالمدفعية مواقع في قرية قرب الأبيض.",
        "Shelling/artillery/missile attack",
        "Sudan",
    )
    assert _name(a2) != "Civilians (Sudan)"


def test_a_civilian_place_after_ila_is_where_the_event_went_not_its_target() -> None:
    # "إلى" normalises to "الي": the locative list once held "الى", which never matched.
    _, a2 = roles(
        "قصفت قوات الدعم السريع بالمدفعية الطريق المؤدي إلى قرية قرب الأبيض.",
        "Shelling/artillery/missile attack",
        "Sudan",
    )
    assert _name(a2) != "Civilians (Sudan)"


def test_people_detained_by_a_force_are_civilians_when_no_group_is_named() -> None:
    a1, a2 = roles("اعتقلت قوات النخبة الشبوانية ثلاثة ناشطين في عتق.", "Arrests", "Yemen")
    assert a1 is not None
    assert _name(a2) == "Civilians (Yemen)"


def test_a_label_means_the_group_it_names_in_that_country() -> None:
    sentence = "فجّر «الخوارج» سيارة مفخخة قرب سوق شعبي."
    a1, _ = roles(sentence, "Remote explosive/landmine/IED", "Somalia")
    assert _name(a1) == "Al Shabaab"
    a1, _ = roles(sentence, "Remote explosive/landmine/IED", "Iraq")
    assert _name(a1).startswith("Islamic State")


def test_an_outlets_foe_depends_on_the_country() -> None:
    a1, a2 = roles(
        "قصفت طائرات تركية مواقع «الإرهابيين» في منطقة زاب، بحسب وزارة الدفاع التركية.",
        "Air/drone strike",
        "Iraq",
    )
    assert _name(a1).startswith("Military Forces of Turkey")
    assert _name(a2).startswith("PKK")


def test_a_construct_noun_and_a_quoted_name_still_name_the_group() -> None:
    a1, _ = roles(
        "اختطف مسلحو حركة الشباب أربعة موظفين على طريق بلدوين.", "Abduction/forced disappearance", "Somalia"
    )
    assert _name(a1) == "Al Shabaab"
    a1, _ = roles(
        "أعلنت حركة «حسم» مسؤوليتها عن تفجير استهدف سيارة شرطة في الجيزة.",
        "Remote explosive/landmine/IED",
        "Egypt",
    )
    assert _name(a1) == "Hasm Movement"


def test_the_longest_name_wins_when_two_overlap() -> None:
    a1, _ = roles(
        "قصف طيران التحالف بقيادة السعودية مواقع للحوثيين في مديرية نهم.", "Air/drone strike", "Yemen"
    )
    assert _name(a1) == "Operation Restoring Hope"


def test_output_names_follow_the_acled_period_of_the_year() -> None:
    a1, _ = roles(
        "شنت القوات الأمريكية غارات على مواقع لتنظيم داعش قرب الرقة.", "Air/drone strike", "Syria", year=2016
    )
    assert _name(a1) == "Military Forces of the United States (2009-2017)"
    a1, _ = roles(
        "شنت القوات الأمريكية غارات على مواقع لتنظيم داعش قرب الرقة.", "Air/drone strike", "Syria", year=2025
    )
    assert _name(a1) == "Military Forces of the United States (2025-)"


def test_an_armed_side_named_as_hit_is_the_target_even_in_a_killing_of_people() -> None:
    _, a2 = roles(
        "قتل مقاتلو تنظيم الدولة ثلاثة من عناصر قوات بونتلاند في جبال كال مسكاد.", "Attack", "Somalia"
    )
    assert _name(a2) == "Military Forces of Puntland"


def test_a_definite_word_for_fighters_points_back_to_the_named_group() -> None:
    _, a2 = roles(
        "قصفت الطائرات الروسية تجمعا لمسلحي «جيش الفتح» ودمرت آليات المسلحين قرب خان طومان.",
        "Air/drone strike",
        "Syria",
        year=2016,
    )
    assert _name(a2) == "Jaish al-Fath"


def test_aggression_with_a_nationality_names_that_states_force() -> None:
    a1, a2 = roles(
        "تصدت الدفاعات الجوية السورية لعدوان إسرائيلي استهدف محيط مصياف.", "Air/drone strike", "Syria"
    )
    assert _name(a1).startswith("Military Forces of Israel")
    assert _name(a2).startswith("Military Forces of Syria")


# -- our test set ---------------------------------------------------------------------------------


def _key(name: str | None) -> str:
    return re.sub(r"\s*\(.*?\)\s*", " ", name or "").strip().lower()


def _names(actor: dict | None, base: ActorBase) -> set[str]:
    """The actor's name and members, plus the English aliases of actors of that name."""
    if not actor:
        return set()
    out = {_key(actor["name"])} | {_key(m["name"]) for m in actor.get("members") or []}
    for a in _by_name(base).get(actor["name"], ()):
        out.update(_key(x) for x in a.aliases_en)
    return out


_BY_NAME: dict[str, list[Actor]] = {}


def _by_name(base: ActorBase) -> dict[str, list[Actor]]:
    if not _BY_NAME:
        for a in base:
            _BY_NAME.setdefault(a.name, []).append(a)
    return _BY_NAME


def _hit(gold: str, names: set[str]) -> bool:
    g = _key(gold)
    return any(g == n or (len(g) > 6 and (g in n or n in g)) for n in names)


def actor_set_accuracy() -> tuple[float, float]:
    """(share of gold actors found among actor1/actor2, share found in their own slot)."""
    base = knowledge().actors
    with SENTENCES.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    found = in_slot = total = 0
    for row in rows:
        a1, a2 = roles(row["sentence"])
        n1, n2 = _names(a1, base), _names(a2, base)
        for key, mine in (("actor1", n1), ("actor2", n2)):
            if row[key]:
                total += 1
                found += _hit(row[key], n1 | n2)
                in_slot += _hit(row[key], mine)
    return found / total, in_slot / total


@pytest.mark.skipif(not SENTENCES.exists(), reason="test set missing")
def test_accuracy_floor_on_our_actor_sentences() -> None:
    found, in_slot = actor_set_accuracy()
    assert found >= FOUND_FLOOR, found
    assert in_slot >= SLOT_FLOOR, in_slot


# Reached when written (before this work: 0.57 found, 0.46 in slot); raise, never lower.
# 2026-11-25: 0.64/0.53 → 0.742/0.641 (621 slots with 14 new rows) after the civilian-target,
# co-doer, coalition-sibling, armed-side-hit, period-name, label-by-country and alias-variant rules.
FOUND_FLOOR = 0.73
SLOT_FLOOR = 0.63


def test_a_state_force_abroad_has_inter_code_8_in_the_record_and_the_export() -> None:
    from marsad.extract.pipeline import extract_record
    from marsad.store.flatten import flatten_event

    text = (
        "قتل خمسة مدنيين اليوم الأحد في غارات شنتها طائرات حربية روسية على بلدة كفرنبل في ريف إدلب الجنوبي."
    )
    (event,) = extract_record({"id": "abroad", "text": text, "published": "2019-05-12"})["events"]
    assert event["actor1"]["name"].startswith("Military Forces of Russia") and event["actor1"]["inter"] == 8
    assert event["actor2"]["name"] == "Civilians (Syria)"
    row = flatten_event(event, article_id="abroad", seq=0, source=None).row
    assert (row["inter1"], row["inter2"], row["interaction"]) == (8, 7, 78)
    home = "قصفت طائرات حربية سورية بلدة كفرنبل في ريف إدلب الجنوبي اليوم الأحد ما أدى إلى مقتل ثلاثة مدنيين."
    (event,) = extract_record({"id": "home", "text": home, "published": "2019-05-12"})["events"]
    assert event["actor1"]["inter"] == 1


# -- relative clauses, accusations, interventions -----------------------------------------------


def test_a_weapon_fired_by_a_named_side_in_a_relative_clause_names_the_doer() -> None:
    a1, _ = roles(
        "واصلت ميليشيا الحوثي قصفها. وأصيب طفلان بقذيفة هاون أطلقتها الميليشيا على حي سكني في تعز.",
        "Shelling/artillery/missile attack",
        "Yemen",
    )
    assert _name(a1).endswith("Houthi")


def test_the_side_whose_drone_was_shot_down_is_the_target() -> None:
    a1, a2 = roles(
        "أسقطت الدفاعات الجوية للجيش الوطني طائرة مسيرة أطلقتها ميليشيا الحوثي قرب مأرب.",
        "Disrupted weapons use",
        "Yemen",
    )
    assert _name(a1).endswith("Hadi")
    assert _name(a2).endswith("Houthi")


def test_the_accused_is_the_doer_and_the_accuser_no_party() -> None:
    a1, a2 = roles(
        "انفجرت عبوة ناسفة في سوق بلدة قرب الموصل، واتهم الجيش العراقي تنظيم داعش بالوقوف وراء التفجير.",
        "Remote explosive/landmine/IED",
        "Iraq",
    )
    assert _name(a1) == "Islamic State (Iraq)"
    assert not _name(a2 or None) or not _name(a2).startswith("Military Forces of Iraq")


def test_a_force_that_steps_into_a_clan_fight_is_no_party() -> None:
    a1, a2 = roles(
        "اندلعت اشتباكات بين عشيرتين قرب الناصرية أسفرت عن مقتل شخصين قبل أن تتدخل قوة من الجيش.",
        "Armed clash",
        "Iraq",
    )
    assert _name(a1).startswith("Tribal Militia")
    assert _name(a2).startswith("Tribal Militia")


def _pipeline_actor1(text: str) -> list[str | None]:
    from marsad.extract.pipeline import extract_record

    rec = extract_record({"id": "roles-inherit", "text": text, "published": "2023-03-06"})
    return [_name(e.get("actor1")) for e in rec["events"]]


def test_a_new_incident_line_does_not_inherit_the_previous_lines_doer() -> None:
    # The sticky bomb of the second line names no doer: unclaimed, not the group of line one.
    text = (
        "حصاد أمني\n\nقتل ثلاثة من عناصر الحشد الشعبي ليل الأحد في هجوم شنه مسلحو داعش على نقطة للحشد "
        "قرب قرية البو بالي شمال بعقوبة.\nوفي المدينة نفسها، أصيب مدنيان بانفجار عبوة لاصقة وضعت أسفل "
        "سيارة أحدهما قرب سوق شعبي، صباح الاثنين.\n"
    )
    assert _pipeline_actor1(text) == ["Islamic State (Iraq)", "Unidentified Armed Group (Iraq)"]


def test_a_sentence_continuing_the_incident_keeps_the_doer_named_before() -> None:
    text = (
        "قال مصدر أمني إن مسلحي داعش زرعوا عبوات ناسفة على طريق زراعي قرب قضاء الطارمية شمالي بغداد. "
        "وانفجرت إحدى العبوات بسيارة مدنية ما أدى إلى مقتل شخصين."
    )
    assert _pipeline_actor1(text) == ["Islamic State (Iraq)"]


def test_a_headline_doer_of_another_incident_does_not_swap_the_sides() -> None:
    # The headline's "هجوم لداعش" is the Diyala attack; the strike line names its own sides.
    text = (
        "نشرة أمنية: هجوم لداعش في ديالى وغارات على الحويجة\n\nوفي كركوك، أعلنت خلية الإعلام الأمني "
        "أن طائرات عراقية من طراز سوخوي قصفت، الأحد، مضافة لعناصر داعش في وادي الشاي جنوب غرب قضاء الحويجة، "
        "ما أسفر عن مقتل خمسة إرهابيين.\n"
    )
    from marsad.extract.pipeline import extract_record

    rec = extract_record({"id": "roles-title", "text": text, "published": "2023-03-06"})
    strikes = [e for e in rec["events"] if e["sub_event_type"] == "Air/drone strike"]
    assert strikes and _name(strikes[0]["actor2"]) == "Islamic State (Iraq)"
    assert "Air Force" in (_name(strikes[0]["actor1"]) or "")


def test_a_model_name_between_the_aircraft_and_its_nationality_is_skipped() -> None:
    from marsad.extract.pipeline import extract_record

    text = (
        'أعلنت خلية الإعلام الأمني أن طائرات F-16 عراقية نفذت ضربات جوية على أوكار لـ"داعش" '
        "في صحراء قضاء الرطبة غربي الأنبار، ما أسفر عن مقتل خمسة إرهابيين."
    )
    rec = extract_record({"id": "roles-model", "text": text, "published": "2023-03-06"})
    assert rec["events"] and "Air Force" in (_name(rec["events"][0]["actor1"]) or "")
    assert _name(rec["events"][0]["actor2"]) == "Islamic State (Iraq)"


def test_a_group_only_said_to_be_active_is_not_the_doer_of_an_unclaimed_blast() -> None:
    text = (
        "قتل مقاتلان من قوات سوريا الديمقراطية بانفجار عبوة ناسفة استهدفت سيارتهما في بلدة الشحيل "
        "بريف دير الزور. ولم تتبن أي جهة التفجير، وإن كانت خلايا تنظيم داعش تنشط في المنطقة."
    )
    assert _pipeline_actor1(text) == ["Unidentified Armed Group (Syria)"]


def test_a_peaceful_protest_line_does_not_face_the_previous_lines_force() -> None:
    from marsad.extract.pipeline import extract_record

    text = (
        "حصاد الأسبوع\n\nالحسكة: استهدفت طائرة مسيرة تركية، مساء الأربعاء، سيارة تقل قياديين في قسد "
        "جنوب مدينة القامشلي، ما أدى إلى مقتلهما.\nالسويداء: نظم عشرات المحتجين، ظهر الخميس، وقفة سلمية "
        "أمام مبنى المحافظة في مدينة السويداء للمطالبة بتحسين الأوضاع المعيشية.\n"
    )
    rec = extract_record({"id": "roles-protest", "text": text, "published": "2023-03-06"})
    protests = [e for e in rec["events"] if e["sub_event_type"] == "Peaceful protest"]
    assert protests and protests[0]["actor2"] is None


def test_raids_named_by_nationality_are_the_air_force_striking() -> None:
    # "في سلسلة الغارات الإسرائيلية" reads as a target after "في"; in an air strike the raids are
    # the deed, so their air force strikes — not a group named in the claim line attached to it.
    from marsad.extract.pipeline import extract_record

    text = (
        "ارتفعت إلى سبعة قتلى حصيلة سلسلة الغارات الجوية الإسرائيلية على أهداف لحركة حماس "
        "جنوب قطاع غزة. وقالت كتائب القسام إنها ردت بقصف مستوطنات إسرائيلية بالصواريخ."
    )
    rec = extract_record({"id": "roles-raids", "text": text, "published": "2023-03-06"})
    strikes = [e for e in rec["events"] if e["sub_event_type"] == "Air/drone strike"]
    assert strikes and "Israel" in (_name(strikes[0]["actor1"]) or "")
    assert "Air Force" in (_name(strikes[0]["actor1"]) or "")
