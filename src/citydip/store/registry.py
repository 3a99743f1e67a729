"""Registry-wide settings and facts: the home city."""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from citydip.errors import InputError
from citydip.schema import PlaceRef
from citydip.store.places import Place
from citydip.store.resolve import PlaceIndex, Stamp
from citydip.store.settings import RegistrySetting


def parse_place_arg(text: str) -> PlaceRef:
    """'Seoul,KR' or 'Hokkaido,JP,region' → PlaceRef."""
    parts = [p.strip() for p in text.split(",")]
    if not parts[0]:
        raise InputError(f"not a place: {text!r}; write it as NAME,CC such as 'Seoul,KR'")
    try:
        return PlaceRef.model_validate(
            {
                "name": parts[0],
                "country": parts[1] if len(parts) > 1 and parts[1] else None,
                **({"level": parts[2]} if len(parts) > 2 else {}),
            }
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        reason = first["msg"].removeprefix("Value error, ")
        raise InputError(f"not a place: {text!r} ({field}: {reason})") from None


_P, _S = Place.__table__.c, RegistrySetting.__table__.c
_HOME_ID = select(_P.id).join(RegistrySetting.__table__, _S.value == _P.key).where(_S.key == "home")


def home_id(session: Session) -> int | None:
    """The id of the registry's home city, as `get_home` finds it, in one query."""
    found = session.execute(_HOME_ID).first()
    return int(found[0]) if found else None


def get_home(session: Session) -> Place | None:
    setting = session.get(RegistrySetting, "home")
    if setting is None:
        return None
    return session.scalar(select(Place).where(Place.key == setting.value))


def set_home(session: Session, ref: PlaceRef, stamp: Stamp) -> Place:
    """Make `ref` the home city of the registry (resolving or creating its Place)."""
    index = PlaceIndex.load(session, stamp)
    place_id = index.resolve(ref)
    index.flush()
    place = session.get(Place, place_id)
    assert place is not None
    setting = session.get(RegistrySetting, "home")
    if setting is None:
        session.add(RegistrySetting(key="home", value=place.key))
    else:
        setting.value = place.key
    return place


def ensure_home(session: Session, default: str, stamp: Stamp) -> Place:
    """The home place, set to `default` ('Seoul,KR') when the registry has none yet."""
    return get_home(session) or set_home(session, parse_place_arg(default), stamp)
