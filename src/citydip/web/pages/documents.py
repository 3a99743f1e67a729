"""Pages: documents (being written)."""

from fastapi import APIRouter

router = APIRouter()
