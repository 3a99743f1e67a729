"""The network on the small registry of conftest.py."""

from __future__ import annotations

import pytest

from citydip.analytics import network
from citydip.analytics.network import Edge
from citydip.errors import InputError
from citydip.store.engine import Registry


def test_nodes_and_weighted_edges(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        graph = network.network(session)
    kinds = {n.place.name: n.kind for n in graph.nodes}
    assert kinds == {
        "Seoul": "home",
        "Tokyo": "partner",
        "Hanoi": "partner",
        "Paris": "place",
        "C40": "network",
    }
    seoul, tokyo, paris, hanoi, c40 = (
        small[n] for n in ("Seoul", "Tokyo", "Paris", "Hanoi", "C40")
    )
    assert sorted(graph.edges, key=lambda e: (e.kind, e.source, e.target)) == sorted(
        [
            Edge(seoul, tokyo, "tie", "sister", 1),
            Edge(seoul, hanoi, "tie", "partnership", 1),
            # e1 (a party and the location: counted once); e2; e3 (the location)
            Edge(seoul, tokyo, "engagement", None, 1),
            Edge(seoul, hanoi, "engagement", None, 1),
            Edge(seoul, paris, "engagement", None, 1),
            Edge(seoul, c40, "membership", "member", 1),
            Edge(tokyo, c40, "membership", "board", 1),
        ],
        key=lambda e: (e.kind, e.source, e.target),
    )
    weights = {n.place.name: n.weight for n in graph.nodes}
    assert weights["Tokyo"] == 3 and weights["C40"] == 2 and weights["Paris"] == 1
    assert graph.places == 4


def test_limit_keeps_the_most_connected(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as session:
        graph = network.network(session, limit=1)
        with pytest.raises(InputError):
            network.network(session, limit=0)
    assert [n.place.name for n in graph.nodes] == ["Seoul", "Tokyo"]
    assert {e.target for e in graph.edges} == {small["Tokyo"]}


def test_scope_all_adds_the_proposed_and_rejected(
    registry: Registry, small: dict[str, int]
) -> None:
    with registry.session() as session:
        graph = network.network(session, "all")
    paris = next(n for n in graph.nodes if n.place.name == "Paris")
    assert paris.kind == "partner" and paris.weight == 2  # t2 (proposed) and e3


def test_no_home_no_graph(registry: Registry) -> None:
    from citydip.store.settings import RegistrySetting

    with registry.session() as session:
        setting = session.get(RegistrySetting, "home")
        assert setting is not None
        session.delete(setting)
    with registry.session() as session:
        assert network.network(session).nodes == []
