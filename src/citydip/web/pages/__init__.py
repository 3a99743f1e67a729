"""HTML pages (server-rendered; HTMX asks the same routes for one block)."""

from fastapi import APIRouter

from citydip.web.pages import auth, dashboard, documents, places, records, review, users, views

router = APIRouter(include_in_schema=False)
for module in (auth, dashboard, views, places, records, review, documents, users):
    router.include_router(module.router)
