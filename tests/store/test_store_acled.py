"""ACLED conventions in the CSV: `actor1` is never empty (an unknown attacker is
"Unidentified Armed Group (Country)", unnamed demonstrators "Protesters (Country)"), and the
tags hold no engine confidence (it has a column of its own elsewhere). Checked on hand-made
records and, as an analyst would, on the dev and dev2 sets through the real engine."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from typing import Any

import pandas as pd
from tests.conftest import make_handmade
from typer.testing import CliRunner

from marsad.cli import app
from marsad.fusion.exports import export_events
from marsad.service import ingest
from marsad.store import Store
from marsad.store.acled_ids import acled_id_of
from marsad.store.reviews import Reviews


def _csv(store: Store) -> pd.DataFrame:
    buf = io.StringIO()
    export_events(store, "acled-csv", buf, unit="event")
    return pd.read_csv(io.StringIO(buf.getvalue()), keep_default_na=False)


def test_an_event_without_actor1_gets_acleds_unnamed_actor(tmp_path: Path) -> None:
    hm = make_handmade()
    records: dict[str, Any] = copy.deepcopy(hm.records)
    records["t-script"]["events"][0]["actor1"] = None
    records["t-basra"]["events"][0]["actor1"] = None
    with Store(f"sqlite:///{tmp_path / 'acled.db'}") as store:
        ingest(store, hm.items, extract=lambda item: copy.deepcopy(records[item["id"]]))
        df = _csv(store).set_index("event_id_cnty")
        bomb, protest = (
            df.loc[acled_id_of(store.engine, "t-script-e1")],
            df.loc[acled_id_of(store.engine, "t-basra-e1")],
        )
        idlib = df.loc[acled_id_of(store.engine, "t-idlib-e1")]
    assert (bomb["actor1"], bomb["inter1"], bomb["interaction"]) == ("Unidentified Armed Group (Iraq)", 3, 13)
    assert (protest["actor1"], protest["inter1"], protest["interaction"]) == ("Protesters (Iraq)", 6, 60)
    assert idlib["actor1"] == "Military Forces of Syria"  # a named actor stays
    assert not df["tags"].str.contains("confidence").any()


def test_dev_and_dev2_csv_has_no_empty_actor1(shared_dir: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'dev.db'}"
    runner = CliRunner()
    for name in ("dev", "dev2"):
        done = runner.invoke(
            app, ["ingest", str(shared_dir / "corpus" / f"{name}.jsonl"), "--db", db, "--workers", "1"]
        )
        assert done.exit_code == 0, done.output
    out = tmp_path / "dev.csv"
    done = runner.invoke(app, ["export", "--db", db, "--output", str(out)])
    assert done.exit_code == 0
    df = pd.read_csv(out, keep_default_na=False)
    # The message counts what was written: incidents, and the stored events behind them.
    written = re.search(r"(\d+) incidents from (\d+) events written", done.output)
    assert written and int(written[1]) == len(df) <= int(written[2])
    assert len(df) > 50
    assert (df["actor1"].str.strip() != "").all()
    assert (df["inter1"] > 0).all()
    assert df["event_id_cnty"].is_unique and df["event_id_cnty"].str.fullmatch(r"[A-Z]{3}[0-9]+").all()
    # Stable: the same rows keep their ids in the next export.
    again = tmp_path / "again.csv"
    assert runner.invoke(app, ["export", "--db", db, "--output", str(again)]).exit_code == 0
    assert list(pd.read_csv(again, keep_default_na=False)["event_id_cnty"]) == list(df["event_id_cnty"])


def test_ids_are_iso3_and_a_per_country_sequence_never_reused(tmp_path: Path) -> None:
    hm = make_handmade()
    with Store(f"sqlite:///{tmp_path / 'ids.db'}") as store:
        ingest(store, hm.items, extract=hm.extract)
        first = dict(zip(_csv(store)["notes"], _csv(store)["event_id_cnty"], strict=True))
        assert sorted(first.values()) == ["IRQ1", "IRQ2", "SYR1", "SYR2"]
        # A rejected event leaves the export; its number is not handed to anyone else.
        gone = acled_id_of(store.engine, "t-script-e1")
        Reviews(store).reject("t-script-e1", version=0, reviewer="amal", reason="not_news")
        later = []
        for source_id, new_id in (("t-idlib", "t-later-syria"), ("t-basra", "t-later-iraq")):
            record = copy.deepcopy(hm.records[source_id])
            record.update(article_id=new_id, published="2018-11-20")
            record["events"] = [dict(record["events"][0], event_id=f"{new_id}-e1", date="2018-11-20")]
            item = dict(next(i for i in hm.items if i["id"] == source_id), id=new_id, published="2018-11-20")
            item["text"] += " خبر لاحق"
            later.append((item, record))
        ingest(
            store,
            [i for i, _ in later],
            extract=lambda item: dict(next(r for i, r in later if i["id"] == item["id"])),
        )
        ids = list(_csv(store)["event_id_cnty"])
        assert gone not in ids and len(ids) == len(set(ids)) == 5
        assert {"SYR1", "SYR2", "SYR3", "IRQ3"} <= set(ids)  # the next number of each country
