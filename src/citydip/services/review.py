"""The review queue: proposed records beside their documents, with the evidence marked.

A document's text is shown as pieces (plain, marked, or a gap where text is left out) so
that a template escapes each piece and never has to trust markup made from document text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citydip.errors import InputError
from citydip.services import editing
from citydip.store.documents import Document, Evidence
from citydip.store.listing import KIND_OF
from citydip.store.places import Place
from citydip.store.records import Record
from citydip.store.resolve import Stamp

PER_PAGE = 20
EXCERPT = 240  # characters of context either side of an item's evidence
FULL_TEXT = 20_000  # documents longer than this are shown around their marks only
PANE_CONTEXT = 1_500

Span = tuple[int | None, int | None, int]  # start, end, the record it is evidence of


@dataclass(frozen=True)
class Piece:
    """A stretch of a document's text: marked as evidence (of `records`) or not, or a gap."""

    text: str
    mark: bool = False
    records: tuple[int, ...] = ()
    gap: bool = False


GAP = Piece("…", gap=True)


def _valid(span: Span, length: int) -> bool:
    start, end, _ = span
    return (
        isinstance(start, int)
        and isinstance(end, int)
        and not isinstance(start, bool)
        and not isinstance(end, bool)
        and 0 <= start < end <= length
    )


def _merged(spans: Iterable[Span], length: int) -> list[tuple[int, int, tuple[int, ...]]]:
    """Valid spans in order, overlapping ones joined (with the records of each)."""
    merged: list[tuple[int, int, set[int]]] = []
    for start, end, rid in sorted((s for s in spans if _valid(s, length)), key=lambda s: s[:2]):
        assert start is not None and end is not None
        if merged and start < merged[-1][1]:
            s0, e0, ids = merged[-1]
            merged[-1] = (s0, max(e0, end), ids | {rid})
        else:
            merged.append((start, end, {rid}))
    return [(s, e, tuple(sorted(ids))) for s, e, ids in merged]


def _snap_back(text: str, cut: int, limit: int = 30) -> int:
    """`cut` moved back to just after a space, if one is near (words stay whole)."""
    space = text.rfind(" ", max(0, cut - limit), cut)
    return space + 1 if space >= 0 else cut


def _snap_forward(text: str, cut: int, limit: int = 30) -> int:
    space = text.find(" ", cut, cut + limit)
    return space if space >= 0 else cut


def _plain(text: str, first: bool, last: bool, around: int | None) -> list[Piece]:
    """Unmarked text between marks, cut to `around` characters next to each mark."""
    if not text:
        return []
    if around is None:
        return [Piece(text)]
    if first and last:  # no mark at all: the start of the text
        if len(text) <= 2 * around:
            return [Piece(text)]
        return [Piece(text[: _snap_forward(text, 2 * around)]), GAP]
    if first:
        if len(text) <= around:
            return [Piece(text)]
        return [GAP, Piece(text[_snap_back(text, len(text) - around) :])]
    if last:
        if len(text) <= around:
            return [Piece(text)]
        return [Piece(text[: _snap_forward(text, around)]), GAP]
    if len(text) <= 2 * around + 1:
        return [Piece(text)]
    head = text[: _snap_forward(text, around)]
    tail = text[_snap_back(text, len(text) - around) :]
    return [Piece(head), GAP, Piece(tail)]


def highlight(text: str | None, spans: Iterable[Span], around: int | None = None) -> list[Piece]:
    """The text as pieces with every valid span marked; spans out of range (negative,
    past the end, empty or reversed) are left out. Overlapping spans become one mark.
    With `around`, unmarked text is cut to that many characters beside each mark."""
    text = text or ""
    marks = _merged(spans, len(text))
    pieces: list[Piece] = []
    at = 0
    for n, (start, end, ids) in enumerate(marks):
        pieces += _plain(text[at:start], n == 0, False, around)
        pieces.append(Piece(text[start:end], mark=True, records=ids))
        at = end
    pieces += _plain(text[at:], not marks, True, around)
    return pieces


# -- the queue --------------------------------------------------------------------------


@dataclass
class Excerpt:
    evidence: Evidence
    pieces: list[Piece]  # empty when the evidence names the whole document


@dataclass
class QueueItem:
    record: Record
    excerpts: list[Excerpt]
    message: str | None = None  # e.g. a conflict, shown in the item


@dataclass
class QueueGroup:
    """The items whose (first) evidence is in one document, and that document's text."""

    document: Document | None
    pieces: list[Piece]
    items: list[QueueItem] = field(default_factory=list)


@dataclass
class Queue:
    groups: list[QueueGroup]
    total: int  # proposed records matching the filters
    proposed: int  # proposed records in all
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def items(self) -> list[QueueItem]:
        return [item for group in self.groups for item in group.items]


def kind_code(kind: str | None) -> str | None:
    """'engagements' (or 'engagement') → 'engagement'; None or '' → None."""
    if not kind:
        return None
    if kind in KIND_OF:
        return KIND_OF[kind]
    if kind in KIND_OF.values():
        return kind
    raise InputError(f"no record kind {kind!r}; one of {', '.join(KIND_OF)}", field="kind")


