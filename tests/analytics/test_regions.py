"""World regions of countries."""

from __future__ import annotations

import pycountry

from citydip.analytics.regions import REGIONS, countries_of, region_of


def test_every_country_has_one_region() -> None:
    missing = [c.alpha_2 for c in pycountry.countries if region_of(c.alpha_2) == "unknown"]
    assert missing == []
    codes = [c for group in REGIONS.values() for c in group.split()]
    assert len(codes) == len(set(codes))


def test_region_of() -> None:
    assert region_of("JP") == "east_asia"
    assert region_of(" vn ") == "southeast_asia"
    assert region_of("TR") == "europe"
    assert region_of("MX") == "latin_america"
    assert region_of(None) == "unknown"
    assert region_of("ZZ") == "unknown"
    assert "KR" in countries_of("east_asia") and countries_of("atlantis") == []
