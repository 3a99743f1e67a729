"""Ingest at scale: on a Dask cluster (a LocalCluster of two workers), with workers writing
to PostgreSQL in parallel, and writers racing on overlapping documents.

Each registry is compared with one given the same documents by a plain local ingest (no
expected answer is written down here): the same documents, records, evidence and places.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import citydip.extraction
import citydip.ingest.cluster as cluster_module
from citydip.cli import app
from citydip.extraction import extract_file
from citydip.ingest import Ingestor, compact, ingest
from citydip.store.engine import Registry, open_registry
from citydip.store.registry import ensure_home
from citydip.store.resolve import Stamp
from registry_snapshot import files, reference, sample_docs, snapshot, truncate

STEMS = ("en-014", "en-030", "ko-023", "ko-016", "seed-004")  # seed-004 has no meta file


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two workers of one thread each, in this process, over TCP on localhost."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as local:
        yield local


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return sample_docs(tmp_path / "docs", STEMS)


def test_a_dask_run_stores_what_a_local_run_does(
    registry: Registry,
    empty_registry: Callable[[], Registry],
    docs: Path,
    stamp: Stamp,
    cluster: Any,
) -> None:
    (docs / "empty.txt").write_bytes(b"")  # one bad file never stops the others
    heard: list[str] = []
    summary = ingest(
        registry,
        files(docs),
        stamp,
        scheduler=cluster.scheduler_address,
        batch=2,  # several chunks, on both workers
        on_outcome=lambda o: heard.append(Path(o.path).name),
    )
    good = [f for f in files(docs) if f.name != "empty.txt"]
    assert (summary.documents, summary.skipped) == (len(good), 0)
    assert [(Path(p).name, "empty document" in r) for p, r in summary.failures] == [
        ("empty.txt", True)
    ]
    assert sorted(heard) == sorted(f.name for f in files(docs))
    assert snapshot(registry) == reference(empty_registry, good, stamp)

    again = ingest(registry, files(docs), stamp, scheduler=cluster.scheduler_address)
    assert (again.documents, again.skipped) == (0, len(good))


@pytest.fixture
def pg(pg_urls: tuple[str, str], stamp: Stamp) -> Iterator[tuple[Registry, Registry]]:
    """Two empty PostgreSQL registries (home Seoul, KR): one to write, one for reference."""
    opened = []
    for url in pg_urls:
        truncate(url)
        reg = open_registry(url)
        with reg.session() as session:
            ensure_home(session, "Seoul,KR", stamp)
        opened.append(reg)
    yield opened[0], opened[1]
    for reg in opened:
        reg.close()


@pytest.fixture
def blind_workers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Workers (the cluster's threads in this process) that cannot read a document's path:
    what they tried to read is listed, and fails; this (main) thread reads as before."""
    tried: list[str] = []
    real = citydip.extraction.read_document

    def unreadable(path: Any, **kw: Any) -> Any:
        if threading.current_thread() is threading.main_thread():
            return real(path, **kw)
        tried.append(Path(path).name)
        raise OSError(f"{path}: not on this worker")

    monkeypatch.setattr("citydip.extraction.read_document", unreadable)
    return tried


def test_with_send_files_workers_that_cannot_see_the_files_store_the_same(
    registry: Registry,
    empty_registry: Callable[[], Registry],
    docs: Path,
    stamp: Stamp,
    cluster: Any,
    blind_workers: list[str],
) -> None:
    (docs / "empty.txt").write_bytes(b"")  # read here, refused there, as a local run does
    paths = [*files(docs), docs / "gone.txt"]  # cannot be read here: not sent
    summary = ingest(
        registry, paths, stamp, scheduler=cluster.scheduler_address, batch=2, send_files=True
    )
    assert blind_workers == []
    good = [f for f in files(docs) if f.name != "empty.txt"]
    assert (summary.documents, summary.skipped) == (len(good), 0)
    assert sorted((Path(p).name, r.split(": ", 1)[-1]) for p, r in summary.failures) == [
        ("empty.txt", "empty document"),
        ("gone.txt", "no such file"),
    ]
    assert snapshot(registry) == reference(empty_registry, good, stamp)


