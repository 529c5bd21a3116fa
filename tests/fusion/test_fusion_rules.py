"""The matching rules and the incident figure, on reports built by hand (no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from marsad.fusion.figures import (
    LATEST_OFFICIAL,
    LOWEST_CREDIBLE,
    NONE_REPORTED,
    ONLY_CLAIM,
    choose_figure,
    combined_scale,
    is_official,
)
from marsad.fusion.reports import Report, actor_key
from marsad.fusion.rules import Matcher, default_fusion_rules
from marsad.geo.distance import haversine_km

RULES = default_fusion_rules()
MATCH = Matcher(RULES)


def report(
    event_id: str = "e1",
    *,
    article: str | None = None,
    outlet: str = "BBC",
    day: date = date(2018, 3, 3),
    event_type: str = "Explosions/Remote violence",
    sub: str = "Air/drone strike",
    lat: float | None = 35.61,
    lon: float | None = 36.56,
    precision: int | None = 1,
    admin1: str | None = "Idlib",
    country: str | None = "Syria",
    place: str = "كفرنبل",
    side1: tuple[str, ...] = ("Military Forces of Syria",),
    side2: tuple[str, ...] = ("Civilians (Syria)",),
    killed: int | None = None,
    attribution: str | None = None,
    hedged: bool = False,
    published: date | None = None,
    time_precision: int = 1,
) -> Report:
    return Report(
        event_id=event_id,
        article_id=article or f"art-{event_id}",
        seq=0,
        event_type=event_type,
        sub_event_type=sub,
        day=day,
        dated=True,
        time_precision=time_precision,
        latitude=lat,
        longitude=lon,
        geo_precision=precision,
        admin1=admin1,
        country=country,
        place_key=place,
        sides=(frozenset(actor_key(a) for a in side1), frozenset(actor_key(a) for a in side2)),
        outlet=outlet,
        published=published or day,
        updated_at=None,
        created_at=None,
        fatalities=(killed, None, killed),
        injuries=(None, None, None),
        casualties=(None, None, None),
        attribution=attribution,
        hedged=hedged,
        confidence=0.8,
    )


def test_haversine() -> None:
    assert haversine_km(35.6131, 36.5611, 35.6483, 36.6769) == pytest.approx(11.1, abs=0.5)
    assert haversine_km(35.6131, 36.5611, 35.8617, 36.8006) == pytest.approx(35, abs=2)


def test_same_place_and_day_match_and_say_why() -> None:
    m = MATCH.compare(report("a"), report("b", lat=35.6483, lon=36.6769, place="معرة النعمان"))
    assert m is not None and "km apart" in m.why and "same day" in m.why


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"day": date(2018, 3, 4)}, True),  # a day apart
        ({"day": date(2018, 3, 5)}, False),  # two days apart
        ({"day": date(2018, 3, 8), "time_precision": 2}, True),  # within the week a loose date allows
        ({"lat": 35.86, "lon": 36.80}, False),  # 35 km away
        ({"event_type": "Battles", "sub": "Armed clash"}, False),
        ({"sub": "Shelling/artillery/missile attack"}, True),  # same event type, another sub-type
        ({"lat": 35.93, "lon": 36.63, "precision": 3, "place": ""}, True),  # imprecise, same admin1
        (
            {"lat": 36.2, "lon": 37.1, "precision": 3, "admin1": "Aleppo", "place": ""},
            False,
        ),  # imprecise, other admin1
        ({"side1": ("Military Forces of Russia (2000-)",)}, False),  # two named attackers
        ({"side1": ("Unidentified Armed Group (Syria)",)}, True),  # an unknown attacker agrees
        ({"side1": ()}, True),  # no attacker named
        (
            {"side1": ("Military Forces of Syria", "Military Forces of Russia")},
            True,
        ),  # a coalition member in common
    ],
)
def test_matching_rules(change: dict[str, object], expected: bool) -> None:
    assert (MATCH.compare(report("a"), report("b", **change)) is not None) is expected  # type: ignore[arg-type]


def test_crossed_sides_need_a_real_overlap() -> None:
    clash = {"event_type": "Battles", "sub": "Armed clash"}
    a = report("a", side1=("Syrian Democratic Forces",), side2=("Islamic State (Syria)",), **clash)  # type: ignore[arg-type]
    b = report("b", side1=("Islamic State (Syria)",), side2=("Syrian Democratic Forces",), **clash)  # type: ignore[arg-type]
    assert MATCH.compare(a, b) is not None
    # Civilians are generic but no wildcard when the sides are crossed.
    c = report("c", side1=("Islamic State (Iraq)",), side2=("Civilians (Syria)",))
    assert MATCH.compare(report("a"), c) is None
    # The victims named as actor1 by one outlet, the attacker by the other: an unknown side agrees.
    victims = report("d", side1=("Sons of Iraq (Sahwa)",), side2=(), **clash)  # type: ignore[arg-type]
    attacker = report("e", side1=("Islamic State (Iraq)",), side2=(), **clash)  # type: ignore[arg-type]
    assert MATCH.compare(victims, attacker) is not None


def test_one_article_never_fuses_with_itself_and_undated_reports_do_not_match() -> None:
    assert MATCH.compare(report("a", article="x"), report("b", article="x")) is None
    assert MATCH.compare(report("a"), replace(report("b"), day=None)) is None


def test_country_only_or_no_place_needs_a_strong_match() -> None:
    nowhere = {"lat": None, "lon": None, "precision": None, "admin1": None, "place": ""}
    strong = report("b", **nowhere)  # type: ignore[arg-type]
    assert MATCH.compare(report("a"), strong) is not None
    assert (
        MATCH.compare(report("a"), replace(strong, sub_event_type="Shelling/artillery/missile attack"))
        is None
    )
    assert MATCH.compare(report("a"), replace(strong, day=date(2018, 3, 4))) is None
    generic_only = report("c", side1=(), **nowhere)  # type: ignore[arg-type]
    assert MATCH.compare(report("a"), generic_only) is None  # no named actor in common


def test_official_sources() -> None:
    assert is_official("وزارة الصحة", RULES)
    assert is_official("بحسب وزارة الداخلية", RULES)
    assert is_official("لوزارة الصحة", RULES)  # the clitic ل
    assert is_official("Interior Ministry spokesman", RULES)
    assert not is_official("المرصد السوري لحقوق الإنسان", RULES)
    assert not is_official("ناشطون", RULES)
    assert not is_official(None, RULES)


def test_incident_figure_rules() -> None:
    early = report("a", outlet="Sky", killed=12, attribution="ناشطون", published=date(2018, 3, 3))
    other = report("b", outlet="BBC", killed=8, attribution="مصادر طبية", published=date(2018, 3, 3))
    hedged = report("c", outlet="CNN", killed=3, attribution="أنباء غير مؤكدة", hedged=True)
    assert choose_figure([early], RULES).rule == ONLY_CLAIM
    lowest = choose_figure([early, other, hedged], RULES)
    assert (lowest.value, lowest.event_id, lowest.rule) == (8, "b", LOWEST_CREDIBLE)
    assert choose_figure([hedged], RULES).value == 3  # hedged figures count when nothing else does
    official = report(
        "d", outlet="France24", killed=20, attribution="وزارة الصحة", published=date(2018, 3, 4)
    )
    chosen = choose_figure([early, other, official], RULES)
    assert (chosen.value, chosen.rule) == (20, LATEST_OFFICIAL)
    newer_official = report(
        "e", outlet="CNN", killed=17, attribution="مديرية الصحة", published=date(2018, 3, 5)
    )
    assert choose_figure([early, official, newer_official], RULES).value == 17
    # An outlet's own later report replaces its earlier toll.
    sky_update = report("f", outlet="Sky", killed=15, attribution="ناشطون", published=date(2018, 3, 4))
    assert choose_figure([early, other, sky_update], RULES).value == 8
    assert choose_figure([early, sky_update], RULES).value == 15
    # Reports that give no death toll do not pull the figure to zero.
    silent = report("g", outlet="AFP", killed=0)
    assert choose_figure([silent, other], RULES).value == 8
    assert choose_figure([silent], RULES) == choose_figure([], RULES)
    assert choose_figure([], RULES).rule == NONE_REPORTED and choose_figure([], RULES).value == 0


def test_combined_source_scale() -> None:
    assert combined_scale(["BBC", "Sky News Arabia"], RULES) == "Regional-International"
    assert combined_scale(["SANA", "SOHR"], RULES) == "Other-National"
    assert combined_scale(["Unknown Wire"], RULES) == ""
