"""`evaluate` must give exactly the reference scorer's figures (shared/tools/score.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval_helpers import (
    DEV_DIR,
    DEV_JSONL,
    SAMPLES_DIR,
    SEED_ID,
    read_golds,
    reference_available,
    reference_metrics,
    reference_per_article,
    synthetic_system_output,
    write_jsonl,
)
from typer.testing import CliRunner

from marsad.cli import app
from marsad.evaluation import evaluate, run_engine

pytestmark = pytest.mark.skipif(
    not (reference_available() and DEV_JSONL.is_file() and DEV_DIR.is_dir()),
    reason="../shared (reference scorer and dev corpus) not present",
)


def _texts(input_jsonl: Path) -> dict[str, str]:
    rows = [json.loads(line) for line in input_jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {str(r["id"]): r["text"] for r in rows}


def _assert_same(gold_dir: Path, input_jsonl: Path, system_jsonl: Path) -> dict:
    ours = evaluate(gold_dir, input_jsonl, system_jsonl)
    theirs = reference_metrics(gold_dir, input_jsonl, system_jsonl)
    assert ours.metrics == theirs
    assert list(ours.metrics) == list(theirs)  # same keys in the same order
    per_article = {aid: (r.tp, r.fp, r.fn) for aid, r in ours.per_article.items()}
    assert per_article == reference_per_article(gold_dir, input_jsonl, system_jsonl)
    return ours.metrics


@pytest.fixture(scope="module")
def seed_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text_path = SAMPLES_DIR / f"{SEED_ID}.txt"
    if not text_path.is_file():
        pytest.skip("seed sample not present")
    path = tmp_path_factory.mktemp("seed") / "seed.jsonl"
    return write_jsonl(path, [{"id": SEED_ID, "text": text_path.read_text(encoding="utf-8")}])


@pytest.mark.parametrize("seed", range(8))
def test_dev_synthetic_output_agrees(tmp_path: Path, seed: int) -> None:
    lines = synthetic_system_output(read_golds(DEV_DIR), _texts(DEV_JSONL), seed)
    system = tmp_path / "system.jsonl"
    system.write_text("\n".join(lines) + "\n", encoding="utf-8")
    metrics = _assert_same(DEV_DIR, DEV_JSONL, system)
    # The perturbations must exercise every metric, or agreement proves little.
    assert metrics["unparseable_output_lines"] == 1
    assert metrics["articles_missing_from_output"] > 0
    for key in (
        "sub_event_type",
        "actors",
        "location_10km",
        "location_50km",
        "admin1",
        "fatalities",
        "injuries",
        "casualties",
        "date",
        "attribution",
        "evidence_exact",
        "confident_precision",
    ):
        assert metrics[f"{key}_n"] > 0, key
        # Dev gold has a single lumped toll, so casualties is mostly invented figures (all wrong).
        if key != "casualties":
            assert 0.0 < metrics[key] < 1.0, key
    assert 0.0 < metrics["event_f1"] < metrics["place_only_f1"] <= 1.0
    assert metrics["losses_f1"] is not None


def test_dev_engine_output_agrees(tmp_path: Path) -> None:
    system = tmp_path / "engine.jsonl"
    assert run_engine(DEV_JSONL, system) == len(_texts(DEV_JSONL))
    metrics = _assert_same(DEV_DIR, DEV_JSONL, system)
    assert metrics["articles"] == 50
    assert metrics["articles_missing_from_output"] == 0
    assert metrics["unparseable_output_lines"] == 0


def test_cli_run_gives_reference_figures(tmp_path: Path) -> None:
    system = tmp_path / "engine.jsonl"
    run_engine(DEV_JSONL, system)
    result = CliRunner().invoke(app, ["eval", str(DEV_DIR), str(DEV_JSONL), "--run", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == reference_metrics(DEV_DIR, DEV_JSONL, system)


def test_seed_engine_output_agrees(tmp_path: Path, seed_input: Path) -> None:
    system = tmp_path / "engine.jsonl"
    run_engine(seed_input, system)
    metrics = _assert_same(SAMPLES_DIR, seed_input, system)
    assert metrics["articles"] == 1
    assert metrics["gold_events"] == 2


@pytest.mark.parametrize("seed", range(4))
def test_seed_synthetic_output_agrees(tmp_path: Path, seed_input: Path, seed: int) -> None:
    lines = synthetic_system_output(read_golds(SAMPLES_DIR), _texts(seed_input), seed)
    system = tmp_path / "system.jsonl"
    system.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _assert_same(SAMPLES_DIR, seed_input, system)


def test_seed_gold_as_output_scores_perfectly(tmp_path: Path, seed_input: Path) -> None:
    """Gold turned faithfully into engine records must score 1.0 everywhere it is scored."""
    gold = read_golds(SAMPLES_DIR)[0]
    text = _texts(seed_input)[SEED_ID]
    events = []
    for g in gold["events"]:
        start = text.index(g["evidence"])
        loc = g["location"]
        events.append(
            {
                "event_type": g["event_type"],
                "sub_event_type": g["sub_event_type"][0],
                "date": g["date"],
                "actor1": {"name": g["actor1"][0]},
                "actor2": {"name": g["actor2"][0]},
                "location": {
                    "name": loc["names"][0],
                    "admin1": loc["admin1"],
                    "lat": loc["lat"],
                    "lon": loc["lon"],
                },
                "fatalities": g["fatalities"],
                "injuries": g["injuries"],
                "casualties": g["casualties"],
                "losses": g["losses"],
                "attribution": {"source": g["attribution"][0], "hedged": True},
                "evidence": [{"start": start, "end": start + len(g["evidence"]), "text": g["evidence"]}],
                "confidence": 0.9,
            }
        )
    system = write_jsonl(tmp_path / "system.jsonl", [{"article_id": SEED_ID, "events": events}])
    metrics = _assert_same(SAMPLES_DIR, seed_input, system)
    assert metrics["event_f1"] == 1.0
    for key in (
        "sub_event_type",
        "actors",
        "location_10km",
        "admin1",
        "fatalities",
        "casualties",
        "attribution",
        "evidence_exact",
        "confident_precision",
        "losses_f1",
    ):
        assert metrics[key] == 1.0, key
