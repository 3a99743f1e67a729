"""Lists stay fast on big registries: a page costs the same few statements whatever its
size (no query per row), and only the page's records are loaded."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from citydip.store.engine import Registry
from citydip.store.listing import RecordFilter, page_records
from citydip.store.records import Record

from .api_support import KINDS

Headers = Callable[[str], dict[str, str]]


@contextmanager
def statements(registry: Registry) -> Iterator[list[str]]:
    """The SQL statements run on the registry's engine inside the block."""
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(registry.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(registry.engine, "before_cursor_execute", count)


def test_a_page_costs_the_same_statements_whatever_its_size(
    api: TestClient, token_for: Headers, web_registry: Registry
) -> None:
    headers = token_for("viewer")
    for kind in KINDS:
        total = api.get(f"/api/v1/{kind}", headers=headers).json()["total"]
        sizes = (2, min(total, 50), total)
        cost = []
        for per_page in sizes:
            with statements(web_registry) as seen:
                response = api.get(
                    f"/api/v1/{kind}", params={"per_page": per_page, "sort": "-id"}, headers=headers
                )
            assert len(response.json()["items"]) == per_page
            cost.append(len(seen))
        assert len(set(cost)) == 1, (kind, dict(zip(sizes, cost, strict=True)))
        assert cost[0] <= 16, (kind, cost[0])


def test_undated_records_cost_one_statement_more_not_one_per_row(
    api: TestClient, token_for: Headers, web_registry: Registry
) -> None:
    """By date, the dated records and the undated ones are read with a query each."""
    headers = token_for("viewer")
    items = api.get("/api/v1/engagements", params={"per_page": 200}, headers=headers).json()
    dated = sum(1 for i in items["items"] if i["start"] is not None)
    assert 10 < dated < items["total"]
    cost = {}
    for per_page in (2, dated, items["total"]):
        with statements(web_registry) as seen:
            api.get("/api/v1/engagements", params={"per_page": per_page}, headers=headers)
        cost[per_page] = len(seen)
    assert cost[2] == cost[dated] == cost[items["total"]] - 1, cost


def test_filters_and_sorts_add_no_query_per_row(
    api: TestClient, token_for: Headers, web_registry: Registry
) -> None:
    headers = token_for("viewer")
    params = {"review": "accepted", "sort": "type", "q": "seoul"}
    api.get("/api/v1/me", headers=headers)  # the token's first use is written once, here
    cost = []
    for per_page in (3, 15):  # the demo has 18 accepted engagements that name Seoul
        with statements(web_registry) as seen:
            response = api.get(
                "/api/v1/engagements", params={**params, "per_page": per_page}, headers=headers
            )
        assert len(response.json()["items"]) == per_page
        cost.append(len(seen))
    assert cost[0] == cost[1]


@pytest.mark.parametrize("kind", KINDS)
def test_page_records_loads_only_the_page(web_registry: Registry, kind: str) -> None:
    with web_registry.session() as session:
        page = page_records(session, kind, RecordFilter(), "-date", page=2, per_page=4)
        assert page.total > 8 and len(page.items) == 4
        loaded = [obj for obj in session.identity_map.values() if isinstance(obj, Record)]
        assert sorted(r.id for r in loaded) == sorted(r.id for r in page.items)
