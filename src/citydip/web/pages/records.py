"""Pages of records: lists with filters, one record with its evidence, and the forms.

A list is `store.listing.page_records`, the function the JSON API lists with; an HTMX
request for a list gets only its `results` block. Forms turn into records of the
interchange format (`web.forms`) and are saved by `services.editing`, as the API's are.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from citydip.analytics.cache import counts_cache, views_cache
from citydip.errors import ConflictError, InputError, NotFoundError
from citydip.services import editing
from citydip.store import partner_rows, queries
from citydip.store.engagements import Engagement
from citydip.store.listing import KIND_OF, Page, page_places, page_records
from citydip.store.listing import STATUSES as LIST_STATUSES
from citydip.store.networks import Membership
from citydip.store.partner_rows import RecordRow
from citydip.store.places import Place
from citydip.store.records import Record
from citydip.store.registry import home_id
from citydip.taxonomy import COMMITMENT_STATUSES, REVIEW_STATES, ROLES, STATUSES, load_taxonomy
from citydip.web import forms
from citydip.web.deps import DB, Editor, Lang, Reader

router = APIRouter()
PLURAL = {one: many for many, one in KIND_OF.items()}
TYPE_LISTS = {
    "relationship": "relationship_types",
    "agreement": "agreement_types",
    "engagement": "engagement_types",
}


def _kind(kind: str) -> str:
    """The singular kind of a list's path segment ('engagements' → 'engagement'), else 404."""
    if kind not in KIND_OF:
        raise NotFoundError(f"no list of {kind!r}; there are {', '.join(KIND_OF)}")
    return KIND_OF[kind]


def _codes(kind: str) -> dict[str, Any]:
    taxonomy = load_taxonomy()
    return {
        "type_codes": taxonomy.codes(TYPE_LISTS[kind]) if kind in TYPE_LISTS else (),
        "area_codes": taxonomy.codes("cooperation_areas"),
        "event_codes": taxonomy.codes("relationship_events"),
        "statuses": STATUSES,
        "roles": ROLES,
        "review_states": REVIEW_STATES,
        "commitment_statuses": COMMITMENT_STATUSES,
    }


def _places_of(record: Record) -> list[int]:
    ids = [p.place_id for p in record.parties]
    if isinstance(record, Engagement) and record.location_id:
        ids.append(record.location_id)
        ids.extend(p.person.place_id for p in record.people if p.person.place_id)
    if isinstance(record, Membership):
        ids.extend(i for i in (record.member_id, record.network_id) if i)
    return ids


def _names(session: Session, records: list[Record], lang: str) -> dict[int, str]:
    """Places' names in the page's language, where the registry has them."""
    return queries.local_names(session, [i for r in records for i in _places_of(r)], lang)


def _row_names(session: Session, rows: list[RecordRow], lang: str) -> dict[int, str]:
    """`_names` of a list's rows: the places the list shows (every place of a record:
    its partners with the home city left in)."""
    ids = [p.id for r in rows for p in r.partners(None)]
    return queries.local_names(session, ids, lang)


def _flash(request: Request) -> Any:
    return request.session.pop("flash", None)


def _say(request: Request, key: str, **values: Any) -> None:
    request.session["flash"] = {"key": key, "values": values}


# -- lists ------------------------------------------------------------------------------


@router.get("/records/place-options")
def place_options(request: Request, session: DB, who: Reader, lang: Lang, q: str = "") -> Response:
    """Places whose name starts with `q` (an HTMX list under a form's place fields)."""
    found = page_places(session, q=q[:100], per_page=8).items if q.strip() else []
    names = queries.local_names(session, [p.id for p in found], lang)
    ctx = {"places": found, "names": names, "q": q}
    return request.app.state.render(request, "_records_places.html", ctx)


# -- one record -------------------------------------------------------------------------


def _evidence(session: Session, record: Record) -> list[dict[str, Any]]:
    shown = []
    for ev in queries.evidence_of(session, record):
        text = ev.quote
        if text is None and ev.start is not None and ev.document.text:
            text = ev.document.text[ev.start : ev.end]
        shown.append({"document": ev.document, "text": text, "start": ev.start, "end": ev.end})
    return shown


def _show(
    request: Request,
    session: Session,
    record: Record,
    lang: str,
    *,
    confirm_delete: bool = False,
    conflict: str | None = None,
    status: int = 200,
) -> Response:
    ctx = {
        "record": record,
        "kind": record.kind,
        "plural": PLURAL[record.kind],
        "names": _names(session, [record], lang),
        "evidence": _evidence(session, record),
        "home_id": home_id(session),
        "confirm_delete": confirm_delete,
        "conflict": conflict,
        "flash": _flash(request),
    }
    return request.app.state.render(request, "record.html", ctx, status=status)


@router.get("/records/{record_id:int}")
def show_record(request: Request, record_id: int, session: DB, who: Reader, lang: Lang) -> Response:
    return _show(request, session, editing.get(session, record_id), lang)


@router.get("/records/{record_id:int}/delete")
def confirm_delete(
    request: Request, record_id: int, session: DB, who: Editor, lang: Lang
) -> Response:
    return _show(request, session, editing.get(session, record_id), lang, confirm_delete=True)


@router.post("/records/{record_id:int}/delete")
async def delete_record(
    request: Request, record_id: int, session: DB, who: Editor, lang: Lang
) -> Response:
    record = editing.get(session, record_id)
    kind = record.kind
    form = await request.form()
    version = _int(form.get("version"))
    if version is None:
        raise InputError("the form came without the version it deletes; reload it", field="version")
    try:
        editing.remove(session, record_id, version)
    except ConflictError as exc:
        session.rollback()
        current = editing.get(session, record_id)
        return _show(
            request, session, current, lang, confirm_delete=True, conflict=str(exc), status=409
        )
    session.commit()
    _say(request, "records.flash.deleted", id=record_id)
    return RedirectResponse(f"/records/{PLURAL[kind]}", status_code=303)


