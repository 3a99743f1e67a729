"""The JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from fastapi import APIRouter

from citydip.web.api import (
    auth,
    documents,
    dossier,
    graph,
    places,
    plans,
    records,
    review,
    trends,
    views,
)

router = APIRouter()
for module in (auth, places, dossier, review, views, trends, graph, plans, documents):
    router.include_router(module.router)
router.include_router(records.router)  # last: its /{kind} paths would shadow the others
