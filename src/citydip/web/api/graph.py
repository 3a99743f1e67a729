"""`/api/v1/graph/stats`, `/graph/shared`, `/graph/path`: network analysis as JSON, with
the Vega-Lite spec the page draws (the page renders the same results).

Places come with their name in the asked-for language and the URL of their partner page;
a place in `a` / `b` is its id, key (`tokyo-jp`), `NAME,CC` or a name only one place has.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from citydip.analytics import graph as graph_mod
from citydip.analytics import graph_metrics as gm
from citydip.analytics.briefs import PlaceBrief
from citydip.analytics.cache import views_cache
from citydip.i18n import code_label, translate
from citydip.web.api.views import Names, place_url
from citydip.web.deps import DB, Lang, Reader

router = APIRouter(tags=["analysis"])
Review = Annotated[
    Literal["accepted", "proposed", "rejected", "all"],
    Query(description="review state of the records counted ('all': every state)"),
]
Kinds = Annotated[
    list[str] | None,
    Query(description="edge kinds: tie, engagement, membership (default: tie and membership)"),
]
By = Annotated[
    Literal["degree", "weighted_degree", "pagerank", "betweenness"],
    Query(description="the metric places are ranked by"),
]
Top = Annotated[int, Query(ge=1, le=graph_mod.MAX_TOP, description="places ranked")]
PlaceArg = Annotated[str, Query(min_length=1, max_length=300, description="id, key or NAME,CC")]
CHART_BARS = 20


def kinds_of(kinds: list[str] | None) -> tuple[str, ...]:
    """Kinds from repeated or comma-separated query values."""
    return graph_mod.check_kinds([k for v in kinds or [] for k in v.split(",")])


def cached_stats(
    session: Session, kinds: tuple[str, ...], review: str, by: str, top: int
) -> graph_mod.GraphStats:
    key = ("graph", kinds, review, by, top)
    return views_cache.get(session, key, lambda s: graph_mod.graph_stats(s, kinds, review, by, top))


def _place(place: PlaceBrief, names: Names) -> dict[str, Any]:
    return {
        "id": place.id,
        "name": names(place),
        "country": place.country,
        "level": place.level,
        "url": place_url(place.id),
    }


def _edge(edge: gm.EdgeInfo, lang: str) -> dict[str, Any]:
    return {
        "weight": edge.weight,
        "ties": edge.ties,
        "engagements": edge.engagements,
        "memberships": edge.memberships,
        "types": list(edge.types),
        "type_labels": [code_label(t, lang) for t in edge.types],
    }


def _groups(groups: tuple[gm.Group, ...], names: Names) -> list[dict[str, Any]]:
    return [
        {
            "index": g.index,
            "size": g.size,
            "edges": g.edges,
            "members": [_place(p, names) for p in g.members],
            "countries": [{"country": c, "places": n} for c, n in g.countries],
        }
        for g in groups
    ]


def stats_json(session: Session, data: graph_mod.GraphStats, lang: str) -> dict[str, Any]:
    groups = [*data.components.groups, *(data.communities.groups if data.communities else ())]
    names = Names(
        session, lang, [r.place for r in data.ranking] + [p for g in groups for p in g.members]
    )
    com = data.communities
    return {
        "ok": True,
        "kinds": list(data.kinds),
        "review": data.review,
        "nodes": data.nodes,
        "edges": data.edges,
        "density": round(data.density, 6),
        "edge_kinds": data.edge_kinds,
        "by": data.by,
        "betweenness": {"sources": data.betweenness_sources, "exact": data.betweenness_exact},
        "ranking": [
            {
                "rank": i,
                "place": _place(r.place, names),
                "region": r.region,
                "region_label": code_label(r.region, lang),
                "degree": r.degree,
                "weighted_degree": r.weighted_degree,
                "pagerank": round(r.pagerank, 6),
                "betweenness": round(r.betweenness, 6),
            }
            for i, r in enumerate(data.ranking, start=1)
        ],
        "components": {
            "count": data.components.count,
            "largest": data.components.largest,
            "largest_share": round(data.components.largest_share, 4),
            "pairs": data.components.pairs,
            "groups": _groups(data.components.groups, names),
        },
        "communities": None
        if com is None
        else {
            "method": com.method,
            "seed": com.seed,
            "count": com.count,
            "modularity": round(com.modularity, 4),
            "groups": _groups(com.groups, names),
        },
    }


def stats_chart(data: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """A Vega-Lite bar chart of the first places by the ranking's metric."""
    by = data["by"]
    bars = [
        {"place": f"{r['rank']}. {r['place']['name']}", "value": r[by]}
        for r in data["ranking"][:CHART_BARS]
    ]
    return [
        {
            "id": "chart-graph-top",
            "spec": {
                "height": max(60, 22 * len(bars)),
                "data": {"values": bars},
                "mark": {"type": "bar", "tooltip": True, "color": "#1f5fbf"},
                "encoding": {
                    "y": {
                        "field": "place",
                        "type": "nominal",
                        "sort": None,
                        "title": translate("graph.place", lang),
                        "axis": {"labelLimit": 220},
                    },
                    "x": {
                        "field": "value",
                        "type": "quantitative",
                        "title": translate(f"graph.metric.{by}", lang),
                    },
                },
            },
        }
    ]


