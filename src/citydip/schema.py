"""The record format of shared/spec/extraction.md: the interchange (import/export) format.

One document's answer holds records of four kinds. citydip adds optional fields so that an
export loses nothing of the registry (review state, commitments, document text, and a
registry bundle with places, people and plans); a file without them is still valid, and
every gold answer in shared/corpus is valid input. Unknown fields are rejected, so a typo
never passes silently.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from citydip.dates import parse_partial_date
from citydip.taxonomy import load_taxonomy


def _partial(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a date string, got {type(value).__name__}")
    return parse_partial_date(value)


def _country(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value.strip()):
        raise ValueError(f"country must be an ISO 3166-1 alpha-2 code such as 'KR', got {value!r}")
    return value.strip().upper()


def _dedupe(values: list[Any]) -> list[Any]:
    return list(dict.fromkeys(values))


def _clean_text(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def _code(list_name: str) -> AfterValidator:
    """A validator accepting only the codes of one taxonomy list."""

    def check(value: str) -> str:
        return load_taxonomy().check(list_name, value)

    return AfterValidator(check)


RelationshipType = Annotated[str, _code("relationship_types")]
RelationshipEvent = Annotated[str, _code("relationship_events")]
AgreementType = Annotated[str, _code("agreement_types")]
EngagementType = Annotated[str, _code("engagement_types")]
Area = Annotated[str, _code("cooperation_areas")]
PartialDate = Annotated[str | None, BeforeValidator(_partial)]
Country = Annotated[str | None, BeforeValidator(_country)]
Name = Annotated[str, BeforeValidator(_clean_text), Field(min_length=1, max_length=300)]
Areas = Annotated[list[Area], AfterValidator(_dedupe)]
Aliases = Annotated[list[Name], AfterValidator(_dedupe)]
Level = Literal["city", "region", "country", "organization"]
Status = Literal["happened", "planned", "cancelled"]
ReviewState = Literal["proposed", "accepted", "rejected"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True)


class PlaceRef(Strict):
    """A place as a document names it. `level` None means the text did not say (city assumed)."""

    name: Name
    country: Country = None
    level: Level | None = None
    aliases: Aliases = []
    geonames_id: int | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)

    @model_validator(mode="after")
    def _point(self) -> PlaceRef:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon go together: give both or neither")
        return self


class Span(Strict):
    quote: str | None = None
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"evidence end {self.end} is before start {self.start}")
        return self


def _spans(value: Any) -> Any:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


Evidence = Annotated[list[Span], BeforeValidator(_spans)]


class Review(Strict):
    state: ReviewState = "proposed"
    created_by: str | None = None
    created_at: dt.datetime | None = None
    updated_by: str | None = None
    updated_at: dt.datetime | None = None


class Event(Strict):
    type: RelationshipEvent
    date: PartialDate = None
    start: PartialDate = None
    end: PartialDate = None


class PersonRef(Strict):
    name: Name
    title: str | None = None
    of: str | None = None


class Commitment(Strict):
    text: Name
    area: Area | None = None
    due: PartialDate = None
    status: Literal["open", "done", "dropped"] = "open"
    review: Review | None = None


class _Record(Strict):
    evidence: Evidence = []
    review: Review | None = None


def _check_span(start: str | None, end: str | None) -> None:
    if start and end and end[: len(start)] < start[: len(end)]:
        raise ValueError(f"end {end} is before start {start}")


class RelationshipRecord(_Record):
    kind: Literal["relationship"]
    type: RelationshipType
    parties: list[PlaceRef]
    since: PartialDate = None
    events: list[Event] = []

    @field_validator("parties")
    @classmethod
    def _two(cls, parties: list[PlaceRef]) -> list[PlaceRef]:
        if len(parties) != 2:
            raise ValueError(f"a relationship needs exactly two parties, got {len(parties)}")
        return parties


class AgreementRecord(_Record):
    kind: Literal["agreement"]
    type: AgreementType
    date: PartialDate = None
    parties: list[PlaceRef] = Field(min_length=1)
    areas: Areas = []
    status: Status = "happened"
    title: str | None = None
    summary: str | None = None
    commitments: list[Commitment] = []


class EngagementRecord(_Record):
    kind: Literal["engagement"]
    type: EngagementType
    start: PartialDate = None
    end: PartialDate = None
    parties: list[PlaceRef] = []
    location: PlaceRef | None = None
    people: list[PersonRef] = []
    areas: Areas = []
    status: Status = "happened"
    title: str | None = None
    summary: str | None = None

    @model_validator(mode="after")
    def _dates(self) -> EngagementRecord:
        _check_span(self.start, self.end)
        return self


class MembershipRecord(_Record):
    kind: Literal["membership"]
    network: Name
    network_aliases: Aliases = []
    member: PlaceRef
    role: Literal["member", "founder", "chair", "board", "host"] = "member"
    since: PartialDate = None


Record = Annotated[
    RelationshipRecord | AgreementRecord | EngagementRecord | MembershipRecord,
    Field(discriminator="kind"),
]


class PersonEntry(Strict):
    """A person of the registry (bundle field `people`)."""

    name: Name
    title: str | None = None
    of: PlaceRef | None = None
    affiliation: str | None = None  # whom they serve, as written, when no place is known
    term_start: PartialDate = None
    term_end: PartialDate = None
    review: Review | None = None


ProjectStatus = Literal["planned", "in_progress", "done", "stalled", "dropped"]


class StatusChange(Strict):
    """A dated change of a project's status (its history: the progress over time)."""

    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    status: ProjectStatus
    previous: ProjectStatus
    note: str | None = None
    by: str | None = None
    at: dt.datetime | None = None


class ProjectEntry(Strict):
    title: Name
    area: Area | None = None
    status: ProjectStatus = "planned"
    partner: PlaceRef | None = None
    due: PartialDate = None
    blockers: list[str] = []
    history: list[StatusChange] = []  # oldest first
    review: Review | None = None


class PlanEntry(Strict):
    """A strategy document, such as a ten-project city partnership plan (bundle field `plans`)."""

    title: Name
    of: PlaceRef | None = None
    start: PartialDate = None
    end: PartialDate = None
    summary: str | None = None
    projects: list[ProjectEntry] = []
    review: Review | None = None


class Answer(Strict):
    """One document's answer (extraction.md). `doc_id` None: records not tied to a document."""

    doc_id: str | None = None
    lang: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    published: PartialDate = None
    home: PlaceRef | None = None
    title: str | None = None
    source: str | None = None
    text: str | None = None
    records: list[Record] = []
    places: list[PlaceRef] = []
    people: list[PersonEntry] = []
    plans: list[PlanEntry] = []


def dump(model: BaseModel) -> dict[str, Any]:
    """A record as the JSON of the interchange format (no empty optional citydip fields)."""
    return model.model_dump(mode="json")
