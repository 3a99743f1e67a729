"""The network analysis page, its GEXF download and its API, over the demo registry.

Facts of the demo registry (accepted records; `citydip ties --place Seoul,KR`,
`citydip memberships`): Seoul has 13 accepted ties with 12 places (Hokkaido twice: a
friendship and a sister tie; Panama City's is only proposed) and is a member of C40 and
Metropolis: 14 partners, 13 + 2 = 15 records. Metropolis has six members: Seoul, Barcelona
Metropolitan Area, Guangzhou, Montevideo, Tehran and Brussels-Capital Region (each of the
last five with no other link). Seoul and Tokyo are sister cities.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable

import networkx as nx
from fastapi.testclient import TestClient


def _charts(html: str) -> list[dict[str, object]]:
    found = re.search(
        r'<script type="application/json" id="analysis-charts">(.*?)</script>', html, re.S
    )
    assert found, "the page has no chart specs"
    data: list[dict[str, object]] = json.loads(found.group(1))
    return data


def test_page_ranks_places_as_the_api_does(client_for: Callable[[str | None], TestClient]) -> None:
    client = client_for("viewer")
    page = client.get("/network/analysis")
    assert page.status_code == 200
    api = client.get("/api/v1/graph/stats").json()
    assert api["ok"] and api["kinds"] == ["tie", "membership"] and api["by"] == "degree"
    rows = [int(r) for r in re.findall(r'<tr id="graph-place-(\d+)"', page.text)]
    assert rows == [r["place"]["id"] for r in api["ranking"]] and len(rows) == 20
    first = api["ranking"][0]
    # 12 tie partners + C40 + Metropolis = 14; 13 ties + 2 memberships = 15 records
    assert (first["place"]["name"], first["degree"], first["weighted_degree"]) == ("Seoul", 14, 15)
    assert first["place"]["url"] == f"/places/{first['place']['id']}"
    (chart,) = _charts(page.text)
    assert chart["id"] == "chart-graph-top"
    values = chart["spec"]["data"]["values"]  # type: ignore[index]
    assert [v["value"] for v in values] == [r["degree"] for r in api["ranking"]]
    comp = api["components"]
    assert sum(g["size"] for g in comp["groups"]) <= api["nodes"]
    assert api["communities"]["count"] >= comp["count"]  # a community is inside a component


def test_ranking_by_another_metric(client_for: Callable[[str | None], TestClient]) -> None:
    client = client_for("viewer")
    api = client.get("/api/v1/graph/stats?by=pagerank&top=5&kinds=tie,membership").json()
    ranks = [r["pagerank"] for r in api["ranking"]]
    assert len(ranks) == 5 and ranks == sorted(ranks, reverse=True)
    page = client.get("/network/analysis?by=betweenness&top=5")
    assert page.status_code == 200 and len(re.findall(r'<tr id="graph-place-', page.text)) == 5


def test_shared_partners_and_shortest_chain(
    client_for: Callable[[str | None], TestClient],
) -> None:
    client = client_for("viewer")
    shared = client.get("/api/v1/graph/shared?a=Tehran,IR&b=Montevideo,UY").json()
    # both are members of Metropolis and of nothing else: one shared partner, Jaccard 1/1
    assert [p["place"]["name"] for p in shared["partners"]] == ["Metropolis"]
    assert (shared["only_a"], shared["only_b"], shared["jaccard"]) == (0, 0, 1.0)
    assert shared["partners"][0]["with_a"]["types"] == ["chair"]
    path = client.get("/api/v1/graph/path?a=Guangzhou,CN&b=Tokyo,JP").json()
    # Guangzhou – Metropolis (member) – Seoul (member) – Tokyo (sister tie)
    assert path["found"] and path["hops"] == 3
    assert [p["name"] for p in path["places"]] == ["Guangzhou", "Metropolis", "Seoul", "Tokyo"]
    assert path["steps"][2]["edge"]["types"] == ["sister"]
    page = client.get("/network/analysis?a=Guangzhou,CN&b=Tokyo,JP")
    assert page.status_code == 200
    chain = page.text[page.text.index('id="graph-chain"') :]
    assert re.search(r"Guangzhou</a> → <a[^>]*>Metropolis</a> → <a[^>]*>Seoul", chain)
    # Seoul and Tokyo share no partner (Tokyo's one link is Seoul) but are linked directly
    both = client.get("/api/v1/graph/shared?a=seoul-kr&b=tokyo-jp").json()
    assert both["shared"] == 0 and both["direct"]["ties"] == 1 and both["only_a"] == 13


def test_errors_name_the_field(client_for: Callable[[str | None], TestClient]) -> None:
    client = client_for("viewer")
    missing = client.get("/api/v1/graph/path?a=Guangzhou,CN&b=Atlantis")
    assert missing.status_code == 404 and missing.json()["ok"] is False
    same = client.get("/api/v1/graph/shared?a=seoul-kr&b=Seoul,KR")
    assert same.status_code == 422 and same.json()["errors"][0]["field"] == "b"
    kind = client.get("/api/v1/graph/stats?kinds=agreement")
    assert kind.status_code == 422 and kind.json()["errors"][0]["field"] == "kinds"
    # on the page the error is shown beside the form, the rest of the page still there
    page = client.get("/network/analysis?a=Atlantis&b=Tokyo,JP")
    assert page.status_code == 200 and 'id="graph-pair-error"' in page.text
    assert "Atlantis" in page.text and 'id="graph-table"' in page.text
    assert client_for(None).get("/api/v1/graph/stats").status_code == 401


def test_gexf_download_reads_back(client_for: Callable[[str | None], TestClient]) -> None:
    client = client_for("viewer")
    response = client.get("/network/analysis.gexf")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/gexf+xml")
    assert "citydip-network.gexf" in response.headers["content-disposition"]
    graph = nx.read_gexf(io.BytesIO(response.content))
    api = client.get("/api/v1/graph/stats").json()
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (api["nodes"], api["edges"])
    by_key = {d["place_key"]: n for n, d in graph.nodes(data=True)}
    # Seoul–Hokkaido: a friendship and a sister tie, one edge of weight 2
    edge = graph.edges[by_key["seoul-kr"], by_key["hokkaido-jp-region"]]
    assert (edge["weight"], edge["ties"], edge["types"]) == (2, 2, "friendship,sister")


def test_korean_labels(client_for: Callable[[str | None], TestClient]) -> None:
    client = client_for("viewer")
    client.cookies.set("lang", "ko")
    page = client.get("/network/analysis")
    assert "네트워크 분석" in page.text and "매개 중심성" in page.text
