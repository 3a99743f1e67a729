"""The JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from fastapi import APIRouter

from citydip.web.api import auth, places, records, review

router = APIRouter()
router.include_router(auth.router)
router.include_router(places.router)
router.include_router(review.router)
router.include_router(records.router)  # last: its /{kind} paths would shadow the others
