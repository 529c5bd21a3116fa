"""evaluate() on small hand-made gold and engine files, and the `marsad eval` command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eval_helpers import reference_available, reference_metrics, write_case
from typer.testing import CliRunner

from marsad.cli import app
from marsad.evaluation import evaluate
from marsad.evaluation.matching import match_events

# Our own sentences (not from any corpus).
TEXT_A1 = (
    "سقط خمسة قتلى مدنيين وعشرات الجرحى أمس بقصف مدفعي استهدف بلدة كفرنبل بريف إدلب الجنوبي، بحسب المرصد.\n"
    "واندلعت اشتباكات عنيفة قرب بلدة خان شيخون بين فصائل المعارضة والقوات الحكومية."
)
TEXT_A2 = "أحيا سكان المدينة الذكرى السنوية للمعركة التي وقعت قبل عشرين عاماً."
TEXT_A3 = "فجر انتحاري نفسه عند حاجز أمني في مدينة الرمادي، دون أن يسفر الهجوم عن إصابات."

KAFR_NABL = (35.614, 36.561)
KHAN_SHAYKHUN = (35.442, 36.651)
RAMADI = (33.42, 43.30)


def _span(text: str, quote: str, shift_end: int = 0) -> dict[str, Any]:
    start = text.index(quote)
    return {"start": start, "end": start + len(quote) + shift_end, "text": quote}


def _gold_location(
    names: list[str], lat_lon: tuple[float, float] | None, admin1: str | None
) -> dict[str, Any]:
    lat, lon = lat_lon or (None, None)
    return {"names": names, "admin1": admin1, "country": "Syria", "lat": lat, "lon": lon, "geo_precision": 1}


def _count(best: int | None) -> dict[str, Any] | None:
    return None if best is None else {"best": best, "min": best, "max": None}


GOLD_A1 = {
    "article_id": "a1",
    "published": "2018-05-03",
    "events": [
        {
            "event_type": "Explosions/Remote violence",
            "sub_event_type": ["Shelling/artillery/missile attack"],
            "date": "2018-05-02",
            "actor1": ["Military Forces of Syria", "القوات الحكومية"],
            "actor2": ["Civilians (Syria)", "مدنيين"],
            "location": _gold_location(["Kafr Nabl", "كفرنبل"], KAFR_NABL, "Idlib"),
            "fatalities": _count(5),
            "injuries": _count(12),
            "casualties": None,
            "losses": [],
            "attribution": ["المرصد", "SOHR"],
            "evidence": "سقط خمسة قتلى مدنيين وعشرات الجرحى أمس بقصف مدفعي",
        },
        {
            "event_type": "Battles",
            "sub_event_type": ["Armed clash"],
            "date": None,
            "actor1": ["فصائل المعارضة"],
            "actor2": ["القوات الحكومية"],
            "location": _gold_location(["Khan Shaykhun", "خان شيخون"], KHAN_SHAYKHUN, "Idlib"),
            "fatalities": None,
            "injuries": None,
            "casualties": None,
            "losses": [],
            "attribution": None,
            "evidence": "واندلعت اشتباكات عنيفة قرب بلدة خان شيخون",
        },
    ],
}
GOLD_A2 = {"article_id": "a2", "published": "2018-05-03", "events": []}
GOLD_A3 = {
    "article_id": "a3",
    "published": "2018-05-03",
    "events": [
        {
            "event_type": "Explosions/Remote violence",
            "sub_event_type": ["Suicide bomb"],
            "date": "2018-05-03",
            "actor1": None,
            "actor2": None,
            "location": {
                "names": ["Ramadi", "الرمادي"],
                "admin1": "Al Anbar",
                "country": "Iraq",
                "lat": RAMADI[0],
                "lon": RAMADI[1],
                "geo_precision": 1,
            },
            "fatalities": _count(1),
            "injuries": _count(0),
            "casualties": None,
            "losses": [],
            "attribution": None,
            "evidence": "فجر انتحاري نفسه عند حاجز أمني في مدينة الرمادي",
        }
    ],
}


def _system_a1() -> dict[str, Any]:
    shelling = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "date": "2018-05-02",
        # Roles swapped on purpose: actor order is not scored.
        "actor1": {"mention": "مدنيين"},
        "actor2": {"name": "Syrian government", "mention": "القوات الحكومية"},
        "location": {
            "name": "Kafr Nabl",
            "admin1": "Idleb",
            "lat": KAFR_NABL[0] + 0.045,
            "lon": KAFR_NABL[1],
        },
        "fatalities": {"min": 5, "max": None, "best": 5},
        "injuries": {"min": 12, "max": None, "best": 12},
        "casualties": None,
        "losses": [],
        # A longer source does not contain the short gold name "المرصد", and one word is not specific.
        "attribution": {"source": "المرصد السوري لحقوق الإنسان", "hedged": False},
        "evidence": [_span(TEXT_A1, "سقط خمسة قتلى مدنيين وعشرات الجرحى أمس بقصف مدفعي")],
        "confidence": 0.9,
    }
    clash = {
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "date": None,
        "actor1": {"mention": "فصائل المعارضة المسلحة"},
        "actor2": {"name": "الجيش"},
        "location": {"name": "Khan Shaykhun", "lat": KHAN_SHAYKHUN[0], "lon": KHAN_SHAYKHUN[1]},
        "fatalities": {"min": 0, "max": 0, "best": 0},
        "injuries": None,
        "casualties": None,
        "losses": [],
        "attribution": None,
        "evidence": [_span(TEXT_A1, "واندلعت اشتباكات عنيفة", shift_end=1)],
        "confidence": 0.85,
    }
    invented = {
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "location": {"name": "Kafr Nabl", "lat": KAFR_NABL[0], "lon": KAFR_NABL[1]},
        "evidence": [],
        "confidence": 0.95,
    }
    return {"article_id": "a1", "events": [shelling, clash, invented]}


@pytest.fixture
def case(tmp_path: Path) -> tuple[Path, Path, Path]:
    records = [
        _system_a1(),
        {
            "article_id": "a2",
            "events": [
                {
                    "event_type": "Battles",
                    "sub_event_type": "Armed clash",
                    "location": {"name": "Aleppo", "lat": 36.2, "lon": 37.16},
                    "confidence": 0.5,
                    "evidence": [_span(TEXT_A2, "الذكرى السنوية للمعركة")],
                }
            ],
        },
        {"article_id": "not-in-gold", "events": [{"event_type": "Battles"}]},
    ]
    return write_case(
        tmp_path,
        [GOLD_A1, GOLD_A2, GOLD_A3],
        {"a1": TEXT_A1, "a2": TEXT_A2, "a3": TEXT_A3},
        records,
        extra_lines=('{"article_id": "a3", "events": [', ""),
    )


def _agrees_with_reference(paths: tuple[Path, Path, Path], metrics: dict[str, Any]) -> None:
    if reference_available():
        assert metrics == reference_metrics(*paths)


def test_event_matching_and_field_metrics(case: tuple[Path, Path, Path]) -> None:
    m = evaluate(*case).metrics
    assert (m["articles"], m["articles_missing_from_output"], m["unparseable_output_lines"]) == (3, 1, 1)
    assert (m["gold_events"], m["system_events"]) == (3, 4)
    assert (m["event_precision"], m["event_recall"], m["event_f1"]) == (0.5, 0.667, 0.571)
    assert m["place_only_f1"] == 0.571
    assert (m["sub_event_type"], m["sub_event_type_n"]) == (1.0, 2)
    assert (m["actors"], m["actors_n"]) == (0.75, 4)  # الجيش is too generic for القوات الحكومية
    assert (m["location_10km"], m["location_10km_n"]) == (1.0, 2)
    assert (m["location_50km"], m["location_50km_n"]) == (1.0, 2)
    assert (m["admin1"], m["admin1_n"]) == (0.5, 2)  # Idleb == Idlib; the clash gives no admin1
    assert (m["fatalities"], m["fatalities_n"]) == (1.0, 1)  # engine 0 where gold has no figure: not scored
    assert (m["injuries"], m["injuries_n"]) == (1.0, 1)
    assert (m["casualties"], m["casualties_n"]) == (None, 0)
    assert (m["date"], m["date_n"]) == (1.0, 1)
    assert (m["attribution"], m["attribution_n"]) == (0.0, 1)
    assert (m["evidence_exact"], m["evidence_exact_n"]) == (0.667, 3)  # one span is one character too long
    assert (m["confident_precision"], m["confident_precision_n"]) == (0.667, 3)  # 0.5 is not confident
    assert m["losses_f1"] is None
    _agrees_with_reference(case, m)


def test_per_article_view(case: tuple[Path, Path, Path]) -> None:
    per_article = evaluate(*case).per_article
    assert list(per_article) == ["a1", "a2", "a3"]
    a1, a2, a3 = per_article["a1"], per_article["a2"], per_article["a3"]
    assert (a1.tp, a1.fp, a1.fn, a1.missed) == (2, 1, 0, [])
    assert [b.line() for b in a1.false_alarms] == ["Battles / Armed clash @ Kafr Nabl"]
    assert (a2.tp, a2.fp, a2.fn) == (0, 1, 0)
    assert "«الذكرى السنوية للمعركة»" in a2.false_alarms[0].line()
    assert (a3.in_output, a3.tp, a3.fp, a3.fn) == (False, 0, 0, 1)
    line = a3.missed[0].line()
    assert line.startswith("Explosions/Remote violence / Suicide bomb @ Ramadi [killed 1, wounded 0]")
    assert "فجر انتحاري" in line


def test_type_must_agree_for_a_match_but_not_for_place_only(tmp_path: Path) -> None:
    record = {
        "article_id": "a3",
        "events": [
            {
                "event_type": "Violence against civilians",
                "sub_event_type": "Attack",
                "location": {"name": "الرمادي", "lat": RAMADI[0], "lon": RAMADI[1]},
            }
        ],
    }
    paths = write_case(tmp_path, [GOLD_A3], {"a3": TEXT_A3}, [record])
    m = evaluate(*paths).metrics
    assert (m["event_f1"], m["place_only_f1"]) == (0.0, 1.0)
    _agrees_with_reference(paths, m)


@pytest.mark.parametrize(
    ("gold_best", "system_best", "scored", "correct"),
    [
        (12, 12, True, True),  # "عشرات" coded as 12 on both sides
        (12, 10, True, False),  # "several" (10) is not "dozens" (12)
        (0, None, True, False),  # gold "no casualties" and the engine says nothing
        (0, 0, True, True),
        (None, 3, True, False),  # engine invents a figure
        (None, 0, False, False),  # engine says zero where the gold has none: not scored
        (None, None, False, False),
        (41, 41.0, True, True),
    ],
)
def test_count_scoring(
    tmp_path: Path, gold_best: int | None, system_best: float | None, scored: bool, correct: bool
) -> None:
    gold = json.loads(json.dumps(GOLD_A3))
    gold["events"][0]["casualties"] = _count(gold_best)
    event = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Suicide bomb",
        "location": {"lat": RAMADI[0], "lon": RAMADI[1]},
        "casualties": None if system_best is None else {"best": system_best},
    }
    paths = write_case(tmp_path, [gold], {"a3": TEXT_A3}, [{"article_id": "a3", "events": [event]}])
    m = evaluate(*paths).metrics
    assert m["casualties_n"] == int(scored)
    assert m["casualties"] == (None if not scored else float(correct))
    _agrees_with_reference(paths, m)


def test_losses_f1_over_item_and_count(tmp_path: Path) -> None:
    gold = json.loads(json.dumps(GOLD_A3))
    gold["events"][0]["losses"] = [{"item": "tank", "count": 2}, {"item": "technical", "count": 1}]
    event = {
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Suicide bomb",
        "location": {"lat": RAMADI[0], "lon": RAMADI[1]},
        "losses": [{"item": "tank", "count": 2, "side": "actor2"}, {"item": "technical", "count": 2}],
    }
    paths = write_case(tmp_path, [gold], {"a3": TEXT_A3}, [{"article_id": "a3", "events": [event]}])
    m = evaluate(*paths).metrics
    assert m["losses_f1"] == 0.5  # tp 1, fp 1, fn 1
    _agrees_with_reference(paths, m)


def _event(lat: float, lon: float, sub: str = "Armed clash", event_type: str = "Battles") -> dict[str, Any]:
    return {"event_type": event_type, "sub_event_type": sub, "location": {"lat": lat, "lon": lon}}


def _gold_event(
    lat: float | None,
    lon: float | None,
    subs: list[str],
    names: list[str] | None = None,
    admin1: str | None = None,
) -> dict[str, Any]:
    return {
        "event_type": "Battles",
        "sub_event_type": subs,
        "location": {"names": names or [], "admin1": admin1, "lat": lat, "lon": lon},
    }


def test_matching_prefers_nearer_pairs() -> None:
    gold = [_gold_event(35.0, 36.0, ["Armed clash"]), _gold_event(35.3, 36.0, ["Armed clash"])]
    system = [_event(35.25, 36.0), _event(35.01, 36.0)]
    assert sorted(match_events(system, gold)) == [(0, 1), (1, 0)]


def test_matching_uses_distance_limit_and_type() -> None:
    gold = [_gold_event(35.0, 36.0, ["Armed clash"])]
    assert match_events([_event(35.4, 36.0)], gold) == [(0, 0)]  # about 44 km
    assert match_events([_event(35.5, 36.0)], gold) == []  # about 56 km
    wrong_type = [_event(35.0, 36.0, "Air/drone strike", "Explosions/Remote violence")]
    assert match_events(wrong_type, gold) == []
    assert match_events(wrong_type, gold, same_type=False) == [(0, 0)]


def test_matching_accepted_sub_type_breaks_near_ties() -> None:
    gold = [
        _gold_event(35.0, 36.0, ["Armed clash"]),
        _gold_event(35.0, 36.0, ["Government regains territory"]),
    ]
    system = [_event(35.0, 36.0, "Government regains territory")]
    assert match_events(system, gold) == [(0, 1)]


def test_matching_equal_scores_go_to_the_later_event() -> None:
    gold = [_gold_event(35.0, 36.0, ["Armed clash"])]
    assert match_events([_event(35.0, 36.0), _event(35.0, 36.0)], gold) == [(1, 0)]


def test_matching_gold_without_coordinates_by_name_or_admin1() -> None:
    gold = [_gold_event(None, None, ["Armed clash"], names=["ريف حماة الشمالي"], admin1="Hama")]
    by_name = {
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "location": {"mention": "في ريف حماة الشمالي", "lat": 35.3, "lon": 36.6},
    }
    by_admin1 = {"event_type": "Battles", "location": {"name": "Kafr Zita", "admin1": "Hama Governorate"}}
    elsewhere = {"event_type": "Battles", "location": {"name": "Kafr Zita", "admin1": "Homs"}}
    assert match_events([by_name], gold) == [(0, 0)]
    assert match_events([by_admin1], gold) == [(0, 0)]
    assert match_events([elsewhere], gold) == []


# --- the command ---------------------------------------------------------------------------


def test_cli_json_prints_the_metrics(case: tuple[Path, Path, Path]) -> None:
    result = CliRunner().invoke(app, ["eval", *map(str, case), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == evaluate(*case).metrics


def test_cli_json_with_articles_adds_the_per_article_view(case: tuple[Path, Path, Path]) -> None:
    result = CliRunner().invoke(app, ["eval", *map(str, case), "--json", "--articles"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["metrics"]["event_f1"] == 0.571
    assert payload["articles"]["a3"]["missed"][0]["sub_event_type"] == "Suicide bomb"


def test_cli_table_and_articles(case: tuple[Path, Path, Path]) -> None:
    result = CliRunner().invoke(app, ["eval", *map(str, case), "--articles"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "event_f1" in out and "0.571" in out
    assert "confident_precision" in out
    assert "a3 tp=0 fp=0 fn=1 (not in output)" in out
    assert "missed" in out and "Suicide bomb @ Ramadi" in out
    assert "false alarm" in out and "Battles / Armed clash @ Kafr Nabl" in out


def test_cli_needs_system_output_or_run(case: tuple[Path, Path, Path]) -> None:
    gold_dir, input_jsonl, system_jsonl = case
    assert CliRunner().invoke(app, ["eval", str(gold_dir), str(input_jsonl)]).exit_code != 0
    both = CliRunner().invoke(app, ["eval", str(gold_dir), str(input_jsonl), str(system_jsonl), "--run"])
    assert both.exit_code != 0


def test_cli_run_scores_the_engine(case: tuple[Path, Path, Path]) -> None:
    gold_dir, input_jsonl, _ = case
    result = CliRunner().invoke(app, ["eval", str(gold_dir), str(input_jsonl), "--run", "--json"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["articles"] == 3
    assert metrics["articles_missing_from_output"] == 0
    assert metrics["gold_events"] == 3