def shared_json(session: Session, data: gm.Shared, lang: str) -> dict[str, Any]:
    names = Names(session, lang, [data.a, data.b, *(p.place for p in data.partners)])
    return {
        "ok": True,
        "a": _place(data.a, names),
        "b": _place(data.b, names),
        "direct": _edge(data.direct, lang) if data.direct else None,
        "shared": len(data.partners),
        "only_a": data.only_a,
        "only_b": data.only_b,
        "jaccard": round(data.jaccard, 4),
        "partners": [
            {
                "place": _place(p.place, names),
                "with_a": _edge(p.with_a, lang),
                "with_b": _edge(p.with_b, lang),
            }
            for p in data.partners
        ],
    }


def chain_json(session: Session, data: gm.Chain, lang: str) -> dict[str, Any]:
    names = Names(session, lang, [data.a, data.b, *data.places])
    return {
        "ok": True,
        "a": _place(data.a, names),
        "b": _place(data.b, names),
        "found": data.found,
        "hops": data.hops,
        "places": [_place(p, names) for p in data.places],
        "steps": [
            {"source": s.source.id, "target": s.target.id, "edge": _edge(s.edge, lang)}
            for s in data.steps
        ],
    }


@router.get("/graph/stats", summary="Network metrics: rankings, components, communities")
def get_graph_stats(
    session: DB,
    who: Reader,
    lang: Lang,
    kinds: Kinds = None,
    by: By = "degree",
    top: Top = 20,
    review: Review = "accepted",
) -> dict[str, Any]:
    found = cached_stats(session, kinds_of(kinds), review, by, top)
    return stats_json(session, found, lang)


@router.get("/graph/shared", summary="The partners two places have in common")
def get_graph_shared(
    session: DB, who: Reader, lang: Lang, a: PlaceArg, b: PlaceArg, kinds: Kinds = None,
    review: Review = "accepted",
) -> dict[str, Any]:  # fmt: skip
    found = graph_mod.shared(session, a, b, kinds_of(kinds), review)
    return shared_json(session, found, lang)


@router.get("/graph/path", summary="The shortest chain of links between two places")
def get_graph_path(
    session: DB, who: Reader, lang: Lang, a: PlaceArg, b: PlaceArg, kinds: Kinds = None,
    review: Review = "accepted",
) -> dict[str, Any]:  # fmt: skip
    found = graph_mod.chain(session, a, b, kinds_of(kinds), review)
    return chain_json(session, found, lang)