def test_a_chunk_that_fails_on_the_cluster_is_tried_file_by_file(
    tmp_path: Path, docs: Path, stamp: Stamp, cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = cluster_module.extract_chunk

    def poisoned(items: list[Any], skip: frozenset[str], contents: Any = None) -> Any:
        if any(path.name == "en-030.txt" for path, _ in items):
            raise RuntimeError("worker bug")
        return real(items, skip, contents)

    monkeypatch.setattr(cluster_module, "extract_chunk", poisoned)
    registry = open_registry(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        summary = ingest(registry, files(docs), stamp, scheduler=cluster.scheduler_address, batch=3)
    finally:
        registry.close()
    assert summary.documents == len(STEMS) - 1
    assert [(Path(p).name, r.split(": ", 1)[1]) for p, r in summary.failures] == [
        ("en-030.txt", "RuntimeError: worker bug")
    ]


@pytest.mark.postgres
def test_workers_writing_to_postgres_in_parallel_store_what_one_writer_does(
    pg: tuple[Registry, Registry], pg_urls: tuple[str, str], docs: Path, stamp: Stamp, cluster: Any
) -> None:
    """--jobs 2 and a Dask run on PostgreSQL: each worker writes its own batches."""
    registry, other = pg
    ingest(other, files(docs), stamp)
    expected = snapshot(other)
    summary = ingest(registry, files(docs), stamp, jobs=2, batch=2)
    assert (summary.documents, summary.failures) == (len(STEMS), [])
    assert snapshot(registry) == expected

    truncate(pg_urls[0])
    with registry.session() as session:
        ensure_home(session, "Seoul,KR", stamp)
    summary = ingest(registry, files(docs), stamp, scheduler=cluster.scheduler_address, batch=2)
    assert (summary.documents, summary.failures) == (len(STEMS), [])
    assert snapshot(registry) == expected


@pytest.mark.postgres
def test_workers_writing_files_they_were_sent_store_what_one_writer_does(
    pg: tuple[Registry, Registry], docs: Path, stamp: Stamp, cluster: Any, blind_workers: list[str]
) -> None:
    registry, other = pg
    ingest(other, files(docs), stamp)  # one writer, in this thread, reading the files
    summary = ingest(
        registry, files(docs), stamp, scheduler=cluster.scheduler_address, batch=2, send_files=True
    )
    assert (summary.documents, summary.failures, blind_workers) == (len(STEMS), [], [])
    assert snapshot(registry) == snapshot(other)


@pytest.mark.postgres
def test_racing_writers_on_overlapping_documents_store_each_text_once(
    pg: tuple[Registry, Registry], pg_urls: tuple[str, str], docs: Path, stamp: Stamp
) -> None:
    registry, other = pg
    ingest(other, files(docs), stamp)
    expected = snapshot(other)
    # the same text and metadata under another name: whichever writer comes first names it
    shutil.copy(docs / "en-014.txt", docs / "copy.txt")
    meta = json.loads((docs / "en-014.meta.json").read_text("utf-8"))
    (docs / "copy.meta.json").write_text(json.dumps({**meta, "doc_id": "copy"}), "utf-8")
    every = files(docs)
    shares = [every, every[::-1], every[1::2] + every[::2], every[2:] + every[:2]]
    summaries = _racing_writers(pg_urls[0], stamp, shares)
    assert sum(s.documents for s in summaries) == len(STEMS)  # none twice, none lost
    assert sum(s.skipped for s in summaries) == sum(map(len, shares)) - len(STEMS)
    assert not [f for s in summaries for f in s.failures]
    assert _renamed(snapshot(registry), "copy", "en-014") == expected


def _renamed(snap: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """`snap` with document `old` called `new`."""
    for what in ("documents", "evidence"):
        rows = [(new if r[0] == old else r[0], *r[1:]) for r in snap[what]]
        snap[what] = sorted(rows, key=repr)
    return snap


def test_the_cli_sends_extraction_to_the_scheduler(
    docs: Path, tmp_path: Path, cluster: Any
) -> None:
    runner = CliRunner()
    env = {"COLUMNS": "200", "CITYDIP_USER": "tester"}

    def run(db: Path, *extra: str) -> str:
        result = runner.invoke(app, ["--db", str(db), "ingest", str(docs), *extra], env=env)
        assert result.exit_code == 0, result.output + repr(result.exception)
        return result.stderr

    out = run(tmp_path / "dask.db", "--scheduler", cluster.scheduler_address)
    assert f"ingested {len(STEMS)} new documents of {len(STEMS)} (0 already stored" in out
    run(tmp_path / "local.db")
    dask, local = (open_registry(f"sqlite:///{tmp_path / n}") for n in ("dask.db", "local.db"))
    try:
        assert snapshot(dask) == snapshot(local)
    finally:
        dask.close()
        local.close()

    result = runner.invoke(
        app,
        ["--db", str(tmp_path / "x.db"), "ingest", str(docs), "--scheduler", "tcp://127.0.0.1:9"],
        env=env,
    )
    assert result.exit_code == 1 and "cannot reach the scheduler" in result.stderr

    result = runner.invoke(
        app, ["--db", str(tmp_path / "y.db"), "ingest", str(docs), "--send-files"], env=env
    )
    assert result.exit_code == 2 and "--send-files needs --scheduler" in result.stderr
    assert not (tmp_path / "y.db").exists()


def _racing_writers(registry_url: str, stamp: Stamp, shares: list[list[Path]]) -> list[Any]:
    """One writer per share, each with its own connection, all extracting first and then
    writing at the same moment (a barrier), so that their merges overlap."""
    extracted = {p: compact(extract_file(p)) for p in {p for share in shares for p in share}}
    outcomes = [[extracted[p] for p in share] for share in shares]
    barrier = threading.Barrier(len(shares))
    summaries: list[Any] = [None] * len(shares)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        registry = open_registry(registry_url, upgrade=False)
        try:
            ingestor = Ingestor(registry, stamp, batch=2, known=set())  # all think all new
            barrier.wait()
            for outcome in outcomes[n]:
                ingestor.add(outcome)
            ingestor.flush()
            summaries[n] = ingestor.summary
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            registry.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(len(shares))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return summaries
