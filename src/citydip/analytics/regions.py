"""World regions of countries (ISO 3166-1 alpha-2), for counting and filtering partners.

A small table shipped with citydip (pycountry has no continents): UN M49 regions, grouped
the way a city's international-relations office talks about them (Türkiye and the Caucasus
with Europe, Iran with the Middle East, Mexico with Latin America). Labels live in the web
layer as `code.<region>`.
"""

from __future__ import annotations

from functools import cache

REGIONS: dict[str, str] = {
    "east_asia": "CN HK JP KP KR MN MO TW",
    "southeast_asia": "BN ID KH LA MM MY PH SG TH TL VN",
    "south_asia": "AF BD BT IN IO LK MV NP PK",
    "central_asia": "KG KZ TJ TM UZ",
    "middle_east": "AE BH IL IQ IR JO KW LB OM PS QA SA SY YE",
    "europe": (
        "AD AL AM AT AX AZ BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GR HR HU IE IM "
        "IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TR UA VA XK"
    ),
    "north_america": "BM CA GL PM US",
    "latin_america": (
        "AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GT GY HN HT JM KN "
        "KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI"
    ),
    "africa": (
        "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA "
        "MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW"
    ),
    "oceania": (
        "AS AU CC CK CX FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS"
    ),
    "other": "AQ BV GS HM TF",  # uninhabited: Antarctica and remote islands
}
UNKNOWN = "unknown"  # a place without a country (most city networks)
ORDER: tuple[str, ...] = (*REGIONS, UNKNOWN)


@cache
def _by_country() -> dict[str, str]:
    table: dict[str, str] = {}
    for region, codes in REGIONS.items():
        for code in codes.split():
            if code in table:
                raise ValueError(f"country {code} is in two regions: {table[code]}, {region}")
            table[code] = region
    return table


def region_of(country: str | None) -> str:
    """The region code of a country code ('JP' → 'east_asia'); 'unknown' when not known."""
    if not country:
        return UNKNOWN
    return _by_country().get(country.strip().upper(), UNKNOWN)


def countries_of(region: str) -> list[str]:
    """The country codes of a region, [] for an unknown region code."""
    return REGIONS.get(region, "").split()
