"""The founding report (south-west Aleppo): everything in it must come out right."""

from __future__ import annotations

import json

import pytest

from marsad.evaluation import evaluate
from marsad.extract.pipeline import extract_record
from tests.integration.shared import shared_path

SEED_ID = "aleppo-southwest-offensive.ar"


@pytest.fixture(scope="module")
def seed() -> tuple[str, dict]:
    text = shared_path("samples", f"{SEED_ID}.txt").read_text(encoding="utf-8")
    return text, extract_record({"id": SEED_ID, "text": text})


def test_two_events_and_nothing_else(seed) -> None:
    _, rec = seed
    assert [e["sub_event_type"] for e in rec["events"]] == ["Air/drone strike", "Armed clash"]


def test_air_strike(seed) -> None:
    _, rec = seed
    strike = rec["events"][0]
    assert strike["casualties"] == {"min": 41, "max": None, "best": 41}
    assert strike["fatalities"] is None and strike["injuries"] is None
    assert strike["attribution"]["hedged"] is True
    assert "المنار" in strike["attribution"]["source"]
    names = {strike["actor1"]["name"], strike["actor2"]["name"]}
    assert "Jaish al-Fath" in names
    assert strike["actor1"]["kind"] == "state"
    assert strike["location"]["admin1"] == "Aleppo"


def test_battle(seed) -> None:
    _, rec = seed
    battle = rec["events"][1]
    assert battle["fatalities"]["best"] == 12
    assert sorted((x["item"], x["count"]) for x in battle["losses"]) == sorted(
        [("tank", 6), ("armoured_vehicle", 4), ("technical", 4), ("military_vehicle", 1), ("pickup", 2)]
    )
    assert battle["location"]["geo_precision"] == 2
    assert battle["location"]["admin1"] == "Aleppo"


def test_evidence_is_exact(seed) -> None:
    text, rec = seed
    for ev in rec["events"]:
        for span in ev["evidence"]:
            assert text[span["start"] : span["end"]] == span["text"]


def test_reference_metrics(seed, tmp_path) -> None:
    text, rec = seed
    inp = tmp_path / "in.jsonl"
    out = tmp_path / "out.jsonl"
    inp.write_text(json.dumps({"id": SEED_ID, "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    out.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    m = evaluate(shared_path("samples"), inp, out).metrics
    assert m["event_f1"] == 1.0
    assert m["losses_f1"] == 1.0
    assert m["casualties"] == 1.0 and m["fatalities"] == 1.0
    assert m["actors"] == 1.0 and m["attribution"] == 1.0 and m["evidence_exact"] == 1.0
