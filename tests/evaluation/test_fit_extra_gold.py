"""Reviews become training data: scripts/fit_decisions.py --extra-gold DIR reads a folder that
`marsad export --format gold --reviewed` wrote, fits and cross-validates with it (set "extra",
a fold that never changes), and a reviewed article replaces its shared gold. The end-to-end run
is on a tiny sample with one-value grids (the full fit takes minutes)."""

from __future__ import annotations

import importlib
import json
import shutil
import sys
import zlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from tests.conftest import make_handmade

from marsad.service import ingest
from marsad.store import Store
from marsad.store.gold import write_gold
from marsad.store.reviews import Reviews

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _script(name: str) -> ModuleType:
    """A script of scripts/ imported as a module (they import each other by name)."""
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    return importlib.import_module(name)


def _shared_sample(shared_dir: Path, out: Path, n: int) -> list[str]:
    """The first n dev articles as a gold folder laid out like the shared sets (copied at run time)."""
    out.mkdir()
    ids = []
    for line in (shared_dir / "corpus" / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:n]:
        article_id = json.loads(line)["id"]
        for suffix in (".gold.json", ".txt"):
            shutil.copy(shared_dir / "corpus" / "dev" / f"{article_id}{suffix}", out)
        ids.append(article_id)
    return ids


def test_extra_gold_reads_the_reviewed_export(tmp_path: Path) -> None:
    data = _script("decision_data")
    hm = make_handmade()
    with Store(f"sqlite:///{tmp_path / 'r.db'}") as store:
        ingest(store, hm.items, extract=hm.extract, origin="test")
        reviews = Reviews(store)
        reviews.edit("t-idlib-e1", version=0, reviewer="amal", changes={"fatalities": {"best": 9, "min": 9}})
        reviews.confirm("t-idlib-e2", version=0, reviewer="amal")
        written = write_gold(store, tmp_path / "gold")
    assert written.articles == 1
    [(item, gold)] = data.extra_gold(tmp_path / "gold")
    assert item["id"] == "t-idlib" and item["text"] == next(
        i["text"] for i in hm.items if i["id"] == "t-idlib"
    )
    assert sorted(g["fatalities"]["best"] if g.get("fatalities") else None for g in gold)[-1] == 9


def test_a_reviewed_article_replaces_its_shared_gold_and_keeps_its_fold(
    shared_dir: Path, tmp_path: Path
) -> None:
    data = _script("decision_data")
    from marsad.extract.knowledgebase import knowledge

    ids = _shared_sample(shared_dir, tmp_path / "extra", 1)
    reviewed = tmp_path / "extra" / f"{ids[0]}.gold.json"
    head = json.loads(reviewed.read_text(encoding="utf-8"))
    reviewed.write_text(json.dumps({**head, "events": []}), encoding="utf-8")  # the analyst: no event
    (tmp_path / "new").mkdir()
    text = "اشتبك مسلحون مع قوات الأمن في مدينة درعا صباح اليوم."  # ours, not corpus text
    (tmp_path / "new" / "t-new.txt").write_text(text, encoding="utf-8")
    (tmp_path / "new" / "t-new.gold.json").write_text(
        json.dumps({"article_id": "t-new", "published": "2019-01-01", "events": []}), encoding="utf-8"
    )
    articles = data.load_articles(knowledge(), ("dev",), (tmp_path / "extra", tmp_path / "new"))
    by_id = {a.id: a for a in articles}
    dev_ids = [
        json.loads(x)["id"] for x in (shared_dir / "corpus" / "dev.jsonl").read_text("utf-8").splitlines()
    ]
    assert len(articles) == len(dev_ids) + 1
    folds = {
        line.split("\t")[1]: int(line.split("\t")[2])
        for line in (shared_dir / "corpus" / "folds.tsv").read_text("utf-8").splitlines()[1:]
        if line.startswith("dev\t")
    }
    assert by_id[ids[0]].set == "extra" and by_id[ids[0]].gold == [] and by_id[ids[0]].fold == folds[ids[0]]
    assert by_id["t-new"].set == "extra" and by_id["t-new"].fold == zlib.crc32(b"t-new") % 5
    assert by_id["t-new"].candidates and not any(label for _, label in by_id["t-new"].candidates.values())


def test_fit_with_extra_gold_only_on_a_tiny_sample(
    shared_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fit = _script("fit_decisions")
    # One value per grid: the same code path as the real fit, a fraction of its time.
    monkeypatch.setattr(fit, "C_GRID", (0.1,))
    monkeypatch.setattr(fit, "T_GRID", (0.5,))
    monkeypatch.setattr(fit, "CONF_C_GRID", (0.1,))
    _shared_sample(shared_dir, tmp_path / "gold", 30)
    report = tmp_path / "report.md"
    argv = [
        "fit_decisions.py",
        "--sets",
        "none",
        "--extra-gold",
        str(tmp_path / "gold"),
        "--report",
        str(report),
    ]
    monkeypatch.setattr(sys, "argv", argv)
    assert fit.main() == 0
    info: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert info["articles"] == {"extra": 30}
    assert str(tmp_path / "gold") in info["fitted_on"]
    assert set(info["cv_event_f1"]) == {"extra", "pooled"} and 0 < info["cv_event_f1"]["pooled"] <= 1
    assert info["cv_event_f1"]["extra"] == info["cv_event_f1"]["pooled"]
    assert len(info["cv_folds"]) == 5 and info["C"] == 0.1 and info["threshold"] == 0.5
    assert "| extra |" in report.read_text(encoding="utf-8")


def test_fit_refuses_what_cannot_be_fitted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fit = _script("fit_decisions")
    for argv, message in (
        (["--extra-gold", str(tmp_path / "missing")], "not a folder"),
        (["--sets", "dev9"], "unknown sets: dev9"),
        (["--sets", "none"], "do not fill 5 folds"),
    ):
        monkeypatch.setattr(sys, "argv", ["fit_decisions.py", *argv])
        with pytest.raises(SystemExit):
            fit.main()
        assert message in capsys.readouterr().err
