"""Fusion accuracy on our own pairs of event reports (tests/fusion/data/pairs.tsv), through the
real engine and the real store: each pair is two articles from two outlets, labelled as one
incident or two (same place another day, same day another place, another event type, other
actors). Pairs are 60 days apart so they cannot meet. Figures go to artifacts/fusion_pairs.json."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from marsad.fusion import incident_of_events
from marsad.service import ingest
from marsad.store import Store

PAIRS = Path(__file__).parent / "data" / "pairs.tsv"
MIN_ACCURACY = 0.90


def load_pairs() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _items(pairs: list[dict[str, str]]) -> list[dict[str, Any]]:
    items = []
    for p in pairs:
        for side in ("a", "b"):
            items.append(
                {
                    "id": f"{p['pair_id']}-{side}",
                    "text": p[f"text_{side}"],
                    "source": p[f"source_{side}"],
                    "published": p[f"published_{side}"],
                    "title": None,
                }
            )
    return items


def predictions(store: Store, pairs: list[dict[str, str]]) -> dict[str, dict[str, Any]]:
    out = {}
    for p in pairs:
        a = store.get_article(f"{p['pair_id']}-a")
        b = store.get_article(f"{p['pair_id']}-b")
        assert a is not None and b is not None
        groups = incident_of_events(store, [e["event_id"] for e in a["events"] + b["events"]])
        shared = {groups.get(e["event_id"]) for e in a["events"]} & {
            groups.get(e["event_id"]) for e in b["events"]
        }
        out[p["pair_id"]] = {
            "predicted": "same" if shared - {None} else "different",
            "events": (len(a["events"]), len(b["events"])),
        }
    return out


def test_pairs_file_is_well_formed() -> None:
    pairs = load_pairs()
    assert len(pairs) >= 60
    assert {p["label"] for p in pairs} == {"same", "different"}
    kinds = Counter(p["kind"] for p in pairs)
    assert {"same_incident", "same_place_other_day", "same_day_other_place"} <= set(kinds)
    texts = [p[f"text_{s}"] for p in pairs for s in ("a", "b")]
    assert len(texts) == len(set(texts)), "every report is a different text"
    for p in pairs:
        assert p["source_a"] != p["source_b"], "two outlets per pair"


@pytest.mark.slow
def test_fusion_accuracy_on_our_pairs(tmp_path: Path, artifacts_dir: Path) -> None:
    pairs = load_pairs()
    with Store(f"sqlite:///{tmp_path / 'pairs.db'}") as store:
        ingest(store, _items(pairs), origin="fusion pairs")
        predicted = predictions(store, pairs)
    # One article at a time, in publication order, must give the same answers (incremental fusion).
    with Store(f"sqlite:///{tmp_path / 'pairs-incremental.db'}") as store:
        ingest(store, sorted(_items(pairs), key=lambda i: (i["published"], i["id"])), batch_size=1)
        incremental = predictions(store, pairs)
    assert {k: v["predicted"] for k, v in incremental.items()} == {
        k: v["predicted"] for k, v in predicted.items()
    }

    correct = [p for p in pairs if predicted[p["pair_id"]]["predicted"] == p["label"]]
    accuracy = len(correct) / len(pairs)
    by_kind: dict[str, list[int]] = {}
    for p in pairs:
        hit = predicted[p["pair_id"]]["predicted"] == p["label"]
        by_kind.setdefault(p["kind"], [0, 0])[0] += int(hit)
        by_kind[p["kind"]][1] += 1
    wrong = [
        {
            "pair_id": p["pair_id"],
            "kind": p["kind"],
            "label": p["label"],
            "events": predicted[p["pair_id"]]["events"],
        }
        for p in pairs
        if p not in correct
    ]
    both_found = [p for p in pairs if 0 not in predicted[p["pair_id"]]["events"]]
    figures = {
        "pairs": len(pairs),
        "correct": len(correct),
        "accuracy": round(accuracy, 4),
        "by_kind": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_kind.items())},
        "pairs_with_events_in_both_reports": len(both_found),
        "accuracy_on_those": round(sum(p in correct for p in both_found) / max(1, len(both_found)), 4),
        "wrong": wrong,
    }
    (artifacts_dir / "fusion_pairs.json").write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n")
    print("\nfusion on our pairs:", json.dumps(figures, ensure_ascii=False))
    assert accuracy >= MIN_ACCURACY
    # Keeping different incidents apart matters most: no "different" pair may be merged.
    assert all(p["label"] == "same" for p in pairs if p not in correct)
