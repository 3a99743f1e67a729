"""Memberships of city networks: member, founder, chair, board, host."""

from __future__ import annotations

import re

from citydip.pipeline.records.context import SentenceView
from citydip.pipeline.records.draft import Draft

# words that go on about a network named before: "the group", "its members", "co-presidents"
_SAME_NETWORK = re.compile(
    r"\b(?:the|its|this) (?:group|association|network|organi[sz]ation|alliance|league|union|"
    r"body|forum's members|members)\b|\b(?:co-)?(?:presidents|chairs|members|founders)\b|"
    r"(?:협의회|기구|연합|네트워크|연맹)(?:의|에|는|은)|회원 ?도시들",
    re.I,
)


def memberships(v: SentenceView) -> list[Draft]:
    if v.home is None:
        return []
    # the cities the sentence names as members ("Kigali, Rubavu and Nyanza are members of
    # AIMF"), else the home city
    cities = [p for p in v.partners() if p.level in ("city", "region")]
    orgs = v.organisations()
    if not orgs and cities and v.network is not None and _SAME_NETWORK.search(v.text):
        # "… three other Rwandan cities, including Rubavu and Nyanza, have joined the group",
        # "along with five other co-presidents from …": the network named just before
        orgs = [v.network]
    if not orgs or not v.roles:
        return []
    roles = list(dict.fromkeys(c.code for c in v.roles))
    home_named = any(v.is_home(p) for p in v.places)
    members = ([v.home] if home_named or not cities else []) + cities
    out = []
    for org in orgs:
        for member in members:
            out.append(
                Draft("membership", roles[0], parties=[member], network=org, sentences=[v.sentence])
            )
    return out
