"""Network analysis on small hand-drawn registries and graphs, both backends.

The small registry of conftest, as a graph (accepted records unless said):

    default kinds (ties, memberships)        all kinds (+ engagements)
    Seoul — Tokyo   t1 sister                Seoul — Tokyo   t1 + e1 (party and location: once) = 2
    Seoul — Hanoi   t3 partnership           Seoul — Hanoi   t3 + e2 = 2
    Seoul — C40     m1 member                Seoul — Paris   e3 (Paris is the location) = 1
    Tokyo — C40     m2 board                 Tokyo — Paris   e4 = 1
    (Paris: only t2, proposed: left out)     Seoul — C40, Tokyo — C40 as on the left

Agreements are no edge kind (a1, a2 add nothing). The twin-triangle registry: two triangles
of ties (Lyon–Turin–Geneva, Busan–Fukuoka–Osaka) joined by one tie Geneva–Busan.
"""

from __future__ import annotations

import io
import random
from typing import Any

import networkx as nx
import pytest

from citydip.analytics import graph as graph_mod
from citydip.analytics import graph_metrics as gm
from citydip.analytics.briefs import PlaceBrief
from citydip.errors import InputError, NotFoundError
from citydip.exchange.importer import write_answers
from citydip.schema import Answer
from citydip.store.engine import Registry
from citydip.store.resolve import Stamp

from .conftest import T0, review

ALL = ("tie", "engagement", "membership")


def _edges(graph: nx.Graph, ids: dict[str, int]) -> dict[frozenset[str], dict[str, Any]]:
    """The edges by the names of their two places (each a place of `ids`)."""
    name = {n: graph.nodes[n]["name"] for n in graph}
    assert all(ids[v] == n for n, v in name.items())
    return {frozenset((name[a], name[b])): d for a, b, d in graph.edges(data=True)}


# -- the builder ---------------------------------------------------------------------------