def proposed_count(session: Session) -> int:
    query = select(func.count()).select_from(Record).where(Record.review_state == "proposed")
    return session.scalar(query) or 0


def _evidence(session: Session, ids: Sequence[int]) -> dict[int, list[Evidence]]:
    found: dict[int, list[Evidence]] = {i: [] for i in ids}
    if ids:
        rows = session.scalars(
            select(Evidence).where(Evidence.record_id.in_(ids)).order_by(Evidence.id)
        )
        for ev in rows:
            found[ev.record_id].append(ev)
    return found


def _excerpts(evidence: list[Evidence]) -> list[Excerpt]:
    return [
        Excerpt(ev, highlight(ev.document.text, [(ev.start, ev.end, ev.record_id)], EXCERPT))
        if ev.start is not None
        else Excerpt(ev, [])
        for ev in evidence
    ]


def _pane(document: Document, items: list[QueueItem]) -> list[Piece]:
    spans: list[Span] = [
        (x.evidence.start, x.evidence.end, item.record.id)
        for item in items
        for x in item.excerpts
        if x.evidence.document_id == document.id
    ]
    long = len(document.text or "") > FULL_TEXT
    return highlight(document.text, spans, PANE_CONTEXT if long else None)


def queue(
    session: Session,
    kind: str | None = None,
    document_id: int | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Queue:
    """One page of proposed records (of a kind, from a document), grouped by document."""
    if page < 1:
        raise InputError("page numbers start at 1", field="page")
    conds = [Record.review_state == "proposed"]
    code = kind_code(kind)
    if code:
        conds.append(Record.kind == code)
    if document_id is not None:
        conds.append(
            Record.id.in_(select(Evidence.record_id).where(Evidence.document_id == document_id))
        )
    total = session.scalar(select(func.count()).select_from(Record).where(*conds)) or 0
    first_doc = (
        select(Evidence.record_id, func.min(Evidence.document_id).label("doc"))
        .group_by(Evidence.record_id)
        .subquery()
    )
    ids = list(
        session.scalars(
            select(Record.id)
            .outerjoin(first_doc, first_doc.c.record_id == Record.id)
            .where(*conds)
            .order_by(first_doc.c.doc.is_(None), first_doc.c.doc, Record.id)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    records = {r.id: r for r in session.scalars(select(Record).where(Record.id.in_(ids)))}
    evidence = _evidence(session, ids)
    groups: list[QueueGroup] = []
    for rid in ids:
        evs = evidence[rid]
        doc = min((e.document for e in evs), key=lambda d: d.id, default=None)
        if not groups or groups[-1].document is not doc:
            groups.append(QueueGroup(doc, []))
        groups[-1].items.append(QueueItem(records[rid], _excerpts(evs)))
    for group in groups:
        if group.document is not None:
            group.pieces = _pane(group.document, group.items)
    return Queue(groups, total, proposed_count(session), page, per_page)


def queue_item(session: Session, record_id: int, message: str | None = None) -> QueueItem:
    record = editing.get(session, record_id)
    return QueueItem(record, _excerpts(_evidence(session, [record_id])[record_id]), message)


def queue_documents(session: Session) -> list[tuple[int, str, int]]:
    """Documents that have proposed records: (id, title, how many), for the filter."""
    rows = session.execute(
        select(Document.id, Document.title, Document.doc_id, func.count(Record.id.distinct()))
        .join(Evidence, Evidence.document_id == Document.id)
        .join(Record, Record.id == Evidence.record_id)
        .where(Record.review_state == "proposed")
        .group_by(Document.id, Document.title, Document.doc_id)
        .order_by(Document.id)
    ).all()
    return [(did, title or doc_id, n) for did, title, doc_id, n in rows]


def review_selected(session: Session, ids: list[int], state: str, stamp: Stamp) -> tuple[int, int]:
    """Accept or reject the ticked records that are still proposed: (changed, left alone).

    A record someone reviewed since the page was shown is not changed again."""
    if not ids:
        raise InputError("tick the records to review first", field="ids")
    wanted = sorted(set(ids))
    still = list(
        session.scalars(
            select(Record.id).where(Record.id.in_(wanted), Record.review_state == "proposed")
        )
    )
    changed = editing.review_many(session, still, state, stamp)
    return changed, len(wanted) - changed


def places_of(record: Record) -> list[Place]:
    """The places a record is about: its parties, an engagement's location, a membership's
    member and network (each once, in that order)."""
    found: list[Place] = list(record.party_places)
    for name in ("location", "member", "network"):
        place = getattr(record, name, None)
        if isinstance(place, Place) and place not in found:
            found.append(place)
    return found


def date_of(record: Record) -> str | None:
    """The date a record is known by: a tie's or membership's since, an agreement's date,
    an engagement's start (to its end)."""
    start = getattr(record, "start", None)
    if start:
        end = getattr(record, "end", None)
        return f"{start} – {end}" if end and end != start else str(start)
    for name in ("date", "since"):
        value = getattr(record, name, None)
        if value:
            return str(value)
    return None
