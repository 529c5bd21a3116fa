"""`--engine dask` on a LocalCluster (2 worker processes, one thread each, loopback only):
the same store and the same Parquet partitions as a serial run, knowledge loaded once per
worker. Local worker processes are held to the same serial result."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.inputs import iter_items
from marsad.scale import BulkOptions, StreamStats, ingest_items
from marsad.scale.partitions import read_partitions
from marsad.scale.worker import knowledge_loads
from marsad.service import IngestService, ingest
from marsad.store import Store
from tests.scale.bulk_inputs import snapshot, write_mixed_input

N_BULK = 240


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, host="127.0.0.1"
    ) as local:
        yield local


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dask-input") / "input.jsonl"
    write_mixed_input(path, N_BULK)
    return path


@pytest.fixture(scope="module")
def serial_snapshot(source: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    url = f"sqlite:///{tmp_path_factory.mktemp('serial') / 'serial.db'}"
    with Store(url) as store:
        ingest(store, iter_items([str(source)]), batch_size=20)
    return snapshot(url)


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_dask_ingest_stores_what_a_serial_ingest_stores(
    cluster: Any, source: Path, tmp_path: Path, serial_snapshot: dict[str, Any]
) -> None:
    from distributed import Client

    url = f"sqlite:///{tmp_path / 'dask.db'}"
    _invoke(
        "ingest",
        str(source),
        "--db",
        url,
        "--engine",
        "dask",
        "--scheduler",
        cluster.scheduler_address,
        "--batch-size",
        "20",
    )
    assert snapshot(url) == serial_snapshot
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        loads = client.run(knowledge_loads)
    assert len(loads) == 2 and set(loads.values()) == {1}, "knowledge is loaded once per worker"


def test_local_processes_store_what_a_serial_ingest_stores(
    source: Path, tmp_path: Path, serial_snapshot: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'local.db'}"
    stats = StreamStats()
    signed: list[Any] = []
    add = IngestService.add_signatures

    def spy(service: IngestService, sigs: list[Any]) -> None:
        signed.extend(s for s in sigs if s)
        add(service, sigs)

    monkeypatch.setattr(IngestService, "add_signatures", spy)
    with Store(url) as store:
        report = ingest_items(
            store,
            iter_items([str(source)]),
            BulkOptions(workers=2, inline_below=0, batch_size=20),
            stats=stats,
        )
    assert len(signed) > N_BULK // 2, "the workers sign the texts for de-duplication"
    assert report.counts["duplicates"] == 1 and report.counts["articles_updated"] == 1
    assert len(stats.worker_peak_rss_kb) == 2 and set(stats.worker_knowledge_loads.values()) == {1}
    assert snapshot(url) == serial_snapshot


def test_dask_parquet_partitions_equal_local_ones(cluster: Any, source: Path, tmp_path: Path) -> None:
    _invoke(
        "extract",
        str(source),
        "--output-dir",
        str(tmp_path / "dask"),
        "--engine",
        "dask",
        "--scheduler",
        cluster.scheduler_address,
        "--batch-size",
        "20",
        "--unordered",
    )
    _invoke(
        "extract",
        str(source),
        "--output-dir",
        str(tmp_path / "serial"),
        "--workers",
        "1",
        "--batch-size",
        "20",
    )
    for table in ("articles", "events"):
        dask_rows = read_partitions(tmp_path / "dask", table).drop_columns(
            ["timestamp"] if table == "events" else []
        )
        serial_rows = read_partitions(tmp_path / "serial", table).drop_columns(
            ["timestamp"] if table == "events" else []
        )
        assert dask_rows.num_rows > 0 and dask_rows.equals(serial_rows)
    result = CliRunner().invoke(
        app, ["extract", str(source), "--output-dir", str(tmp_path / "dask"), "--batch-size", "10"]
    )
    assert result.exit_code != 0 and "batch_size" in result.output


def test_engine_options_are_checked(source: Path) -> None:
    for args, message in (
        (["--engine", "dask"], "--scheduler"),
        (["--engine", "spark"], "--engine"),
        (["--scheduler", "tcp://127.0.0.1:1"], "only used with --engine dask"),
        (
            ["--engine", "dask", "--scheduler", "tcp://127.0.0.1:1", "--workers", "2"],
            "--workers is for --engine local",
        ),
    ):
        result = CliRunner().invoke(app, ["extract", str(source), *args])
        assert result.exit_code != 0 and message in result.output
