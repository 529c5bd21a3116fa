"""The gold checks (gold-format.md): every shared gold file passes them, and each broken field
of a good event is caught."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from marsad.evaluation.gold_checks import gold_problems

TEXT = "قتل ثلاثة مدنيين في قصف على بلدة المثال يوم الأحد."
GOOD: dict[str, Any] = {
    "article_id": "t-gold",
    "published": "2019-01-06",
    "events": [
        {
            "event_type": "Explosions/Remote violence",
            "sub_event_type": ["Shelling/artillery/missile attack"],
            "date": "2019-01-06",
            "actor1": None,
            "actor2": ["Civilians (Syria)", "مدنيين"],
            "location": {
                "names": ["المثال"],
                "admin1": "Idlib",
                "country": "Syria",
                "lat": 35.9,
                "lon": 36.6,
                "geo_precision": 1,
            },
            "fatalities": {"best": 3, "min": 3, "max": None},
            "injuries": None,
            "casualties": None,
            "losses": [],
            "attribution": None,
            "evidence": "قتل ثلاثة مدنيين في قصف",
            "note": "written for this test",
        }
    ],
}


def test_every_shared_gold_file_passes(shared_dir: Path) -> None:
    files = sorted((shared_dir / "corpus").glob("dev*/*.gold.json"))
    assert len(files) > 200
    for path in files:
        text = path.with_name(path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        assert gold_problems(json.loads(path.read_text(encoding="utf-8")), text) == [], path.name


def test_a_good_file_passes() -> None:
    assert gold_problems(GOOD, TEXT) == []


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("sub_event_type", "Shelling/artillery/missile attack", "non-empty list"),
        ("sub_event_type", ["Peaceful protest"], "not a sub-type"),
        ("event_type", "Skirmish", "not an ACLED event type"),
        ("date", "06/01/2019", "YYYY-MM-DD"),
        ("actor1", [], "non-empty list"),
        ("fatalities", {"best": 3, "min": 4}, "min"),
        ("fatalities", 3, "best"),
        ("location", {"names": ["x"], "lat": 35.9, "lon": None}, "both or neither"),
        ("losses", [{"item": "spaceship", "count": 1}], "losses"),
        ("evidence", "قصف على مدينة أخرى", "not in the article"),
    ],
)
def test_each_broken_field_is_caught(field: str, value: Any, expected: str) -> None:
    gold = copy.deepcopy(GOOD)
    gold["events"][0][field] = value
    problems = gold_problems(gold, TEXT)
    assert problems and any(expected in p for p in problems), problems