# -- forms ------------------------------------------------------------------------------


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.strip().isdigit() else None


def _form(
    request: Request,
    session: Session,
    kind: str,
    values: dict[str, Any],
    *,
    record: Record | None = None,
    version: int | None = None,
    errors: dict[str, str] | None = None,
    conflict: Record | None = None,
    conflict_message: str | None = None,
    status: int = 200,
    then: str | None = None,
) -> Response:
    ctx = {
        "then": then if then == "accept" else None,
        "kind": kind,
        "plural": PLURAL[kind],
        "record": record,
        "values": values,
        "version": version,
        "errors": errors or {},
        "conflict": conflict,
        "conflict_message": conflict_message,
        "conflict_values": forms.values_of(session, conflict) if conflict else None,
        **_codes(kind),
    }
    return request.app.state.render(request, "record_form.html", ctx, status=status)


async def _posted(request: Request, kind: str) -> tuple[dict[str, Any], int | None]:
    form = await request.form()
    areas = [a for a in form.getlist("areas") if isinstance(a, str)]
    return forms.read_form(form, kind, areas), _int(form.get("version"))


@router.get("/records/{record_id:int}/edit")
def edit_form(
    request: Request, record_id: int, session: DB, who: Editor, then: str | None = None
) -> Response:
    """The edit form; `then=accept` (from the review queue) accepts the record on saving."""
    record = editing.get(session, record_id)
    values = forms.values_of(session, record)
    return _form(
        request, session, record.kind, values, record=record, version=record.version, then=then
    )


@router.post("/records/{record_id:int}/edit")
async def save_record(request: Request, record_id: int, session: DB, who: Editor) -> Response:
    record = editing.get(session, record_id)
    kind = record.kind
    values, version = await _posted(request, kind)
    then = (await request.form()).get("then")
    then = then if then == "accept" else None
    if version is None:
        errors = {forms.GENERAL: "the form came without the version it edits; reload it"}
        return _form(request, session, kind, values, record=record, errors=errors, status=422)
    try:
        body = forms.to_body(session, kind, values)
        editing.update_content(session, record_id, body, version, who.stamp())
        if then == "accept":
            editing.set_review(session, record_id, "accepted", who.stamp())
    except ConflictError as exc:
        session.rollback()
        current = editing.get(session, record_id)
        return _form(
            request,
            session,
            kind,
            values,
            record=current,
            version=version,
            conflict=current,
            conflict_message=str(exc),
            status=409,
            then=then,
        )
    except InputError as exc:
        session.rollback()
        errors = forms.messages(exc, forms.FIELDS[kind])
        record = editing.get(session, record_id)
        return _form(
            request,
            session,
            kind,
            values,
            record=record,
            version=version,
            errors=errors,
            status=422,
            then=then,
        )
    session.commit()
    if then == "accept":
        _say(request, "records.flash.saved_accepted", id=record_id)
        return RedirectResponse("/review", status_code=303)
    _say(request, "records.flash.saved", id=record_id)
    return RedirectResponse(f"/records/{record_id}", status_code=303)


@router.get("/records/{kind}/new")
def new_form(request: Request, kind: str, session: DB, who: Editor) -> Response:
    one = _kind(kind)
    return _form(request, session, one, forms.blank(one))


@router.post("/records/{kind}/new")
async def create_record(request: Request, kind: str, session: DB, who: Editor) -> Response:
    one = _kind(kind)
    values, _ = await _posted(request, one)
    try:
        body = forms.to_body(session, one, values)
        added = editing.add(session, body, who.stamp("accepted"), one)
    except InputError as exc:
        session.rollback()
        errors = forms.messages(exc, forms.FIELDS[one])
        return _form(request, session, one, values, errors=errors, status=422)
    session.commit()
    rid = added.record.id
    _say(request, "records.flash.created" if added.created else "records.flash.merged", id=rid)
    return RedirectResponse(f"/records/{rid}", status_code=303)


@router.get("/records/{kind}")
def list_records(request: Request, kind: str, session: DB, who: Reader, lang: Lang) -> Response:
    one = _kind(kind)
    query = forms.list_query(request.query_params)
    errors = dict(query.errors)
    try:
        page = page_records(
            session,
            kind,
            query.filters,
            query.sort,
            query.page,
            query.per_page,
            partner_rows.by_ids,  # rows, not ORM objects: a page of 50 in a third of the time
            counts_cache,
        )
    except InputError as exc:  # listing's own checks (the query's are done above)
        errors.update(forms.messages(exc, forms.FILTERS + ("page", "per_page", "sort")))
        page = Page([], 0, 1, query.per_page)  # no rows rather than rows of another filter
    place = None
    if query.filters.place_id is not None:
        place = session.get(Place, query.filters.place_id)
    ctx = {
        "kind": one,
        "plural": kind,
        "query": query,
        "page": page,
        "errors": errors,
        # the tabs' counts: a GROUP BY of every record, kept until the registry changes
        "counts": views_cache.get(session, ("counts",), queries.counts),
        "names": _row_names(session, page.items, lang),
        "home_id": home_id(session),
        "place": place,
        "list_statuses": LIST_STATUSES.get(kind, ()),
        "flash": _flash(request),
        **_codes(one),
    }
    # an HTMX request gets its block with the messages in it (HTMX swaps no 4xx answer)
    status = 422 if errors and not request.headers.get("hx-request") else 200
    return request.app.state.render(request, "records.html", ctx, status=status, block="results")