def test_default_graph_is_ties_and_memberships(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as s:
        graph = graph_mod.build_graph(s)
    assert sorted(graph.nodes[n]["name"] for n in graph) == ["C40", "Hanoi", "Seoul", "Tokyo"]
    edges = _edges(graph, small)
    assert set(edges) == {
        frozenset(p) for p in (("Seoul", "Tokyo"), ("Seoul", "Hanoi"), ("Seoul", "C40"),
                               ("Tokyo", "C40"))
    }  # fmt: skip
    st = edges[frozenset(("Seoul", "Tokyo"))]
    assert (st["weight"], st["ties"], st["engagements"], st["types"]) == (1, 1, 0, "sister")
    assert edges[frozenset(("Tokyo", "C40"))]["types"] == "board"
    seoul = graph.nodes[small["Seoul"]]
    assert (seoul["country"], seoul["region"], seoul["home"]) == ("KR", "east_asia", True)
    assert graph.nodes[small["C40"]]["level"] == "organization"


def test_all_kinds_count_engagements_once_per_pair(
    registry: Registry, small: dict[str, int]
) -> None:
    with registry.session() as s:
        graph = graph_mod.build_graph(s, ALL)
    edges = _edges(graph, small)
    assert len(edges) == 6 and graph.number_of_nodes() == 5
    # Seoul–Tokyo: t1 + e1 (Tokyo is e1's party and location: counted once) = 2
    st = edges[frozenset(("Seoul", "Tokyo"))]
    assert (st["weight"], st["ties"], st["engagements"]) == (2, 1, 1)
    # Seoul–Paris: e3, a conference of Seoul alone at Paris (the location links them)
    sp = edges[frozenset(("Seoul", "Paris"))]
    assert (sp["weight"], sp["ties"], sp["engagements"]) == (1, 0, 1)
    assert edges[frozenset(("Tokyo", "Paris"))]["engagements"] == 1  # e4, without Seoul
    # weighted degree of Seoul: 2 (Tokyo) + 2 (Hanoi) + 1 (Paris) + 1 (C40) = 6
    assert graph.degree(small["Seoul"], weight="weight") == 6


def test_review_scope_and_kinds(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as s:
        every = graph_mod.build_graph(s, ["tie"], review="all")
        proposed = graph_mod.build_graph(s, ["tie"], review="proposed")
        with pytest.raises(InputError) as bad:
            graph_mod.build_graph(s, ["tie", "agreement"])
    # all states: t1, t2 (Paris, proposed), t3
    assert sorted(graph.nodes[n]["name"] for graph in [every] for n in graph) == [
        "Hanoi", "Paris", "Seoul", "Tokyo"
    ]  # fmt: skip
    assert _edges(proposed, small) == {
        frozenset(("Seoul", "Paris")): {
            "weight": 1, "ties": 1, "engagements": 0, "memberships": 0, "types": "friendship"
        }
    }  # fmt: skip
    assert bad.value.field == "kinds"


# -- the analyses on the registry ----------------------------------------------------------


def test_stats_on_the_small_registry(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as s:
        found = graph_mod.graph_stats(s, top=10)
    # 4 places, 4 links; density 4 / (4·3/2) = 2/3
    assert (found.nodes, found.edges) == (4, 4)
    assert found.density == pytest.approx(2 / 3)
    assert found.edge_kinds == {"tie": 2, "membership": 2}
    # degree: Seoul 3, then Tokyo and C40 2 (by id), Hanoi 1
    names = [r.place.name for r in found.ranking]
    assert names[0] == "Seoul" and names[-1] == "Hanoi" and set(names[1:3]) == {"Tokyo", "C40"}
    seoul = found.ranking[0]
    # betweenness of Seoul (exact, 4 places: 3 pairs of the other three): Tokyo–Hanoi and
    # C40–Hanoi pass through Seoul, Tokyo–C40 is direct → 2/3
    assert found.betweenness_exact and found.betweenness_sources == 4
    assert seoul.betweenness == pytest.approx(2 / 3)
    assert all(r.betweenness == 0 for r in found.ranking[1:])
    assert sum(r.pagerank for r in found.ranking) == pytest.approx(1.0)
    assert (found.components.count, found.components.largest) == (1, 4)
    assert found.communities is not None and found.communities.count >= 1


def test_shared_partners_and_chain(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as s:
        both = graph_mod.shared(s, "Seoul,KR", "tokyo-jp", ALL)
        default = graph_mod.shared(s, small["Seoul"], small["Tokyo"])
        chain = graph_mod.chain(s, "Hanoi", "Paris,FR", ALL)
        none = graph_mod.chain(s, "Hanoi", "Paris,FR")  # no Paris without engagements
        with pytest.raises(InputError):
            graph_mod.shared(s, "Seoul,KR", "Seoul,KR")
        with pytest.raises(NotFoundError):
            graph_mod.chain(s, "Hanoi", "999999")
    # N(Seoul) − Tokyo = {Hanoi, Paris, C40}; N(Tokyo) − Seoul = {Paris, C40}
    assert sorted(p.place.name for p in both.partners) == ["C40", "Paris"]
    assert (both.only_a, both.only_b) == (1, 0)
    assert both.jaccard == pytest.approx(2 / 3)  # 2 shared of 3 partners of either
    assert both.direct is not None and (both.direct.weight, both.direct.types) == (2, ("sister",))
    # Paris and C40 both weigh 1 + 1: in id order
    assert [p.place.id for p in both.partners] == sorted([small["Paris"], small["C40"]])
    # ties and memberships only: C40 is the one shared partner
    assert [p.place.name for p in default.partners] == ["C40"]
    assert default.partners[0].with_b.types == ("board",)
    # Hanoi's only link is Seoul; Seoul–Paris is e3: 2 steps
    assert chain.found and chain.hops == 2
    assert [p.name for p in chain.places] == ["Hanoi", "Seoul", "Paris"]
    assert chain.steps[1].edge.engagements == 1
    assert not none.found and none.hops is None and none.places == ()


def test_profile_of_a_place(registry: Registry, small: dict[str, int]) -> None:
    with registry.session() as s:
        tokyo = graph_mod.profile(s, "Tokyo,JP", with_community=True)
        paris = graph_mod.profile(s, "Paris,FR")  # no link among ties and memberships
    # degrees Seoul 3, Tokyo 2, C40 2, Hanoi 1: Tokyo's competition rank is 2
    assert (tokyo.degree, tokyo.weighted_degree, tokyo.degree_rank, tokyo.nodes) == (2, 2, 2, 4)
    assert (tokyo.component, tokyo.component_size) == (1, 4)
    assert tokyo.community is not None and tokyo.community_size >= 1
    assert {n.place.name for n in tokyo.neighbours} == {"Seoul", "C40"}
    assert tokyo.more_neighbours == 0
    assert paris.degree_rank is None and paris.degree == 0 and paris.neighbours == ()


# the twin-triangle registry: two triangles of ties joined by Geneva–Busan
CITIES = {
    "Lyon": "FR", "Turin": "IT", "Geneva": "CH", "Busan": "KR", "Fukuoka": "JP", "Osaka": "JP",
}  # fmt: skip
TIES = [("Lyon", "Turin"), ("Turin", "Geneva"), ("Lyon", "Geneva"), ("Geneva", "Busan"),
        ("Busan", "Fukuoka"), ("Fukuoka", "Osaka"), ("Busan", "Osaka")]  # fmt: skip


@pytest.fixture
def twins(registry: Registry) -> dict[str, int]:
    records = [
        {
            "kind": "relationship",
            "type": "sister",
            "parties": [{"name": a, "country": CITIES[a]}, {"name": b, "country": CITIES[b]}],
            "review": review("accepted", i),
        }
        for i, (a, b) in enumerate(TIES)
    ]
    write_answers(
        registry,
        [Answer.model_validate({"doc_id": None, "records": records})],
        Stamp("tester", T0, "accepted"),
    )
    with registry.session() as s:
        graph = graph_mod.build_graph(s)
    return {graph.nodes[n]["name"]: n for n in graph}


def test_communities_and_betweenness_of_twin_triangles(
    registry: Registry, twins: dict[str, int]
) -> None:
    with registry.session() as s:
        found = graph_mod.graph_stats(s, by="betweenness", top=3)
    assert found.communities is not None
    groups = found.communities.groups
    assert [sorted(p.name for p in g.members) for g in groups] == [
        ["Busan", "Fukuoka", "Osaka"], ["Geneva", "Lyon", "Turin"]
    ] or [sorted(p.name for p in g.members) for g in groups] == [
        ["Geneva", "Lyon", "Turin"], ["Busan", "Fukuoka", "Osaka"]
    ]  # fmt: skip
    assert [(g.size, g.edges) for g in groups] == [(3, 3), (3, 3)]
    # m = 7; each triangle: 3 inner edges, degrees 2 + 2 + 3 = 7:
    # Q = 2 · (3/7 − (7/14)²) = 2 · (0.428571 − 0.25) = 0.357143
    assert found.communities.modularity == pytest.approx(0.357143, abs=1e-6)
    # Geneva and Busan each carry the 2 · 3 = 6 pairs across (of 5·4/2 = 10 pairs): 0.6
    assert [r.place.name for r in found.ranking[:2]] == sorted(
        ["Geneva", "Busan"], key=lambda n: twins[n]
    )
    assert [round(r.betweenness, 6) for r in found.ranking] == [0.6, 0.6, 0.0]
    # one component of 6 places, no pairs
    comp = found.components
    assert (comp.count, comp.largest, comp.largest_share, comp.pairs) == (1, 6, 1.0, 0)
    assert comp.groups[0].countries[0] == ("JP", 2)


def test_gexf_export_reads_back(registry: Registry, twins: dict[str, int]) -> None:
    with registry.session() as s:
        graph = graph_mod.build_graph(s)
    back = nx.read_gexf(io.BytesIO(graph_mod.gexf_bytes(graph)))
    assert back.number_of_nodes() == 6 and back.number_of_edges() == 7
    geneva = back.nodes[str(twins["Geneva"])]
    assert (geneva["label"], geneva["country"], geneva["region"]) == ("Geneva", "CH", "europe")
    assert geneva["place_key"] == "geneva-ch"
    edge = back.edges[str(twins["Geneva"]), str(twins["Busan"])]
    assert (edge["weight"], edge["ties"], edge["types"]) == (1, 1, "sister")


def _networkx_gexf(graph: nx.Graph) -> bytes:
    out = io.BytesIO()
    nx.write_gexf(graph_mod.gexf_graph(graph), out)
    return out.getvalue()


def test_gexf_written_line_by_line_is_networkx_s(registry: Registry, small: dict[str, int]) -> None:
    # the registry's graph with every kind, hand-made ones with what needs escaping, a
    # self-loop, no edge and no node: the same bytes as networkx's writer
    with registry.session() as s:
        built = graph_mod.build_graph(s, ALL)
    odd = nx.Graph()
    odd.add_node(7, name='A "b" <c> & d\n\te', country=None, level="city", region="europe",
                 key="a-fr", home=True)  # fmt: skip
    odd.add_node(3, name=None, country="FR", level=None, region="unknown", key=None, home=False)
    odd.add_node(9)
    odd.add_edge(7, 3, weight=3, ties=1, engagements=2, memberships=0, types='sister,"x"')
    odd.add_edge(9, 9, weight=1, ties=0, engagements=0, memberships=1, types="")
    lonely = nx.Graph()
    lonely.add_node(1, name="Solo", country="KR", level="city", region="east_asia",
                    key="solo-kr", home=False)  # fmt: skip
    for graph in (built, odd, lonely, nx.Graph()):
        assert graph_mod.gexf_bytes(graph) == _networkx_gexf(graph)
    # other edge attributes: networkx writes it
    other = nx.Graph()
    other.add_edge(1, 2, weight=1.5)
    assert graph_mod.gexf_bytes(other) == _networkx_gexf(other)


# -- the metrics on graphs drawn by hand ------------------------------------------------------


def _graph(edges: list[tuple[int, int]]) -> nx.Graph:
    graph = nx.Graph()
    for a, b in edges:
        graph.add_edge(a, b, weight=1, ties=1, engagements=0, memberships=0, types="sister")
    for n in graph:
        graph.nodes[n].update(name=f"P{n}", country=None, level="city", region="unknown")
    return graph


def test_betweenness_is_networkx_exact_and_sampled_with_a_seed() -> None:
    karate = nx.karate_club_graph()
    expected = nx.betweenness_centrality(karate, normalized=True)
    found = gm.betweenness(karate)
    assert all(found[n] == pytest.approx(expected[n], abs=1e-12) for n in karate)
    # the path 1–2–3: 2 lies on the one pair of the others → 1.0
    assert gm.betweenness(_graph([(1, 2), (2, 3)])) == {1: 0.0, 2: 1.0, 3: 0.0}
    # sampled: the same seed gives the same estimate; as many sources as places: exact
    assert gm.betweenness(karate, 5, seed=7) == gm.betweenness(karate, 5, seed=7)
    assert gm.betweenness(karate, 34) == found


def test_betweenness_sources_follow_the_work_budget() -> None:
    # 4 places, 4 edges: 4 · (4 + 8) = 48 steps ≤ 1,200,000 → every place (exact)
    assert gm.betweenness_sources(4, 4) == 4
    # the benchmark's tie graph: 22,164 + 2 · 51,403 = 124,970 a source; 1,200,000 // that = 9
    assert gm.betweenness_sources(22_164, 51_403) == 9
    # a larger one: the floor of 8 sources
    assert gm.betweenness_sources(100_000, 500_000) == 8
    assert gm.betweenness_sources(100, 200, sources=500) == 100
    with pytest.raises(InputError):
        gm.betweenness_sources(10, 10, sources=0)


def test_pagerank_of_a_star_by_hand() -> None:
    star = _graph([(1, 2), (1, 3), (1, 4)])
    # leaf l = 0.15/4 + 0.85·c/3, centre c = 0.15/4 + 0.85·3l → l = 0.048125/0.2775
    leaf = 0.048125 / 0.2775  # 0.173423
    centre = 0.0375 + 2.55 * leaf  # 0.479730
    for ranks in (gm.pagerank(star), gm.pagerank_python(star, tol=1e-12, max_iter=1000)):
        assert ranks[1] == pytest.approx(centre, abs=1e-5)
        assert ranks[2] == ranks[3] == pytest.approx(leaf, abs=1e-5)


def test_pagerank_python_is_networkx_pagerank() -> None:
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    karate = nx.karate_club_graph()  # weighted: its edges carry a weight
    expected = _pagerank_python(karate, weight="weight")
    found = gm.pagerank_python(karate)
    assert all(found[n] == pytest.approx(expected[n], abs=1e-6) for n in karate)


def test_components_numbered_by_size_and_profile_ranks() -> None:
    # a triangle 1-2-3 with a tail 3-4, a pair 10-11, a pair 5-6
    graph = _graph([(1, 2), (2, 3), (1, 3), (3, 4), (10, 11), (5, 6)])
    comp = gm.components(graph)
    assert (comp.count, comp.largest, comp.pairs) == (3, 4, 2)
    assert comp.largest_share == pytest.approx(4 / 8)
    # equal sizes by their smallest id: {5, 6} before {10, 11}
    assert [[p.id for p in g.members] for g in comp.groups] == [[3, 1, 2, 4], [5, 6], [10, 11]]
    assert [g.edges for g in comp.groups] == [4, 1, 1]
    profile = gm.place_profile(graph, PlaceBrief(10, "P10", None, "city"))
    # degrees: 3 has 3; 1 and 2 have 2; the rest 1 → 10's rank is 1 + 3 = 4
    assert (profile.degree, profile.degree_rank, profile.component, profile.component_size) == (
        1, 4, 3, 2
    )  # fmt: skip
    assert [n.place.id for n in profile.neighbours] == [11]


def test_ranking_rejects_an_unknown_metric() -> None:
    graph = _graph([(1, 2)])
    with pytest.raises(InputError) as bad:
        gm.ranking(graph, gm.centrality(graph), by="closeness")
    assert bad.value.field == "by"


# -- the array versions (graph_centrality) against networkx ------------------------------------


def test_array_betweenness_is_networkx_sampled_and_exact() -> None:
    # 60 places, 150 links drawn with seed 3 (some places alone), ids 0..59
    graph = nx.gnm_random_graph(60, 150, seed=3)
    n = 60
    exact = nx.betweenness_centrality(graph, normalized=True)
    found = gm.betweenness(graph)
    assert all(found[v] == pytest.approx(exact[v], abs=1e-12) for v in graph)
    # sampled: the k sources are random.Random(seed).sample of the ids in order; the sum
    # over them and every target of the shares of shortest paths through v is twice
    # networkx's subset betweenness (which halves it on an undirected graph), scaled as
    # ours: · n / (k (n−1)(n−2)) (the older networkx estimate: n/k of the exact scale)
    for k, seed in ((5, 7), (12, 42)):
        sources = random.Random(seed).sample(range(n), k)
        subset = nx.betweenness_centrality_subset(graph, sources, list(graph), normalized=False)
        found = gm.betweenness(graph, k, seed=seed)
        scale = n / (k * (n - 1) * (n - 2))
        assert all(found[v] == pytest.approx(2 * subset[v] * scale, abs=1e-12) for v in graph)


def test_array_betweenness_batches_many_sources() -> None:
    # more sources than one batch (BATCH = 64): a path of 100 places, exact. On a path
    # 0–1–…–99 the place i lies between i·(99 − i) pairs; normalised by (n−1)(n−2)/2 = 4851
    path = nx.path_graph(100)
    found = gm.betweenness(path)
    assert found[0] == 0.0 and found[99] == 0.0
    assert found[1] == pytest.approx(98 / 4851)  # 1 · 98
    assert found[50] == pytest.approx(50 * 49 / 4851)


def test_array_pagerank_is_networkx_pagerank() -> None:
    karate = nx.karate_club_graph()  # weighted
    expected = nx.pagerank(karate, weight="weight")
    found = gm.pagerank(karate)
    assert all(found[n] == pytest.approx(expected[n], abs=1e-9) for n in karate)
    # a place with no link of weight (dangling) spreads its rank evenly: two places, one
    # edge of weight 0 → both dangling, each 1/2
    zero = nx.Graph()
    zero.add_edge(1, 2, weight=0)
    assert gm.pagerank(zero) == pytest.approx({1: 0.5, 2: 0.5})
    # the edge of weight 0 is still a link: degree 1 each, weighted degree 0
    assert gm.gc.degrees(gm.gc.arrays(zero)) == ({1: 1, 2: 1}, {1: 0, 2: 0})
    assert gm.betweenness(nx.path_graph(3)) == {0: 0.0, 1: 1.0, 2: 0.0}


def test_louvain_finds_two_cliques_with_their_modularity() -> None:
    # two 4-cliques 1-4 and 5-8 joined by the edge 4–5: m = 6 + 6 + 1 = 13; each clique has
    # 6 inner edges and degrees 3+3+3+4 = 13: Q = 2 · (6/13 − (13/26)²) = 0.423077
    edges = [(a, b) for a in range(1, 5) for b in range(a + 1, 5)]
    edges += [(a, b) for a in range(5, 9) for b in range(a + 1, 9)] + [(4, 5)]
    graph = _graph(edges)
    parts, quality = gm.louvain(graph)
    assert parts == [[1, 2, 3, 4], [5, 6, 7, 8]]
    assert quality == pytest.approx(2 * (6 / 13 - 0.25), abs=1e-9)
    assert quality == pytest.approx(
        nx.community.modularity(graph, [set(p) for p in parts], weight="weight")
    )
    found = gm.communities(graph)
    assert [(g.size, g.edges) for g in found.groups] == [(4, 6), (4, 6)]
    # the members by degree: 4 (degree 4) first, then 1, 2, 3 by id
    assert [p.id for p in found.groups[0].members] == [4, 1, 2, 3]
    assert gm.louvain(_graph([])) == ([], 0.0)


def test_build_gives_the_graphs_arrays_and_edges_by_kind(
    registry: Registry, small: dict[str, int]
) -> None:
    with registry.session() as s, graph_mod.no_gc():
        built = graph_mod.build_with_arrays(s, ALL)
    data = built.data
    # nodes in id order; each edge once, its ends as indices, its weight
    assert data.nodes == sorted(built.graph)
    pairs = {
        frozenset((data.nodes[a], data.nodes[b])): w
        for a, b, w in zip(data.heads.tolist(), data.tails.tolist(), data.weights.tolist(),
                           strict=True)
    }  # fmt: skip
    assert pairs == {frozenset((u, v)): d["weight"] for u, v, d in built.graph.edges(data=True)}
    # the six edges of the module's table: 2 with a tie, 4 with an engagement, 2 memberships
    assert built.edge_kinds == {"tie": 2, "engagement": 4, "membership": 2}
    # Seoul's weighted degree by the arrays: 2 + 2 + 1 + 1 = 6 (as the graph says)
    degree, weighted = gm.gc.degrees(data)
    assert (degree[small["Seoul"]], weighted[small["Seoul"]]) == (4, 6)


def test_no_gc_pauses_and_restores_the_collector() -> None:
    import gc

    assert gc.isenabled()
    with graph_mod.no_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_arrays_build_equals_networkx_on_the_small_registry(
    registry: Registry, small: dict[str, int]
) -> None:
    # the reference: the all-kinds graph of the module's table drawn by hand in networkx
    s, t, p, h, c = (small[n] for n in ("Seoul", "Tokyo", "Paris", "Hanoi", "C40"))
    ref = nx.Graph()
    ref.add_edge(s, t, weight=2, ties=1, engagements=1, memberships=0, types="sister")
    ref.add_edge(s, h, weight=2, ties=1, engagements=1, memberships=0, types="partnership")
    ref.add_edge(s, p, weight=1, ties=0, engagements=1, memberships=0, types="")
    ref.add_edge(t, p, weight=1, ties=0, engagements=1, memberships=0, types="")
    ref.add_edge(s, c, weight=1, ties=0, engagements=0, memberships=1, types="member")
    ref.add_edge(t, c, weight=1, ties=0, engagements=0, memberships=1, types="board")
    with registry.session() as session, graph_mod.no_gc():
        built = graph_mod.build_with_arrays(session, ALL)
        profile = graph_mod.profile(session, "Seoul", ALL, with_community=True)
    places = built.places
    assert list(places) == sorted(ref) and places.number_of_edges() == 6
    for node in ref:  # each place's partners and their edges, as networkx holds them
        assert places[node] == dict(sorted(ref[node].items()))
    assert places.has_edge(p, t) and not places.has_edge(h, p)
    found = gm.centrality(places, data=built.data)
    assert found.degree == dict(ref.degree())
    assert found.weighted_degree == dict(ref.degree(weight="weight"))
    # Seoul: 2 + 2 + 1 + 1 = 6; Tokyo 2 + 1 + 1 = 4
    assert (found.weighted_degree[s], found.weighted_degree[t]) == (6, 4)
    reference_rank = nx.pagerank(ref, weight="weight")
    assert found.pagerank == pytest.approx(reference_rank, abs=1e-6)
    assert found.betweenness == pytest.approx(nx.betweenness_centrality(ref), abs=1e-12)
    parts = gm.components(places, data=built.data)
    assert (parts.count, parts.largest) == (1, 5) == (nx.number_connected_components(ref), 5)
    # the profile read from the arrays is the one read from the reference graph
    seoul = profile.place
    assert profile == gm.place_profile(ref_with_nodes(ref, places), seoul, with_community=True)
    # and the nx.Graph made from the arrays is the reference, attributes and all
    assert nx.utils.graphs_equal(built.graph, ref_with_nodes(ref, places))


def ref_with_nodes(ref: nx.Graph, places: Any) -> nx.Graph:
    """The reference graph with the builder's node attributes (name, country, ...)."""
    out = nx.Graph(**places.graph)
    out.add_nodes_from(sorted(places.nodes.items()))
    out.add_edges_from(sorted((min(a, b), max(a, b), d) for a, b, d in ref.edges(data=True)))
    return out


def test_a_place_graph_of_two_components_matches_networkx() -> None:
    # two triangles of ties, 1–2–3 and 4–5–6, and 7–8 apart: three components
    import numpy as np

    from citydip.analytics.place_graph import EdgeColumns, PlaceGraph

    pairs = [(1, 2), (1, 3), (2, 3), (4, 5), (4, 6), (5, 6), (7, 8)]
    heads = np.array([a for a, _ in pairs])
    tails = np.array([b for _, b in pairs])
    ones = np.ones(len(pairs), dtype=np.int64)
    zeros = np.zeros(len(pairs), dtype=np.int64)
    columns = EdgeColumns(ones, zeros, zeros, {0: "sister"})
    nodes = list(range(1, 9))
    attrs = [{"name": f"p{n}", "country": None, "level": "city", "region": "unknown"}
             for n in nodes]  # fmt: skip
    places = PlaceGraph({}, nodes, attrs, heads, tails, columns)
    ref = places.to_networkx()
    assert sorted(ref.edges()) == pairs and ref[1][2]["types"] == "sister"
    data = gm.gc.from_edges(nodes, heads - 1, tails - 1, ones.astype(float))
    found = gm.components(places, data=data)
    assert [g.size for g in found.groups] == [len(c) for c in sorted(
        nx.connected_components(ref), key=lambda c: (-len(c), min(c)))] == [3, 3, 2]  # fmt: skip
    assert gm.centrality(places, data=data).degree == dict(ref.degree())
    with pytest.raises(KeyError):
        places[9]
