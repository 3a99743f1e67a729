"""Pages: network analysis (`/network/analysis`): rankings, components, communities, a
chart of the first places, and shared partners / the shortest chain of two places asked
for in its form; the graph as GEXF for Gephi (`/network/analysis.gexf`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from citydip.analytics import graph as graph_mod
from citydip.analytics import graph_metrics as gm
from citydip.errors import AmbiguousError, InputError, NotFoundError
from citydip.web.api.graph import (
    By,
    Kinds,
    Review,
    Top,
    cached_stats,
    chain_json,
    kinds_of,
    shared_json,
    stats_chart,
    stats_json,
)
from citydip.web.deps import DB, Lang, Reader

router = APIRouter()
Optional = Annotated[str | None, Query(max_length=300)]


def _pair(
    session: Session, a: str, b: str, kinds: tuple[str, ...], review: str, lang: str
) -> dict[str, Any]:
    """Shared partners and the shortest chain of two places, or the error in words."""
    try:
        shared = graph_mod.shared(session, a, b, kinds, review)
        chain = graph_mod.chain(session, shared.a.id, shared.b.id, kinds, review)
    except (InputError, NotFoundError, AmbiguousError) as exc:
        return {"error": exc.message if isinstance(exc, InputError) else str(exc)}
    return {"shared": shared_json(session, shared, lang), "chain": chain_json(session, chain, lang)}


@router.get("/network/analysis")
def graph_page(
    request: Request,
    session: DB,
    who: Reader,
    lang: Lang,
    kinds: Kinds = None,
    by: By = "degree",
    top: Top = 20,
    review: Review = "accepted",
    a: Optional = None,
    b: Optional = None,
) -> Response:
    chosen = kinds_of(kinds)
    data = stats_json(session, cached_stats(session, chosen, review, by, top), lang)
    pair = _pair(session, a, b, chosen, review, lang) if a and b else None
    ctx = {
        "data": data,
        "charts": stats_chart(data, lang),
        "pair": pair,
        "edge_kinds": graph_mod.EDGE_KINDS,
        "metrics": gm.METRICS,
        "filters": {
            "kinds": chosen,
            "by": by,
            "top": top,
            "review": review,
            "a": a or "",
            "b": b or "",
        },  # fmt: skip
    }
    return request.app.state.render(request, "graph.html", ctx)


@router.get("/network/analysis.gexf")
def graph_download(
    session: DB, who: Reader, kinds: Kinds = None, review: Review = "accepted"
) -> Response:
    graph = graph_mod.build_graph(session, kinds_of(kinds), review)
    headers = {"Content-Disposition": 'attachment; filename="citydip-network.gexf"'}
    return Response(graph_mod.gexf_bytes(graph), media_type="application/gexf+xml",
                    headers=headers)  # fmt: skip
