"""The registry's home city: `home_id` (one query) finds what `get_home` finds, or none."""

from __future__ import annotations

from citydip.schema import PlaceRef
from citydip.store.engine import Registry
from citydip.store.registry import get_home, home_id, set_home
from citydip.store.resolve import Stamp
from citydip.store.settings import RegistrySetting


def test_home_id_is_the_home_s_id_and_follows_a_new_home(
    registry: Registry, stamp: Stamp
) -> None:
    with registry.session() as session:
        first = get_home(session)
        assert first is not None and home_id(session) == first.id
        busan = set_home(session, PlaceRef(name="Busan", country="KR"), stamp)
        assert busan.id != first.id
        home = get_home(session)
        assert home is not None and home.id == busan.id == home_id(session)
        session.delete(session.get(RegistrySetting, "home"))
        session.flush()
        assert home_id(session) is None and get_home(session) is None
