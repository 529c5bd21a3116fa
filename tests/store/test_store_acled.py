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
    bomb, protest = df.loc["t-script-e1"], df.loc["t-basra-e1"]
    assert (bomb["actor1"], bomb["inter1"], bomb["interaction"]) == ("Unidentified Armed Group (Iraq)", 3, 13)
    assert (protest["actor1"], protest["inter1"], protest["interaction"]) == ("Protesters (Iraq)", 6, 60)
    assert df.loc["t-idlib-e1", "actor1"] == "Military Forces of Syria"  # a named actor stays
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
    assert df["event_id_cnty"].is_unique
