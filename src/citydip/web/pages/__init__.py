"""HTML pages (server-rendered; HTMX asks the same routes for one block)."""

from fastapi import APIRouter

from citydip.web.pages import auth

router = APIRouter(include_in_schema=False)
router.include_router(auth.router)
