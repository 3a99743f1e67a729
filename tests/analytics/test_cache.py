"""The views' cache: a result is read again after a write to the registry, or when old."""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, select, text, update

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


def rejected_count(session) -> int:  # type: ignore[no-untyped-def]
    query = select(func.count()).select_from(Record).where(Record.review_state != "rejected")
    return int(session.scalar(query) or 0)


def test_an_old_result_is_served_while_one_caller_reads_it_again(
    registry: Registry, small: dict[str, int]
) -> None:
    cache, calls = ViewCache(max_age=0.05), []
    with registry.session() as session:
        first = cache.get(session, "n", lambda s: calls.append(1) or rejected_count(s))  # type: ignore[misc]
    time.sleep(0.1)  # older than max_age, and no write since
    started, release = threading.Event(), threading.Event()
    refreshed: list[int] = []

    def slow(session):  # type: ignore[no-untyped-def]
        calls.append(1)
        started.set()
        release.wait(10)
        return rejected_count(session) + 1000  # told apart from the old value

    def refresher() -> None:
        with registry.session() as session:
            refreshed.append(cache.get(session, "n", slow))

    seen: list[int] = []

    def reader() -> None:
        with registry.session() as session:
            seen.append(cache.get(session, "n", slow))

    first_thread = threading.Thread(target=refresher)
    first_thread.start()
    assert started.wait(10)
    readers = [threading.Thread(target=reader) for _ in range(4)]
    for th in readers:
        th.start()
    for th in readers:
        th.join(10)
    # the readers were answered while the recomputation was still held up
    assert not any(th.is_alive() for th in readers) and not release.is_set()
    assert seen == [first] * 4 and len(calls) == 2
    release.set()
    first_thread.join(10)
    assert refreshed == [first + 1000]
    with registry.session() as session:  # the new value, without computing again
        assert cache.get(session, "n", slow) == first + 1000 and len(calls) == 2


def test_after_a_write_nobody_gets_the_old_value(registry: Registry, small: dict[str, int]) -> None:
    cache, calls = ViewCache(max_age=0.05), []
    with registry.session() as session:
        before = cache.get(session, "n", rejected_count)
    time.sleep(0.1)  # old: the next caller reads it again, the others would be served it
    started, release = threading.Event(), threading.Event()
    results: dict[str, list[int]] = {"refresher": [], "after": []}

    def slow(session):  # type: ignore[no-untyped-def]
        value = rejected_count(session)  # read before the write below
        started.set()
        release.wait(10)
        return value

    def counted(session):  # type: ignore[no-untyped-def]
        calls.append(1)
        return rejected_count(session)

    def call(who: str, compute) -> None:  # type: ignore[no-untyped-def]
        with registry.session() as session:
            results[who].append(cache.get(session, "n", compute))

    refresher = threading.Thread(target=call, args=("refresher", slow))
    refresher.start()
    assert started.wait(10)
    with registry.session() as session:  # a write through the engine, during the refresh
        session.execute(
            update(Record).where(Record.id == small["e4"]).values(review_state="rejected")
        )
    after = [threading.Thread(target=call, args=("after", counted)) for _ in range(4)]
    for th in after:
        th.start()
    release.set()
    for th in [refresher, *after]:
        th.join(10)
    assert results["refresher"] == [before]  # it read before the write
    assert results["after"] == [before - 1] * 4  # asked after it: never the old value
    assert len(calls) == 1  # one of them read it again, the others waited for that


def test_encoded_gzips_once_for_concurrent_callers(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import gzip

    from citydip.analytics import cache as cache_module
    from citydip.analytics.cache import Encoded

    started, release, made = threading.Event(), threading.Event(), []
    compress = cache_module.compress

    def slow(data: bytes) -> bytes:
        made.append(1)
        started.set()
        release.wait(10)
        return compress(data)

    monkeypatch.setattr(cache_module, "compress", slow)
    body = Encoded(b'{"a":"' + b"x" * 5000 + b'"}')
    assert body.nbytes == 5008
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(body.gzip())) for _ in range(4)]
    for th in threads:
        th.start()
    assert started.wait(10)
    release.set()
    for th in threads:
        th.join(10)
    assert len(made) == 1 and len(set(results)) == 1
    assert gzip.decompress(results[0]) == body.plain
    assert body.gzip() is results[0] and len(made) == 1
    assert body.nbytes == 5008 + len(results[0])
    assert Encoded(body.plain).digest == body.digest != Encoded(b"{}").digest


def test_encoded_values_count_towards_the_byte_limit(registry: Registry) -> None:
    from citydip.analytics.cache import Encoded

    cache, calls = ViewCache(max_bytes=250), []
    with registry.session() as session:
        for key in ("a", "b", "c", "b"):
            cache.get(session, key, lambda s: calls.append(1) or Encoded(b"x" * 100))  # type: ignore[misc]
    assert len(calls) == 3  # a was dropped when c came (300 > 250); b was still there
