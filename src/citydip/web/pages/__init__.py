"""HTML pages (server-rendered; HTMX asks the same routes for one block)."""

from fastapi import APIRouter

from citydip.web.pages import (
    analysis,
    auth,
    dashboard,
    documents,
    dossier,
    graph,
    places,
    plans,
    records,
    report,
    review,
    trends,
    users,
    views,
)

router = APIRouter(include_in_schema=False)
for module in (auth, dashboard, views, places, dossier, records, review, documents, users):
    router.include_router(module.router)
for module in (analysis, trends, graph, plans, report):
    router.include_router(module.router)
