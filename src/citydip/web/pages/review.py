"""The review queue: proposed records beside their documents; accept, reject, in bulk.

`GET /review` is the page (an HTMX request gets the `queue` block). The actions answer an
HTMX request with the item's new markup (a "done" line with an undo button, or the item
again with a message when someone changed the record in between), and a plain form post
with a redirect back to the queue.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from citydip.errors import ConflictError
from citydip.i18n import translate
from citydip.services import editing, review
from citydip.store.listing import KIND_OF
from citydip.store.queries import local_names
from citydip.web.deps import DB, Editor, Lang, Reader

router = APIRouter()
ACTIONS = {"accept": "accepted", "reject": "rejected", "undo": "proposed"}
BulkState = Literal["accepted", "rejected"]


def _htmx(request: Request) -> bool:
    return bool(request.headers.get("hx-request"))


def _names(session: Session, items: list[review.QueueItem], lang: str) -> dict[int, str]:
    ids = [p.id for item in items for p in review.places_of(item.record)]
    return local_names(session, ids, lang)


def _back(kind: str | None, document: int | None, page: int = 1) -> str:
    query = [f"kind={kind}" if kind in KIND_OF else "", f"document={document}" if document else ""]
    query.append(f"page={page}" if page > 1 else "")
    joined = "&".join(q for q in query if q)
    return "/review" + (f"?{joined}" if joined else "")


def _queue_context(
    session: Session,
    lang: str,
    kind: str | None,
    document: int | None,
    page: int,
    message: str | None = None,
) -> dict[str, Any]:
    queue = review.queue(session, kind, document, page)
    return {
        "queue": queue,
        "kinds": list(KIND_OF),
        "documents": review.queue_documents(session),
        "kind": kind if kind in KIND_OF else None,
        "document": document,
        "names": _names(session, queue.items, lang),
        "message": message,
        "back": _back(kind, document, page),
        "places_of": review.places_of,
        "date_of": review.date_of,
    }


def _item_context(session: Session, item: review.QueueItem, lang: str) -> dict[str, Any]:
    return {
        "item": item,
        "names": _names(session, [item], lang),
        "places_of": review.places_of,
        "date_of": review.date_of,
    }


@router.get("/review")
def review_page(
    request: Request,
    session: DB,
    who: Reader,
    lang: Lang,
    kind: str | None = None,
    document: str | None = None,
    page: int = Query(1, ge=1),
) -> Response:
    doc_id = int(document) if document and document.isdigit() else None
    ctx = _queue_context(session, lang, kind or None, doc_id, page)
    return request.app.state.render(request, "review.html", ctx, block="queue")


@router.post("/review/bulk")
def review_bulk(
    request: Request,
    session: DB,
    who: Editor,
    lang: Lang,
    state: Annotated[BulkState, Form()],
    ids: Annotated[list[int] | None, Form()] = None,
    kind: Annotated[str | None, Form()] = None,
    document: Annotated[int | None, Form()] = None,
) -> Response:
    if ids:
        changed, left = review.review_selected(session, ids, state, who.stamp())
        session.commit()
        message = translate(f"review.bulk.{state}", lang, n=changed)
        if left:
            message += " " + translate("review.bulk.left", lang, n=left)
    else:
        message = translate("review.bulk.none", lang)
    if not _htmx(request):
        return RedirectResponse(_back(kind, document), status_code=303)
    ctx = _queue_context(session, lang, kind or None, document, 1, message)
    return request.app.state.render(request, "review.html", ctx, block="queue")


@router.post("/review/{record_id}/{action}")
def review_action(
    request: Request,
    record_id: int,
    action: Literal["accept", "reject", "undo"],
    session: DB,
    who: Editor,
    lang: Lang,
    version: Annotated[int | None, Form()] = None,
) -> Response:
    render = request.app.state.render
    try:
        record = editing.set_review(session, record_id, ACTIONS[action], who.stamp(), version)
        session.commit()
    except ConflictError as exc:  # nothing was written
        if not _htmx(request):
            raise
        item = review.queue_item(session, record_id, str(exc))
        return render(request, "_review_item.html", _item_context(session, item, lang))
    if not _htmx(request):
        return RedirectResponse("/review", status_code=303)
    count = {"proposed": review.proposed_count(session), "oob": True}
    if record.review_state == "proposed":  # undone: the item is back in the queue
        item = review.queue_item(session, record_id)
        return render(request, "_review_item.html", _item_context(session, item, lang) | count)
    return render(request, "_review_done.html", count | {"record": record})
