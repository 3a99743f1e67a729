"""Every model, imported once so the metadata is complete (for Alembic and queries)."""

from citydip.store.accounts import ApiToken, User
from citydip.store.agreements import Agreement, Commitment
from citydip.store.base import Base
from citydip.store.datasets import Dataset, DatasetName, DatasetTie
from citydip.store.documents import Document, Evidence
from citydip.store.engagements import Engagement, EngagementPerson
from citydip.store.facts import EngagementPair, FactsDirty, FactsState, RecordFact, RecordPlace
from citydip.store.jobs import Job
from citydip.store.networks import Membership
from citydip.store.people import Person
from citydip.store.places import Place, PlaceName
from citydip.store.plans import Plan, Project
from citydip.store.records import Record, RecordArea, RecordParty
from citydip.store.relationships import Relationship, RelationshipEvent
from citydip.store.settings import RegistrySetting

__all__ = [
    "Agreement",
    "ApiToken",
    "Base",
    "Commitment",
    "Dataset",
    "DatasetName",
    "DatasetTie",
    "Document",
    "Engagement",
    "EngagementPair",
    "EngagementPerson",
    "Evidence",
    "FactsDirty",
    "FactsState",
    "Job",
    "Membership",
    "Person",
    "Place",
    "PlaceName",
    "Plan",
    "Project",
    "Record",
    "RecordArea",
    "RecordFact",
    "RecordParty",
    "RecordPlace",
    "RegistrySetting",
    "Relationship",
    "RelationshipEvent",
    "User",
]
