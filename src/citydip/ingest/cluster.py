"""Ingest on a Dask cluster (`citydip ingest --scheduler tcp://HOST:8786`).

The cluster's workers do the extraction: a group with many machines adds workers
(`dask worker tcp://HOST:8786` on each) instead of waiting. citydip must be installed where
they run. Workers read the files themselves, so the paths given must name the same files on
every worker (a shared folder mounted at the same place); or, with `send_files`
(`--send-files`), this process reads each chunk's files as it submits it and sends their
bytes (and meta files) with the task, so that workers need no access to them. A worker's
memory is its start-up size (gazetteer, Korean analyser) plus Dask's profiler history, which
grows for about 1,000 seconds and then stays (turn it off on the workers with
DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False).

Who writes, as in a local ingest: on PostgreSQL each worker writes the chunks it extracted
(its own connection, the URL given with the task, so the database must be reachable from
the workers), in parallel, each batch's merge under the registry's write lock; on SQLite
the answers come back and this process writes them. A few chunks per worker thread are
submitted ahead of those done, so memory stays flat however many files there are; chunks
come back in the order they finish. A chunk whose worker dies is run again (Dask retries
it elsewhere); one that still fails is run file by file, so that only its culprit is
reported failed. Ctrl-C keeps every batch written before it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from citydip.errors import InputError
from citydip.extraction import (
    Content,
    Outcome,
    Overrides,
    chunked,
    died_outcome,
    extract_file,
    read_content,
)
from citydip.ingest import (
    Ingestor,
    IngestSummary,
    Item,
    Stored,
    compact,
    extract_and_write,
    registry_url,
    stored_texts,
    writes_in_workers,
)
from citydip.store.engine import Registry
from citydip.store.resolve import Stamp

log = logging.getLogger(__name__)
AHEAD = 3  # chunks submitted per worker thread beyond those running


def extract_chunk(
    items: list[Item], skip: frozenset[str], contents: list[Content] | None = None
) -> list[Outcome]:
    """A chunk's outcomes with their answers, for this process to write (SQLite);
    `contents`: the files as sent, else the worker reads them."""
    sent: list[Content | None] = [*contents] if contents else [None] * len(items)
    return [
        compact(extract_file(path, overrides, skip, content))
        for (path, overrides), content in zip(items, sent, strict=True)
    ]


def write_chunk(
    url: str,
    stamp: Stamp,
    items: list[Item],
    skip: frozenset[str],
    contents: list[Content] | None = None,
) -> Stored:
    """A chunk extracted and written by the worker (PostgreSQL)."""
    return extract_and_write(url, stamp, items, skip, contents)


def connect(scheduler: str) -> Any:
    """A Dask client of the scheduler at `scheduler` (tcp://HOST:8786)."""
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise InputError("Dask distributed is not installed", field="scheduler") from exc
    try:
        return Client(scheduler, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise InputError(
            f"cannot reach the scheduler at {scheduler}: {first}", field="scheduler"
        ) from None


def ingest_on_cluster(
    registry: Registry,
    paths: Iterable[Path],
    stamp: Stamp,
    overrides: Overrides,
    scheduler: str,
    on_outcome: Callable[[Outcome], None] | None = None,
    batch: int = 200,
    send_files: bool = False,
) -> IngestSummary:
    """Extract `paths` on the cluster's workers and store them; see the module docstring."""
    items = [(p, overrides) for p in paths]
    client = connect(scheduler)
    try:
        in_workers = writes_in_workers(registry)
        ingestor = None if in_workers else Ingestor(registry, stamp, batch=batch)
        known = stored_texts(registry) if ingestor is None else ingestor.known
        # the stored texts, sent once to every worker (a set alone would be scattered item
        # by item)
        (skip,) = client.scatter([frozenset(known)], broadcast=True, hash=False)
        url = registry_url(registry)

        def task(chunk: list[Item]) -> Any:
            contents = [read_content(path) for path, _ in chunk] if send_files else None
            if in_workers:
                return client.submit(write_chunk, url, stamp, chunk, skip, contents, pure=False)
            return client.submit(extract_chunk, chunk, skip, contents, pure=False)

        threads = max(1, sum(client.nthreads().values()))
        summary = IngestSummary()
        try:
            for result in _run(client, chunked(items, batch), task, threads * AHEAD):
                if isinstance(result, Stored):
                    summary.add(result.summary)
                    outcomes = result.outcomes
                else:
                    outcomes = result
                    if ingestor is None:  # a file that failed alone: its worker wrote nothing
                        summary.failures += [(o.path, o.error or "failed") for o in outcomes]
                for outcome in outcomes:
                    if ingestor is not None:
                        ingestor.add(outcome)
                    if on_outcome:
                        on_outcome(outcome)
        finally:
            if ingestor is not None:
                ingestor.flush()  # what was extracted before a Ctrl-C is kept
                summary.add(ingestor.summary)
        return summary
    finally:
        client.close()


def _run(
    client: Any, chunks: Iterator[list[Item]], task: Callable[[list[Item]], Any], ahead: int
) -> Iterator[Stored | list[Outcome]]:
    """Each chunk's result as it finishes, at most `ahead` chunks in flight; a chunk that
    fails is tried again file by file, a file that fails alone is reported failed."""
    from distributed import as_completed

    futures = {}
    for chunk in chunks:
        futures[task(chunk)] = chunk
        if len(futures) >= ahead:
            break
    done = as_completed(list(futures), loop=client.loop)
    try:
        for future in done:
            chunk = futures.pop(future)
            try:
                yield future.result()
            except Exception as exc:  # a worker died or the task failed: never the others
                if len(chunk) > 1:
                    log.warning("a chunk failed on the cluster (%s); its files one by one", exc)
                    for item in chunk:
                        new = task([item])
                        futures[new] = [item]
                        done.add(new)
                else:
                    yield _failed(chunk[0], exc)
            for chunk in chunks:
                new = task(chunk)
                futures[new] = chunk
                done.add(new)
                if len(futures) >= ahead:
                    break
    finally:
        client.cancel(list(futures))


def _failed(item: Item, exc: Exception) -> list[Outcome]:
    """The outcome of a file whose task failed alone (its worker died, or a bug)."""
    log.warning("%s failed on the cluster: %s", item[0], exc)
    if type(exc).__name__ == "KilledWorker":
        return [died_outcome(item[0])]
    first = (str(exc).splitlines() or [""])[0]
    return [Outcome(str(item[0]), error=f"{item[0]}: {type(exc).__name__}: {first}")]
