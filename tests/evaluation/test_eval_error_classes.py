"""Error classes of `marsad eval` (evaluation/error_classes.py) on small hand-made cases,
and agreement with the reference companion shared/tools/error_classes.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from eval_helpers import DEV_DIR, DEV_JSONL, SHARED, read_golds, synthetic_system_output, write_case
from typer.testing import CliRunner

from marsad.cli import app
from marsad.evaluation import evaluate
from marsad.evaluation.error_classes import ErrorClasses, classify_article, word_overlap
from marsad.evaluation.matching import match_events

REFERENCE_ERROR_CLASSES = SHARED / "tools" / "error_classes.py"

# Our own sentences (not from any corpus).
TEXT_C1 = (
    "دارت اشتباكات بين فصيلين مسلحين على أطراف بلدة خان شيخون فجر اليوم.\n"
    "وقتل أربعة مدنيين بقصف صاروخي على بلدة كفرنبل.\n"
    "وخرج طلاب في مسيرة وسط مدينة الرمادي للمطالبة بالإفراج عن زملائهم."
)
TEXT_C2 = "كتب المعلق أن الخطاب كان قذيفة سياسية أصابت خصومه في مقتل."

KHAN_SHAYKHUN = (35.442, 36.651)
KAFR_NABL = (35.614, 36.561)
ALEPPO = (36.202, 37.156)  # about 80 km from Kafr Nabl: beyond the 50 km of "same place"
RAMADI = (33.42, 43.30)
HOMS = (34.73, 36.71)

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
PROTESTS = "Protests"
RIOTS = "Riots"


def _gold(event_type: str, lat_lon: tuple[float, float], names: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "event_type": event_type,
        "sub_event_type": [],
        "location": {"names": names, "admin1": None, "lat": lat_lon[0], "lon": lat_lon[1]},
        "fatalities": None,
        "injuries": None,
        "casualties": None,
        "evidence": "",
        **extra,
    }


def _engine(
    event_type: str, lat_lon: tuple[float, float] | None, name: str, evidence: str = "", **extra: Any
) -> dict[str, Any]:
    location: dict[str, Any] = {"name": name, "country": "Syria"}
    if lat_lon is not None:
        location.update(lat=lat_lon[0], lon=lat_lon[1])
    return {
        "event_type": event_type,
        "location": location,
        "evidence": [{"start": 0, "end": len(evidence), "text": evidence}] if evidence else [],
        **extra,
    }


def _toll(best: int) -> dict[str, Any]:
    return {"best": best, "min": best, "max": None}


GOLD_C1 = [
    _gold(BATTLES, KHAN_SHAYKHUN, ["Khan Shaykhun"], evidence="دارت اشتباكات بين فصيلين مسلحين"),
    _gold(EXPLOSIONS, KAFR_NABL, ["Kafr Nabl"], fatalities=_toll(4)),
    _gold(PROTESTS, RAMADI, ["Ramadi"], evidence="وخرج طلاب في مسيرة وسط مدينة الرمادي"),
    _gold("Strategic developments", HOMS, ["Homs"]),
]
ENGINE_C1 = [
    _engine(BATTLES, KHAN_SHAYKHUN, "Khan Shaykhun", "دارت اشتباكات بين فصيلين مسلحين"),  # matched
    _engine(EXPLOSIONS, ALEPPO, "Aleppo", "وقتل أربعة مدنيين بقصف صاروخي", fatalities=_toll(4)),
    _engine(RIOTS, (33.43, 43.31), "Ramadi", "وخرج طلاب في مسيرة"),  # same place, other type
    # A second event 5 km from the matched clash, same type: one incident coded twice.
    _engine(BATTLES, (KHAN_SHAYKHUN[0] + 0.045, KHAN_SHAYKHUN[1]), "Khan Shaykhun"),
    # Same type as the missed Kafr Nabl shelling would allow, but no shared toll or words.
    _engine(EXPLOSIONS, (36.0, 38.0), "Manbij", "كتب المعلق أن الخطاب كان قذيفة"),
]


def _classes(system: list[dict[str, Any]], gold: list[dict[str, Any]]) -> ErrorClasses:
    out = ErrorClasses()
    classify_article(out, "c1", system, gold, match_events(system, gold))
    return out


def test_every_class_once() -> None:
    errors = _classes(ENGINE_C1, GOLD_C1)
    assert errors.counts == {
        "tp": 1,
        "misplaced": 1,
        "mistyped": 1,
        "oversplit": 1,
        "spurious": 1,
        "missed": 1,
    }
    (misplaced,) = errors.items_of("misplaced")
    assert misplaced.gold is not None and misplaced.gold.place == "Kafr Nabl"
    assert misplaced.system is not None and misplaced.system.place == "Aleppo"
    (mistyped,) = errors.items_of("mistyped")
    assert mistyped.gold is not None and mistyped.gold.event_type == PROTESTS
    assert mistyped.system is not None and mistyped.system.event_type == RIOTS
    (missed,) = errors.items_of("missed")
    assert missed.gold is not None and missed.gold.place == "Homs" and missed.system is None
    (spurious,) = errors.items_of("spurious")
    assert spurious.system is not None and spurious.system.place == "Manbij"


def test_wrong_place_needs_a_sign_of_the_same_incident() -> None:
    far = _engine(EXPLOSIONS, ALEPPO, "Aleppo")
    gold = [_gold(EXPLOSIONS, KAFR_NABL, ["Kafr Nabl"], fatalities=_toll(4))]
    assert _classes([far], gold).counts["misplaced"] == 0
    assert _classes([{**far, "fatalities": _toll(4)}], gold).counts["misplaced"] == 1
    assert _classes([{**far, "injuries": _toll(4)}], gold).counts["misplaced"] == 1  # any toll field
    worded = [_gold(EXPLOSIONS, KAFR_NABL, ["Kafr Nabl"], evidence="وقتل أربعة مدنيين بقصف صاروخي")]
    by_words = _engine(EXPLOSIONS, ALEPPO, "Aleppo", "وقتل أربعة مدنيين بقصف صاروخي على بلدة كفرنبل")
    assert _classes([by_words], worded).counts == {**dict.fromkeys(ErrorClasses().counts, 0), "misplaced": 1}
    # Half of the shorter quote's words is enough; fewer is not.
    four_words = [_gold(EXPLOSIONS, KAFR_NABL, ["Kafr Nabl"], evidence="قصف صاروخي على كفرنبل")]
    half = _engine(EXPLOSIONS, ALEPPO, "Aleppo", "قصف مدفعي على حلب")
    quarter = _engine(EXPLOSIONS, ALEPPO, "Aleppo", "قصف مدفعي في حلب")
    assert _classes([half], four_words).counts["misplaced"] == 1
    assert _classes([quarter], four_words).counts["misplaced"] == 0


def test_engine_with_only_a_country_is_a_wrong_place() -> None:
    country_only = {
        "event_type": EXPLOSIONS,
        "location": {"name": "Syria", "country": "Syria"},
        "fatalities": _toll(4),
        "evidence": [],
    }
    gold = [_gold(EXPLOSIONS, KAFR_NABL, ["Kafr Nabl"], fatalities=_toll(4))]
    assert _classes([country_only], gold).counts["misplaced"] == 1


def test_a_false_alarm_explains_one_missed_event_only() -> None:
    gold = [
        _gold(EXPLOSIONS, KAFR_NABL, ["Kafr Nabl"], fatalities=_toll(4)),
        _gold(EXPLOSIONS, KHAN_SHAYKHUN, ["Khan Shaykhun"], fatalities=_toll(4)),
    ]
    errors = _classes([_engine(EXPLOSIONS, ALEPPO, "Aleppo", fatalities=_toll(4))], gold)
    assert (errors.counts["misplaced"], errors.counts["missed"]) == (1, 1)
    # The earlier gold event takes it, as in the reference.
    (misplaced,) = errors.items_of("misplaced")
    assert misplaced.gold is not None and misplaced.gold.place == "Kafr Nabl"


def test_split_needs_the_type_and_place_of_a_matched_pair() -> None:
    gold = [_gold(BATTLES, KHAN_SHAYKHUN, ["Khan Shaykhun"])]
    matched = _engine(BATTLES, KHAN_SHAYKHUN, "Khan Shaykhun")
    second_clash = _engine(BATTLES, (KHAN_SHAYKHUN[0] + 0.09, KHAN_SHAYKHUN[1]), "Khan Shaykhun")
    shelling_there = _engine(EXPLOSIONS, KHAN_SHAYKHUN, "Khan Shaykhun")
    clash_far = _engine(BATTLES, HOMS, "Homs")
    errors = _classes([matched, second_clash, shelling_there, clash_far], gold)
    assert errors.counts["oversplit"] == 1
    assert errors.counts["spurious"] == 2


def test_word_overlap_is_over_the_shorter_quote() -> None:
    assert word_overlap("قصف صاروخي", "وقتل أربعة مدنيين بقصف صاروخي") == 0.5
    assert word_overlap("", "قصف") == 0.0


# --- through evaluate() and the command ----------------------------------------------------


@pytest.fixture
def case(tmp_path: Path) -> tuple[Path, Path, Path]:
    golds = [
        {"article_id": "c1", "published": "2018-05-03", "events": GOLD_C1},
        {"article_id": "c2", "published": "2018-05-03", "events": []},
    ]
    records = [
        {"article_id": "c1", "events": ENGINE_C1},
        {"article_id": "c2", "events": [_engine(EXPLOSIONS, HOMS, "Homs", "قذيفة سياسية")]},
    ]
    return write_case(tmp_path, golds, {"c1": TEXT_C1, "c2": TEXT_C2}, records)


def test_counts_add_up_with_the_scores(case: tuple[Path, Path, Path]) -> None:
    report = evaluate(*case)
    c = report.error_classes.counts
    assert c == {"tp": 1, "misplaced": 1, "mistyped": 1, "oversplit": 1, "spurious": 2, "missed": 1}
    assert c["tp"] + c["misplaced"] + c["mistyped"] + c["missed"] == report.metrics["gold_events"]
    engine_total = c["tp"] + c["misplaced"] + c["mistyped"] + c["oversplit"] + c["spurious"]
    assert engine_total == report.metrics["system_events"]
    assert [item.article_id for item in report.error_classes.items_of("spurious")] == ["c1", "c2"]


def test_cli_prints_the_classes_and_lists_them_with_verbose(case: tuple[Path, Path, Path]) -> None:
    plain = CliRunner().invoke(app, ["eval", *map(str, case)], env={"COLUMNS": "200"})
    assert plain.exit_code == 0, plain.output
    assert "split incident (oversplit)" in plain.stdout and "non-news (spurious)" in plain.stdout
    assert "## " not in plain.stdout
    verbose = CliRunner().invoke(app, ["eval", *map(str, case), "-v"], env={"COLUMNS": "250"})
    assert verbose.exit_code == 0, verbose.output
    assert "## wrong place (misplaced): 1" in verbose.stdout
    assert "gold: Explosions/Remote violence / ? @ Kafr Nabl [killed 4]" in verbose.stdout
    assert "engine: Explosions/Remote violence / ? @ Aleppo" in verbose.stdout
    assert "## non-news (spurious): 2" in verbose.stdout and "«قذيفة سياسية»" in verbose.stdout


def test_cli_json(case: tuple[Path, Path, Path]) -> None:
    plain = json.loads(CliRunner().invoke(app, ["eval", *map(str, case), "--json"]).stdout)
    assert "error_classes" not in plain  # plain --json stays the reference scorer's object
    verbose = json.loads(CliRunner().invoke(app, ["eval", *map(str, case), "--json", "--verbose"]).stdout)
    assert verbose["metrics"] == plain
    assert verbose["error_classes"]["counts"]["oversplit"] == 1
    assert {item["error_class"] for item in verbose["error_classes"]["items"]} == {
        "misplaced",
        "mistyped",
        "oversplit",
        "spurious",
        "missed",
    }
    with_articles = json.loads(
        CliRunner().invoke(app, ["eval", *map(str, case), "--json", "--articles"]).stdout
    )
    assert with_articles["error_classes"] == {"counts": verbose["error_classes"]["counts"]}


# --- agreement with the reference companion --------------------------------------------------


def _reference_counts(gold_dir: Path, input_jsonl: Path, system_jsonl: Path) -> dict[str, int]:
    out = subprocess.run(
        [sys.executable, str(REFERENCE_ERROR_CLASSES), str(gold_dir), str(input_jsonl), str(system_jsonl)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.splitlines()[0])


needs_reference = pytest.mark.skipif(
    not (REFERENCE_ERROR_CLASSES.is_file() and DEV_DIR.is_dir()), reason="../shared not present"
)


@needs_reference
def test_hand_made_case_agrees_with_reference(case: tuple[Path, Path, Path]) -> None:
    assert evaluate(*case).error_classes.counts == _reference_counts(*case)


@needs_reference
def test_dev_synthetic_output_agrees_with_reference(tmp_path: Path) -> None:
    texts = {
        str(row["id"]): row["text"]
        for row in map(json.loads, DEV_JSONL.read_text(encoding="utf-8").splitlines())
        if row
    }
    reached: dict[str, int] = {}
    for seed in range(4):
        lines = synthetic_system_output(read_golds(DEV_DIR), texts, seed)
        # The reference reads every line as JSON: keep only the parseable ones for both.
        parseable = [line for line in lines if line.strip() and _is_json(line)]
        system = tmp_path / f"system-{seed}.jsonl"
        system.write_text("\n".join(parseable) + "\n", encoding="utf-8")
        ours = evaluate(DEV_DIR, DEV_JSONL, system).error_classes.counts
        assert ours == _reference_counts(DEV_DIR, DEV_JSONL, system), seed
        reached = {name: reached.get(name, 0) + n for name, n in ours.items()}
    # The perturbations must reach every class, or agreement proves little.
    assert all(reached[name] > 0 for name in ("misplaced", "mistyped", "oversplit", "spurious", "missed"))


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True
