"""Exports: ACLED CSV (31 columns, read by pandas), article-record JSONL, GeoJSON, Parquet."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.fusion.exports import export_events
from marsad.schema import article_json_schema
from marsad.service import ingest
from marsad.store import EventFilter, Store
from marsad.store.acled_ids import acled_id_of
from marsad.store.exports import ACLED_COLUMNS
from marsad.store.notes import event_notes

ACLED_ORDER = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]

# The parts of RFC 7946 that QGIS and friends rely on.
GEOJSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "number"]},
                    "properties": {"type": "object"},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"const": "Point"},
                            "coordinates": {
                                "type": "array",
                                "minItems": 2,
                                "maxItems": 2,
                                "prefixItems": [
                                    {"type": "number", "minimum": -180, "maximum": 180},
                                    {"type": "number", "minimum": -90, "maximum": 90},
                                ],
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_acled_columns_are_exactly_the_issue_list() -> None:
    assert list(ACLED_COLUMNS) == ACLED_ORDER and len(ACLED_COLUMNS) == 31


def test_acled_csv_loads_in_pandas_with_acled_types(handmade_store: Store) -> None:
    buf = io.StringIO()
    assert export_events(handmade_store, "acled-csv", buf) == 4
    df = pd.read_csv(io.StringIO(buf.getvalue()), parse_dates=["event_date"])
    assert list(df.columns) == ACLED_ORDER
    assert len(df) == 4
    for col in (
        "year",
        "time_precision",
        "inter1",
        "inter2",
        "interaction",
        "iso",
        "geo_precision",
        "fatalities",
        "timestamp",
    ):
        assert pd.api.types.is_integer_dtype(df[col]), col
    assert pd.api.types.is_float_dtype(df["latitude"]) and pd.api.types.is_datetime64_any_dtype(
        df["event_date"]
    )
    strike = df.set_index("event_id_cnty").loc[acled_id_of(handmade_store.engine, "t-idlib-e1")]
    assert strike["iso"] == 760 and strike["region"] == "Middle East" and strike["country"] == "Syria"
    assert (strike["inter1"], strike["inter2"], strike["interaction"]) == (1, 7, 17)
    assert strike["civilian_targeting"] == "Civilian targeting"
    assert strike["assoc_actor_1"] == "Military Forces of Russia"
    assert strike["fatalities"] == 5 and strike["admin2"] == "Maarrat an Nu'man"
    assert strike["source"] == "TestWire; Syrian Civil Defence"
    assert strike["notes"] == (
        "On 3 March 2018, Military Forces of Syria and Military Forces of Russia carried out air/drone "
        "strikes on Civilians (Syria) in Kafr Nabl, Maarrat an Nu'man, Idlib, Syria. 5 people were reported "
        "killed. 10 people were reported injured. Source: Syrian Civil Defence."
    )
    assert "injured=10" in strike["tags"]
    protest = df.set_index("event_id_cnty").loc[acled_id_of(handmade_store.engine, "t-basra-e1")]
    assert (protest["inter1"], protest["inter2"], protest["interaction"]) == (6, 0, 60)
    assert pd.isna(protest["actor2"]) and pd.isna(protest["civilian_targeting"])
    # An ACLED-style notebook: filter, group, sum.
    by_country = df[df["event_type"] != "Protests"].groupby("country")["fatalities"].sum()
    assert by_country.to_dict() == {"Iraq": 2, "Syria": 5}


def test_notes_follow_date_and_location_precision() -> None:
    row: dict[str, Any] = {
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Syria",
        "actor2": None,
        "event_date": date(2018, 3, 3),
        "time_precision": 2,
        "location": "Daraa",
        "admin1": "Daraa",
        "country": "Syria",
        "geo_precision": 2,
        "record": {},
    }
    assert event_notes(row).startswith(
        "Around 3 March 2018, Military Forces of Syria were involved in an armed clash near Daraa, Syria."
    )
    row.update(time_precision=3, geo_precision=3, event_date=date(2018, 11, 20), actor1=None)
    assert (
        event_notes(row) == "In November 2018, an unidentified armed group were involved in an armed clash "
        "in Daraa, Syria."
    )
    row.update(
        event_date=None,
        sub_event_type="Arrests",
        actor1="Police Forces of Iraq",
        actor2="Civilians (Iraq)",
        hedged=True,
        attribution_source="a local source",
        location=None,
        admin1=None,
        country="Iraq",
    )
    assert event_notes(row) == (
        "On an unreported date, Police Forces of Iraq arrested Civilians (Iraq) in Iraq. "
        "According to a local source (unconfirmed)."
    )


def test_jsonl_export_is_schema_valid_and_round_trips(handmade_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    assert export_events(handmade_store, "jsonl", out) == 4
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for record in records:
        jsonschema.validate(record, article_json_schema())
    assert sorted(r["article_id"] for r in records) == ["t-basra", "t-idlib", "t-script", "t-sport"]
    # The export is article records: feeding them back as the engine's output rebuilds the store.
    by_id = {r["article_id"]: r for r in records}
    texts = {a: handmade_store.get_article(a)["text"] for a in by_id}  # type: ignore[index]
    with Store(f"sqlite:///{tmp_path / 'copy.db'}") as copy:
        ingest(
            copy,
            [
                {"id": a, "text": texts[a], "source": r["source"], "published": r["published"]}
                for a, r in by_id.items()
            ],
            extract=lambda item: by_id[item["id"]],
        )
        assert copy.counts() | {"runs": 0} == handmade_store.counts() | {"runs": 0}
    # With a filter, only the articles with matching events, holding only those events.
    buf = io.StringIO()
    assert export_events(handmade_store, "jsonl", buf, EventFilter(event_type=["Battles"])) == 1
    (only,) = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert only["article_id"] == "t-idlib" and [e["event_id"] for e in only["events"]] == ["t-idlib-e2"]


def test_geojson_is_a_valid_feature_collection(handmade_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    assert export_events(handmade_store, "geojson", out) == 4
    doc = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(doc, GEOJSON_SCHEMA)
    by_id = {f["id"]: f for f in doc["features"]}
    assert by_id["t-basra-e1"]["geometry"]["coordinates"] == [47.7804, 30.5085]  # lon, lat
    assert by_id["t-idlib-e1"]["properties"]["location_ar"] == "كفرنبل"
    assert set(ACLED_ORDER) <= set(by_id["t-idlib-e1"]["properties"])


def test_parquet_reads_back(handmade_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert export_events(handmade_store, "parquet", out) == 4
    table = pq.read_table(out)
    assert table.num_rows == 4
    assert table.column_names == [
        *ACLED_ORDER,
        "article_id",
        "confidence",
        "review_status",
        "reviewer",
        "reviewed_at",
    ]
    df = table.to_pandas()
    assert (
        df.set_index("event_id_cnty").loc[acled_id_of(handmade_store.engine, "t-idlib-e1"), "fatalities"] == 5
    )
    assert (
        str(df.set_index("event_id_cnty").loc[acled_id_of(handmade_store.engine, "t-idlib-e1"), "event_date"])
        == "2018-03-03"
    )
    empty = tmp_path / "none.parquet"
    assert export_events(handmade_store, "parquet", empty, EventFilter(country=["Atlantis"])) == 0
    assert pq.read_table(empty).num_rows == 0


def test_unknown_format_is_refused(handmade_store: Store) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        export_events(handmade_store, "xlsx", io.StringIO())


def test_cli_ingest_and_export_of_the_dev_corpus(shared_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'dev.db'}"
    result = runner.invoke(app, ["ingest", str(shared_dir / "corpus" / "dev"), "--db", db])
    assert result.exit_code == 0, result.output
    outputs = {fmt: tmp_path / f"dev.{fmt}" for fmt in ("acled-csv", "jsonl", "geojson", "parquet")}
    for fmt, path in outputs.items():
        result = runner.invoke(app, ["export", "--db", db, "--format", fmt, "--output", str(path)])
        assert result.exit_code == 0, result.output
    df = pd.read_csv(outputs["acled-csv"])
    assert list(df.columns) == ACLED_ORDER and len(df) > 0
    assert (
        df["event_type"]
        .isin(
            [
                "Battles",
                "Explosions/Remote violence",
                "Violence against civilians",
                "Protests",
                "Riots",
                "Strategic developments",
            ]
        )
        .all()
    )
    assert df["notes"].str.match(r"^(On|Around|In) ").all()
    jsonschema.validate(json.loads(outputs["geojson"].read_text(encoding="utf-8")), GEOJSON_SCHEMA)
    assert pq.read_table(outputs["parquet"]).num_rows == len(df)
    n_records = sum(1 for _ in outputs["jsonl"].open(encoding="utf-8"))
    assert n_records == len(list((shared_dir / "corpus" / "dev").glob("*.txt")))
    # Filters on the command line.
    result = runner.invoke(
        app,
        [
            "export",
            "--db",
            db,
            "--format",
            "acled-csv",
            "--output",
            "-",
            "--event-type",
            "Battles",
            "--since",
            "2018-01-01",
        ],
    )
    assert result.exit_code == 0
    filtered = pd.read_csv(io.StringIO(result.stdout))
    assert (filtered["event_type"] == "Battles").all() and len(filtered) <= len(df)
    bad = runner.invoke(
        app, ["export", "--db", db, "--format", "acled-csv", "--output", "-", "--event-type", "Battle"]
    )
    assert bad.exit_code != 0 and "unknown event type" in bad.output
    stats = runner.invoke(app, ["db", "current", "--db", db])
    assert stats.exit_code == 0 and "current 0004_quarantine_runs" in stats.output


def test_acled_csv_quotes_a_bare_carriage_return() -> None:
    # Found by bench/fuzz.py --mode store: a source holding "\r" went out unquoted (the csv
    # module quotes only its line terminator's characters) and readers split the row there.
    import csv

    from marsad.store.exports import iter_acled_csv

    rows = [
        {"event_id": "e1", "source": "AFP\rSANA", "sub_event_type": "Air/drone strike"},
        {"event_id": "e2", "source": "Reuters", "sub_event_type": "Air/drone strike"},
        {"event_id": "e3", "source": 'a "quoted"\r\nname, with a comma', "sub_event_type": "Attack"},
    ]
    text = "".join(iter_acled_csv(rows))
    assert text.count("\n") - text.count("\r\n") == 4  # header and three rows, no stray break
    read = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [r["source"] for r in read] == ["AFP\rSANA", "Reuters", 'a "quoted"\r\nname, with a comma']
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(frame["source"]) == [r["source"] for r in read] and len(frame.columns) == 31
