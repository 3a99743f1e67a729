"""The views' cache: a result is read again after a write to the registry, or when old."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select, text, update

from citydip.analytics import dashboard
from citydip.analytics.cache import ViewCache
from citydip.store.engine import Registry
from citydip.store.records import Record


def engagements(registry: Registry, cache: ViewCache, calls: list[int]) -> int:
    def compute(session):  # type: ignore[no-untyped-def]
        calls.append(1)
        return dashboard.stats(session).counts["engagement"]

    with registry.session() as session:
        return cache.get(session, ("stats", "accepted"), compute)


def test_a_result_is_kept_until_a_write(registry: Registry, small: dict[str, int]) -> None:
    cache, calls = ViewCache(), []
    assert engagements(registry, cache, calls) == 4
    assert engagements(registry, cache, calls) == 4 and len(calls) == 1
    with registry.session() as session:  # a write through the engine: a new generation
        session.execute(
            update(Record).where(Record.id == small["e4"]).values(review_state="rejected")
        )
    assert engagements(registry, cache, calls) == 3 and len(calls) == 2
    assert engagements(registry, cache, calls) == 3 and len(calls) == 2


def test_reads_and_rolled_back_writes_keep_it(registry: Registry, small: dict[str, int]) -> None:
    cache, calls = ViewCache(), []
    engagements(registry, cache, calls)
    with registry.session() as session:
        session.scalar(select(Record.id).limit(1))
    session = registry.sessions()
    session.execute(update(Record).where(Record.id == small["e4"]).values(review_state="rejected"))
    session.rollback()
    session.close()
    assert engagements(registry, cache, calls) == 4 and len(calls) == 1


def test_an_old_result_is_read_again(registry: Registry, small: dict[str, int]) -> None:
    cache, calls = ViewCache(max_age=0.05), []
    engagements(registry, cache, calls)
    time.sleep(0.1)
    engagements(registry, cache, calls)
    assert len(calls) == 2


def test_callers_wait_for_one_computation(registry: Registry, small: dict[str, int]) -> None:
    cache, calls = ViewCache(), []
    started = threading.Event()
    release = threading.Event()
    results: list[int] = []

    def slow(session):  # type: ignore[no-untyped-def]
        calls.append(1)
        started.set()
        release.wait(5)
        return session.scalar(text("SELECT 7"))

    def caller() -> None:
        with registry.session() as session:
            results.append(cache.get(session, "seven", slow))

    threads = [threading.Thread(target=caller) for _ in range(4)]
    for th in threads:
        th.start()
    started.wait(5)
    release.set()
    for th in threads:
        th.join(10)
    assert results == [7, 7, 7, 7] and len(calls) == 1


def test_entries_beyond_the_size_are_dropped(registry: Registry) -> None:
    cache, calls = ViewCache(size=2), []
    with registry.session() as session:
        for key in ("a", "b", "c", "a"):
            cache.get(session, key, lambda s, k=key: calls.append(1) or k)  # type: ignore[misc]
    assert len(calls) == 4  # "a" was dropped when "c" came


def test_which_statements_change_the_views() -> None:
    from citydip.analytics.cache import changes_views

    assert changes_views("INSERT INTO records (kind) VALUES (?)")
    assert changes_views('UPDATE "records" SET review_state=?')
    assert changes_views("DELETE FROM evidence WHERE id = ?")
    assert changes_views("INSERT OR REPLACE INTO places (id) VALUES (1)")
    assert changes_views("WITH x AS (SELECT 1) UPDATE records SET x=1")
    assert not changes_views("WITH x AS (SELECT 1) SELECT * FROM x")
    assert not changes_views("SELECT * FROM records")
    assert not changes_views("UPDATE api_tokens SET last_used_at=? WHERE id=?")
    assert not changes_views("UPDATE jobs SET done=? WHERE jobs.id = ?")
    assert not changes_views("INSERT INTO users (username) VALUES (?)")


def test_big_results_are_dropped_beyond_the_byte_limit(registry: Registry) -> None:
    cache, calls = ViewCache(max_bytes=250), []
    with registry.session() as session:
        for key in ("a", "b", "c", "b"):
            cache.get(session, key, lambda s: calls.append(1) or b"x" * 100)  # type: ignore[misc]
    assert len(calls) == 3  # a was dropped when c came (300 > 250); b was still there
