"""The actor base: data validity, look-ups, coalitions over time, generic actors, speed."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from marsad.knowledge.actors import (
    DATA_DIR,
    KIND_INTER,
    Actor,
    ActorBase,
    ActorDataError,
    _alias_variants,
    _load_cached,
)
from marsad.text.normalize import normalize_key

SHARED = Path(__file__).resolve().parents[2] / "../shared"


@pytest.fixture(scope="module")
def base() -> ActorBase:
    # Parse the files directly (not through the pickle cache) so the data itself is checked.
    return ActorBase.from_dir(DATA_DIR)


# -- data validity ---------------------------------------------------------------------------


def test_every_actor_has_a_valid_kind_inter_and_sources(base: ActorBase) -> None:
    for a in base:
        assert KIND_INTER[a.kind] == a.inter, a.id
        assert a.name and a.name_ar, a.id
        if not a.generic:
            assert a.sources and all(s.startswith("https://") for s in a.sources), a.id
        else:
            assert "{country}" in a.name or a.kind == "external", a.id


def test_size_of_the_base(base: ActorBase) -> None:
    named = [a for a in base if not a.generic]
    aliases = sum(len(a.aliases_ar) + len(a.aliases_en) for a in base)
    assert len(named) >= 300, len(named)
    assert aliases >= 1500, aliases


def test_every_region_file_is_present() -> None:
    names = {p.name for p in DATA_DIR.glob("*.yaml")}
    for region in (
        "syria",
        "iraq",
        "yemen",
        "libya",
        "levant_palestine",
        "egypt_sinai",
        "gulf_iran_turkey",
        "external",
        "afghanistan_pakistan",
        "africa",
        "generic",
    ):
        assert f"{region}.yaml" in names


def _overlap(a: Actor, b: Actor) -> bool:
    a0, a1 = a.active
    b0, b1 = b.active
    return (a0 is None or b1 is None or a0 <= b1) and (b0 is None or a1 is None or b0 <= a1)


def test_no_alias_is_claimed_by_two_named_actors_unless_declared_shared(base: ActorBase) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for key, actor_id in base.alias_keys():
        owners[key].add(actor_id)
    clashes = []
    for key, ids in owners.items():
        named = [base.get(i) for i in ids if not base.get(i).generic]
        for i, a in enumerate(named):
            for b in named[i + 1 :]:
                if not _overlap(a, b) or a.id == b.parent or b.id == a.parent:
                    continue
                # Spelling variants generated from a shared alias ("مسلحو X", 'حركة "X"') are shared too.
                shared_a = {v for s in a.shared_aliases for v in _alias_variants(normalize_key(s))}
                shared_b = {v for s in b.shared_aliases for v in _alias_variants(normalize_key(s))}
                stem = key[2:] if key.startswith("لل") else key
                if not ({key, "ال" + stem} & shared_a and {key, "ال" + stem} & shared_b):
                    clashes.append((key, a.id, b.id))
    assert not clashes, clashes[:20]


def test_references_resolve(base: ActorBase) -> None:
    for a in base:
        if a.parent:
            assert a.parent in base
        for coalition_id, lo, hi in a.coalitions:
            assert coalition_id in base
            assert lo is None or hi is None or lo <= hi, a.id


def test_bad_data_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(
        "- {id: x, name: X, name_ar: س, kind: rebel, inter: 3, sources: [https://example.org]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ActorDataError, match="inter"):
        ActorBase.from_dir(tmp_path)
    (tmp_path / "x.yaml").write_text(
        "- {id: x, name: X, name_ar: س, kind: rebel, inter: 2, sources: [https://example.org],"
        " member_of: [{coalition: nowhere, from: 2015}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ActorDataError, match="coalition"):
        ActorBase.from_dir(tmp_path)
    (tmp_path / "x.yaml").write_text(
        "- {id: x, name: X, name_ar: س, kind: rebel, inter: 2}\n", encoding="utf-8"
    )
    with pytest.raises(ActorDataError, match="sources"):
        ActorBase.from_dir(tmp_path)


# -- look-ups ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "actor_id"),
    [
        ("جفش", "jfs"),
        ("جبهة فتح الشام", "jfs"),
        ("جبهة النصرة", "nusra"),
        ("داعش", "islamic-state"),
        ("تنظيم الدولة", "islamic-state"),
        ("الحوثيين", "ye-houthi"),
        ("أنصار الله", "ye-houthi"),
        ("ميليشيا الحوثي", "ye-houthi"),
        ("قسد", "sdf"),
        ("وحدات حماية الشعب", "ypg"),
        ("حزب العمال الكردستاني", "pkk"),
        ("الطيران الروسي", "ru-air-force"),
        ("الطيران الحربي السوري", "sy-air-force"),
        ("المقاتلات السورية", "sy-air-force"),
        ("الحزب التركستاني", "tip-syria"),
        ("الحزب الإسلامي التركستاني", "tip-syria"),
        ("هيئة تحرير الشام", "hts"),
        ("التحالف بقيادة السعودية", "saudi-coalition"),
        ("التحالف الدولي", "us-coalition"),
        ("جيش الاحتلال", "il-army"),
        ("الطيران الإسرائيلي", "il-air-force"),
        ("الحشد الشعبي", "pmf"),
        ("كتائب القسام", "qassam"),
        ("سرايا القدس", "quds-brigades"),
        ("الجيش الوطني السوري", "sna"),
        ("حزب الله", "hezbollah"),
        ("الحرس الثوري", "ir-irgc"),
        ("SDF", "sdf"),
        ("Jaish al-Fatah", "jaish-al-fath"),
    ],
)
def test_lookup(base: ActorBase, mention: str, actor_id: str) -> None:
    assert actor_id in [a.id for a in base.lookup(mention)]


@pytest.mark.parametrize(
    ("mention", "actor_id"),
    [
        ("وجيش الفتح", "jaish-al-fath"),
        ("للحوثيين", "ye-houthi"),
        ("بالطيران الروسي", "ru-air-force"),
        ("وقسد", "sdf"),
        ("الجيش العربي السوري", "sy-army"),
        ("فيلق الشام", "faylaq-al-sham"),
    ],
)
def test_lookup_strips_proclitics(base: ActorBase, mention: str, actor_id: str) -> None:
    assert actor_id in [a.id for a in base.lookup(mention)]


def test_lookup_of_unknown_text_is_empty(base: ActorBase) -> None:
    assert base.lookup("مخبز الحي") == []
    assert base.lookup("") == []


def test_renamed_group_resolves_to_the_name_of_the_year(base: ActorBase) -> None:
    assert [a.id for a in base.lookup("جبهة النصرة", year=2015)] == ["nusra"]
    assert [a.id for a in base.lookup("جبهة النصرة", year=2017)] == ["jfs"]
    assert [a.id for a in base.lookup("جبهة النصرة", year=2019)] == ["hts"]


def test_shared_alias_picks_the_actor_of_the_year(base: ActorBase) -> None:
    assert [a.id for a in base.lookup("الجيش السوري", year=2016)] == ["sy-army"]
    assert [a.id for a in base.lookup("الجيش السوري", year=2025)] == ["sy-army-2024"]


def test_find_resolves_descriptions_inside_a_mention(base: ActorBase) -> None:
    text = "هاجم المسلحين الصينيين المنضوين تحت الحزب التركستاني ومسلحي جيش الفتح مواقع الجيش السوري"
    found = base.find(text)
    ids = [a.id for _s, _e, group in found for a in group]
    assert "tip-syria" in ids and "jaish-al-fath" in ids and "sy-army" in ids
    for start, end, group in found:
        assert normalize_key(text[start:end]) in {k for k, i in base.alias_keys() if i == group[0].id}


def test_find_does_not_match_inside_a_word(base: ActorBase) -> None:
    assert base.find("الحوثيينات") == []


# -- coalitions over time -----------------------------------------------------------------


def test_jaish_al_fath_members_by_year(base: ActorBase) -> None:
    in_2016 = {a.id for a in base.members("jaish-al-fath", 2016)}
    assert {"tip-syria", "ahrar-al-sham", "faylaq-al-sham", "jfs", "nusra"} <= in_2016
    assert "jund-al-aqsa" not in in_2016  # left in October 2015
    assert "jund-al-aqsa" in {a.id for a in base.members("jaish-al-fath", 2015)}
    assert "tip-syria" not in {a.id for a in base.members("jaish-al-fath", 2015)}  # joined May 2016
    assert base.members("jaish-al-fath", 2014) == []


def test_coalitions_of_an_actor_by_year(base: ActorBase) -> None:
    assert [c.id for c in base.coalitions_of("tip-syria", 2016)] == ["jaish-al-fath"]
    assert "nfl" in [c.id for c in base.coalitions_of("ahrar-al-sham", 2019)]
    assert "jaish-al-fath" not in [c.id for c in base.coalitions_of("ahrar-al-sham", 2019)]
    assert {c.id for c in base.coalitions_of("ahrar-al-sham", None)} >= {"jaish-al-fath", "nfl"}


def test_sdf_members(base: ActorBase) -> None:
    assert {"ypg", "ypj"} <= {a.id for a in base.members("sdf", 2017)}


# -- generic actors and codes -------------------------------------------------------------


def test_instantiate_fills_the_country(base: ActorBase) -> None:
    (civilians,) = base.lookup("المدنيين")
    filled = base.instantiate(civilians, "Syria")
    assert filled.name == "Civilians (Syria)" and filled.country == "Syria" and filled.inter == 7
    assert "سوريا" in filled.name_ar
    (gunmen,) = base.lookup("مسلحون مجهولون")
    assert base.instantiate(gunmen, "Iraq").name == "Unidentified Armed Group (Iraq)"
    assert base.instantiate(gunmen, None) is gunmen


def test_generic_state_forces_become_the_country_force(base: ActorBase) -> None:
    (air,) = base.lookup("الطيران الحربي")
    assert base.instantiate(air, "Syria").id == "sy-air-force"
    (army,) = base.lookup("الجيش")
    assert base.instantiate(army, "Iraq").id == "iq-army"
    assert base.instantiate(army, "Atlantis").name == "Military Forces of Atlantis"


def test_umbrella_becomes_the_country_branch(base: ActorBase) -> None:
    state = base.get("islamic-state")
    assert base.instantiate(state, "Syria").name == "Islamic State (Syria)"
    assert base.instantiate(state, "Iraq").name == "Islamic State (Iraq)"


def test_inter_code_of_foreign_state_forces(base: ActorBase) -> None:
    russia = base.get("ru-air-force")
    assert russia.inter_for("Syria") == 8
    assert russia.inter_for("Russia") == 1
    assert base.get("sy-army").inter_for("Syria") == 1


def test_period_names(base: ActorBase) -> None:
    us = base.get("us-army")
    assert us.name_in(2016) == "Military Forces of the United States (2009-2017)"
    assert us.name_in(None) == us.name
    assert base.get("ye-houthi").name_in(2016) == "Military Forces of Yemen (2015-2017) Houthi-Saleh"


def test_generic_opposition_is_only_a_fallback(base: ActorBase) -> None:
    (rebels,) = base.lookup("الفصائل")
    assert rebels.generic and rebels.kind == "rebel"
    assert base.instantiate(rebels, "Syria").name == "Opposition Rebels (Syria)"


def test_framing_words(base: ActorBase) -> None:
    framing = base.framing_words()
    assert framing[normalize_key("الإرهابية")] == "terrorist"
    assert framing[normalize_key("التكفيريين")] == "takfiri"
    assert framing[normalize_key("المرتزقة")] == "mercenary"
    assert framing[normalize_key("العصابات")] == "gang"


# -- the seed article's actors --------------------------------------------------------------


def test_gold_sample_actor_mentions_resolve(base: ActorBase) -> None:
    path = SHARED / "samples" / "aleppo-southwest-offensive.ar.gold.json"
    if not path.exists():
        pytest.skip("shared samples not available")
    gold = json.loads(path.read_text(encoding="utf-8"))
    for event in gold["events"]:
        for role in ("actor1", "actor2"):
            names = event[role]
            english = {n for n in names if n.isascii()}
            arabic = [n for n in names if not n.isascii()]
            resolved = {a for n in arabic for a in base.lookup(n, year=2016)}
            resolved |= {a for n in arabic for _s, _e, group in base.find(n) for a in group}
            hits = {a.id for a in resolved if {a.name, a.name.split(" (")[0], *a.aliases_en} & english}
            assert hits, (role, names)


# -- speed ------------------------------------------------------------------------------------


def test_load_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A second process reuses the pickle of the first parse instead of parsing the data
    # files again (how fast that is, bench/ measures: a timed test fails on a busy machine).
    monkeypatch.setenv("MARSAD_CACHE_DIR", str(tmp_path))
    _load_cached.cache_clear()
    first = ActorBase.load()
    assert list(tmp_path.glob("actors-*.pickle"))
    _load_cached.cache_clear()

    def no_parse(*_args: object) -> ActorBase:
        raise AssertionError("the data files were parsed again")

    monkeypatch.setattr(ActorBase, "from_dir", classmethod(no_parse))
    second = ActorBase.load()
    _load_cached.cache_clear()
    assert len(second) == len(first)
    monkeypatch.undo()
    assert ActorBase.load() is ActorBase.load()


def test_cli_who() -> None:
    from typer.testing import CliRunner

    from marsad.cli.app import app

    result = CliRunner().invoke(app, ["who", "جفش"])
    assert result.exit_code == 0, result.output
    assert "Jabhat Fateh al-Sham" in result.output and "Jaish al-Fath" in result.output
    result = CliRunner().invoke(app, ["who", "جيش الفتح", "--year", "2016"])
    assert "Turkistan Islamic Party" in result.output and "Jund al-Aqsa" not in result.output
    assert CliRunner().invoke(app, ["who", "لا أحد هنا"]).exit_code == 1


def test_every_actor_country_has_an_arabic_name(base: ActorBase) -> None:
    for a in base:
        if a.country:
            assert base.country_ar(a.country), (a.id, a.country)


def test_find_ignores_quotes_and_brackets(base: ActorBase) -> None:
    text = 'أعلن تنظيم "الدولة الإسلامية" و«حركة حماس» عن هجوم لـ(جيش الفتح)'
    found = {group[0].id: text[s:e] for s, e, group in base.find(text)}
    assert set(found) == {"islamic-state", "hamas", "jaish-al-fath"}
    assert found["jaish-al-fath"] == "جيش الفتح"


def test_joint_syrian_russian_air_strikes_list_both_air_forces(base: ActorBase) -> None:
    (joint,) = base.lookup("الطيران السوري والروسي", year=2016)
    assert {a.id for a in base.members(joint.id, 2016)} == {"sy-air-force", "ru-air-force"}


def test_a_dated_name_is_not_given_to_events_outside_its_period(base: ActorBase) -> None:
    israel = base.get("il-air-force")
    assert israel.name == "Military Forces of Israel (2022-) Air Force"
    assert israel.name_in(2019) == "Military Forces of Israel Air Force"
    assert israel.name_in(2023) == israel.name
    assert base.get("sy-army").name_in(2018) == "Military Forces of Syria (2000-2024)"
