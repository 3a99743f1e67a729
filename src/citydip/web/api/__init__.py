"""The JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from fastapi import APIRouter

from citydip.web.api import auth, documents, places, records, review, views

router = APIRouter()
for module in (auth, places, review, views, documents):
    router.include_router(module.router)
router.include_router(records.router)  # last: its /{kind} paths would shadow the others
